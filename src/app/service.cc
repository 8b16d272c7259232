#include "app/service.h"

namespace loopdesk {

namespace {
Status RequireAdmin(const Principal& who, const char* what) {
  if (who.role != Role::kAdmin)
    return Status::Denied(std::string("only an admin may ") + what);
  return Status::Ok();
}

int ClampLimit(int limit) { return limit <= 0 ? 50 : (limit > 500 ? 500 : limit); }

// Fetches limit+1 rows to learn whether another page exists without a count query.
template <typename T, typename IdOf>
Page<T> MakePage(std::vector<T> rows, int limit, IdOf id_of) {
  Page<T> page;
  if (static_cast<int>(rows.size()) > limit) {
    rows.resize(limit);
    page.next_cursor = id_of(rows.back());
  }
  page.items = std::move(rows);
  return page;
}
}  // namespace

Status Service::Write(const std::function<Status(Operations&)>& fn, bool bulk) {
  std::vector<Event> events;
  std::vector<Id> reserved;
  OpsContext ctx = Context();
  ctx.reserved = &reserved;
  if (bulk) {
    ctx.router = nullptr;
    ctx.bulk = true;
  }
  Status st = store_.Write([&](UnitOfWork& uow) {
    reserved.clear();  // a retried call starts afresh
    Operations ops(uow, ctx);
    Status s = fn(ops);
    if (s.ok()) events = ops.events();
    return s;
  });
  if (!st.ok()) {
    for (Id id : reserved) (void)router_.AddLoad(id, -1);  // the assignment never happened
    return st;
  }
  SyncRouter(events, /*drain=*/!bulk);
  bus_.Publish(events);
  return st;
}

Status Service::RunBatch(const std::function<Status(Operations&)>& fn) {
  return Write(fn, /*bulk=*/true);
}

Result<Principal> Service::Authenticate(const std::string& token) {
  if (token.empty()) return Status(Code::kUnauthenticated, "missing bearer token");
  const std::string hash = secrets_.HashToken(token);
  Principal p;
  Status st = store_.Read([&](UnitOfWork& uow) {
    LD_ASSIGN_OR_RETURN(auto agent_id, uow.FindAgentIdByTokenHash(hash));
    if (!agent_id) return Status(Code::kUnauthenticated, "invalid token");
    LD_ASSIGN_OR_RETURN(Agent a, uow.GetAgent(*agent_id));
    p.agent_id = a.id;
    p.role = a.role;
    p.name = a.name;
    p.team = a.team;
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return p;
}

Result<bool> Service::Bootstrap(const std::string& token) {
  bool created = false;
  const TimeMs now = clock_.Now();
  Status st = Write([&](Operations& ops) {
    LD_ASSIGN_OR_RETURN(int64_t n, ops.uow().CountAgents());
    if (n > 0) return Status::Ok();
    NewAgent a;
    a.name = "admin";
    a.team = "admin";
    a.role = Role::kAdmin;
    a.capacity = 0;
    LD_ASSIGN_OR_RETURN(Agent agent, ops.CreateAgent(Actor::System(), a, now));
    LD_RETURN_IF_ERROR(ops.uow().InsertToken(secrets_.HashToken(token), agent.id, now));
    created = true;
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return created;
}

Result<CreatedAgent> Service::CreateAgent(const Principal& who, const NewAgent& in) {
  LD_RETURN_IF_ERROR(RequireAdmin(who, "create agents"));
  CreatedAgent out;
  out.api_token = secrets_.NewToken();
  const std::string hash = secrets_.HashToken(out.api_token);
  const TimeMs now = clock_.Now();
  LD_RETURN_IF_ERROR(Write([&](Operations& ops) {
    LD_ASSIGN_OR_RETURN(out.agent, ops.CreateAgent(who.actor(), in, now));
    return ops.uow().InsertToken(hash, out.agent.id, now);
  }));
  return out;
}

Result<Agent> Service::UpdateAgent(const Principal& who, Id id, const AgentPatch& in) {
  if (who.role != Role::kAdmin) {
    if (who.agent_id != id) return Status::Denied("only an admin may change another agent");
    if (in.name || in.email || in.team || in.role || in.skills || in.capacity)
      return Status::Denied("an agent may change only its own status, location and languages");
  }
  Agent out;
  const TimeMs now = clock_.Now();
  LD_RETURN_IF_ERROR(Write([&](Operations& ops) {
    LD_ASSIGN_OR_RETURN(out, ops.UpdateAgent(who.actor(), id, in, now));
    return Status::Ok();
  }));
  return out;
}

Result<Agent> Service::GetAgent(const Principal&, Id id) {
  Agent out;
  LD_RETURN_IF_ERROR(store_.Read([&](UnitOfWork& uow) {
    LD_ASSIGN_OR_RETURN(out, uow.GetAgent(id));
    return Status::Ok();
  }));
  return out;
}

Result<Page<Agent>> Service::ListAgents(const Principal&, const AgentFilter& f) {
  AgentFilter q = f;
  q.limit = ClampLimit(f.limit) + 1;
  std::vector<Agent> rows;
  LD_RETURN_IF_ERROR(store_.Read([&](UnitOfWork& uow) {
    LD_ASSIGN_OR_RETURN(rows, uow.ListAgents(q));
    return Status::Ok();
  }));
  return MakePage(std::move(rows), ClampLimit(f.limit), [](const Agent& a) { return a.id; });
}

Result<Customer> Service::CreateCustomer(const Principal& who, const NewCustomer& in) {
  Customer out;
  const TimeMs now = clock_.Now();
  LD_RETURN_IF_ERROR(Write([&](Operations& ops) {
    LD_ASSIGN_OR_RETURN(out, ops.CreateCustomer(who.actor(), in, now));
    return Status::Ok();
  }));
  return out;
}

Result<Customer> Service::UpdateCustomer(const Principal& who, Id id, const CustomerPatch& in) {
  Customer out;
  const TimeMs now = clock_.Now();
  LD_RETURN_IF_ERROR(Write([&](Operations& ops) {
    LD_ASSIGN_OR_RETURN(out, ops.UpdateCustomer(who.actor(), id, in, now));
    return Status::Ok();
  }));
  return out;
}

Result<Customer360> Service::GetCustomer360(const Principal&, Id id) {
  Customer360 out;
  LD_RETURN_IF_ERROR(store_.Read([&](UnitOfWork& uow) {
    LD_ASSIGN_OR_RETURN(out.customer, uow.GetCustomer(id));
    TicketFilter f;
    f.customer_id = id;
    f.limit = 200;
    LD_ASSIGN_OR_RETURN(out.tickets, uow.ListTickets(f));
    LD_ASSIGN_OR_RETURN(out.orders, uow.ListOrders(id));
    LD_ASSIGN_OR_RETURN(out.assets, uow.ListAssets(id));
    LD_ASSIGN_OR_RETURN(out.compensations, uow.ListCompensations(0, id, 200));
    return Status::Ok();
  }));
  return out;
}

Result<Page<Customer>> Service::ListCustomers(const Principal&, const CustomerFilter& f) {
  CustomerFilter q = f;
  q.limit = ClampLimit(f.limit) + 1;
  std::vector<Customer> rows;
  LD_RETURN_IF_ERROR(store_.Read([&](UnitOfWork& uow) {
    LD_ASSIGN_OR_RETURN(rows, uow.ListCustomers(q));
    return Status::Ok();
  }));
  return MakePage(std::move(rows), ClampLimit(f.limit), [](const Customer& c) { return c.id; });
}

Result<std::optional<Customer>> Service::FindCustomerByContact(const Principal&,
                                                               const std::string& phone,
                                                               const std::string& email,
                                                               const std::string& wechat_id) {
  std::optional<Customer> out;
  LD_RETURN_IF_ERROR(store_.Read([&](UnitOfWork& uow) {
    LD_ASSIGN_OR_RETURN(out, uow.FindCustomerByContact(phone, email, wechat_id));
    return Status::Ok();
  }));
  return out;
}

Result<Order> Service::AddOrder(const Principal& who, Id customer_id, const NewOrder& in) {
  Order out;
  const TimeMs now = clock_.Now();
  LD_RETURN_IF_ERROR(Write([&](Operations& ops) {
    LD_ASSIGN_OR_RETURN(out, ops.AddOrder(who.actor(), customer_id, in, now));
    return Status::Ok();
  }));
  return out;
}

Result<Asset> Service::AddAsset(const Principal& who, Id customer_id, const NewAsset& in) {
  Asset out;
  const TimeMs now = clock_.Now();
  LD_RETURN_IF_ERROR(Write([&](Operations& ops) {
    LD_ASSIGN_OR_RETURN(out, ops.AddAsset(who.actor(), customer_id, in, now));
    return Status::Ok();
  }));
  return out;
}

Result<CreatedTicket> Service::CreateTicket(const Principal& who, const NewTicket& in) {
  CreatedTicket out;
  const TimeMs now = clock_.Now();
  LD_RETURN_IF_ERROR(Write([&](Operations& ops) {
    LD_ASSIGN_OR_RETURN(out, ops.CreateTicket(who.actor(), in, now));
    LD_ASSIGN_OR_RETURN(out.sla, ops.uow().GetTicketSla(out.ticket.id));
    return Status::Ok();
  }));
  return out;
}

Result<TicketRow> Service::UpdateTicket(const Principal& who, Id id, const TicketPatch& in) {
  TicketRow out;
  const TimeMs now = clock_.Now();
  LD_RETURN_IF_ERROR(Write([&](Operations& ops) {
    LD_ASSIGN_OR_RETURN(out.ticket, ops.UpdateTicket(who.actor(), id, in, now));
    LD_ASSIGN_OR_RETURN(out.sla, ops.uow().GetTicketSla(id));
    return Status::Ok();
  }));
  return out;
}

Result<TicketView> Service::GetTicket(const Principal&, Id id, bool with_sla) {
  TicketView out;
  const TimeMs now = clock_.Now();
  OpsContext ctx = Context();
  LD_RETURN_IF_ERROR(store_.Read([&](UnitOfWork& uow) {
    LD_ASSIGN_OR_RETURN(out.ticket, uow.GetTicket(id));
    // The SLA state moves with time (warning, breach): compute it for now, not as stored.
    Operations ops(uow, ctx);
    std::optional<SlaResult> live;
    if (with_sla) {
      LD_ASSIGN_OR_RETURN(live, ops.ComputeTicketSla(out.ticket, now));
    }
    if (live) {
      TicketSla rec;
      rec.ticket_id = id;
      rec.policy = live->policy;
      rec.calendar = live->calendar;
      rec.first_response_due = live->first_response.due;
      rec.resolution_due = live->resolution.due;
      rec.paused_ms = live->paused_business_ms;
      rec.state = live->state;
      rec.detail = SlaResultToValue(*live);
      rec.updated_at = now;
      out.sla = std::move(rec);
    }
    LD_ASSIGN_OR_RETURN(out.messages, uow.ListMessages(id));
    LD_ASSIGN_OR_RETURN(out.transcripts, uow.ListTranscripts(id));
    LD_ASSIGN_OR_RETURN(out.tasks, uow.ListTasks(id));
    LD_ASSIGN_OR_RETURN(out.transfers, uow.ListTransfers(id));
    LD_ASSIGN_OR_RETURN(out.compensations, uow.ListCompensations(id, 0, 200));
    return Status::Ok();
  }));
  return out;
}

Result<Page<TicketRow>> Service::ListTickets(const Principal&, const TicketFilter& f) {
  TicketFilter q = f;
  q.limit = ClampLimit(f.limit) + 1;
  std::vector<TicketRow> rows;
  LD_RETURN_IF_ERROR(store_.Read([&](UnitOfWork& uow) {
    LD_ASSIGN_OR_RETURN(auto tickets, uow.ListTickets(q));
    for (auto& t : tickets) {
      TicketRow row;
      LD_ASSIGN_OR_RETURN(row.sla, uow.GetTicketSla(t.id));
      row.ticket = std::move(t);
      rows.push_back(std::move(row));
    }
    return Status::Ok();
  }));
  return MakePage(std::move(rows), ClampLimit(f.limit),
                  [](const TicketRow& r) { return r.ticket.id; });
}

Result<Message> Service::AddMessage(const Principal& who, Id ticket_id, const NewMessage& in) {
  Message out;
  const TimeMs now = clock_.Now();
  LD_RETURN_IF_ERROR(Write([&](Operations& ops) {
    LD_ASSIGN_OR_RETURN(out, ops.AddMessage(who.actor(), ticket_id, in, now));
    return Status::Ok();
  }));
  return out;
}

Result<Transcript> Service::AddTranscript(const Principal& who, Id ticket_id,
                                          const NewTranscript& in) {
  Transcript out;
  const TimeMs now = clock_.Now();
  LD_RETURN_IF_ERROR(Write([&](Operations& ops) {
    LD_ASSIGN_OR_RETURN(out, ops.AddTranscript(who.actor(), ticket_id, in, now));
    return Status::Ok();
  }));
  return out;
}

Result<Task> Service::CreateTask(const Principal& who, Id ticket_id, const NewTask& in) {
  Task out;
  const TimeMs now = clock_.Now();
  LD_RETURN_IF_ERROR(Write([&](Operations& ops) {
    LD_ASSIGN_OR_RETURN(out, ops.CreateTask(who.actor(), ticket_id, in, now));
    return Status::Ok();
  }));
  return out;
}

Result<Task> Service::UpdateTask(const Principal& who, Id task_id, const TaskPatch& in) {
  Task out;
  const TimeMs now = clock_.Now();
  LD_RETURN_IF_ERROR(Write([&](Operations& ops) {
    LD_ASSIGN_OR_RETURN(out, ops.UpdateTask(who.actor(), task_id, in, now));
    return Status::Ok();
  }));
  return out;
}

Result<Page<Event>> Service::ListTicketEvents(const Principal&, Id ticket_id, Id after_seq,
                                              int limit) {
  const int n = ClampLimit(limit);
  std::vector<Event> rows;
  LD_RETURN_IF_ERROR(store_.Read([&](UnitOfWork& uow) {
    LD_ASSIGN_OR_RETURN(Ticket t, uow.GetTicket(ticket_id));
    (void)t;
    LD_ASSIGN_OR_RETURN(rows, uow.ListTicketEvents(ticket_id, after_seq, n + 1));
    return Status::Ok();
  }));
  return MakePage(std::move(rows), n, [](const Event& e) { return e.seq; });
}

}  // namespace loopdesk

namespace loopdesk {

namespace {
Status RequireManager(const Principal& who) {
  if (who.role != Role::kAdmin && who.role != Role::kSupervisor)
    return Status::Denied("only an admin or a supervisor may change SLA settings");
  return Status::Ok();
}
}  // namespace

Status Service::LoadSettings() {
  std::optional<Value> cals, pols, comms;
  LD_RETURN_IF_ERROR(store_.Read([&](UnitOfWork& uow) {
    LD_ASSIGN_OR_RETURN(cals, uow.GetConfig(kCalendarsKey));
    LD_ASSIGN_OR_RETURN(pols, uow.GetConfig(kSlaPoliciesKey));
    LD_ASSIGN_OR_RETURN(comms, uow.GetConfig(kCommitmentsKey));
    return Status::Ok();
  }));
  LD_ASSIGN_OR_RETURN(auto settings,
                      BuildSlaSettings(cals ? &*cals : nullptr, pols ? &*pols : nullptr,
                                       comms ? &*comms : nullptr));
  sla_.Set(std::move(settings));
  LD_RETURN_IF_ERROR(LoadRules());
  LD_RETURN_IF_ERROR(LoadVoc());
  return LoadRouter();
}

Result<Value> Service::GetCalendars(const Principal&) {
  auto s = sla_.Get();
  Value items = Value::MakeArray();
  for (const Calendar& c : s->calendars.all()) {
    const CalendarSpec* spec = nullptr;
    for (const auto& sp : s->calendar_specs)
      if (sp.name == c.name()) spec = &sp;
    items.Push(CalendarToValue(c, spec));
  }
  return items;
}

Result<Value> Service::PutCalendar(const Principal& who, const std::string& name,
                                   const Value& body) {
  LD_RETURN_IF_ERROR(RequireManager(who));
  if (name == kAlwaysOpenCalendar) return Status::Conflict("the 24x7 calendar cannot be changed", "name");
  if (name.empty() || name.size() > 64) return Status::Invalid("a calendar name is 1-64 characters", "name");
  LD_ASSIGN_OR_RETURN(CalendarSpec spec, CalendarSpecFromValue(name, body));
  LD_RETURN_IF_ERROR(Calendar::Compile(spec).status());
  std::lock_guard lock(settings_mu_);
  auto current = sla_.Get();
  std::vector<CalendarSpec> specs = current->calendar_specs;
  bool replaced = false;
  for (auto& sp : specs)
    if (sp.name == name) sp = spec, replaced = true;
  if (!replaced) specs.push_back(spec);
  Value doc = Value::MakeObject();
  for (const auto& sp : specs) doc.Set(sp.name, CalendarSpecToValue(sp));
  Value policies = PoliciesToValue(current->policies);
  LD_ASSIGN_OR_RETURN(auto next, BuildSlaSettings(&doc, &policies));
  const TimeMs now = clock_.Now();
  LD_RETURN_IF_ERROR(Write([&](Operations& ops) {
    LD_RETURN_IF_ERROR(ops.uow().PutConfig(kCalendarsKey, doc, now));
    Value d = Value::MakeObject();
    d.Set("calendar", name);
    return ops.Emit(who.actor(), "settings.calendar_saved", now, 0, 0, std::move(d));
  }));
  sla_.Set(next);
  return CalendarSpecToValue(spec);
}

Result<Value> Service::GetSlaPolicies(const Principal&) { return PoliciesToValue(sla_.Get()->policies); }

Result<Value> Service::PutSlaPolicies(const Principal& who, const Value& body) {
  LD_RETURN_IF_ERROR(RequireManager(who));
  LD_ASSIGN_OR_RETURN(auto policies, PoliciesFromValue(body));
  std::lock_guard lock(settings_mu_);
  auto current = sla_.Get();
  LD_RETURN_IF_ERROR(ValidatePolicies(policies, &current->calendars));
  auto next = std::make_shared<SlaSettings>(*current);
  next->policies = policies;
  Value doc = PoliciesToValue(policies);
  const TimeMs now = clock_.Now();
  LD_RETURN_IF_ERROR(Write([&](Operations& ops) {
    LD_RETURN_IF_ERROR(ops.uow().PutConfig(kSlaPoliciesKey, doc, now));
    Value d = Value::MakeObject();
    d.Set("policies", static_cast<int64_t>(policies.size()));
    return ops.Emit(who.actor(), "settings.sla_policies_saved", now, 0, 0, std::move(d));
  }));
  sla_.Set(std::move(next));
  return doc;
}

Result<Value> Service::PreviewSla(const Principal&, const SlaContext& ctx, TimeMs created_at) {
  auto s = sla_.Get();
  const SlaPolicy* p = MatchPolicy(s->policies, ctx);
  if (!p) return Status::NotFound("no SLA policy matches these attributes");
  const Calendar* cal = s->calendars.Find(p->calendar);
  if (!cal) return Status::Internal("policy names a missing calendar");
  Value v = Value::MakeObject();
  v.Set("policy", p->name);
  v.Set("calendar", p->calendar);
  v.Set("first_response_due", cal->AddBusiness(created_at, p->first_response_s * 1000));
  v.Set("resolution_due", cal->AddBusiness(created_at, p->resolution_s * 1000));
  v.Set("first_response_s", p->first_response_s);
  v.Set("resolution_s", p->resolution_s);
  return v;
}

Result<int> Service::FireDueNotices(TimeMs now) {
  // A ticket keeps one pending notice; firing it plans the next, which may be due too (after
  // downtime, several steps are): go round until a round fires nothing.
  int fired = 0;
  for (int round = 0; round < 50; ++round) {
    std::vector<SlaNotice> due;
    LD_RETURN_IF_ERROR(store_.Read([&](UnitOfWork& uow) {
      LD_ASSIGN_OR_RETURN(due, uow.DueNotices(now, 500));
      return Status::Ok();
    }));
    int this_round = 0;
    for (const SlaNotice& n : due) {
      size_t emitted = 0;
      LD_RETURN_IF_ERROR(Write([&](Operations& ops) {
        LD_RETURN_IF_ERROR(ops.FireNotice(n, now));
        emitted = ops.events().size();
        return Status::Ok();
      }));
      if (emitted > 0) ++this_round;
    }
    fired += this_round;
    if (this_round == 0) break;
  }
  return fired;
}

Result<std::optional<TimeMs>> Service::NextNoticeAt() {
  std::optional<TimeMs> out;
  LD_RETURN_IF_ERROR(store_.Read([&](UnitOfWork& uow) {
    LD_ASSIGN_OR_RETURN(out, uow.NextNoticeAt());
    return Status::Ok();
  }));
  return out;
}

}  // namespace loopdesk

namespace loopdesk {

Result<Value> Service::GetCommitments(const Principal&) {
  return CommitmentsToValue(sla_.Get()->commitments);
}

Result<Value> Service::PutCommitments(const Principal& who, const Value& body) {
  if (who.role != Role::kAdmin && who.role != Role::kSupervisor)
    return Status::Denied("only an admin or a supervisor may change service commitments");
  std::lock_guard lock(settings_mu_);
  auto next = std::make_shared<SlaSettings>(*sla_.Get());
  std::optional<double> max;
  LD_RETURN_IF_ERROR(CommitmentsFromValue(body, &next->commitments, &max));
  if (max) next->auto_approve_max = *max;
  Value doc = Value::MakeObject();
  doc.Set("items", CommitmentsToValue(next->commitments));
  doc.Set("auto_approve_max", next->auto_approve_max);
  const TimeMs now = clock_.Now();
  LD_RETURN_IF_ERROR(Write([&](Operations& ops) {
    LD_RETURN_IF_ERROR(ops.uow().PutConfig(kCommitmentsKey, doc, now));
    Value d = Value::MakeObject();
    d.Set("commitments", static_cast<int64_t>(next->commitments.size()));
    return ops.Emit(who.actor(), "settings.commitments_saved", now, 0, 0, std::move(d));
  }));
  sla_.Set(next);
  return CommitmentsToValue(next->commitments);
}

Result<std::vector<Compensation>> Service::ListCompensations(const Principal&, Id ticket_id,
                                                             Id customer_id, int limit) {
  std::vector<Compensation> out;
  LD_RETURN_IF_ERROR(store_.Read([&](UnitOfWork& uow) {
    LD_ASSIGN_OR_RETURN(out, uow.ListCompensations(ticket_id, customer_id, limit <= 0 ? 50 : limit));
    return Status::Ok();
  }));
  return out;
}

Result<Compensation> Service::DecideCompensation(const Principal& who, Id id,
                                                 const std::string& status,
                                                 const std::string& note) {
  if (who.role != Role::kAdmin && who.role != Role::kSupervisor)
    return Status::Denied("only an admin or a supervisor may approve compensations");
  Compensation out;
  const TimeMs now = clock_.Now();
  LD_RETURN_IF_ERROR(Write([&](Operations& ops) {
    LD_ASSIGN_OR_RETURN(out, ops.DecideCompensation(who.actor(), id, status, note, now));
    return Status::Ok();
  }));
  return out;
}

}  // namespace loopdesk
