#pragma once
// Light request/response values passed between the Beast server and the routes, so the
// routes never include Beast headers.

#include <map>
#include <string>
#include <vector>

namespace loopdesk::http {

struct Request {
  std::string method;  // "GET", "POST", ...
  std::string path;    // decoded path without the query string
  std::multimap<std::string, std::string> query;  // decoded query parameters
  std::string authorization;
  std::string cookie;        // the Cookie header
  std::string csrf_token;    // the X-CSRF-Token header
  std::string if_none_match; // the If-None-Match header (static files)
  std::string last_event_id; // the Last-Event-ID header (event streams)
  std::string content_type;
  std::string body;
  std::string request_id;
  // Filled by the router: values of {name} segments.
  std::map<std::string, std::string> params;

  // First value of a query parameter, or nullptr.
  const std::string* Query(const std::string& name) const {
    auto it = query.find(name);
    return it == query.end() ? nullptr : &it->second;
  }
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

}  // namespace loopdesk::http
