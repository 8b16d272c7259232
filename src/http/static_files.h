#pragma once
// StaticFiles: serves the built web application (web/dist) from the same origin as the API.
// GET/HEAD only. A path naming a file under the root is served with its content type;
// hashed build assets (/assets/...) are cached for a year, everything else is revalidated
// (ETag). Any other path without a file extension gets index.html (the single-page app's
// own router shows it). Paths with "..", "\" or NUL never leave the root. When the root has
// no index.html, every page is a 503 explaining how to build the app.

#include <string>

#include "http/request.h"

namespace loopdesk::http {

class StaticFiles {
 public:
  explicit StaticFiles(std::string root) : root_(std::move(root)) {}
  // Thread-safe (reads the file system per request).
  Response Serve(const Request& req) const;
  const std::string& root() const { return root_; }
  bool Available() const;

 private:
  std::string root_;
};

// The content type for a file name, by extension ("application/octet-stream" if unknown).
std::string ContentTypeFor(const std::string& name);

}  // namespace loopdesk::http
