#pragma once
// Customer status links (服务进度可视化, docs/web.md), added by Api::AddRoutes:
//   GET  /api/v1/tickets/{id}/status-link   {ticket_id, token, url, created_at}; 404 when none
//   POST /api/v1/tickets/{id}/status-link   the same, creating the link when the ticket has none
//   GET  /api/v1/public/tickets/{token}     without auth: the customer's view (404 unknown)
//   GET  /t/{token}                         the public status page (HTML, ticket_status_page.cc)

#include "app/service.h"
#include "http/json_io.h"
#include "http/router.h"
#include "http/rules_routes.h"

namespace loopdesk::http {

void AddTicketStatusRoutes(Router& router, Service& svc, const Authenticate& authed);

// The status page (ticket_status_page.cc).
Response TicketStatusPage(Service& svc, const Request& req);

}  // namespace loopdesk::http
