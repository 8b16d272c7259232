#pragma once
// Feedback clusters and corpus keywords (docs/text-quality.md), added by Api::AddRoutes when
// main wired a FeedbackInsights into the Service.
//
//   GET /api/v1/feedback/clusters  ?from&to&limit(1–100, 20)&cause&min_size(1–1000, 2)
//       → {from, to, texts, clustered, items:[{id, label, size, keywords, cause, cause_share,
//          trend:[{week, count}], ticket_ids, ticket_count, sources, example, cohesion}],
//          next_cursor:null, took_ms}
//   GET /api/v1/feedback/keywords  ?from&to&limit(1–200, 20)&sort=score|rising&refresh_idf
//       → {from, to, previous:{from, to}, texts, previous_texts, corpus:{documents,
//          computed_at}, sort, items:[{keyword, count, previous_count, change, score, share}],
//          next_cursor:null}
// The period defaults to the 30 days before now; at most 2 years. Bad parameters → 422 naming
// the parameter.

#include "app/service.h"
#include "http/router.h"
#include "http/rules_routes.h"

namespace loopdesk::http {

void AddFeedbackRoutes(Router& router, Service& svc, const Authenticate& authed);

}  // namespace loopdesk::http
