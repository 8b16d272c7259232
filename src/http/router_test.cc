#include "http/router.h"

#include <gtest/gtest.h>

namespace loopdesk::http {
namespace {

TEST(Router, MatchesParamsAndDistinguishes404From405) {
  Router r;
  r.Add("GET", "/api/v1/tickets/{id}", [](Request& req) {
    Response resp;
    resp.body = req.params["id"];
    return resp;
  });
  auto make = [](const char* method, const char* path) {
    Request req;
    req.method = method;
    req.path = path;
    return req;
  };
  Request ok = make("GET", "/api/v1/tickets/42");
  EXPECT_EQ(r.Dispatch(ok).body, "42");
  Request wrong_method = make("DELETE", "/api/v1/tickets/42");
  EXPECT_EQ(r.Dispatch(wrong_method).status, 405);
  Request missing = make("GET", "/api/v1/nothing");
  EXPECT_EQ(r.Dispatch(missing).status, 404);
}

}  // namespace
}  // namespace loopdesk::http
