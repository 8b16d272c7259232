#pragma once
// Escalation planning: when each rung of a policy's escalation ladder fires (docs/sla.md §5).
// Pure; the application's scheduler turns notices into actions and remembers which fired.

#include <string>
#include <vector>

#include "common/time.h"
#include "sla/calendar.h"
#include "sla/clock.h"
#include "sla/policy.h"

namespace loopdesk {

struct Notice {
  std::string target;  // "first_response" | "next_response" | "resolution"
  int percent = 0;
  std::string action;
  TimeMs at = 0;  // when `percent` of the target's business time is (or will be) consumed
};

// The instants at which the policy's escalation steps fire, sorted by `at` (ties in the
// policy's step order). A step fires when `percent` % of its target's business time has been
// consumed; business time flows only in open hours, so a notice of a business-hours calendar
// lands inside working hours by construction (at most exactly at a closing time, never at
// 3 a.m.; only a 24x7 calendar can place one at night).
//
// Included: steps of targets not met yet, both past (at ≤ now: the scheduler fires those it
// has not fired yet, deduplicating by (target, percent, action)) and future (projected from
// now while the clock runs). Excluded: targets already met (even late), steps whose instant is
// unknown because the clock is paused or stopped before reaching them (they reappear when the
// clock resumes), every step while the ticket is resolved or closed, and next_response steps
// while no next-response cycle is open.
std::vector<Notice> PlanNotices(const SlaTimeline& timeline, const SlaPolicy& policy,
                                const Calendar& calendar, TimeMs now);

}  // namespace loopdesk
