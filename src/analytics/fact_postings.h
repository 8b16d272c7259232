#pragma once
// Value postings of the fact store (internal to ld_analytics: included by fact_store.cc,
// fact_postings.cc and kpi.cc only): for each filterable dimension (channel, tier, category,
// team, region, agent) and each of its values, the ascending row numbers that hold it. A
// filtered KPI query walks the postings of its most selective filter value within the
// period's rows instead of every row of the period, so its cost follows the rows that can
// match rather than the rows of the period (docs/architecture.md, "Analytics").
//
// A list may hold more rows than hold its value (never fewer): when Upsert changes a row's
// dimension, the row is added to the new value's list and left in the old one, so the reader
// checks the column anyway (the KPI scan compares every filter column of each candidate).
// FactStore::RebuildDerived() rebuilds the lists exactly.

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "analytics/facts.h"

namespace loopdesk::analytics {

class FactPostings {
 public:
  enum Dim { kChannel, kTier, kCategory, kTeam, kRegion, kAgent, kDims };

  // From the columns, exactly (every list holds precisely the rows of its value).
  void Build(const FactColumns& c);
  void Clear();
  // Row `r` was just written (appended, or rewritten with possibly new dimension values): it
  // enters the list of each of its current values that does not hold it yet.
  void Add(const FactColumns& c, uint32_t r);
  // Row `r` is about to be rewritten: its channel and tier bits are cleared (the bitmaps
  // stay exact; the lists keep it, see above).
  void Remove(const FactColumns& c, uint32_t r);
  // The rows of [first, last) in the list of value `v` of `d` (ascending; a superset of the
  // rows holding it, see above).
  std::span<const uint32_t> Rows(Dim d, uint32_t v, size_t first, size_t last) const;

  // The equality filters of a query (unset: no filter on that dimension).
  struct Filter {
    std::optional<uint32_t> value[kDims];
  };
  // Candidate rows of [first, last) for `f`, ascending, into `out` (a superset of the rows
  // matching every filter: the caller still checks each): the channel and tier bitmaps
  // ANDed, then the smallest list of the other filters tested against them. Returns false
  // (and leaves `out` empty) when the candidates would not be fewer than half the rows, or no
  // filter is set: the caller's block scan is then cheaper.
  bool Candidates(const Filter& f, size_t first, size_t last, std::vector<uint32_t>& out) const;
  // True when every row is in the list of each of its values (tests).
  bool Covers(const FactColumns& c) const;
  size_t MemoryBytes() const;

 private:
  void Insert(Dim d, uint32_t v, uint32_t r);
  void SetBit(int b, uint32_t v, uint32_t r, bool on);
  std::vector<std::vector<uint32_t>> lists_[kDims];  // [dimension][value] → rows
  // Exact bitmaps over the rows for the two small enumerations, channel (b = 0) and tier
  // (b = 1): [b][value] → one bit per row. A slice's filters on them AND a few hundred
  // kilobytes instead of reading the columns.
  std::vector<std::vector<uint64_t>> bits_[2];
  size_t rows_ = 0;  // rows the bitmaps cover
};

}  // namespace loopdesk::analytics
