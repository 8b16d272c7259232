#include "http/forecast_routes.h"

#include <cmath>
#include <cstdlib>

#include "analytics/kpi.h"
#include "app/insights_service.h"
#include "codec/value_json.h"
#include "common/time.h"
#include "http/query_params.h"

namespace loopdesk::http {

namespace {

constexpr TimeMs kMaxSpan = int64_t{3660} * kDayMs;

// A number query parameter within its range (checked by `ok`); absent = nullopt. `range` is
// the human form of the range for the message.
Result<std::optional<double>> NumberParam(const std::string* s, const char* name,
                                          bool (*ok)(double), const char* range) {
  if (!s || s->empty()) return std::optional<double>();
  char* end = nullptr;
  const double v = std::strtod(s->c_str(), &end);
  if (end != s->c_str() + s->size() || !std::isfinite(v) || !ok(v))
    return Status::Invalid(std::string(name) + " must be a number " + range, name);
  return std::optional<double>(v);
}

// The period of insights and scorecards: [from, to), default the last 30 days.
const auto parse_period = [](const Request& req, TimeMs now) -> Result<std::pair<TimeMs, TimeMs>> {
  LD_ASSIGN_OR_RETURN(TimeMs to, QueryTime(req.Query("to"), "to", now + 1));
  LD_ASSIGN_OR_RETURN(TimeMs from, QueryTime(req.Query("from"), "from", to - 30 * kDayMs));
  if (from >= to) return Status::Invalid("from must be before to", "from");
  if (to - from > kMaxSpan) return Status::Invalid("the period is at most 10 years", "from");
  return std::make_pair(from, to);
};

const auto parse_forecast = [](const Request& req) -> Result<ForecastRequest> {
  ForecastRequest f;
  if (const std::string* s = req.Query("days"); s && !s->empty()) {
    char* end = nullptr;
    const long v = std::strtol(s->c_str(), &end, 10);
    if (end != s->c_str() + s->size() || v < 1 || v > 90)
      return Status::Invalid("days must be an integer from 1 to 90", "days");
    f.days = static_cast<int>(v);
  }
  if (const std::string* s = req.Query("channel"); s && !s->empty()) {
    f.channel = ParseChannel(*s);
    if (!f.channel)
      return Status::Invalid("channel must be one of " + std::string(ChannelNames()), "channel");
  }
  if (const std::string* s = req.Query("team"); s && !s->empty()) f.team = *s;
  LD_ASSIGN_OR_RETURN(auto sl, NumberParam(req.Query("service_level"), "service_level",
                                                 [](double v) { return v > 0 && v < 1; },
                                                 "above 0 and below 1"));
  if (sl) f.service_level = *sl;
  LD_ASSIGN_OR_RETURN(auto ans, NumberParam(req.Query("answer_s"), "answer_s",
                                                  [](double v) { return v >= 1 && v <= 3600; },
                                                  "from 1 to 3600"));
  if (ans) f.answer_s = *ans;
  LD_ASSIGN_OR_RETURN(auto occ, NumberParam(req.Query("max_occupancy"), "max_occupancy",
                                                  [](double v) { return v > 0 && v <= 1; },
                                                  "above 0 and at most 1"));
  if (occ) f.max_occupancy = *occ;
  LD_ASSIGN_OR_RETURN(f.aht_s, NumberParam(req.Query("aht_s"), "aht_s",
                                                  [](double v) { return v >= 1 && v <= 86400; },
                                                  "from 1 to 86400"));
  return f;
};

Response Reply(const Result<Value>& v) {
  if (!v.ok()) return StatusResponse(v.status());
  return JsonResponse(200, loopdesk::ToJson(*v));
}

}  // namespace

void AddForecastRoutes(Router& R, Service& svc, const Authenticate& authed) {
  auto ins = std::make_shared<InsightsService>(svc);
  R.Add("GET", "/api/v1/forecast", authed([&svc, ins](Request& req, const Principal&) {
          auto f = parse_forecast(req);
          if (!f.ok()) return StatusResponse(f.status());
          return Reply(ins->Forecast(*f, svc.clock().Now()));
        }));
  R.Add("GET", "/api/v1/insights", authed([&svc, ins](Request& req, const Principal&) {
          const TimeMs now = svc.clock().Now();
          auto p = parse_period(req, now);
          if (!p.ok()) return StatusResponse(p.status());
          return Reply(ins->Insights(p->first, p->second, now));
        }));
  R.Add("GET", "/api/v1/scorecards", authed([&svc, ins](Request& req, const Principal&) {
          const TimeMs now = svc.clock().Now();
          auto p = parse_period(req, now);
          if (!p.ok()) return StatusResponse(p.status());
          std::optional<std::string> team;
          if (const std::string* s = req.Query("team"); s && !s->empty()) team = *s;
          return Reply(ins->Scorecards(p->first, p->second, team, now));
        }));
  R.Add("GET", "/api/v1/kpi-targets", authed([ins](Request&, const Principal&) {
          return Reply(ins->GetKpiTargets());
        }));
  R.Add("PUT", "/api/v1/kpi-targets", authed([&svc, ins](Request& req, const Principal& who) {
          json body = json::parse(req.body, nullptr, false);
          if (body.is_discarded())
            return ErrorResponse(400, "bad_request", "the body is not valid JSON", "body");
          if (!body.is_array() && !body.is_object())
            return ErrorResponse(400, "bad_request", "the body must be a list of targets", "body");
          return Reply(ins->PutKpiTargets(who, FromJson(body), svc.clock().Now()));
        }));
}

std::vector<KpiTarget> MetricsTargets(Service& svc) {
  auto t = InsightsService(svc).Targets();
  return t.ok() ? *t : std::vector<KpiTarget>{};
}

json GroupTargetsJson(const std::vector<KpiTarget>& targets, const analytics::KpiQuery& q,
                      const analytics::KpiGroup& g, const json& group_json) {
  TargetScope scope;
  scope.channel = q.filter.channel;
  scope.team = q.filter.team;
  for (size_t d = 0; d < q.group_by.size() && d < g.key.size(); ++d) {
    if (q.group_by[d] == analytics::Dim::kChannel) scope.channel = ParseChannel(g.key[d]);
    if (q.group_by[d] == analytics::Dim::kTeam) scope.team = g.key[d];
  }
  Value v = TargetsOfGroup(targets, scope, [&](const std::string& metric) -> std::optional<double> {
    auto it = group_json.find(metric);
    if (it == group_json.end() || !it->is_number()) return std::nullopt;
    return it->get<double>();
  });
  return loopdesk::ToJson(v);
}

}  // namespace loopdesk::http
