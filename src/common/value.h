#pragma once
// Value: a small tree of null / bool / integer / double / string / array / object, used for
// event payloads so the domain can describe a change without knowing any wire format.
// Adapters convert it to JSON (src/codec).

#include <cstdint>
#include <initializer_list>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace loopdesk {

class Value {
 public:
  using Array = std::vector<Value>;
  using Object = std::vector<std::pair<std::string, Value>>;  // insertion-ordered

  Value() = default;
  Value(std::nullptr_t) {}                                  // NOLINT
  Value(bool b) : v_(b) {}                                  // NOLINT
  Value(int v) : v_(static_cast<int64_t>(v)) {}             // NOLINT
  Value(int64_t v) : v_(v) {}                               // NOLINT
  Value(double v) : v_(v) {}                                // NOLINT
  Value(std::string s) : v_(std::move(s)) {}                // NOLINT
  Value(const char* s) : v_(std::string(s)) {}              // NOLINT
  Value(Array a) : v_(std::move(a)) {}                      // NOLINT
  Value(Object o) : v_(std::move(o)) {}                     // NOLINT

  static Value MakeObject() { return Value(Object{}); }
  static Value MakeArray() { return Value(Array{}); }

  bool is_null() const { return std::holds_alternative<std::monostate>(v_); }
  bool is_bool() const { return std::holds_alternative<bool>(v_); }
  bool is_int() const { return std::holds_alternative<int64_t>(v_); }
  bool is_double() const { return std::holds_alternative<double>(v_); }
  bool is_string() const { return std::holds_alternative<std::string>(v_); }
  bool is_array() const { return std::holds_alternative<Array>(v_); }
  bool is_object() const { return std::holds_alternative<Object>(v_); }

  bool as_bool() const { return std::get<bool>(v_); }
  int64_t as_int() const { return std::get<int64_t>(v_); }
  double as_double() const { return is_int() ? static_cast<double>(as_int()) : std::get<double>(v_); }
  const std::string& as_string() const { return std::get<std::string>(v_); }
  const Array& as_array() const { return std::get<Array>(v_); }
  Array& as_array() { return std::get<Array>(v_); }
  const Object& as_object() const { return std::get<Object>(v_); }
  Object& as_object() { return std::get<Object>(v_); }

  // Object helpers: Set replaces an existing key; Find returns nullptr when absent.
  Value& Set(std::string key, Value v);
  const Value* Find(std::string_view key) const;
  // Array helper.
  void Push(Value v) { as_array().push_back(std::move(v)); }

  bool operator==(const Value& o) const { return v_ == o.v_; }

 private:
  std::variant<std::monostate, bool, int64_t, double, std::string, Array, Object> v_;
};

}  // namespace loopdesk
