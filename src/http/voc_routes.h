#pragma once
// The voice-of-the-customer routes (docs/voc.md), added by Api::AddRoutes:
//   GET/PUT /api/v1/settings/voc                 survey, reminder, alert and webhook settings
//   GET     /api/v1/tickets/{id}/survey          the ticket's CSAT survey (404 when none)
//   POST    /api/v1/surveys                      {customer_id, kind, ticket_id?} → 201
//   GET     /api/v1/surveys                      ?customer_id=&ticket_id=&status=&limit=&cursor=
//   GET     /api/v1/surveys/stats                ?from=&to=&group_by=channel|team|kind|none
//   GET/POST /api/v1/public/surveys/{token}      without auth
//   GET/POST /s/{token}                          the public survey page (HTML, survey_page.cc)
//   GET     /api/v1/outbox                       ?status=pending|sent|failed
//   GET     /api/v1/alerts, PATCH /api/v1/alerts/{id}
//   GET/POST /api/v1/improvements, GET/PATCH /api/v1/improvements/{id},
//   POST    /api/v1/improvements/{id}/verify

#include "app/service.h"
#include "http/json_io.h"
#include "http/router.h"
#include "http/rules_routes.h"

namespace loopdesk::http {

void AddVocRoutes(Router& router, Service& svc, const Authenticate& authed);

// The survey page (survey_page.cc).
Response SurveyPageGet(Service& svc, const Request& req);
Response SurveyPagePost(Service& svc, const Request& req);

// Adds `survey` and `alerts` to a ticket response, `surveys` and `alerts` to a customer 360°.
void AddVocToTicket(Service& svc, const Principal& who, Id ticket_id, json& j);
void AddVocToCustomer(Service& svc, const Principal& who, Id customer_id, json& j);

json SurveyJson(Service& svc, const Survey& s);
json AlertJson(const Alert& a);

}  // namespace loopdesk::http
