#include "http/ticket_status_routes.h"

#include "common/time.h"

namespace loopdesk::http {

namespace {

json LinkJson(const TicketStatusLink& l) {
  return json{{"ticket_id", l.ticket_id},
              {"token", l.token},
              {"url", l.url},
              {"created_at", FormatIso8601(l.created_at)}};
}

json PublicStatusJson(const PublicTicketStatus& s) {
  json steps = json::array();
  for (const auto& st : s.steps) {
    json j{{"code", st.code}, {"at", FormatIso8601(st.at)}};
    if (!st.handler.empty()) j["handler"] = st.handler;
    steps.push_back(std::move(j));
  }
  return json{{"ticket_id", s.ticket_id},
              {"subject", s.subject},
              {"channel", s.channel},
              {"stage", s.stage},
              {"language", s.language},
              {"handler", s.handler.empty() ? json(nullptr) : json(s.handler)},
              {"created_at", FormatIso8601(s.created_at)},
              {"updated_at", FormatIso8601(s.updated_at)},
              {"due", s.due ? json(FormatIso8601(*s.due)) : json(nullptr)},
              {"overdue", s.overdue},
              {"paused", s.paused},
              {"steps", std::move(steps)},
              {"survey", s.survey_status.empty()
                             ? json(nullptr)
                             : json{{"status", s.survey_status},
                                    {"url", s.survey_path.empty() ? json(nullptr)
                                                                  : json(s.survey_path)}}}};
}

Response LinkResponse(Service& svc, Request& req, const Principal& who, bool create) {
  auto id = PathId(req);
  if (!id.ok()) return StatusResponse(id.status());
  auto link = svc.GetTicketStatusLink(who, *id, create);
  if (!link.ok()) return StatusResponse(link.status());
  return JsonResponse(200, LinkJson(*link));
}

}  // namespace

void AddTicketStatusRoutes(Router& R, Service& svc, const Authenticate& authed) {
  R.Add("GET", "/api/v1/tickets/{id}/status-link",
        authed([&svc](Request& req, const Principal& who) {
          return LinkResponse(svc, req, who, false);
        }));
  R.Add("POST", "/api/v1/tickets/{id}/status-link",
        authed([&svc](Request& req, const Principal& who) {
          return LinkResponse(svc, req, who, true);
        }));
  R.Add("GET", "/api/v1/public/tickets/{token}", [&svc](Request& req) {
    auto s = svc.FindPublicTicketStatus(req.params["token"]);
    if (!s.ok()) return StatusResponse(s.status());
    Response r = JsonResponse(200, PublicStatusJson(*s));
    r.headers.emplace_back("Cache-Control", "no-store");
    return r;
  });
  R.Add("GET", "/t/{token}", [&svc](Request& req) { return TicketStatusPage(svc, req); });
}

}  // namespace loopdesk::http
