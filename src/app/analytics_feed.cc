#include "app/analytics_feed.h"

#include <algorithm>
#include <vector>

#include "domain/ticket_state.h"

namespace loopdesk {

namespace {

const std::string* Str(const Value& d, std::string_view key) {
  const Value* v = d.Find(key);
  return v && v->is_string() ? &v->as_string() : nullptr;
}

std::optional<int64_t> Int(const Value& d, std::string_view key) {
  const Value* v = d.Find(key);
  if (!v) return std::nullopt;
  if (v->is_int()) return v->as_int();
  if (v->is_double()) return static_cast<int64_t>(v->as_double());
  return std::nullopt;
}

// The "to" of a {changes:{field:{from,to}}} payload.
const Value* ChangeTo(const Value& d, std::string_view field) {
  const Value* changes = d.Find("changes");
  if (!changes || !changes->is_object()) return nullptr;
  const Value* c = changes->Find(field);
  return c && c->is_object() ? c->Find("to") : nullptr;
}

analytics::SlaOutcome OutcomeOf(const SlaTargetState& s, TimeMs* due) {
  if (s.met_at && !s.breached) return analytics::SlaOutcome::kMet;
  if (s.breached) return analytics::SlaOutcome::kMissed;
  if (s.due) {
    *due = *s.due;
    return analytics::SlaOutcome::kRunning;
  }
  return analytics::SlaOutcome::kNone;  // paused with no due time yet
}

}  // namespace

void AnalyticsFeed::BeginLoad() {
  std::lock_guard lock(mu_);
  loading_ = true;
  warming_.store(true, std::memory_order_release);
}

Status AnalyticsFeed::Load(Store& store) {
  BeginLoad();
  store_ = &store;
  auto settings = settings_();
  facts_inputs_ = InputsHash(*settings);
  bool warm = false;
  size_t tail_events = 0;
  // From here until loading_ is cleared, Apply() only queues and FactOf() does not read, so
  // this thread folds into tracks_/customers_ without holding mu_: live writes never wait
  // for the replay.
  Status st = store.Read([&](UnitOfWork& uow) {
    Id after = 0;
    if (!snapshot_path_.empty()) warm = LoadSnapshot(uow, *settings, &after);
    for (;;) {
      if (cancel_.load()) return Status::Unavailable("analytics load cancelled");
      LD_ASSIGN_OR_RETURN(auto events, uow.ListEventsAfter(after, 20000));
      for (const Event& e : events) {
        NoteEvent(e);
        if (!warm) {
          Fold(e);
          continue;
        }
        // Tail after a snapshot: a ticket known from the snapshot is re-read whole first; a
        // tier/region change re-reads every ticket of the customer.
        ++tail_events;
        if (e.type == "customer.updated") {
          Fold(e);
          for (Id t : facts_.TicketsOfCustomer(e.customer_id))
            if (!tracks_.count(t)) LD_RETURN_IF_ERROR(Hydrate(uow, t));
          continue;
        }
        if (e.ticket_id > 0 && !tracks_.count(e.ticket_id) && facts_.Has(e.ticket_id))
          LD_RETURN_IF_ERROR(Hydrate(uow, e.ticket_id));
        Fold(e);
      }
      if (events.size() < 20000) break;
      after = events.back().seq;
    }
    return Status::Ok();
  });
  if (st.ok()) {
    // Every ticket once, in id order (so rows are in creation order for most stores).
    std::vector<Id> ids;
    ids.reserve(tracks_.size());
    for (const auto& [id, t] : tracks_)
      if (t.created) ids.push_back(id);
    std::sort(ids.begin(), ids.end());
    if (warm) {
      for (Id id : ids) facts_.Upsert(Compute(id, tracks_.at(id), *settings));
    } else {
      facts_.BulkAppend(ids.size(), [&](size_t i, analytics::TicketFact& f) {
        f = Compute(ids[i], tracks_.at(ids[i]), *settings);
      });
    }
  }
  std::lock_guard lock(mu_);
  if (warm)
    load_note_ += ", " + std::to_string(tail_events) + " tail events, " +
                  std::to_string(tracks_.size()) + " tickets re-read or new)";
  loading_ = false;
  for (const Event& e : pending_) ApplyLocked(e);  // what committed meanwhile, in order
  pending_.clear();
  pending_.shrink_to_fit();
  // A failed load leaves the feed warming (its facts are partial); the caller decides.
  if (st.ok()) warming_.store(false, std::memory_order_release);
  applied_since_snapshot_.store(0);  // the replay itself does not call for a periodic snapshot
  return st;
}

void AnalyticsFeed::Apply(const Event& e) {
  std::lock_guard lock(mu_);
  if (loading_) {
    pending_.push_back(e);
    return;
  }
  ApplyLocked(e);
}

void AnalyticsFeed::ApplyLocked(const Event& e) {
  NoteEvent(e);
  if (e.type == "customer.updated") {
    auto it = customers_.find(e.customer_id);
    const CustomerInfo before = it != customers_.end() ? it->second : CustomerInfo();
    Fold(e);
    const CustomerInfo& now = customers_[e.customer_id];
    if (now.tier != before.tier || now.region != before.region) RecomputeCustomer(e.customer_id);
    return;
  }
  bool hydrated = false;
  if (e.ticket_id > 0 && store_ && !tracks_.count(e.ticket_id) && facts_.Has(e.ticket_id)) {
    HydrateLive(e.ticket_id);  // its history, this event included, is folded now
    hydrated = tracks_.count(e.ticket_id) > 0;
  }
  Id id = Fold(e);
  if (!id && hydrated) id = e.ticket_id;
  if (!id) return;
  const Track& t = tracks_.at(id);
  if (!t.created) return;
  facts_.Upsert(Compute(id, t, *settings_()));
}

std::optional<analytics::TicketFact> AnalyticsFeed::FactOf(Id ticket_id) const {
  std::lock_guard lock(mu_);
  if (loading_) return std::nullopt;
  if (store_ && !tracks_.count(ticket_id) && facts_.Has(ticket_id))
    const_cast<AnalyticsFeed*>(this)->HydrateLive(ticket_id);  // a fact from the snapshot
  auto it = tracks_.find(ticket_id);
  if (it == tracks_.end() || !it->second.created) return std::nullopt;
  return Compute(ticket_id, it->second, *settings_());
}

Id AnalyticsFeed::Fold(const Event& e) {
  const Value& d = e.data;
  if (e.type == "customer.created" || e.type == "customer.updated") {
    CustomerInfo& c = customers_[e.customer_id];
    const Value* tier = e.type == "customer.created" ? d.Find("tier") : ChangeTo(d, "tier");
    if (tier && tier->is_string())
      if (auto t = ParseTier(tier->as_string())) c.tier = *t;
    const Value* region = e.type == "customer.created" ? d.Find("region") : ChangeTo(d, "region");
    if (region && region->is_string()) c.region = region->as_string();
    return 0;
  }
  if (e.ticket_id <= 0) return 0;
  const bool ticket_event = e.type.rfind("ticket.", 0) == 0 || e.type == "message.created" ||
                            e.type.rfind("survey.", 0) == 0;
  if (!ticket_event) return 0;
  Track& t = tracks_[e.ticket_id];
  if (e.seq > 0 && e.seq <= t.last_seq) return 0;  // already applied (Load/Apply overlap)
  if (e.seq > 0) t.last_seq = e.seq;
  t.last_at = std::max(t.last_at, e.at);

  if (e.type == "ticket.created") {
    t.created = true;
    t.customer_id = e.customer_id;
    t.timeline.created_at = e.at;
    if (auto* s = Str(d, "channel"))
      if (auto c = ParseChannel(*s)) t.channel = *c;
    if (auto* s = Str(d, "priority"))
      if (auto p = ParsePriority(*s)) t.priority = *p;
    if (auto* s = Str(d, "category")) t.category = t.initial_category = *s;
    if (auto* s = Str(d, "team")) t.team = *s;
    t.agent_id = Int(d, "assignee_id").value_or(0);
  } else if (e.type == "ticket.status_changed") {
    auto* to = Str(d, "to");
    auto st = to ? ParseTicketStatus(*to) : std::nullopt;
    if (!st) return e.ticket_id;
    t.timeline.status_changes.emplace_back(e.at, *st);
    if (*st == TicketStatus::kResolved) {
      t.ever_resolved = true;
      t.resolved_at = e.at;
    } else if (*st == TicketStatus::kReopened) {
      ++t.reopens;
    }
    t.status = *st;
  } else if (e.type == "message.created") {
    const Value* internal = d.Find("internal");
    if (internal && internal->is_bool() && internal->as_bool()) return e.ticket_id;
    auto* author = Str(d, "author");
    if (!author) return e.ticket_id;
    if (*author == "customer") {
      t.timeline.customer_messages.push_back(e.at);
    } else if (*author == "agent" && e.actor.rfind("agent:", 0) == 0) {
      t.timeline.agent_replies.push_back(e.at);
      if (!t.timeline.first_response_at) t.timeline.first_response_at = e.at;
      ++t.replies;
    }
  } else if (e.type == "ticket.updated") {
    if (const Value* c = ChangeTo(d, "category"); c && c->is_string()) t.category = c->as_string();
    if (const Value* p = ChangeTo(d, "priority"); p && p->is_string())
      if (auto pr = ParsePriority(p->as_string())) t.priority = *pr;
  } else if (e.type == "ticket.assigned") {
    t.agent_id = Int(d, "assignee_id").value_or(0);
    if (auto* s = Str(d, "team")) t.team = *s;
  } else if (e.type == "ticket.transferred") {
    t.agent_id = Int(d, "to_agent_id").value_or(0);
    if (auto* s = Str(d, "to_team")) t.team = *s;
    ++t.transfers;
  } else if (e.type == "survey.sent") {
    ++t.surveys_sent;
  } else if (e.type == "survey.answered") {
    ++t.surveys_answered;
    auto* kind = Str(d, "kind");
    auto score = Int(d, "score");
    if (kind && score) {
      if (*kind == "csat")
        t.csat = static_cast<int>(*score);
      else if (*kind == "nps")
        t.nps = static_cast<int>(*score);
    }
  }
  return e.ticket_id;
}

analytics::TicketFact AnalyticsFeed::Compute(Id id, const Track& t, const SlaSettings& s) const {
  analytics::TicketFact f;
  f.ticket_id = id;
  f.customer_id = t.customer_id;
  f.created_at = t.timeline.created_at;
  f.channel = t.channel;
  f.team = t.team;
  f.agent_id = t.agent_id;
  f.category = t.category;
  auto cit = customers_.find(t.customer_id);
  if (cit != customers_.end()) {
    f.tier = cit->second.tier;
    f.region = cit->second.region;
  }
  f.active = IsActive(t.status);
  f.ever_resolved = t.ever_resolved;
  f.replies = t.replies;
  f.reopens = t.reopens;
  f.transfers = t.transfers;
  f.surveys_sent = t.surveys_sent;
  f.surveys_answered = t.surveys_answered;
  f.csat = t.csat;
  f.nps = t.nps;
  f.converted_to_complaint = t.initial_category != analytics::FactStore::kComplaintCategory &&
                             t.category == analytics::FactStore::kComplaintCategory;

  SlaContext ctx;
  ctx.tier = f.tier;
  ctx.priority = t.priority;
  ctx.category = t.category;
  ctx.channel = t.channel;
  const SlaPolicy* policy = MatchPolicy(s.policies, ctx);
  const Calendar* cal = policy ? s.calendars.Find(policy->calendar) : nullptr;
  static const Calendar kAlways = Calendar::AlwaysOpen();
  if (!cal) cal = &kAlways;

  const TimeMs created = t.timeline.created_at;
  if (t.timeline.first_response_at)
    f.frt_s = cal->BusinessBetween(created, *t.timeline.first_response_at) / 1000;
  const bool done = t.status == TicketStatus::kResolved || t.status == TicketStatus::kClosed;
  if (done && t.resolved_at) {
    int64_t ms = cal->BusinessBetween(created, *t.resolved_at);
    if (policy && !policy->pause_on.empty())
      ms -= ComputeSla(t.timeline, *policy, *cal, *t.resolved_at).paused_business_ms;
    f.resolution_s = std::max<int64_t>(ms, 0) / 1000;
  }
  if (policy) {
    SlaResult r = ComputeSla(t.timeline, *policy, *cal, t.last_at);
    f.sla_response = OutcomeOf(r.first_response, &f.sla_response_due);
    f.sla_resolution = OutcomeOf(r.resolution, &f.sla_resolution_due);
  }
  return f;
}

}  // namespace loopdesk
