#pragma once
// Service: the application's front door. Each command runs as one durable transaction
// (Store::Write) through Operations, checks the caller's role first, and publishes the
// committed events on the EventBus. Queries run on a read snapshot. Thread-safe.
//
// Roles (core): every role may read and work tickets and customers; only `admin` creates
// agents or changes another agent; any agent may change its own status and location.

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "app/analytics_feed.h"
#include "app/customer_analytics.h"
#include "app/event_bus.h"
#include "app/feedback_ops.h"
#include "app/inputs.h"
#include "app/operations.h"
#include "app/sla_settings.h"
#include "app/ticket_status.h"
#include "app/voc_ops.h"
#include "ports/notifier.h"
#include "ports/secrets.h"
#include "ports/store.h"

namespace loopdesk {

class CustFeed;
class FeedbackInsights;

class Service {
 public:
  Service(Store& store, Secrets& secrets, const Clock& clock, EventBus& bus)
      : store_(store), secrets_(secrets), clock_(clock), bus_(bus) {}

  const Clock& clock() const { return clock_; }

  // The text engine (owned by main, outliving the service; thread-safe). Set once before
  // serving; null: tickets and messages get no sentiment and /analyze is not served.
  // With an analyzer, feedback (survey comments, complaint text) is classified by the text
  // engine (TextFeedbackClassifier); without one by keywords.
  void SetAnalyzer(const text::Analyzer* a);
  const text::Analyzer* analyzer() const { return analyzer_; }

  // Loads stored settings (calendars, SLA policies); call once at start.
  Status LoadSettings();

  // Resolves a bearer token to its agent; kUnauthenticated when unknown.
  Result<Principal> Authenticate(const std::string& token);
  // When the store has no agent yet, creates an admin whose token is `token`. Returns true
  // when it created one.
  Result<bool> Bootstrap(const std::string& token);

  // Sign-in (auth_service.cc). Login checks the agent's password (Argon2id, set with
  // SetPassword) and opens a browser session of kSessionTtlMs; the returned session and
  // CSRF tokens are stored only as hashes. Wrong email or password → kUnauthenticated
  // (the same message for both).
  struct SignedIn {
    std::string session_token;
    std::string csrf_token;
    TimeMs expires_at = 0;
    Principal who;
  };
  static constexpr TimeMs kSessionTtlMs = 12LL * 3600 * 1000;
  Result<SignedIn> Login(const std::string& email, const std::string& password);
  // Resolves a session token; kUnauthenticated when unknown or expired. When `csrf` is given
  // it must be the session's CSRF token, else kPermissionDenied.
  Result<Principal> AuthenticateSession(const std::string& token, const std::string* csrf);
  // Ends the session (idempotent).
  Status Logout(const std::string& session_token);
  // Sets an agent's password (8–256 bytes): an admin for anyone, an agent for itself.
  // Appends agent.password_set (without the password).
  Status SetPassword(const Principal& who, Id agent_id, const std::string& password);

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
  // The ticket with its conversation, tasks, transfers and compensations; `with_sla`
  // computes its SLA for now (the sub-resource lists do not need it).
  Result<TicketView> GetTicket(const Principal& who, Id id, bool with_sla = true);
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

  // Service commitments (the list, or {items, auto_approve_max}) and their compensations.
  Result<Value> GetCommitments(const Principal& who);
  Result<Value> PutCommitments(const Principal& who, const Value& body);
  Result<std::vector<Compensation>> ListCompensations(const Principal& who, Id ticket_id,
                                                      Id customer_id, int limit);
  // Supervisors and admins approve or reject pending compensations.
  Result<Compensation> DecideCompensation(const Principal& who, Id id, const std::string& status,
                                          const std::string& note);

  // Routing settings {enabled, mode: score|round_robin|least_loaded, weights:{...}}.
  Result<Value> GetRoutingSettings(const Principal& who);
  Result<Value> PutRoutingSettings(const Principal& who, const Value& body);
  // Assigns queued (unassigned, active) tickets, oldest first, to agents the router finds
  // free now; returns how many were assigned.
  Result<int> DrainQueue();

  // Rules (rules_service.cc, docs/rules.md). Every role may read and dry-run; creating,
  // changing and deleting need admin or supervisor. Bodies are the wire form of model.h;
  // invalid rules fail with kInvalidArgument naming the field ("conditions.all[0].op").
  // Each change bumps the version, appends rule.created|updated|deleted with the rule id
  // and version, and swaps the rules snapshot the use cases run.
  Result<std::vector<RuleRecord>> ListRules(const Principal& who);
  Result<RuleRecord> GetRule(const Principal& who, Id id);
  Result<RuleRecord> CreateRule(const Principal& who, const Value& body);
  // Replaces the rule; a `version` in the body must equal the stored one (kConflict).
  Result<RuleRecord> UpdateRule(const Principal& who, Id id, const Value& body);
  // Changes only the keys given (e.g. {enabled:false}); same checks as UpdateRule.
  Result<RuleRecord> PatchRule(const Principal& who, Id id, const Value& body);
  Status DeleteRule(const Principal& who, Id id);
  // Evaluates rule `id` (enabled or not) on the newest `limit` tickets as they are now
  // (ticket.created semantics) without writing: {rule_id, evaluated, matched:[{ticket_id,
  // subject, actions:[...]}], explain?:[...]}.
  Result<Value> DryRunRule(const Principal& who, Id id, int limit, bool explain);
  // The same for an unsaved rule body (validated first).
  Result<Value> DryRunRuleBody(const Principal& who, const Value& body, int limit, bool explain);
  // The fields a rule may test, for the editor (rules::RegistryToValue).
  Value RuleFields() const;

  // Fires every escalation notice due at `now` (each in its own transaction); returns how
  // many fired. Used by the scheduler and by tests.
  Result<int> FireDueNotices(TimeMs now);
  Result<std::optional<TimeMs>> NextNoticeAt();
  // Runs the enabled `schedule` rules over the active tickets (oldest first): each rule
  // fires at most once per ticket and rule version, in the ticket's own transaction.
  // Candidates are found on a read snapshot, so a round without matches writes nothing.
  // Returns how many tickets had rules fire. Used by the scheduler and by tests.
  Result<int> RunScheduledRules(TimeMs now);

  // Voice of the customer (voc_service.cc, docs/voc.md). Surveys and alerts can be read by
  // every role; settings change by admin or supervisor; alerts change by any role but agent.
  // `base_url` prefixes public survey links unless the settings name one; a non-empty
  // `webhook` overrides the stored notify_webhook (command line). Call before serving.
  void ConfigureVoc(const std::string& base_url, const std::string& webhook,
                    NotificationSender* sender);
  Result<Value> GetVocSettings(const Principal& who);
  Result<Value> PutVocSettings(const Principal& who, const Value& body);
  // The ticket's CSAT survey; kNotFound when none was sent.
  Result<Survey> GetTicketSurvey(const Principal& who, Id ticket_id);
  Result<Survey> CreateSurvey(const Principal& who, const SurveyRequest& in);
  Result<Page<Survey>> ListSurveys(const Principal& who, const SurveyFilter& f);
  // {group_by, groups:[{key, sent, answered, response_rate, csat, nps}]} for surveys sent in
  // [from, to).
  Result<Value> SurveyStats(const Principal& who, TimeMs from, TimeMs to,
                            const std::string& group_by);
  // Public (no caller): the survey behind a link, kNotFound when unknown.
  Result<Survey> FindPublicSurvey(const std::string& token);
  Result<Survey> AnswerSurvey(const std::string& token, int score, const std::string& comment);
  std::string SurveyLink(const Survey& s);
  Result<Page<OutboxMessage>> ListOutbox(const Principal& who, const std::string& status,
                                         Id before_id, int limit);
  Result<Page<Alert>> ListAlerts(const Principal& who, const AlertFilter& f);
  Result<Alert> UpdateAlert(const Principal& who, Id id, const std::string& status,
                            const std::string& outcome);
  Result<Page<Improvement>> ListImprovements(const Principal& who, Id before_id, int limit);
  Result<Improvement> GetImprovement(const Principal& who, Id id);
  // id 0 creates.
  Result<Improvement> SaveImprovement(const Principal& who, Id id, const Value& body);
  Result<Improvement> VerifyImprovement(const Principal& who, Id id);
  Result<int> NotifyImprovementCustomers(const Principal& who, Id id, const std::string& message);
  // Feedback causes by product and period (feedback_service.cc, docs/voc.md).
  Result<FeedbackCauseReport> FeedbackCauses(const Principal& who, const FeedbackCauseQuery& q);
  Result<Page<FeedbackItem>> ListFeedbackItems(const Principal& who, const FeedbackFilter& f);
  // Links the surveys and complaints that have no feedback item yet (history written without
  // the live hooks: import, older databases). Returns how many items it wrote. With `stop`,
  // returns early once it becomes true (the rest stays pending; see feedback_ops.h).
  Result<int64_t> LinkPendingFeedback(const std::atomic<bool>* stop = nullptr);
  // Background work (the scheduler): reminders due, alerts past due (escalated), outbox
  // delivery through the sender. Returns how many things it did.
  Result<int> RunVocJobs(TimeMs now);

  // Customer analytics (cust_service.cc, docs/reports.md); every role may read them.
  // The churn risk of one customer now (kNotFound when unknown).
  Result<analytics::ChurnRisk> CustomerChurn(const Principal& who, Id customer_id);
  // Every customer scored now, filtered and ranked by score (highest first).
  Result<AtRiskPage> AtRiskCustomers(const Principal& who, const AtRiskQuery& q);
  // The cost model (app/cost_model.h); changing it needs admin or supervisor.
  Result<Value> GetCostModel(const Principal& who);
  Result<Value> PutCostModel(const Principal& who, const Value& body);
  // Service value and ROI for [from, to) against the previous period of equal length.
  Result<Value> ServiceValueReport(const Principal& who, TimeMs from, TimeMs to);
  // The customer journey by stage for [from, to) (analytics/journey.h).
  Result<Value> JourneyReport(const Principal& who, TimeMs from, TimeMs to);
  // One customer's touchpoints in time order (future warranty ends included), `limit` from
  // position `after` (the cursor); kNotFound when the customer does not exist.
  Result<Value> CustomerJourney(const Principal& who, Id customer_id, int limit, int64_t after);
  // Customer status links (ticket_status_service.cc, docs/web.md). Any role may read or
  // create a ticket's link; `create` makes one (a fresh token, event ticket.link_created)
  // when the ticket has none. kNotFound: unknown ticket, or no link and !create.
  Result<TicketStatusLink> GetTicketStatusLink(const Principal& who, Id ticket_id, bool create);
  // Public (no caller): the customer's view behind a link; kNotFound when unknown.
  Result<PublicTicketStatus> FindPublicTicketStatus(const std::string& token);

  // Runs `fn` as one transaction with full access to Operations (bulk jobs: the demo
  // generator, imports), without automatic routing. Events are published after commit.
  Status RunBatch(const std::function<Status(Operations&)>& fn);

  // Analytics (app/analytics_feed.h): the fact store behind /api/v1/metrics, wired by main;
  // null when not wired. The feed reads the current SLA settings through SlaSnapshot().
  // While the feed is still loading (AnalyticsFeed::warming(), the server loads it in the
  // background) analytics() is nullptr and analytics_warming() true: answer 503 warming_up.
  void SetAnalytics(AnalyticsFeed* feed) { analytics_.store(feed); }
  AnalyticsFeed* analytics() const {
    AnalyticsFeed* f = analytics_.load();
    return f && !f->warming() ? f : nullptr;
  }
  bool analytics_warming() const {
    AnalyticsFeed* f = analytics_.load();
    return f && f->warming();
  }
  // The in-memory customer index behind the customer reports (app/cust_feed.h), wired by
  // main; null (or still loading): the reports read the store (the same answers, slower).
  void SetCustFeed(CustFeed* feed) { cust_feed_.store(feed); }
  CustFeed* cust_feed() const { return cust_feed_.load(); }
  std::shared_ptr<const SlaSettings> SlaSnapshot() const { return sla_.Get(); }
  // The store, for read-only queries of other use-case classes (app/insights_service.h).
  Store& store() const { return store_; }

  // Feedback clusters and corpus keywords (app/feedback_insights.h), wired by main; null when
  // not wired (no text engine).
  void SetFeedbackInsights(FeedbackInsights* f) { feedback_insights_ = f; }
  FeedbackInsights* feedback_insights() const { return feedback_insights_; }

 private:
  // Runs `fn` in a write transaction and publishes its events after commit. `bulk`
  // (historical jobs: demo, import) neither routes new tickets nor drains the queue, since
  // those would stamp today's decisions into yesterday's history.
  Status Write(const std::function<Status(Operations&)>& fn, bool bulk = false);

  OpsContext Context();
  Status LoadRouter();
  // Brings the router's agents and loads up to date with committed events, and assigns
  // queued tickets when an agent came online or freed capacity.
  void SyncRouter(const std::vector<Event>& events, bool drain = true);

  // Rules (rules_service.cc): the snapshot the use cases run, reloaded after each change.
  Status LoadRules();
  std::shared_ptr<const std::vector<rules::Rule>> RulesSnapshot() const;
  // PUT (merge=false) or PATCH (merge=true) of rule `id`.
  Result<RuleRecord> SaveRule(const Principal& who, Id id, const Value& body, bool merge);
  Result<Value> DryRun(const rules::Rule& rule, int limit, bool explain);
  mutable std::mutex rules_mu_;    // guards rules_
  std::shared_ptr<const std::vector<rules::Rule>> rules_;
  std::mutex rules_write_mu_;      // serialises rule changes and snapshot swaps

  Result<analytics::CostModel> LoadCostModel();  // cust_service.cc

  // Voice of the customer (voc_service.cc).
  Status LoadVoc();
  std::shared_ptr<const VocContext> VocSnapshot() const;
  Result<int> DeliverOutbox(TimeMs now);
  mutable std::mutex voc_mu_;  // guards voc_, sender_, voc_base_url_, voc_webhook_
  std::shared_ptr<const VocContext> voc_;
  VocSettings voc_stored_;     // as stored (without the command-line override)
  std::string voc_base_url_, voc_webhook_;
  NotificationSender* sender_ = nullptr;
  KeywordFeedbackClassifier classifier_;
  std::unique_ptr<TextFeedbackClassifier> text_classifier_;  // set with the analyzer
  const FeedbackClassifier* FeedbackClassifierInUse() const;

  struct RoutingSettings {
    bool enabled = true;
    RoutingMode mode = RoutingMode::kScore;
    RoutingWeights weights;
  };

  Store& store_;
  SlaSettingsHolder sla_;
  Router router_;
  mutable std::mutex routing_mu_;
  RoutingSettings routing_;  // guarded by routing_mu_
  std::mutex settings_mu_;  // serialises settings changes
  Secrets& secrets_;
  const Clock& clock_;
  EventBus& bus_;
  const text::Analyzer* analyzer_ = nullptr;
  std::atomic<AnalyticsFeed*> analytics_{nullptr};
  std::atomic<CustFeed*> cust_feed_{nullptr};
  FeedbackInsights* feedback_insights_ = nullptr;
};

}  // namespace loopdesk
