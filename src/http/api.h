#pragma once
// Api: the HTTP routes of /api/v1 (API.md) over the application Service. Decodes requests
// into commands, authenticates the bearer token, calls the service and encodes the result.
// Every error leaves as a JSON error body; the unexpected becomes a 500 with a request id
// and is logged.

#include <memory>

#include "app/service.h"
#include "http/request.h"
#include "http/router.h"

namespace loopdesk::http {

class Api {
 public:
  explicit Api(Service& svc);
  // Thread-safe.
  Response Handle(Request& req);

 private:
  void AddRoutes();

  Service& svc_;
  Router router_;
};

}  // namespace loopdesk::http
