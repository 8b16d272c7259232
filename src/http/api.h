#pragma once
// Api: the HTTP routes of /api/v1 (API.md) over the application Service. Decodes requests
// into commands, authenticates the bearer token, calls the service and encodes the result.
// Every error leaves as a JSON error body; the unexpected becomes a 500 with a request id
// and is logged.

#include <memory>

#include "app/service.h"
#include "http/request.h"
#include "http/live_events.h"
#include "http/router.h"
#include "http/static_files.h"

namespace loopdesk {
class QaService;
class KnowledgeService;
}

namespace loopdesk::http {

class Api {
 public:
  // `web_root`: the built web application served for paths outside /api (static_files.h);
  // `qa` (optional) adds the quality-inspection routes (http/qa_routes.h);
  // `live`: the committed events for GET /api/v1/stream (absent: the route answers 404);
  // `knowledge` (optional) adds the knowledge routes (http/knowledge_routes.h).
  explicit Api(Service& svc, std::string web_root = {}, QaService* qa = nullptr,
               LiveEvents* live = nullptr, KnowledgeService* knowledge = nullptr);
  // Thread-safe.
  Response Handle(Request& req);

 private:
  void AddRoutes();

  Service& svc_;
  QaService* qa_;
  Router router_;
  StaticFiles static_;
  LiveEvents* live_;
  KnowledgeService* knowledge_;
};

}  // namespace loopdesk::http
