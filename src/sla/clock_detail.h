#pragma once
// Internals shared by clock.cc and escalation.cc. Not part of the library's surface.

#include <optional>
#include <string>
#include <vector>

#include "common/time.h"
#include "sla/calendar.h"
#include "sla/clock.h"
#include "sla/policy.h"

namespace loopdesk::sla_detail {

// What the clock does in a status: runs, is paused (pause_on) or is stopped (resolved/closed).
enum class Mode { kRunning, kPaused, kStopped };

struct Segment {
  TimeMs from = 0;
  TimeMs to = 0;  // exclusive
  Mode mode = Mode::kRunning;
};

// The ticket's life from created_at to now cut by status, plus what is true at now.
struct Lifeline {
  TimeMs created_at = 0;
  TimeMs now = 0;  // max(now, created_at)
  std::vector<Segment> segments;
  Mode mode_now = Mode::kRunning;
  std::optional<TimeMs> resolved_at;  // start of the final resolved/closed run, if stopped now
};

Lifeline BuildLifeline(const SlaTimeline& timeline, const SlaPolicy& policy, TimeMs now);

// One target's clock: it starts at `start` and is fulfilled at `met` (≤ now) if ever.
struct Window {
  std::string target;
  int64_t target_s = 0;
  TimeMs start = 0;
  std::optional<TimeMs> met;
};

Window FirstResponseWindow(const SlaTimeline& timeline, const SlaPolicy& policy,
                           const Lifeline& life);
Window ResolutionWindow(const SlaPolicy& policy, const Lifeline& life);
// Every next-response cycle, oldest first (empty when the policy has no next_response_s).
std::vector<Window> NextResponseWindows(const SlaTimeline& timeline, const SlaPolicy& policy,
                                        const Lifeline& life);

struct Walk {
  int64_t business_ms = 0;         // running business time in [start, end)
  int64_t calendar_ms = 0;         // running wall time in [start, end)
  std::optional<TimeMs> crossing;  // when business time reached `threshold_ms`, if it did
};

// Walks the running parts of [w.start, met-or-now).
Walk WalkWindow(const Lifeline& life, const Calendar& cal, const Window& w, int64_t threshold_ms);

// The instant at which `threshold_ms` of the window's business time is (or, running at now,
// will be) consumed; nullopt when not yet reached and the clock is paused or stopped at now.
// For a met window, the projection continues from the met instant.
std::optional<TimeMs> ThresholdInstant(const Lifeline& life, const Calendar& cal, const Window& w,
                                       int64_t threshold_ms);

}  // namespace loopdesk::sla_detail
