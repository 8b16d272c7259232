#pragma once
// The SQLite UnitOfWork: the port's repository methods as SQL on one connection. The
// caller (SqliteStore) owns the transaction around it; this class only runs statements.

#include <memory>

#include "ports/store.h"
#include "storage/sqlite/connection.h"

namespace loopdesk::sqlite {

// Runs every UnitOfWork method on `conn` inside the transaction the caller opened. With
// `read_only`, write methods fail with kInternal "read-only transaction" before touching
// the database. Exceptions (allocation, JSON) are caught and returned as kInternal.
// Not thread-safe; valid while the caller's transaction is open.
class SqliteUnitOfWork final : public UnitOfWork {
 public:
  SqliteUnitOfWork(sql::Db& conn, bool read_only) : conn_(conn), read_only_(read_only) {}

  Status InsertCustomer(Customer& c) override;
  Status UpdateCustomer(const Customer& c) override;
  Result<Customer> GetCustomer(Id id) override;
  Result<std::optional<Customer>> FindCustomerByContact(const std::string& phone,
                                                        const std::string& email,
                                                        const std::string& wechat_id) override;
  Result<std::optional<Customer>> FindCustomerByExternalId(const std::string& ext) override;
  Result<std::vector<Customer>> ListCustomers(const CustomerFilter& f) override;

  Status InsertOrder(Order& o) override;
  Result<std::vector<Order>> ListOrders(Id customer_id) override;
  Status InsertAsset(Asset& a) override;
  Result<std::vector<Asset>> ListAssets(Id customer_id) override;

  Status InsertAgent(Agent& a) override;
  Status UpdateAgent(const Agent& a) override;
  Result<Agent> GetAgent(Id id) override;
  Result<std::optional<Agent>> FindAgentByEmail(const std::string& email) override;
  Result<std::vector<Agent>> ListAgents(const AgentFilter& f) override;
  Result<int64_t> CountAgents() override;

  Status InsertToken(const std::string& token_hash, Id agent_id, TimeMs created_at) override;
  Result<std::optional<Id>> FindAgentIdByTokenHash(const std::string& token_hash) override;
  // Sign-in: unit_of_work_auth.cc.
  Status SetPasswordHash(Id agent_id, const std::string& hash, TimeMs at) override;
  Result<std::optional<std::string>> GetPasswordHash(Id agent_id) override;
  Status InsertSession(const SessionRecord& s) override;
  Result<std::optional<SessionRecord>> FindSession(const std::string& token_hash) override;
  Status DeleteSession(const std::string& token_hash) override;

  Status InsertTicket(Ticket& t) override;
  Status UpdateTicket(const Ticket& t) override;
  Result<Ticket> GetTicket(Id id) override;
  Result<std::optional<Ticket>> FindTicketByExternalId(const std::string& ext) override;
  Result<std::vector<Ticket>> ListTickets(const TicketFilter& f) override;
  Result<int64_t> CountActiveTicketsOf(Id agent_id) override;

  Status InsertMessage(Message& m) override;
  Result<std::vector<Message>> ListMessages(Id ticket_id) override;
  Status InsertTranscript(Transcript& t) override;
  Result<std::vector<Transcript>> ListTranscripts(Id ticket_id) override;

  Status InsertTask(Task& t) override;
  Status UpdateTask(const Task& t) override;
  Result<Task> GetTask(Id id) override;
  Result<std::vector<Task>> ListTasks(Id ticket_id) override;
  Status InsertTransfer(Transfer& t) override;
  Result<std::vector<Transfer>> ListTransfers(Id ticket_id) override;

  Result<std::optional<Value>> GetConfig(const std::string& key) override;
  Status PutConfig(const std::string& key, const Value& doc, TimeMs at) override;
  Status InsertCompensation(Compensation& c) override;
  Status UpdateCompensation(const Compensation& c) override;
  Result<Compensation> GetCompensation(Id id) override;
  Result<std::vector<Compensation>> ListCompensations(Id ticket_id, Id customer_id,
                                                      int limit) override;
  Status PutSlaOverride(Id ticket_id, const SlaOverride& o) override;
  Result<std::vector<SlaOverride>> ListSlaOverrides(Id ticket_id) override;
  Status PutTicketSla(const TicketSla& s) override;
  Result<std::optional<TicketSla>> GetTicketSla(Id ticket_id) override;
  Status ReplacePendingNotices(Id ticket_id, const std::vector<SlaNotice>& planned) override;
  Result<std::vector<SlaNotice>> DueNotices(TimeMs now, int limit) override;
  Result<std::optional<TimeMs>> NextNoticeAt() override;
  Status MarkNoticeFired(const SlaNotice& n, TimeMs at) override;

  // Rules: unit_of_work_rules.cc.
  Status InsertRule(rules::Rule& r, TimeMs at) override;
  Status UpdateRule(const rules::Rule& r, TimeMs at) override;
  Status DeleteRule(Id id, TimeMs at) override;
  Result<RuleRecord> GetRule(Id id) override;
  Result<std::vector<RuleRecord>> ListRules() override;
  Result<std::optional<int64_t>> ScheduleRunVersion(Id rule_id, Id ticket_id) override;
  Status RecordScheduleRun(Id rule_id, Id ticket_id, int64_t version, TimeMs at) override;

  // Quality inspection: unit_of_work_qa.cc.
  Status PutQaResult(Id ticket_id, const Value& doc, std::optional<double> score,
                     bool hidden_dissatisfaction, TimeMs at) override;
  Result<std::optional<Value>> GetQaResult(Id ticket_id) override;
  Result<QaSummary> SummarizeQaResults() override;
  Status InsertQaReview(QaReviewRecord& r) override;
  Result<std::vector<QaReviewRecord>> ListQaReviews(Id ticket_id, int limit) override;
  Result<std::vector<Id>> ListUnscoredTickets(Id after_id, int limit) override;

  Status AppendEvent(Event& e) override;
  // Customer status links: unit_of_work_links.cc.
  Status InsertTicketLink(const TicketLinkRecord& link) override;
  Result<std::optional<TicketLinkRecord>> GetTicketLink(Id ticket_id) override;
  Result<std::optional<TicketLinkRecord>> FindTicketLink(const std::string& token) override;
  Result<std::vector<Event>> ListTicketEvents(Id ticket_id, Id after_seq, int limit) override;
  Result<std::vector<Event>> ListEventsAfter(Id after_seq, int limit) override;

  // Feedback texts for clusters and keywords: unit_of_work_feedback.cc.
  Result<std::vector<FeedbackText>> ListFeedbackTexts(TimeMs from, TimeMs to, int limit) override;
  Result<std::vector<std::string>> CorpusTexts(int limit) override;

  // Voice of the customer: unit_of_work_voc.cc.
  VocStore& voc() override;
  // Feedback items: unit_of_work_feedback.cc.
  FeedbackStore& feedback() override;
  // Customer analytics: unit_of_work_cust.cc.
  CustStore& cust() override;
  // Historical import's bulk path: unit_of_work_bulk.cc.
  BulkImportSink* bulk_import() override;
  // Knowledge base: unit_of_work_knowledge.cc.
  KnowledgeStore& knowledge() override;

 private:
  Status CheckWritable() const;

  sql::Db& conn_;
  const bool read_only_;
  std::unique_ptr<VocStore> voc_;  // created on first use
  std::unique_ptr<FeedbackStore> feedback_;  // created on first use
  std::unique_ptr<CustStore> cust_;  // created on first use
  std::unique_ptr<BulkImportSink> bulk_;  // created on first use
  std::unique_ptr<KnowledgeStore> knowledge_;  // created on first use
};

}  // namespace loopdesk::sqlite
