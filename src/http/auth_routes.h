#pragma once
// Sign-in for the web application (docs/web.md): password login into a browser session
// carried by two cookies, and the authentication every /api/v1 route goes through.
//
// Cookies: `ld_session` (HttpOnly, SameSite=Strict, Path=/) holds the session token;
// `ld_csrf` (readable by the page, SameSite=Strict) holds the CSRF token, which the page
// sends back in the X-CSRF-Token header on every write (double submit). A request with an
// Authorization header is authenticated by its bearer token only and needs no CSRF token.

#include <string>

#include "app/service.h"
#include "http/request.h"
#include "http/router.h"
#include "http/rules_routes.h"

namespace loopdesk::http {

// The value of cookie `name` in a Cookie header, or "".
std::string CookieValue(const std::string& header, const std::string& name);

// The caller of `req`: bearer token first, else the session cookie (with the CSRF check on
// methods other than GET/HEAD). On failure fills `*error` with the 401/403 response.
std::optional<Principal> AuthenticateRequest(Service& svc, const Request& req, Response* error);

//   POST /api/v1/auth/login    {email, password} → 200 {agent, csrf_token, expires_at} and
//                              the two cookies; 401 for a wrong email or password
//   POST /api/v1/auth/logout   ends the session, clears the cookies → 204
//   GET  /api/v1/auth/session  → {agent, via:"session"|"token"}; 401 when not signed in
//   PUT  /api/v1/agents/{id}/password  {password} → 204 (admin, or the agent itself)
void AddAuthRoutes(Router& router, Service& svc, const Authenticate& authed);

}  // namespace loopdesk::http
