#include "common/value.h"

namespace loopdesk {

Value& Value::Set(std::string key, Value v) {
  if (!is_object()) v_ = Object{};
  auto& obj = as_object();
  for (auto& [k, val] : obj) {
    if (k == key) {
      val = std::move(v);
      return val;
    }
  }
  obj.emplace_back(std::move(key), std::move(v));
  return obj.back().second;
}

const Value* Value::Find(std::string_view key) const {
  if (!is_object()) return nullptr;
  for (const auto& [k, val] : as_object())
    if (k == key) return &val;
  return nullptr;
}

}  // namespace loopdesk
