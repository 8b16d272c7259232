#pragma once
// KPI queries over the fact store (docs/metrics.md has every formula and inclusion rule).
//
// One pass over the columns: rows are filtered (created_at in [from, to), dimension filters),
// assigned to a group (up to two group-by dimensions, e.g. day × channel) and accumulated;
// the ratios are formed at the end. FRT p90 is exact (nearest rank over the group's values).
// When the query groups by day/week/channel only and filters by channel only, the whole UTC
// days inside [from, to) come from the per-(day, channel) pre-aggregates (fact_cube.h) and
// only the partial days at the edges are scanned; the results are identical.
// A ratio whose denominator is 0 is null (nullopt), never 0.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analytics/facts.h"

namespace loopdesk::analytics {

struct KpiFilter {
  std::optional<Channel> channel;
  std::optional<std::string> team;
  std::optional<Id> agent_id;
  std::optional<Tier> tier;
  std::optional<std::string> category;
  std::optional<std::string> region;
};

struct KpiQuery {
  TimeMs from = 0;            // created_at >= from
  TimeMs to = 0;              // created_at < to
  std::vector<Dim> group_by;  // empty or {kNone}: one group; at most two dimensions
  KpiFilter filter;
  TimeMs now = 0;  // running SLA targets with due <= now count as missed
  // Answer whole days from the per-(day, channel) pre-aggregates when the query allows it
  // (same results either way); false forces the raw scan (tests, benchmarks).
  bool use_aggregates = true;
};

// The raw counts of one group; the KPIs are ratios of these (see Kpis()).
struct KpiCounts {
  int64_t tickets = 0;
  int64_t csat_answers = 0, csat_satisfied = 0;                    // scores 4–5
  int64_t nps_answers = 0, nps_promoters = 0, nps_detractors = 0;  // 9–10, 0–6
  int64_t frt_n = 0, frt_sum_s = 0;
  int64_t no_reply_active = 0;  // active tickets without a first reply (FRT "open")
  int64_t resolution_n = 0, resolution_sum_s = 0;
  int64_t resolved = 0, fcr = 0, reopened = 0;
  int64_t sla_response_due = 0, sla_response_met = 0;
  int64_t sla_resolution_due = 0, sla_resolution_met = 0;
  int64_t surveys_sent = 0, surveys_answered = 0;
  int64_t backlog = 0;  // still active now
  int64_t transfers = 0;
  int64_t repeat_requests = 0;
  int64_t complaints = 0, repeat_complaints = 0, converted_complaints = 0;
  std::optional<int64_t> frt_p90_s;

  bool operator==(const KpiCounts&) const = default;
};

struct Kpis {
  int64_t tickets = 0;
  std::optional<double> csat;  // 0–1
  std::optional<double> nps;   // −100..100
  std::optional<double> frt_avg_s, frt_p90_s, resolution_avg_s;
  std::optional<double> fcr, reopen_rate;
  std::optional<double> sla_response_attainment, sla_resolution_attainment;
  std::optional<double> survey_response_rate;
  int64_t backlog = 0;
  int64_t open_without_reply = 0;
  std::optional<double> transfers_per_ticket;
  std::optional<double> repeat_request_rate;
  std::optional<double> complaint_rate;             // complaints ÷ tickets
  std::optional<double> repeat_complaint_rate;      // repeat complaints ÷ complaints
  std::optional<double> complaint_conversion_rate;  // converted ÷ tickets (contacts)

  bool operator==(const Kpis&) const = default;
};
Kpis KpisOf(const KpiCounts& c);

// A group's key: one string per group-by dimension ("2026-03-01", "2026-W09", "email",
// "7" for an agent id, "" for a ticket without team/agent/category/region).
struct KpiGroup {
  std::vector<std::string> key;
  KpiCounts counts;
  Kpis kpis;
};

// The metrics a drill-down can name: which tickets are behind the number (the metric's
// denominator) and which of those count toward it (`hit`).
enum class Metric : uint8_t {
  kTickets,
  kCsat,
  kNps,
  kFrt,
  kResolution,
  kFcr,
  kReopenRate,
  kSlaResponse,
  kSlaResolution,
  kSurveyResponseRate,
  kBacklog,
  kTransfers,
  kRepeatRequest,
  kComplaint,
  kRepeatComplaint,
  kComplaintConversion
};
std::optional<Metric> ParseMetric(std::string_view s);
std::string_view MetricNames();

struct DrillRow {
  Id ticket_id = 0;
  bool hit = false;
  std::optional<int64_t> value;  // FRT/resolution seconds, survey score, transfers
};

class KpiEngine {
 public:
  explicit KpiEngine(const FactStore& store) : store_(store) {}
  // Groups in key order (time dimensions ascending, others by name); only groups with at
  // least one ticket appear, except `none`, which always yields exactly one group.
  std::vector<KpiGroup> Run(const KpiQuery& q) const;
  // Tickets behind `metric` in the query's slice (group_by is ignored; add filters for a
  // group), ticket id descending, those with id < before_id (0 = from the newest), at most
  // `limit`. `more` is set when another page exists.
  std::vector<DrillRow> DrillDown(const KpiQuery& q, Metric metric, Id before_id, int limit,
                                  bool* more) const;

 private:
  const FactStore& store_;
};

}  // namespace loopdesk::analytics
