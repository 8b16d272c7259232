#include "app/kpi_targets.h"

#include <cmath>

namespace loopdesk {

namespace {

enum class Kind { kRate, kNps, kNonNegative };

struct MetricInfo {
  const char* name;
  Kind kind;
};

constexpr MetricInfo kMetrics[] = {
    {"tickets", Kind::kNonNegative},
    {"csat", Kind::kRate},
    {"nps", Kind::kNps},
    {"frt_avg_s", Kind::kNonNegative},
    {"frt_p90_s", Kind::kNonNegative},
    {"resolution_avg_s", Kind::kNonNegative},
    {"fcr", Kind::kRate},
    {"reopen_rate", Kind::kRate},
    {"sla_response_attainment", Kind::kRate},
    {"sla_resolution_attainment", Kind::kRate},
    {"survey_response_rate", Kind::kRate},
    {"backlog", Kind::kNonNegative},
    {"open_without_reply", Kind::kNonNegative},
    {"transfers_per_ticket", Kind::kNonNegative},
    {"repeat_request_rate", Kind::kRate},
    {"complaint_rate", Kind::kRate},
    {"repeat_complaint_rate", Kind::kRate},
    {"complaint_conversion_rate", Kind::kRate},
};

const MetricInfo* FindMetric(const std::string& m) {
  for (const auto& i : kMetrics)
    if (m == i.name) return &i;
  return nullptr;
}

}  // namespace

std::vector<KpiTarget> DefaultKpiTargets() {
  KpiTarget chat_frt{"frt_avg_s", false, 90, Channel::kChat, std::nullopt};
  KpiTarget fcr{"fcr", true, 0.80, std::nullopt, std::nullopt};
  KpiTarget csat{"csat", true, 0.85, std::nullopt, std::nullopt};
  KpiTarget surveys{"survey_response_rate", true, 0.80, std::nullopt, std::nullopt};
  return {chat_frt, fcr, csat, surveys};
}

bool IsTargetMetric(const std::string& metric) { return FindMetric(metric) != nullptr; }

std::string TargetMetricNames() {
  std::string s;
  for (const auto& i : kMetrics) s += (s.empty() ? "" : " | ") + std::string(i.name);
  return s;
}

Result<std::vector<KpiTarget>> KpiTargetsFromValue(const Value& doc) {
  const Value* list = &doc;
  if (doc.is_object()) {
    list = doc.Find("items");
    if (!list) return Status::Invalid("the targets must be a list or {items:[...]}", "items");
  }
  if (!list->is_array()) return Status::Invalid("the targets must be a list", "items");
  if (list->as_array().size() > 200) return Status::Invalid("at most 200 targets", "items");
  std::vector<KpiTarget> out;
  for (size_t i = 0; i < list->as_array().size(); ++i) {
    const Value& x = list->as_array()[i];
    const std::string p = "[" + std::to_string(i) + "].";
    if (!x.is_object()) return Status::Invalid("a target must be an object", "[" + std::to_string(i) + "]");
    for (const auto& [k, _] : x.as_object())
      if (k != "metric" && k != "op" && k != "value" && k != "channel" && k != "team")
        return Status::Invalid("unknown key \"" + k + "\"", p + k);
    KpiTarget t;
    const Value* m = x.Find("metric");
    if (!m || !m->is_string() || !FindMetric(m->as_string()))
      return Status::Invalid("metric must be one of " + TargetMetricNames(), p + "metric");
    t.metric = m->as_string();
    const Value* op = x.Find("op");
    if (!op || !op->is_string() || (op->as_string() != "ge" && op->as_string() != "le"))
      return Status::Invalid("op must be ge or le", p + "op");
    t.ge = op->as_string() == "ge";
    const Value* v = x.Find("value");
    if (!v || (!v->is_int() && !v->is_double()) || !std::isfinite(v->as_double()))
      return Status::Invalid("value must be a number", p + "value");
    t.value = v->as_double();
    switch (FindMetric(t.metric)->kind) {
      case Kind::kRate:
        if (t.value < 0 || t.value > 1)
          return Status::Invalid(t.metric + " is a fraction: value must be from 0 to 1", p + "value");
        break;
      case Kind::kNps:
        if (t.value < -100 || t.value > 100)
          return Status::Invalid("nps value must be from -100 to 100", p + "value");
        break;
      case Kind::kNonNegative:
        if (t.value < 0) return Status::Invalid("value must not be negative", p + "value");
        break;
    }
    if (const Value* c = x.Find("channel"); c && !c->is_null()) {
      auto ch = c->is_string() ? ParseChannel(c->as_string()) : std::nullopt;
      if (!ch)
        return Status::Invalid("channel must be one of " + std::string(ChannelNames()), p + "channel");
      t.channel = *ch;
    }
    if (const Value* tm = x.Find("team"); tm && !tm->is_null()) {
      if (!tm->is_string() || tm->as_string().empty() || tm->as_string().size() > 64)
        return Status::Invalid("team must be a string of 1-64 bytes", p + "team");
      t.team = tm->as_string();
    }
    for (const auto& o : out)
      if (o.metric == t.metric && o.channel == t.channel && o.team == t.team)
        return Status::Invalid("a target for this metric, channel and team is already listed",
                               p + "metric");
    out.push_back(std::move(t));
  }
  return out;
}

Value KpiTargetsToValue(const std::vector<KpiTarget>& targets) {
  Value list = Value::MakeArray();
  for (const auto& t : targets) {
    Value v = Value::MakeObject();
    v.Set("metric", t.metric);
    v.Set("op", t.ge ? "ge" : "le");
    v.Set("value", t.value);
    if (t.channel) v.Set("channel", std::string(Name(*t.channel)));
    if (t.team) v.Set("team", *t.team);
    list.Push(std::move(v));
  }
  return list;
}

const KpiTarget* ApplicableTarget(const std::vector<KpiTarget>& targets, const std::string& metric,
                                  const TargetScope& scope) {
  const KpiTarget* best = nullptr;
  int best_rank = -1;
  for (const auto& t : targets) {
    if (t.metric != metric) continue;
    if (t.channel && t.channel != scope.channel) continue;
    if (t.team && t.team != scope.team) continue;
    const int rank = (t.channel ? 1 : 0) + (t.team ? 1 : 0);
    if (rank > best_rank) {
      best = &t;
      best_rank = rank;
    }
  }
  return best;
}

bool TargetMet(const KpiTarget& t, double actual) {
  return t.ge ? actual >= t.value : actual <= t.value;
}

}  // namespace loopdesk
