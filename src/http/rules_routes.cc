#include "http/rules_routes.h"

#include <charconv>

#include "codec/value_json.h"
#include "common/time.h"
#include "http/json_io.h"

namespace loopdesk::http {

namespace {

json RuleJson(const RuleRecord& r) {
  json j = loopdesk::ToJson(rules::RuleToValue(r.rule));
  j["created_at"] = FormatIso8601(r.created_at);
  j["updated_at"] = FormatIso8601(r.updated_at);
  return j;
}

// The request body as a Value. created_at and updated_at are output-only: a client that
// sends back what it read (GET → edit → PUT) may include them, and they are dropped.
Result<Value> RuleBody(const Request& req) {
  LD_ASSIGN_OR_RETURN(json body, ParseJsonObject(req));
  body.erase("created_at");
  body.erase("updated_at");
  return FromJson(body);
}

Result<int> DryRunLimit(const Request& req) {
  const std::string* s = req.Query("limit");
  if (!s || s->empty()) return 200;
  int v = 0;
  auto [p, ec] = std::from_chars(s->data(), s->data() + s->size(), v);
  if (ec != std::errc() || p != s->data() + s->size() || v < 1 || v > 1000)
    return Status::Invalid("limit must be an integer from 1 to 1000", "limit");
  return v;
}

Result<bool> ExplainFlag(const Request& req) {
  const std::string* s = req.Query("explain");
  if (!s || s->empty() || *s == "false" || *s == "0") return false;
  if (*s == "true" || *s == "1") return true;
  return Status::Invalid("explain must be true or false", "explain");
}

// Body errors (not JSON, not an object) are 400; everything else maps by its code.
Response BodyError(const Status& st) {
  return ErrorResponse(400, "bad_request", st.message(), st.field());
}

}  // namespace

void AddRuleRoutes(Router& R, Service& svc, const Authenticate& authed) {
  R.Add("GET", "/api/v1/rules", authed([&svc](Request&, const Principal& who) {
          auto rows = svc.ListRules(who);
          if (!rows.ok()) return StatusResponse(rows.status());
          json items = json::array();
          for (const auto& r : *rows) items.push_back(RuleJson(r));
          return JsonResponse(200, json{{"items", std::move(items)}, {"next_cursor", nullptr}});
        }));
  R.Add("GET", "/api/v1/rules/fields", authed([&svc](Request&, const Principal&) {
          return JsonResponse(200, json{{"items", loopdesk::ToJson(svc.RuleFields())}});
        }));
  R.Add("POST", "/api/v1/rules", authed([&svc](Request& req, const Principal& who) {
          if (who.role != Role::kAdmin && who.role != Role::kSupervisor)
            return ErrorResponse(403, "permission_denied",
                                 "only an admin or a supervisor may create rules");
          auto body = RuleBody(req);
          if (!body.ok()) return BodyError(body.status());
          auto rec = svc.CreateRule(who, *body);
          if (!rec.ok()) return StatusResponse(rec.status());
          return JsonResponse(201, RuleJson(*rec));
        }));
  R.Add("POST", "/api/v1/rules/dry-run", authed([&svc](Request& req, const Principal& who) {
          auto limit = DryRunLimit(req);
          if (!limit.ok()) return StatusResponse(limit.status());
          auto explain = ExplainFlag(req);
          if (!explain.ok()) return StatusResponse(explain.status());
          auto body = RuleBody(req);
          if (!body.ok()) return BodyError(body.status());
          auto out = svc.DryRunRuleBody(who, *body, *limit, *explain);
          if (!out.ok()) return StatusResponse(out.status());
          return JsonResponse(200, loopdesk::ToJson(*out));
        }));
  R.Add("GET", "/api/v1/rules/{id}", authed([&svc](Request& req, const Principal& who) {
          auto id = PathId(req);
          if (!id.ok()) return StatusResponse(id.status());
          auto rec = svc.GetRule(who, *id);
          if (!rec.ok()) return StatusResponse(rec.status());
          return JsonResponse(200, RuleJson(*rec));
        }));
  auto save = [&svc, &authed](bool merge) {
    return authed([&svc, merge](Request& req, const Principal& who) {
      auto id = PathId(req);
      if (!id.ok()) return StatusResponse(id.status());
      if (who.role != Role::kAdmin && who.role != Role::kSupervisor)
        return ErrorResponse(403, "permission_denied",
                             "only an admin or a supervisor may change rules");
      auto body = RuleBody(req);
      if (!body.ok()) return BodyError(body.status());
      auto rec = merge ? svc.PatchRule(who, *id, *body) : svc.UpdateRule(who, *id, *body);
      if (!rec.ok()) return StatusResponse(rec.status());
      return JsonResponse(200, RuleJson(*rec));
    });
  };
  R.Add("PUT", "/api/v1/rules/{id}", save(false));
  R.Add("PATCH", "/api/v1/rules/{id}", save(true));
  R.Add("DELETE", "/api/v1/rules/{id}", authed([&svc](Request& req, const Principal& who) {
          auto id = PathId(req);
          if (!id.ok()) return StatusResponse(id.status());
          Status st = svc.DeleteRule(who, *id);
          if (!st.ok()) return StatusResponse(st);
          Response r;
          r.status = 204;
          return r;
        }));
  R.Add("POST", "/api/v1/rules/{id}/dry-run", authed([&svc](Request& req, const Principal& who) {
          auto id = PathId(req);
          if (!id.ok()) return StatusResponse(id.status());
          auto limit = DryRunLimit(req);
          if (!limit.ok()) return StatusResponse(limit.status());
          auto explain = ExplainFlag(req);
          if (!explain.ok()) return StatusResponse(explain.status());
          auto out = svc.DryRunRule(who, *id, *limit, *explain);
          if (!out.ok()) return StatusResponse(out.status());
          return JsonResponse(200, loopdesk::ToJson(*out));
        }));
}

}  // namespace loopdesk::http
