#pragma once
// CustFeed (docs/reports.md "How it is fast"): keeps the in-memory customer index
// (analytics/cust_index.h) behind the churn-risk, service-value and journey reports current.
//
// Load() reads every customer's facts once (one sequential scan per table, on one read
// snapshot); the server runs it in the background after it listens, like the analytics fact
// store. Apply() takes the committed events from the EventBus: every event that names a
// customer (ticket.*, message.created, survey.answered, complaint.recorded, alert.*,
// order.created, asset.created, customer.*) marks that customer dirty; nothing is computed
// on the bus thread. Before each report, the dirty customers' facts are read again from the
// store through the customer indexes (a full reload when more than kFullReloadAt are dirty,
// e.g. after a bulk import), so a report answers exactly what the SQL path answers on the
// store as of that read. The two event counts of the service-value report (rule.fired,
// system ticket.assigned) have no per-customer home: they stay two indexed COUNTs per request.
//
// Until Load() has finished (or after it failed), ready() is false and the reports use the
// SQL path (the answers are the same). Thread-safe.

#include <atomic>
#include <functional>
#include <mutex>
#include <unordered_set>

#include "analytics/cust_index.h"
#include "ports/store.h"

namespace loopdesk {

class CustFeed {
 public:
  static constexpr size_t kFullReloadAt = 5000;

  // Subscribed to the bus before Load() starts, so nothing between the two is lost.
  void Apply(const Event& e);
  // Reads every customer's facts (replacing the index) and makes the feed ready.
  Status Load(Store& store);
  bool ready() const { return ready_.load(std::memory_order_acquire); }

  // Refreshes the dirty customers from `store`, then runs `fn` on the index under the lock.
  // kUnavailable while not ready; a store error is returned (the caller falls back to SQL).
  Status With(Store& store, const std::function<void(const analytics::CustIndex&)>& fn);

  struct Stats {
    size_t customers = 0, tickets = 0, bytes = 0, dirty = 0;
    uint64_t refreshed = 0, full_reloads = 0;
  };
  Stats stats() const;

 private:
  Status ReadAll(Store& store);  // caller holds index_mu_

  // index_mu_ serialises the reports' refresh-and-read (held while the store is read);
  // dirty_mu_ only guards the dirty set, so the bus thread never waits for a store read.
  mutable std::mutex index_mu_, dirty_mu_;
  analytics::CustIndex index_;                 // guarded by index_mu_
  uint64_t refreshed_ = 0, full_reloads_ = 0;  // guarded by index_mu_
  std::unordered_set<Id> dirty_;               // guarded by dirty_mu_
  std::atomic<bool> ready_{false};
};

}  // namespace loopdesk
