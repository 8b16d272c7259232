// Service members that keep the in-memory router in step with the store: agents, their
// status and their open-ticket load; routing settings; draining the queue.

#include <set>

#include "app/service.h"

namespace loopdesk {

namespace {
constexpr char kRoutingKey[] = "routing";

Value WeightsToValue(const RoutingWeights& w) {
  Value v = Value::MakeObject();
  v.Set("skill", w.skill);
  v.Set("load", w.load);
  v.Set("language", w.language);
  v.Set("tier_affinity", w.tier_affinity);
  v.Set("distance", w.distance);
  return v;
}
}  // namespace

OpsContext Service::Context() {
  OpsContext ctx;
  ctx.sla = sla_.Get();
  ctx.rules = RulesSnapshot();
  ctx.voc = VocSnapshot();
  ctx.analyzer = analyzer_;
  std::lock_guard lock(routing_mu_);
  if (routing_.enabled) {
    ctx.router = &router_;
    ctx.routing_mode = routing_.mode;
  }
  return ctx;
}

Status Service::LoadRouter() {
  std::optional<Value> doc;
  std::vector<std::pair<Agent, int64_t>> agents;
  LD_RETURN_IF_ERROR(store_.Read([&](UnitOfWork& uow) {
    LD_ASSIGN_OR_RETURN(doc, uow.GetConfig(kRoutingKey));
    AgentFilter f;
    f.limit = 1000;
    for (;;) {
      LD_ASSIGN_OR_RETURN(auto page, uow.ListAgents(f));
      for (Agent& a : page) {
        LD_ASSIGN_OR_RETURN(int64_t load, uow.CountActiveTicketsOf(a.id));
        agents.emplace_back(std::move(a), load);
      }
      if (static_cast<int>(page.size()) < f.limit) break;
      f.after_id = agents.back().first.id;
    }
    return Status::Ok();
  }));
  if (doc) {
    Principal system;
    system.role = Role::kAdmin;
    // Stored settings were validated when saved; re-apply them through the same path.
    std::lock_guard lock(routing_mu_);
    if (const Value* e = doc->Find("enabled"); e && e->is_bool()) routing_.enabled = e->as_bool();
    if (const Value* m = doc->Find("mode"); m && m->is_string())
      if (auto mode = ParseRoutingMode(m->as_string())) routing_.mode = *mode;
    if (const Value* w = doc->Find("weights"); w && w->is_object()) {
      auto num = [&](const char* k, double& out) {
        if (const Value* x = w->Find(k); x && (x->is_int() || x->is_double())) out = x->as_double();
      };
      num("skill", routing_.weights.skill);
      num("load", routing_.weights.load);
      num("language", routing_.weights.language);
      num("tier_affinity", routing_.weights.tier_affinity);
      num("distance", routing_.weights.distance);
    }
    LD_RETURN_IF_ERROR(router_.SetWeights(routing_.weights));
  }
  for (const auto& [a, load] : agents) LD_RETURN_IF_ERROR(router_.Upsert(a, static_cast<int>(load)));
  return Status::Ok();
}

void Service::SyncRouter(const std::vector<Event>& events, bool drain) {
  std::set<Id> agents_to_reload, tickets;
  bool maybe_free = false;
  for (const Event& e : events) {
    if (e.type == "agent.created" || e.type == "agent.updated") {
      if (const Value* id = e.data.Find("agent_id"); id && id->is_int())
        agents_to_reload.insert(id->as_int());
      maybe_free = true;
    } else if (e.ticket_id && (e.type == "ticket.created" || e.type == "ticket.assigned" ||
                               e.type == "ticket.transferred" ||
                               e.type == "ticket.status_changed" || e.type == "sla.breached")) {
      tickets.insert(e.ticket_id);
      for (const char* k : {"assignee_id", "from_agent_id", "to_agent_id"})
        if (const Value* id = e.data.Find(k); id && id->is_int()) agents_to_reload.insert(id->as_int());
      if (e.type != "ticket.created") maybe_free = true;
    }
  }
  if (agents_to_reload.empty() && tickets.empty()) return;
  std::vector<std::pair<Agent, int64_t>> fresh;
  Status st = store_.Read([&](UnitOfWork& uow) {
    for (Id t : tickets) {
      auto ticket = uow.GetTicket(t);
      if (ticket.ok() && ticket->assignee_id) agents_to_reload.insert(*ticket->assignee_id);
    }
    for (Id id : agents_to_reload) {
      auto a = uow.GetAgent(id);
      if (!a.ok()) continue;
      LD_ASSIGN_OR_RETURN(int64_t load, uow.CountActiveTicketsOf(id));
      fresh.emplace_back(std::move(*a), load);
    }
    return Status::Ok();
  });
  if (!st.ok()) return;  // the next change of these agents corrects the loads
  for (const auto& [a, load] : fresh) (void)router_.Upsert(a, static_cast<int>(load));
  if (maybe_free && drain) (void)DrainQueue();
}

Result<int> Service::DrainQueue() {
  // Assignments made here raise events that would ask for another drain: one at a time.
  thread_local bool draining = false;
  if (draining) return 0;
  struct Flag {
    bool& f;
    explicit Flag(bool& b) : f(b) { f = true; }
    ~Flag() { f = false; }
  } flag(draining);
  {
    std::lock_guard lock(routing_mu_);
    if (!routing_.enabled) return 0;
  }
  int assigned = 0;
  const TimeMs now = clock_.Now();
  std::vector<Event> events;
  std::vector<Id> reserved;
  OpsContext ctx = Context();
  ctx.reserved = &reserved;
  Status st = store_.Write([&](UnitOfWork& uow) {
    reserved.clear();
    assigned = 0;
    Operations ops(uow, ctx);
    TicketFilter f;
    f.unassigned_only = true;
    f.active_only = true;
    f.oldest_first = true;
    f.limit = 50;
    LD_ASSIGN_OR_RETURN(auto queued, uow.ListTickets(f));
    for (Ticket& t : queued) {
      LD_ASSIGN_OR_RETURN(Customer c, uow.GetCustomer(t.customer_id));
      Ticket routed = t;
      LD_RETURN_IF_ERROR(ops.RouteTicket(routed, c));
      if (!routed.assignee_id) continue;
      TicketPatch p;
      p.assignee_id = routed.assignee_id;
      p.team = routed.team;
      p.reason = "from the queue: " + routed.routing_reason;
      LD_RETURN_IF_ERROR(ops.UpdateTicket(Actor::System(), t.id, p, now).status());
      ++assigned;
    }
    events = ops.events();
    return Status::Ok();
  });
  // The reservation made the load count; the recount below settles it either way.
  for (Id id : reserved) (void)router_.AddLoad(id, -1);
  if (!st.ok()) return st;
  if (assigned > 0) {
    SyncRouter(events);
    bus_.Publish(events);
  }
  return assigned;
}

Result<Value> Service::GetRoutingSettings(const Principal&) {
  std::lock_guard lock(routing_mu_);
  Value v = Value::MakeObject();
  v.Set("enabled", routing_.enabled);
  v.Set("mode", std::string(Name(routing_.mode)));
  v.Set("weights", WeightsToValue(routing_.weights));
  return v;
}

Result<Value> Service::PutRoutingSettings(const Principal& who, const Value& body) {
  if (who.role != Role::kAdmin && who.role != Role::kSupervisor)
    return Status::Denied("only an admin or a supervisor may change routing");
  if (!body.is_object()) return Status::Invalid("routing settings are an object", "body");
  RoutingSettings next;
  {
    std::lock_guard lock(routing_mu_);
    next = routing_;
  }
  if (const Value* e = body.Find("enabled")) {
    if (!e->is_bool()) return Status::Invalid("enabled must be true or false", "enabled");
    next.enabled = e->as_bool();
  }
  if (const Value* m = body.Find("mode")) {
    auto mode = m->is_string() ? ParseRoutingMode(m->as_string()) : std::nullopt;
    if (!mode) return Status::Invalid("mode must be score, round_robin or least_loaded", "mode");
    next.mode = *mode;
  }
  if (const Value* w = body.Find("weights")) {
    if (!w->is_object()) return Status::Invalid("weights is an object", "weights");
    for (const auto& [k, x] : w->as_object()) {
      std::string field = "weights." + k;
      if (!x.is_int() && !x.is_double()) return Status::Invalid("must be a number", field);
      double d = x.as_double();
      if (k == "skill") next.weights.skill = d;
      else if (k == "load") next.weights.load = d;
      else if (k == "language") next.weights.language = d;
      else if (k == "tier_affinity") next.weights.tier_affinity = d;
      else if (k == "distance") next.weights.distance = d;
      else return Status::Invalid("unknown weight; use skill, load, language, tier_affinity, distance", field);
    }
    if (Status st = ValidateWeights(next.weights); !st.ok())
      return Status::Invalid(st.message(), st.field().empty() ? "weights" : "weights." + st.field());
  }
  Value doc = Value::MakeObject();
  doc.Set("enabled", next.enabled);
  doc.Set("mode", std::string(Name(next.mode)));
  doc.Set("weights", WeightsToValue(next.weights));
  const TimeMs now = clock_.Now();
  LD_RETURN_IF_ERROR(Write([&](Operations& ops) {
    LD_RETURN_IF_ERROR(ops.uow().PutConfig(kRoutingKey, doc, now));
    return ops.Emit(who.actor(), "settings.routing_saved", now, 0, 0, doc);
  }));
  LD_RETURN_IF_ERROR(router_.SetWeights(next.weights));
  {
    std::lock_guard lock(routing_mu_);
    routing_ = next;
  }
  return doc;
}

}  // namespace loopdesk
