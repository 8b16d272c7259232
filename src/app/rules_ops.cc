// The rules use cases of Operations (docs/rules.md): building the facts of an event and
// carrying out the actions of the rules that match, inside the transaction of the change
// that raised the event.
//
// Semantics decided here:
// - Every matching rule appends `rule.fired {rule_id, rule_name, version, event, actions}`
//   before its actions run, so the timeline reads "rule fired → what it changed".
// - Actions run through the use cases (UpdateTicket, AddMessage, CreateTask, UpdateCustomer)
//   as the system actor, so each change has its usual events and SLA refresh.
// - Actions whose engine does not exist yet (notify, webhook)
//   append `rule.action {..., applied:false, reason}`. grant_compensation creates a
//   compensation record like a breached service commitment does.
// - A failing action (unknown agent, refused status transition, invalid category...) is
//   skipped with `rule.action {..., applied:false, error:{code, message, field}}` and the
//   rest runs: a misconfigured rule must not block ticket intake. This is only done when the
//   failed use case wrote nothing (it appended no event: the use cases validate before they
//   write); any other failure (storage, or a failure after a partial write) fails the whole
//   transaction, so nothing is ever half-written.
// - Loop protection: one rules::LoopGuard per originating event; nested events (an action's
//   UpdateTicket raises ticket.updated, AddMessage raises message.created) run their rules
//   at most 5 levels deep and each rule at most once per originating event. A level cut off
//   by the depth limit appends `rule.loop_stopped` when rules would have matched there.

#include <algorithm>

#include "app/notify_ops.h"
#include "app/operations.h"
#include "app/voc_ops.h"
#include "domain/inference.h"
#include "rules/engine.h"
#include "rules/facts.h"

namespace loopdesk {

namespace {

// Derived time facts (created_hour, created_weekday) use the business calendar's offset;
// the product's calendars are China time today.
constexpr int64_t kRuleUtcOffsetMs = 8 * kHourMs;
// LoopGuard origin key: each guard serves exactly one originating event.
constexpr Id kOrigin = 1;

Value ActionToValue(const rules::Action& a) {
  Value v = Value::MakeObject();
  v.Set("type", a.type);
  if (a.params.is_object())
    for (const auto& [k, p] : a.params.as_object()) v.Set(k, p);
  return v;
}

const Value* Param(const rules::Action& a, std::string_view key) { return a.params.Find(key); }

std::string ParamString(const rules::Action& a, std::string_view key) {
  const Value* v = Param(a, key);
  return v && v->is_string() ? v->as_string() : std::string();
}

std::string RuleLabel(const rules::Firing& f) {
  return "rule #" + std::to_string(f.rule_id) + " \"" + f.rule_name + "\"";
}

bool HasTag(const std::vector<std::string>& tags, const std::string& tag) {
  return std::find(tags.begin(), tags.end(), tag) != tags.end();
}


// Failures of an action that are the rule's fault (bad reference, refused transition), as
// opposed to the environment's.
bool SkippableFailure(Code code) {
  return code == Code::kInvalidArgument || code == Code::kNotFound || code == Code::kConflict ||
         code == Code::kPermissionDenied;
}

}  // namespace


Result<rules::MapFacts> Operations::RuleFacts(std::string_view event, const Ticket& t,
                                              const Ticket* before, const Message* msg,
                                              TimeMs now) {
  rules::MapFacts facts;
  rules::AddTicketFacts(t, &facts);
  if (before) rules::AddPreviousTicketFacts(*before, &facts);
  rules::AddTicketTimeFacts(t, now, kRuleUtcOffsetMs, &facts);
  LD_ASSIGN_OR_RETURN(Customer c, uow_.GetCustomer(t.customer_id));
  rules::AddCustomerFacts(c, &facts);
  if (msg) rules::AddMessageFacts(*msg, &facts);
  AddTextFacts(ctx_.analyzer, t, msg, &facts);
  LD_ASSIGN_OR_RETURN(auto sla, uow_.GetTicketSla(t.id));
  if (sla && sla->state != "none") {
    facts.Set("sla.state", Value(sla->state));
    facts.Set("sla.policy", Value(sla->policy));
  }
  if (event == rules::kEventSlaWarning || event == rules::kEventSlaBreached) {
    // The notice that raised the event is the latest such event of this transaction.
    for (auto it = events_.rbegin(); it != events_.rend(); ++it) {
      if (it->type != event || it->ticket_id != t.id) continue;
      if (const Value* target = it->data.Find("target")) facts.Set("sla.target", *target);
      if (const Value* pct = it->data.Find("percent")) facts.Set("sla.elapsed_pct", *pct);
      break;
    }
  }
  if (event == rules::kEventSurveyAnswered) {
    // The answer that raised the event is the latest survey.answered of this transaction.
    for (auto it = events_.rbegin(); it != events_.rend(); ++it) {
      if (it->type != event || it->ticket_id != t.id) continue;
      for (const char* k : {"kind", "score", "comment"})
        if (const Value* v = it->data.Find(k)) facts.Set(std::string("survey.") + k, *v);
      break;
    }
  }
  return facts;
}

Status Operations::RunRules(std::string_view event, const Ticket& before, Id ticket_id,
                            const Message* msg, TimeMs now, Ticket* refreshed) {
  if (!ctx_.rules) return Status::Ok();
  const bool any = std::any_of(ctx_.rules->begin(), ctx_.rules->end(), [&](const rules::Rule& r) {
    return r.enabled && r.event == event;
  });
  if (!any) return Status::Ok();

  const bool nested = rule_guard_ != nullptr;
  std::optional<rules::LoopGuard> own;
  if (nested) {
    if (!rule_guard_->Enter()) {
      // Too deep: run nothing, but say so on the timeline when rules would have matched.
      LD_ASSIGN_OR_RETURN(Ticket t, uow_.GetTicket(ticket_id));
      LD_ASSIGN_OR_RETURN(auto facts, RuleFacts(event, t,
                                                event == rules::kEventTicketUpdated ? &before
                                                                                    : nullptr,
                                                msg, now));
      auto matched = rules::Match(*ctx_.rules, event, facts);
      if (matched.empty()) return Status::Ok();
      Value ids = Value::MakeArray();
      for (const auto& f : matched) ids.Push(f.rule_id);
      Value d = Value::MakeObject();
      d.Set("event", std::string(event));
      d.Set("depth", rule_guard_->depth());
      d.Set("rule_ids", std::move(ids));
      d.Set("reason", "loop guard: events caused by rules nest at most " +
                          std::to_string(rule_guard_->max_depth()) + " levels deep");
      return Emit(Actor::System(), "rule.loop_stopped", now, t.id, t.customer_id, std::move(d));
    }
  } else {
    own.emplace();
    rule_guard_ = &*own;
  }
  // Leaves the level (nested) or drops the guard (origin) however this function returns.
  struct Restore {
    Operations* ops;
    bool nested;
    ~Restore() {
      if (nested) {
        ops->rule_guard_->Leave();
      } else {
        ops->rule_guard_ = nullptr;
      }
    }
  } restore{this, nested};

  LD_ASSIGN_OR_RETURN(Ticket t, uow_.GetTicket(ticket_id));
  const Ticket* prev = event == rules::kEventTicketUpdated ? &before : nullptr;
  LD_ASSIGN_OR_RETURN(auto facts, RuleFacts(event, t, prev, msg, now));
  auto firings = rule_guard_->Admit(rules::Match(*ctx_.rules, event, facts), kOrigin);
  if (event == rules::kEventSchedule) {
    // A schedule rule fires once per ticket and rule version (docs/rules.md).
    std::vector<rules::Firing> fresh;
    for (rules::Firing& f : firings) {
      LD_ASSIGN_OR_RETURN(auto fired, uow_.ScheduleRunVersion(f.rule_id, ticket_id));
      if (fired && *fired == f.rule_version) continue;
      LD_RETURN_IF_ERROR(uow_.RecordScheduleRun(f.rule_id, ticket_id, f.rule_version, now));
      fresh.push_back(std::move(f));
    }
    firings = std::move(fresh);
  }
  if (firings.empty()) return Status::Ok();

  for (const rules::Firing& f : firings) {
    Value actions = Value::MakeArray();
    for (const auto& a : f.actions) actions.Push(ActionToValue(a));
    Value d = Value::MakeObject();
    d.Set("rule_id", f.rule_id);
    d.Set("rule_name", f.rule_name);
    d.Set("version", f.rule_version);
    d.Set("event", std::string(event));
    d.Set("actions", std::move(actions));
    LD_RETURN_IF_ERROR(Emit(Actor::System(), "rule.fired", now, t.id, t.customer_id, std::move(d)));
    for (size_t i = 0; i < f.actions.size(); ++i)
      LD_RETURN_IF_ERROR(ApplyRuleAction(f, i, event, ticket_id, now));
  }
  if (refreshed) {
    LD_ASSIGN_OR_RETURN(*refreshed, uow_.GetTicket(ticket_id));
  }
  return Status::Ok();
}

Status Operations::ApplyRuleAction(const rules::Firing& f, size_t index, std::string_view event,
                                   Id ticket_id, TimeMs now) {
  const rules::Action& a = f.actions[index];
  const Actor system = Actor::System();
  LD_ASSIGN_OR_RETURN(Ticket t, uow_.GetTicket(ticket_id));

  // Appends rule.action for an action that was not (or not fully) carried out.
  auto record = [&](bool applied, const char* key, Value why) -> Status {
    Value d = Value::MakeObject();
    d.Set("rule_id", f.rule_id);
    d.Set("rule_name", f.rule_name);
    d.Set("version", f.rule_version);
    d.Set("event", std::string(event));
    d.Set("index", static_cast<int64_t>(index));
    d.Set("action", ActionToValue(a));
    d.Set("applied", applied);
    d.Set(key, std::move(why));
    return Emit(system, "rule.action", now, t.id, t.customer_id, std::move(d));
  };

  const std::string label = RuleLabel(f);
  const size_t events_before = events_.size();
  Status st;
  std::string partial;  // a part of the action that could not be carried out
  bool partially_applied = false;  // ...while the rest was
  if (a.type == rules::kActSet) {
    const std::string field = ParamString(a, "field");
    const Value* value = Param(a, "value");
    const std::string v = value && value->is_string() ? value->as_string() : std::string();
    if (field == "customer.tier") {
      CustomerPatch p;
      p.tier = ParseTier(v);
      if (!p.tier) {
        st = Status::Invalid("unknown tier " + v, "value");
      } else {
        st = UpdateCustomer(system, t.customer_id, p, now).status();
      }
    } else {
      TicketPatch p;
      p.reason = label;
      if (field == "ticket.status") {
        p.status = ParseTicketStatus(v);
        if (!p.status) st = Status::Invalid("unknown status " + v, "value");
      } else if (field == "ticket.priority") {
        p.priority = ParsePriority(v);
        if (!p.priority) st = Status::Invalid("unknown priority " + v, "value");
      } else if (field == "ticket.category") {
        p.category = v;
      } else {
        st = Status::Invalid(field + " cannot be set by a rule", "field");
      }
      if (st.ok()) st = UpdateTicket(system, ticket_id, p, now).status();
    }
  } else if (a.type == rules::kActAssign) {
    TicketPatch p;
    p.reason = label;
    const Value* agent = Param(a, "agent_id");
    const Value* router = Param(a, "router");
    const std::string team = ParamString(a, "team");
    if (agent && agent->is_int()) {
      p.assignee_id = std::optional<Id>(agent->as_int());
    } else if (router && router->is_bool() && router->as_bool()) {
      Ticket routed = t;
      routed.assignee_id.reset();
      if (!team.empty()) routed.team = team;
      if (!ctx_.router) {
        partial = "automatic routing is switched off; the router part was not carried out";
        if (!team.empty()) p.team = team;
        partially_applied = !team.empty();
      } else {
        auto c = uow_.GetCustomer(t.customer_id);
        st = c.ok() ? RouteTicket(routed, *c) : c.status();
        if (st.ok()) {
          p.assignee_id = routed.assignee_id;  // none free: back to the team's queue
          p.team = routed.team;
          if (!routed.routing_reason.empty()) p.reason = label + ": " + routed.routing_reason;
        }
      }
    } else if (!team.empty()) {
      p.team = team;
    }
    if (st.ok() && (p.assignee_id || p.team)) st = UpdateTicket(system, ticket_id, p, now).status();
  } else if (a.type == rules::kActAddTag || a.type == rules::kActRemoveTag) {
    const std::string tag = ParamString(a, "value");
    const bool add = a.type == rules::kActAddTag;
    if (HasTag(t.tags, tag) != add) {
      TicketPatch p;
      p.reason = label;
      p.tags = t.tags;
      if (add) {
        p.tags->push_back(tag);
      } else {
        p.tags->erase(std::remove(p.tags->begin(), p.tags->end(), tag), p.tags->end());
      }
      st = UpdateTicket(system, ticket_id, p, now).status();
    }
  } else if (a.type == rules::kActAddNote) {
    NewMessage m;
    m.author = AuthorKind::kAgent;  // internal notes are agent-side; the actor is the system
    m.internal = true;
    m.body = ParamString(a, "body");
    st = AddMessage(system, ticket_id, m, now).status();
  } else if (a.type == rules::kActCreateTask) {
    NewTask k;
    k.department = ParamString(a, "department");
    k.title = ParamString(a, "title");
    k.note = ParamString(a, "note");
    if (const Value* due = Param(a, "due_in_s"); due && due->is_int())
      k.due_at = now + due->as_int() * 1000;
    st = CreateTask(system, ticket_id, k, now).status();
  } else if (a.type == rules::kActAdjustSla) {
    // Dynamic SLA: this ticket's target changes; the clock keeps its elapsed time.
    SlaOverride o;
    o.target = ParamString(a, "target");
    if (const Value* sec = Param(a, "seconds"); sec && sec->is_int()) o.seconds = sec->as_int();
    if (const Value* fac = Param(a, "factor"); fac && (fac->is_int() || fac->is_double()))
      o.factor = fac->as_double();
    if (const Value* add = Param(a, "add_seconds"); add && add->is_int())
      o.add_seconds = add->as_int();
    o.source = "rule:" + std::to_string(f.rule_id);
    o.at = now;
    st = AdjustSla(system, t, o, now);
  } else if (a.type == rules::kActGrantCompensation) {
    // A compensation record as service commitments create them (sla_ops.cc), named after
    // the rule: one per rule and ticket; above the auto-approval amount it awaits a
    // supervisor.
    Compensation comp;
    comp.ticket_id = t.id;
    comp.customer_id = t.customer_id;
    comp.commitment = "rule:" + std::to_string(f.rule_id);
    const std::string kind = ParamString(a, "kind");
    comp.type = kind == "apology" ? "apology_call" : kind;
    const Value* amount = Param(a, "amount");
    if (amount && (amount->is_int() || amount->is_double())) comp.amount = amount->as_double();
    comp.note = ParamString(a, "note");
    if (comp.note.empty()) comp.note = label;
    st = RecordCompensation(comp, now);
    if (st.code() == Code::kConflict)
      return record(false, "reason", "this rule already granted a compensation on this ticket");
    if (!st.ok() && events_.size() > events_before) return st;  // after a write: never skipped
  } else if (a.type == rules::kActSendSurvey) {
    // Sent like one by hand (app/voc_ops.h): CSAT and CES about this ticket, once per ticket;
    // NPS to its customer under the fatigue guard. A refusal is recorded, not an error.
    if (!ctx_.voc)
      return record(false, "reason", "surveys are not available yet (not configured); recorded only");
    SurveyRequest req;
    req.kind = ParseSurveyKind(ParamString(a, "kind")).value_or(SurveyKind::kCsat);
    req.customer_id = t.customer_id;
    if (req.kind != SurveyKind::kNps) req.ticket_id = t.id;
    st = SendSurvey(*this, system, req, now).status();
  } else if (a.type == rules::kActEscalate) {
    // As an SLA escalation does: one priority level up and the tag "escalated".
    TicketPatch p = EscalationPatch(t);
    p.reason = label + ": escalate";
    if (const Value* level = Param(a, "level"); level && level->is_int())
      p.reason += " to level " + std::to_string(level->as_int());
    if (std::string role = ParamString(a, "to_role"); !role.empty()) p.reason += " (" + role + ")";
    if (std::string why = ParamString(a, "reason"); !why.empty()) p.reason += ": " + why;
    if (p.priority || p.tags) st = UpdateTicket(system, ticket_id, p, now).status();
    if (std::string role = ParamString(a, "to_role"); st.ok() && !role.empty()) {
      st = QueueStaffNotification(*this, t, "role:" + role, "升级 / escalated: " + TicketLine(t),
                                  p.reason, now);
    }
  } else if (a.type == rules::kActNotify) {
    // A staff notification through the outbox (app/notify_ops.h).
    std::string to;
    if (const Value* agent = Param(a, "to_agent_id"); agent && agent->is_int()) {
      auto who = uow_.GetAgent(agent->as_int());
      st = who.ok() ? Status::Ok() : who.status();
      to = "agent:" + std::to_string(agent->as_int());
    } else if (std::string role = ParamString(a, "to_role"); !role.empty()) {
      to = "role:" + role;
    } else if (std::string team = ParamString(a, "to_team"); !team.empty()) {
      to = "team:" + team;
    } else if (t.assignee_id) {
      to = "agent:" + std::to_string(*t.assignee_id);
    } else {
      st = Status::Invalid("the ticket has no assignee to notify", "to_assignee");
    }
    if (st.ok()) {
      std::string body = ParamString(a, "message");
      body += (body.empty() ? "" : "\n") + TicketLine(t) + "\n" + label;
      st = QueueStaffNotification(*this, t, to, TicketLine(t), body, now);
    }
  } else if (a.type == rules::kActWebhook) {
    st = QueueWebhook(*this, t, ParamString(a, "url"), "ticket #" + std::to_string(t.id),
                      TicketLine(t) + "\n" + label + " (" + std::string(event) + ")", now);
  } else {
    st = Status::Invalid("unknown action type " + a.type, "type");
  }

  if (!st.ok()) {
    if (!SkippableFailure(st.code()) || events_.size() != events_before) return st;
    Value err = Value::MakeObject();
    err.Set("code", CodeName(st.code()));
    err.Set("message", st.message());
    if (!st.field().empty()) err.Set("field", st.field());
    return record(false, "error", std::move(err));
  }
  if (!partial.empty()) return record(partially_applied, "reason", partial);
  return Status::Ok();
}

}  // namespace loopdesk
