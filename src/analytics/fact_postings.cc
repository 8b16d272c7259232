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
  return b;
}

}  // namespace loopdesk::analytics
