// The fast path of DecodeImportLine (http/import_codec.h): one pass over the line straight
// into an ImportRecord, with no JSON tree. It only takes lines it is sure about — every
// field of the expected JSON type, no nulls, no repeated keys, known enum values, valid
// times, integer scores — and gives up (nullopt) on anything else, so the generic decoder
// (nlohmann + FieldReader) still decides every error and its message. For a line it takes,
// the record equals the generic decoder's (import_codec_test.cc checks this).

#include <cstring>

#include "http/import_codec.h"

namespace loopdesk::http {

namespace {

class Scanner {
 public:
  explicit Scanner(std::string_view s) : p_(s.data()), end_(s.data() + s.size()) {}

  void Ws() {
    while (p_ < end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) ++p_;
  }
  bool Eat(char c) {
    Ws();
    if (p_ < end_ && *p_ == c) {
      ++p_;
      return true;
    }
    return false;
  }
  bool Peek(char c) {
    Ws();
    return p_ < end_ && *p_ == c;
  }
  bool AtEnd() {
    Ws();
    return p_ == end_;
  }

  // A JSON string into `out` (unescaped). False on anything malformed.
  bool String(std::string* out) {
    if (!Eat('"')) return false;
    out->clear();
    for (;;) {
      const char* run = p_;
      while (p_ < end_ && *p_ != '"' && *p_ != '\\' && static_cast<unsigned char>(*p_) >= 0x20)
        ++p_;
      out->append(run, p_);
      if (p_ >= end_) return false;
      const char c = *p_++;
      if (c == '"') return true;
      if (c != '\\' || p_ >= end_) return false;
      switch (*p_++) {
        case '"': *out += '"'; break;
        case '\\': *out += '\\'; break;
        case '/': *out += '/'; break;
        case 'b': *out += '\b'; break;
        case 'f': *out += '\f'; break;
        case 'n': *out += '\n'; break;
        case 'r': *out += '\r'; break;
        case 't': *out += '\t'; break;
        default: return false;  // \u escapes: the generic decoder handles them
      }
    }
  }

  // A non-negative integer literal of at most 4 digits (survey scores).
  bool SmallInt(int* v) {
    Ws();
    const char* start = p_;
    int x = 0;
    while (p_ < end_ && *p_ >= '0' && *p_ <= '9' && p_ - start < 4) x = x * 10 + (*p_++ - '0');
    if (p_ == start || (p_ - start > 1 && *start == '0')) return false;
    if (p_ < end_ && (*p_ == '.' || *p_ == 'e' || *p_ == 'E' || (*p_ >= '0' && *p_ <= '9')))
      return false;
    *v = x;
    return true;
  }

  // Skips any JSON value (unknown keys). Strings must be well-formed; other values are
  // skipped loosely — the generic decoder has parsed nothing yet, so a malformed value only
  // makes this path give up later or succeed on what nlohmann would refuse; to stay exact,
  // any value other than a string, number, true or false gives up.
  bool SkipScalar() {
    Ws();
    if (p_ >= end_) return false;
    if (*p_ == '"') {
      std::string tmp;
      return String(&tmp);
    }
    if (Word("true") || Word("false")) return true;
    const char* start = p_;
    if (p_ < end_ && *p_ == '-') ++p_;
    while (p_ < end_ && *p_ >= '0' && *p_ <= '9') ++p_;
    return p_ > start && p_ < end_ && (*p_ == ',' || *p_ == '}' || *p_ == ' ');
  }

 private:
  bool Word(const char* w) {
    const size_t n = std::strlen(w);
    if (static_cast<size_t>(end_ - p_) >= n && std::memcmp(p_, w, n) == 0) {
      p_ += n;
      return true;
    }
    return false;
  }

  const char* p_;
  const char* end_;
};

// Iterates the members of an object: calls on_member(key) with the scanner on the value;
// the callback consumes the value and returns false to give up. Repeated keys give up.
template <typename F>
bool Members(Scanner& s, F&& on_member) {
  if (!s.Eat('{')) return false;
  if (s.Eat('}')) return true;
  std::string key;
  std::vector<std::string> seen;
  for (;;) {
    if (!s.String(&key) || !s.Eat(':')) return false;
    for (const auto& k : seen)
      if (k == key) return false;
    seen.push_back(key);
    if (!on_member(key)) return false;
    if (s.Eat(',')) continue;
    return s.Eat('}');
  }
}

template <typename E, typename ParseFn>
bool EnumValue(Scanner& s, ParseFn parse, E* out, std::string& buf) {
  if (!s.String(&buf)) return false;
  auto v = parse(buf);
  if (!v) return false;
  *out = *v;
  return true;
}

bool TimeValue(Scanner& s, TimeMs* out, std::string& buf) {
  if (!s.String(&buf)) return false;
  auto t = ParseIso8601(buf);
  if (!t) return false;
  *out = *t;
  return true;
}

bool Customer(Scanner& s, ImportCustomer* c, std::string& buf) {
  return Members(s, [&](const std::string& k) {
    if (k == "external_id") return s.String(&c->external_id);
    if (k == "name") return s.String(&c->name);
    if (k == "tier") {
      Tier t;
      if (!EnumValue(s, ParseTier, &t, buf)) return false;
      c->tier = t;
      return true;
    }
    if (k == "phone") return s.String(&c->phone);
    if (k == "email") return s.String(&c->email);
    if (k == "wechat_id") return s.String(&c->wechat_id);
    if (k == "region") return s.String(&c->region);
    return s.SkipScalar();
  });
}

bool Event(Scanner& s, ImportEvent* e, std::string& buf) {
  std::string type, author;
  bool has_at = false, has_body = false, has_to = false, has_author = false;
  std::string body, agent;
  TicketStatus to = TicketStatus::kOpen;
  bool ok = Members(s, [&](const std::string& k) {
    if (k == "type") return s.String(&type);
    if (k == "at") return has_at = TimeValue(s, &e->at, buf);
    if (k == "author") return has_author = s.String(&author);
    if (k == "body") return has_body = s.String(&body);
    if (k == "agent_external_id") return s.String(&agent);
    if (k == "to") return has_to = EnumValue(s, ParseTicketStatus, &to, buf);
    return s.SkipScalar();
  });
  if (!ok || !has_at) return false;
  if (type == "message") {
    e->type = ImportEvent::Type::kMessage;
    e->author = AuthorKind::kCustomer;
    if (has_author) {
      auto a = ParseAuthorKind(author);
      if (!a || *a == AuthorKind::kSystem) return false;
      e->author = *a;
    }
  } else if (type == "reply" || type == "note") {
    e->type = type == "reply" ? ImportEvent::Type::kReply : ImportEvent::Type::kNote;
    e->author = AuthorKind::kAgent;
  } else if (type == "status") {
    if (!has_to || to == TicketStatus::kNew) return false;
    e->type = ImportEvent::Type::kStatus;
    e->to = to;
    return true;
  } else {
    return false;
  }
  if (!has_body) return false;
  e->body = std::move(body);
  e->agent_external_id = std::move(agent);
  return true;
}

bool Survey(Scanner& s, ImportSurvey* sv, std::string& buf) {
  bool has_kind = false;
  bool ok = Members(s, [&](const std::string& k) {
    if (k == "kind") return has_kind = s.String(&sv->kind);
    if (k == "sent_at") {
      TimeMs t;
      if (!TimeValue(s, &t, buf)) return false;
      sv->sent_at = t;
      return true;
    }
    if (k == "score") {
      int v;
      if (!s.SmallInt(&v) || v > 10) return false;
      sv->score = v;
      return true;
    }
    if (k == "answered_at") {
      TimeMs t;
      if (!TimeValue(s, &t, buf)) return false;
      sv->answered_at = t;
      return true;
    }
    if (k == "comment") return s.String(&sv->comment);
    return s.SkipScalar();
  });
  return ok && has_kind;
}

}  // namespace

std::optional<ImportRecord> FastDecodeImportLine(std::string_view line, int line_no) {
  Scanner s(line);
  ImportRecord rec;
  rec.line = line_no;
  std::string buf;
  bool has_ext = false, has_channel = false, has_subject = false, has_created = false;
  bool has_customer = false;
  bool ok = Members(s, [&](const std::string& k) {
    if (k == "external_id") return has_ext = s.String(&rec.external_id);
    if (k == "channel") return has_channel = EnumValue(s, ParseChannel, &rec.channel, buf);
    if (k == "subject") return has_subject = s.String(&rec.subject);
    if (k == "description") return s.String(&rec.description);
    if (k == "priority") {
      Priority p;
      if (!EnumValue(s, ParsePriority, &p, buf)) return false;
      rec.priority = p;
      return true;
    }
    if (k == "category") {
      if (!s.String(&buf)) return false;
      rec.category = buf;
      return true;
    }
    if (k == "team") {
      if (!s.String(&buf)) return false;
      rec.team = buf;
      return true;
    }
    if (k == "agent_external_id") return s.String(&rec.agent_external_id);
    if (k == "created_at") return has_created = TimeValue(s, &rec.created_at, buf);
    if (k == "customer") return has_customer = Customer(s, &rec.customer, buf);
    if (k == "events") {
      if (!s.Eat('[')) return false;
      if (s.Eat(']')) return true;
      for (;;) {
        ImportEvent e;
        if (!Event(s, &e, buf)) return false;
        rec.events.push_back(std::move(e));
        if (s.Eat(',')) continue;
        return s.Eat(']');
      }
    }
    if (k == "survey") {
      ImportSurvey sv;
      if (!Survey(s, &sv, buf)) return false;
      rec.survey = std::move(sv);
      return true;
    }
    return s.SkipScalar();
  });
  if (!ok || !s.AtEnd() || !has_ext || !has_channel || !has_subject || !has_created ||
      !has_customer)
    return std::nullopt;
  return rec;
}

}  // namespace loopdesk::http
