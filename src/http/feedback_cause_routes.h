#pragma once
// Feedback causes by product and period (docs/voc.md), added by Api::AddRoutes:
//   GET /api/v1/feedback/causes  ?from=&to=&group_by=cause,product,period&period=day|week|month
//                                 &source=survey|complaint&cause=&product=&link=&format=json|csv
//   GET /api/v1/feedback/items   the items behind a number: same filters, &limit=&cursor=

#include "app/service.h"
#include "http/router.h"
#include "http/rules_routes.h"

namespace loopdesk::http {

void AddFeedbackCauseRoutes(Router& router, Service& svc, const Authenticate& authed);

}  // namespace loopdesk::http
