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
// Thread-safe. Limits (docs/metrics.md): the customer's tier and region are read when the
// ticket's fact is recomputed (a later tier change shows on the next event of the ticket);
// per-ticket SLA overrides (sla.adjusted) are not applied to the attainment figures.

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

  SettingsFn settings_;
  mutable std::mutex mu_;
  std::unordered_map<Id, Track> tracks_;
  std::unordered_map<Id, CustomerInfo> customers_;
  analytics::FactStore facts_;
  bool loading_ = false;        // guarded by mu_; tracks_/customers_ then belong to Load()
  std::vector<Event> pending_;  // live events that arrived while loading_ (guarded by mu_)
  std::atomic<bool> warming_{false}, cancel_{false};
};

}  // namespace loopdesk
