#pragma once
// Per-(UTC day, channel) pre-aggregates of the fact store (internal to ld_analytics: included by
// fact_store.cc, fact_cube.cc and kpi.cc only).
//
// A cell holds what the KPI scan would accumulate for the rows created on that day in that
// channel: the three outcome-code histograms, the additive sums, and — for what is not
// additive — sorted arrays: the FRT values (exact p90 of any union of cells by a k-th
// selection over sorted arrays) and the due instants of running SLA targets (how many are
// past due at the query's `now` is one binary search). Everything here is derived from the
// base columns: FactStore::RebuildDerived() recomputes it from scratch, and Upsert keeps it
// current by removing a row's old contribution and adding the new one.

#include <array>
#include <cstdint>
#include <memory>
#include <vector>

#include "analytics/facts.h"

namespace loopdesk::analytics {

inline constexpr size_t kCubeHist = 192;  // code1 | 64 + code2 | 128 + code3
inline constexpr size_t kCubeChannels = 16;

struct CubeCell {
  std::array<uint32_t, kCubeHist> hist{};
  int64_t tickets = 0;
  int64_t frt_sum_s = 0, resolution_sum_s = 0, surveys_sent = 0, surveys_answered = 0;
  int64_t transfers = 0;
  std::vector<int32_t> frt;              // ascending FRT seconds of the rows that have one
  std::vector<uint32_t> response_due;    // ascending due seconds of running response targets
  std::vector<uint32_t> resolution_due;  // ascending due seconds of running resolution targets

  bool operator==(const CubeCell&) const = default;
};

class DayChannelCube {
 public:
  using Day = std::array<CubeCell, kCubeChannels>;

  void Clear() {
    days_.clear();
    valid_ = true;
  }
  // Adds / removes row r's contribution (its current column values).
  void Add(const FactColumns& c, size_t r);
  void Remove(const FactColumns& c, size_t r);
  // From scratch: adds every row unsorted, then sorts each cell's arrays once.
  void Build(const FactColumns& c);

  // False when a row could not be placed (a channel code ≥ kCubeChannels): queries then scan.
  bool valid() const { return valid_; }
  size_t day_count() const { return days_.size(); }  // days [0, day_count()) may have cells
  const Day* day(size_t d) const { return d < days_.size() ? days_[d].get() : nullptr; }
  size_t MemoryBytes() const;
  bool operator==(const DayChannelCube& o) const;

 private:
  CubeCell* CellFor(const FactColumns& c, size_t r, bool create);
  void AddRow(const FactColumns& c, size_t r, bool sorted);

  std::vector<std::unique_ptr<Day>> days_;  // by UTC day since 1970-01-01
  bool valid_ = true;
};

}  // namespace loopdesk::analytics
