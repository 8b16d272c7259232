#pragma once
// The use cases of the service core, run inside one store transaction. Each operation
// validates its input, loads what it needs, applies the domain rules, persists the change
// and appends its events — all through one UnitOfWork, so a change and its events commit
// or vanish together. Time is passed in (`now`), which lets the demo generator and the
// importer replay history with its real timestamps.
//
// Errors: kInvalidArgument naming the field for bad values, kNotFound for an unknown
// addressed entity, kConflict for a state that forbids the change.

#include <memory>
#include <vector>

#include "app/inputs.h"
#include "app/sla_settings.h"
#include "ports/store.h"
#include "sla/clock.h"

namespace loopdesk {

// What the use cases read besides the store: immutable snapshots of settings.
struct OpsContext {
  std::shared_ptr<const SlaSettings> sla;  // null: defaults
};

class Operations {
 public:
  explicit Operations(UnitOfWork& uow, OpsContext ctx = {});

  UnitOfWork& uow() { return uow_; }
  // The events appended so far in this transaction (published after commit).
  const std::vector<Event>& events() const { return events_; }

  Result<Agent> CreateAgent(const Actor& actor, const NewAgent& in, TimeMs now);
  Result<Agent> UpdateAgent(const Actor& actor, Id id, const AgentPatch& in, TimeMs now);

  Result<Customer> CreateCustomer(const Actor& actor, const NewCustomer& in, TimeMs now);
  Result<Customer> UpdateCustomer(const Actor& actor, Id id, const CustomerPatch& in, TimeMs now);
  Result<Order> AddOrder(const Actor& actor, Id customer_id, const NewOrder& in, TimeMs now);
  Result<Asset> AddAsset(const Actor& actor, Id customer_id, const NewAsset& in, TimeMs now);

  Result<CreatedTicket> CreateTicket(const Actor& actor, const NewTicket& in, TimeMs now);
  Result<Ticket> UpdateTicket(const Actor& actor, Id id, const TicketPatch& in, TimeMs now);
  // `author_id`: the agent for agent messages (the actor), ignored for customer messages
  // (the ticket's customer is the author).
  Result<Message> AddMessage(const Actor& actor, Id ticket_id, const NewMessage& in, TimeMs now);
  Result<Transcript> AddTranscript(const Actor& actor, Id ticket_id, const NewTranscript& in,
                                   TimeMs now);
  Result<Task> CreateTask(const Actor& actor, Id ticket_id, const NewTask& in, TimeMs now);
  Result<Task> UpdateTask(const Actor& actor, Id task_id, const TaskPatch& in, TimeMs now);

  // Recomputes and stores the ticket's SLA state and its planned escalation notices from its
  // timeline (called by every operation that changes a ticket).
  Status RefreshSla(const Ticket& t, TimeMs now);
  // The SLA computation of a ticket at `now` without storing anything; nullopt when no
  // policy matches.
  Result<std::optional<SlaResult>> ComputeTicketSla(const Ticket& t, TimeMs now);
  // Fires one due escalation notice: re-plans the ticket's SLA first, and fires only when
  // the notice is still planned and due; each notice fires at most once.
  Status FireNotice(const SlaNotice& n, TimeMs now);

  const SlaSettings& sla_settings() const { return *ctx_.sla; }

  // Appends an event of this transaction.
  Status Emit(const Actor& actor, std::string type, TimeMs at, Id ticket_id, Id customer_id,
              Value data);

 private:
  Status CheckAgentRef(std::optional<Id> id, const char* field, Agent* out = nullptr);

  Result<SlaTimeline> LoadTimeline(const Ticket& t);
  Result<const SlaPolicy*> PolicyFor(const Ticket& t);

  UnitOfWork& uow_;
  OpsContext ctx_;
  std::vector<Event> events_;
};

// Shared validation helpers (also used by the decoders' callers).
Status CheckText(const std::string& s, const char* field, size_t max_code_points,
                 bool required);
Status CheckTags(const std::vector<std::string>& tags, const char* field);

// The wire form of an SLA computation: {policy, calendar, state, first_response_due,
// resolution_due, paused_s, targets:{first_response:{...}, resolution:{...}, ...}}.
Value SlaResultToValue(const SlaResult& r);

}  // namespace loopdesk
