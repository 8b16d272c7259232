#pragma once
// The knowledge routes (API.md "Knowledge", docs/knowledge.md), added by Api::AddRoutes:
//   POST   /api/v1/articles                  201 article; 422 naming the field; 403 for agents
//   GET    /api/v1/articles                  ?status=&category=&tag=&language=&limit=&cursor=
//                                            {items:[article...], next_cursor}, newest first
//   GET    /api/v1/articles/search           ?q=&limit=1..50&category=&status=
//                                            {items:[{id, title, snippet, score}]}, best first
//   GET    /api/v1/articles/{id}             article
//   PATCH  /api/v1/articles/{id}             200 article (keys given replaced, version + 1)
//   DELETE /api/v1/articles/{id}             204
//   GET    /api/v1/tickets/{id}/suggestions  ?limit=1..20 {articles, scripts, similar,
//                                            similar_avg_resolution_s}

#include "app/knowledge_service.h"
#include "http/router.h"
#include "http/rules_routes.h"

namespace loopdesk::http {

void AddKnowledgeRoutes(Router& router, KnowledgeService& kb, const Authenticate& authed);

}  // namespace loopdesk::http
