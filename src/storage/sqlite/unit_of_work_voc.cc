// The voice-of-the-customer tables of the SQLite UnitOfWork (migration 7): surveys, outbox,
// alerts, complaints and improvements (stored as their document, domain/voc.h).

#include <algorithm>
#include <memory>
#include <string>
#include <string_view>

#include "codec/value_json.h"
#include "storage/sqlite/guard.h"
#include "storage/sqlite/unit_of_work.h"

namespace loopdesk::sqlite {

namespace {

template <typename T, typename Reader>
Result<std::vector<T>> CollectRows(Stmt& s, std::string_view context, Reader read) {
  std::vector<T> out;
  for (;;) {
    LD_ASSIGN_OR_RETURN(bool row, s.Step(context));
    if (!row) return out;
    LD_ASSIGN_OR_RETURN(T v, read(s));
    out.push_back(std::move(v));
  }
}

template <typename T, typename Reader>
Result<std::optional<T>> FirstRow(Stmt& s, std::string_view context, Reader read) {
  LD_ASSIGN_OR_RETURN(bool row, s.Step(context));
  if (!row) return std::optional<T>();
  LD_ASSIGN_OR_RETURN(T v, read(s));
  return std::optional<T>(std::move(v));
}

Status CorruptColumn(std::string_view column, const std::string& value) {
  return Status::Internal("corrupt value in " + std::string(column) + ": '" +
                          value.substr(0, 100) + "'");
}

int64_t Lim(int limit) { return std::max(limit, 0); }

constexpr const char* kSurveyCols =
    "id, token, kind, ticket_id, customer_id, channel, status, sent_at, expires_at, "
    "answered_at, score, comment, cause, reminder_sent_at, language, url";

Result<Survey> ReadSurvey(const Stmt& s) {
  Survey v;
  v.id = s.Int(0);
  v.token = s.Text(1);
  auto kind = ParseSurveyKind(s.Text(2));
  if (!kind) return CorruptColumn("surveys.kind", s.Text(2));
  v.kind = *kind;
  v.ticket_id = s.OptInt(3);
  v.customer_id = s.Int(4);
  auto ch = ParseChannel(s.Text(5));
  if (!ch) return CorruptColumn("surveys.channel", s.Text(5));
  v.channel = *ch;
  v.status = s.Text(6);
  v.sent_at = s.Int(7);
  v.expires_at = s.Int(8);
  v.answered_at = s.OptInt(9);
  if (auto sc = s.OptInt(10)) v.score = static_cast<int>(*sc);
  v.comment = s.Text(11);
  v.cause = s.Text(12);
  v.reminder_sent_at = s.OptInt(13);
  v.language = s.Text(14);
  v.url = s.Text(15);
  return v;
}

constexpr const char* kOutboxCols =
    "id, channel, recipient, subject, body, purpose, survey_id, customer_id, status, attempts, "
    "last_error, created_at, next_attempt_at, sent_at";

Result<OutboxMessage> ReadOutbox(const Stmt& s) {
  OutboxMessage m;
  m.id = s.Int(0);
  m.channel = s.Text(1);
  m.recipient = s.Text(2);
  m.subject = s.Text(3);
  m.body = s.Text(4);
  m.purpose = s.Text(5);
  m.survey_id = s.OptInt(6);
  m.customer_id = s.Int(7);
  m.status = s.Text(8);
  m.attempts = static_cast<int>(s.Int(9));
  m.last_error = s.Text(10);
  m.created_at = s.Int(11);
  m.next_attempt_at = s.Int(12);
  m.sent_at = s.OptInt(13);
  return m;
}

constexpr const char* kAlertCols =
    "id, level, reason, ticket_id, customer_id, survey_id, task_id, owner_role, status, outcome, "
    "detail, escalations, created_at, due_at, updated_at, resolved_at";

Result<Alert> ReadAlert(const Stmt& s) {
  Alert a;
  a.id = s.Int(0);
  a.level = static_cast<int>(s.Int(1));
  a.reason = s.Text(2);
  a.ticket_id = s.OptInt(3);
  a.customer_id = s.Int(4);
  a.survey_id = s.OptInt(5);
  a.task_id = s.OptInt(6);
  a.owner_role = s.Text(7);
  a.status = s.Text(8);
  a.outcome = s.Text(9);
  a.detail = s.Text(10);
  a.escalations = static_cast<int>(s.Int(11));
  a.created_at = s.Int(12);
  a.due_at = s.Int(13);
  a.updated_at = s.Int(14);
  a.resolved_at = s.OptInt(15);
  return a;
}

Result<Improvement> ReadImprovement(const Stmt& s) {
  const std::string doc = s.Text(1);
  auto v = ValueFromJsonText(doc);
  if (!v.ok()) return CorruptColumn("improvements.doc", doc);
  auto i = ImprovementFromValue(*v);
  if (!i) return CorruptColumn("improvements.doc", doc);
  i->id = s.Int(0);
  return *i;
}

class SqliteVocStore final : public VocStore {
 public:
  SqliteVocStore(sql::Db& conn, bool read_only) : conn_(conn), read_only_(read_only) {}

  Status Writable() const {
    if (read_only_) return Status::Internal("read-only transaction: writes need Store::Write");
    return Status::Ok();
  }

  // ------------------------------------------------------------------------ surveys
  Status InsertSurvey(Survey& v) override {
    return Guard("insert survey", [&]() -> Status {
      LD_RETURN_IF_ERROR(Writable());
      static const std::string kSql =
          "INSERT INTO surveys (token, kind, ticket_id, customer_id, channel, status, sent_at, "
          "expires_at, answered_at, score, comment, cause, reminder_sent_at, language, url) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
      LD_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kSql));
      s.Bind(v.token).Bind(Name(v.kind)).Bind(v.ticket_id).Bind(v.customer_id);
      s.Bind(Name(v.channel)).Bind(v.status).Bind(v.sent_at).Bind(v.expires_at);
      s.Bind(v.answered_at).Bind(v.score).Bind(v.comment).Bind(v.cause);
      s.Bind(v.reminder_sent_at).Bind(v.language).Bind(v.url);
      LD_RETURN_IF_ERROR(s.Run("insert survey"));
      v.id = conn_.LastInsertId();
      return Status::Ok();
    });
  }

  Status UpdateSurvey(const Survey& v) override {
    return Guard("update survey", [&]() -> Status {
      LD_RETURN_IF_ERROR(Writable());
      LD_ASSIGN_OR_RETURN(
          Stmt s, conn_.Prepare("UPDATE surveys SET status = ?, answered_at = ?, score = ?, "
                                "comment = ?, cause = ?, reminder_sent_at = ? WHERE id = ?"));
      s.Bind(v.status).Bind(v.answered_at).Bind(v.score).Bind(v.comment).Bind(v.cause);
      s.Bind(v.reminder_sent_at).Bind(v.id);
      LD_RETURN_IF_ERROR(s.Run("update survey"));
      if (conn_.Changes() == 0) return Status::NotFound("no survey with id " + std::to_string(v.id));
      return Status::Ok();
    });
  }

  Result<Survey> GetSurvey(Id id) override {
    return Guard("get survey", [&]() -> Result<Survey> {
      LD_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(std::string("SELECT ") + kSurveyCols +
                                                " FROM surveys WHERE id = ?"));
      s.Bind(id);
      LD_ASSIGN_OR_RETURN(auto row, FirstRow<Survey>(s, "get survey", ReadSurvey));
      if (!row) return Status::NotFound("no survey with id " + std::to_string(id));
      return *row;
    });
  }

  Result<std::optional<Survey>> FindSurveyByToken(const std::string& token) override {
    return Guard("find survey", [&]() -> Result<std::optional<Survey>> {
      LD_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(std::string("SELECT ") + kSurveyCols +
                                                " FROM surveys WHERE token = ?"));
      s.Bind(token);
      return FirstRow<Survey>(s, "find survey", ReadSurvey);
    });
  }

  Result<std::optional<Survey>> FindTicketSurvey(Id ticket_id, SurveyKind kind) override {
    return Guard("find ticket survey", [&]() -> Result<std::optional<Survey>> {
      LD_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(std::string("SELECT ") + kSurveyCols +
                                                " FROM surveys WHERE ticket_id = ? AND kind = ? "
                                                "ORDER BY id DESC LIMIT 1"));
      s.Bind(ticket_id).Bind(Name(kind));
      return FirstRow<Survey>(s, "find ticket survey", ReadSurvey);
    });
  }

  Result<std::optional<TimeMs>> LastSurveySentAt(Id customer_id, SurveyKind kind) override {
    return Guard("last survey", [&]() -> Result<std::optional<TimeMs>> {
      LD_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare("SELECT MAX(sent_at) FROM surveys WHERE "
                                                "customer_id = ? AND kind = ?"));
      s.Bind(customer_id).Bind(Name(kind));
      LD_ASSIGN_OR_RETURN(bool row, s.Step("last survey"));
      if (!row) return std::optional<TimeMs>();
      return s.OptInt(0);
    });
  }

  Result<std::vector<Survey>> ListSurveys(const SurveyFilter& f) override {
    return Guard("list surveys", [&]() -> Result<std::vector<Survey>> {
      LD_ASSIGN_OR_RETURN(
          Stmt s,
          conn_.Prepare(std::string("SELECT ") + kSurveyCols +
                        " FROM surveys WHERE (? IS NULL OR customer_id = ?) AND "
                        "(? IS NULL OR ticket_id = ?) AND (? = '' OR "
                        "(? = 'answered' AND status = 'answered') OR "
                        "(? = 'sent' AND status = 'sent' AND expires_at > ?) OR "
                        "(? = 'expired' AND status = 'sent' AND expires_at <= ?)) AND "
                        "(? = 0 OR id < ?) ORDER BY id DESC LIMIT ?"));
      s.Bind(f.customer_id).Bind(f.customer_id).Bind(f.ticket_id).Bind(f.ticket_id);
      s.Bind(f.status).Bind(f.status).Bind(f.status).Bind(f.now).Bind(f.status).Bind(f.now);
      s.Bind(f.before_id).Bind(f.before_id).Bind(Lim(f.limit));
      return CollectRows<Survey>(s, "list surveys", ReadSurvey);
    });
  }

  Result<std::vector<Survey>> SurveysNeedingReminder(TimeMs sent_before, TimeMs now,
                                                     int limit) override {
    return Guard("surveys needing reminder", [&]() -> Result<std::vector<Survey>> {
      LD_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(std::string("SELECT ") + kSurveyCols +
                                                " FROM surveys WHERE status = 'sent' AND "
                                                "reminder_sent_at IS NULL AND sent_at <= ? AND "
                                                "expires_at > ? ORDER BY sent_at LIMIT ?"));
      s.Bind(sent_before).Bind(now).Bind(Lim(limit));
      return CollectRows<Survey>(s, "surveys needing reminder", ReadSurvey);
    });
  }

  Result<std::vector<SurveyGroupCounts>> CountSurveys(TimeMs from, TimeMs to,
                                                      const std::string& group_by) override {
    return Guard("count surveys", [&]() -> Result<std::vector<SurveyGroupCounts>> {
      std::string key = "''";
      if (group_by == "channel") key = "s.channel";
      else if (group_by == "team") key = "COALESCE(t.team, '')";
      else if (group_by == "kind") key = "s.kind";
      const std::string sql =
          "SELECT " + key + " AS k, COUNT(*), SUM(s.status = 'answered'), "
          "SUM(s.kind = 'csat' AND s.status = 'answered'), "
          "SUM(s.kind = 'csat' AND s.status = 'answered' AND s.score >= 4), "
          "SUM(s.kind = 'nps' AND s.status = 'answered'), "
          "SUM(s.kind = 'nps' AND s.status = 'answered' AND s.score >= 9), "
          "SUM(s.kind = 'nps' AND s.status = 'answered' AND s.score <= 6) "
          "FROM surveys s LEFT JOIN tickets t ON t.id = s.ticket_id "
          "WHERE s.sent_at >= ? AND s.sent_at < ? GROUP BY k ORDER BY k";
      LD_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(sql));
      s.Bind(from).Bind(to);
      return CollectRows<SurveyGroupCounts>(s, "count surveys",
                                            [](const Stmt& r) -> Result<SurveyGroupCounts> {
                                              SurveyGroupCounts c;
                                              c.key = r.Text(0);
                                              c.sent = r.Int(1);
                                              c.answered = r.Int(2);
                                              c.csat_answers = r.Int(3);
                                              c.csat_satisfied = r.Int(4);
                                              c.nps_answers = r.Int(5);
                                              c.nps_promoters = r.Int(6);
                                              c.nps_detractors = r.Int(7);
                                              return c;
                                            });
    });
  }

  // ------------------------------------------------------------------------- outbox
  Status InsertOutbox(OutboxMessage& m) override {
    return Guard("insert outbox", [&]() -> Status {
      LD_RETURN_IF_ERROR(Writable());
      LD_ASSIGN_OR_RETURN(
          Stmt s, conn_.Prepare("INSERT INTO outbox (channel, recipient, subject, body, purpose, "
                                "survey_id, customer_id, status, attempts, last_error, "
                                "created_at, next_attempt_at, sent_at) VALUES "
                                "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
      s.Bind(m.channel).Bind(m.recipient).Bind(m.subject).Bind(m.body).Bind(m.purpose);
      s.Bind(m.survey_id).Bind(m.customer_id).Bind(m.status).Bind(m.attempts);
      s.Bind(m.last_error).Bind(m.created_at).Bind(m.next_attempt_at).Bind(m.sent_at);
      LD_RETURN_IF_ERROR(s.Run("insert outbox"));
      m.id = conn_.LastInsertId();
      return Status::Ok();
    });
  }

  Status UpdateOutbox(const OutboxMessage& m) override {
    return Guard("update outbox", [&]() -> Status {
      LD_RETURN_IF_ERROR(Writable());
      LD_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare("UPDATE outbox SET status = ?, attempts = ?, "
                                                "last_error = ?, next_attempt_at = ?, "
                                                "sent_at = ? WHERE id = ?"));
      s.Bind(m.status).Bind(m.attempts).Bind(m.last_error).Bind(m.next_attempt_at);
      s.Bind(m.sent_at).Bind(m.id);
      return s.Run("update outbox");
    });
  }

  Result<std::vector<OutboxMessage>> ListOutbox(const std::string& status, Id before_id,
                                                int limit) override {
    return Guard("list outbox", [&]() -> Result<std::vector<OutboxMessage>> {
      LD_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(std::string("SELECT ") + kOutboxCols +
                                                " FROM outbox WHERE (? = '' OR status = ?) AND "
                                                "(? = 0 OR id < ?) ORDER BY id DESC LIMIT ?"));
      s.Bind(status).Bind(status).Bind(before_id).Bind(before_id).Bind(Lim(limit));
      return CollectRows<OutboxMessage>(s, "list outbox", ReadOutbox);
    });
  }

  Result<std::vector<OutboxMessage>> DueOutbox(TimeMs now, int limit,
                                              bool webhooks_only) override {
    return Guard("due outbox", [&]() -> Result<std::vector<OutboxMessage>> {
      LD_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(std::string("SELECT ") + kOutboxCols +
                                                " FROM outbox WHERE status = 'pending' AND " +
                                                (webhooks_only ? "channel = 'webhook' AND " : "") +
                                                "next_attempt_at <= ? ORDER BY id LIMIT ?"));
      s.Bind(now).Bind(Lim(limit));
      return CollectRows<OutboxMessage>(s, "due outbox", ReadOutbox);
    });
  }

  // ------------------------------------------------------------------------- alerts
  Status InsertAlert(Alert& a) override {
    return Guard("insert alert", [&]() -> Status {
      LD_RETURN_IF_ERROR(Writable());
      LD_ASSIGN_OR_RETURN(
          Stmt s, conn_.Prepare("INSERT INTO alerts (level, reason, ticket_id, customer_id, "
                                "survey_id, task_id, owner_role, status, outcome, detail, "
                                "escalations, created_at, due_at, updated_at, resolved_at) "
                                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
      s.Bind(a.level).Bind(a.reason).Bind(a.ticket_id).Bind(a.customer_id).Bind(a.survey_id);
      s.Bind(a.task_id).Bind(a.owner_role).Bind(a.status).Bind(a.outcome).Bind(a.detail);
      s.Bind(a.escalations).Bind(a.created_at).Bind(a.due_at).Bind(a.updated_at);
      s.Bind(a.resolved_at);
      LD_RETURN_IF_ERROR(s.Run("insert alert"));
      a.id = conn_.LastInsertId();
      return Status::Ok();
    });
  }

  Status UpdateAlert(const Alert& a) override {
    return Guard("update alert", [&]() -> Status {
      LD_RETURN_IF_ERROR(Writable());
      LD_ASSIGN_OR_RETURN(
          Stmt s, conn_.Prepare("UPDATE alerts SET level = ?, reason = ?, task_id = ?, "
                                "owner_role = ?, status = ?, outcome = ?, detail = ?, "
                                "escalations = ?, due_at = ?, updated_at = ?, resolved_at = ? "
                                "WHERE id = ?"));
      s.Bind(a.level).Bind(a.reason).Bind(a.task_id).Bind(a.owner_role).Bind(a.status);
      s.Bind(a.outcome).Bind(a.detail).Bind(a.escalations).Bind(a.due_at).Bind(a.updated_at);
      s.Bind(a.resolved_at).Bind(a.id);
      LD_RETURN_IF_ERROR(s.Run("update alert"));
      if (conn_.Changes() == 0) return Status::NotFound("no alert with id " + std::to_string(a.id));
      return Status::Ok();
    });
  }

  Result<Alert> GetAlert(Id id) override {
    return Guard("get alert", [&]() -> Result<Alert> {
      LD_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(std::string("SELECT ") + kAlertCols +
                                                " FROM alerts WHERE id = ?"));
      s.Bind(id);
      LD_ASSIGN_OR_RETURN(auto row, FirstRow<Alert>(s, "get alert", ReadAlert));
      if (!row) return Status::NotFound("no alert with id " + std::to_string(id));
      return *row;
    });
  }

  Result<std::vector<Alert>> ListAlerts(const AlertFilter& f) override {
    return Guard("list alerts", [&]() -> Result<std::vector<Alert>> {
      LD_ASSIGN_OR_RETURN(
          Stmt s, conn_.Prepare(std::string("SELECT ") + kAlertCols +
                                " FROM alerts WHERE (? IS NULL OR level = ?) AND "
                                "(? = '' OR status = ?) AND (? IS NULL OR customer_id = ?) AND "
                                "(? IS NULL OR ticket_id = ?) AND (? = '' OR owner_role = ?) AND "
                                "(? = 0 OR id < ?) ORDER BY id DESC LIMIT ?"));
      s.Bind(f.level).Bind(f.level).Bind(f.status).Bind(f.status);
      s.Bind(f.customer_id).Bind(f.customer_id).Bind(f.ticket_id).Bind(f.ticket_id);
      s.Bind(f.owner_role).Bind(f.owner_role).Bind(f.before_id).Bind(f.before_id);
      s.Bind(Lim(f.limit));
      return CollectRows<Alert>(s, "list alerts", ReadAlert);
    });
  }

  Result<std::vector<Alert>> DueAlerts(TimeMs now, int limit) override {
    return Guard("due alerts", [&]() -> Result<std::vector<Alert>> {
      LD_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(std::string("SELECT ") + kAlertCols +
                                                " FROM alerts WHERE status <> 'resolved' AND "
                                                "level < 3 AND due_at <= ? ORDER BY due_at "
                                                "LIMIT ?"));
      s.Bind(now).Bind(Lim(limit));
      return CollectRows<Alert>(s, "due alerts", ReadAlert);
    });
  }

  Result<std::optional<TimeMs>> NextAlertDueAt() override {
    return Guard("next alert", [&]() -> Result<std::optional<TimeMs>> {
      LD_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare("SELECT MIN(due_at) FROM alerts WHERE "
                                                "status <> 'resolved' AND level < 3"));
      LD_ASSIGN_OR_RETURN(bool row, s.Step("next alert"));
      if (!row) return std::optional<TimeMs>();
      return s.OptInt(0);
    });
  }

  // --------------------------------------------------------------------- complaints
  Status InsertComplaint(Id ticket_id, Id customer_id, const std::string& category,
                         TimeMs at) override {
    return Guard("insert complaint", [&]() -> Status {
      LD_RETURN_IF_ERROR(Writable());
      LD_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare("INSERT INTO complaints (ticket_id, "
                                                "customer_id, category, at) VALUES (?, ?, ?, ?)"));
      s.Bind(ticket_id).Bind(customer_id).Bind(category).Bind(at);
      return s.Run("insert complaint");
    });
  }

  Result<int64_t> CountComplaints(Id customer_id, const std::string& category, TimeMs since,
                                  Id except_ticket_id) override {
    return Guard("count complaints", [&]() -> Result<int64_t> {
      LD_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare("SELECT COUNT(*) FROM complaints WHERE "
                                                "customer_id = ? AND category = ? AND at >= ? "
                                                "AND ticket_id <> ?"));
      s.Bind(customer_id).Bind(category).Bind(since).Bind(except_ticket_id);
      LD_ASSIGN_OR_RETURN(bool row, s.Step("count complaints"));
      return row ? s.Int(0) : int64_t{0};
    });
  }

  // ------------------------------------------------------------------- improvements
  Result<std::string> Doc(const Improvement& i) {
    try {
      return ValueToJsonText(ImprovementToValue(i));
    } catch (const std::exception&) {
      return Status::Invalid("the improvement holds text that is not valid UTF-8");
    }
  }

  Status InsertImprovement(Improvement& i) override {
    return Guard("insert improvement", [&]() -> Status {
      LD_RETURN_IF_ERROR(Writable());
      LD_ASSIGN_OR_RETURN(std::string doc, Doc(i));
      LD_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare("INSERT INTO improvements (doc, created_at, "
                                                "updated_at) VALUES (?, ?, ?)"));
      s.Bind(doc).Bind(i.created_at).Bind(i.updated_at);
      LD_RETURN_IF_ERROR(s.Run("insert improvement"));
      i.id = conn_.LastInsertId();
      return Status::Ok();
    });
  }

  Status UpdateImprovement(const Improvement& i) override {
    return Guard("update improvement", [&]() -> Status {
      LD_RETURN_IF_ERROR(Writable());
      LD_ASSIGN_OR_RETURN(std::string doc, Doc(i));
      LD_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare("UPDATE improvements SET doc = ?, updated_at = ? "
                                                "WHERE id = ?"));
      s.Bind(doc).Bind(i.updated_at).Bind(i.id);
      LD_RETURN_IF_ERROR(s.Run("update improvement"));
      if (conn_.Changes() == 0)
        return Status::NotFound("no improvement with id " + std::to_string(i.id));
      return Status::Ok();
    });
  }

  Result<Improvement> GetImprovement(Id id) override {
    return Guard("get improvement", [&]() -> Result<Improvement> {
      LD_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare("SELECT id, doc FROM improvements WHERE id = ?"));
      s.Bind(id);
      LD_ASSIGN_OR_RETURN(auto row, FirstRow<Improvement>(s, "get improvement", ReadImprovement));
      if (!row) return Status::NotFound("no improvement with id " + std::to_string(id));
      return *row;
    });
  }

  Result<std::vector<Improvement>> ListImprovements(Id before_id, int limit) override {
    return Guard("list improvements", [&]() -> Result<std::vector<Improvement>> {
      LD_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare("SELECT id, doc FROM improvements WHERE "
                                                "(? = 0 OR id < ?) ORDER BY id DESC LIMIT ?"));
      s.Bind(before_id).Bind(before_id).Bind(Lim(limit));
      return CollectRows<Improvement>(s, "list improvements", ReadImprovement);
    });
  }

  Result<MetricSample> SampleMetric(const std::string& metric, const MetricScope& scope,
                                    TimeMs from, TimeMs to) override {
    return Guard("sample metric", [&]() -> Result<MetricSample> {
      // The scope, on tickets `t`; bound as category ×2, channel ×2, product ×3.
      const std::string in_scope =
          " AND (? = '' OR t.category = ?) AND (? = '' OR t.channel = ?) AND (? = '' OR "
          "EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = t.customer_id AND "
          "o.product = ?) OR EXISTS (SELECT 1 FROM assets a WHERE a.customer_id = "
          "t.customer_id AND a.product = ?))";
      std::string sql;
      if (metric == "csat") {
        sql = "SELECT COUNT(*), COALESCE(SUM(s.score >= 4), 0), 0, 0 FROM surveys s JOIN "
              "tickets t ON t.id = s.ticket_id WHERE s.kind = 'csat' AND s.status = "
              "'answered' AND s.answered_at >= ? AND s.answered_at < ?" + in_scope;
      } else if (metric == "complaint_rate") {
        sql = "SELECT COUNT(*), COALESCE(SUM(t.category = 'complaint' OR EXISTS (SELECT 1 FROM "
              "complaints c WHERE c.ticket_id = t.id)), 0), 0, 0 FROM tickets t WHERE "
              "t.created_at >= ? AND t.created_at < ?" + in_scope;
      } else if (metric == "fcr" || metric == "reopen_rate" || metric == "resolution_time") {
        const std::string success = metric == "fcr" ? "t.agent_reply_count = 1 AND t.reopen_count = 0"
                                                    : "t.reopen_count > 0";
        sql = "SELECT COUNT(*), COALESCE(SUM(" + success + "), 0), "
              "COALESCE(SUM((t.resolved_at - t.created_at) / 1000.0), 0), "
              "COALESCE(SUM(((t.resolved_at - t.created_at) / 1000.0) * "
              "((t.resolved_at - t.created_at) / 1000.0)), 0) FROM tickets t WHERE "
              "t.resolved_at IS NOT NULL AND t.resolved_at >= ? AND t.resolved_at < ?" + in_scope;
      } else {
        return Status::Invalid("unknown metric " + metric, "metric");
      }
      LD_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(sql));
      const std::string channel = scope.channel ? std::string(Name(*scope.channel)) : "";
      s.Bind(from).Bind(to).Bind(scope.category).Bind(scope.category).Bind(channel).Bind(channel);
      s.Bind(scope.product).Bind(scope.product).Bind(scope.product);
      LD_ASSIGN_OR_RETURN(bool row, s.Step("sample metric"));
      MetricSample m;
      if (row) {
        m.n = s.Int(0);
        m.successes = s.Int(1);
        m.sum = s.Double(2);
        m.sum_sq = s.Double(3);
      }
      return m;
    });
  }

 private:
  sql::Db& conn_;
  const bool read_only_;
};

}  // namespace

VocStore& SqliteUnitOfWork::voc() {
  if (!voc_) voc_ = std::make_unique<SqliteVocStore>(conn_, read_only_);
  return *voc_;
}

}  // namespace loopdesk::sqlite
