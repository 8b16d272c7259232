#include "http/feedback_cause_routes.h"

#include <cstdio>

#include "common/time.h"
#include "http/json_io.h"
#include "http/query_params.h"

namespace loopdesk::http {

namespace {

constexpr TimeMs kMaxSpan = int64_t{3660} * kDayMs;

// The filter both routes take. (Local lambdas, so the OpenAPI check sees the parameters.)
const auto parse_filter = [](const Request& req, TimeMs now) -> Result<FeedbackFilter> {
  FeedbackFilter f;
  LD_ASSIGN_OR_RETURN(f.to, QueryTime(req.Query("to"), "to", now + 1));
  LD_ASSIGN_OR_RETURN(f.from, QueryTime(req.Query("from"), "from", f.to - 90 * kDayMs));
  if (f.from >= f.to) return Status::Invalid("from must be before to", "from");
  if (f.to - f.from > kMaxSpan) return Status::Invalid("the period is at most 10 years", "from");
  if (const std::string* s = req.Query("source"); s && !s->empty()) {
    if (*s != "survey" && *s != "complaint")
      return Status::Invalid("source must be survey or complaint", "source");
    f.source = *s;
  }
  if (const std::string* s = req.Query("cause"); s && !s->empty()) f.cause = *s;
  if (const std::string* s = req.Query("product")) f.product = *s;  // "" = no product linked
  if (const std::string* s = req.Query("link"); s && !s->empty()) {
    for (std::string_view k : {kLinkMentioned, kLinkOnlyProduct, kLinkLatestAsset,
                               kLinkLatestOrder, kLinkNone})
      if (*s == k) f.link = *s;
    if (f.link.empty())
      return Status::Invalid(
          "link must be one of mentioned | only_product | latest_asset | latest_order | none",
          "link");
  }
  // tone: the negative feedback (default: complaints and low scores), the rest, or all.
  f.negative = true;
  if (const std::string* s = req.Query("tone"); s && !s->empty()) {
    if (*s == "positive") f.negative = false;
    else if (*s == "all") f.negative.reset();
    else if (*s != "negative")
      return Status::Invalid("tone must be negative, positive or all", "tone");
  }
  return f;
};

// group_by and period of the counts.
const auto parse_grouping = [](const Request& req,
                               FeedbackFilter filter) -> Result<FeedbackCauseQuery> {
  FeedbackCauseQuery q;
  q.filter = std::move(filter);
  if (const std::string* g = req.Query("group_by"); g && !g->empty()) {
    q.by_cause = false;
    size_t pos = 0;
    while (pos <= g->size()) {
      size_t comma = g->find(',', pos);
      if (comma == std::string::npos) comma = g->size();
      const std::string d = g->substr(pos, comma - pos);
      if (d == "cause") q.by_cause = true;
      else if (d == "product") q.by_product = true;
      else if (d == "period") q.by_period = true;
      else if (d != "none")
        return Status::Invalid("group_by must be a comma-separated list of cause, product, period",
                               "group_by");
      pos = comma + 1;
    }
  }
  if (const std::string* p = req.Query("period"); p && !p->empty()) {
    if (*p == "day") q.period = FeedbackPeriod::kDay;
    else if (*p == "week") q.period = FeedbackPeriod::kWeek;
    else if (*p == "month") q.period = FeedbackPeriod::kMonth;
    else return Status::Invalid("period must be day, week or month", "period");
  }
  return q;
};

const char* PeriodName(FeedbackPeriod p) {
  return p == FeedbackPeriod::kDay ? "day" : p == FeedbackPeriod::kWeek ? "week" : "month";
}

std::vector<std::string> Dims(const FeedbackCauseQuery& q) {
  std::vector<std::string> d;
  if (q.by_period) d.push_back("period");
  if (q.by_cause) d.push_back("cause");
  if (q.by_product) d.push_back("product");
  return d;
}

Response CauseCsv(const FeedbackCauseQuery& q, const FeedbackCauseReport& r) {
  std::string out;
  for (const auto& d : Dims(q)) out += d + ",";
  out += "count,surveys,complaints,share\n";
  for (const auto& g : r.groups) {
    if (q.by_period) out += CsvField(g.period) + ",";
    if (q.by_cause) out += CsvField(g.cause) + ",";
    if (q.by_product) out += CsvField(g.product) + ",";
    char buf[96];
    std::snprintf(buf, sizeof buf, "%lld,%lld,%lld,%.4f\n", static_cast<long long>(g.count),
                  static_cast<long long>(g.surveys), static_cast<long long>(g.complaints), g.share);
    out += buf;
  }
  Response res;
  res.status = 200;
  res.content_type = "text/csv; charset=utf-8";
  res.body = std::move(out);
  res.headers.emplace_back("Content-Disposition", "attachment; filename=\"feedback-causes.csv\"");
  return res;
}

json CauseJson(const FeedbackCauseQuery& q, const FeedbackCauseReport& r) {
  json groups = json::array();
  for (const auto& g : r.groups) {
    json j = {{"count", g.count}, {"surveys", g.surveys}, {"complaints", g.complaints},
              {"share", g.share}};
    if (q.by_period) j["period"] = g.period;
    if (q.by_cause) j["cause"] = g.cause;
    if (q.by_product) j["product"] = g.product.empty() ? json() : json(g.product);
    groups.push_back(std::move(j));
  }
  return json{{"from", FormatIso8601(q.filter.from)},
              {"to", FormatIso8601(q.filter.to)},
              {"group_by", Dims(q)},
              {"period", PeriodName(q.period)},
              {"total", r.total},
              {"groups", std::move(groups)}};
}

json ItemJson(const FeedbackItem& i) {
  json j = {{"id", i.id},
            {"source", i.source},
            {"ticket_id", i.ticket_id ? json(*i.ticket_id) : json()},
            {"survey_id", i.source == "survey" ? json(i.source_id) : json()},
            {"customer_id", i.customer_id},
            {"at", FormatIso8601(i.at)},
            {"cause", i.cause},
            {"confidence", i.confidence},
            {"negative", i.negative},
            {"product", i.product.product.empty() ? json() : json(i.product.product)},
            {"order_id", i.product.order_id ? json(*i.product.order_id) : json()},
            {"asset_id", i.product.asset_id ? json(*i.product.asset_id) : json()},
            {"link", i.product.link}};
  return j;
}

}  // namespace

void AddFeedbackCauseRoutes(Router& R, Service& svc, const Authenticate& authed) {
  R.Add("GET", "/api/v1/feedback/causes", authed([&svc](Request& req, const Principal& who) {
          auto f = parse_filter(req, svc.clock().Now());
          if (!f.ok()) return StatusResponse(f.status());
          auto q = parse_grouping(req, std::move(*f));
          if (!q.ok()) return StatusResponse(q.status());
          const std::string* format = req.Query("format");
          if (format && !format->empty() && *format != "json" && *format != "csv")
            return StatusResponse(Status::Invalid("format must be json or csv", "format"));
          auto r = svc.FeedbackCauses(who, *q);
          if (!r.ok()) return StatusResponse(r.status());
          if (format && *format == "csv") return CauseCsv(*q, *r);
          return JsonResponse(200, CauseJson(*q, *r));
        }));
  R.Add("GET", "/api/v1/feedback/items", authed([&svc](Request& req, const Principal& who) {
          auto f = parse_filter(req, svc.clock().Now());
          if (!f.ok()) return StatusResponse(f.status());
          auto limit = QueryLimit(req);
          if (!limit.ok()) return StatusResponse(limit.status());
          auto cursor = DecodeCursor(req);
          if (!cursor.ok()) return StatusResponse(cursor.status());
          f->limit = *limit;
          f->before_id = *cursor;
          auto page = svc.ListFeedbackItems(who, *f);
          if (!page.ok()) return StatusResponse(page.status());
          json items = json::array();
          for (const auto& i : page->items) items.push_back(ItemJson(i));
          return JsonResponse(
              200, json{{"items", std::move(items)},
                        {"next_cursor",
                         page->next_cursor ? json(EncodeCursor(*page->next_cursor)) : json()}});
        }));
}

}  // namespace loopdesk::http
