// ValueFromJsonText: a direct JSON text → Value parser. Every stored event payload is read
// through it (the analytics feed replays the whole event log at start), and going through
// nlohmann::ordered_json first cost one extra tree of allocations per event. It accepts
// exactly RFC 8259 JSON (what nlohmann accepts) and builds the Value the old
// FromJson(parse(text)) built: integers that fit int64/uint64 as int64, other numbers as
// double (correctly rounded), \u escapes (surrogate pairs included) as UTF-8, a repeated
// key replacing the earlier value in its place. Malformed text → kInvalidArgument.

#include <charconv>
#include <cstring>

#include "codec/value_json.h"

namespace loopdesk {

namespace {

constexpr int kMaxDepth = 512;

class Parser {
 public:
  Parser(const char* p, const char* end) : p_(p), end_(end) {}

  bool Document(Value* out) {
    if (!Parse(out, 0)) return false;
    Ws();
    return p_ == end_;
  }

 private:
  void Ws() {
    while (p_ < end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) ++p_;
  }
  bool Lit(const char* word, size_t n) {
    if (static_cast<size_t>(end_ - p_) < n || std::memcmp(p_, word, n) != 0) return false;
    p_ += n;
    return true;
  }

  bool Parse(Value* out, int depth) {
    if (depth > kMaxDepth) return false;
    Ws();
    if (p_ >= end_) return false;
    switch (*p_) {
      case '{': return Object(out, depth);
      case '[': return Array(out, depth);
      case '"': {
        std::string s;
        if (!String(&s)) return false;
        *out = Value(std::move(s));
        return true;
      }
      case 't': *out = Value(true); return Lit("true", 4);
      case 'f': *out = Value(false); return Lit("false", 5);
      case 'n': *out = Value(); return Lit("null", 4);
      default: return Number(out);
    }
  }

  bool Object(Value* out, int depth) {
    ++p_;
    *out = Value::MakeObject();
    Ws();
    if (p_ < end_ && *p_ == '}') {
      ++p_;
      return true;
    }
    for (;;) {
      Ws();
      std::string key;
      if (p_ >= end_ || *p_ != '"' || !String(&key)) return false;
      Ws();
      if (p_ >= end_ || *p_ != ':') return false;
      ++p_;
      Value v;
      if (!Parse(&v, depth + 1)) return false;
      auto& obj = out->as_object();
      bool replaced = false;
      for (auto& [k, old] : obj)
        if (k == key) {
          old = std::move(v);
          replaced = true;
          break;
        }
      if (!replaced) obj.emplace_back(std::move(key), std::move(v));
      Ws();
      if (p_ >= end_) return false;
      if (*p_ == ',') {
        ++p_;
        continue;
      }
      if (*p_ != '}') return false;
      ++p_;
      return true;
    }
  }

  bool Array(Value* out, int depth) {
    ++p_;
    *out = Value::MakeArray();
    Ws();
    if (p_ < end_ && *p_ == ']') {
      ++p_;
      return true;
    }
    for (;;) {
      Value v;
      if (!Parse(&v, depth + 1)) return false;
      out->Push(std::move(v));
      Ws();
      if (p_ >= end_) return false;
      if (*p_ == ',') {
        ++p_;
        continue;
      }
      if (*p_ != ']') return false;
      ++p_;
      return true;
    }
  }

  bool Hex4(uint32_t* cp) {
    if (end_ - p_ < 4) return false;
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) {
      const char c = *p_++;
      v <<= 4;
      if (c >= '0' && c <= '9')
        v |= static_cast<uint32_t>(c - '0');
      else if (c >= 'a' && c <= 'f')
        v |= static_cast<uint32_t>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F')
        v |= static_cast<uint32_t>(c - 'A' + 10);
      else
        return false;
    }
    *cp = v;
    return true;
  }

  static void Utf8(uint32_t cp, std::string* s) {
    if (cp < 0x80) {
      *s += static_cast<char>(cp);
    } else if (cp < 0x800) {
      *s += static_cast<char>(0xC0 | (cp >> 6));
      *s += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      *s += static_cast<char>(0xE0 | (cp >> 12));
      *s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      *s += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      *s += static_cast<char>(0xF0 | (cp >> 18));
      *s += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      *s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      *s += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  // The string at p_ (on its opening quote). Raw bytes are copied as they are (the stored
  // text was valid UTF-8 when written); control characters must be escaped.
  bool String(std::string* s) {
    ++p_;
    for (;;) {
      const char* run = p_;
      while (p_ < end_ && *p_ != '"' && *p_ != '\\' && static_cast<unsigned char>(*p_) >= 0x20)
        ++p_;
      s->append(run, p_);
      if (p_ >= end_) return false;
      const char c = *p_++;
      if (c == '"') return true;
      if (c != '\\') return false;  // an unescaped control character
      if (p_ >= end_) return false;
      switch (*p_++) {
        case '"': *s += '"'; break;
        case '\\': *s += '\\'; break;
        case '/': *s += '/'; break;
        case 'b': *s += '\b'; break;
        case 'f': *s += '\f'; break;
        case 'n': *s += '\n'; break;
        case 'r': *s += '\r'; break;
        case 't': *s += '\t'; break;
        case 'u': {
          uint32_t cp = 0;
          if (!Hex4(&cp)) return false;
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            uint32_t lo = 0;
            if (end_ - p_ < 6 || p_[0] != '\\' || p_[1] != 'u') return false;
            p_ += 2;
            if (!Hex4(&lo) || lo < 0xDC00 || lo > 0xDFFF) return false;
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            return false;
          }
          Utf8(cp, s);
          break;
        }
        default: return false;
      }
    }
  }

  bool Number(Value* out) {
    const char* start = p_;
    if (p_ < end_ && *p_ == '-') ++p_;
    if (p_ >= end_) return false;
    if (*p_ == '0') {
      ++p_;
    } else if (*p_ >= '1' && *p_ <= '9') {
      while (p_ < end_ && *p_ >= '0' && *p_ <= '9') ++p_;
    } else {
      return false;
    }
    bool integer = true;
    if (p_ < end_ && *p_ == '.') {
      integer = false;
      ++p_;
      if (p_ >= end_ || *p_ < '0' || *p_ > '9') return false;
      while (p_ < end_ && *p_ >= '0' && *p_ <= '9') ++p_;
    }
    if (p_ < end_ && (*p_ == 'e' || *p_ == 'E')) {
      integer = false;
      ++p_;
      if (p_ < end_ && (*p_ == '+' || *p_ == '-')) ++p_;
      if (p_ >= end_ || *p_ < '0' || *p_ > '9') return false;
      while (p_ < end_ && *p_ >= '0' && *p_ <= '9') ++p_;
    }
    if (integer) {
      if (*start == '-') {
        int64_t v = 0;
        auto r = std::from_chars(start, p_, v);
        if (r.ec == std::errc() && r.ptr == p_) {
          *out = Value(v);
          return true;
        }
      } else {
        uint64_t v = 0;
        auto r = std::from_chars(start, p_, v);
        if (r.ec == std::errc() && r.ptr == p_) {
          *out = Value(static_cast<int64_t>(v));
          return true;
        }
      }
      // Out of range: a double, as nlohmann reads it.
    }
    double d = 0;
    auto r = std::from_chars(start, p_, d);
    if (r.ptr != p_) return false;
    if (r.ec == std::errc::result_out_of_range) return false;  // nlohmann refuses too
    *out = Value(d);
    return true;
  }

  const char* p_;
  const char* end_;
};

}  // namespace

Result<Value> ValueFromJsonText(const std::string& text) {
  Value v;
  Parser p(text.data(), text.data() + text.size());
  if (!p.Document(&v)) return Status::Invalid("malformed JSON");
  return v;
}

}  // namespace loopdesk
