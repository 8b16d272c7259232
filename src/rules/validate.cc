// ValidateRule (declared in model.h): the meaning of a parsed rule, checked against a
// FieldRegistry. Every error names the path of the offending key.

#include <algorithm>
#include <cstdio>
#include <initializer_list>
#include <limits>

#include "common/utf8.h"
#include "domain/enums.h"
#include "rules/fields.h"
#include "rules/model.h"
#include "rules/pattern.h"

namespace loopdesk::rules {

namespace {

constexpr int64_t kMaxSlaSeconds = 366LL * 24 * 3600;
constexpr double kMaxSlaFactor = 100;
constexpr double kMaxAmount = 1e9;
constexpr int64_t kMaxId = std::numeric_limits<int64_t>::max();

std::string Key(const std::string& path, std::string_view key) {
  return path + "." + std::string(key);
}

std::string Index(const std::string& path, size_t i) {
  return path + "[" + std::to_string(i) + "]";
}

template <typename List>
std::string Join(const List& items, std::string_view sep = ", ") {
  std::string out;
  for (const auto& s : items) {
    if (!out.empty()) out += sep;
    out += s;
  }
  return out;
}

// A short, printable rendering of a scalar for messages.
std::string Show(const Value& v) {
  if (v.is_string()) {
    // Appends rather than "'" + s + "'": g++ 12 -O2 reports a false -Wrestrict on the latter.
    std::string out = "'";
    out.append(Utf8Prefix(v.as_string(), 40));
    out.push_back('\'');
    return out;
  }
  if (v.is_int()) return std::to_string(v.as_int());
  if (v.is_double()) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.15g", v.as_double());
    return buf;
  }
  if (v.is_bool()) return v.as_bool() ? "true" : "false";
  if (v.is_null()) return "null";
  return v.is_array() ? "an array" : "an object";
}

// Checks one scalar against the field's type (list fields take string elements).
Status CheckScalar(const FieldSpec& spec, const Value& v, const std::string& path) {
  switch (spec.type) {
    case FieldType::kString:
    case FieldType::kStringList:
      if (!v.is_string()) return Status::Invalid(spec.name + " takes a string", path);
      break;
    case FieldType::kEnum:
      if (!v.is_string() ||
          std::find(spec.values.begin(), spec.values.end(), v.as_string()) == spec.values.end()) {
        return Status::Invalid(Show(v) + " is not a valid value for " + spec.name + " (expected " +
                                   Join(spec.values, " | ") + ")",
                               path);
      }
      break;
    case FieldType::kNumber:
      if (!v.is_int() && !v.is_double()) {
        return Status::Invalid(spec.name + " takes a number, not " + Show(v), path);
      }
      break;
    case FieldType::kId:
      if (!v.is_int()) return Status::Invalid(spec.name + " takes an integer id", path);
      break;
    case FieldType::kBool:
      if (!v.is_bool()) return Status::Invalid(spec.name + " takes true or false", path);
      break;
  }
  return Status::Ok();
}

Status ValidateCondition(const Condition& c, const std::string& path, std::string_view event,
                         const FieldRegistry& fields) {
  const FieldSpec* spec = fields.Find(c.field);
  if (spec == nullptr)
    return Status::Invalid("unknown field '" + c.field + "'", Key(path, "field"));
  if (!spec->events.empty() &&
      std::find(spec->events.begin(), spec->events.end(), event) == spec->events.end()) {
    return Status::Invalid(
        c.field + " exists only on event " + Join(spec->events) + ", not on " + std::string(event),
        Key(path, "field"));
  }
  const auto& ops = KnownOperators();
  if (std::find(ops.begin(), ops.end(), c.op) == ops.end()) {
    return Status::Invalid("unknown operator '" + c.op + "' (expected " + Join(ops) + ")",
                           Key(path, "op"));
  }
  if (!OperatorAllowed(*spec, c.op)) {
    return Status::Invalid("operator " + c.op + " does not apply to " + c.field + " (" +
                               std::string(TypeName(spec->type)) +
                               "); allowed: " + Join(OperatorsFor(*spec)),
                           Key(path, "op"));
  }
  const std::string vpath = Key(path, "value");
  const Value& v = c.value;
  if (c.op == kOpEq || c.op == kOpNe) {
    if (!v.is_null()) LD_RETURN_IF_ERROR(CheckScalar(*spec, v, vpath));
  } else if (c.op == kOpIn) {
    if (!v.is_array() || v.as_array().empty()) {
      return Status::Invalid("in takes a non-empty array of values", vpath);
    }
    if (v.as_array().size() > kMaxInValues) {
      return Status::Invalid("in takes at most " + std::to_string(kMaxInValues) + " values", vpath);
    }
    for (size_t i = 0; i < v.as_array().size(); ++i)
      LD_RETURN_IF_ERROR(CheckScalar(*spec, v.as_array()[i], Index(vpath, i)));
  } else if (c.op == kOpContains) {
    if (!v.is_string() || v.as_string().empty()) {
      return Status::Invalid("contains takes a non-empty string", vpath);
    }
  } else if (c.op == kOpMatches) {
    if (!v.is_string() || v.as_string().empty()) {
      return Status::Invalid("matches takes a non-empty pattern string", vpath);
    }
    auto compiled = Pattern::Compile(v.as_string());
    if (!compiled.ok()) return Status::Invalid(compiled.status().message(), vpath);
  } else if (c.op == kOpGt || c.op == kOpLt) {
    if (!v.is_int() && !v.is_double()) {
      return Status::Invalid(c.op + " takes a number, not " + Show(v), vpath);
    }
  } else if (c.op == kOpChanged) {
    if (!v.is_null() && !v.is_bool()) {
      return Status::Invalid("changed takes no value, true or false", vpath);
    }
  }
  return Status::Ok();
}

Status ValidateGroup(const ConditionGroup& g, const std::string& path, int depth,
                     std::string_view event, const FieldRegistry& fields, size_t* count) {
  if (depth > kMaxGroupDepth) {
    return Status::Invalid(
        "groups nested deeper than " + std::to_string(kMaxGroupDepth) + " levels", path);
  }
  const std::string list = Key(path, KindName(g.kind));
  if (g.kind == ConditionGroup::Kind::kAny && g.items.empty()) {
    return Status::Invalid("an 'any' group needs at least one condition (it would never hold)",
                           list);
  }
  for (size_t i = 0; i < g.items.size(); ++i) {
    const std::string item = Index(list, i);
    if (++*count > kMaxConditions) {
      return Status::Invalid(
          "more than " + std::to_string(kMaxConditions) + " conditions in one rule", item);
    }
    if (const auto* c = std::get_if<Condition>(&g.items[i])) {
      LD_RETURN_IF_ERROR(ValidateCondition(*c, item, event, fields));
    } else {
      LD_RETURN_IF_ERROR(ValidateGroup(std::get<ConditionGroup>(g.items[i]), item, depth + 1, event,
                                       fields, count));
    }
  }
  return Status::Ok();
}

// Checks the parameters of one action; every error names actions[i].<param>.
class ParamChecker {
 public:
  ParamChecker(const Action& a, std::string path) : a_(a), p_(a.params), path_(std::move(path)) {}

  const std::string& path() const { return path_; }
  std::string At(std::string_view key) const { return Key(path_, key); }
  const Value* Get(std::string_view key) const { return p_.Find(key); }
  bool Has(std::string_view key) const { return Get(key) != nullptr; }

  // Refuses parameters outside `allowed`.
  Status Only(std::initializer_list<std::string_view> allowed) const {
    if (!p_.is_object()) return Status::Invalid("action parameters must be an object", path_);
    for (const auto& [key, _] : p_.as_object()) {
      if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
        return Status::Invalid("unknown parameter '" + key + "' for action " + a_.type +
                                   " (expected " + Join(allowed) + ")",
                               At(key));
      }
    }
    return Status::Ok();
  }

  Status Missing(std::string_view key) const {
    return Status::Invalid(a_.type + " needs " + std::string(key), At(key));
  }

  // A non-empty string of at most `max_chars` code points; absent is fine unless required.
  Status Text(std::string_view key, bool required, size_t max_chars) const {
    const Value* v = Get(key);
    if (v == nullptr) return required ? Missing(key) : Status::Ok();
    if (!v->is_string() || TrimAscii(v->as_string()).empty()) {
      return Status::Invalid(std::string(key) + " must be a non-empty string", At(key));
    }
    if (Utf8Length(v->as_string()) > max_chars) {
      return Status::Invalid(
          std::string(key) + " is longer than " + std::to_string(max_chars) + " characters",
          At(key));
    }
    return Status::Ok();
  }

  // One of `values`.
  Status OneOf(std::string_view key, bool required, const std::vector<std::string>& values) const {
    const Value* v = Get(key);
    if (v == nullptr) return required ? Missing(key) : Status::Ok();
    if (!v->is_string() ||
        std::find(values.begin(), values.end(), v->as_string()) == values.end()) {
      return Status::Invalid(Show(*v) + " is not a valid " + std::string(key) + " (expected " +
                                 Join(values, " | ") + ")",
                             At(key));
    }
    return Status::Ok();
  }

  // An integer in [min, max].
  Status Int(std::string_view key, bool required, int64_t min, int64_t max) const {
    const Value* v = Get(key);
    if (v == nullptr) return required ? Missing(key) : Status::Ok();
    if (!v->is_int() || v->as_int() < min || v->as_int() > max) {
      const std::string range =
          max == kMaxId ? (min == 1 ? "a positive integer" : "an integer")
                        : "an integer from " + std::to_string(min) + " to " + std::to_string(max);
      return Status::Invalid(std::string(key) + " must be " + range, At(key));
    }
    return Status::Ok();
  }

  // A number in (0, max] when `positive`, else in [0, max].
  Status Number(std::string_view key, bool required, bool positive, double max) const {
    const Value* v = Get(key);
    if (v == nullptr) return required ? Missing(key) : Status::Ok();
    const bool num = v->is_int() || v->is_double();
    const double d = num ? v->as_double() : 0;
    if (!num || d < 0 || (positive && d == 0) || d > max) {
      return Status::Invalid(std::string(key) + " must be a number " +
                                 (positive ? "above 0" : "from 0") + " up to " + Show(Value(max)),
                             At(key));
    }
    return Status::Ok();
  }

  Status MustBeTrue(std::string_view key) const {
    const Value* v = Get(key);
    if (v != nullptr && !(v->is_bool() && v->as_bool())) {
      return Status::Invalid(std::string(key) + " must be true when given", At(key));
    }
    return Status::Ok();
  }

 private:
  const Action& a_;
  const Value& p_;
  std::string path_;
};

std::vector<std::string> RoleValues() {
  std::vector<std::string> out;
  for (Role r : AllRoles()) out.emplace_back(Name(r));
  return out;
}

// A collaboration department known to the domain (domain/entities.h).
Status CheckDepartment(const ParamChecker& c) {
  const Value* d = c.Get("department");
  if (d == nullptr) return c.Missing("department");
  if (!d->is_string() || !IsKnownDepartment(d->as_string())) {
    return Status::Invalid(
        Show(*d) + " is not a valid department (expected " + std::string(DepartmentNames()) + ")",
        c.At("department"));
  }
  return Status::Ok();
}

Status ValidateSet(const ParamChecker& c, const FieldRegistry& fields) {
  LD_RETURN_IF_ERROR(c.Only({"field", "value"}));
  const Value* field = c.Get("field");
  if (field == nullptr) return c.Missing("field");
  const FieldSpec* spec = field->is_string() ? fields.Find(field->as_string()) : nullptr;
  if (spec == nullptr) {
    return Status::Invalid("unknown field " + Show(*field), c.At("field"));
  }
  if (!spec->settable) {
    std::vector<std::string> settable;
    for (const auto& f : fields.fields())
      if (f.settable) settable.push_back(f.name);
    return Status::Invalid(
        spec->name + " cannot be set by a rule (settable: " + Join(settable) + ")", c.At("field"));
  }
  const Value* value = c.Get("value");
  if (value == nullptr) return c.Missing("value");
  return CheckScalar(*spec, *value, c.At("value"));
}

Status ValidateAction(const Action& a, const std::string& path, const FieldRegistry& fields) {
  const ParamChecker c(a, path);
  if (a.type == kActSet) return ValidateSet(c, fields);
  if (a.type == kActAssign) {
    LD_RETURN_IF_ERROR(c.Only({"agent_id", "team", "router"}));
    if (!c.Has("agent_id") && !c.Has("team") && !c.Has("router")) {
      return Status::Invalid("assign needs agent_id, team or router: true", path);
    }
    if (c.Has("agent_id") && (c.Has("team") || c.Has("router"))) {
      return Status::Invalid("assign takes agent_id alone, or team and/or router", path);
    }
    LD_RETURN_IF_ERROR(c.Int("agent_id", false, 1, kMaxId));
    LD_RETURN_IF_ERROR(c.Text("team", false, 100));
    return c.MustBeTrue("router");
  }
  if (a.type == kActAddTag || a.type == kActRemoveTag) {
    LD_RETURN_IF_ERROR(c.Only({"value"}));
    return c.Text("value", true, 100);
  }
  if (a.type == kActAddNote) {
    LD_RETURN_IF_ERROR(c.Only({"body"}));
    return c.Text("body", true, 10000);
  }
  if (a.type == kActNotify) {
    LD_RETURN_IF_ERROR(c.Only({"to_role", "to_agent_id", "to_team", "to_assignee", "message"}));
    const int recipients =
        c.Has("to_role") + c.Has("to_agent_id") + c.Has("to_team") + c.Has("to_assignee");
    if (recipients != 1) {
      return Status::Invalid(
          "notify needs exactly one of to_role, to_agent_id, to_team, to_assignee: true", path);
    }
    LD_RETURN_IF_ERROR(c.OneOf("to_role", false, RoleValues()));
    LD_RETURN_IF_ERROR(c.Int("to_agent_id", false, 1, kMaxId));
    LD_RETURN_IF_ERROR(c.Text("to_team", false, 100));
    LD_RETURN_IF_ERROR(c.MustBeTrue("to_assignee"));
    return c.Text("message", true, 2000);
  }
  if (a.type == kActCreateTask) {
    LD_RETURN_IF_ERROR(c.Only({"department", "title", "note", "due_in_s"}));
    LD_RETURN_IF_ERROR(CheckDepartment(c));
    LD_RETURN_IF_ERROR(c.Text("title", true, 200));
    LD_RETURN_IF_ERROR(c.Text("note", false, 10000));
    return c.Int("due_in_s", false, 1, kMaxSlaSeconds);
  }
  if (a.type == kActSendSurvey) {
    LD_RETURN_IF_ERROR(c.Only({"kind"}));
    return c.OneOf("kind", true, {"csat", "nps", "ces"});
  }
  if (a.type == kActEscalate) {
    LD_RETURN_IF_ERROR(c.Only({"level", "to_role", "reason"}));
    if (!c.Has("level") && !c.Has("to_role")) {
      return Status::Invalid("escalate needs level (1–3) or to_role", path);
    }
    LD_RETURN_IF_ERROR(c.Int("level", false, 1, 3));
    LD_RETURN_IF_ERROR(c.OneOf("to_role", false, RoleValues()));
    return c.Text("reason", false, 2000);
  }
  if (a.type == kActAdjustSla) {
    LD_RETURN_IF_ERROR(c.Only({"target", "seconds", "factor", "add_seconds"}));
    LD_RETURN_IF_ERROR(c.OneOf("target", true, {"first_response", "next_response", "resolution"}));
    const int given = int(c.Has("seconds")) + int(c.Has("factor")) + int(c.Has("add_seconds"));
    if (given != 1) {
      return Status::Invalid("adjust_sla needs exactly one of seconds, factor or add_seconds",
                             path);
    }
    LD_RETURN_IF_ERROR(c.Int("seconds", false, 1, kMaxSlaSeconds));
    LD_RETURN_IF_ERROR(c.Int("add_seconds", false, -kMaxSlaSeconds, kMaxSlaSeconds));
    return c.Number("factor", false, true, kMaxSlaFactor);
  }
  if (a.type == kActGrantCompensation) {
    LD_RETURN_IF_ERROR(c.Only({"kind", "amount", "note"}));
    LD_RETURN_IF_ERROR(c.OneOf("kind", true, {"coupon", "credit", "apology"}));
    LD_RETURN_IF_ERROR(c.Number("amount", false, false, kMaxAmount));
    return c.Text("note", false, 2000);
  }
  if (a.type == kActWebhook) {
    LD_RETURN_IF_ERROR(c.Only({"url"}));
    LD_RETURN_IF_ERROR(c.Text("url", true, 2000));
    const std::string& url = c.Get("url")->as_string();
    const bool scheme = url.starts_with("http://") || url.starts_with("https://");
    const size_t host = url.find("://") + 3;
    const bool blank = std::any_of(url.begin(), url.end(),
                                   [](char ch) { return static_cast<unsigned char>(ch) <= ' '; });
    if (!scheme || host >= url.size() || url[host] == '/' || blank) {
      return Status::Invalid("url must be an http:// or https:// address", c.At("url"));
    }
    return Status::Ok();
  }
  return Status::Invalid(
      "unknown action type '" + a.type + "' (expected " + Join(KnownActionTypes()) + ")",
      Key(path, "type"));
}

}  // namespace

Status ValidateRule(const Rule& rule, const FieldRegistry& fields) {
  if (TrimAscii(rule.name).empty()) return Status::Invalid("name must not be empty", "name");
  if (!IsValidUtf8(rule.name)) return Status::Invalid("name is not valid UTF-8", "name");
  if (Utf8Length(rule.name) > kMaxNameChars) {
    return Status::Invalid("name is longer than " + std::to_string(kMaxNameChars) + " characters",
                           "name");
  }
  if (!IsKnownEvent(rule.event)) {
    return Status::Invalid(
        "unknown event '" + rule.event + "' (expected " + Join(KnownEvents()) + ")", "event");
  }
  size_t count = 0;
  LD_RETURN_IF_ERROR(ValidateGroup(rule.conditions, "conditions", 1, rule.event, fields, &count));
  if (rule.actions.empty()) return Status::Invalid("a rule needs at least one action", "actions");
  if (rule.actions.size() > kMaxActions) {
    return Status::Invalid("more than " + std::to_string(kMaxActions) + " actions", "actions");
  }
  for (size_t i = 0; i < rule.actions.size(); ++i)
    LD_RETURN_IF_ERROR(ValidateAction(rule.actions[i], Index("actions", i), fields));
  return Status::Ok();
}

}  // namespace loopdesk::rules
