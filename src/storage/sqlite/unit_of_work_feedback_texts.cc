// The feedback texts of the SQLite UnitOfWork (ports/feedback_texts.h): negative survey
// comments, complaint or negative tickets, negative customer messages of a period, and the
// ticket corpus sample for keyword IDF. Full scans of the period's rows (no extra index): a
// few milliseconds per 10,000 rows, measured in docs/text-quality.md.

#include "storage/sqlite/guard.h"
#include "storage/sqlite/unit_of_work.h"

namespace loopdesk::sqlite {

namespace {
// Sentiment score (−1 … 1) at or below which a ticket's or message's own text counts as negative
// feedback. Stricter than the label: the review-trained model calls many plain inquiries mildly
// negative (on the demo data the label let in 2,978 texts of the last 30 days, mostly questions
// such as 咨询保修政策).
constexpr double kFeedbackNegativeScore = -0.5;
}  // namespace

Result<std::vector<FeedbackText>> SqliteUnitOfWork::ListFeedbackTexts(TimeMs from, TimeMs to,
                                                                      int limit) {
  return Guard("list feedback texts", [&]() -> Result<std::vector<FeedbackText>> {
    LD_ASSIGN_OR_RETURN(
        Stmt s,
        conn_.Prepare(
            "SELECT kind, id, ticket_id, customer_id, at, text, cause FROM ("
            " SELECT 'survey' AS kind, id, ticket_id, customer_id, answered_at AS at,"
            "        comment AS text, cause FROM surveys"
            "  WHERE status = 'answered' AND answered_at >= ?1 AND answered_at < ?2"
            "    AND comment <> '' AND ((kind = 'csat' AND score <= 3) OR"
            "                           (kind = 'nps' AND score <= 6))"
            " UNION ALL"
            " SELECT 'ticket', t.id, t.id, t.customer_id, t.created_at,"
            "        t.subject || '\n' || t.description, '' FROM tickets t"
            "  WHERE t.created_at >= ?1 AND t.created_at < ?2 AND (t.category = 'complaint'"
            "    OR t.sentiment_score <= ?4"
            "    OR EXISTS (SELECT 1 FROM complaints c WHERE c.ticket_id = t.id))"
            " UNION ALL"
            " SELECT 'message', m.id, m.ticket_id, t.customer_id, m.created_at, m.body, ''"
            "  FROM messages m JOIN tickets t ON t.id = m.ticket_id"
            "  WHERE m.created_at >= ?1 AND m.created_at < ?2 AND m.author = 'customer'"
            "    AND m.internal = 0 AND m.sentiment_score <= ?4"
            ") AS ft ORDER BY at, kind, id LIMIT ?3"));
    s.Bind(from).Bind(to).Bind(limit).Bind(kFeedbackNegativeScore);
    std::vector<FeedbackText> out;
    for (;;) {
      LD_ASSIGN_OR_RETURN(bool row, s.Step("list feedback texts"));
      if (!row) break;
      FeedbackText f;
      f.kind = s.Text(0);
      f.id = s.Int(1);
      f.ticket_id = s.OptInt(2);
      f.customer_id = s.Int(3);
      f.at = s.Int(4);
      f.text = s.Text(5);
      f.cause = s.Text(6);
      out.push_back(std::move(f));
    }
    return out;
  });
}

Result<std::vector<std::string>> SqliteUnitOfWork::CorpusTexts(int limit) {
  return Guard("corpus texts", [&]() -> Result<std::vector<std::string>> {
    std::vector<std::string> out;
    LD_ASSIGN_OR_RETURN(Stmt t, conn_.Prepare("SELECT subject || '\n' || description "
                                              "FROM tickets ORDER BY id DESC LIMIT ?"));
    t.Bind(limit);
    for (;;) {
      LD_ASSIGN_OR_RETURN(bool row, t.Step("corpus texts"));
      if (!row) break;
      out.push_back(t.Text(0));
    }
    LD_ASSIGN_OR_RETURN(Stmt m, conn_.Prepare("SELECT body FROM messages WHERE author = "
                                              "'customer' AND internal = 0 "
                                              "ORDER BY id DESC LIMIT ?"));
    m.Bind(limit);
    for (;;) {
      LD_ASSIGN_OR_RETURN(bool row, m.Step("corpus texts"));
      if (!row) break;
      out.push_back(m.Text(0));
    }
    return out;
  });
}

}  // namespace loopdesk::sqlite
