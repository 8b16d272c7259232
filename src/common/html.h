#pragma once
// HTML escaping for server-rendered pages (the public survey and ticket status pages).

#include <string>
#include <string_view>

namespace loopdesk {

// `s` with &, <, >, " and ' replaced by their character references: safe in element text and
// in quoted attribute values.
std::string HtmlEscape(std::string_view s);

}  // namespace loopdesk
