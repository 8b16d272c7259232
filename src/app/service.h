#pragma once
// Service: the application's front door. Each command runs as one durable transaction
// (Store::Write) through Operations, checks the caller's role first, and publishes the
// committed events on the EventBus. Queries run on a read snapshot. Thread-safe.
//
// Roles (core): every role may read and work tickets and customers; only `admin` creates
// agents or changes another agent; any agent may change its own status and location.

#include <functional>
#include <mutex>
#include <string>

#include "app/event_bus.h"
#include "app/inputs.h"
#include "app/operations.h"
#include "app/sla_settings.h"
#include "ports/secrets.h"
#include "ports/store.h"

namespace loopdesk {

class Service {
 public:
  Service(Store& store, Secrets& secrets, const Clock& clock, EventBus& bus)
      : store_(store), secrets_(secrets), clock_(clock), bus_(bus) {}

  const Clock& clock() const { return clock_; }

  // Loads stored settings (calendars, SLA policies); call once at start.
  Status LoadSettings();

  // Resolves a bearer token to its agent; kUnauthenticated when unknown.
  Result<Principal> Authenticate(const std::string& token);
  // When the store has no agent yet, creates an admin whose token is `token`. Returns true
  // when it created one.
  Result<bool> Bootstrap(const std::string& token);

  Result<CreatedAgent> CreateAgent(const Principal& who, const NewAgent& in);
  Result<Agent> UpdateAgent(const Principal& who, Id id, const AgentPatch& in);
  Result<Agent> GetAgent(const Principal& who, Id id);
  Result<Page<Agent>> ListAgents(const Principal& who, const AgentFilter& f);

  Result<Customer> CreateCustomer(const Principal& who, const NewCustomer& in);
  Result<Customer> UpdateCustomer(const Principal& who, Id id, const CustomerPatch& in);
  Result<Customer360> GetCustomer360(const Principal& who, Id id);
  Result<Page<Customer>> ListCustomers(const Principal& who, const CustomerFilter& f);
  // Finds the customer owning a contact id (phone, email or WeChat id); nullopt if none.
  Result<std::optional<Customer>> FindCustomerByContact(const Principal& who,
                                                        const std::string& phone,
                                                        const std::string& email,
                                                        const std::string& wechat_id);
  Result<Order> AddOrder(const Principal& who, Id customer_id, const NewOrder& in);
  Result<Asset> AddAsset(const Principal& who, Id customer_id, const NewAsset& in);

  Result<CreatedTicket> CreateTicket(const Principal& who, const NewTicket& in);
  Result<TicketRow> UpdateTicket(const Principal& who, Id id, const TicketPatch& in);
  Result<TicketView> GetTicket(const Principal& who, Id id);
  Result<Page<TicketRow>> ListTickets(const Principal& who, const TicketFilter& f);
  Result<Message> AddMessage(const Principal& who, Id ticket_id, const NewMessage& in);
  Result<Transcript> AddTranscript(const Principal& who, Id ticket_id, const NewTranscript& in);
  Result<Task> CreateTask(const Principal& who, Id ticket_id, const NewTask& in);
  Result<Task> UpdateTask(const Principal& who, Id task_id, const TaskPatch& in);
  Result<Page<Event>> ListTicketEvents(const Principal& who, Id ticket_id, Id after_seq,
                                       int limit);

  // SLA settings. Reading is open to every role; changing needs admin or supervisor.
  // Documents are the wire form (see API.md); errors name the offending field.
  Result<Value> GetCalendars(const Principal& who);
  Result<Value> PutCalendar(const Principal& who, const std::string& name, const Value& body);
  Result<Value> GetSlaPolicies(const Principal& who);
  Result<Value> PutSlaPolicies(const Principal& who, const Value& body);
  // The policy and due times a ticket with these attributes created at `created_at` gets.
  Result<Value> PreviewSla(const Principal& who, const SlaContext& ctx, TimeMs created_at);

  // Fires every escalation notice due at `now` (each in its own transaction); returns how
  // many fired. Used by the scheduler and by tests.
  Result<int> FireDueNotices(TimeMs now);
  Result<std::optional<TimeMs>> NextNoticeAt();

  // Runs `fn` as one transaction with full access to Operations (bulk jobs: the demo
  // generator, imports). Events are published after commit.
  Status RunBatch(const std::function<Status(Operations&)>& fn);

 private:
  // Runs `fn` in a write transaction and publishes its events after commit.
  Status Write(const std::function<Status(Operations&)>& fn);

  OpsContext Context() const { return OpsContext{sla_.Get()}; }

  Store& store_;
  SlaSettingsHolder sla_;
  std::mutex settings_mu_;  // serialises settings changes
  Secrets& secrets_;
  const Clock& clock_;
  EventBus& bus_;
};

}  // namespace loopdesk
