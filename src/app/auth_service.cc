// Service: sign-in with a password and browser sessions (see service.h). Bearer API tokens
// (Service::Authenticate) are unaffected.

#include "app/service.h"
#include "common/utf8.h"

namespace loopdesk {

namespace {

constexpr size_t kMinPassword = 8;
constexpr size_t kMaxPassword = 256;

Status WrongCredentials() { return Status(Code::kUnauthenticated, "wrong email or password"); }

}  // namespace

Result<Service::SignedIn> Service::Login(const std::string& email, const std::string& password) {
  const std::string key = AsciiLower(TrimAscii(email));
  if (key.empty()) return Status::Invalid("email is required", "email");
  if (password.empty()) return Status::Invalid("password is required", "password");
  if (password.size() > kMaxPassword) return WrongCredentials();
  std::optional<Agent> agent;
  std::optional<std::string> hash;
  LD_RETURN_IF_ERROR(store_.Read([&](UnitOfWork& uow) {
    LD_ASSIGN_OR_RETURN(agent, uow.FindAgentByEmail(key));
    if (agent) {
      LD_ASSIGN_OR_RETURN(hash, uow.GetPasswordHash(agent->id));
    }
    return Status::Ok();
  }));
  // Verify even without a stored hash so an unknown email costs about as long as a wrong
  // password (the dummy hash is computed once).
  static const std::string dummy = secrets_.HashPassword("loopdesk-no-such-user");
  const bool ok = secrets_.VerifyPassword(hash ? *hash : dummy, password);
  if (!agent || !hash || !ok) return WrongCredentials();

  SignedIn out;
  out.session_token = secrets_.NewToken();
  out.csrf_token = secrets_.NewToken();
  const TimeMs now = clock_.Now();
  out.expires_at = now + kSessionTtlMs;
  out.who.agent_id = agent->id;
  out.who.role = agent->role;
  out.who.name = agent->name;
  out.who.team = agent->team;
  SessionRecord rec;
  rec.token_hash = secrets_.HashToken(out.session_token);
  rec.agent_id = agent->id;
  rec.csrf_hash = secrets_.HashToken(out.csrf_token);
  rec.created_at = now;
  rec.expires_at = out.expires_at;
  LD_RETURN_IF_ERROR(store_.Write([&](UnitOfWork& uow) { return uow.InsertSession(rec); }));
  return out;
}

Result<Principal> Service::AuthenticateSession(const std::string& token, const std::string* csrf) {
  if (token.empty()) return Status(Code::kUnauthenticated, "not signed in");
  const std::string hash = secrets_.HashToken(token);
  const TimeMs now = clock_.Now();
  Principal p;
  bool csrf_ok = true;
  LD_RETURN_IF_ERROR(store_.Read([&](UnitOfWork& uow) {
    LD_ASSIGN_OR_RETURN(auto s, uow.FindSession(hash));
    if (!s || s->expires_at <= now)
      return Status(Code::kUnauthenticated, "the session has ended; sign in again");
    if (csrf) csrf_ok = !csrf->empty() && secrets_.HashToken(*csrf) == s->csrf_hash;
    LD_ASSIGN_OR_RETURN(Agent a, uow.GetAgent(s->agent_id));
    p.agent_id = a.id;
    p.role = a.role;
    p.name = a.name;
    p.team = a.team;
    return Status::Ok();
  }));
  if (!csrf_ok)
    return Status::Denied(
        "missing or wrong X-CSRF-Token header (copy it from the ld_csrf "
        "cookie)");
  return p;
}

Status Service::Logout(const std::string& session_token) {
  if (session_token.empty()) return Status::Ok();
  const std::string hash = secrets_.HashToken(session_token);
  return store_.Write([&](UnitOfWork& uow) { return uow.DeleteSession(hash); });
}

Status Service::SetPassword(const Principal& who, Id agent_id, const std::string& password) {
  if (who.role != Role::kAdmin && who.agent_id != agent_id)
    return Status::Denied("only an admin may set another agent's password");
  if (password.size() < kMinPassword || password.size() > kMaxPassword)
    return Status::Invalid("a password has 8 to 256 characters", "password");
  if (!IsValidUtf8(password)) return Status::Invalid("password is not valid UTF-8", "password");
  const std::string hash = secrets_.HashPassword(password);
  if (hash.empty()) return Status::Unavailable("cannot hash the password now; try again");
  const TimeMs now = clock_.Now();
  return Write([&](Operations& ops) {
    LD_RETURN_IF_ERROR(ops.uow().GetAgent(agent_id).status());
    LD_RETURN_IF_ERROR(ops.uow().SetPasswordHash(agent_id, hash, now));
    Value d = Value::MakeObject();
    d.Set("agent_id", Value(static_cast<int64_t>(agent_id)));
    return ops.Emit(who.actor(), "agent.password_set", now, 0, 0, std::move(d));
  });
}

}  // namespace loopdesk
