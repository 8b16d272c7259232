#include "http/auth_routes.h"

#include "common/time.h"
#include "http/json_io.h"

namespace loopdesk::http {

namespace {

constexpr const char* kSessionCookie = "ld_session";
constexpr const char* kCsrfCookie = "ld_csrf";

std::string BearerToken(const std::string& h) {
  if (h.size() > 7 && (h.compare(0, 7, "Bearer ") == 0 || h.compare(0, 7, "bearer ") == 0))
    return h.substr(7);
  return "";
}

std::string SetCookie(const std::string& name, const std::string& value, bool http_only,
                      long max_age_s) {
  std::string c =
      name + "=" + value + "; Path=/; SameSite=Strict; Max-Age=" + std::to_string(max_age_s);
  if (http_only) c += "; HttpOnly";
  return c;
}

json AgentJson(const Principal& p) {
  return json{
      {"id", p.agent_id}, {"name", p.name}, {"role", std::string(Name(p.role))}, {"team", p.team}};
}

}  // namespace

std::string CookieValue(const std::string& header, const std::string& name) {
  size_t pos = 0;
  while (pos < header.size()) {
    size_t end = header.find(';', pos);
    if (end == std::string::npos) end = header.size();
    size_t b = pos;
    while (b < end && header[b] == ' ') ++b;
    size_t eq = header.find('=', b);
    if (eq != std::string::npos && eq < end && header.compare(b, eq - b, name) == 0 &&
        eq - b == name.size())
      return header.substr(eq + 1, end - eq - 1);
    pos = end + 1;
  }
  return "";
}

std::optional<Principal> AuthenticateRequest(Service& svc, const Request& req, Response* error) {
  if (!req.authorization.empty()) {
    std::string token = BearerToken(req.authorization);
    if (token.empty()) {
      *error =
          ErrorResponse(401, "unauthenticated", "the Authorization header must be Bearer <token>");
      return std::nullopt;
    }
    auto who = svc.Authenticate(token);
    if (!who.ok()) {
      *error = ErrorResponse(401, "unauthenticated", "invalid or revoked token");
      return std::nullopt;
    }
    return *who;
  }
  std::string session = CookieValue(req.cookie, kSessionCookie);
  if (session.empty()) {
    *error = ErrorResponse(401, "unauthenticated",
                           "missing Authorization: Bearer <token> header or session cookie");
    return std::nullopt;
  }
  const bool safe = req.method == "GET" || req.method == "HEAD";
  auto who = svc.AuthenticateSession(session, safe ? nullptr : &req.csrf_token);
  if (!who.ok()) {
    *error = StatusResponse(who.status());
    if (error->status == 403) {
      *error = ErrorResponse(403, "csrf_failed", who.status().message());
    }
    return std::nullopt;
  }
  return *who;
}

void AddAuthRoutes(Router& R, Service& svc, const Authenticate& authed) {
  R.Add("POST", "/api/v1/auth/login", [&svc](Request& req) -> Response {
    auto body = ParseJsonObject(req);
    if (!body.ok())
      return ErrorResponse(400, "bad_request", body.status().message(), body.status().field());
    FieldReader r(*body);
    std::string email = r.String("email", true).value_or("");
    std::string password = r.String("password", true).value_or("");
    if (!r.ok()) return StatusResponse(r.status());
    auto in = svc.Login(email, password);
    if (!in.ok()) return StatusResponse(in.status());
    const long max_age = static_cast<long>(Service::kSessionTtlMs / 1000);
    Response resp = JsonResponse(200, json{{"agent", AgentJson(in->who)},
                                           {"csrf_token", in->csrf_token},
                                           {"expires_at", FormatIso8601(in->expires_at)}});
    resp.headers.emplace_back("Set-Cookie",
                              SetCookie(kSessionCookie, in->session_token, true, max_age));
    resp.headers.emplace_back("Set-Cookie", SetCookie(kCsrfCookie, in->csrf_token, false, max_age));
    resp.headers.emplace_back("Cache-Control", "no-store");
    return resp;
  });
  R.Add("POST", "/api/v1/auth/logout", authed([&svc](Request& req, const Principal&) {
          Status st = svc.Logout(CookieValue(req.cookie, kSessionCookie));
          if (!st.ok()) return StatusResponse(st);
          Response resp;
          resp.status = 204;
          resp.headers.emplace_back("Set-Cookie", SetCookie(kSessionCookie, "", true, 0));
          resp.headers.emplace_back("Set-Cookie", SetCookie(kCsrfCookie, "", false, 0));
          return resp;
        }));
  R.Add("GET", "/api/v1/auth/session", authed([](Request& req, const Principal& who) {
          return JsonResponse(200, json{{"agent", AgentJson(who)},
                                        {"via", req.authorization.empty() ? "session" : "token"}});
        }));
  R.Add("PUT", "/api/v1/agents/{id}/password", authed([&svc](Request& req, const Principal& who) {
          auto id = PathId(req);
          if (!id.ok()) return StatusResponse(id.status());
          auto body = ParseJsonObject(req);
          if (!body.ok())
            return ErrorResponse(400, "bad_request", body.status().message(),
                                 body.status().field());
          FieldReader r(*body);
          std::string password = r.String("password", true).value_or("");
          if (!r.ok()) return StatusResponse(r.status());
          Status st = svc.SetPassword(who, *id, password);
          if (!st.ok()) return StatusResponse(st);
          Response resp;
          resp.status = 204;
          return resp;
        }));
}

}  // namespace loopdesk::http
