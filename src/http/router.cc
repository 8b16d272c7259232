#include "http/router.h"

#include "http/json_io.h"

namespace loopdesk::http {

std::vector<std::string> SplitPath(const std::string& path) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < path.size()) {
    while (i < path.size() && path[i] == '/') ++i;
    size_t j = path.find('/', i);
    if (j == std::string::npos) j = path.size();
    if (j > i) out.push_back(path.substr(i, j - i));
    i = j;
  }
  return out;
}

void Router::Add(std::string method, const std::string& pattern, Handler h) {
  routes_.push_back({std::move(method), SplitPath(pattern), std::move(h)});
}

Response Router::Dispatch(Request& req) const {
  const auto segs = SplitPath(req.path);
  bool path_matched = false;
  for (const Route& r : routes_) {
    if (r.segments.size() != segs.size()) continue;
    std::map<std::string, std::string> params;
    bool ok = true;
    for (size_t i = 0; i < segs.size() && ok; ++i) {
      const std::string& p = r.segments[i];
      if (p.size() > 2 && p.front() == '{' && p.back() == '}') {
        params[p.substr(1, p.size() - 2)] = segs[i];
      } else if (p != segs[i]) {
        ok = false;
      }
    }
    if (!ok) continue;
    path_matched = true;
    if (r.method != req.method) continue;
    req.params = std::move(params);
    return r.handler(req);
  }
  if (path_matched)
    return ErrorResponse(405, "method_not_allowed", req.method + " is not allowed on " + req.path);
  return ErrorResponse(404, "not_found", "no such endpoint: " + req.method + " " + req.path);
}

bool Router::Matches(const std::string& path) const {
  const auto segs = SplitPath(path);
  for (const Route& r : routes_) {
    if (r.segments.size() != segs.size()) continue;
    bool ok = true;
    for (size_t i = 0; i < segs.size() && ok; ++i) {
      const std::string& p = r.segments[i];
      ok = (p.size() > 2 && p.front() == '{' && p.back() == '}') || p == segs[i];
    }
    if (ok) return true;
  }
  return false;
}

}  // namespace loopdesk::http
