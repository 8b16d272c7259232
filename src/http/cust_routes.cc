#include "http/cust_routes.h"

#include <array>
#include <charconv>
#include <cstdio>
#include <map>

#include "codec/value_json.h"
#include "common/time.h"
#include "http/query_params.h"

namespace loopdesk::http {

namespace {

// at-risk query parameters (local lambda, so the OpenAPI check sees what the handler reads).
const auto parse_at_risk = [](const Request& req) -> Result<AtRiskQuery> {
  AtRiskQuery q;
  if (const std::string* s = req.Query("level"); s && !s->empty()) {
    if (analytics::ChurnLevelRank(*s) < 0)
      return Status::Invalid("level must be one of low, medium, high", "level");
    q.level = *s;
  }
  if (const std::string* s = req.Query("tier"); s && !s->empty()) {
    q.tier = ParseTier(*s);
    if (!q.tier) return Status::Invalid("tier must be one of " + std::string(TierNames()), "tier");
  }
  LD_ASSIGN_OR_RETURN(q.limit, QueryLimit(req));
  LD_ASSIGN_OR_RETURN(q.after, DecodeCursor(req));
  return q;
};

constexpr TimeMs kMaxSpan = int64_t{3660} * kDayMs;

struct Period {
  TimeMs from = 0, to = 0;
};

// from/to of a report: default the last 30 days; from < to; at most 10 years.
const auto parse_period = [](const Request& req, TimeMs now) -> Result<Period> {
  Period p;
  LD_ASSIGN_OR_RETURN(p.to, QueryTime(req.Query("to"), "to", now + 1));
  LD_ASSIGN_OR_RETURN(p.from, QueryTime(req.Query("from"), "from", p.to - 30 * kDayMs));
  if (p.from >= p.to) return Status::Invalid("from must be before to", "from");
  if (p.to - p.from > kMaxSpan) return Status::Invalid("the period is at most 10 years", "from");
  return p;
};

const auto parse_format = [](const Request& req) -> Result<bool> {
  const std::string* f = req.Query("format");
  if (!f || f->empty() || *f == "json") return false;
  if (*f == "csv") return true;
  return Status::Invalid("format must be json or csv", "format");
};

Response BadBody(const Status& st) { return ErrorResponse(400, "bad_request", st.message(), st.field()); }

std::string CsvNumber(const json& v) {
  if (v.is_null()) return "";
  if (v.is_number_float()) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.6g", v.get<double>());
    return buf;
  }
  return v.dump();
}

// Flattens a report side into metric → value: numbers as they are, rate cells as their
// rate, lists of rows keyed by channel/tier/band as "<list>.<key>.<metric>".
void Flatten(const json& j, const std::string& prefix, std::map<std::string, json>& out,
             std::vector<std::string>& order) {
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string name = prefix + it.key();
    const json& v = it.value();
    if (v.is_number() || v.is_null()) {
      if (!out.count(name)) order.push_back(name);
      out[name] = v;
    } else if (v.is_object() && v.contains("rate")) {
      if (!out.count(name)) order.push_back(name);
      out[name] = v["rate"];
    } else if (v.is_array()) {
      for (const json& row : v) {
        std::string key;
        for (const char* k : {"channel", "tier", "band"})
          if (row.contains(k)) key = row[k].get<std::string>();
        json rest = row;
        for (const char* k : {"channel", "tier", "band"}) rest.erase(k);
        Flatten(rest, name + "." + key + ".", out, order);
      }
    }
  }
}

Response ServiceValueCsv(const json& report) {
  std::string csv = "section,metric,current,previous,change\n";
  for (const char* section : {"cost", "value"}) {
    std::map<std::string, json> cur, prev;
    std::vector<std::string> order, unused;
    Flatten(report[section]["current"], "", cur, order);
    Flatten(report[section]["previous"], "", prev, unused);
    for (const auto& m : order) {
      const json& c = cur[m];
      const json p = prev.count(m) ? prev[m] : json();
      json d = c.is_number() && p.is_number() ? json(c.get<double>() - p.get<double>()) : json();
      csv += std::string(section) + "," + m + "," + CsvNumber(c) + "," + CsvNumber(p) + "," +
             CsvNumber(d) + "\n";
    }
  }
  Response r;
  r.status = 200;
  r.content_type = "text/csv; charset=utf-8";
  r.body = std::move(csv);
  r.headers.emplace_back("Content-Disposition", "attachment; filename=\"service-value.csv\"");
  return r;
}

}  // namespace

json ChurnJson(const analytics::ChurnRisk& r) {
  json reasons = json::array(), actions = json::array();
  for (const auto& x : r.reasons)
    reasons.push_back(
        json{{"code", x.code}, {"text", x.text}, {"text_en", x.text_en}, {"weight", x.weight}});
  for (const auto& a : r.actions)
    actions.push_back(json{
        {"code", a.code}, {"text", a.text}, {"text_en", a.text_en}, {"due", FormatIso8601(a.due)}});
  return json{{"score", r.score}, {"level", r.level}, {"reasons", reasons}, {"actions", actions}};
}

void AddChurnToCustomer(Service& svc, const Principal& who, Id customer_id, json& j) {
  auto r = svc.CustomerChurn(who, customer_id);
  j["churn_risk"] = r.ok() ? ChurnJson(*r) : json();
  // sentiment_trend: per UTC month of the listed tickets (the newest 200), oldest first:
  // {month, tickets, analysed, negative, avg_score} (avg_score null when none was analysed).
  std::map<std::string, std::array<double, 4>> months;  // tickets, analysed, negative, sum
  if (j.contains("tickets") && j["tickets"].is_array()) {
    for (const json& t : j["tickets"]) {
      if (!t.contains("created_at") || !t["created_at"].is_string()) continue;
      auto& m = months[t["created_at"].get<std::string>().substr(0, 7)];
      m[0] += 1;
      const json* s = t.contains("sentiment") ? &t["sentiment"] : nullptr;
      if (s && s->is_object() && s->contains("score") && (*s)["score"].is_number()) {
        m[1] += 1;
        if (s->value("label", "") == "negative") m[2] += 1;
        m[3] += (*s)["score"].get<double>();
      }
    }
  }
  json trend = json::array();
  for (const auto& [month, m] : months)
    trend.push_back(json{{"month", month},
                         {"tickets", static_cast<int64_t>(m[0])},
                         {"analysed", static_cast<int64_t>(m[1])},
                         {"negative", static_cast<int64_t>(m[2])},
                         {"avg_score", m[1] > 0 ? json(m[3] / m[1]) : json()}});
  j["sentiment_trend"] = std::move(trend);
}

void AddCustRoutes(Router& R, Service& svc, const Authenticate& authed) {
  R.Add("GET", "/api/v1/customers/at-risk", authed([&svc](Request& req, const Principal& who) {
          auto q = parse_at_risk(req);
          if (!q.ok()) return StatusResponse(q.status());
          auto page = svc.AtRiskCustomers(who, *q);
          if (!page.ok()) return StatusResponse(page.status());
          json items = json::array();
          for (const auto& it : page->items) {
            json j = ChurnJson(it.risk);
            items.push_back(json{{"customer_id", it.customer.customer_id},
                                 {"name", it.customer.name},
                                 {"tier", std::string(Name(it.customer.tier))},
                                 {"language", it.customer.language},
                                 {"score", it.risk.score},
                                 {"level", it.risk.level},
                                 {"reasons", j["reasons"]},
                                 {"actions", j["actions"]}});
          }
          return JsonResponse(
              200, json{{"items", std::move(items)},
                        {"next_cursor", page->next_cursor ? json(EncodeCursor(*page->next_cursor))
                                                          : json()},
                        {"total", page->total},
                        {"scanned", page->scanned}});
        }));

  R.Add("GET", "/api/v1/settings/cost-model", authed([&svc](Request&, const Principal& who) {
          auto v = svc.GetCostModel(who);
          if (!v.ok()) return StatusResponse(v.status());
          return JsonResponse(200, loopdesk::ToJson(*v));
        }));
  R.Add("PUT", "/api/v1/settings/cost-model", authed([&svc](Request& req, const Principal& who) {
          auto body = ParseJsonObject(req);
          if (!body.ok()) return BadBody(body.status());
          auto v = svc.PutCostModel(who, FromJson(*body));
          if (!v.ok()) return StatusResponse(v.status());
          return JsonResponse(200, loopdesk::ToJson(*v));
        }));

  R.Add("GET", "/api/v1/reports/service-value",
        authed([&svc](Request& req, const Principal& who) {
          auto period = parse_period(req, svc.clock().Now());
          if (!period.ok()) return StatusResponse(period.status());
          auto csv = parse_format(req);
          if (!csv.ok()) return StatusResponse(csv.status());
          auto v = svc.ServiceValueReport(who, period->from, period->to);
          if (!v.ok()) return StatusResponse(v.status());
          json report = loopdesk::ToJson(*v);
          if (*csv) return ServiceValueCsv(report);
          return JsonResponse(200, report);
        }));

  R.Add("GET", "/api/v1/reports/journey", authed([&svc](Request& req, const Principal& who) {
          auto period = parse_period(req, svc.clock().Now());
          if (!period.ok()) return StatusResponse(period.status());
          auto v = svc.JourneyReport(who, period->from, period->to);
          if (!v.ok()) return StatusResponse(v.status());
          return JsonResponse(200, loopdesk::ToJson(*v));
        }));
  R.Add("GET", "/api/v1/customers/{id}/journey",
        authed([&svc](Request& req, const Principal& who) {
          auto id = PathId(req);
          if (!id.ok()) return StatusResponse(id.status());
          auto limit = QueryLimit(req);
          if (!limit.ok()) return StatusResponse(limit.status());
          auto cursor = DecodeCursor(req);
          if (!cursor.ok()) return StatusResponse(cursor.status());
          auto v = svc.CustomerJourney(who, *id, *limit, *cursor);
          if (!v.ok()) return StatusResponse(v.status());
          json out = loopdesk::ToJson(*v);
          if (!out["next_cursor"].is_null())
            out["next_cursor"] = EncodeCursor(out["next_cursor"].get<int64_t>());
          return JsonResponse(200, out);
        }));
}

}  // namespace loopdesk::http
