#include "http/static_files.h"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace loopdesk::http {

namespace fs = std::filesystem;

namespace {

bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

Response TextPage(int status, const std::string& html) {
  Response r;
  r.status = status;
  r.content_type = "text/html; charset=utf-8";
  r.body = html;
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

// The relative path inside the root for a request path, or "" when it is unsafe.
std::string SafeRelative(const std::string& path) {
  if (path.empty() || path[0] != '/') return "";
  if (path.find('\0') != std::string::npos || path.find('\\') != std::string::npos) return "";
  std::string rel;
  size_t i = 1;
  while (i <= path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string::npos) j = path.size();
    std::string seg = path.substr(i, j - i);
    if (seg == "..") return "";
    if (!seg.empty() && seg != ".") {
      if (seg[0] == '.') return "";  // no dot files
      if (!rel.empty()) rel += '/';
      rel += seg;
    }
    i = j + 1;
  }
  return rel.empty() ? "index.html" : rel;
}

bool ReadFile(const fs::path& p, std::string* out) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  *out = ss.str();
  return true;
}

}  // namespace

std::string ContentTypeFor(const std::string& name) {
  static const std::pair<const char*, const char*> kTypes[] = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".gif", "image/gif"},
      {".ico", "image/x-icon"},
      {".webp", "image/webp"},
      {".woff", "font/woff"},
      {".woff2", "font/woff2"},
      {".ttf", "font/ttf"},
      {".txt", "text/plain; charset=utf-8"},
      {".map", "application/json"},
      {".webmanifest", "application/manifest+json"}};
  for (const auto& [ext, type] : kTypes)
    if (EndsWith(name, ext)) return type;
  return "application/octet-stream";
}

bool StaticFiles::Available() const {
  std::error_code ec;
  return !root_.empty() && fs::is_regular_file(fs::path(root_) / "index.html", ec);
}

Response StaticFiles::Serve(const Request& req) const {
  if (req.method != "GET" && req.method != "HEAD") {
    Response r = TextPage(405, "<!doctype html><p>method not allowed</p>");
    r.headers.emplace_back("Allow", "GET, HEAD");
    return r;
  }
  if (!Available()) {
    return TextPage(
        503,
        "<!doctype html><meta charset=utf-8><title>loopdesk: web app not built</title>"
        "<h1>The web application is not built</h1>"
        "<p>loopdesk serves the web app from <code>" +
            root_ +
            "</code>, which has no "
            "<code>index.html</code>. Build it with <code>./scripts/build.sh</code> (or "
            "<code>cd web &amp;&amp; npm ci &amp;&amp; npm run build</code>), or point "
            "<code>loopdesk serve --web DIR</code> at a built copy. The API under "
            "<code>/api/v1/</code> works without it.</p>");
  }
  std::string rel = SafeRelative(req.path);
  if (rel.empty()) return TextPage(404, "<!doctype html><p>not found</p>");
  std::error_code ec;
  fs::path file = fs::path(root_) / rel;
  bool found = fs::is_regular_file(file, ec);
  const bool is_asset = rel.rfind("assets/", 0) == 0;
  if (!found) {
    // Missing files with an extension (a stale asset, a typo) are real 404s; routes of the
    // single-page app have none and get index.html.
    const std::string last = rel.substr(rel.rfind('/') == std::string::npos ? 0 : rel.rfind('/'));
    if (is_asset || last.find('.') != std::string::npos)
      return TextPage(404, "<!doctype html><p>not found</p>");
    file = fs::path(root_) / "index.html";
    rel = "index.html";
  }
  auto size = fs::file_size(file, ec);
  auto mtime = fs::last_write_time(file, ec).time_since_epoch().count();
  std::string etag = "\"" + std::to_string(size) + "-" + std::to_string(mtime) + "\"";
  Response r;
  r.content_type = ContentTypeFor(rel);
  r.headers.emplace_back("Cache-Control",
                         is_asset ? "public, max-age=31536000, immutable" : "no-cache");
  r.headers.emplace_back("ETag", etag);
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  if (rel == "index.html") r.headers.emplace_back("X-Frame-Options", "DENY");
  if (!req.if_none_match.empty() && req.if_none_match == etag) {
    r.status = 304;
    return r;
  }
  if (!ReadFile(file, &r.body)) return TextPage(404, "<!doctype html><p>not found</p>");
  return r;
}

}  // namespace loopdesk::http
