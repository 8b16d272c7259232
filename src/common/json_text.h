#pragma once
// JsonObjectText: writes one flat JSON object straight into a string, byte for byte as
// ValueToJsonText (codec/value_json.h, nlohmann's dump) writes the same insertion-ordered
// Value: no spaces, strings escaped the same way (", \, \b \f \n \r \t, other control
// characters as \u00xx, everything else verbatim), doubles in the shortest form that reads
// back exactly with ".0" added to whole numbers. For hot paths that would otherwise build a
// Value only to encode it (the historical import's events). Strings must be valid UTF-8.

#include <cstdint>
#include <string>
#include <string_view>

namespace loopdesk {

class JsonObjectText {
 public:
  // Starts a new object in `out` (cleared).
  explicit JsonObjectText(std::string& out) : out_(out) {
    out_.clear();
    out_ += '{';
  }
  JsonObjectText& String(std::string_view key, std::string_view v);
  JsonObjectText& Int(std::string_view key, int64_t v);
  JsonObjectText& Bool(std::string_view key, bool v);
  JsonObjectText& Double(std::string_view key, double v);
  JsonObjectText& Null(std::string_view key);
  // Closes the object; returns the text.
  const std::string& Close() {
    out_ += '}';
    return out_;
  }

  // Appends `v` as a quoted, escaped JSON string.
  static void AppendString(std::string& out, std::string_view v);

 private:
  void Key(std::string_view key);

  std::string& out_;
  bool first_ = true;
};

}  // namespace loopdesk
