// The feedback items of the SQLite UnitOfWork (migration 12): classified survey comments and
// complaints linked to a product (ports/feedback_store.h).

#include <algorithm>
#include <string>

#include "storage/sqlite/guard.h"
#include "storage/sqlite/unit_of_work.h"

namespace loopdesk::sqlite {

namespace {

constexpr const char* kItemCols =
    "id, source, source_id, ticket_id, customer_id, at, cause, confidence, product, order_id, "
    "asset_id, link, negative";

FeedbackItem ReadItem(const Stmt& s) {
  FeedbackItem v;
  v.id = s.Int(0);
  v.source = s.Text(1);
  v.source_id = s.Int(2);
  v.ticket_id = s.OptInt(3);
  v.customer_id = s.Int(4);
  v.at = s.Int(5);
  v.cause = s.Text(6);
  v.confidence = s.Double(7);
  v.product.product = s.Text(8);
  v.product.order_id = s.OptInt(9);
  v.product.asset_id = s.OptInt(10);
  v.product.link = s.Text(11);
  v.negative = s.Int(12) != 0;
  return v;
}

// The WHERE clause of a filter and its binder (same order of placeholders).
std::string Where(const FeedbackFilter& f) {
  std::string w = " WHERE at >= ? AND at < ?";
  if (!f.source.empty()) w += " AND source = ?";
  if (!f.cause.empty()) w += " AND cause = ?";
  if (f.product) w += " AND product = ?";
  if (!f.link.empty()) w += " AND link = ?";
  if (f.negative) w += *f.negative ? " AND negative = 1" : " AND negative = 0";
  return w;
}

void BindWhere(Stmt& s, const FeedbackFilter& f) {
  s.Bind(f.from).Bind(f.to);
  if (!f.source.empty()) s.Bind(f.source);
  if (!f.cause.empty()) s.Bind(f.cause);
  if (f.product) s.Bind(*f.product);
  if (!f.link.empty()) s.Bind(f.link);
}

class SqliteFeedbackStore final : public FeedbackStore {
 public:
  SqliteFeedbackStore(sql::Db& conn, bool read_only) : conn_(conn), read_only_(read_only) {}

  Status InsertFeedbackItem(FeedbackItem& v) override {
    return Guard("insert feedback item", [&]() -> Status {
      if (read_only_) return Status::Internal("read-only transaction: writes need Store::Write");
      LD_ASSIGN_OR_RETURN(
          Stmt s, conn_.Prepare("INSERT INTO feedback_items (source, source_id, ticket_id, "
                                "customer_id, at, cause, confidence, product, order_id, "
                                "asset_id, link, negative) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                                "?, ?)"));
      s.Bind(v.source).Bind(v.source_id).Bind(v.ticket_id).Bind(v.customer_id).Bind(v.at);
      s.Bind(v.cause).Bind(v.confidence).Bind(v.product.product).Bind(v.product.order_id);
      s.Bind(v.product.asset_id).Bind(v.product.link).BindBool(v.negative);
      LD_RETURN_IF_ERROR(s.Run("insert feedback item"));
      v.id = conn_.LastInsertId();
      return Status::Ok();
    });
  }

  Result<std::vector<FeedbackItem>> ListFeedbackItems(const FeedbackFilter& f) override {
    return Guard("list feedback items", [&]() -> Result<std::vector<FeedbackItem>> {
      std::string sql = std::string("SELECT ") + kItemCols + " FROM feedback_items" + Where(f);
      if (f.before_id > 0) sql += " AND id < ?";
      sql += " ORDER BY id DESC LIMIT ?";
      LD_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(sql));
      BindWhere(s, f);
      if (f.before_id > 0) s.Bind(f.before_id);
      s.Bind(static_cast<int64_t>(std::max(f.limit, 0)));
      std::vector<FeedbackItem> out;
      for (;;) {
        LD_ASSIGN_OR_RETURN(bool row, s.Step("list feedback items"));
        if (!row) return out;
        out.push_back(ReadItem(s));
      }
    });
  }

  Result<std::vector<FeedbackDayCount>> CountFeedbackByDay(const FeedbackFilter& f) override {
    return Guard("count feedback", [&]() -> Result<std::vector<FeedbackDayCount>> {
      const std::string sql =
          "SELECT cause, product, source, at / 86400000 AS day, COUNT(*) FROM feedback_items" +
          Where(f) + " GROUP BY cause, product, source, day ORDER BY day";
      LD_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(sql));
      BindWhere(s, f);
      std::vector<FeedbackDayCount> out;
      for (;;) {
        LD_ASSIGN_OR_RETURN(bool row, s.Step("count feedback"));
        if (!row) return out;
        out.push_back({s.Text(0), s.Text(1), s.Text(2), s.Int(3), s.Int(4)});
      }
    });
  }

  Result<std::vector<PendingFeedback>> PendingFeedbackItems(int limit) override {
    return Guard("pending feedback", [&]() -> Result<std::vector<PendingFeedback>> {
      LD_ASSIGN_OR_RETURN(
          Stmt s,
          conn_.Prepare(
              "SELECT 'survey', s.id, s.ticket_id, s.customer_id, s.answered_at, s.comment, "
              "s.cause, s.kind, s.score FROM surveys s WHERE s.status = 'answered' AND s.cause <> '' "
              "AND NOT EXISTS (SELECT 1 FROM feedback_items f WHERE f.source = 'survey' "
              "AND f.source_id = s.id) "
              "UNION ALL "
              "SELECT 'complaint', c.ticket_id, c.ticket_id, c.customer_id, c.at, "
              "t.subject || '\n' || t.description, '', '', NULL FROM complaints c "
              "JOIN tickets t ON t.id = c.ticket_id WHERE NOT EXISTS (SELECT 1 FROM "
              "feedback_items f WHERE f.source = 'complaint' AND f.source_id = c.ticket_id) "
              "UNION ALL "
              "SELECT 'complaint', t.id, t.id, t.customer_id, t.created_at, "
              "t.subject || '\n' || t.description, '', '', NULL FROM tickets t "
              "WHERE t.category = 'complaint' AND NOT EXISTS (SELECT 1 FROM complaints c "
              "WHERE c.ticket_id = t.id) AND NOT EXISTS (SELECT 1 FROM feedback_items f "
              "WHERE f.source = 'complaint' AND f.source_id = t.id) "
              "ORDER BY 5 LIMIT ?"));
      s.Bind(static_cast<int64_t>(std::max(limit, 0)));
      std::vector<PendingFeedback> out;
      for (;;) {
        LD_ASSIGN_OR_RETURN(bool row, s.Step("pending feedback"));
        if (!row) return out;
        PendingFeedback p;
        p.source = s.Text(0);
        p.source_id = s.Int(1);
        p.ticket_id = s.OptInt(2);
        p.customer_id = s.Int(3);
        p.at = s.OptInt(4).value_or(0);
        p.text = s.Text(5);
        p.cause = s.Text(6);
        if (p.source == "complaint") {
          p.negative = true;
        } else {
          auto kind = ParseSurveyKind(s.Text(7));
          auto score = s.OptInt(8);
          p.negative = kind && score && ScaledScore(*kind, static_cast<int>(*score)) < kNegativeBelow;
        }
        out.push_back(std::move(p));
      }
    });
  }

 private:
  sql::Db& conn_;
  const bool read_only_;
};

}  // namespace

FeedbackStore& SqliteUnitOfWork::feedback() {
  if (!feedback_) feedback_ = std::make_unique<SqliteFeedbackStore>(conn_, read_only_);
  return *feedback_;
}

}  // namespace loopdesk::sqlite
