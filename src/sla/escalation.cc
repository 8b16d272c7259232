#include "sla/escalation.h"

#include <algorithm>
#include <optional>

#include "sla/clock_detail.h"

namespace loopdesk {

std::vector<Notice> PlanNotices(const SlaTimeline& timeline, const SlaPolicy& policy,
                                const Calendar& calendar, TimeMs now) {
  using sla_detail::Window;
  const sla_detail::Lifeline life = sla_detail::BuildLifeline(timeline, policy, now);
  std::optional<Window> windows[3] = {sla_detail::FirstResponseWindow(timeline, policy, life),
                                      sla_detail::ResolutionWindow(policy, life), std::nullopt};
  const std::vector<Window> cycles = sla_detail::NextResponseWindows(timeline, policy, life);
  if (!cycles.empty()) windows[2] = cycles.back();

  std::vector<Notice> out;
  for (const EscalationStep& step : policy.escalations) {
    const Window* w = nullptr;
    for (const auto& candidate : windows) {
      if (candidate && candidate->target == step.target) w = &*candidate;
    }
    if (w == nullptr || w->met) continue;  // unknown target, no open cycle, or already met
    // A resolved or closed ticket needs no escalation, even of a target it never met.
    if (life.mode_now == sla_detail::Mode::kStopped) continue;
    // percent % of target_s seconds, in ms: target_s * 1000 * percent / 100, exact.
    const int64_t threshold_ms = w->target_s * 10 * step.percent;
    const auto at = sla_detail::ThresholdInstant(life, calendar, *w, threshold_ms);
    if (!at) continue;
    out.push_back({step.target, step.percent, step.action, *at});
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const Notice& a, const Notice& b) { return a.at < b.at; });
  return out;
}

}  // namespace loopdesk
