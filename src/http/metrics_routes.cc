#include "http/metrics_routes.h"

#include <charconv>
#include <cmath>
#include <cstdio>

#include "analytics/benchmarks.h"
#include "analytics/kpi.h"
#include "common/time.h"
#include "common/utf8.h"
#include "http/forecast_routes.h"
#include "http/import_codec.h"
#include "http/json_io.h"
#include "http/query_params.h"

namespace loopdesk::http {

namespace {

constexpr TimeMs kMaxSpan = int64_t{3660} * kDayMs;

// The slice every analytics route takes: period and dimension filters. (Local lambdas, so the
// OpenAPI check sees which query parameters the handlers read.)
const auto parse_slice = [](const Request& req, TimeMs now) -> Result<analytics::KpiQuery> {
  analytics::KpiQuery q;
  q.now = now;
  LD_ASSIGN_OR_RETURN(q.to, QueryTime(req.Query("to"), "to", now + 1));
  LD_ASSIGN_OR_RETURN(q.from, QueryTime(req.Query("from"), "from", q.to - 30 * kDayMs));
  if (q.from >= q.to) return Status::Invalid("from must be before to", "from");
  if (q.to - q.from > kMaxSpan) return Status::Invalid("the period is at most 10 years", "from");
  analytics::KpiFilter& f = q.filter;
  if (const std::string* s = req.Query("channel"); s && !s->empty()) {
    f.channel = ParseChannel(*s);
    if (!f.channel)
      return Status::Invalid("channel must be one of " + std::string(ChannelNames()), "channel");
  }
  if (const std::string* s = req.Query("tier"); s && !s->empty()) {
    f.tier = ParseTier(*s);
    if (!f.tier) return Status::Invalid("tier must be one of " + std::string(TierNames()), "tier");
  }
  LD_ASSIGN_OR_RETURN(f.agent_id, QueryId(req, "agent_id"));
  if (const std::string* s = req.Query("team"); s && !s->empty()) f.team = *s;
  if (const std::string* s = req.Query("category"); s && !s->empty()) f.category = *s;
  if (const std::string* s = req.Query("region"); s && !s->empty()) f.region = *s;
  return q;
};

// group_by: one dimension or two joined by a comma.
const auto parse_group_by = [](const Request& req) -> Result<std::vector<analytics::Dim>> {
  std::vector<analytics::Dim> dims;
  const std::string* g = req.Query("group_by");
  if (!g || g->empty()) return dims;
  size_t pos = 0;
  for (;;) {
    size_t comma = g->find(',', pos);
    std::string part = g->substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
    auto d = analytics::ParseDim(part);
    if (!d)
      return Status::Invalid(
          "group_by must be none, day, week, channel, team, agent, tier, "
          "category or region (or two joined by a comma)",
          "group_by");
    if (*d != analytics::Dim::kNone) dims.push_back(*d);
    if (comma == std::string::npos) break;
    pos = comma + 1;
  }
  if (dims.size() > 2) return Status::Invalid("group_by takes at most two dimensions", "group_by");
  return dims;
};

const auto parse_industry = [](const Request& req) -> Result<std::string> {
  const std::string* s = req.Query("industry");
  if (!s || s->empty()) return std::string("internet");
  if (!analytics::FindBenchmarkProfile(*s))
    return Status::Invalid("industry must be one of " + analytics::BenchmarkIndustryNames(),
                           "industry");
  return *s;
};

json Opt(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

// The metric columns of a group, in the order of the response and the CSV header.
std::vector<std::pair<const char*, json>> Columns(const analytics::Kpis& k) {
  return {{"tickets", k.tickets},
          {"csat", Opt(k.csat)},
          {"nps", Opt(k.nps)},
          {"frt_avg_s", Opt(k.frt_avg_s)},
          {"frt_p90_s", Opt(k.frt_p90_s)},
          {"resolution_avg_s", Opt(k.resolution_avg_s)},
          {"fcr", Opt(k.fcr)},
          {"reopen_rate", Opt(k.reopen_rate)},
          {"sla_response_attainment", Opt(k.sla_response_attainment)},
          {"sla_resolution_attainment", Opt(k.sla_resolution_attainment)},
          {"survey_response_rate", Opt(k.survey_response_rate)},
          {"backlog", k.backlog},
          {"open_without_reply", k.open_without_reply},
          {"transfers_per_ticket", Opt(k.transfers_per_ticket)},
          {"repeat_request_rate", Opt(k.repeat_request_rate)},
          {"complaint_rate", Opt(k.complaint_rate)},
          {"repeat_complaint_rate", Opt(k.repeat_complaint_rate)},
          {"complaint_conversion_rate", Opt(k.complaint_conversion_rate)}};
}

std::string JoinKey(const std::vector<std::string>& key) {
  if (key.empty()) return "all";
  std::string s;
  for (size_t i = 0; i < key.size(); ++i) s += (i ? "|" : "") + key[i];
  return s;
}

std::string CsvValue(const json& v) {
  if (v.is_null()) return "";
  if (v.is_number_float()) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.6g", v.get<double>());
    return buf;
  }
  return v.dump();
}

Response MetricsCsv(const analytics::KpiQuery& q, const std::vector<analytics::KpiGroup>& groups) {
  std::string out;
  if (q.group_by.empty()) out += "key";
  for (size_t d = 0; d < q.group_by.size(); ++d)
    out += (d ? "," : "") + std::string(analytics::DimName(q.group_by[d]));
  for (const auto& [name, v] : Columns(analytics::Kpis{})) out += std::string(",") + name;
  out += "\n";
  for (const auto& g : groups) {
    if (g.key.empty()) out += "all";
    for (size_t d = 0; d < g.key.size(); ++d) out += (d ? "," : "") + CsvField(g.key[d]);
    for (const auto& [name, v] : Columns(g.kpis)) out += "," + CsvValue(v);
    out += "\n";
  }
  Response r;
  r.status = 200;
  r.content_type = "text/csv; charset=utf-8";
  r.body = std::move(out);
  r.headers.emplace_back("Content-Disposition", "attachment; filename=\"metrics.csv\"");
  return r;
}

Response NoAnalytics(const Service& svc) {
  if (svc.analytics_warming()) {
    // The server loads the fact store in the background after it starts listening.
    Response r = ErrorResponse(503, "warming_up",
                               "analytics is loading the ticket history; retry shortly");
    r.headers.emplace_back("Retry-After", "1");
    return r;
  }
  return ErrorResponse(503, "unavailable", "analytics is not running in this process");
}

}  // namespace

void AddMetricsRoutes(Router& R, Service& svc, const Authenticate& authed) {
  R.Add("GET", "/api/v1/metrics", authed([&svc](Request& req, const Principal&) {
          AnalyticsFeed* feed = svc.analytics();
          if (!feed) return NoAnalytics(svc);
          auto slice = parse_slice(req, svc.clock().Now());
          if (!slice.ok()) return StatusResponse(slice.status());
          auto dims = parse_group_by(req);
          if (!dims.ok()) return StatusResponse(dims.status());
          auto industry = parse_industry(req);
          if (!industry.ok()) return StatusResponse(industry.status());
          const std::string* format = req.Query("format");
          if (format && !format->empty() && *format != "json" && *format != "csv")
            return StatusResponse(Status::Invalid("format must be json or csv", "format"));
          analytics::KpiQuery& q = *slice;
          q.group_by = *dims;
          auto groups = analytics::KpiEngine(feed->facts()).Run(q);
          if (format && *format == "csv") return MetricsCsv(q, groups);
          json items = json::array();
          const auto targets = MetricsTargets(svc);  // KPI targets (forecast_routes.h)
          for (const auto& g : groups) {
            json o = json::object();
            o["key"] = JoinKey(g.key);
            o["keys"] = g.key;
            for (auto& [name, v] : Columns(g.kpis)) o[name] = std::move(v);
            o["targets"] = GroupTargetsJson(targets, q, g, o);
            items.push_back(std::move(o));
          }
          json bench = json::object();
          for (const auto& b : analytics::FindBenchmarkProfile(*industry)->refs)
            bench[b.metric] = {{"low", b.low}, {"high", b.high}, {"source", b.source}};
          json group_by = json::array();
          for (auto d : q.group_by) group_by.push_back(std::string(analytics::DimName(d)));
          return JsonResponse(200, json{{"from", FormatIso8601(q.from)},
                                        {"to", FormatIso8601(q.to)},
                                        {"group_by", std::move(group_by)},
                                        {"industry", *industry},
                                        {"benchmarks", std::move(bench)},
                                        {"groups", std::move(items)}});
        }));

  R.Add(
      "GET", "/api/v1/metrics/tickets", authed([&svc](Request& req, const Principal&) {
        AnalyticsFeed* feed = svc.analytics();
        if (!feed) return NoAnalytics(svc);
        auto slice = parse_slice(req, svc.clock().Now());
        if (!slice.ok()) return StatusResponse(slice.status());
        const std::string* m = req.Query("metric");
        if (!m || m->empty())
          return StatusResponse(Status::Invalid(
              "metric is required: " + std::string(analytics::MetricNames()), "metric"));
        auto metric = analytics::ParseMetric(*m);
        if (!metric)
          return StatusResponse(Status::Invalid(
              "metric must be one of " + std::string(analytics::MetricNames()), "metric"));
        auto limit = QueryLimit(req);
        if (!limit.ok()) return StatusResponse(limit.status());
        auto cursor = DecodeCursor(req);
        if (!cursor.ok()) return StatusResponse(cursor.status());
        bool more = false;
        auto rows =
            analytics::KpiEngine(feed->facts()).DrillDown(*slice, *metric, *cursor, *limit, &more);
        json items = json::array();
        for (const auto& r : rows)
          items.push_back({{"ticket_id", r.ticket_id},
                           {"hit", r.hit},
                           {"value", r.value ? json(*r.value) : json(nullptr)}});
        json next =
            more && !rows.empty() ? json(EncodeCursor(rows.back().ticket_id)) : json(nullptr);
        return JsonResponse(
            200,
            json{{"metric", *m}, {"items", std::move(items)}, {"next_cursor", std::move(next)}});
      }));

  R.Add("POST", "/api/v1/import", authed([&svc](Request& req, const Principal& who) {
          if (who.role != Role::kAdmin && who.role != Role::kSupervisor)
            return StatusResponse(Status::Denied("only an admin or a supervisor may import"));
          bool strict = false;
          if (const std::string* s = req.Query("strict"); s && !s->empty()) {
            if (*s == "true" || *s == "1")
              strict = true;
            else if (*s != "false" && *s != "0")
              return StatusResponse(Status::Invalid("strict must be true or false", "strict"));
          }
          if (TrimAscii(req.body).empty())
            return ErrorResponse(400, "bad_request", "the body holds no NDJSON lines", "body");
          Importer importer(svc, strict);
          auto lines = ImportNdjson(req.body, 1, importer);
          if (!lines.ok()) return StatusResponse(lines.status());
          if (Status st = importer.Finish(); !st.ok()) return StatusResponse(st);
          // Imported survey comments and complaints become feedback items (docs/voc.md).
          if (auto linked = svc.LinkPendingFeedback(); !linked.ok())
            return StatusResponse(linked.status());
          const ImportSummary& s = importer.summary();
          json errors = json::array();
          for (const auto& e : s.errors)
            errors.push_back({{"line", e.line}, {"message", e.message}});
          const bool rejected = strict && !s.errors.empty();
          json body = {{"imported", s.tickets},
                       {"duplicates", s.duplicates},
                       {"customers", s.customers},
                       {"agents", s.agents},
                       {"errors", std::move(errors)}};
          if (rejected)
            body["error"] = {{"code", "invalid_argument"},
                             {"message", "strict import: nothing was imported because of errors"},
                             {"field", "body"}};
          return JsonResponse(rejected ? 422 : 200, body);
        }));
}

}  // namespace loopdesk::http
