#pragma once
// The analytics routes (docs/metrics.md) and the import route, added by Api::AddRoutes.
//
//   GET  /api/v1/metrics          ?from&to&group_by&channel&team&agent_id&tier&category&region
//                                 &industry&format=json|csv
//        → {from, to, group_by, industry, benchmarks:{metric:{low,high,source}},
//           groups:[{key, keys, tickets, csat, nps, frt_avg_s, frt_p90_s, resolution_avg_s, fcr,
//                    reopen_rate, sla_response_attainment, sla_resolution_attainment,
//                    survey_response_rate, backlog, ...}]}
//        group_by: none | day | week | channel | team | agent | tier | category | region, or
//        two of them joined by a comma ("day,channel"); `key` joins the values with "|".
//   GET  /api/v1/metrics/tickets  same slice parameters + metric (required), limit, cursor
//        → {metric, items:[{ticket_id, hit, value}], next_cursor}
//   POST /api/v1/import           application/x-ndjson body (API.md), ?strict=true
//        → {imported, duplicates, customers, errors:[{line, message}]}; admin or supervisor.

#include "app/service.h"
#include "http/router.h"
#include "http/rules_routes.h"

namespace loopdesk::http {

void AddMetricsRoutes(Router& router, Service& svc, const Authenticate& authed);

}  // namespace loopdesk::http
