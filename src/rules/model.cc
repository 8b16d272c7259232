#include "rules/model.h"

#include <limits>

#include "rules/fields.h"

namespace loopdesk::rules {

const std::vector<std::string_view>& KnownEvents() {
  static const std::vector<std::string_view> kEvents = {
      kEventTicketCreated, kEventTicketUpdated, kEventMessageCreated, kEventSurveyAnswered,
      kEventSlaWarning,    kEventSlaBreached,   kEventSchedule};
  return kEvents;
}

bool IsKnownEvent(std::string_view event) {
  for (auto e : KnownEvents())
    if (e == event) return true;
  return false;
}

const std::vector<std::string_view>& KnownOperators() {
  static const std::vector<std::string_view> kOps = {kOpEq,      kOpNe, kOpIn, kOpContains,
                                                     kOpMatches, kOpGt, kOpLt, kOpChanged};
  return kOps;
}

const std::vector<std::string_view>& KnownActionTypes() {
  static const std::vector<std::string_view> kTypes = {kActSet,
                                                       kActAssign,
                                                       kActAddTag,
                                                       kActRemoveTag,
                                                       kActAddNote,
                                                       kActNotify,
                                                       kActCreateTask,
                                                       kActSendSurvey,
                                                       kActEscalate,
                                                       kActAdjustSla,
                                                       kActGrantCompensation,
                                                       kActWebhook};
  return kTypes;
}

std::string_view KindName(ConditionGroup::Kind kind) {
  switch (kind) {
    case ConditionGroup::Kind::kAll:
      return "all";
    case ConditionGroup::Kind::kAny:
      return "any";
    case ConditionGroup::Kind::kNone:
      return "none";
  }
  return "all";
}

namespace {

std::string Key(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

std::string Index(const std::string& path, size_t i) {
  return path + "[" + std::to_string(i) + "]";
}

bool KindFromName(std::string_view name, ConditionGroup::Kind* kind) {
  for (auto k :
       {ConditionGroup::Kind::kAll, ConditionGroup::Kind::kAny, ConditionGroup::Kind::kNone}) {
    if (KindName(k) == name) {
      *kind = k;
      return true;
    }
  }
  return false;
}

bool IsGroupObject(const Value& v) {
  ConditionGroup::Kind k;
  if (!v.is_object()) return false;
  for (const auto& [key, _] : v.as_object())
    if (KindFromName(key, &k)) return true;
  return false;
}

class ConditionParser {
 public:
  Status ParseGroup(const Value& v, const std::string& path, int depth, ConditionGroup* out) {
    if (depth > kMaxGroupDepth) {
      return Status::Invalid(
          "groups nested deeper than " + std::to_string(kMaxGroupDepth) + " levels", path);
    }
    if (!v.is_object() || v.as_object().empty()) {
      return Status::Invalid("a condition group is an object {all|any|none: [...]}", path);
    }
    const auto& obj = v.as_object();
    const auto& [name, items] = obj.front();
    if (!KindFromName(name, &out->kind)) {
      return Status::Invalid("unknown key '" + name + "' (a group has one of all, any, none)",
                             Key(path, name));
    }
    if (obj.size() > 1) {
      return Status::Invalid("a group has exactly one of all, any, none", Key(path, obj[1].first));
    }
    const std::string list_path = Key(path, name);
    if (!items.is_array()) return Status::Invalid("must be an array of conditions", list_path);
    const auto& arr = items.as_array();
    for (size_t i = 0; i < arr.size(); ++i) {
      const std::string item_path = Index(list_path, i);
      if (++count_ > kMaxConditions) {
        return Status::Invalid(
            "more than " + std::to_string(kMaxConditions) + " conditions in one rule", item_path);
      }
      if (IsGroupObject(arr[i])) {
        ConditionGroup sub;
        LD_RETURN_IF_ERROR(ParseGroup(arr[i], item_path, depth + 1, &sub));
        out->items.emplace_back(std::move(sub));
      } else {
        Condition c;
        LD_RETURN_IF_ERROR(ParseCondition(arr[i], item_path, &c));
        out->items.emplace_back(std::move(c));
      }
    }
    return Status::Ok();
  }

 private:
  static Status ParseCondition(const Value& v, const std::string& path, Condition* out) {
    if (!v.is_object()) {
      return Status::Invalid("a condition is an object {field, op, value} or a group", path);
    }
    bool has_field = false, has_op = false;
    for (const auto& [key, val] : v.as_object()) {
      if (key == "field" || key == "op") {
        if (!val.is_string()) return Status::Invalid(key + " must be a string", Key(path, key));
        (key == "field" ? out->field : out->op) = val.as_string();
        (key == "field" ? has_field : has_op) = true;
      } else if (key == "value") {
        out->value = val;
      } else {
        return Status::Invalid("unknown key '" + key + "' in a condition", Key(path, key));
      }
    }
    if (!has_field) return Status::Invalid("field is required", Key(path, "field"));
    if (!has_op) return Status::Invalid("op is required", Key(path, "op"));
    return Status::Ok();
  }

  size_t count_ = 0;
};

Status ParseActions(const Value& v, std::vector<Action>* out) {
  if (!v.is_array()) return Status::Invalid("actions must be an array", "actions");
  const auto& arr = v.as_array();
  if (arr.size() > kMaxActions) {
    return Status::Invalid("more than " + std::to_string(kMaxActions) + " actions", "actions");
  }
  for (size_t i = 0; i < arr.size(); ++i) {
    const std::string path = Index("actions", i);
    if (!arr[i].is_object()) return Status::Invalid("an action is an object {type, ...}", path);
    Action a;
    bool has_type = false;
    for (const auto& [key, val] : arr[i].as_object()) {
      if (key == "type") {
        if (!val.is_string()) return Status::Invalid("type must be a string", Key(path, "type"));
        a.type = val.as_string();
        has_type = true;
      } else {
        a.params.Set(key, val);
      }
    }
    if (!has_type) return Status::Invalid("type is required", Key(path, "type"));
    out->push_back(std::move(a));
  }
  return Status::Ok();
}

Status ParseInt(const Value& v, const std::string& key, int64_t min, int64_t max, int64_t* out) {
  if (!v.is_int() || v.as_int() < min || v.as_int() > max) {
    return Status::Invalid(
        key + " must be an integer from " + std::to_string(min) + " to " + std::to_string(max),
        key);
  }
  *out = v.as_int();
  return Status::Ok();
}

}  // namespace

Result<Rule> ParseRule(const Value& body) {
  if (!body.is_object()) return Status::Invalid("a rule must be an object");
  Rule rule;
  bool has_name = false, has_event = false;
  constexpr int64_t kIntMax = std::numeric_limits<int>::max();
  for (const auto& [key, val] : body.as_object()) {
    if (key == "name" || key == "event") {
      if (!val.is_string()) return Status::Invalid(key + " must be a string", key);
      (key == "name" ? rule.name : rule.event) = val.as_string();
      (key == "name" ? has_name : has_event) = true;
    } else if (key == "conditions") {
      ConditionParser parser;
      LD_RETURN_IF_ERROR(parser.ParseGroup(val, "conditions", 1, &rule.conditions));
    } else if (key == "actions") {
      LD_RETURN_IF_ERROR(ParseActions(val, &rule.actions));
    } else if (key == "enabled") {
      if (!val.is_bool()) return Status::Invalid("enabled must be true or false", key);
      rule.enabled = val.as_bool();
    } else if (key == "position") {
      int64_t p = 0;
      LD_RETURN_IF_ERROR(ParseInt(val, key, -kIntMax, kIntMax, &p));
      rule.position = static_cast<int>(p);
    } else if (key == "version") {
      int64_t v = 0;
      LD_RETURN_IF_ERROR(ParseInt(val, key, 1, kIntMax, &v));
      rule.version = static_cast<int>(v);
    } else if (key == "id") {
      int64_t id = 0;
      LD_RETURN_IF_ERROR(ParseInt(val, key, 0, std::numeric_limits<int64_t>::max(), &id));
      rule.id = id;
    } else {
      return Status::Invalid("unknown key '" + key + "' in a rule", key);
    }
  }
  if (!has_name) return Status::Invalid("name is required", "name");
  if (!has_event) return Status::Invalid("event is required", "event");
  return rule;
}

Result<Rule> ParseAndValidateRule(const Value& body, const FieldRegistry& fields) {
  LD_ASSIGN_OR_RETURN(Rule rule, ParseRule(body));
  LD_RETURN_IF_ERROR(ValidateRule(rule, fields));
  return rule;
}

Value GroupToValue(const ConditionGroup& group) {
  Value items = Value::MakeArray();
  for (const auto& item : group.items) {
    if (const auto* c = std::get_if<Condition>(&item)) {
      Value cv = Value::MakeObject();
      cv.Set("field", c->field);
      cv.Set("op", c->op);
      if (!c->value.is_null()) cv.Set("value", c->value);
      items.Push(std::move(cv));
    } else {
      items.Push(GroupToValue(std::get<ConditionGroup>(item)));
    }
  }
  Value out = Value::MakeObject();
  out.Set(std::string(KindName(group.kind)), std::move(items));
  return out;
}

Value RuleToValue(const Rule& rule) {
  Value out = Value::MakeObject();
  out.Set("id", rule.id);
  out.Set("name", rule.name);
  out.Set("event", rule.event);
  out.Set("conditions", GroupToValue(rule.conditions));
  Value actions = Value::MakeArray();
  for (const auto& a : rule.actions) {
    Value av = Value::MakeObject();
    av.Set("type", a.type);
    if (a.params.is_object())
      for (const auto& [k, v] : a.params.as_object()) av.Set(k, v);
    actions.Push(std::move(av));
  }
  out.Set("actions", std::move(actions));
  out.Set("enabled", rule.enabled);
  out.Set("position", rule.position);
  out.Set("version", rule.version);
  return out;
}

}  // namespace loopdesk::rules
