#pragma once
// The SLA clock as a pure function of (timeline, policy, calendar, now) — docs/sla.md §4.
//
// Nothing is stored between calls: the application keeps the ticket's timeline and calls
// ComputeSla whenever it needs the state (on every event, and on scheduler ticks). Re-targeting
// after a priority, tier, category or channel change is calling ComputeSla again with the
// newly matched policy over the same timeline: business time already consumed and time spent
// paused are functions of the timeline, so they are preserved by construction.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/time.h"
#include "domain/enums.h"
#include "sla/calendar.h"
#include "sla/policy.h"

namespace loopdesk {

// What the clock needs to know about a ticket. Instants are UTC ms; anything after `now` (and
// a status change equal to `now`, which takes effect at now) is ignored by ComputeSla.
struct SlaTimeline {
  TimeMs created_at = 0;  // the ticket starts in status `new`
  // Every status change, in time order (ties keep their order), including resolved → reopened.
  std::vector<std::pair<TimeMs, TicketStatus>> status_changes;
  // The first public reply by a human agent. The caller derives it from public, human agent
  // messages only: internal notes, system/automated messages and auto-acknowledgements never
  // count. ComputeSla never infers it from `agent_replies`.
  std::optional<TimeMs> first_response_at;
  // Instants of public human agent replies (any order), for the next-response target.
  std::vector<TimeMs> agent_replies;
  // Instants of customer messages (any order), for the next-response target.
  std::vector<TimeMs> customer_messages;
};

struct SlaTargetState {
  std::string target;  // "first_response" | "next_response" | "resolution"
  int64_t target_s = 0;
  // The instant the consumed business time reaches the target: the breach instant when it is
  // already reached; otherwise projected from now (unmet, running) or from met_at (met).
  // Null while the clock is paused or stopped before reaching the target.
  std::optional<TimeMs> due;
  std::optional<TimeMs> met_at;     // when the target was fulfilled (even late)
  bool breached = false;            // due passed before the target was met (or is still unmet)
  int64_t business_elapsed_ms = 0;  // business time the clock ran, up to met_at or now
  int64_t calendar_elapsed_ms = 0;  // wall-clock time the clock ran (excludes paused/stopped)
  std::string state;                // "ok" | "warning" | "breached" | "met"
};

struct SlaResult {
  std::string policy;
  std::string calendar;
  SlaTargetState first_response;
  SlaTargetState resolution;
  // Present when the policy sets next_response_s. It describes the latest next-response cycle
  // (a customer message after an agent reply); with no cycle yet it is "ok" with no due.
  std::optional<SlaTargetState> next_response;
  int next_response_cycles = 0;    // cycles so far
  int next_response_breaches = 0;  // of which breached (answered late or still overdue)
  // Time spent in a pause_on status between creation and now, in business and wall time.
  int64_t paused_business_ms = 0;
  int64_t paused_calendar_ms = 0;
  bool paused = false;  // the ticket is in a pause_on status at now
  // Worst of the targets: breached > warning > ok > met (an idle next-response is ignored).
  std::string state;
};

// Computes every SLA target of a ticket at `now`. `calendar` must be the policy's calendar.
// `warning_percent` (clamped to 1..100) is the share of a target after which an unmet target
// is in "warning". Never fails: unordered status changes are sorted, instants before
// created_at count as created_at, and anything after now is ignored. Instants are expected in
// the years 1900–9999 (far beyond that the calendar arithmetic may overflow).
SlaResult ComputeSla(const SlaTimeline& timeline, const SlaPolicy& policy, const Calendar& calendar,
                     TimeMs now, int warning_percent = 80);

}  // namespace loopdesk
