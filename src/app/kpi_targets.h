#pragma once
// KPI targets (SMART goals such as "chat first response ≤ 90 s", "FCR ≥ 80 %"), stored as the
// config document "kpi_targets": a list of {metric, op: "ge"|"le", value, channel?, team?}
// (docs/metrics.md, "KPI targets"). Absent document = the defaults below.
//
// A target applies to a slice of the metrics when its channel/team (if any) equals the
// slice's — fixed by a filter or by the group's own key; among the targets of one metric that
// apply, the most specific wins (channel and team > one of them > neither).

#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "common/value.h"
#include "domain/enums.h"

namespace loopdesk {

inline constexpr char kKpiTargetsKey[] = "kpi_targets";

struct KpiTarget {
  std::string metric;  // a field of the metrics response, e.g. "frt_avg_s", "fcr"
  bool ge = true;      // "ge": value ≥ target is met; "le": value ≤ target
  double value = 0;
  std::optional<Channel> channel;
  std::optional<std::string> team;
};

// The defaults (DESIGN.md §1 J and §4, the SMART examples): chat FRT ≤ 90 s, FCR ≥ 0.80
// (simple issues), CSAT ≥ 0.85 (internet benchmark), survey response rate ≥ 0.80.
std::vector<KpiTarget> DefaultKpiTargets();

// The metrics a target may name, "csat | nps | …" for messages.
bool IsTargetMetric(const std::string& metric);
std::string TargetMetricNames();

// Parses the list (or {items:[...]}). At most 200 targets; errors name the field
// ("[2].op", "[0].metric"); rates must lie in 0..1, NPS in −100..100, counts and seconds ≥ 0;
// the same metric, channel and team may appear only once.
Result<std::vector<KpiTarget>> KpiTargetsFromValue(const Value& doc);
Value KpiTargetsToValue(const std::vector<KpiTarget>& targets);

// The slice a metrics group describes: its channel and team when fixed.
struct TargetScope {
  std::optional<Channel> channel;
  std::optional<std::string> team;
};
// The target of `metric` that applies to `scope` (most specific), or nullptr.
const KpiTarget* ApplicableTarget(const std::vector<KpiTarget>& targets, const std::string& metric,
                                  const TargetScope& scope);
// Whether `actual` meets `t`.
bool TargetMet(const KpiTarget& t, double actual);

}  // namespace loopdesk
