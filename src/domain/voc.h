#pragma once
// Voice of the customer: surveys, the notification outbox, early-warning alerts and
// improvement actions (PDCA), with the pure rules that decide on them. Plain values and pure
// functions; no I/O.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/entities.h"

namespace loopdesk {

enum class SurveyKind { kCsat, kNps, kCes };
std::string_view Name(SurveyKind k);
std::optional<SurveyKind> ParseSurveyKind(std::string_view s);
std::string_view SurveyKindNames();  // "csat | nps | ces"

// The answer range of a kind: CSAT 1–5, NPS 0–10, CES 1–7.
struct ScoreRange {
  int min = 0;
  int max = 0;
};
ScoreRange RangeOf(SurveyKind k);
// A score on the common 0–10 scale: CSAT (s−1)×2.5, NPS as is, CES (s−1)×10/6.
double ScaledScore(SurveyKind k, int score);

struct Survey {
  Id id = 0;
  std::string token;  // unguessable; the public link's key
  SurveyKind kind = SurveyKind::kCsat;
  std::optional<Id> ticket_id;
  Id customer_id = 0;
  Channel channel = Channel::kWeb;  // the ticket's channel (or the delivery channel)
  std::string status = "sent";      // sent | answered (expired is derived, see EffectiveStatus)
  TimeMs sent_at = 0;
  TimeMs expires_at = 0;
  std::optional<TimeMs> answered_at;
  std::optional<int> score;
  std::string comment;
  std::string cause;  // feedback cause of the comment (taxonomy label), "" when none
  std::optional<TimeMs> reminder_sent_at;
  std::string language = "zh";  // the customer's language when sent: zh | en
  // The link as sent (absolute when the public base was known then, else "/s/{token}").
  std::string url;
};

// sent | answered | expired: an unanswered survey past expires_at is expired.
std::string EffectiveStatus(const Survey& s, TimeMs now);

// A persisted notification waiting for (or done with) delivery.
struct OutboxMessage {
  Id id = 0;
  std::string channel;    // email | sms | wechat | app: how the customer is reached
  std::string recipient;  // address on that channel
  std::string subject;
  std::string body;               // rendered text (contains the survey link)
  std::string purpose;            // survey | reminder | improvement
  std::optional<Id> survey_id;
  Id customer_id = 0;
  std::string status = "pending";  // pending | sent | failed
  int attempts = 0;
  std::string last_error;
  TimeMs created_at = 0;
  TimeMs next_attempt_at = 0;
  std::optional<TimeMs> sent_at;
};

struct Alert {
  Id id = 0;
  int level = 1;        // 1 | 2 | 3
  std::string reason;   // low_score | very_low_score | repeat_complaint (+ escalated)
  std::optional<Id> ticket_id;
  Id customer_id = 0;
  std::optional<Id> survey_id;
  std::optional<Id> task_id;  // the callback task, when the alert is about a ticket
  std::string owner_role;     // supervisor | expert | csm
  std::string status = "open";  // open | acknowledged | resolved
  std::string outcome;
  std::string detail;  // human-readable why ("CSAT 2/5 (2.5 on 0–10) < 5")
  int escalations = 0;
  TimeMs created_at = 0;
  TimeMs due_at = 0;
  TimeMs updated_at = 0;
  std::optional<TimeMs> resolved_at;
};

// The early-warning thresholds (三级预警), on the 0–10 scale. Defaults from the issue.
struct WarningThresholds {
  double level1_below = 7;
  double level2_below = 5;
  int level1_due_h = 24;
  int level2_due_h = 4;
  int level3_due_h = 24;
  int repeat_window_days = 30;
};

struct WarningDecision {
  int level = 0;
  std::string reason;
  std::string owner_role;
  TimeMs due_at = 0;
};

// The owner role of a level: 1 supervisor, 2 expert, 3 csm.
std::string_view OwnerRoleOfLevel(int level);
// Hours an alert of `level` has before it escalates.
int DueHoursOfLevel(const WarningThresholds& t, int level);
// The warning a survey answer raises: level 2 below level2_below, else level 1 below
// level1_below, else none.
std::optional<WarningDecision> WarnForScore(double scaled, const WarningThresholds& t,
                                            TimeMs now);
// The warning a complaint raises: level 3 when the customer had `earlier_in_window` other
// complaints in the same category within the window, else none.
std::optional<WarningDecision> WarnForComplaint(int earlier_in_window, const WarningThresholds& t,
                                                TimeMs now);
// An unhandled alert past its due time moves one level up (at most 3) with the new level's
// owner and due time; nullopt when it is resolved, not yet due, or already at level 3.
std::optional<WarningDecision> EscalationOf(const Alert& a, const WarningThresholds& t,
                                            TimeMs now);

// Improvement actions (PDCA).
constexpr std::string_view kImprovementStages = "plan | do | check | act";
constexpr std::string_view kImprovementMetrics =
    "csat | complaint_rate | fcr | reopen_rate | resolution_time";
bool IsImprovementStage(std::string_view s);
bool IsImprovementMetric(std::string_view s);

struct MetricScope {
  std::string category;
  std::optional<Channel> channel;
  std::string product;  // the customer owns an order or asset of this product
};

struct Improvement {
  Id id = 0;
  std::string title;
  std::string problem;
  std::vector<Id> ticket_ids;
  std::optional<Id> owner_id;
  std::string plan;
  std::string stage = "plan";
  std::string metric = "csat";
  MetricScope scope;
  int baseline_days = 30;  // the window before change_at (and after it)
  std::optional<TimeMs> change_at;
  std::optional<double> target;
  Value verification;  // the last verdict, null until verified
  TimeMs created_at = 0;
  TimeMs updated_at = 0;
};

// The stored document of an improvement (also its wire form, times as epoch ms under *_at
// keys): {id, title, problem, ticket_ids, owner_id, plan, stage, metric, scope:{category,
// channel, product}, baseline_days, change_at, target, verification, created_at, updated_at}.
Value ImprovementToValue(const Improvement& i);
// The inverse for stored documents; nullopt when the document is not one.
std::optional<Improvement> ImprovementFromValue(const Value& v);

}  // namespace loopdesk
