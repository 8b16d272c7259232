// InsightsService::Insights: the self-check (docs/forecast.md, "Insights").
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "analytics/anomaly.h"
#include "analytics/kpi.h"
#include "app/insights_service.h"
#include "sla/policy.h"

namespace loopdesk {

namespace {

// Complaint-rate benchmark when no complaint_rate target is set: a loopdesk default (the
// source material gives no figure), documented in docs/forecast.md.
constexpr double kComplaintRateBenchmark = 0.05;
constexpr int kMaxTicketIds = 20;

int64_t DayOf(TimeMs t) { return t >= 0 ? t / kDayMs : (t - kDayMs + 1) / kDayMs; }

struct Insight {
  std::string id, kind, severity, title, detail;
  Value scope = Value::MakeObject();
  TimeMs since = 0;
  double confidence = 0;
  std::optional<double> p_value;  // null where no test is behind the confidence
  std::vector<Id> ticket_ids;
};

int SeverityRank(const std::string& s) { return s == "critical" ? 2 : s == "warning" ? 1 : 0; }

std::string Pct(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f %%", 100 * v);
  return buf;
}

std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f", v);
  return buf;
}

// Ticket ids of `metric`'s drill-down in the slice: hits only when `hits`, newest first.
std::vector<Id> DrillIds(const analytics::KpiEngine& e, const analytics::KpiQuery& q,
                         analytics::Metric m, bool hits_only, int limit = kMaxTicketIds) {
  std::vector<Id> out;
  Id before = 0;
  for (int page = 0; page < 50 && static_cast<int>(out.size()) < limit; ++page) {
    bool more = false;
    auto rows = e.DrillDown(q, m, before, 500, &more);
    for (const auto& r : rows)
      if ((!hits_only || r.hit) && static_cast<int>(out.size()) < limit) out.push_back(r.ticket_id);
    if (!more || rows.empty()) break;
    before = rows.back().ticket_id;
  }
  return out;
}

}  // namespace

Result<Value> InsightsService::Insights(TimeMs from, TimeMs to, TimeMs now) {
  AnalyticsFeed* feed = svc_.analytics();
  if (!feed)
    return Status(Code::kUnavailable, svc_.analytics_warming()
                                          ? "analytics is loading the ticket history; retry shortly"
                                          : "analytics is not running in this process");
  analytics::KpiEngine engine(feed->facts());
  LD_ASSIGN_OR_RETURN(std::vector<KpiTarget> targets, Targets());
  std::vector<Insight> items;
  analytics::KpiQuery base;
  base.from = from;
  base.to = to;
  base.now = now;

  // (a) Complaint rate above its benchmark, overall and per channel (binomial test, normal
  // approximation; at least 30 tickets).
  {
    analytics::KpiQuery q = base;
    q.group_by = {analytics::Dim::kChannel};
    auto groups = engine.Run(q);
    q.group_by.clear();
    auto all = engine.Run(q);
    groups.insert(groups.begin(), all.begin(), all.end());
    for (const auto& g : groups) {
      const bool overall = g.key.empty();
      TargetScope scope;
      if (!overall) scope.channel = ParseChannel(g.key[0]);
      const KpiTarget* t = ApplicableTarget(targets, "complaint_rate", scope);
      const double bench = t ? t->value : kComplaintRateBenchmark;
      const double n = static_cast<double>(g.counts.tickets);
      const double k = static_cast<double>(g.counts.complaints);
      if (n < 30 || bench <= 0 || bench >= 1 || k / n <= bench) continue;
      const double z = (k - n * bench) / std::sqrt(n * bench * (1 - bench));
      const double p = analytics::NormalUpperTail(z);
      if (p >= 0.05) continue;
      Insight in;
      in.kind = "complaint_rate_above_benchmark";
      in.id = in.kind + ":" + (overall ? std::string("all") : g.key[0]);
      in.severity = k / n > 2 * bench ? "critical" : "warning";
      in.title = "Complaint rate " + Pct(k / n) + (overall ? "" : " on " + g.key[0]) +
                 " is above the benchmark of " + Pct(bench);
      in.detail = Num(k) + " complaints in " + Num(n) + " tickets; benchmark " + Pct(bench) +
                  (t ? " (KPI target)" : " (loopdesk default)");
      if (!overall) in.scope.Set("channel", g.key[0]);
      in.since = from;
      in.p_value = p;
      in.confidence = 1 - p;
      analytics::KpiQuery dq = base;
      dq.filter.channel = scope.channel;
      in.ticket_ids = DrillIds(engine, dq, analytics::Metric::kComplaint, true);
      items.push_back(std::move(in));
    }
  }

  // (b) First response over its SLA target by more than 30 % (mean FRT per channel × tier
  // against the target of the policy such tickets match; one-sided test of the mean).
  if (auto sla = svc_.SlaSnapshot()) {
    analytics::KpiQuery q = base;
    q.group_by = {analytics::Dim::kChannel, analytics::Dim::kTier};
    for (const auto& g : engine.Run(q)) {
      auto ch = ParseChannel(g.key[0]);
      auto tier = ParseTier(g.key[1]);
      if (!ch || !tier || !g.kpis.frt_avg_s || g.counts.frt_n < 5) continue;
      SlaContext ctx;
      ctx.channel = *ch;
      ctx.tier = *tier;
      const SlaPolicy* pol = MatchPolicy(sla->policies, ctx);
      if (!pol || pol->first_response_s <= 0) continue;
      const double limit = 1.3 * static_cast<double>(pol->first_response_s);
      if (*g.kpis.frt_avg_s <= limit) continue;
      analytics::KpiQuery dq = base;
      dq.filter.channel = ch;
      dq.filter.tier = tier;
      std::vector<std::pair<int64_t, Id>> over;
      double sum = 0, sum2 = 0, n = 0;
      Id before = 0;
      for (int page = 0; page < 40; ++page) {
        bool more = false;
        auto rows = engine.DrillDown(dq, analytics::Metric::kFrt, before, 500, &more);
        for (const auto& r : rows) {
          if (!r.value) continue;
          const double v = static_cast<double>(*r.value);
          sum += v;
          sum2 += v * v;
          n += 1;
          if (v > static_cast<double>(pol->first_response_s)) over.emplace_back(*r.value, r.ticket_id);
        }
        if (!more || rows.empty()) break;
        before = rows.back().ticket_id;
      }
      if (n < 5) continue;
      const double mean = sum / n;
      const double sd = std::sqrt(std::max(0.0, (sum2 - n * mean * mean) / (n - 1)));
      const double p = sd > 0 ? analytics::NormalUpperTail((mean - limit) / (sd / std::sqrt(n)))
                              : (mean > limit ? 0.0 : 1.0);
      if (p >= 0.05) continue;
      std::sort(over.rbegin(), over.rend());
      Insight in;
      in.kind = "frt_over_sla";
      in.id = in.kind + ":" + g.key[0] + "|" + g.key[1];
      const double ratio = mean / static_cast<double>(pol->first_response_s);
      in.severity = ratio > 2 ? "critical" : "warning";
      in.title = "First response on " + g.key[0] + " (" + g.key[1] + ") takes " +
                 Pct(ratio - 1) + " longer than its SLA target";
      in.detail = "mean first response " + Num(mean) + " s against the " +
                  Num(static_cast<double>(pol->first_response_s)) + " s target of policy \"" +
                  pol->name + "\" over " + Num(n) + " answered tickets";
      in.scope.Set("channel", g.key[0]);
      in.scope.Set("tier", g.key[1]);
      in.scope.Set("policy", pol->name);
      in.since = from;
      in.p_value = p;
      in.confidence = 1 - p;
      for (size_t i = 0; i < over.size() && i < kMaxTicketIds; ++i)
        in.ticket_ids.push_back(over[i].second);
      items.push_back(std::move(in));
    }
  }

  // (c) A category or region spiking: the 7 days before `to` against the same weekdays of
  // the 8 weeks before (analytics/anomaly.h).
  const int64_t end_day = DayOf(to);
  const analytics::SpikeOptions sopt;
  const int64_t span = sopt.recent_days + 7 * sopt.baseline_weeks;
  for (analytics::Dim dim : {analytics::Dim::kCategory, analytics::Dim::kRegion}) {
    const bool is_cat = dim == analytics::Dim::kCategory;
    analytics::KpiQuery q = base;
    q.from = (end_day - span) * kDayMs;
    q.to = end_day * kDayMs;
    q.group_by = {analytics::Dim::kDay, dim};
    std::map<std::string, std::vector<double>> series;
    for (const auto& g : engine.Run(q)) {
      auto t = ParseIso8601(g.key[0]);
      if (!t || g.key[1].empty()) continue;
      auto& s = series[g.key[1]];
      if (s.empty()) s.assign(span, 0.0);
      const int64_t i = DayOf(*t) - (end_day - span);
      if (i >= 0 && i < span) s[i] = static_cast<double>(g.counts.tickets);
    }
    for (const auto& [name, s] : series) {
      const analytics::SpikeResult r = analytics::DetectSpike(s, sopt);
      if (!r.spike) continue;
      Insight in;
      in.kind = is_cat ? "category_spike" : "region_spike";
      in.id = in.kind + ":" + name;
      in.severity = r.observed >= 3 * r.expected ? "critical" : "warning";
      in.title = std::string(is_cat ? "Category \"" : "Region \"") + name + "\" is spiking: " +
                 Num(r.observed) + " tickets in 7 days against " + Num(r.expected) + " expected";
      char stats[96];
      if (r.robust_z)
        std::snprintf(stats, sizeof stats, "Poisson p = %.2g, robust z = %.1f", r.p_value,
                      *r.robust_z);
      else
        std::snprintf(stats, sizeof stats, "Poisson p = %.2g", r.p_value);
      in.detail = "last 7 days against the same weekdays of the 8 weeks before; " +
                  std::string(stats);
      in.scope.Set(is_cat ? "category" : "region", name);
      in.since = (end_day - span + r.since_index) * kDayMs;
      in.p_value = r.p_value;
      in.confidence = 1 - r.p_value;
      analytics::KpiQuery dq = base;
      dq.from = in.since;
      dq.to = end_day * kDayMs;
      if (is_cat)
        dq.filter.category = name;
      else
        dq.filter.region = name;
      in.ticket_ids = DrillIds(engine, dq, analytics::Metric::kTickets, false, 50);
      items.push_back(std::move(in));
    }
  }

  // (d) Survey response rate collapsing: the 14 days before `to` against the 56 before
  // (by ticket creation; two-proportion z-test; at least 20 surveys sent in each).
  {
    analytics::KpiQuery recent = base, before = base;
    recent.from = to - 14 * kDayMs;
    before.to = recent.from;
    before.from = recent.from - 56 * kDayMs;
    const auto r = engine.Run(recent).front().counts;
    const auto b = engine.Run(before).front().counts;
    const double n1 = static_cast<double>(r.surveys_sent), n0 = static_cast<double>(b.surveys_sent);
    if (n1 >= 20 && n0 >= 20) {
      const double p1 = static_cast<double>(r.surveys_answered) / n1;
      const double p0 = static_cast<double>(b.surveys_answered) / n0;
      const double pool =
          static_cast<double>(r.surveys_answered + b.surveys_answered) / (n1 + n0);
      const double se = std::sqrt(pool * (1 - pool) * (1 / n1 + 1 / n0));
      const double p = se > 0 ? analytics::NormalUpperTail((p0 - p1) / se) : 1.0;
      if (p1 < 0.7 * p0 && p < 0.01) {
        Insight in;
        in.kind = "survey_response_collapse";
        in.id = in.kind;
        in.severity = p1 < 0.5 * p0 ? "critical" : "warning";
        in.title = "Survey response rate fell to " + Pct(p1) + " from " + Pct(p0);
        in.detail = Num(static_cast<double>(r.surveys_answered)) + " of " + Num(n1) +
                    " surveys answered in the last 14 days against " +
                    Num(static_cast<double>(b.surveys_answered)) + " of " + Num(n0) +
                    " in the 8 weeks before";
        in.since = recent.from;
        in.p_value = p;
        in.confidence = 1 - p;
        // Tickets whose survey went unanswered.
        Id cursor = 0;
        for (int page = 0; page < 20 && in.ticket_ids.size() < kMaxTicketIds; ++page) {
          bool more = false;
          auto rows = engine.DrillDown(recent, analytics::Metric::kSurveyResponseRate, cursor,
                                       500, &more);
          for (const auto& row : rows)
            if (!row.hit && in.ticket_ids.size() < kMaxTicketIds) in.ticket_ids.push_back(row.ticket_id);
          if (!more || rows.empty()) break;
          cursor = rows.back().ticket_id;
        }
        items.push_back(std::move(in));
      }
    }
  }

  // (e) A recurring top cause without an improvement action in 6 months: a category among the
  // top 3 by tickets in at least 4 of the six 30-day windows before `to` and present in all
  // six, with no improvement created in those 6 months whose scope, title or problem names it.
  // Needs 6 months of history.
  {
    analytics::KpiQuery all = base;
    all.from = 0;
    all.to = to;
    const int64_t total = engine.Run(all).front().counts.tickets;
    analytics::KpiQuery old = all;
    old.to = to - 180 * kDayMs;
    const bool long_enough = total > 0 && engine.Run(old).front().counts.tickets > 0;
    std::map<std::string, int> top_months, present_months;
    std::map<std::string, int64_t> volume;
    for (int m = 0; m < 6 && long_enough; ++m) {
      analytics::KpiQuery q = base;
      q.to = to - m * 30 * kDayMs;
      q.from = q.to - 30 * kDayMs;
      q.group_by = {analytics::Dim::kCategory};
      std::vector<std::pair<int64_t, std::string>> ranked;
      for (const auto& g : engine.Run(q)) {
        if (g.key[0].empty()) continue;
        ranked.emplace_back(g.counts.tickets, g.key[0]);
        present_months[g.key[0]] += 1;
        volume[g.key[0]] += g.counts.tickets;
      }
      std::sort(ranked.rbegin(), ranked.rend());
      for (size_t i = 0; i < ranked.size() && i < 3; ++i) top_months[ranked[i].second] += 1;
    }
    std::vector<Improvement> improvements;
    if (!top_months.empty()) {
      LD_RETURN_IF_ERROR(svc_.store().Read([&](UnitOfWork& uow) {
        Id before = 0;
        for (int page = 0; page < 100; ++page) {
          LD_ASSIGN_OR_RETURN(auto batch, uow.voc().ListImprovements(before, 200));
          for (auto& i : batch) improvements.push_back(std::move(i));
          if (batch.size() < 200) break;
          before = improvements.back().id;
        }
        return Status::Ok();
      }));
    }
    for (const auto& [cat, months] : top_months) {
      if (months < 4 || present_months[cat] < 6) continue;
      bool acted = false;
      for (const auto& i : improvements)
        if (i.created_at >= to - 180 * kDayMs && i.created_at < to &&
            (i.scope.category == cat || i.title.find(cat) != std::string::npos ||
             i.problem.find(cat) != std::string::npos))
          acted = true;
      if (acted) continue;
      Insight in;
      in.kind = "no_improvement_for_top_cause";
      in.id = in.kind + ":" + cat;
      in.severity = "warning";
      in.title = "\"" + cat + "\" has been a top-3 cause for " + std::to_string(months) +
                 " of the last 6 months with no improvement action";
      in.detail = Num(static_cast<double>(volume[cat])) +
                  " tickets in 180 days; no improvement created in that time names this category";
      in.scope.Set("category", cat);
      in.since = to - 180 * kDayMs;
      in.confidence = months / 6.0;  // share of months in the top 3 (no test: p_value null)
      analytics::KpiQuery dq = base;
      dq.from = in.since;
      dq.filter.category = cat;
      in.ticket_ids = DrillIds(engine, dq, analytics::Metric::kTickets, false);
      items.push_back(std::move(in));
    }
  }

  std::stable_sort(items.begin(), items.end(), [](const Insight& a, const Insight& b) {
    if (SeverityRank(a.severity) != SeverityRank(b.severity))
      return SeverityRank(a.severity) > SeverityRank(b.severity);
    return a.confidence > b.confidence;
  });
  Value list = Value::MakeArray();
  for (auto& in : items) {
    Value o = Value::MakeObject();
    o.Set("id", in.id);
    o.Set("kind", in.kind);
    o.Set("severity", in.severity);
    o.Set("title", in.title);
    o.Set("detail", in.detail);
    o.Set("scope", std::move(in.scope));
    o.Set("since", FormatIso8601(in.since));
    o.Set("confidence", std::round(in.confidence * 1e6) / 1e6);
    o.Set("p_value", in.p_value ? Value(*in.p_value) : Value());
    Value ids = Value::MakeArray();
    for (Id id : in.ticket_ids) ids.Push(static_cast<int64_t>(id));
    o.Set("ticket_ids", std::move(ids));
    list.Push(std::move(o));
  }
  Value out = Value::MakeObject();
  out.Set("from", FormatIso8601(from));
  out.Set("to", FormatIso8601(to));
  out.Set("items", std::move(list));
  return out;
}

}  // namespace loopdesk
