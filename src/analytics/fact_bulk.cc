// FactStore bulk paths (facts.h): BulkAppend for the full replay at start, the index rebuild
// shared with the snapshot restore (fact_snapshot.cc), and small accessors the feed needs.
#include <algorithm>
#include <mutex>

#include "analytics/facts.h"

namespace loopdesk::analytics {

bool FactStore::Has(Id ticket_id) const {
  std::shared_lock lock(mu_);
  return row_of_.count(ticket_id) > 0;
}

std::vector<Id> FactStore::TicketsOfCustomer(Id customer_id) const {
  std::shared_lock lock(mu_);
  std::vector<Id> out;
  auto it = rows_of_customer_.find(customer_id);
  if (it == rows_of_customer_.end()) return out;
  out.reserve(it->second.size());
  for (uint32_t r : it->second) out.push_back(cols_.ticket_id[r]);
  return out;
}

void FactStore::Clear() {
  {
    std::unique_lock lock(mu_);
    cols_.Resize(0);
    row_of_.clear();
    rows_of_customer_.clear();
    teams_ = Dictionary();
    categories_ = Dictionary();
    regions_ = Dictionary();
    agents_.assign(1, 0);
    agent_code_.clear();
    agent_code_[0] = 0;
    complaint_code_ = categories_.Code(std::string(kComplaintCategory));
    zone_min_.clear();
    zone_max_.clear();
  }
  RebuildDerived();
}

void FactStore::BulkAppend(size_t n, const std::function<void(size_t, TicketFact&)>& fill) {
  std::vector<TicketFact> again;  // tickets already present: upserted after the bulk part
  {
    std::unique_lock lock(mu_);
    const size_t base = cols_.size();
    cols_.Resize(base + n);
    row_of_.reserve(base + n);
    size_t r = base;
    TicketFact f;
    for (size_t i = 0; i < n; ++i) {
      f = TicketFact();
      fill(i, f);
      auto [it, inserted] = row_of_.try_emplace(f.ticket_id, static_cast<uint32_t>(r));
      if (!inserted) {
        again.push_back(std::move(f));
        continue;
      }
      SetRow(r, f);
      ++r;
    }
    cols_.Resize(r);
    RebuildIndexesLocked(/*repeat_flags=*/true);
    // The pre-aggregates must match the rows before Upsert maintains them incrementally.
    RebuildDerivedLocked();
  }
  for (const TicketFact& f : again) Upsert(f);
}

void FactStore::RebuildIndexesLocked(bool repeat_flags) {
  const size_t n = cols_.size();
  const FactColumns& c = cols_;
  if (row_of_.size() != n) {
    row_of_.clear();
    row_of_.reserve(n);
    for (size_t r = 0; r < n; ++r) row_of_[c.ticket_id[r]] = static_cast<uint32_t>(r);
  }
  rows_of_customer_.clear();
  for (size_t r = 0; r < n; ++r) rows_of_customer_[c.customer_id[r]].push_back(uint32_t(r));
  auto by_time = [&](uint32_t a, uint32_t b) {
    return c.created_s[a] != c.created_s[b] ? c.created_s[a] < c.created_s[b] : a < b;
  };
  for (auto& [customer, rows] : rows_of_customer_) {
    if (!std::is_sorted(rows.begin(), rows.end(), by_time))
      std::sort(rows.begin(), rows.end(), by_time);
    if (repeat_flags) RefreshRows(rows, 0);
  }
  // The zone map and the pre-aggregates are the caller's RebuildDerived(Locked).
}

}  // namespace loopdesk::analytics
