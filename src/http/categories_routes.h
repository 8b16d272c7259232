#pragma once
// The taxonomies the UI shows (docs/web.md), added by Api::AddRoutes:
//   GET /api/v1/categories   {items:[{slug, default:true}], causes:[{label}], next_cursor:null}
// Ticket categories are free slugs ([a-z0-9_], 1–64); `items` are the ones inference produces
// (domain/inference.h); `causes` the feedback-cause taxonomy (app/feedback.h). Read-only.

#include "http/router.h"
#include "http/rules_routes.h"

namespace loopdesk::http {

void AddCategoryRoutes(Router& router, const Authenticate& authed);

}  // namespace loopdesk::http
