#pragma once
// SLA policies: which targets apply to a ticket, on which calendar, with which escalation
// ladder (docs/sla.md §3). Plain data plus validation and matching; no I/O.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "domain/enums.h"

namespace loopdesk {

class CalendarSet;

// The wire names of SLA targets and escalation actions.
inline constexpr std::string_view kFirstResponse = "first_response";
inline constexpr std::string_view kNextResponse = "next_response";
inline constexpr std::string_view kResolution = "resolution";
inline constexpr std::string_view kNotifyAssignee = "notify_assignee";
inline constexpr std::string_view kNotifySupervisor = "notify_supervisor";
inline constexpr std::string_view kReassign = "reassign";
inline constexpr std::string_view kEscalate = "escalate";

// Which tickets a policy applies to. An absent field matches anything; a present field must be
// equal (category: exact, case-sensitive string equality).
struct SlaMatch {
  std::optional<Tier> tier;
  std::optional<Priority> priority;
  std::optional<std::string> category;
  std::optional<Channel> channel;

  // The number of present fields (0..4): the more, the more specific.
  int Specificity() const;
};

// One rung of the escalation ladder: when `percent` of the `target`'s business time is
// consumed, the application performs `action`.
struct EscalationStep {
  std::string target;  // "first_response" | "next_response" | "resolution"
  int percent = 100;   // 1..200 (above 100: after the breach)
  std::string action;  // "notify_assignee" | "notify_supervisor" | "reassign" | "escalate"
};

struct SlaPolicy {
  std::string name;
  SlaMatch match;
  int64_t first_response_s = 0;  // business seconds from creation to the first public reply
  int64_t resolution_s = 0;      // business seconds from creation to resolution
  // Business seconds within which each customer message that follows an agent reply must be
  // answered; absent = no next-response target.
  std::optional<int64_t> next_response_s;
  std::string calendar = std::string("24x7");
  std::vector<TicketStatus> pause_on = {TicketStatus::kPending, TicketStatus::kOnHold};
  std::vector<EscalationStep> escalations;
};

// What a policy is matched against: the ticket's current attributes.
struct SlaContext {
  Tier tier = Tier::kBasic;
  Priority priority = Priority::kP3;
  std::string category;
  Channel channel = Channel::kWeb;
};

// The longest target a policy may set: ten years, in seconds.
inline constexpr int64_t kMaxTargetSeconds = int64_t{3650} * 24 * 3600;

// Checks a policy list as stored. Fails with kInvalidArgument naming the first bad field,
// prefixed by the policy's index: "[3].first_response_s" (must be 1..kMaxTargetSeconds),
// "[1].name" (empty or duplicate), "[0].match.category" (present but empty),
// "[2].calendar" (empty, or — when `calendars` is given — unknown), "[0].pause_on[1]"
// (resolved/closed, which stop the clock anyway, or a duplicate),
// "[4].escalations[2].percent" (outside 1..200), ".target" (unknown, or next_response on a
// policy without next_response_s), ".action" (unknown).
Status ValidatePolicies(const std::vector<SlaPolicy>& policies,
                        const CalendarSet* calendars = nullptr);

// The policy that applies to `ctx`: among the policies whose every present match field equals
// the context, the most specific one; on a tie the earliest in the list. nullptr when none
// matches. The pointer points into `policies`.
const SlaPolicy* MatchPolicy(const std::vector<SlaPolicy>& policies, const SlaContext& ctx);

// The default escalation ladder: 50 % notify_assignee, 80 % notify_supervisor, 100 % escalate,
// on first_response and on resolution.
std::vector<EscalationStep> DefaultEscalations();

// The built-in policies (24x7 calendar, pause on pending/on_hold, DefaultEscalations):
//   "strategic"  15 min / 4 h     "high"   30 min / 8 h
//   "growth"     2 h / 24 h       "basic"  24 h / 72 h      (first response / resolution)
// and for P1 (urgent fault) "<tier>-p1", matching tier × P1, with
// min(tier's target, 30 min) / min(tier's target, 4 h). No next-response target.
// Every ticket matches one (each has a tier).
std::vector<SlaPolicy> DefaultPolicies();

}  // namespace loopdesk
