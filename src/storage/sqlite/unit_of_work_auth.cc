// Sign-in tables of the SQLite UnitOfWork (migration 7): agent password hashes and browser
// sessions. Only hashes are stored; the tokens themselves live in the browser's cookies.

#include <string>

#include "storage/sqlite/guard.h"
#include "storage/sqlite/unit_of_work.h"

namespace loopdesk::sqlite {

Status SqliteUnitOfWork::SetPasswordHash(Id agent_id, const std::string& hash, TimeMs at) {
  return Guard("set password", [&]() -> Status {
    LD_RETURN_IF_ERROR(CheckWritable());
    LD_ASSIGN_OR_RETURN(Stmt s,
                        conn_.Prepare("INSERT INTO agent_passwords (agent_id, hash, updated_at) "
                                      "VALUES (?, ?, ?) ON CONFLICT (agent_id) DO UPDATE SET "
                                      "hash = excluded.hash, updated_at = excluded.updated_at"));
    s.Bind(agent_id).Bind(hash).Bind(at);
    return s.Run("set password");
  });
}

Result<std::optional<std::string>> SqliteUnitOfWork::GetPasswordHash(Id agent_id) {
  return Guard("get password", [&]() -> Result<std::optional<std::string>> {
    LD_ASSIGN_OR_RETURN(Stmt s,
                        conn_.Prepare("SELECT hash FROM agent_passwords WHERE agent_id = ?"));
    s.Bind(agent_id);
    LD_ASSIGN_OR_RETURN(bool row, s.Step("get password"));
    if (!row) return std::optional<std::string>();
    return std::optional<std::string>(s.Text(0));
  });
}

Status SqliteUnitOfWork::InsertSession(const SessionRecord& r) {
  return Guard("insert session", [&]() -> Status {
    LD_RETURN_IF_ERROR(CheckWritable());
    LD_ASSIGN_OR_RETURN(Stmt s,
                        conn_.Prepare("INSERT INTO sessions (token_hash, agent_id, csrf_hash, "
                                      "created_at, expires_at) VALUES (?, ?, ?, ?, ?)"));
    s.Bind(r.token_hash).Bind(r.agent_id).Bind(r.csrf_hash).Bind(r.created_at).Bind(r.expires_at);
    LD_RETURN_IF_ERROR(s.Run("insert session"));
    LD_ASSIGN_OR_RETURN(Stmt old, conn_.Prepare("DELETE FROM sessions WHERE expires_at <= ?"));
    old.Bind(r.created_at);
    return old.Run("drop expired sessions");
  });
}

Result<std::optional<SessionRecord>> SqliteUnitOfWork::FindSession(const std::string& token_hash) {
  return Guard("find session", [&]() -> Result<std::optional<SessionRecord>> {
    LD_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare("SELECT agent_id, csrf_hash, created_at, "
                                              "expires_at FROM sessions WHERE token_hash = ?"));
    s.Bind(token_hash);
    LD_ASSIGN_OR_RETURN(bool row, s.Step("find session"));
    if (!row) return std::optional<SessionRecord>();
    SessionRecord r;
    r.token_hash = token_hash;
    r.agent_id = s.Int(0);
    r.csrf_hash = s.Text(1);
    r.created_at = s.Int(2);
    r.expires_at = s.Int(3);
    return std::optional<SessionRecord>(std::move(r));
  });
}

Status SqliteUnitOfWork::DeleteSession(const std::string& token_hash) {
  return Guard("delete session", [&]() -> Status {
    LD_RETURN_IF_ERROR(CheckWritable());
    LD_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare("DELETE FROM sessions WHERE token_hash = ?"));
    s.Bind(token_hash);
    return s.Run("delete session");
  });
}

}  // namespace loopdesk::sqlite
