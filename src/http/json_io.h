#pragma once
// JSON at the API edge: parsing request bodies with errors that name the field, encoding
// entities, and the one mapping from Status codes to HTTP statuses.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/inputs.h"
#include "common/status.h"
#include "http/request.h"

namespace loopdesk::http {

using json = nlohmann::ordered_json;

// The HTTP status of a Status code (kInvalidArgument → 422, kNotFound → 404, ...).
int HttpStatusOf(Code code);
Response ErrorResponse(int status, const std::string& code, const std::string& message,
                       const std::string& field = {});
Response StatusResponse(const Status& st);
Response JsonResponse(int status, const json& body);

// Parses the body as a JSON object. Errors (sent as 400): invalid UTF-8, malformed JSON,
// not an object.
Result<json> ParseJsonObject(const Request& req);

// Reads typed fields from a JSON object, remembering the first error (with its field).
// Absent means "not given"; null is an error except where a reader says it is nullable.
class FieldReader {
 public:
  explicit FieldReader(const json& obj, std::string prefix = {})
      : obj_(obj), prefix_(std::move(prefix)) {}
  bool ok() const { return status_.ok(); }
  const Status& status() const { return status_; }
  bool Has(const char* name) const;
  bool IsNull(const char* name) const;

  std::optional<std::string> String(const char* name, bool required = false);
  std::optional<int64_t> Int(const char* name, bool required = false, int64_t min = INT64_MIN,
                             int64_t max = INT64_MAX);
  std::optional<double> Number(const char* name, bool required = false);
  std::optional<bool> Bool(const char* name);
  std::optional<std::vector<std::string>> Strings(const char* name);
  std::optional<TimeMs> Time(const char* name, bool required = false);
  std::optional<GeoPoint> Geo(const char* name);
  // An id: a positive JSON integer.
  std::optional<Id> IdOf(const char* name, bool required = false);
  // For PATCH: absent → nullopt; null → optional holding nullopt; value → the id.
  std::optional<std::optional<Id>> NullableId(const char* name);

  template <typename E, typename ParseFn>
  std::optional<E> Enum(const char* name, ParseFn parse, std::string_view names,
                        bool required = false) {
    auto s = String(name, required);
    if (!s) return std::nullopt;
    auto v = parse(*s);
    if (!v) Fail(name, "unknown value \"" + *s + "\"; expected one of " + std::string(names));
    return v;
  }

  void Fail(const char* name, const std::string& message);

 private:
  const json* Get(const char* name);
  std::string FieldName(const char* name) const { return prefix_ + name; }

  const json& obj_;
  std::string prefix_;
  Status status_;
};

// Query-string helpers (errors name the parameter; 422).
Result<std::optional<Id>> QueryId(const Request& req, const char* name);
Result<int> QueryLimit(const Request& req);
// Cursors are opaque strings to clients; today they carry an id.
std::string EncodeCursor(Id id);
Result<Id> DecodeCursor(const Request& req);
// A path {id} parameter; kNotFound when not a positive integer.
Result<Id> PathId(const Request& req, const char* name = "id");

json ToJson(const Agent& a);
json ToJson(const Customer& c);
json ToJson(const Order& o);
json ToJson(const Asset& a);
json ToJson(const Ticket& t);
json SentimentJson(const std::optional<SentimentTag>& s);  // {label, score} or null
json ToJson(const Message& m);
json ToJson(const Transcript& t);
json ToJson(const Task& t);
json ToJson(const Transfer& t);
json ToJson(const Event& e);
json ToJson(const Compensation& c);
json TimeOrNull(const std::optional<TimeMs>& t);
json ToJson(const TicketRow& r);  // the ticket with its `sla` (or null)
json SlaToJson(const TicketSla& s);
// A Value document as JSON, with epoch-ms numbers under time keys (*_due, *_at, due)
// written as ISO 8601 strings.
json DocToJson(const Value& v);

template <typename T>
json PageJson(const Page<T>& page) {
  json items = json::array();
  for (const auto& x : page.items) items.push_back(ToJson(x));
  return json{{"items", std::move(items)},
              {"next_cursor", page.next_cursor ? json(EncodeCursor(*page.next_cursor)) : json()}};
}

}  // namespace loopdesk::http
