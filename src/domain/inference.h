#pragma once
// Honest keyword rules that infer a ticket's priority and category when the caller gives
// none. They are explainable (each result names the rule that fired) and will be replaced
// by the text engine (src/text) behind the same function signatures.

#include <string>
#include <string_view>

#include "domain/enums.h"

namespace loopdesk {

struct Inferred {
  std::string value;   // "P1".."P4", or a category slug
  std::string reason;  // e.g. "keyword 紧急"; "default" when no rule fired
};

// Categories the default taxonomy knows; a ticket's category is any slug
// ([a-z0-9_], 1–64 chars), these are the ones inference produces.
std::string_view DefaultCategoryNames();

// Case-insensitive for ASCII; `text` is subject + description.
Inferred InferPriority(std::string_view text);
Inferred InferCategory(std::string_view text);

// A category slug: 1–64 of [a-z0-9_].
bool IsValidCategory(std::string_view s);

}  // namespace loopdesk
