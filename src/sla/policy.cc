#include "sla/policy.h"

#include <algorithm>

#include "sla/calendar.h"

namespace loopdesk {
namespace {

bool IsTarget(std::string_view s) {
  return s == kFirstResponse || s == kNextResponse || s == kResolution;
}

bool IsAction(std::string_view s) {
  return s == kNotifyAssignee || s == kNotifySupervisor || s == kReassign || s == kEscalate;
}

Status CheckTarget(int64_t seconds, const std::string& field) {
  if (seconds < 1 || seconds > kMaxTargetSeconds) {
    return Status::Invalid("a target must be between 1 second and 10 years (" +
                               std::to_string(kMaxTargetSeconds) + " s), got " +
                               std::to_string(seconds),
                           field);
  }
  return Status::Ok();
}

Status ValidateOne(const SlaPolicy& p, const std::string& at, const CalendarSet* calendars) {
  if (p.name.empty()) return Status::Invalid("a policy needs a name", at + ".name");
  if (p.match.category && p.match.category->empty()) {
    return Status::Invalid("an empty category matches nothing; omit the field to match any",
                           at + ".match.category");
  }
  LD_RETURN_IF_ERROR(CheckTarget(p.first_response_s, at + ".first_response_s"));
  if (p.next_response_s) {
    LD_RETURN_IF_ERROR(CheckTarget(*p.next_response_s, at + ".next_response_s"));
  }
  LD_RETURN_IF_ERROR(CheckTarget(p.resolution_s, at + ".resolution_s"));
  if (p.calendar.empty()) {
    return Status::Invalid("a policy needs a calendar (\"24x7\" for round the clock)",
                           at + ".calendar");
  }
  if (calendars != nullptr && calendars->Find(p.calendar) == nullptr) {
    return Status::Invalid("unknown calendar \"" + p.calendar + "\"", at + ".calendar");
  }
  for (size_t i = 0; i < p.pause_on.size(); ++i) {
    const std::string field = at + ".pause_on[" + std::to_string(i) + "]";
    const TicketStatus s = p.pause_on[i];
    if (s == TicketStatus::kResolved || s == TicketStatus::kClosed) {
      return Status::Invalid(std::string(Name(s)) + " already stops the clock; it cannot pause it",
                             field);
    }
    if (std::find(p.pause_on.begin(), p.pause_on.begin() + static_cast<std::ptrdiff_t>(i), s) !=
        p.pause_on.begin() + static_cast<std::ptrdiff_t>(i)) {
      return Status::Invalid("duplicate status " + std::string(Name(s)), field);
    }
  }
  for (size_t i = 0; i < p.escalations.size(); ++i) {
    const EscalationStep& e = p.escalations[i];
    const std::string field = at + ".escalations[" + std::to_string(i) + "]";
    if (!IsTarget(e.target)) {
      return Status::Invalid(
          "unknown target \"" + e.target + "\" (first_response | next_response | resolution)",
          field + ".target");
    }
    if (e.target == kNextResponse && !p.next_response_s) {
      return Status::Invalid("the policy has no next_response_s target to escalate",
                             field + ".target");
    }
    if (e.percent < 1 || e.percent > 200) {
      return Status::Invalid("percent must be 1..200, got " + std::to_string(e.percent),
                             field + ".percent");
    }
    if (!IsAction(e.action)) {
      return Status::Invalid("unknown action \"" + e.action +
                                 "\" (notify_assignee | notify_supervisor | reassign | escalate)",
                             field + ".action");
    }
  }
  return Status::Ok();
}

}  // namespace

int SlaMatch::Specificity() const {
  return static_cast<int>(tier.has_value()) + static_cast<int>(priority.has_value()) +
         static_cast<int>(category.has_value()) + static_cast<int>(channel.has_value());
}

Status ValidatePolicies(const std::vector<SlaPolicy>& policies, const CalendarSet* calendars) {
  for (size_t i = 0; i < policies.size(); ++i) {
    const std::string at = "[" + std::to_string(i) + "]";
    LD_RETURN_IF_ERROR(ValidateOne(policies[i], at, calendars));
    for (size_t j = 0; j < i; ++j) {
      if (policies[j].name == policies[i].name) {
        return Status::Invalid(
            "duplicate policy name \"" + policies[i].name + "\" (also [" + std::to_string(j) + "])",
            at + ".name");
      }
    }
  }
  return Status::Ok();
}

const SlaPolicy* MatchPolicy(const std::vector<SlaPolicy>& policies, const SlaContext& ctx) {
  const SlaPolicy* best = nullptr;
  int best_score = -1;
  for (const SlaPolicy& p : policies) {
    const SlaMatch& m = p.match;
    if (m.tier && *m.tier != ctx.tier) continue;
    if (m.priority && *m.priority != ctx.priority) continue;
    if (m.category && *m.category != ctx.category) continue;
    if (m.channel && *m.channel != ctx.channel) continue;
    const int score = m.Specificity();
    if (score > best_score) {  // strict: an equally specific later policy never wins
      best = &p;
      best_score = score;
    }
  }
  return best;
}

std::vector<EscalationStep> DefaultEscalations() {
  std::vector<EscalationStep> out;
  for (std::string_view target : {kFirstResponse, kResolution}) {
    out.push_back({std::string(target), 50, std::string(kNotifyAssignee)});
    out.push_back({std::string(target), 80, std::string(kNotifySupervisor)});
    out.push_back({std::string(target), 100, std::string(kEscalate)});
  }
  return out;
}

std::vector<SlaPolicy> DefaultPolicies() {
  constexpr int64_t kMin = 60, kHour = 3600;
  struct Row {
    Tier tier;
    int64_t first_response_s, resolution_s;
  };
  const Row rows[] = {{Tier::kStrategic, 15 * kMin, 4 * kHour},
                      {Tier::kHigh, 30 * kMin, 8 * kHour},
                      {Tier::kGrowth, 2 * kHour, 24 * kHour},
                      {Tier::kBasic, 24 * kHour, 72 * kHour}};
  std::vector<SlaPolicy> out;
  for (const Row& r : rows) {
    SlaPolicy p;
    p.name = std::string(Name(r.tier));
    p.match.tier = r.tier;
    p.first_response_s = r.first_response_s;
    p.resolution_s = r.resolution_s;
    p.escalations = DefaultEscalations();
    out.push_back(p);
  }
  // P1 (urgent fault) tightens any tier to at most 30 min / 4 h (DESIGN.md §1 C).
  for (const Row& r : rows) {
    SlaPolicy p;
    p.name = std::string(Name(r.tier)) + "-p1";
    p.match.tier = r.tier;
    p.match.priority = Priority::kP1;
    p.first_response_s = std::min<int64_t>(r.first_response_s, 30 * kMin);
    p.resolution_s = std::min<int64_t>(r.resolution_s, 4 * kHour);
    p.escalations = DefaultEscalations();
    out.push_back(p);
  }
  return out;
}

}  // namespace loopdesk
