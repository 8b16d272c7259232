// Deferred secondary indexes (deferred_indexes.h).

#include "storage/sqlite/deferred_indexes.h"

#include <string>
#include <utility>
#include <vector>

#include "storage/sqlite/connection.h"

namespace loopdesk::sqlite {

namespace {

// Non-unique indexes that every imported ticket, message, event or survey enters. Not here:
// UNIQUE indexes (they enforce rules, and tickets_external_id answers the import's own
// duplicate check), the customers/agents indexes (the import looks customers up by them), and
// the partial events indexes of types an import never writes (events_rule_fired,
// events_ticket_assigned: rebuilding them would scan every event for nothing).
constexpr const char* kDeferrable[] = {
    "tickets_status",   "tickets_assignee",  "tickets_customer", "tickets_team",
    "tickets_queue",    "tickets_complaint", "tickets_active_assignee",
    "messages_ticket",  "events_ticket",     "surveys_ticket",   "surveys_customer",
    "surveys_sent",     "surveys_reminder",  "surveys_commented", nullptr};

}  // namespace

const char* const* DeferrableIndexNames() { return kDeferrable; }

Result<int> DeferIndexes(Connection& conn) {
  std::vector<std::pair<std::string, std::string>> found;  // name, sql
  for (const char* const* n = kDeferrable; *n; ++n) {
    LD_ASSIGN_OR_RETURN(Stmt q, conn.Prepare("SELECT sql FROM sqlite_master WHERE type = 'index' "
                                             "AND name = ? AND sql IS NOT NULL"));
    q.Bind(std::string_view(*n));
    LD_ASSIGN_OR_RETURN(bool row, q.Step("read index definition"));
    if (row) found.emplace_back(*n, q.Text(0));
  }
  for (const auto& [name, sql] : found) {
    LD_ASSIGN_OR_RETURN(
        Stmt ins, conn.Prepare("INSERT OR REPLACE INTO deferred_indexes (name, sql) VALUES (?, ?)"));
    ins.Bind(name).Bind(sql);
    LD_RETURN_IF_ERROR(ins.Run("record deferred index"));
    LD_RETURN_IF_ERROR(conn.Run("DROP INDEX IF EXISTS \"" + name + "\""));
  }
  return static_cast<int>(found.size());
}

Result<int> RestoreDeferredIndexes(Connection& conn) {
  std::vector<std::pair<std::string, std::string>> recorded;
  {
    LD_ASSIGN_OR_RETURN(Stmt q, conn.Prepare("SELECT name, sql FROM deferred_indexes ORDER BY name"));
    for (;;) {
      LD_ASSIGN_OR_RETURN(bool row, q.Step("read deferred indexes"));
      if (!row) break;
      recorded.emplace_back(q.Text(0), q.Text(1));
    }
  }
  int built = 0;
  for (const auto& [name, sql] : recorded) {
    LD_ASSIGN_OR_RETURN(Stmt exists,
                        conn.Prepare("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?"));
    exists.Bind(name);
    LD_ASSIGN_OR_RETURN(bool present, exists.Step("look up index"));
    if (!present) {
      LD_RETURN_IF_ERROR(conn.ExecScript(sql));
      ++built;
    }
  }
  if (!recorded.empty()) LD_RETURN_IF_ERROR(conn.Run("DELETE FROM deferred_indexes"));
  return built;
}

Status RestoreDeferredIndexesAtOpen(Connection& conn) {
  LD_ASSIGN_OR_RETURN(std::string n, conn.QueryText("SELECT count(*) FROM deferred_indexes"));
  if (n == "0") return Status::Ok();
  LD_RETURN_IF_ERROR(conn.Run("BEGIN IMMEDIATE"));
  auto built = RestoreDeferredIndexes(conn);
  if (!built.ok()) {
    if (conn.InTransaction()) (void)conn.Run("ROLLBACK");
    return Status(built.status().code(),
                  "rebuilding the indexes of an interrupted import: " + built.status().message());
  }
  Status st = conn.Run("COMMIT");
  if (!st.ok() && conn.InTransaction()) (void)conn.Run("ROLLBACK");
  return st;
}

}  // namespace loopdesk::sqlite
