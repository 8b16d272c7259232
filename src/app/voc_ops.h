#pragma once
// The voice-of-the-customer use cases, run inside an Operations transaction like the core
// ones (same UnitOfWork, events appended to the same log). They read their settings from
// OpsContext::voc; without it (unit tests of the core, tools) the hooks do nothing.
//
// Errors: kInvalidArgument naming the field, kNotFound for an unknown survey/alert/
// improvement, kConflict for a second answer or a refused change, kGone for an expired
// survey link.

#include <optional>
#include <string>

#include "app/feedback.h"
#include "app/operations.h"
#include "app/voc_settings.h"
#include "domain/verify_stats.h"

namespace loopdesk {

// Called by the core after a ticket was created (`before` null) or changed and stored:
// a move to resolved sends the CSAT survey (once per ticket, when the settings allow it);
// a complaint (category "complaint" or complaint text) is recorded once per ticket, and a
// repeat complaint raises a level-3 alert.
Status VocAfterTicketChange(Operations& ops, const Ticket* before, const Ticket& t, TimeMs now);

struct SurveyRequest {
  SurveyKind kind = SurveyKind::kNps;
  Id customer_id = 0;
  std::optional<Id> ticket_id;
};

// Creates a survey with a fresh token, its outbox message (unless `bulk`) and survey.sent.
// NPS: kConflict when the customer was sent one within nps_fatigue_days. CSAT needs a
// ticket of that customer; kConflict when the ticket already has one.
Result<Survey> SendSurvey(Operations& ops, const Actor& actor, const SurveyRequest& in,
                          TimeMs now);

// The public link of a survey: the one sent when it was absolute, else the current base
// (settings public_base_url, or the listen address) + "/s/{token}".
std::string SurveyUrl(const Operations& ops, const Survey& s);

// The question shown for a kind in a language (zh | en).
std::string SurveyQuestion(SurveyKind kind, const std::string& language);

// A public answer: kNotFound for an unknown token, kGone when expired, kConflict when
// already answered, kInvalidArgument ("score") out of range. Classifies the comment,
// records survey.answered and raises the early warning the score calls for.
Result<Survey> AnswerSurvey(Operations& ops, const std::string& token, int score,
                            const std::string& comment, TimeMs now);

// Raises an alert (with a callback task when it is about a ticket) and records
// alert.created.
Result<Alert> RaiseAlert(Operations& ops, const WarningDecision& d, Id customer_id,
                         std::optional<Id> ticket_id, std::optional<Id> survey_id,
                         const std::string& detail, TimeMs now);

// acknowledged | resolved (resolving needs an outcome); records alert.updated.
Result<Alert> ChangeAlert(Operations& ops, const Actor& actor, Id id, const std::string& status,
                          const std::string& outcome, TimeMs now);

// Moves an unhandled alert past its due time one level up (re-read inside the
// transaction; does nothing when it was handled meanwhile). Returns true when it moved.
Result<bool> EscalateAlert(Operations& ops, Id alert_id, TimeMs now);

// Queues the one reminder of an unanswered survey (once per survey).
Status SendSurveyReminder(Operations& ops, Id survey_id, TimeMs now);

// Improvements (PDCA). The body is the wire form (domain/voc.h ImprovementToValue) without
// id, verification and times; on update only the keys given change.
Result<Improvement> SaveImprovement(Operations& ops, const Actor& actor, Id id, const Value& body,
                                    TimeMs now);
// Before/after on the same scope around change_at (baseline_days each side, the "after"
// window ending at `now` at the latest), with sample sizes and a two-proportion z-test
// (rates) or Welch's t-test (resolution time); stores the verdict and records
// improvement.verified.
Result<Improvement> VerifyImprovement(Operations& ops, const Actor& actor, Id id, TimeMs now);
// Tells the customers of the improvement's linked tickets what changed: one outbox message
// per customer (purpose "improvement"), `message` or a default text in their language, and
// improvement.notified. Returns how many messages were queued; kConflict when no ticket is
// linked.
Result<int> NotifyImprovementCustomers(Operations& ops, const Actor& actor, Id id,
                                       const std::string& message, TimeMs now);

}  // namespace loopdesk
