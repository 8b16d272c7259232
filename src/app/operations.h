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
#include "routing/router.h"
#include "rules/engine.h"
#include "sla/clock.h"
#include "text/analyzer.h"

namespace loopdesk {

struct VocContext;  // app/voc_settings.h

// What the use cases read besides the store: immutable snapshots of settings.
struct OpsContext {
  std::shared_ptr<const SlaSettings> sla;  // null: defaults
  // Automatic assignment of new tickets without an assignee; null: off. The router is
  // shared and thread-safe; agents it reserves are listed in `reserved` so the caller can
  // release them when the transaction does not commit.
  Router* router = nullptr;
  RoutingMode routing_mode = RoutingMode::kScore;
  std::vector<Id>* reserved = nullptr;
  // The live rules (docs/rules.md), in (position, id) order; null or empty: none run.
  std::shared_ptr<const std::vector<rules::Rule>> rules;
  // Voice of the customer (app/voc_ops.h): surveys, warnings; null: off.
  std::shared_ptr<const VocContext> voc;
  // A historical bulk job (demo, import): no routing, no notifications sent.
  bool bulk = false;
  // The text engine (thread-safe, shared); null: no sentiment is computed or stored.
  const text::Analyzer* analyzer = nullptr;
};

class Operations {
 public:
  explicit Operations(UnitOfWork& uow, OpsContext ctx = {});

  UnitOfWork& uow() { return uow_; }
  const OpsContext& context() const { return ctx_; }
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

  // Routes an unassigned ticket: sets assignee, team and routing_reason on `t` (not yet
  // stored). Does nothing without a router.
  Status RouteTicket(Ticket& t, const Customer& c);

  // Recomputes and stores the ticket's SLA state and its planned escalation notices from its
  // timeline (called by every operation that changes a ticket).
  Status RefreshSla(const Ticket& t, TimeMs now);
  // The SLA computation of a ticket at `now` without storing anything; nullopt when no
  // policy matches.
  Result<std::optional<SlaResult>> ComputeTicketSla(const Ticket& t, TimeMs now);
  // Fires one due escalation notice: re-plans the ticket's SLA first, and fires only when
  // the notice is still planned and due; each notice fires at most once.
  Status FireNotice(const SlaNotice& n, TimeMs now);
  // Dynamic SLA: changes one target of this ticket (seconds replaces, factor scales) and
  // re-plans its SLA; records `sla.adjusted`.
  Status AdjustSla(const Actor& actor, const Ticket& t, const SlaOverride& o, TimeMs now);
  // Creates the compensations that service commitments promise for a breached `target`
  // (once per ticket and commitment).
  Status GrantCompensations(const Ticket& t, const std::string& target, TimeMs now);
  // Stores a compensation (status from its amount and the auto-approval limit) and records
  // `compensation.created`; kConflict when the ticket already has one from this source.
  Status RecordCompensation(Compensation& comp, TimeMs now);
  // A supervisor's decision on a pending compensation: approved | rejected.
  Result<Compensation> DecideCompensation(const Actor& actor, Id id, const std::string& status,
                                          const std::string& note, TimeMs now);

  // Rules (rules_ops.cc, docs/rules.md). Runs the rules of `event` on ticket `ticket_id` in
  // this transaction: builds the facts (the ticket as stored now, `before` as the previous
  // values on ticket.updated, the customer, `msg` on message.created, SLA state), then
  // applies each matching rule's actions through the use cases above. Nested events raised
  // by those actions run their rules under one LoopGuard (≤ 5 levels, each rule at most once
  // per originating event). When `refreshed` is given and a rule fired, it is reloaded.
  Status RunRules(std::string_view event, const Ticket& before, Id ticket_id,
                  const Message* msg, TimeMs now, Ticket* refreshed = nullptr);
  // The facts RunRules would build for `t` (dry runs use event ticket.created).
  Result<rules::MapFacts> RuleFacts(std::string_view event, const Ticket& t,
                                    const Ticket* before, const Message* msg, TimeMs now);

  const SlaSettings& sla_settings() const { return *ctx_.sla; }

  // Appends an event of this transaction.
  Status Emit(const Actor& actor, std::string type, TimeMs at, Id ticket_id, Id customer_id,
              Value data);

 private:
  Status CheckAgentRef(std::optional<Id> id, const char* field, Agent* out = nullptr);

  Result<SlaTimeline> LoadTimeline(const Ticket& t);
  // The matching policy with the ticket's own target overrides applied; nullopt: none.
  Result<std::optional<SlaPolicy>> PolicyFor(const Ticket& t);

  UnitOfWork& uow_;
  OpsContext ctx_;
  std::vector<Event> events_;

  // Rules (rules_ops.cc): the guard of the rule chain being run, null outside RunRules.
  Status ApplyRuleAction(const rules::Firing& f, size_t index, std::string_view event,
                         Id ticket_id, TimeMs now);
  rules::LoopGuard* rule_guard_ = nullptr;
};

// The sentiment of `text` by `analyzer`; nullopt without one.
std::optional<SentimentTag> AnalyzeSentiment(const text::Analyzer* analyzer,
                                             std::string_view text);

// The facts sentiment.{label,score,emotions} and text.{language,cause,keywords} of the new
// message, or of the ticket's subject and description; nothing without an analyzer.
// The text engine's signals for priority and category inference (domain/inference.h);
// nullopt without an analyzer.
std::optional<TextSignals> TextSignalsOf(const text::Analyzer* analyzer, std::string_view text);

void AddTextFacts(const text::Analyzer* analyzer, const Ticket& t, const Message* msg,
                  rules::MapFacts* facts);

// Shared validation helpers (also used by the decoders' callers).
Status CheckText(const std::string& s, const char* field, size_t max_code_points,
                 bool required);
Status CheckTags(const std::vector<std::string>& tags, const char* field);

// The patch that escalates a ticket (SLA step or rule): one priority level up, tag
// "escalated". Empty fields when there is nothing to change.
TicketPatch EscalationPatch(const Ticket& t);

// The wire form of an SLA computation: {policy, calendar, state, first_response_due,
// resolution_due, paused_s, targets:{first_response:{...}, resolution:{...}, ...}}.
Value SlaResultToValue(const SlaResult& r);

}  // namespace loopdesk
