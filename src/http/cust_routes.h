#pragma once
// The customer-analytics routes (docs/reports.md), added by Api::AddRoutes before the
// /api/v1/customers/{id} routes (the router takes the first pattern that matches):
//   GET     /api/v1/customers/at-risk        ?level=&tier=&limit=&cursor= → ranked at-risk list
//   GET/PUT /api/v1/settings/cost-model      the cost model of the service-value report
//   GET     /api/v1/reports/service-value    ?from=&to=&format=json|csv
//   GET     /api/v1/reports/journey          ?from=&to=
//   GET     /api/v1/customers/{id}/journey   one customer's timeline

#include "app/service.h"
#include "http/json_io.h"
#include "http/router.h"
#include "http/rules_routes.h"

namespace loopdesk::http {

void AddCustRoutes(Router& router, Service& svc, const Authenticate& authed);

// Adds `churn_risk` (null when it cannot be computed) and `sentiment_trend` (per month of the
// response's `tickets`) to a customer 360° response.
void AddChurnToCustomer(Service& svc, const Principal& who, Id customer_id, json& j);

// {score, level, reasons:[{code, text, text_en, weight}], actions:[{code, text, text_en, due}]}
json ChurnJson(const analytics::ChurnRisk& r);

}  // namespace loopdesk::http
