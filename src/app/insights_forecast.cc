// InsightsService: the forecast with Erlang C staffing and the KPI targets.
#include <algorithm>
#include <cmath>

#include "analytics/erlang.h"
#include "analytics/forecast.h"
#include "analytics/kpi.h"
#include "app/insights_service.h"

namespace loopdesk {

namespace {

constexpr int64_t kMaxHistoryDays = 3 * 364 + 7;  // three years: two full yearly cycles
constexpr int64_t kProfileDays = 56;              // hourly profile and handle time: 8 weeks

int64_t DayOf(TimeMs t) { return t >= 0 ? t / kDayMs : (t - kDayMs + 1) / kDayMs; }
std::string DateOf(int64_t day) { return FormatIso8601(day * kDayMs).substr(0, 10); }

double Round(double v, double unit) { return std::round(v / unit) * unit; }

}  // namespace

Result<Value> InsightsService::Forecast(const ForecastRequest& req, TimeMs now) {
  AnalyticsFeed* feed = svc_.analytics();
  if (!feed)
    return Status(Code::kUnavailable, svc_.analytics_warming()
                                          ? "analytics is loading the ticket history; retry shortly"
                                          : "analytics is not running in this process");
  const analytics::FactStore& facts = feed->facts();
  analytics::KpiEngine engine(facts);
  const int64_t today = DayOf(now);

  // Daily history: every full UTC day from the first with a ticket (within three years) to
  // yesterday; days without tickets count 0.
  analytics::KpiQuery q;
  q.now = now;
  q.from = (today - kMaxHistoryDays) * kDayMs;
  q.to = today * kDayMs;
  q.group_by = {analytics::Dim::kDay};
  q.filter.channel = req.channel;
  q.filter.team = req.team;
  std::vector<std::pair<int64_t, double>> days;
  for (const auto& g : engine.Run(q)) {
    auto t = ParseIso8601(g.key.at(0));
    if (t) days.emplace_back(DayOf(*t), static_cast<double>(g.counts.tickets));
  }
  std::sort(days.begin(), days.end());
  const int64_t first = days.empty() ? today : days.front().first;
  std::vector<double> history(static_cast<size_t>(today - first), 0.0);
  for (const auto& [d, n] : days) history[d - first] = n;

  // Holidays of every SLA calendar (local dates, taken as UTC days).
  analytics::ForecastOptions opt;
  opt.horizon_days = req.days;
  if (auto sla = svc_.SlaSnapshot())
    for (const auto& cal : sla->calendar_specs)
      for (const auto& h : cal.holidays)
        if (auto t = ParseIso8601(h)) opt.holidays.push_back(DayOf(*t));
  const analytics::ForecastResult fc = analytics::ForecastDaily(history, first, opt);

  // Hourly profile and measured handle time over the last eight weeks.
  const auto created = facts.CreatedSeconds((today - kProfileDays) * 86400, today * 86400,
                                            req.channel, req.team);
  const analytics::HourlyProfile profile = analytics::BuildHourlyProfile(created);
  analytics::KpiQuery hq = q;
  hq.from = (today - kProfileDays) * kDayMs;
  hq.group_by.clear();
  const auto recent = engine.Run(hq);
  const std::optional<double> measured =
      recent.empty() ? std::nullopt : recent.front().kpis.resolution_avg_s;
  double aht = kDefaultAhtS;
  std::string aht_source = "default";
  if (req.aht_s) {
    aht = *req.aht_s;
    aht_source = "request";
  } else if (measured && *measured > 0) {
    aht = std::min(*measured, kMaxMeasuredAhtS);
    aht_source = *measured > kMaxMeasuredAhtS ? "measured_resolution_capped" : "measured_resolution";
  }

  analytics::StaffingTarget target;
  target.service_level = req.service_level;
  target.answer_s = req.answer_s;
  target.max_occupancy = req.max_occupancy;

  Value daily = Value::MakeArray(), hourly = Value::MakeArray(), staffing = Value::MakeArray();
  for (const auto& d : fc.days) {
    Value o = Value::MakeObject();
    o.Set("date", DateOf(d.day));
    o.Set("tickets", Round(d.tickets, 0.01));
    o.Set("low", Round(d.low, 0.01));
    o.Set("high", Round(d.high, 0.01));
    o.Set("holiday", d.holiday);
    daily.Push(std::move(o));
    const int wd = analytics::WeekdayOfDay(d.day);
    for (int h = 0; h < 24; ++h) {
      const double n = Round(d.tickets * profile.share[wd][h], 0.0001);
      const std::string at = FormatIso8601(d.day * kDayMs + h * kHourMs);
      Value ho = Value::MakeObject();
      ho.Set("at", at);
      ho.Set("tickets", n);
      hourly.Push(std::move(ho));
      const analytics::StaffingResult s = analytics::AgentsNeeded(n, aht, target);
      Value so = Value::MakeObject();
      so.Set("at", at);
      so.Set("tickets", n);
      so.Set("aht_s", aht);
      so.Set("agents", static_cast<int64_t>(s.agents));
      so.Set("service_level", Round(s.service_level, 0.0001));
      so.Set("occupancy", Round(s.occupancy, 0.0001));
      staffing.Push(std::move(so));
    }
  }
  Value candidates = Value::MakeArray();
  for (const auto& [name, mape] : fc.candidates) {
    Value c = Value::MakeObject();
    c.Set("method", name);
    c.Set("mape", mape ? Value(Round(*mape, 0.0001)) : Value());
    candidates.Push(std::move(c));
  }
  Value aht_doc = Value::MakeObject();
  aht_doc.Set("seconds", aht);
  aht_doc.Set("source", aht_source);
  aht_doc.Set("measured_resolution_s", measured ? Value(Round(*measured, 0.1)) : Value());
  Value tgt = Value::MakeObject();
  tgt.Set("service_level", req.service_level);
  tgt.Set("answer_s", req.answer_s);
  tgt.Set("max_occupancy", req.max_occupancy);

  Value out = Value::MakeObject();
  out.Set("generated_at", FormatIso8601(now));
  out.Set("channel", req.channel ? Value(std::string(Name(*req.channel))) : Value());
  out.Set("team", req.team ? Value(*req.team) : Value());
  out.Set("history_days", static_cast<int64_t>(history.size()));
  out.Set("history_from", history.empty() ? Value() : Value(DateOf(first)));
  out.Set("method", fc.method);
  out.Set("mape", fc.mape ? Value(Round(*fc.mape, 0.0001)) : Value());
  out.Set("backtest_days", static_cast<int64_t>(fc.backtest_days));
  out.Set("candidates", std::move(candidates));
  out.Set("holiday_factor", fc.holiday_factor ? Value(Round(*fc.holiday_factor, 0.0001)) : Value());
  out.Set("yearly", fc.yearly);
  out.Set("aht", std::move(aht_doc));
  out.Set("daily", std::move(daily));
  out.Set("hourly", std::move(hourly));
  out.Set("staffing", std::move(staffing));
  out.Set("target", std::move(tgt));
  return out;
}

Result<std::vector<KpiTarget>> InsightsService::Targets() {
  std::optional<Value> doc;
  LD_RETURN_IF_ERROR(svc_.store().Read([&](UnitOfWork& uow) {
    LD_ASSIGN_OR_RETURN(doc, uow.GetConfig(kKpiTargetsKey));
    return Status::Ok();
  }));
  if (!doc) return DefaultKpiTargets();
  return KpiTargetsFromValue(*doc);
}

Result<Value> InsightsService::GetKpiTargets() {
  std::optional<Value> doc;
  LD_RETURN_IF_ERROR(svc_.store().Read([&](UnitOfWork& uow) {
    LD_ASSIGN_OR_RETURN(doc, uow.GetConfig(kKpiTargetsKey));
    return Status::Ok();
  }));
  std::vector<KpiTarget> targets = DefaultKpiTargets();
  if (doc) {
    LD_ASSIGN_OR_RETURN(targets, KpiTargetsFromValue(*doc));
  }
  Value out = Value::MakeObject();
  out.Set("items", KpiTargetsToValue(targets));
  out.Set("defaults", !doc.has_value());
  return out;
}

Result<Value> InsightsService::PutKpiTargets(const Principal& who, const Value& body, TimeMs now) {
  if (who.role != Role::kAdmin && who.role != Role::kSupervisor)
    return Status::Denied("only an admin or a supervisor may change KPI targets");
  LD_ASSIGN_OR_RETURN(std::vector<KpiTarget> targets, KpiTargetsFromValue(body));
  const Value doc = KpiTargetsToValue(targets);
  LD_RETURN_IF_ERROR(svc_.RunBatch([&](Operations& ops) {
    LD_RETURN_IF_ERROR(ops.uow().PutConfig(kKpiTargetsKey, doc, now));
    Value data = Value::MakeObject();
    data.Set("count", static_cast<int64_t>(targets.size()));
    return ops.Emit(who.actor(), "settings.kpi_targets_saved", now, 0, 0, std::move(data));
  }));
  return GetKpiTargets();
}

Value TargetsOfGroup(const std::vector<KpiTarget>& targets, const TargetScope& scope,
                     const std::function<std::optional<double>(const std::string&)>& metric_value) {
  Value out = Value::MakeObject();
  std::vector<std::string> seen;
  for (const auto& t : targets) {
    if (std::find(seen.begin(), seen.end(), t.metric) != seen.end()) continue;
    seen.push_back(t.metric);
    const KpiTarget* applies = ApplicableTarget(targets, t.metric, scope);
    if (!applies) continue;
    const std::optional<double> v = metric_value(t.metric);
    Value o = Value::MakeObject();
    o.Set("value", applies->value);
    o.Set("op", applies->ge ? "ge" : "le");
    o.Set("met", v ? Value(TargetMet(*applies, *v)) : Value());
    out.Set(t.metric, std::move(o));
  }
  return out;
}

}  // namespace loopdesk
