#include "common/json_text.h"

#include <charconv>
#include <cmath>

namespace loopdesk {

void JsonObjectText::AppendString(std::string& out, std::string_view v) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  size_t run = 0;  // start of the pending verbatim run
  for (size_t i = 0; i < v.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(v[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(v.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        out += "\\u00";
        out += kHex[c >> 4];
        out += kHex[c & 15];
    }
  }
  out.append(v.data() + run, v.size() - run);
  out += '"';
}

void JsonObjectText::Key(std::string_view key) {
  if (!first_) out_ += ',';
  first_ = false;
  AppendString(out_, key);
  out_ += ':';
}

JsonObjectText& JsonObjectText::String(std::string_view key, std::string_view v) {
  Key(key);
  AppendString(out_, v);
  return *this;
}

JsonObjectText& JsonObjectText::Int(std::string_view key, int64_t v) {
  Key(key);
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out_.append(buf, r.ptr);
  return *this;
}

JsonObjectText& JsonObjectText::Bool(std::string_view key, bool v) {
  Key(key);
  out_ += v ? "true" : "false";
  return *this;
}

JsonObjectText& JsonObjectText::Null(std::string_view key) {
  Key(key);
  out_ += "null";
  return *this;
}

JsonObjectText& JsonObjectText::Double(std::string_view key, double v) {
  Key(key);
  if (!std::isfinite(v)) {  // nlohmann writes NaN and infinities as null
    out_ += "null";
    return *this;
  }
  char buf[40];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  std::string_view s(buf, static_cast<size_t>(r.ptr - buf));
  out_ += s;
  if (s.find_first_of(".e") == std::string_view::npos) out_ += ".0";
  return *this;
}

}  // namespace loopdesk
