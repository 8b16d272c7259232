// The rules table of the SQLite UnitOfWork (migration 4). A rule is stored as its wire
// document (rules::RuleToValue as JSON, parsed back with rules::ParseRule); name, event,
// enabled and position are copied into columns for ordering, and the `id` and `version`
// columns are authoritative over the document's copies.

#include <exception>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "codec/value_json.h"
#include "storage/sqlite/guard.h"
#include "storage/sqlite/unit_of_work.h"

namespace loopdesk::sqlite {

namespace {


Status RuleNotFound(Id id) { return Status::NotFound("no rule with id " + std::to_string(id)); }

Result<std::string> EncodeRule(const rules::Rule& r) {
  try {
    return ValueToJsonText(rules::RuleToValue(r));
  } catch (const nlohmann::json::exception&) {
    return Status::Invalid("the rule holds text that is not valid UTF-8");
  }
}

constexpr std::string_view kRuleSelect =
    "SELECT id, doc, version, created_at, updated_at FROM rules ";

Result<RuleRecord> ReadRule(const Stmt& s) {
  const std::string doc = s.Text(1);
  auto corrupt = [&doc](const std::string& why) {
    return Status::Internal("corrupt value in rules.doc (" + why + "): '" + doc.substr(0, 100) +
                            "'");
  };
  auto v = ValueFromJsonText(doc);
  if (!v.ok()) return corrupt(v.status().message());
  auto parsed = rules::ParseRule(*v);
  if (!parsed.ok()) return corrupt(parsed.status().message());
  RuleRecord rec;
  rec.rule = std::move(parsed).value();
  rec.rule.id = s.Int(0);
  rec.rule.version = static_cast<int>(s.Int(2));
  rec.created_at = s.Int(3);
  rec.updated_at = s.Int(4);
  return rec;
}

}  // namespace

Status SqliteUnitOfWork::InsertRule(rules::Rule& r, TimeMs at) {
  return Guard("insert rule", [&]() -> Status {
    if (read_only_) return Status::Internal("read-only transaction: writes need Store::Write");
    rules::Rule stored = r;
    stored.id = 0;
    stored.version = 1;
    LD_ASSIGN_OR_RETURN(std::string doc, EncodeRule(stored));
    LD_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare("INSERT INTO rules (name, event, doc, enabled, "
                                              "position, version, created_at, updated_at) "
                                              "VALUES (?, ?, ?, ?, ?, 1, ?, ?)"));
    s.Bind(r.name).Bind(r.event).Bind(doc).BindBool(r.enabled).Bind(r.position).Bind(at).Bind(at);
    LD_RETURN_IF_ERROR(s.Run("insert rule"));
    r.id = conn_.LastInsertId();
    r.version = 1;
    return Status::Ok();
  });
}

Status SqliteUnitOfWork::UpdateRule(const rules::Rule& r, TimeMs at) {
  return Guard("update rule", [&]() -> Status {
    if (read_only_) return Status::Internal("read-only transaction: writes need Store::Write");
    LD_ASSIGN_OR_RETURN(std::string doc, EncodeRule(r));
    LD_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare("UPDATE rules SET name = ?, event = ?, doc = ?, "
                                              "enabled = ?, position = ?, version = version + 1, "
                                              "updated_at = ? WHERE id = ? AND deleted_at IS NULL"));
    s.Bind(r.name).Bind(r.event).Bind(doc).BindBool(r.enabled).Bind(r.position).Bind(at);
    s.Bind(r.id);
    LD_RETURN_IF_ERROR(s.Run("update rule"));
    if (conn_.Changes() == 0) return RuleNotFound(r.id);
    return Status::Ok();
  });
}

Status SqliteUnitOfWork::DeleteRule(Id id, TimeMs at) {
  return Guard("delete rule", [&]() -> Status {
    if (read_only_) return Status::Internal("read-only transaction: writes need Store::Write");
    LD_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare("UPDATE rules SET deleted_at = ?, updated_at = ? "
                                              "WHERE id = ? AND deleted_at IS NULL"));
    s.Bind(at).Bind(at).Bind(id);
    LD_RETURN_IF_ERROR(s.Run("delete rule"));
    if (conn_.Changes() == 0) return RuleNotFound(id);
    return Status::Ok();
  });
}

Result<RuleRecord> SqliteUnitOfWork::GetRule(Id id) {
  return Guard("get rule", [&]() -> Result<RuleRecord> {
    static const std::string kSql = std::string(kRuleSelect) + "WHERE id = ? AND deleted_at IS NULL";
    LD_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kSql));
    s.Bind(id);
    LD_ASSIGN_OR_RETURN(bool row, s.Step("get rule"));
    if (!row) return RuleNotFound(id);
    return ReadRule(s);
  });
}

Result<std::vector<RuleRecord>> SqliteUnitOfWork::ListRules() {
  return Guard("list rules", [&]() -> Result<std::vector<RuleRecord>> {
    static const std::string kSql =
        std::string(kRuleSelect) + "WHERE deleted_at IS NULL ORDER BY position, id";
    LD_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kSql));
    std::vector<RuleRecord> out;
    for (;;) {
      LD_ASSIGN_OR_RETURN(bool row, s.Step("list rules"));
      if (!row) return out;
      LD_ASSIGN_OR_RETURN(RuleRecord r, ReadRule(s));
      out.push_back(std::move(r));
    }
  });
}

Result<std::optional<int64_t>> SqliteUnitOfWork::ScheduleRunVersion(Id rule_id, Id ticket_id) {
  return Guard("schedule run version", [&]() -> Result<std::optional<int64_t>> {
    LD_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare("SELECT version FROM rule_schedule_runs WHERE "
                                              "rule_id = ? AND ticket_id = ?"));
    s.Bind(rule_id).Bind(ticket_id);
    LD_ASSIGN_OR_RETURN(bool row, s.Step("schedule run version"));
    if (!row) return std::optional<int64_t>();
    return std::optional<int64_t>(s.Int(0));
  });
}

Status SqliteUnitOfWork::RecordScheduleRun(Id rule_id, Id ticket_id, int64_t version, TimeMs at) {
  return Guard("record schedule run", [&]() -> Status {
    LD_RETURN_IF_ERROR(CheckWritable());
    LD_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare("INSERT INTO rule_schedule_runs "
                                              "(rule_id, ticket_id, version, fired_at) "
                                              "VALUES (?, ?, ?, ?) ON CONFLICT (rule_id, "
                                              "ticket_id) DO UPDATE SET version = "
                                              "excluded.version, fired_at = excluded.fired_at"));
    s.Bind(rule_id).Bind(ticket_id).Bind(version).Bind(at);
    return s.Run("record schedule run");
  });
}

}  // namespace loopdesk::sqlite
