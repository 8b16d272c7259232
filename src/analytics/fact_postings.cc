// Value postings of the fact store (fact_postings.h).

#include "analytics/fact_postings.h"

#include <algorithm>

namespace loopdesk::analytics {

namespace {

// Calls fn(dimension, value) for each filterable dimension of row r.
template <typename Fn>
void ForEachValue(const FactColumns& c, size_t r, Fn fn) {
  fn(FactPostings::kChannel, uint32_t{c.channel[r]});
  fn(FactPostings::kTier, uint32_t{c.tier[r]});
  fn(FactPostings::kCategory, uint32_t{c.category[r]});
  fn(FactPostings::kTeam, uint32_t{c.team[r]});
  fn(FactPostings::kRegion, uint32_t{c.region[r]});
  fn(FactPostings::kAgent, c.agent[r]);
}

}  // namespace

void FactPostings::Clear() {
  for (auto& d : lists_) {
    d.clear();
    d.shrink_to_fit();
  }
  for (auto& b : bits_) {
    b.clear();
    b.shrink_to_fit();
  }
  rows_ = 0;
}

void FactPostings::SetBit(int b, uint32_t v, uint32_t r, bool on) {
  auto& maps = bits_[b];
  const size_t words = (size_t{r} >> 6) + 1;
  if (maps.size() <= v) maps.resize(v + 1);
  if (r >= rows_) {
    // Grow every bitmap of both dimensions together (amortised doubling).
    rows_ = std::max<size_t>(size_t{r} + 1, rows_ * 2);
    const size_t need = (rows_ + 63) / 64;
    for (auto& m : bits_)
      for (auto& bm : m) bm.resize(need, 0);
  }
  auto& bm = maps[v];
  if (bm.size() < words) bm.resize((rows_ + 63) / 64, 0);
  const uint64_t bit = uint64_t{1} << (r & 63);
  if (on)
    bm[r >> 6] |= bit;
  else
    bm[r >> 6] &= ~bit;
}

void FactPostings::Remove(const FactColumns& c, uint32_t r) {
  SetBit(0, c.channel[r], r, false);
  SetBit(1, c.tier[r], r, false);
}

void FactPostings::Build(const FactColumns& c) {
  Clear();
  const size_t n = c.size();
  // Count first so that every list is allocated once, at its final size.
  std::vector<std::vector<uint32_t>> counts(kDims);
  for (size_t r = 0; r < n; ++r) {
    ForEachValue(c, r, [&](Dim d, uint32_t v) {
      auto& k = counts[d];
      if (k.size() <= v) k.resize(v + 1, 0);
      ++k[v];
    });
  }
  for (int d = 0; d < kDims; ++d) {
    lists_[d].resize(counts[d].size());
    for (size_t v = 0; v < counts[d].size(); ++v) lists_[d][v].reserve(counts[d][v]);
  }
  for (size_t r = 0; r < n; ++r)
    ForEachValue(c, r, [&](Dim d, uint32_t v) { lists_[d][v].push_back(static_cast<uint32_t>(r)); });
  rows_ = n;
  const size_t words = (n + 63) / 64;
  bits_[0].assign(lists_[kChannel].size(), std::vector<uint64_t>(words, 0));
  bits_[1].assign(lists_[kTier].size(), std::vector<uint64_t>(words, 0));
  for (size_t r = 0; r < n; ++r) {
    bits_[0][c.channel[r]][r >> 6] |= uint64_t{1} << (r & 63);
    bits_[1][c.tier[r]][r >> 6] |= uint64_t{1} << (r & 63);
  }
}

void FactPostings::Insert(Dim d, uint32_t v, uint32_t r) {
  auto& lists = lists_[d];
  if (lists.size() <= v) lists.resize(v + 1);
  auto& rows = lists[v];
  if (rows.empty() || rows.back() < r) {  // the common case: a new row, at the end
    rows.push_back(r);
    return;
  }
  auto it = std::lower_bound(rows.begin(), rows.end(), r);
  if (it == rows.end() || *it != r) rows.insert(it, r);
}

void FactPostings::Add(const FactColumns& c, uint32_t r) {
  ForEachValue(c, r, [&](Dim d, uint32_t v) { Insert(d, v, r); });
  SetBit(0, c.channel[r], r, true);
  SetBit(1, c.tier[r], r, true);
}

bool FactPostings::Candidates(const Filter& f, size_t first, size_t last,
                              std::vector<uint32_t>& out) const {
  out.clear();
  if (first >= last) return false;
  const size_t range = last - first;
  // The bitmaps of the channel and tier filters, ANDed over the range's words.
  const std::vector<uint64_t>* maps[2] = {nullptr, nullptr};
  int nmaps = 0;
  static const std::vector<uint64_t> kNone;
  for (int b = 0; b < 2; ++b) {
    const auto& v = f.value[b == 0 ? kChannel : kTier];
    if (!v) continue;
    maps[nmaps++] = *v < bits_[b].size() ? &bits_[b][*v] : &kNone;
  }
  // The smallest list among the other filters.
  std::span<const uint32_t> list;
  bool have_list = false;
  for (Dim d : {kCategory, kTeam, kRegion, kAgent}) {
    if (!f.value[d]) continue;
    auto rows = Rows(d, *f.value[d], first, last);
    if (!have_list || rows.size() < list.size()) list = rows, have_list = true;
  }
  if (nmaps == 0 && !have_list) return false;
  auto word_at = [&](size_t w) {
    uint64_t x = ~uint64_t{0};
    for (int i = 0; i < nmaps; ++i) x &= w < maps[i]->size() ? (*maps[i])[w] : 0;
    return x;
  };
  if (have_list) {
    if (list.size() * 2 >= range && nmaps == 0) return false;
    out.reserve(std::min(list.size(), range));
    for (uint32_t r : list)
      if (nmaps == 0 || (word_at(r >> 6) >> (r & 63) & 1)) out.push_back(r);
  } else {
    for (size_t w = first >> 6; w <= (last - 1) >> 6; ++w) {
      uint64_t x = word_at(w);
      while (x) {
        const size_t r = (w << 6) + static_cast<size_t>(__builtin_ctzll(x));
        x &= x - 1;
        if (r >= first && r < last) out.push_back(static_cast<uint32_t>(r));
      }
    }
  }
  if (out.size() * 2 >= range) {
    out.clear();
    return false;
  }
  return true;
}

std::span<const uint32_t> FactPostings::Rows(Dim d, uint32_t v, size_t first, size_t last) const {
  const auto& lists = lists_[d];
  if (v >= lists.size()) return {};
  const auto& rows = lists[v];
  auto lo = std::lower_bound(rows.begin(), rows.end(), first);
  auto hi = std::lower_bound(lo, rows.end(), last);
  return {rows.data() + (lo - rows.begin()), static_cast<size_t>(hi - lo)};
}

bool FactPostings::Covers(const FactColumns& c) const {
  for (size_t r = 0; r < c.size(); ++r) {
    bool ok = true;
    ForEachValue(c, r, [&](Dim d, uint32_t v) {
      if (!ok) return;
      if (v >= lists_[d].size()) {
        ok = false;
        return;
      }
      const auto& rows = lists_[d][v];
      ok = std::binary_search(rows.begin(), rows.end(), static_cast<uint32_t>(r));
    });
    if (!ok) return false;
  }
  // The bitmaps are exact: each row's bit in its own value's map and in no other.
  for (size_t r = 0; r < c.size(); ++r) {
    const uint32_t vals[2] = {c.channel[r], c.tier[r]};
    for (int b = 0; b < 2; ++b)
      for (size_t v = 0; v < bits_[b].size(); ++v) {
        const auto& bm = bits_[b][v];
        const bool set = (r >> 6) < bm.size() && (bm[r >> 6] >> (r & 63) & 1);
        if (set != (v == vals[b])) return false;
      }
  }
  for (const auto& d : lists_)
    for (const auto& rows : d)
      if (!std::is_sorted(rows.begin(), rows.end()) ||
          std::adjacent_find(rows.begin(), rows.end()) != rows.end())
        return false;
  return true;
}

size_t FactPostings::MemoryBytes() const {
  size_t b = 0;
  for (const auto& d : lists_)
    for (const auto& rows : d) b += sizeof(rows) + rows.capacity() * sizeof(uint32_t);
  for (const auto& m : bits_)
    for (const auto& bm : m) b += sizeof(bm) + bm.capacity() * sizeof(uint64_t);
  return b;
}

}  // namespace loopdesk::analytics
