#include "codec/value_json.h"

namespace loopdesk {

nlohmann::ordered_json ToJson(const Value& v) {
  if (v.is_null()) return nullptr;
  if (v.is_bool()) return v.as_bool();
  if (v.is_int()) return v.as_int();
  if (v.is_double()) return v.as_double();
  if (v.is_string()) return v.as_string();
  if (v.is_array()) {
    nlohmann::ordered_json a = nlohmann::ordered_json::array();
    for (const auto& e : v.as_array()) a.push_back(ToJson(e));
    return a;
  }
  nlohmann::ordered_json o = nlohmann::ordered_json::object();
  for (const auto& [k, e] : v.as_object()) o[k] = ToJson(e);
  return o;
}

Value FromJson(const nlohmann::ordered_json& j) {
  switch (j.type()) {
    case nlohmann::ordered_json::value_t::null: return Value();
    case nlohmann::ordered_json::value_t::boolean: return Value(j.get<bool>());
    case nlohmann::ordered_json::value_t::number_integer: return Value(j.get<int64_t>());
    case nlohmann::ordered_json::value_t::number_unsigned:
      return Value(static_cast<int64_t>(j.get<uint64_t>()));
    case nlohmann::ordered_json::value_t::number_float: return Value(j.get<double>());
    case nlohmann::ordered_json::value_t::string: return Value(j.get<std::string>());
    case nlohmann::ordered_json::value_t::array: {
      Value a = Value::MakeArray();
      for (const auto& e : j) a.Push(FromJson(e));
      return a;
    }
    case nlohmann::ordered_json::value_t::object: {
      Value o = Value::MakeObject();
      for (auto it = j.begin(); it != j.end(); ++it) o.Set(it.key(), FromJson(it.value()));
      return o;
    }
    default: return Value();
  }
}

std::string ValueToJsonText(const Value& v) { return ToJson(v).dump(); }

// ValueFromJsonText: value_json_parse.cc.

}  // namespace loopdesk
