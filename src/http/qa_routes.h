#pragma once
// The quality-inspection routes (docs/qa.md), added by Api::AddRoutes when a QaService is wired.

#include "app/qa_service.h"
#include "http/rules_routes.h"

namespace loopdesk::http {

//   GET  /api/v1/tickets/{id}/qa          the ticket's QA result (API.md shape plus details)
//   POST /api/v1/tickets/{id}/qa/review   201 review; supervisor/admin only (403)
//   GET  /api/v1/qa/rubric                the rubric document
//   PUT  /api/v1/qa/rubric                200 stored rubric; 422 naming the field; 403
//   GET  /api/v1/qa/summary              counts over the stored results (hidden dissatisfaction)
//   GET  /api/v1/qa/calibration           ?limit=1..10000 reviews (default 1000)
void AddQaRoutes(Router& router, QaService& qa, const Authenticate& authed);

}  // namespace loopdesk::http
