#pragma once
// Forecast with Erlang C staffing, the self-check (insights), agent scorecards and KPI targets
// (docs/forecast.md, docs/metrics.md). Thin use cases over the analytics fact store
// (AnalyticsFeed) and the pure math of src/analytics; every query takes an explicit `now`.
// Results are Value documents in the wire form of the routes (src/http/forecast_routes.cc).
// Thread-safe (the fact store and the store are).

#include <optional>
#include <string>
#include <vector>

#include "app/kpi_targets.h"
#include "app/service.h"

namespace loopdesk {

struct ForecastRequest {
  int days = 14;  // 1..90
  std::optional<Channel> channel;
  std::optional<std::string> team;
  double service_level = 0.8;  // Erlang C target: this fraction answered within answer_s
  double answer_s = 20;
  double max_occupancy = 0.85;
  std::optional<double> aht_s;  // handle time to staff with; measured when absent
};

// Handle time used for staffing when nothing was measured (DESIGN.md §4: phone AHT 5–8 min).
inline constexpr double kDefaultAhtS = 300;
// Upper bound of the measured handle time (a resolution time also holds waiting time).
inline constexpr double kMaxMeasuredAhtS = 3600;

class InsightsService {
 public:
  // `svc` must outlive this; its analytics feed must be wired (else kUnavailable).
  explicit InsightsService(Service& svc) : svc_(svc) {}

  // {generated_at, history_days, history_from, method, mape, backtest_days, candidates,
  //  holiday_factor, yearly, aht:{seconds, source, measured_resolution_s},
  //  daily:[{date, tickets, low, high, holiday}], hourly:[{at, tickets}],
  //  staffing:[{at, tickets, aht_s, agents, service_level, occupancy}],
  //  target:{service_level, answer_s, max_occupancy}, channel, team}
  Result<Value> Forecast(const ForecastRequest& req, TimeMs now);

  // {from, to, items:[{id, kind, severity, title, detail, scope, since, confidence, p_value,
  //  ticket_ids}]} for [from, to), most severe and surest first.
  Result<Value> Insights(TimeMs from, TimeMs to, TimeMs now);

  // {from, to, team, items:[{agent_id, name, team, tickets, frt_avg_s, resolution_avg_s, fcr,
  //  reopen_rate, csat, qa_score, star_score, rank, percentiles}], team_medians:{...}}.
  Result<Value> Scorecards(TimeMs from, TimeMs to, const std::optional<std::string>& team,
                           TimeMs now);

  // The stored targets, or the defaults when none were saved.
  Result<std::vector<KpiTarget>> Targets();
  // {items:[...], defaults: bool}
  Result<Value> GetKpiTargets();
  // Admin or supervisor; validates (kInvalidArgument naming the field), stores the document
  // and appends settings.kpi_targets_saved in one transaction.
  Result<Value> PutKpiTargets(const Principal& who, const Value& body, TimeMs now);

 private:
  Service& svc_;
};

// The `targets` object of one metrics group: {metric: {value, op, met}} for every metric with
// an applicable target; `met` is null when the group has no value for it. `metric_value`
// returns the group's value of a metric.
Value TargetsOfGroup(const std::vector<KpiTarget>& targets, const TargetScope& scope,
                     const std::function<std::optional<double>(const std::string&)>& metric_value);

}  // namespace loopdesk
