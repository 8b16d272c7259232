#include "app/cost_model.h"

#include <string_view>

namespace loopdesk {

namespace {

constexpr double kMaxAmount = 1e6;

Status Number(const Value& x, const std::string& field, double* out) {
  if ((!x.is_int() && !x.is_double()) || x.as_double() < 0 || x.as_double() > kMaxAmount)
    return Status::Invalid(field + " must be a number from 0 to 1000000", field);
  *out = x.as_double();
  return Status::Ok();
}

// A {"*": n, key: n} map; `channels` restricts the keys to channel names.
Status NumberMap(const Value& doc, const char* key, bool channels,
                 std::map<std::string, double>* out) {
  const Value* x = doc.Find(key);
  if (!x) return Status::Ok();
  if (!x->is_object())
    return Status::Invalid(std::string(key) + " must be an object of numbers", key);
  std::map<std::string, double> m{{"*", out->count("*") ? out->at("*") : 0}};
  for (const auto& [k, v] : x->as_object()) {
    const std::string field = std::string(key) + "." + k;
    if (k.empty() || k.size() > 100) return Status::Invalid("invalid key", field);
    if (channels && k != "*" && !ParseChannel(k))
      return Status::Invalid("unknown channel \"" + k + "\"; expected * or one of " +
                                 std::string(ChannelNames()),
                             field);
    LD_RETURN_IF_ERROR(Number(v, field, &m[k]));
  }
  *out = std::move(m);
  return Status::Ok();
}

Value MapToValue(const std::map<std::string, double>& m) {
  Value v = Value::MakeObject();
  for (const auto& [k, x] : m) v.Set(k, x);
  return v;
}

}  // namespace

Result<analytics::CostModel> CostModelFromValue(const Value& doc) {
  if (!doc.is_object()) return Status::Invalid("the cost model must be a JSON object");
  constexpr std::string_view kKeys[] = {
      "currency", "agent_hourly_cost", "cost_per_contact", "handle_minutes",
      "minutes_saved_per_rule_action", "minutes_saved_per_auto_assignment",
      "repeat_contacts_avoided_per_fcr"};
  for (const auto& [k, _] : doc.as_object()) {
    bool known = false;
    for (auto n : kKeys) known = known || k == n;
    if (!known) return Status::Invalid("unknown setting \"" + k + "\"", k);
  }
  analytics::CostModel m;
  if (const Value* x = doc.Find("currency")) {
    if (!x->is_string() || x->as_string().size() != 3)
      return Status::Invalid("currency must be a 3-letter code such as CNY", "currency");
    for (char ch : x->as_string())
      if (ch < 'A' || ch > 'Z')
        return Status::Invalid("currency must be a 3-letter code such as CNY", "currency");
    m.currency = x->as_string();
  }
  LD_RETURN_IF_ERROR(NumberMap(doc, "agent_hourly_cost", false, &m.agent_hourly_cost));
  LD_RETURN_IF_ERROR(NumberMap(doc, "cost_per_contact", true, &m.cost_per_contact));
  LD_RETURN_IF_ERROR(NumberMap(doc, "handle_minutes", true, &m.handle_minutes));
  if (const Value* x = doc.Find("minutes_saved_per_rule_action"))
    LD_RETURN_IF_ERROR(
        Number(*x, "minutes_saved_per_rule_action", &m.minutes_saved_per_rule_action));
  if (const Value* x = doc.Find("minutes_saved_per_auto_assignment"))
    LD_RETURN_IF_ERROR(
        Number(*x, "minutes_saved_per_auto_assignment", &m.minutes_saved_per_auto_assignment));
  if (const Value* x = doc.Find("repeat_contacts_avoided_per_fcr"))
    LD_RETURN_IF_ERROR(
        Number(*x, "repeat_contacts_avoided_per_fcr", &m.repeat_contacts_avoided_per_fcr));
  return m;
}

Value CostModelToValue(const analytics::CostModel& m) {
  Value v = Value::MakeObject();
  v.Set("currency", m.currency);
  v.Set("agent_hourly_cost", MapToValue(m.agent_hourly_cost));
  v.Set("cost_per_contact", MapToValue(m.cost_per_contact));
  v.Set("handle_minutes", MapToValue(m.handle_minutes));
  v.Set("minutes_saved_per_rule_action", m.minutes_saved_per_rule_action);
  v.Set("minutes_saved_per_auto_assignment", m.minutes_saved_per_auto_assignment);
  v.Set("repeat_contacts_avoided_per_fcr", m.repeat_contacts_avoided_per_fcr);
  return v;
}

}  // namespace loopdesk
