#include "http/feedback_routes.h"

#include <algorithm>
#include <charconv>
#include <tuple>

#include "app/feedback_insights.h"
#include "common/time.h"
#include "http/json_io.h"
#include "http/query_params.h"

namespace loopdesk::http {

namespace {

constexpr TimeMs kMaxPeriod = int64_t{731} * kDayMs;

Result<int> IntParam(const std::string* s, const char* name, int fallback, int lo, int hi) {
  if (!s || s->empty()) return fallback;
  int v = 0;
  auto [end, ec] = std::from_chars(s->data(), s->data() + s->size(), v);
  if (ec != std::errc() || end != s->data() + s->size() || v < lo || v > hi)
    return Status::Invalid(std::string(name) + " must be an integer from " + std::to_string(lo) +
                               " to " + std::to_string(hi),
                           name);
  return v;
}

// The period: [from, to), 30 days before `to` by default.
const auto parse_period = [](const Request& req, TimeMs now) -> Result<std::pair<TimeMs, TimeMs>> {
  LD_ASSIGN_OR_RETURN(TimeMs to, QueryTime(req.Query("to"), "to", now + 1));
  LD_ASSIGN_OR_RETURN(TimeMs from, QueryTime(req.Query("from"), "from", to - 30 * kDayMs));
  if (from >= to) return Status::Invalid("from must be before to", "from");
  if (to - from > kMaxPeriod) return Status::Invalid("the period is at most 2 years", "from");
  return std::pair(from, to);
};

Response NotRunning() {
  return ErrorResponse(503, "unavailable", "feedback analysis needs the text engine");
}

}  // namespace

void AddFeedbackRoutes(Router& R, Service& svc, const Authenticate& authed) {
  R.Add("GET", "/api/v1/feedback/clusters", authed([&svc](Request& req, const Principal& who) {
          FeedbackInsights* fi = svc.feedback_insights();
          if (!fi) return NotRunning();
          FeedbackInsights::ClusterQuery q;
          auto period = parse_period(req, svc.clock().Now());
          if (!period.ok()) return StatusResponse(period.status());
          std::tie(q.from, q.to) = *period;
          auto limit = IntParam(req.Query("limit"), "limit", 20, 1, 100);
          if (!limit.ok()) return StatusResponse(limit.status());
          q.limit = *limit;
          auto min_size = IntParam(req.Query("min_size"), "min_size", 2, 1, 1000);
          if (!min_size.ok()) return StatusResponse(min_size.status());
          q.min_size = *min_size;
          if (const std::string* c = req.Query("cause"); c && !c->empty()) {
            static const std::vector<std::string> kCauses = {
                "product_defect", "service_process", "staff", "logistics", "billing", "other"};
            if (std::find(kCauses.begin(), kCauses.end(), *c) == kCauses.end())
              return StatusResponse(Status::Invalid(
                  "cause must be one of product_defect, service_process, staff, logistics, "
                  "billing, other",
                  "cause"));
            q.cause = *c;
          }
          auto v = fi->Clusters(who, q);
          if (!v.ok()) return StatusResponse(v.status());
          json out = DocToJson(*v);
          out["next_cursor"] = nullptr;
          return JsonResponse(200, out);
        }));

  R.Add("GET", "/api/v1/feedback/keywords", authed([&svc](Request& req, const Principal& who) {
          FeedbackInsights* fi = svc.feedback_insights();
          if (!fi) return NotRunning();
          FeedbackInsights::KeywordQuery q;
          q.now = svc.clock().Now();
          auto period = parse_period(req, q.now);
          if (!period.ok()) return StatusResponse(period.status());
          std::tie(q.from, q.to) = *period;
          auto limit = IntParam(req.Query("limit"), "limit", 20, 1, 200);
          if (!limit.ok()) return StatusResponse(limit.status());
          q.limit = *limit;
          if (const std::string* s = req.Query("sort"); s && !s->empty()) {
            if (*s != "score" && *s != "rising")
              return StatusResponse(Status::Invalid("sort must be score or rising", "sort"));
            q.rising = *s == "rising";
          }
          if (const std::string* r = req.Query("refresh_idf"); r && !r->empty()) {
            if (*r != "true" && *r != "false")
              return StatusResponse(
                  Status::Invalid("refresh_idf must be true or false", "refresh_idf"));
            q.refresh_idf = *r == "true";
          }
          auto v = fi->Keywords(who, q);
          if (!v.ok()) return StatusResponse(v.status());
          json out = DocToJson(*v);
          out["next_cursor"] = nullptr;
          return JsonResponse(200, out);
        }));
}

}  // namespace loopdesk::http
