#pragma once
// Query-string helpers shared by the route files: an optional ISO 8601 time parameter and a
// CSV field for the exports.

#include <string>

#include "common/status.h"
#include "common/time.h"

namespace loopdesk::http {

// The parameter's time, `fallback` when absent or empty; kInvalidArgument naming it otherwise.
inline Result<TimeMs> QueryTime(const std::string* s, const char* name, TimeMs fallback) {
  if (!s || s->empty()) return fallback;
  auto t = ParseIso8601(*s);
  if (!t)
    return Status::Invalid(std::string(name) + " must be an ISO 8601 date or UTC date-time", name);
  return *t;
}

// A CSV field, quoted (RFC 4180) when it holds a comma, quote or line break.
inline std::string CsvField(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace loopdesk::http
