#pragma once
// The voice-of-the-customer part of the store port (surveys, outbox, alerts, complaints,
// improvements), reached through UnitOfWork::voc(). Same contract as store.h: valid only
// inside the transaction of its UnitOfWork; Insert* assign `id`; Get* → kNotFound.

#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "domain/voc.h"

namespace loopdesk {

struct SurveyFilter {
  std::optional<Id> customer_id;
  std::optional<Id> ticket_id;
  std::string status;  // "" | sent | answered | expired (expired/sent are judged at `now`)
  TimeMs now = 0;
  Id before_id = 0;  // cursor; newest first
  int limit = 50;
};

struct AlertFilter {
  std::optional<int> level;
  std::string status;  // "" | open | acknowledged | resolved
  std::optional<Id> customer_id;
  std::optional<Id> ticket_id;
  std::string owner_role;
  Id before_id = 0;  // cursor; newest first
  int limit = 50;
};

// Survey counts of one group for the response-rate statistics.
struct SurveyGroupCounts {
  std::string key;
  int64_t sent = 0;      // every survey sent in the period (answered ones included)
  int64_t answered = 0;
  int64_t csat_answers = 0;
  int64_t csat_satisfied = 0;  // CSAT 4–5
  int64_t nps_answers = 0;
  int64_t nps_promoters = 0;   // 9–10
  int64_t nps_detractors = 0;  // 0–6
};

// One sample of an improvement metric over a window: n cases, `successes` among them (rates)
// and the sum and sum of squares of the values (times, in seconds).
struct MetricSample {
  int64_t n = 0;
  int64_t successes = 0;
  double sum = 0;
  double sum_sq = 0;
};

class VocStore {
 public:
  virtual ~VocStore() = default;

  // Surveys. The token is unique (kConflict on a clash).
  virtual Status InsertSurvey(Survey& s) = 0;
  virtual Status UpdateSurvey(const Survey& s) = 0;
  virtual Result<Survey> GetSurvey(Id id) = 0;
  virtual Result<std::optional<Survey>> FindSurveyByToken(const std::string& token) = 0;
  // The newest survey of this kind for the ticket, if any.
  virtual Result<std::optional<Survey>> FindTicketSurvey(Id ticket_id, SurveyKind kind) = 0;
  // When this customer was last sent a survey of `kind`, if ever.
  virtual Result<std::optional<TimeMs>> LastSurveySentAt(Id customer_id, SurveyKind kind) = 0;
  virtual Result<std::vector<Survey>> ListSurveys(const SurveyFilter& f) = 0;
  // Unanswered, unexpired surveys sent at or before `sent_before` that got no reminder yet.
  virtual Result<std::vector<Survey>> SurveysNeedingReminder(TimeMs sent_before, TimeMs now,
                                                             int limit) = 0;
  // Counts of surveys sent in [from, to) grouped by `group_by` (channel | team | none).
  virtual Result<std::vector<SurveyGroupCounts>> CountSurveys(TimeMs from, TimeMs to,
                                                              const std::string& group_by) = 0;

  // Outbox. ListOutbox: newest first, status "" = any. DueOutbox: pending with
  // next_attempt_at <= now, oldest first.
  virtual Status InsertOutbox(OutboxMessage& m) = 0;
  virtual Status UpdateOutbox(const OutboxMessage& m) = 0;
  virtual Result<std::vector<OutboxMessage>> ListOutbox(const std::string& status, Id before_id,
                                                        int limit) = 0;
  // `webhooks_only`: only channel "webhook" (they carry their own URL; used when no
  // notification endpoint is configured).
  virtual Result<std::vector<OutboxMessage>> DueOutbox(TimeMs now, int limit,
                                                       bool webhooks_only) = 0;

  // Alerts. DueAlerts: not resolved, below level 3, due_at <= now, oldest due first.
  virtual Status InsertAlert(Alert& a) = 0;
  virtual Status UpdateAlert(const Alert& a) = 0;
  virtual Result<Alert> GetAlert(Id id) = 0;
  virtual Result<std::vector<Alert>> ListAlerts(const AlertFilter& f) = 0;
  virtual Result<std::vector<Alert>> DueAlerts(TimeMs now, int limit) = 0;
  virtual Result<std::optional<TimeMs>> NextAlertDueAt() = 0;

  // Complaints: one record per ticket (kConflict when the ticket is already recorded).
  virtual Status InsertComplaint(Id ticket_id, Id customer_id, const std::string& category,
                                 TimeMs at) = 0;
  // Complaints of the customer in `category` at or after `since`, other than `ticket_id`.
  virtual Result<int64_t> CountComplaints(Id customer_id, const std::string& category,
                                          TimeMs since, Id except_ticket_id) = 0;

  // Improvement actions, newest first.
  virtual Status InsertImprovement(Improvement& i) = 0;
  virtual Status UpdateImprovement(const Improvement& i) = 0;
  virtual Result<Improvement> GetImprovement(Id id) = 0;
  virtual Result<std::vector<Improvement>> ListImprovements(Id before_id, int limit) = 0;
  // The metric (domain/voc.h kImprovementMetrics) over [from, to) on `scope`.
  virtual Result<MetricSample> SampleMetric(const std::string& metric, const MetricScope& scope,
                                            TimeMs from, TimeMs to) = 0;
};

}  // namespace loopdesk
