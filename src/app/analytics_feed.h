#pragma once
// AnalyticsFeed: keeps the analytics fact store (analytics/facts.h) in step with the event
// log. It folds each ticket's events (created, status changes, messages, assignments,
// transfers, category changes, survey.sent / survey.answered) into a small per-ticket track
// and turns the track into a TicketFact: business durations and SLA outcomes come from the
// sla library with the ticket's matching policy and its calendar (docs/metrics.md).
//
// Load() replays the whole log once at start; Apply() takes committed events from the
// EventBus. An event at or below the ticket's last applied seq is ignored, so subscribing
// before Load() loses nothing and counts nothing twice.
//
// A tier or region change of a customer recomputes the facts of all the customer's tickets.
//
// Warm start (analytics_snapshot.cc, docs/analytics-snapshot.md): with SetSnapshot(), Load()
// first tries the fact snapshot file and replays only the events after the seq it covers;
// a ticket whose fact came from the snapshot has no track in memory until an event touches
// it, and then its whole history is read back from the store (Hydrate). SaveSnapshot()
// writes the file (periodically and at shutdown).
//
// Thread-safe. Limits (docs/metrics.md): per-ticket SLA overrides (sla.adjusted) are not
// applied to the attainment figures.

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "analytics/facts.h"
#include "app/sla_settings.h"
#include "ports/store.h"
#include "sla/clock.h"

namespace loopdesk {

class AnalyticsFeed {
 public:
  using SettingsFn = std::function<std::shared_ptr<const SlaSettings>()>;
  explicit AnalyticsFeed(SettingsFn settings) : settings_(std::move(settings)) {}

  // Replays every stored event (in pages, on one read snapshot) and computes every fact.
  // May run on a background thread while the server serves: from BeginLoad() until Load()
  // returns, warming() is true, Apply() queues the live events (applied in order at the end
  // of the load, so nothing is lost or counted twice) and FactOf() answers nullopt. Until
  // then the facts hold a partial history: callers must not query them (Service::analytics()
  // hides a warming feed). CancelLoad() makes a running Load() stop between pages with
  // kUnavailable (shutdown). A failed Load() leaves warming() true.
  Status Load(Store& store);
  void BeginLoad();
  void CancelLoad() { cancel_.store(true); }
  bool warming() const { return warming_.load(std::memory_order_acquire); }
  // Applies one committed event and refreshes the ticket's fact.
  void Apply(const Event& e);

  // Warm start: the snapshot file to load at Load() and to write with SaveSnapshot(), and
  // the store's schema version (part of the snapshot's inputs hash). Call before Load().
  void SetSnapshot(std::string path, uint64_t schema_version);
  // Writes the snapshot now (atomically; the lock is held only to copy the columns). `exact`:
  // nothing can be in flight (clean shutdown). Skipped with kUnavailable while warming and
  // kConflict when the SLA settings changed since the facts were computed (then the next
  // start replays the log).
  Status SaveSnapshot(bool exact);
  // Events applied since the last snapshot (for the periodic writer).
  uint64_t applied_since_snapshot() const { return applied_since_snapshot_.load(); }
  // How the last Load() went: "snapshot (covered seq S, N tail events, H tickets re-read)" or
  // "full replay (reason)", for the log.
  std::string load_note() const;

  analytics::FactStore& facts() { return facts_; }
  const analytics::FactStore& facts() const { return facts_; }

  // The fact of one ticket as the feed computes it now (tests, drill-down); nullopt when
  // the ticket is unknown.
  std::optional<analytics::TicketFact> FactOf(Id ticket_id) const;

 private:
  struct Track {
    Id last_seq = 0;
    TimeMs last_at = 0;
    Id customer_id = 0;
    Channel channel = Channel::kWeb;
    Priority priority = Priority::kP3;
    std::string category, initial_category, team;
    Id agent_id = 0;
    TicketStatus status = TicketStatus::kNew;
    SlaTimeline timeline;
    std::optional<TimeMs> resolved_at;
    bool ever_resolved = false;
    int replies = 0, reopens = 0, transfers = 0;
    int surveys_sent = 0, surveys_answered = 0;
    std::optional<int> csat, nps;
    bool created = false;
  };
  struct CustomerInfo {
    Tier tier = Tier::kBasic;
    std::string region;
  };

  // Returns the ticket touched (0 for none). Caller holds mu_ (or is Load() while loading_).
  Id Fold(const Event& e);
  // Apply() with mu_ held.
  void ApplyLocked(const Event& e);
  analytics::TicketFact Compute(Id id, const Track& t, const SlaSettings& s) const;
  // Warm start (analytics_snapshot.cc). Caller holds mu_ or is Load().
  // Rebuilds the track of a ticket whose fact came from the snapshot from its stored events.
  Status Hydrate(UnitOfWork& uow, Id ticket_id);
  // Hydrate through a read transaction of store_ (live events).
  void HydrateLive(Id ticket_id);
  // Loads the snapshot into facts_/customers_ and sets *after to the seq to replay from;
  // false (with load_note_ set) when it cannot be used and the log must be replayed.
  bool LoadSnapshot(UnitOfWork& uow, const SlaSettings& settings, Id* after);
  // The inputs a fact depends on besides the events: fact layout, feed version, schema
  // version, SLA policies and calendars.
  uint64_t InputsHash(const SlaSettings& s) const;
  // Recomputes every fact of one customer (tier/region changed).
  void RecomputeCustomer(Id customer_id);
  void NoteEvent(const Event& e);  // max_seq_, anchor_, applied_since_snapshot_

  SettingsFn settings_;
  mutable std::mutex mu_;
  std::unordered_map<Id, Track> tracks_;
  std::unordered_map<Id, CustomerInfo> customers_;
  analytics::FactStore facts_;
  bool loading_ = false;        // guarded by mu_; tracks_/customers_ then belong to Load()
  std::vector<Event> pending_;  // live events that arrived while loading_ (guarded by mu_)
  std::atomic<bool> warming_{false}, cancel_{false};

  // Warm start.
  Store* store_ = nullptr;  // set by Load(); read by Hydrate of live events
  std::string snapshot_path_;
  uint64_t schema_version_ = 0;
  Id max_seq_ = 0;            // the largest event seq applied (guarded by mu_)
  uint64_t anchor_ = 0;       // identity hash of that event (a replaced log is detected)
  uint64_t facts_inputs_ = 0;  // InputsHash of the settings the facts were computed with
  std::atomic<uint64_t> applied_since_snapshot_{0};
  std::string load_note_;  // guarded by mu_
  std::mutex save_mu_;     // one SaveSnapshot at a time
};

}  // namespace loopdesk
