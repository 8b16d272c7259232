#include "app/voc_settings.h"

#include <string_view>

namespace loopdesk {

namespace {

Status IntIn(const Value& v, const char* key, int64_t min, int64_t max, int* out,
             const std::string& prefix = {}) {
  const Value* x = v.Find(key);
  if (!x) return Status::Ok();
  if (!x->is_int() || x->as_int() < min || x->as_int() > max)
    return Status::Invalid(std::string(key) + " must be an integer from " + std::to_string(min) +
                               " to " + std::to_string(max),
                           prefix + key);
  *out = static_cast<int>(x->as_int());
  return Status::Ok();
}

Status NumberIn(const Value& v, const char* key, double min, double max, double* out,
                const std::string& prefix) {
  const Value* x = v.Find(key);
  if (!x) return Status::Ok();
  if ((!x->is_int() && !x->is_double()) || x->as_double() < min || x->as_double() > max)
    return Status::Invalid(std::string(key) + " must be a number from " +
                               std::to_string(static_cast<int>(min)) + " to " +
                               std::to_string(static_cast<int>(max)),
                           prefix + key);
  *out = x->as_double();
  return Status::Ok();
}

Status CheckKeys(const Value& v, std::initializer_list<std::string_view> known,
                 const std::string& prefix) {
  for (const auto& [k, _] : v.as_object()) {
    bool ok = false;
    for (auto n : known) ok = ok || k == n;
    if (!ok) return Status::Invalid("unknown setting \"" + k + "\"", prefix + k);
  }
  return Status::Ok();
}

Status Url(const Value& v, const char* key, std::string* out) {
  const Value* x = v.Find(key);
  if (!x) return Status::Ok();
  if (x->is_null()) {
    out->clear();
    return Status::Ok();
  }
  if (!x->is_string()) return Status::Invalid(std::string(key) + " must be a string", key);
  const std::string& s = x->as_string();
  if (!s.empty() && s.rfind("http://", 0) != 0 && s.rfind("https://", 0) != 0)
    return Status::Invalid(std::string(key) + " must start with http:// or https://", key);
  if (s.size() > 2000) return Status::Invalid(std::string(key) + " is too long", key);
  *out = s;
  while (key == std::string_view("public_base_url") && !out->empty() && out->back() == '/')
    out->pop_back();
  return Status::Ok();
}

}  // namespace

Result<VocSettings> VocSettingsFromValue(const Value& doc) {
  VocSettings s;
  if (!doc.is_object()) return Status::Invalid("the settings must be a JSON object");
  LD_RETURN_IF_ERROR(CheckKeys(doc,
                               {"csat_on_resolve", "csat_skip_channels", "csat_skip_categories",
                                "survey_ttl_days", "reminder_after_h", "nps_fatigue_days",
                                "thresholds", "notify_webhook", "public_base_url"},
                               ""));
  if (const Value* x = doc.Find("csat_on_resolve")) {
    if (!x->is_bool()) return Status::Invalid("csat_on_resolve must be true or false", "csat_on_resolve");
    s.csat_on_resolve = x->as_bool();
  }
  if (const Value* x = doc.Find("csat_skip_channels")) {
    if (!x->is_array()) return Status::Invalid("csat_skip_channels must be a list", "csat_skip_channels");
    for (size_t i = 0; i < x->as_array().size(); ++i) {
      const Value& c = x->as_array()[i];
      auto ch = c.is_string() ? ParseChannel(c.as_string()) : std::nullopt;
      if (!ch)
        return Status::Invalid("channel must be one of " + std::string(ChannelNames()),
                               "csat_skip_channels[" + std::to_string(i) + "]");
      s.csat_skip_channels.push_back(*ch);
    }
  }
  if (const Value* x = doc.Find("csat_skip_categories")) {
    if (!x->is_array()) return Status::Invalid("csat_skip_categories must be a list", "csat_skip_categories");
    for (size_t i = 0; i < x->as_array().size(); ++i) {
      const Value& c = x->as_array()[i];
      if (!c.is_string() || c.as_string().empty() || c.as_string().size() > 64)
        return Status::Invalid("a category is a string of 1-64 characters",
                               "csat_skip_categories[" + std::to_string(i) + "]");
      s.csat_skip_categories.push_back(c.as_string());
    }
  }
  LD_RETURN_IF_ERROR(IntIn(doc, "survey_ttl_days", 1, 365, &s.survey_ttl_days));
  LD_RETURN_IF_ERROR(IntIn(doc, "reminder_after_h", 0, 24 * 90, &s.reminder_after_h));
  LD_RETURN_IF_ERROR(IntIn(doc, "nps_fatigue_days", 0, 3650, &s.nps_fatigue_days));
  if (const Value* t = doc.Find("thresholds")) {
    if (!t->is_object()) return Status::Invalid("thresholds must be an object", "thresholds");
    const std::string p = "thresholds.";
    LD_RETURN_IF_ERROR(CheckKeys(*t,
                                 {"level1_below", "level2_below", "level1_due_h", "level2_due_h",
                                  "level3_due_h", "repeat_window_days"},
                                 p));
    WarningThresholds& w = s.thresholds;
    LD_RETURN_IF_ERROR(NumberIn(*t, "level1_below", 0, 10, &w.level1_below, p));
    LD_RETURN_IF_ERROR(NumberIn(*t, "level2_below", 0, 10, &w.level2_below, p));
    LD_RETURN_IF_ERROR(IntIn(*t, "level1_due_h", 1, 24 * 30, &w.level1_due_h, p));
    LD_RETURN_IF_ERROR(IntIn(*t, "level2_due_h", 1, 24 * 30, &w.level2_due_h, p));
    LD_RETURN_IF_ERROR(IntIn(*t, "level3_due_h", 1, 24 * 30, &w.level3_due_h, p));
    LD_RETURN_IF_ERROR(IntIn(*t, "repeat_window_days", 1, 365, &w.repeat_window_days, p));
    if (w.level2_below > w.level1_below)
      return Status::Invalid("level2_below must not exceed level1_below", "thresholds.level2_below");
  }
  LD_RETURN_IF_ERROR(Url(doc, "notify_webhook", &s.notify_webhook));
  LD_RETURN_IF_ERROR(Url(doc, "public_base_url", &s.public_base_url));
  return s;
}

Value VocSettingsToValue(const VocSettings& s) {
  Value v = Value::MakeObject();
  v.Set("csat_on_resolve", s.csat_on_resolve);
  Value ch = Value::MakeArray();
  for (Channel c : s.csat_skip_channels) ch.Push(std::string(Name(c)));
  v.Set("csat_skip_channels", std::move(ch));
  Value cats = Value::MakeArray();
  for (const auto& c : s.csat_skip_categories) cats.Push(c);
  v.Set("csat_skip_categories", std::move(cats));
  v.Set("survey_ttl_days", static_cast<int64_t>(s.survey_ttl_days));
  v.Set("reminder_after_h", static_cast<int64_t>(s.reminder_after_h));
  v.Set("nps_fatigue_days", static_cast<int64_t>(s.nps_fatigue_days));
  Value t = Value::MakeObject();
  t.Set("level1_below", s.thresholds.level1_below);
  t.Set("level2_below", s.thresholds.level2_below);
  t.Set("level1_due_h", static_cast<int64_t>(s.thresholds.level1_due_h));
  t.Set("level2_due_h", static_cast<int64_t>(s.thresholds.level2_due_h));
  t.Set("level3_due_h", static_cast<int64_t>(s.thresholds.level3_due_h));
  t.Set("repeat_window_days", static_cast<int64_t>(s.thresholds.repeat_window_days));
  v.Set("thresholds", std::move(t));
  v.Set("notify_webhook", s.notify_webhook);
  v.Set("public_base_url", s.public_base_url);
  return v;
}

}  // namespace loopdesk
