#include "domain/voc.h"

#include <algorithm>

namespace loopdesk {

std::string_view Name(SurveyKind k) {
  switch (k) {
    case SurveyKind::kCsat: return "csat";
    case SurveyKind::kNps: return "nps";
    case SurveyKind::kCes: return "ces";
  }
  return "csat";
}

std::optional<SurveyKind> ParseSurveyKind(std::string_view s) {
  if (s == "csat") return SurveyKind::kCsat;
  if (s == "nps") return SurveyKind::kNps;
  if (s == "ces") return SurveyKind::kCes;
  return std::nullopt;
}

std::string_view SurveyKindNames() { return "csat | nps | ces"; }

ScoreRange RangeOf(SurveyKind k) {
  switch (k) {
    case SurveyKind::kCsat: return {1, 5};
    case SurveyKind::kNps: return {0, 10};
    case SurveyKind::kCes: return {1, 7};
  }
  return {0, 10};
}

double ScaledScore(SurveyKind k, int score) {
  switch (k) {
    case SurveyKind::kCsat: return (score - 1) * 2.5;
    case SurveyKind::kNps: return score;
    case SurveyKind::kCes: return (score - 1) * 10.0 / 6.0;
  }
  return score;
}

std::string EffectiveStatus(const Survey& s, TimeMs now) {
  if (s.status == "sent" && now >= s.expires_at) return "expired";
  return s.status;
}

std::string_view OwnerRoleOfLevel(int level) {
  if (level <= 1) return "supervisor";
  if (level == 2) return "expert";
  return "csm";
}

int DueHoursOfLevel(const WarningThresholds& t, int level) {
  if (level <= 1) return t.level1_due_h;
  if (level == 2) return t.level2_due_h;
  return t.level3_due_h;
}

namespace {
WarningDecision Decision(int level, std::string reason, const WarningThresholds& t, TimeMs now) {
  WarningDecision d;
  d.level = level;
  d.reason = std::move(reason);
  d.owner_role = std::string(OwnerRoleOfLevel(level));
  d.due_at = now + DueHoursOfLevel(t, level) * kHourMs;
  return d;
}
}  // namespace

std::optional<WarningDecision> WarnForScore(double scaled, const WarningThresholds& t,
                                            TimeMs now) {
  if (scaled < t.level2_below) return Decision(2, "very_low_score", t, now);
  if (scaled < t.level1_below) return Decision(1, "low_score", t, now);
  return std::nullopt;
}

std::optional<WarningDecision> WarnForComplaint(int earlier_in_window, const WarningThresholds& t,
                                                TimeMs now) {
  if (earlier_in_window <= 0) return std::nullopt;
  return Decision(3, "repeat_complaint", t, now);
}

std::optional<WarningDecision> EscalationOf(const Alert& a, const WarningThresholds& t,
                                            TimeMs now) {
  if (a.status == "resolved" || now < a.due_at || a.level >= 3) return std::nullopt;
  WarningDecision d = Decision(a.level + 1, a.reason, t, now);
  return d;
}

bool IsImprovementStage(std::string_view s) {
  return s == "plan" || s == "do" || s == "check" || s == "act";
}

bool IsImprovementMetric(std::string_view s) {
  return s == "csat" || s == "complaint_rate" || s == "fcr" || s == "reopen_rate" ||
         s == "resolution_time";
}

}  // namespace loopdesk

namespace loopdesk {

namespace {
Value OptIdValue(const std::optional<Id>& v) { return v ? Value(*v) : Value(); }
const std::string* Str(const Value& v, std::string_view k) {
  const Value* x = v.Find(k);
  return x && x->is_string() ? &x->as_string() : nullptr;
}
std::optional<int64_t> Int(const Value& v, std::string_view k) {
  const Value* x = v.Find(k);
  if (x && x->is_int()) return x->as_int();
  return std::nullopt;
}
}  // namespace

Value ImprovementToValue(const Improvement& i) {
  Value v = Value::MakeObject();
  v.Set("id", i.id);
  v.Set("title", i.title);
  v.Set("problem", i.problem);
  Value ids = Value::MakeArray();
  for (Id t : i.ticket_ids) ids.Push(t);
  v.Set("ticket_ids", std::move(ids));
  v.Set("owner_id", OptIdValue(i.owner_id));
  v.Set("plan", i.plan);
  v.Set("stage", i.stage);
  v.Set("metric", i.metric);
  Value scope = Value::MakeObject();
  scope.Set("category", i.scope.category.empty() ? Value() : Value(i.scope.category));
  scope.Set("channel", i.scope.channel ? Value(std::string(Name(*i.scope.channel))) : Value());
  scope.Set("product", i.scope.product.empty() ? Value() : Value(i.scope.product));
  v.Set("scope", std::move(scope));
  v.Set("baseline_days", static_cast<int64_t>(i.baseline_days));
  v.Set("change_at", i.change_at ? Value(*i.change_at) : Value());
  v.Set("target", i.target ? Value(*i.target) : Value());
  v.Set("verification", i.verification);
  v.Set("created_at", i.created_at);
  v.Set("updated_at", i.updated_at);
  return v;
}

std::optional<Improvement> ImprovementFromValue(const Value& v) {
  if (!v.is_object()) return std::nullopt;
  Improvement i;
  i.id = Int(v, "id").value_or(0);
  if (auto* s = Str(v, "title")) i.title = *s;
  if (auto* s = Str(v, "problem")) i.problem = *s;
  if (const Value* ids = v.Find("ticket_ids"); ids && ids->is_array())
    for (const Value& x : ids->as_array())
      if (x.is_int()) i.ticket_ids.push_back(x.as_int());
  i.owner_id = Int(v, "owner_id");
  if (auto* s = Str(v, "plan")) i.plan = *s;
  if (auto* s = Str(v, "stage")) i.stage = *s;
  if (auto* s = Str(v, "metric")) i.metric = *s;
  if (const Value* sc = v.Find("scope"); sc && sc->is_object()) {
    if (auto* s = Str(*sc, "category")) i.scope.category = *s;
    if (auto* s = Str(*sc, "channel")) i.scope.channel = ParseChannel(*s);
    if (auto* s = Str(*sc, "product")) i.scope.product = *s;
  }
  i.baseline_days = static_cast<int>(Int(v, "baseline_days").value_or(30));
  i.change_at = Int(v, "change_at");
  if (const Value* t = v.Find("target"); t && (t->is_int() || t->is_double()))
    i.target = t->as_double();
  if (const Value* ver = v.Find("verification")) i.verification = *ver;
  i.created_at = Int(v, "created_at").value_or(0);
  i.updated_at = Int(v, "updated_at").value_or(0);
  if (!IsImprovementStage(i.stage) || !IsImprovementMetric(i.metric)) return std::nullopt;
  return i;
}

}  // namespace loopdesk
