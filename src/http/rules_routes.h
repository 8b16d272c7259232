#pragma once
// The /api/v1/rules routes (docs/rules.md), added by Api::AddRoutes.

#include <functional>

#include "app/service.h"
#include "http/request.h"
#include "http/router.h"

namespace loopdesk::http {

// A handler that receives the authenticated caller, and the wrapper that authenticates it.
using AuthedHandler = std::function<Response(Request&, const Principal&)>;
using Authenticate = std::function<Router::Handler(AuthedHandler)>;

//   GET    /api/v1/rules                 {items:[rule...], next_cursor:null}, by (position, id)
//   GET    /api/v1/rules/fields          {items:[field...]} the fields rules may test
//   POST   /api/v1/rules                 201 rule; 422 naming the field of an invalid rule
//   POST   /api/v1/rules/dry-run         an unsaved rule's dry run (body: the rule)
//   GET    /api/v1/rules/{id}            rule
//   PUT    /api/v1/rules/{id}            200 rule (replaced, version + 1)
//   PATCH  /api/v1/rules/{id}            200 rule (keys given replaced, version + 1)
//   DELETE /api/v1/rules/{id}            204
//   POST   /api/v1/rules/{id}/dry-run    ?limit=1..1000 (200) &explain=true
// A rule is its wire form (rules/model.h) plus created_at and updated_at.
void AddRuleRoutes(Router& router, Service& svc, const Authenticate& authed);

}  // namespace loopdesk::http
