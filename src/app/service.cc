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

Status Service::Write(const std::function<Status(Operations&)>& fn) {
  std::vector<Event> events;
  Status st = store_.Write([&](UnitOfWork& uow) {
    Operations ops(uow);
    Status s = fn(ops);
    if (s.ok()) events = ops.events();
    return s;
  });
  if (st.ok()) bus_.Publish(events);
  return st;
}

Status Service::RunBatch(const std::function<Status(Operations&)>& fn) { return Write(fn); }

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
    return Status::Ok();
  }));
  return out;
}

Result<Ticket> Service::UpdateTicket(const Principal& who, Id id, const TicketPatch& in) {
  Ticket out;
  const TimeMs now = clock_.Now();
  LD_RETURN_IF_ERROR(Write([&](Operations& ops) {
    LD_ASSIGN_OR_RETURN(out, ops.UpdateTicket(who.actor(), id, in, now));
    return Status::Ok();
  }));
  return out;
}

Result<TicketView> Service::GetTicket(const Principal&, Id id) {
  TicketView out;
  LD_RETURN_IF_ERROR(store_.Read([&](UnitOfWork& uow) {
    LD_ASSIGN_OR_RETURN(out.ticket, uow.GetTicket(id));
    LD_ASSIGN_OR_RETURN(out.messages, uow.ListMessages(id));
    LD_ASSIGN_OR_RETURN(out.transcripts, uow.ListTranscripts(id));
    LD_ASSIGN_OR_RETURN(out.tasks, uow.ListTasks(id));
    LD_ASSIGN_OR_RETURN(out.transfers, uow.ListTransfers(id));
    return Status::Ok();
  }));
  return out;
}

Result<Page<Ticket>> Service::ListTickets(const Principal&, const TicketFilter& f) {
  TicketFilter q = f;
  q.limit = ClampLimit(f.limit) + 1;
  std::vector<Ticket> rows;
  LD_RETURN_IF_ERROR(store_.Read([&](UnitOfWork& uow) {
    LD_ASSIGN_OR_RETURN(rows, uow.ListTickets(q));
    return Status::Ok();
  }));
  return MakePage(std::move(rows), ClampLimit(f.limit), [](const Ticket& t) { return t.id; });
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
