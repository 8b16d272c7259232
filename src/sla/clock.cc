#include "sla/clock.h"

#include <algorithm>

#include "sla/clock_detail.h"

namespace loopdesk {
namespace sla_detail {
namespace {

Mode ModeOf(TicketStatus s, const SlaPolicy& policy) {
  if (s == TicketStatus::kResolved || s == TicketStatus::kClosed) return Mode::kStopped;
  if (std::find(policy.pause_on.begin(), policy.pause_on.end(), s) != policy.pause_on.end()) {
    return Mode::kPaused;
  }
  return Mode::kRunning;
}

// Instants ≤ now, clamped to ≥ created_at, sorted.
std::vector<TimeMs> Clip(const std::vector<TimeMs>& in, const Lifeline& life) {
  std::vector<TimeMs> out;
  for (TimeMs t : in) {
    if (t <= life.now) out.push_back(std::max(t, life.created_at));
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

Lifeline BuildLifeline(const SlaTimeline& timeline, const SlaPolicy& policy, TimeMs now) {
  Lifeline life;
  life.created_at = timeline.created_at;
  life.now = std::max(now, timeline.created_at);
  auto changes = timeline.status_changes;
  std::stable_sort(changes.begin(), changes.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  TimeMs from = life.created_at;
  Mode mode = ModeOf(TicketStatus::kNew, policy);
  std::optional<TimeMs> stop_start;
  for (const auto& [at_raw, status] : changes) {
    const TimeMs at = std::max(at_raw, life.created_at);
    if (at > life.now) break;
    const Mode next = ModeOf(status, policy);
    if (at > from) life.segments.push_back({from, at, mode});
    if (next == Mode::kStopped && mode != Mode::kStopped) stop_start = at;
    from = std::max(from, at);
    mode = next;
  }
  if (life.now > from) life.segments.push_back({from, life.now, mode});
  life.mode_now = mode;
  if (mode == Mode::kStopped) life.resolved_at = stop_start;
  return life;
}

Window FirstResponseWindow(const SlaTimeline& timeline, const SlaPolicy& policy,
                           const Lifeline& life) {
  Window w{std::string(kFirstResponse), policy.first_response_s, life.created_at, std::nullopt};
  if (timeline.first_response_at && *timeline.first_response_at <= life.now) {
    w.met = std::max(*timeline.first_response_at, life.created_at);
  }
  return w;
}

Window ResolutionWindow(const SlaPolicy& policy, const Lifeline& life) {
  return {std::string(kResolution), policy.resolution_s, life.created_at, life.resolved_at};
}

std::vector<Window> NextResponseWindows(const SlaTimeline& timeline, const SlaPolicy& policy,
                                        const Lifeline& life) {
  std::vector<Window> out;
  if (!policy.next_response_s) return out;
  std::vector<TimeMs> replies = Clip(timeline.agent_replies, life);
  if (timeline.first_response_at && *timeline.first_response_at <= life.now) {
    replies.push_back(std::max(*timeline.first_response_at, life.created_at));
    std::sort(replies.begin(), replies.end());
  }
  const std::vector<TimeMs> customer = Clip(timeline.customer_messages, life);
  for (size_t i = 0; i < customer.size(); ++i) {
    const TimeMs c = customer[i];
    const auto answer = std::lower_bound(replies.begin(), replies.end(), c);  // first reply ≥ c
    if (answer == replies.begin()) continue;  // before any reply: the first response covers it
    const TimeMs prev_reply = *(answer - 1);  // latest reply < c
    if (i > 0 && customer[i - 1] > prev_reply) continue;  // an earlier message opened this cycle
    Window w{std::string(kNextResponse), *policy.next_response_s, c, std::nullopt};
    if (answer != replies.end()) w.met = *answer;
    out.push_back(std::move(w));
  }
  return out;
}

Walk WalkWindow(const Lifeline& life, const Calendar& cal, const Window& w, int64_t threshold_ms) {
  Walk walk;
  const TimeMs end = w.met ? std::max(*w.met, w.start) : life.now;
  for (const Segment& seg : life.segments) {
    if (seg.mode != Mode::kRunning) continue;
    const TimeMs a = std::max(seg.from, w.start);
    const TimeMs b = std::min(seg.to, end);
    if (a >= b) continue;
    const int64_t business = cal.BusinessBetween(a, b);
    if (!walk.crossing && threshold_ms > 0 && walk.business_ms + business >= threshold_ms) {
      walk.crossing = cal.AddBusiness(a, threshold_ms - walk.business_ms);
    }
    walk.business_ms += business;
    walk.calendar_ms += b - a;
  }
  return walk;
}

std::optional<TimeMs> ThresholdInstant(const Lifeline& life, const Calendar& cal, const Window& w,
                                       int64_t threshold_ms) {
  const Walk walk = WalkWindow(life, cal, w, threshold_ms);
  if (walk.crossing) return walk.crossing;
  const int64_t remaining = threshold_ms - walk.business_ms;
  if (w.met) return cal.AddBusiness(std::max(*w.met, w.start), remaining);
  if (life.mode_now == Mode::kRunning) return cal.AddBusiness(life.now, remaining);
  return std::nullopt;
}

}  // namespace sla_detail

namespace {

using sla_detail::Lifeline;
using sla_detail::Mode;
using sla_detail::Window;

int Rank(const std::string& state) {  // higher = worse
  if (state == "breached") return 3;
  if (state == "warning") return 2;
  if (state == "ok") return 1;
  return 0;  // met
}

SlaTargetState Evaluate(const Lifeline& life, const Calendar& cal, const Window& w,
                        int warning_percent) {
  SlaTargetState st;
  st.target = w.target;
  st.target_s = w.target_s;
  st.met_at = w.met;
  const int64_t target_ms = w.target_s * kSecondMs;
  const sla_detail::Walk walk = sla_detail::WalkWindow(life, cal, w, target_ms);
  st.business_elapsed_ms = walk.business_ms;
  st.calendar_elapsed_ms = walk.calendar_ms;
  if (walk.crossing) {
    st.due = walk.crossing;
  } else if (w.met) {
    st.due = cal.AddBusiness(std::max(*w.met, w.start), target_ms - walk.business_ms);
  } else if (life.mode_now == Mode::kRunning) {
    st.due = cal.AddBusiness(life.now, target_ms - walk.business_ms);
  }
  const TimeMs judged_at = w.met ? *w.met : life.now;
  st.breached = st.due.has_value() && judged_at > *st.due;
  if (st.breached) {
    st.state = "breached";
  } else if (w.met) {
    st.state = "met";
  } else {
    // A stopped clock (resolved without this target met) has nothing left to warn about.
    const bool warn =
        life.mode_now != Mode::kStopped && walk.business_ms * 100 >= target_ms * warning_percent;
    st.state = warn ? "warning" : "ok";
  }
  return st;
}

}  // namespace

SlaResult ComputeSla(const SlaTimeline& timeline, const SlaPolicy& policy, const Calendar& calendar,
                     TimeMs now, int warning_percent) {
  warning_percent = std::clamp(warning_percent, 1, 100);
  const Lifeline life = sla_detail::BuildLifeline(timeline, policy, now);
  SlaResult r;
  r.policy = policy.name;
  r.calendar = calendar.name();
  r.first_response = Evaluate(
      life, calendar, sla_detail::FirstResponseWindow(timeline, policy, life), warning_percent);
  r.resolution =
      Evaluate(life, calendar, sla_detail::ResolutionWindow(policy, life), warning_percent);
  int worst = std::max(Rank(r.first_response.state), Rank(r.resolution.state));
  if (policy.next_response_s) {
    const std::vector<Window> cycles = sla_detail::NextResponseWindows(timeline, policy, life);
    r.next_response_cycles = static_cast<int>(cycles.size());
    for (const Window& w : cycles) {
      SlaTargetState st = Evaluate(life, calendar, w, warning_percent);
      if (st.breached) ++r.next_response_breaches;
      r.next_response = std::move(st);  // the latest cycle is the one reported
    }
    if (r.next_response) {
      worst = std::max(worst, Rank(r.next_response->state));
    } else {
      SlaTargetState idle;
      idle.target = std::string(kNextResponse);
      idle.target_s = *policy.next_response_s;
      idle.state = "ok";
      r.next_response = std::move(idle);
    }
  }
  for (const sla_detail::Segment& seg : life.segments) {
    if (seg.mode != Mode::kPaused) continue;
    r.paused_business_ms += calendar.BusinessBetween(seg.from, seg.to);
    r.paused_calendar_ms += seg.to - seg.from;
  }
  r.paused = life.mode_now == Mode::kPaused;
  static const char* const kStates[] = {"met", "ok", "warning", "breached"};
  r.state = kStates[worst];
  return r;
}

}  // namespace loopdesk
