#pragma once
// The store port: everything the application needs from persistence. Adapters live in
// src/storage (sqlite/ now, postgres/ next) and are chosen in src/main only.
//
// Contract for every adapter:
// - Store::Write runs `fn` in a transaction. When `fn` returns OK, Write returns only after
//   the change is durable (survives kill -9 and power loss per the backend's fsync). When
//   `fn` returns an error (or throws), none of its changes are kept and Write returns that
//   error. Adapters may group several concurrent Write calls into one physical transaction
//   (group commit); each call still keeps or loses its own changes as a whole.
// - Store::Read runs `fn` against a consistent snapshot; write methods fail there.
// - Insert* assign `id` (and events' `seq`) on the passed object.
// - Get* return kNotFound when the id is unknown; Find* return nullopt.
// - List* return at most `limit` rows in the documented order; cursors are ids.

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "domain/entities.h"
#include "ports/feedback_store.h"
#include "ports/cust_store.h"
#include "ports/bulk_import.h"
#include "ports/feedback_texts.h"
#include "ports/knowledge_store.h"
#include "ports/voc_store.h"
#include "rules/model.h"

namespace loopdesk {

struct TicketFilter {
  std::optional<TicketStatus> status;
  std::optional<Id> assignee_id;
  std::optional<Id> customer_id;
  std::optional<std::string> team;
  std::optional<Channel> channel;
  bool unassigned_only = false;  // assignee_id IS NULL
  bool active_only = false;      // status in new/open/pending/on_hold/reopened
  bool oldest_first = false;     // id ascending (queues); before_id then means "after"
  std::string q;       // substring of subject or description (case-insensitive for ASCII)
  Id before_id = 0;    // cursor: only tickets with id < before_id (0 = from the newest)
  int limit = 50;
};

struct CustomerFilter {
  std::optional<Tier> tier;
  std::string q;  // substring of name, phone, email or wechat id
  Id before_id = 0;
  int limit = 50;
};

struct AgentFilter {
  std::optional<std::string> team;
  std::optional<Role> role;
  Id after_id = 0;  // agents list oldest first
  int limit = 50;
};

// A browser session (sign-in): only hashes of the session and CSRF tokens are stored.
struct SessionRecord {
  std::string token_hash;
  Id agent_id = 0;
  std::string csrf_hash;
  TimeMs created_at = 0;
  TimeMs expires_at = 0;
};

// A stored rule with its bookkeeping times (rule.id and rule.version come from the store).
// A ticket's customer status link (the public page /t/{token}).
struct TicketLinkRecord {
  Id ticket_id = 0;
  std::string token;
  TimeMs created_at = 0;
};

struct RuleRecord {
  rules::Rule rule;
  TimeMs created_at = 0;
  TimeMs updated_at = 0;
};

// A manual QA review of one ticket (docs/qa.md); `doc` is its document
// {items:[{name, score, auto_score, max}], note, rubric_version}.
struct QaReviewRecord {
  Id id = 0;
  Id ticket_id = 0;
  Id reviewer_id = 0;
  TimeMs at = 0;
  Value doc;
};

// Aggregates over the stored automatic QA results (qa_results joined with tickets).
struct QaSummary {
  int64_t scored = 0;                   // tickets with a stored result
  std::optional<double> average_score;  // over results with a score
  int64_t resolved = 0;                 // of them, tickets now resolved or closed
  int64_t hidden = 0;                   // of those, flagged hidden dissatisfaction
};

// One transaction's view of the store. Not thread-safe; valid only inside Write/Read.
class UnitOfWork {
 public:
  virtual ~UnitOfWork() = default;

  // Customers. Contacts (phone, email, wechat_id) are unique when non-empty.
  virtual Status InsertCustomer(Customer& c) = 0;
  virtual Status UpdateCustomer(const Customer& c) = 0;
  virtual Result<Customer> GetCustomer(Id id) = 0;
  virtual Result<std::optional<Customer>> FindCustomerByContact(const std::string& phone,
                                                                const std::string& email,
                                                                const std::string& wechat_id) = 0;
  virtual Result<std::optional<Customer>> FindCustomerByExternalId(const std::string& ext) = 0;
  // Newest first.
  virtual Result<std::vector<Customer>> ListCustomers(const CustomerFilter& f) = 0;

  virtual Status InsertOrder(Order& o) = 0;
  virtual Result<std::vector<Order>> ListOrders(Id customer_id) = 0;  // newest first
  virtual Status InsertAsset(Asset& a) = 0;
  virtual Result<std::vector<Asset>> ListAssets(Id customer_id) = 0;  // by id

  // Agents (every user of the system is an agent with a role).
  virtual Status InsertAgent(Agent& a) = 0;
  virtual Status UpdateAgent(const Agent& a) = 0;
  virtual Result<Agent> GetAgent(Id id) = 0;
  virtual Result<std::optional<Agent>> FindAgentByEmail(const std::string& email) = 0;
  virtual Result<std::vector<Agent>> ListAgents(const AgentFilter& f) = 0;
  virtual Result<int64_t> CountAgents() = 0;

  // API tokens, stored as SHA-256 hex of the token; the token itself is never stored.
  virtual Status InsertToken(const std::string& token_hash, Id agent_id, TimeMs created_at) = 0;
  virtual Result<std::optional<Id>> FindAgentIdByTokenHash(const std::string& token_hash) = 0;

  // Sign-in (unit_of_work_auth.cc): one password hash per agent (Secrets::HashPassword
  // output; replaced by SetPasswordHash) and browser sessions by token hash.
  virtual Status SetPasswordHash(Id agent_id, const std::string& hash, TimeMs at) = 0;
  virtual Result<std::optional<std::string>> GetPasswordHash(Id agent_id) = 0;
  // Also drops the sessions that expired before s.created_at, so the table stays small.
  virtual Status InsertSession(const SessionRecord& s) = 0;
  virtual Result<std::optional<SessionRecord>> FindSession(const std::string& token_hash) = 0;
  // Removes the session (no error when it is already gone).
  virtual Status DeleteSession(const std::string& token_hash) = 0;

  // Tickets. ListTickets is newest first (id descending).
  virtual Status InsertTicket(Ticket& t) = 0;
  virtual Status UpdateTicket(const Ticket& t) = 0;
  virtual Result<Ticket> GetTicket(Id id) = 0;
  virtual Result<std::optional<Ticket>> FindTicketByExternalId(const std::string& ext) = 0;
  virtual Result<std::vector<Ticket>> ListTickets(const TicketFilter& f) = 0;
  // Open tickets (new/open/pending/on_hold/reopened) per assignee, for load.
  virtual Result<int64_t> CountActiveTicketsOf(Id agent_id) = 0;

  // Conversation. Listed in creation order.
  virtual Status InsertMessage(Message& m) = 0;
  virtual Result<std::vector<Message>> ListMessages(Id ticket_id) = 0;
  virtual Status InsertTranscript(Transcript& t) = 0;
  virtual Result<std::vector<Transcript>> ListTranscripts(Id ticket_id) = 0;

  // Collaboration tasks and transfers, in creation order.
  virtual Status InsertTask(Task& t) = 0;
  virtual Status UpdateTask(const Task& t) = 0;
  virtual Result<Task> GetTask(Id id) = 0;
  virtual Result<std::vector<Task>> ListTasks(Id ticket_id) = 0;
  virtual Status InsertTransfer(Transfer& t) = 0;
  virtual Result<std::vector<Transfer>> ListTransfers(Id ticket_id) = 0;

  // Configuration documents by key ("calendars", "sla_policies", "commitments", ...).
  virtual Result<std::optional<Value>> GetConfig(const std::string& key) = 0;
  virtual Status PutConfig(const std::string& key, const Value& doc, TimeMs at) = 0;

  // Compensations. InsertCompensation fails with kConflict when the ticket already has one
  // for the same commitment (a breach compensates once).
  virtual Status InsertCompensation(Compensation& c) = 0;
  virtual Status UpdateCompensation(const Compensation& c) = 0;
  virtual Result<Compensation> GetCompensation(Id id) = 0;
  // Newest first; filters are optional (0 = any).
  virtual Result<std::vector<Compensation>> ListCompensations(Id ticket_id, Id customer_id,
                                                              int limit) = 0;

  // Per-ticket SLA target overrides; one per target (a new one replaces the old).
  virtual Status PutSlaOverride(Id ticket_id, const SlaOverride& o) = 0;
  virtual Result<std::vector<SlaOverride>> ListSlaOverrides(Id ticket_id) = 0;

  // Derived SLA state per ticket and its planned escalation notices.
  virtual Status PutTicketSla(const TicketSla& s) = 0;
  virtual Result<std::optional<TicketSla>> GetTicketSla(Id ticket_id) = 0;
  // Drops the ticket's unfired notices and keeps the earliest of `planned` (sorted by
  // fire_at) that has not fired yet — one pending notice per ticket; firing it re-plans the
  // next. A notice that already fired (same ticket, target, percent, action) never fires again.
  virtual Status ReplacePendingNotices(Id ticket_id, const std::vector<SlaNotice>& planned) = 0;
  // Unfired notices with fire_at <= now, earliest first.
  virtual Result<std::vector<SlaNotice>> DueNotices(TimeMs now, int limit) = 0;
  // The earliest unfired notice time, if any.
  virtual Result<std::optional<TimeMs>> NextNoticeAt() = 0;
  // Marks the notice fired when it is still pending and due at `at`; kConflict when it
  // already fired (another node or run got there first) or was re-planned or dropped.
  virtual Status MarkNoticeFired(const SlaNotice& n, TimeMs at) = 0;

  // Rules (rules/model.h), stored as their wire document; soft-deleted. InsertRule assigns
  // `id` and sets `version` to 1; UpdateRule replaces the rule `r.id` and raises its stored
  // version by one; DeleteRule marks it deleted. Update/Delete/Get of an unknown or deleted
  // rule → kNotFound. ListRules: the live rules by (position, id).
  virtual Status InsertRule(rules::Rule& r, TimeMs at) = 0;
  virtual Status UpdateRule(const rules::Rule& r, TimeMs at) = 0;
  virtual Status DeleteRule(Id id, TimeMs at) = 0;
  virtual Result<RuleRecord> GetRule(Id id) = 0;
  virtual Result<std::vector<RuleRecord>> ListRules() = 0;
  // Schedule rules fire once per ticket and rule version: the version of `rule_id` that
  // last fired on `ticket_id` (none: never), and recording a firing (replaces the last).
  virtual Result<std::optional<int64_t>> ScheduleRunVersion(Id rule_id, Id ticket_id) = 0;
  virtual Status RecordScheduleRun(Id rule_id, Id ticket_id, int64_t version, TimeMs at) = 0;

  // Quality inspection: the latest automatic result per ticket (a derived document,
  // replaced on each scoring) and manual reviews (append-only). InsertQaReview assigns `id`.
  virtual Status PutQaResult(Id ticket_id, const Value& doc, std::optional<double> score,
                             bool hidden_dissatisfaction, TimeMs at) = 0;
  virtual Result<std::optional<Value>> GetQaResult(Id ticket_id) = 0;
  virtual Result<QaSummary> SummarizeQaResults() = 0;
  virtual Status InsertQaReview(QaReviewRecord& r) = 0;
  // Newest first; ticket_id 0 = every ticket.
  virtual Result<std::vector<QaReviewRecord>> ListQaReviews(Id ticket_id, int limit) = 0;
  // Ids above `after_id` of tickets that have no stored automatic result yet, ascending, at
  // most `limit` (the history the background worker scores: demo data, imports, old stores).
  virtual Result<std::vector<Id>> ListUnscoredTickets(Id after_id, int limit) = 0;

  // The event log: append-only, `seq` strictly increasing in commit order.
  virtual Status AppendEvent(Event& e) = 0;
  // A ticket's events in order, seq > after_seq, at most limit.
  virtual Result<std::vector<Event>> ListTicketEvents(Id ticket_id, Id after_seq, int limit) = 0;
  // All events with seq > after_seq, at most limit (derived indexes rebuild from this).
  virtual Result<std::vector<Event>> ListEventsAfter(Id after_seq, int limit) = 0;

  // Feedback texts (ports/feedback_texts.h) with `at` in [from, to), ordered by at then id,
  // at most `limit`.
  virtual Result<std::vector<FeedbackText>> ListFeedbackTexts(TimeMs from, TimeMs to,
                                                              int limit) = 0;
  // The newest ticket texts (subject + description) and public customer messages, at most
  // `limit` of each: the corpus the keyword IDF is computed from.
  virtual Result<std::vector<std::string>> CorpusTexts(int limit) = 0;
  // Customer status links (unit_of_work_links.cc): one unguessable token per ticket.
  // InsertTicketLink → kConflict when the ticket already has one or the token is taken.
  virtual Status InsertTicketLink(const TicketLinkRecord& link) = 0;
  virtual Result<std::optional<TicketLinkRecord>> GetTicketLink(Id ticket_id) = 0;
  virtual Result<std::optional<TicketLinkRecord>> FindTicketLink(const std::string& token) = 0;

  // Voice of the customer (ports/voc_store.h), in this same transaction.
  virtual VocStore& voc() = 0;
  // Feedback items (ports/feedback_store.h), in this same transaction.
  virtual FeedbackStore& feedback() = 0;
  // Customer analytics (ports/cust_store.h), in this same transaction.
  virtual CustStore& cust() = 0;

  // The bulk write path of historical imports (ports/bulk_import.h), in this same
  // transaction; nullptr when the adapter has none (callers then use the methods above).
  virtual BulkImportSink* bulk_import() { return nullptr; }
  // Knowledge base articles (ports/knowledge_store.h), in this same transaction.
  virtual KnowledgeStore& knowledge() = 0;
};

class Store {
 public:
  virtual ~Store() = default;
  using TxFn = std::function<Status(UnitOfWork&)>;
  // See the contract at the top of this file. Thread-safe.
  virtual Status Write(const TxFn& fn) = 0;
  virtual Status Read(const TxFn& fn) = 0;
  // A short description for logs, e.g. "sqlite:/data/loopdesk.db".
  virtual std::string Describe() const = 0;
};

}  // namespace loopdesk
