#pragma once
// Router: maps (method, path pattern) to a handler. Patterns are literal segments and
// {name} segments, e.g. "/api/v1/tickets/{id}/messages". An unknown path is 404, a known
// path with another method is 405.

#include <functional>
#include <string>
#include <vector>

#include "http/request.h"

namespace loopdesk::http {

class Router {
 public:
  using Handler = std::function<Response(Request&)>;
  void Add(std::string method, const std::string& pattern, Handler h);
  // Fills req.params and calls the matching handler; 404/405 JSON errors otherwise.
  Response Dispatch(Request& req) const;
  // True when some route's pattern matches `path` (any method).
  bool Matches(const std::string& path) const;

 private:
  struct Route {
    std::string method;
    std::vector<std::string> segments;
    Handler handler;
  };
  std::vector<Route> routes_;
};

std::vector<std::string> SplitPath(const std::string& path);

}  // namespace loopdesk::http
