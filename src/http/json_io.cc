#include "http/json_io.h"

#include <charconv>
#include <cmath>

#include "codec/value_json.h"
#include "common/utf8.h"

namespace loopdesk::http {

int HttpStatusOf(Code code) {
  switch (code) {
    case Code::kOk: return 200;
    case Code::kInvalidArgument: return 422;
    case Code::kNotFound: return 404;
    case Code::kConflict: return 409;
    case Code::kUnauthenticated: return 401;
    case Code::kPermissionDenied: return 403;
    case Code::kTooLarge: return 413;
    case Code::kGone: return 410;
    case Code::kUnavailable: return 503;
    case Code::kInternal: return 500;
  }
  return 500;
}

Response ErrorResponse(int status, const std::string& code, const std::string& message,
                       const std::string& field) {
  json err{{"code", code}, {"message", message}};
  if (!field.empty()) err["field"] = field;
  Response r;
  r.status = status;
  r.body = json{{"error", std::move(err)}}.dump(-1, ' ', false, json::error_handler_t::replace);
  if (status == 401) r.headers.emplace_back("WWW-Authenticate", "Bearer");
  return r;
}

Response StatusResponse(const Status& st) {
  return ErrorResponse(HttpStatusOf(st.code()), CodeName(st.code()), st.message(), st.field());
}

Response JsonResponse(int status, const json& body) {
  Response r;
  r.status = status;
  r.body = body.dump(-1, ' ', false, json::error_handler_t::replace);
  return r;
}

Result<json> ParseJsonObject(const Request& req) {
  // The Content-Type is not checked: clients such as `curl -d` send JSON labelled as a form.
  if (!IsValidUtf8(req.body))
    return Status(Code::kInvalidArgument, "request body is not valid UTF-8", "body");
  json j = json::parse(req.body, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return Status(Code::kInvalidArgument, "request body is not valid JSON", "body");
  if (!j.is_object()) return Status(Code::kInvalidArgument, "request body must be a JSON object", "body");
  return j;
}

// ------------------------------------------------------------------------------ FieldReader

const json* FieldReader::Get(const char* name) {
  auto it = obj_.find(name);
  if (it == obj_.end()) return nullptr;
  if (it->is_null()) {
    // Only fields documented as nullable accept null (they check IsNull first); elsewhere
    // null would be a silent default.
    Fail(name, "must not be null (leave the field out instead)");
    return nullptr;
  }
  return &*it;
}

bool FieldReader::Has(const char* name) const { return obj_.contains(name); }
bool FieldReader::IsNull(const char* name) const {
  auto it = obj_.find(name);
  return it != obj_.end() && it->is_null();
}

void FieldReader::Fail(const char* name, const std::string& message) {
  if (status_.ok()) status_ = Status::Invalid(FieldName(name) + ": " + message, FieldName(name));
}

std::optional<std::string> FieldReader::String(const char* name, bool required) {
  const json* v = Get(name);
  if (!v) {
    if (required) Fail(name, "is required");
    return std::nullopt;
  }
  if (!v->is_string()) {
    Fail(name, "must be a string");
    return std::nullopt;
  }
  return v->get<std::string>();
}

std::optional<int64_t> FieldReader::Int(const char* name, bool required, int64_t min,
                                        int64_t max) {
  const json* v = Get(name);
  if (!v) {
    if (required) Fail(name, "is required");
    return std::nullopt;
  }
  int64_t x;
  if (v->is_number_integer()) {
    if (v->is_number_unsigned() && v->get<uint64_t>() > static_cast<uint64_t>(INT64_MAX)) {
      Fail(name, "is out of range");
      return std::nullopt;
    }
    x = v->get<int64_t>();
  } else if (v->is_number_float()) {
    double d = v->get<double>();
    if (d != std::floor(d) || std::fabs(d) > 9e15) {
      Fail(name, "must be an integer");
      return std::nullopt;
    }
    x = static_cast<int64_t>(d);
  } else {
    Fail(name, "must be an integer");
    return std::nullopt;
  }
  if (x < min || x > max) {
    Fail(name, "must be between " + std::to_string(min) + " and " + std::to_string(max));
    return std::nullopt;
  }
  return x;
}

std::optional<double> FieldReader::Number(const char* name, bool required) {
  const json* v = Get(name);
  if (!v) {
    if (required) Fail(name, "is required");
    return std::nullopt;
  }
  if (!v->is_number()) {
    Fail(name, "must be a number");
    return std::nullopt;
  }
  return v->get<double>();
}

std::optional<bool> FieldReader::Bool(const char* name) {
  const json* v = Get(name);
  if (!v) return std::nullopt;
  if (!v->is_boolean()) {
    Fail(name, "must be true or false");
    return std::nullopt;
  }
  return v->get<bool>();
}

std::optional<std::vector<std::string>> FieldReader::Strings(const char* name) {
  const json* v = Get(name);
  if (!v) return std::nullopt;
  if (!v->is_array()) {
    Fail(name, "must be an array of strings");
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (const auto& e : *v) {
    if (!e.is_string()) {
      Fail(name, "must be an array of strings");
      return std::nullopt;
    }
    out.push_back(e.get<std::string>());
  }
  return out;
}

std::optional<TimeMs> FieldReader::Time(const char* name, bool required) {
  auto s = String(name, required);
  if (!s) return std::nullopt;
  auto t = ParseIso8601(*s);
  if (!t) Fail(name, "must be an ISO 8601 date or UTC date-time such as 2026-11-22T08:30:00Z");
  return t;
}

std::optional<GeoPoint> FieldReader::Geo(const char* name) {
  const json* v = Get(name);
  if (!v) return std::nullopt;
  if (!v->is_object() || !v->contains("lat") || !v->contains("lon") || !(*v)["lat"].is_number() ||
      !(*v)["lon"].is_number()) {
    Fail(name, "must be an object {lat, lon} of numbers");
    return std::nullopt;
  }
  return GeoPoint{(*v)["lat"].get<double>(), (*v)["lon"].get<double>()};
}

std::optional<Id> FieldReader::IdOf(const char* name, bool required) {
  const json* v = Get(name);
  if (!v) {
    if (required) Fail(name, "is required");
    return std::nullopt;
  }
  Id id = 0;
  if (v->is_number_integer() && !(v->is_number_unsigned() && v->get<uint64_t>() > INT64_MAX)) {
    id = v->get<int64_t>();
  }
  if (id <= 0) {
    Fail(name, "must be a positive integer id");
    return std::nullopt;
  }
  return id;
}

std::optional<std::optional<Id>> FieldReader::NullableId(const char* name) {
  if (!Has(name)) return std::nullopt;
  if (IsNull(name)) return std::optional<Id>();
  auto id = IdOf(name);
  if (!id) return std::nullopt;
  return std::optional<Id>(*id);
}

// ------------------------------------------------------------------------------ query

Result<std::optional<Id>> QueryId(const Request& req, const char* name) {
  const std::string* s = req.Query(name);
  if (!s || s->empty()) return std::optional<Id>();
  Id id = 0;
  auto [p, ec] = std::from_chars(s->data(), s->data() + s->size(), id);
  if (ec != std::errc() || p != s->data() + s->size() || id <= 0)
    return Status::Invalid(std::string(name) + " must be a positive integer id", name);
  return std::optional<Id>(id);
}

Result<int> QueryLimit(const Request& req) {
  const std::string* s = req.Query("limit");
  if (!s || s->empty()) return 50;
  int v = 0;
  auto [p, ec] = std::from_chars(s->data(), s->data() + s->size(), v);
  if (ec != std::errc() || p != s->data() + s->size() || v < 1 || v > 500)
    return Status::Invalid("limit must be an integer from 1 to 500", "limit");
  return v;
}

std::string EncodeCursor(Id id) { return std::to_string(id); }

Result<Id> DecodeCursor(const Request& req) {
  const std::string* s = req.Query("cursor");
  if (!s || s->empty()) return Id{0};
  Id id = 0;
  auto [p, ec] = std::from_chars(s->data(), s->data() + s->size(), id);
  if (ec != std::errc() || p != s->data() + s->size() || id <= 0)
    return Status::Invalid("cursor is not one this server issued", "cursor");
  return id;
}

Result<Id> PathId(const Request& req, const char* name) {
  auto it = req.params.find(name);
  if (it == req.params.end()) return Status::NotFound("missing id");
  const std::string& s = it->second;
  Id id = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), id);
  if (ec != std::errc() || p != s.data() + s.size() || id <= 0)
    return Status::NotFound("no such id: " + s);
  return id;
}

// ------------------------------------------------------------------------------ encoders

json TimeOrNull(const std::optional<TimeMs>& t) { return t ? json(FormatIso8601(*t)) : json(); }

namespace {
json OptId(const std::optional<Id>& id) { return id ? json(*id) : json(); }
json Geo(const std::optional<GeoPoint>& g) {
  return g ? json{{"lat", g->lat}, {"lon", g->lon}} : json();
}
std::string S(std::string_view v) { return std::string(v); }
}  // namespace

json ToJson(const Agent& a) {
  return json{{"id", a.id},
              {"name", a.name},
              {"email", a.email},
              {"team", a.team},
              {"role", S(Name(a.role))},
              {"skills", a.skills},
              {"languages", a.languages},
              {"capacity", a.capacity},
              {"status", S(Name(a.status))},
              {"location", Geo(a.location)},
              {"created_at", FormatIso8601(a.created_at)},
              {"updated_at", FormatIso8601(a.updated_at)}};
}

json ToJson(const Customer& c) {
  json j{{"id", c.id},
         {"name", c.name},
         {"salutation", c.salutation},
         {"tier", S(Name(c.tier))},
         {"phone", c.phone},
         {"email", c.email},
         {"wechat_id", c.wechat_id},
         {"region", c.region},
         {"location", Geo(c.location)},
         {"tags", c.tags},
         {"language", c.language},
         {"account_manager_id", OptId(c.account_manager_id)},
         {"dedicated_team", c.dedicated_team},
         {"created_at", FormatIso8601(c.created_at)},
         {"updated_at", FormatIso8601(c.updated_at)}};
  if (!c.external_id.empty()) j["external_id"] = c.external_id;
  return j;
}

json ToJson(const Order& o) {
  return json{{"id", o.id},
              {"customer_id", o.customer_id},
              {"number", o.number},
              {"product", o.product},
              {"amount", o.amount},
              {"ordered_at", FormatIso8601(o.ordered_at)}};
}

json ToJson(const Asset& a) {
  return json{{"id", a.id},
              {"customer_id", a.customer_id},
              {"product", a.product},
              {"serial", a.serial},
              {"installed_at", TimeOrNull(a.installed_at)},
              {"warranty_end", TimeOrNull(a.warranty_end)}};
}

json SentimentJson(const std::optional<SentimentTag>& s) {
  if (!s) return nullptr;
  return json{{"label", s->label}, {"score", s->score}};
}

json ToJson(const Ticket& t) {
  json j{{"id", t.id},
         {"customer_id", t.customer_id},
         {"channel", S(Name(t.channel))},
         {"subject", t.subject},
         {"description", t.description},
         {"priority", S(Name(t.priority))},
         {"category", t.category},
         {"tags", t.tags},
         {"status", S(Name(t.status))},
         {"assignee_id", OptId(t.assignee_id)},
         {"team", t.team},
         {"created_at", FormatIso8601(t.created_at)},
         {"updated_at", FormatIso8601(t.updated_at)},
         {"first_response_at", TimeOrNull(t.first_response_at)},
         {"resolved_at", TimeOrNull(t.resolved_at)},
         {"closed_at", TimeOrNull(t.closed_at)},
         {"reopen_count", t.reopen_count},
         {"transfer_count", t.transfer_count},
         {"agent_reply_count", t.agent_reply_count},
         {"routing", t.routing_reason.empty() ? json() : json{{"reason", t.routing_reason}}}};
  if (!t.external_id.empty()) j["external_id"] = t.external_id;
  j["sentiment"] = SentimentJson(t.sentiment);
  return j;
}

json ToJson(const Message& m) {
  return json{{"id", m.id},
              {"ticket_id", m.ticket_id},
              {"author", S(Name(m.author))},
              {"author_id", OptId(m.author_id)},
              {"body", m.body},
              {"internal", m.internal},
              {"created_at", FormatIso8601(m.created_at)},
              {"sentiment", SentimentJson(m.sentiment)}};
}

json ToJson(const Transcript& t) {
  json turns = json::array();
  for (const auto& turn : t.turns) {
    json j{{"speaker", S(Name(turn.speaker))}, {"start_ms", turn.start_ms}, {"text", turn.text}};
    if (turn.end_ms) j["end_ms"] = *turn.end_ms;
    turns.push_back(std::move(j));
  }
  return json{{"id", t.id},
              {"ticket_id", t.ticket_id},
              {"agent_id", OptId(t.agent_id)},
              {"turns", std::move(turns)},
              {"created_at", FormatIso8601(t.created_at)}};
}

json ToJson(const Task& t) {
  return json{{"id", t.id},
              {"ticket_id", t.ticket_id},
              {"department", t.department},
              {"title", t.title},
              {"note", t.note},
              {"assignee_id", OptId(t.assignee_id)},
              {"status", S(Name(t.status))},
              {"due_at", TimeOrNull(t.due_at)},
              {"created_at", FormatIso8601(t.created_at)},
              {"updated_at", FormatIso8601(t.updated_at)}};
}

json ToJson(const Transfer& t) {
  return json{{"id", t.id},
              {"ticket_id", t.ticket_id},
              {"from_agent_id", OptId(t.from_agent_id)},
              {"to_agent_id", OptId(t.to_agent_id)},
              {"from_team", t.from_team},
              {"to_team", t.to_team},
              {"reason", t.reason},
              {"actor", t.actor},
              {"at", FormatIso8601(t.at)}};
}

namespace {
bool IsTimeKey(std::string_view k) {
  auto ends = [&](std::string_view suf) {
    return k.size() >= suf.size() && k.substr(k.size() - suf.size()) == suf;
  };
  return k == "due" || ends("_due") || ends("_at");
}

json DocToJsonImpl(const Value& v, bool time_key) {
  if (time_key && v.is_int()) return FormatIso8601(v.as_int());
  if (v.is_object()) {
    json o = json::object();
    for (const auto& [k, e] : v.as_object()) o[k] = DocToJsonImpl(e, IsTimeKey(k));
    return o;
  }
  if (v.is_array()) {
    json a = json::array();
    for (const auto& e : v.as_array()) a.push_back(DocToJsonImpl(e, false));
    return a;
  }
  return loopdesk::ToJson(v);
}
}  // namespace

json DocToJson(const Value& v) { return DocToJsonImpl(v, false); }

json SlaToJson(const TicketSla& s) {
  if (s.state == "none") return json();
  return DocToJson(s.detail);
}

json ToJson(const TicketRow& r) {
  json j = ToJson(r.ticket);
  j["sla"] = r.sla ? SlaToJson(*r.sla) : json();
  return j;
}

json ToJson(const Compensation& c) {
  return json{{"id", c.id},
              {"ticket_id", c.ticket_id},
              {"customer_id", c.customer_id},
              {"commitment", c.commitment},
              {"target", c.target},
              {"type", c.type},
              {"amount", c.amount},
              {"note", c.note},
              {"status", c.status},
              {"decided_by", OptId(c.decided_by)},
              {"decided_at", TimeOrNull(c.decided_at)},
              {"created_at", FormatIso8601(c.created_at)}};
}

json ToJson(const Event& e) {
  json j{{"seq", e.seq},
         {"type", e.type},
         {"at", FormatIso8601(e.at)},
         {"actor", e.actor},
         {"data", loopdesk::ToJson(e.data)}};
  if (e.ticket_id) j["ticket_id"] = e.ticket_id;
  if (e.customer_id) j["customer_id"] = e.customer_id;
  return j;
}

}  // namespace loopdesk::http
