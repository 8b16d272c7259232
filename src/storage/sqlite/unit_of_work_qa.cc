// The quality-inspection tables of the SQLite UnitOfWork (migration 7): qa_results holds the
// latest automatic result per ticket, qa_reviews the manual reviews, both as JSON documents.

#include <nlohmann/json.hpp>
#include <string>

#include "codec/value_json.h"
#include "storage/sqlite/guard.h"
#include "storage/sqlite/unit_of_work.h"

namespace loopdesk::sqlite {

namespace {

Result<std::string> Encode(const Value& v, const char* what) {
  try {
    return ValueToJsonText(v);
  } catch (const nlohmann::json::exception&) {
    return Status::Invalid(std::string("the ") + what + " holds text that is not valid UTF-8");
  }
}

Result<Value> Decode(const std::string& doc, const char* table) {
  auto v = ValueFromJsonText(doc);
  if (!v.ok())
    return Status::Internal(std::string("corrupt value in ") + table + ".doc: '" +
                            doc.substr(0, 100) + "'");
  return v;
}

}  // namespace

Status SqliteUnitOfWork::PutQaResult(Id ticket_id, const Value& doc, std::optional<double> score,
                                     bool hidden_dissatisfaction, TimeMs at) {
  return Guard("put qa result", [&]() -> Status {
    if (read_only_) return Status::Internal("read-only transaction: writes need Store::Write");
    LD_ASSIGN_OR_RETURN(std::string text, Encode(doc, "QA result"));
    LD_ASSIGN_OR_RETURN(
        Stmt s, conn_.Prepare("INSERT INTO qa_results (ticket_id, score, hidden, doc, at) "
                              "VALUES (?, ?, ?, ?, ?) ON CONFLICT (ticket_id) DO UPDATE SET "
                              "score = excluded.score, hidden = excluded.hidden, "
                              "doc = excluded.doc, at = excluded.at"));
    s.Bind(ticket_id).Bind(score).BindBool(hidden_dissatisfaction).Bind(text).Bind(at);
    return s.Run("put qa result");
  });
}

Result<std::optional<Value>> SqliteUnitOfWork::GetQaResult(Id ticket_id) {
  return Guard("get qa result", [&]() -> Result<std::optional<Value>> {
    LD_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare("SELECT doc FROM qa_results WHERE ticket_id = ?"));
    s.Bind(ticket_id);
    LD_ASSIGN_OR_RETURN(bool row, s.Step("get qa result"));
    if (!row) return std::optional<Value>();
    LD_ASSIGN_OR_RETURN(Value v, Decode(s.Text(0), "qa_results"));
    return std::optional<Value>(std::move(v));
  });
}

Result<QaSummary> SqliteUnitOfWork::SummarizeQaResults() {
  return Guard("summarize qa results", [&]() -> Result<QaSummary> {
    LD_ASSIGN_OR_RETURN(
        Stmt s, conn_.Prepare("SELECT count(*), avg(r.score), "
                              "coalesce(sum(t.status IN ('resolved', 'closed')), 0), "
                              "coalesce(sum(t.status IN ('resolved', 'closed') AND r.hidden <> 0), 0) "
                              "FROM qa_results r JOIN tickets t ON t.id = r.ticket_id"));
    LD_ASSIGN_OR_RETURN(bool row, s.Step("summarize qa results"));
    QaSummary out;
    if (!row) return out;
    out.scored = s.Int(0);
    out.average_score = s.OptDouble(1);
    out.resolved = s.Int(2);
    out.hidden = s.Int(3);
    return out;
  });
}

Status SqliteUnitOfWork::InsertQaReview(QaReviewRecord& r) {
  return Guard("insert qa review", [&]() -> Status {
    if (read_only_) return Status::Internal("read-only transaction: writes need Store::Write");
    LD_ASSIGN_OR_RETURN(std::string text, Encode(r.doc, "QA review"));
    LD_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare("INSERT INTO qa_reviews (ticket_id, reviewer_id, "
                                              "doc, at) VALUES (?, ?, ?, ?)"));
    s.Bind(r.ticket_id).Bind(r.reviewer_id).Bind(text).Bind(r.at);
    LD_RETURN_IF_ERROR(s.Run("insert qa review"));
    r.id = conn_.LastInsertId();
    return Status::Ok();
  });
}

Result<std::vector<QaReviewRecord>> SqliteUnitOfWork::ListQaReviews(Id ticket_id, int limit) {
  return Guard("list qa reviews", [&]() -> Result<std::vector<QaReviewRecord>> {
    LD_ASSIGN_OR_RETURN(Stmt s,
                        conn_.Prepare("SELECT id, ticket_id, reviewer_id, doc, at FROM qa_reviews "
                                      "WHERE (? = 0 OR ticket_id = ?) ORDER BY id DESC LIMIT ?"));
    s.Bind(ticket_id).Bind(ticket_id).Bind(limit);
    std::vector<QaReviewRecord> out;
    for (;;) {
      LD_ASSIGN_OR_RETURN(bool row, s.Step("list qa reviews"));
      if (!row) return out;
      QaReviewRecord r;
      r.id = s.Int(0);
      r.ticket_id = s.Int(1);
      r.reviewer_id = s.Int(2);
      LD_ASSIGN_OR_RETURN(r.doc, Decode(s.Text(3), "qa_reviews"));
      r.at = s.Int(4);
      out.push_back(std::move(r));
    }
  });
}

Result<std::vector<Id>> SqliteUnitOfWork::ListUnscoredTickets(Id after_id, int limit) {
  return Guard("list unscored tickets", [&]() -> Result<std::vector<Id>> {
    LD_ASSIGN_OR_RETURN(
        Stmt s, conn_.Prepare("SELECT t.id FROM tickets t WHERE t.id > ? AND NOT EXISTS "
                              "(SELECT 1 FROM qa_results r WHERE r.ticket_id = t.id) "
                              "ORDER BY t.id LIMIT ?"));
    s.Bind(after_id).Bind(limit);
    std::vector<Id> out;
    for (;;) {
      LD_ASSIGN_OR_RETURN(bool row, s.Step("list unscored tickets"));
      if (!row) return out;
      out.push_back(s.Int(0));
    }
  });
}

}  // namespace loopdesk::sqlite
