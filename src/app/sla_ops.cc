// The SLA use cases of Operations: keeping each ticket's SLA state and escalation plan in
// step with its timeline, and firing escalation notices exactly once.

#include <algorithm>

#include "app/operations.h"
#include "sla/escalation.h"

namespace loopdesk {

namespace {

Value OptTime(const std::optional<TimeMs>& t) { return t ? Value(*t) : Value(); }

Value TargetToValue(const SlaTargetState& s) {
  Value v = Value::MakeObject();
  v.Set("target_s", s.target_s);
  v.Set("due", OptTime(s.due));
  v.Set("met_at", OptTime(s.met_at));
  v.Set("breached", s.breached);
  v.Set("business_elapsed_s", s.business_elapsed_ms / 1000);
  v.Set("calendar_elapsed_s", s.calendar_elapsed_ms / 1000);
  v.Set("state", s.state);
  return v;
}

// Escalation notices raise these events: below 100 % a warning, from 100 % a breach.
const char* NoticeEventType(int percent) { return percent < 100 ? "sla.warning" : "sla.breached"; }

}  // namespace

// Times in the detail are epoch ms; the http layer formats fields named *_due/*_at/due.
Value SlaResultToValue(const SlaResult& r) {
  Value v = Value::MakeObject();
  v.Set("policy", r.policy);
  v.Set("calendar", r.calendar);
  v.Set("state", r.state);
  v.Set("first_response_due", OptTime(r.first_response.due));
  v.Set("resolution_due", OptTime(r.resolution.due));
  v.Set("paused", r.paused);
  v.Set("paused_s", r.paused_business_ms / 1000);
  v.Set("paused_calendar_s", r.paused_calendar_ms / 1000);
  Value targets = Value::MakeObject();
  targets.Set("first_response", TargetToValue(r.first_response));
  targets.Set("resolution", TargetToValue(r.resolution));
  if (r.next_response) {
    Value nr = TargetToValue(*r.next_response);
    nr.Set("cycles", r.next_response_cycles);
    nr.Set("breaches", r.next_response_breaches);
    targets.Set("next_response", std::move(nr));
  }
  v.Set("targets", std::move(targets));
  return v;
}

Result<SlaTimeline> Operations::LoadTimeline(const Ticket& t) {
  SlaTimeline tl;
  tl.created_at = t.created_at;
  tl.first_response_at = t.first_response_at;
  Id after = 0;
  for (;;) {
    LD_ASSIGN_OR_RETURN(auto events, uow_.ListTicketEvents(t.id, after, 1000));
    for (const Event& e : events) {
      if (e.type == "ticket.status_changed") {
        const Value* to = e.data.Find("to");
        if (to && to->is_string()) {
          if (auto st = ParseTicketStatus(to->as_string())) tl.status_changes.emplace_back(e.at, *st);
        }
      } else if (e.type == "message.created") {
        const Value* author = e.data.Find("author");
        const Value* internal = e.data.Find("internal");
        if (internal && internal->is_bool() && internal->as_bool()) continue;
        if (!author || !author->is_string()) continue;
        if (author->as_string() == "customer") {
          tl.customer_messages.push_back(e.at);
        } else if (author->as_string() == "agent" && e.actor.rfind("agent:", 0) == 0) {
          tl.agent_replies.push_back(e.at);  // a person's public reply
        }
      }
    }
    if (events.size() < 1000) break;
    after = events.back().seq;
  }
  return tl;
}

Result<std::optional<SlaPolicy>> Operations::PolicyFor(const Ticket& t) {
  LD_ASSIGN_OR_RETURN(Customer c, uow_.GetCustomer(t.customer_id));
  SlaContext ctx;
  ctx.tier = c.tier;
  ctx.priority = t.priority;
  ctx.category = t.category;
  ctx.channel = t.channel;
  const SlaPolicy* matched = MatchPolicy(ctx_.sla->policies, ctx);
  if (!matched) return std::optional<SlaPolicy>();
  SlaPolicy p = *matched;
  LD_ASSIGN_OR_RETURN(auto overrides, uow_.ListSlaOverrides(t.id));
  for (const SlaOverride& o : overrides) {
    auto apply = [&](int64_t base) {
      int64_t v = o.seconds       ? *o.seconds
                  : o.add_seconds ? base + *o.add_seconds
                                  : static_cast<int64_t>(base * o.factor.value_or(1.0));
      return std::clamp<int64_t>(v, 1, kMaxTargetSeconds);
    };
    if (o.target == kFirstResponse) p.first_response_s = apply(p.first_response_s);
    else if (o.target == kResolution) p.resolution_s = apply(p.resolution_s);
    else if (o.target == kNextResponse && p.next_response_s)
      p.next_response_s = apply(*p.next_response_s);
  }
  if (!overrides.empty()) p.name += " (adjusted)";
  return std::optional<SlaPolicy>(std::move(p));
}

Status Operations::AdjustSla(const Actor& actor, const Ticket& t, const SlaOverride& o,
                             TimeMs now) {
  if (o.target != kFirstResponse && o.target != kResolution && o.target != kNextResponse)
    return Status::Invalid("target must be first_response, next_response or resolution", "target");
  if (int(o.seconds.has_value()) + int(o.factor.has_value()) + int(o.add_seconds.has_value()) != 1)
    return Status::Invalid("give one of seconds, factor or add_seconds", "seconds");
  if (o.add_seconds && (*o.add_seconds < -kMaxTargetSeconds || *o.add_seconds > kMaxTargetSeconds))
    return Status::Invalid("add_seconds must be within ±10 years", "add_seconds");
  if (o.seconds && (*o.seconds < 1 || *o.seconds > kMaxTargetSeconds))
    return Status::Invalid("seconds must be from 1 to 10 years", "seconds");
  if (o.factor && !(*o.factor > 0 && *o.factor <= 100))
    return Status::Invalid("factor must be above 0 and at most 100", "factor");
  LD_RETURN_IF_ERROR(uow_.PutSlaOverride(t.id, o));
  Value d = Value::MakeObject();
  d.Set("target", o.target);
  d.Set("seconds", o.seconds ? Value(*o.seconds) : Value());
  d.Set("factor", o.factor ? Value(*o.factor) : Value());
  d.Set("add_seconds", o.add_seconds ? Value(*o.add_seconds) : Value());
  d.Set("source", o.source);
  LD_RETURN_IF_ERROR(Emit(actor, "sla.adjusted", now, t.id, t.customer_id, std::move(d)));
  return RefreshSla(t, now);
}

Result<std::optional<SlaResult>> Operations::ComputeTicketSla(const Ticket& t, TimeMs now) {
  LD_ASSIGN_OR_RETURN(std::optional<SlaPolicy> policy, PolicyFor(t));
  if (!policy) return std::optional<SlaResult>();
  const Calendar* cal = ctx_.sla->calendars.Find(policy->calendar);
  if (!cal) return Status::Internal("SLA policy " + policy->name + " names a missing calendar");
  LD_ASSIGN_OR_RETURN(SlaTimeline tl, LoadTimeline(t));
  return std::optional<SlaResult>(ComputeSla(tl, *policy, *cal, now));
}

Status Operations::RefreshSla(const Ticket& t, TimeMs now) {
  LD_ASSIGN_OR_RETURN(std::optional<SlaPolicy> policy, PolicyFor(t));
  TicketSla rec;
  rec.ticket_id = t.id;
  rec.updated_at = now;
  std::vector<SlaNotice> planned;
  if (!policy) {
    rec.state = "none";
    rec.detail = Value::MakeObject();
  } else {
    const Calendar* cal = ctx_.sla->calendars.Find(policy->calendar);
    if (!cal) return Status::Internal("SLA policy " + policy->name + " names a missing calendar");
    LD_ASSIGN_OR_RETURN(SlaTimeline tl, LoadTimeline(t));
    SlaResult r = ComputeSla(tl, *policy, *cal, now);
    rec.policy = r.policy;
    rec.calendar = r.calendar;
    rec.first_response_due = r.first_response.due;
    rec.resolution_due = r.resolution.due;
    rec.paused_ms = r.paused_business_ms;
    rec.state = r.state;
    rec.detail = SlaResultToValue(r);
    // Every target gets a step at 100 %, so a breach is always recorded (and compensated)
    // even when the policy's ladder stops earlier.
    SlaPolicy planned_policy = *policy;
    for (std::string_view target : {kFirstResponse, kResolution}) {
      bool has_breach_step = std::any_of(
          policy->escalations.begin(), policy->escalations.end(),
          [&](const EscalationStep& e) { return e.target == target && e.percent >= 100; });
      if (!has_breach_step)
        planned_policy.escalations.push_back({std::string(target), 100, "record_breach"});
    }
    for (const Notice& n : PlanNotices(tl, planned_policy, *cal, now)) {
      planned.push_back({t.id, n.target, n.percent, n.action, n.at, std::nullopt});
    }
  }
  LD_RETURN_IF_ERROR(uow_.PutTicketSla(rec));
  return uow_.ReplacePendingNotices(t.id, planned);
}

Status Operations::FireNotice(const SlaNotice& n, TimeMs now) {
  LD_ASSIGN_OR_RETURN(Ticket t, uow_.GetTicket(n.ticket_id));
  // Re-plan first: the timeline may have moved on since the notice was planned.
  LD_RETURN_IF_ERROR(RefreshSla(t, now));
  // Fires only when the re-planned notice is still pending and due (not met, paused or
  // re-targeted meanwhile, and not fired by anyone else).
  Status marked = uow_.MarkNoticeFired(n, now);
  if (marked.code() == Code::kConflict) return Status::Ok();
  LD_RETURN_IF_ERROR(marked);

  Value d = Value::MakeObject();
  d.Set("target", n.target);
  d.Set("percent", n.percent);
  d.Set("action", n.action);
  d.Set("planned_at", n.fire_at);
  LD_ASSIGN_OR_RETURN(auto sla, uow_.GetTicketSla(t.id));
  if (sla) d.Set("policy", sla->policy);

  const Actor system = Actor::System();
  Value notify = Value::MakeArray();
  if (n.action == "notify_assignee") {
    if (t.assignee_id) notify.Push(*t.assignee_id);
  } else if (n.action == "notify_supervisor" || n.action == "escalate") {
    AgentFilter f;
    f.role = Role::kSupervisor;
    if (!t.team.empty()) f.team = t.team;
    f.limit = 20;
    LD_ASSIGN_OR_RETURN(auto sups, uow_.ListAgents(f));
    for (const Agent& a : sups) notify.Push(a.id);
  }
  d.Set("notify", std::move(notify));

  LD_RETURN_IF_ERROR(Emit(system, NoticeEventType(n.percent), now, t.id, t.customer_id, std::move(d)));
  if (n.action == "escalate" || n.action == "reassign") {
    // Through the ordinary use case, so the change is a normal ticket.updated/transferred
    // event, re-plans the SLA and runs ticket.updated rules.
    TicketPatch p = EscalationPatch(t);
    p.reason = "SLA " + n.target + " at " + std::to_string(n.percent) + "%";
    // reassign: back to the team queue so the router (or a supervisor) picks someone free.
    if (n.action == "reassign" && t.assignee_id) p.assignee_id = std::optional<Id>();
    if (n.action == "reassign") p.priority.reset();
    LD_ASSIGN_OR_RETURN(t, UpdateTicket(system, t.id, p, now));
  }
  if (n.percent >= 100) LD_RETURN_IF_ERROR(GrantCompensations(t, n.target, now));
  // Priority may have changed the policy: plan again from the new state.
  LD_RETURN_IF_ERROR(RefreshSla(t, now));
  return RunRules(NoticeEventType(n.percent), t, t.id, nullptr, now);
}

Result<Compensation> Operations::DecideCompensation(const Actor& actor, Id id,
                                                    const std::string& status,
                                                    const std::string& note, TimeMs now) {
  if (status != "approved" && status != "rejected")
    return Status::Invalid("status must be approved or rejected", "status");
  LD_RETURN_IF_ERROR(CheckText(note, "note", 2000, false));
  LD_ASSIGN_OR_RETURN(Compensation c, uow_.GetCompensation(id));
  if (c.status != "pending_approval")
    return Status::Conflict("the compensation is already " + c.status, "status");
  c.status = status;
  if (!note.empty()) c.note = note;
  if (actor.kind == AuthorKind::kAgent) c.decided_by = actor.id;
  c.decided_at = now;
  LD_RETURN_IF_ERROR(uow_.UpdateCompensation(c));
  Value d = Value::MakeObject();
  d.Set("compensation_id", c.id);
  d.Set("status", c.status);
  d.Set("note", note);
  LD_RETURN_IF_ERROR(Emit(actor, "compensation.decided", now, c.ticket_id, c.customer_id, std::move(d)));
  return c;
}

Status Operations::RecordCompensation(Compensation& comp, TimeMs now) {
  comp.created_at = now;
  // Small or non-monetary compensations go out at once; larger ones wait for a supervisor.
  comp.status = comp.amount <= ctx_.sla->auto_approve_max ? "approved" : "pending_approval";
  LD_RETURN_IF_ERROR(uow_.InsertCompensation(comp));
  Value d = Value::MakeObject();
  d.Set("compensation_id", comp.id);
  d.Set("commitment", comp.commitment);
  d.Set("target", comp.target);
  d.Set("type", comp.type);
  d.Set("amount", comp.amount);
  d.Set("status", comp.status);
  return Emit(Actor::System(), "compensation.created", now, comp.ticket_id, comp.customer_id,
              std::move(d));
}

Status Operations::GrantCompensations(const Ticket& t, const std::string& target, TimeMs now) {
  if (ctx_.sla->commitments.empty()) return Status::Ok();
  LD_ASSIGN_OR_RETURN(Customer c, uow_.GetCustomer(t.customer_id));
  SlaContext sctx{c.tier, t.priority, t.category, t.channel};
  for (const Commitment& k : ctx_.sla->commitments) {
    if (k.target != target || !Matches(k.match, sctx)) continue;
    Compensation comp;
    comp.ticket_id = t.id;
    comp.customer_id = t.customer_id;
    comp.commitment = k.name;
    comp.target = k.target;
    comp.type = k.type;
    comp.amount = k.amount;
    comp.note = k.note;
    Status st = RecordCompensation(comp, now);
    if (st.code() == Code::kConflict) continue;  // this commitment already compensated
    LD_RETURN_IF_ERROR(st);
  }
  return Status::Ok();
}

}  // namespace loopdesk
