#pragma once
// The forecast, insights, scorecard and KPI-target routes (docs/forecast.md), added by
// Api::AddRoutes; and the `targets` of each /api/v1/metrics group.
//
//   GET /api/v1/forecast    ?days=1..90 (14) &channel &team &service_level (0.8) &answer_s (20)
//                           &max_occupancy (0.85) &aht_s (measured)
//        → {generated_at, history_days, mape, daily:[{date, tickets, low, high, holiday}],
//           hourly:[{at, tickets}], staffing:[{at, tickets, aht_s, agents, service_level,
//           occupancy}], target:{service_level, answer_s, max_occupancy}, aht:{...}, ...}
//   GET /api/v1/insights    ?from&to (last 30 days) → {from, to, items:[{id, kind, severity,
//                           title, detail, scope, since, confidence, p_value, ticket_ids}]}
//   GET /api/v1/scorecards  ?from&to&team → {items:[{agent_id, name, team, tickets, ...,
//                           star_score, rank}], team_medians:{...}}
//   GET /api/v1/kpi-targets → {items:[{metric, op, value, channel?, team?}], defaults}
//   PUT /api/v1/kpi-targets  body: the list (or {items}) → the same; admin or supervisor.
// Bad parameters are 422 naming the parameter; without analytics 503.

#include <vector>

#include "app/kpi_targets.h"
#include "app/service.h"
#include "http/json_io.h"
#include "http/router.h"
#include "http/rules_routes.h"

namespace loopdesk::analytics {
struct KpiQuery;
struct KpiGroup;
}  // namespace loopdesk::analytics

namespace loopdesk::http {

void AddForecastRoutes(Router& router, Service& svc, const Authenticate& authed);

// The KPI targets in force for /api/v1/metrics (stored or default); empty on a read error.
std::vector<KpiTarget> MetricsTargets(Service& svc);
// {metric: {value, op, met}} of one group of /api/v1/metrics: the targets whose channel/team
// match the group's (from the query's filter or the group's own key).
json GroupTargetsJson(const std::vector<KpiTarget>& targets,
                      const analytics::KpiQuery& q, const analytics::KpiGroup& g,
                      const json& group_json);

}  // namespace loopdesk::http
