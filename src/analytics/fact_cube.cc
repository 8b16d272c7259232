// DayChannelCube: the per-(day, channel) pre-aggregates (fact_cube.h).
#include "analytics/fact_cube.h"

#include <algorithm>

namespace loopdesk::analytics {

namespace {

constexpr uint8_t kRun = static_cast<uint8_t>(SlaOutcome::kRunning);

template <typename T>
void InsertSorted(std::vector<T>& v, T x) {
  v.insert(std::upper_bound(v.begin(), v.end(), x), x);
}

template <typename T>
void EraseSorted(std::vector<T>& v, T x) {
  auto it = std::lower_bound(v.begin(), v.end(), x);
  if (it != v.end() && *it == x) v.erase(it);
}

}  // namespace

CubeCell* DayChannelCube::CellFor(const FactColumns& c, size_t r, bool create) {
  const size_t d = c.day[r], ch = c.channel[r];
  if (ch >= kCubeChannels) {
    valid_ = false;
    return nullptr;
  }
  if (d >= days_.size()) {
    if (!create) return nullptr;
    days_.resize(d + 1);
  }
  if (!days_[d]) {
    if (!create) return nullptr;
    days_[d] = std::make_unique<Day>();
  }
  return &(*days_[d])[ch];
}

void DayChannelCube::Add(const FactColumns& c, size_t r) { AddRow(c, r, true); }

void DayChannelCube::AddRow(const FactColumns& c, size_t r, bool sorted) {
  auto put = [sorted](auto& v, auto x) {
    if (sorted)
      InsertSorted(v, x);
    else
      v.push_back(x);
  };
  CubeCell* cell = CellFor(c, r, true);
  if (!cell) return;
  ++cell->tickets;
  ++cell->hist[c.code1[r]];
  ++cell->hist[64 + c.code2[r]];
  ++cell->hist[128 + c.code3[r]];
  const int32_t frt = c.frt_s[r], res = c.resolution_s[r];
  if (frt >= 0) {
    cell->frt_sum_s += frt;
    put(cell->frt, frt);
  }
  if (res >= 0) cell->resolution_sum_s += res;
  cell->surveys_sent += c.surveys_sent[r];
  cell->surveys_answered += c.surveys_answered[r];
  cell->transfers += c.transfers[r];
  if ((c.code3[r] & 3) == kRun) put(cell->response_due, c.sla_response_due_s[r]);
  if (((c.code3[r] >> 2) & 3) == kRun) put(cell->resolution_due, c.sla_resolution_due_s[r]);
}

void DayChannelCube::Remove(const FactColumns& c, size_t r) {
  CubeCell* cell = CellFor(c, r, false);
  if (!cell) return;
  --cell->tickets;
  --cell->hist[c.code1[r]];
  --cell->hist[64 + c.code2[r]];
  --cell->hist[128 + c.code3[r]];
  const int32_t frt = c.frt_s[r], res = c.resolution_s[r];
  if (frt >= 0) {
    cell->frt_sum_s -= frt;
    EraseSorted(cell->frt, frt);
  }
  if (res >= 0) cell->resolution_sum_s -= res;
  cell->surveys_sent -= c.surveys_sent[r];
  cell->surveys_answered -= c.surveys_answered[r];
  cell->transfers -= c.transfers[r];
  if ((c.code3[r] & 3) == kRun) EraseSorted(cell->response_due, c.sla_response_due_s[r]);
  if (((c.code3[r] >> 2) & 3) == kRun) EraseSorted(cell->resolution_due, c.sla_resolution_due_s[r]);
}

void DayChannelCube::Build(const FactColumns& c) {
  Clear();
  const size_t n = c.size();
  for (size_t r = 0; r < n; ++r) AddRow(c, r, false);
  for (auto& day : days_) {
    if (!day) continue;
    for (CubeCell& cell : *day) {
      std::sort(cell.frt.begin(), cell.frt.end());
      std::sort(cell.response_due.begin(), cell.response_due.end());
      std::sort(cell.resolution_due.begin(), cell.resolution_due.end());
    }
  }
}

size_t DayChannelCube::MemoryBytes() const {
  size_t b = days_.capacity() * sizeof(days_[0]);
  for (const auto& day : days_) {
    if (!day) continue;
    b += sizeof(Day);
    for (const CubeCell& cell : *day)
      b += cell.frt.capacity() * sizeof(int32_t) +
           (cell.response_due.capacity() + cell.resolution_due.capacity()) * sizeof(uint32_t);
  }
  return b;
}

// Equal content: a day absent on one side equals a day of empty cells on the other.
bool DayChannelCube::operator==(const DayChannelCube& o) const {
  if (valid_ != o.valid_) return false;
  static const Day kEmpty{};
  const size_t n = std::max(days_.size(), o.days_.size());
  for (size_t d = 0; d < n; ++d) {
    const Day* a = day(d);
    const Day* b = o.day(d);
    if (!((a ? *a : kEmpty) == (b ? *b : kEmpty))) return false;
  }
  return true;
}

}  // namespace loopdesk::analytics
