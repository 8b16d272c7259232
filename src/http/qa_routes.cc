#include "http/qa_routes.h"

#include <charconv>

#include "codec/value_json.h"
#include "http/json_io.h"

namespace loopdesk::http {

namespace {

Response BodyError(const Status& st) {
  return ErrorResponse(400, "bad_request", st.message(), st.field());
}

Result<int> Limit(const std::string* s) {
  if (!s || s->empty()) return 1000;
  int v = 0;
  auto [p, ec] = std::from_chars(s->data(), s->data() + s->size(), v);
  if (ec != std::errc() || p != s->data() + s->size() || v < 1 || v > 10000)
    return Status::Invalid("limit must be an integer from 1 to 10000", "limit");
  return v;
}

}  // namespace

void AddQaRoutes(Router& R, QaService& qa, const Authenticate& authed) {
  R.Add("GET", "/api/v1/tickets/{id}/qa", authed([&qa](Request& req, const Principal& who) {
          auto id = PathId(req);
          if (!id.ok()) return StatusResponse(id.status());
          auto out = qa.GetTicketQa(who, *id);
          if (!out.ok()) return StatusResponse(out.status());
          return JsonResponse(200, loopdesk::ToJson(*out));
        }));
  R.Add("POST", "/api/v1/tickets/{id}/qa/review", authed([&qa](Request& req, const Principal& who) {
          auto id = PathId(req);
          if (!id.ok()) return StatusResponse(id.status());
          if (who.role != Role::kAdmin && who.role != Role::kSupervisor)
            return ErrorResponse(403, "permission_denied",
                                 "only an admin or a supervisor may review QA scores");
          auto body = ParseJsonObject(req);
          if (!body.ok()) return BodyError(body.status());
          auto out = qa.Review(who, *id, FromJson(*body));
          if (!out.ok()) return StatusResponse(out.status());
          return JsonResponse(201, loopdesk::ToJson(*out));
        }));
  R.Add("GET", "/api/v1/qa/rubric", authed([&qa](Request&, const Principal& who) {
          auto out = qa.GetRubric(who);
          if (!out.ok()) return StatusResponse(out.status());
          return JsonResponse(200, loopdesk::ToJson(*out));
        }));
  R.Add("PUT", "/api/v1/qa/rubric", authed([&qa](Request& req, const Principal& who) {
          if (who.role != Role::kAdmin && who.role != Role::kSupervisor)
            return ErrorResponse(403, "permission_denied",
                                 "only an admin or a supervisor may change the QA rubric");
          auto body = ParseJsonObject(req);
          if (!body.ok()) return BodyError(body.status());
          auto out = qa.PutRubric(who, FromJson(*body));
          if (!out.ok()) return StatusResponse(out.status());
          return JsonResponse(200, loopdesk::ToJson(*out));
        }));
  R.Add("GET", "/api/v1/qa/summary", authed([&qa](Request&, const Principal& who) {
          auto out = qa.Summary(who);
          if (!out.ok()) return StatusResponse(out.status());
          return JsonResponse(200, loopdesk::ToJson(*out));
        }));
  R.Add("GET", "/api/v1/qa/calibration", authed([&qa](Request& req, const Principal& who) {
          auto limit = Limit(req.Query("limit"));
          if (!limit.ok()) return StatusResponse(limit.status());
          auto out = qa.Calibration(who, *limit);
          if (!out.ok()) return StatusResponse(out.status());
          return JsonResponse(200, loopdesk::ToJson(*out));
        }));
}

}  // namespace loopdesk::http
