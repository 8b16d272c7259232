#pragma once
// Conversion between common/Value and nlohmann::ordered_json (keys keep their order),
// shared by the adapters that speak JSON (storage keeps event payloads as JSON text; http
// encodes them). Adapter-only: the domain and app layers never include this header.

#include <nlohmann/json.hpp>
#include <string>

#include "common/status.h"
#include "common/value.h"

namespace loopdesk {

nlohmann::ordered_json ToJson(const Value& v);
Value FromJson(const nlohmann::ordered_json& j);

// Compact JSON text of `v`.
std::string ValueToJsonText(const Value& v);
// Parses JSON text; kInvalidArgument on malformed input.
Result<Value> ValueFromJsonText(const std::string& text);

}  // namespace loopdesk
