#pragma once
// Customer journey (docs/reports.md "Customer journey"): every customer's touchpoints placed
// into the stages purchase → delivery_installation → use → repair → warranty_end → renewal,
// and the aggregate per stage behind GET /api/v1/reports/journey. Pure: the caller reads the
// rows from the store.
//
// Stage of a ticket or survey answer at time t (first rule that applies):
//   delivery_installation  ticket category `delivery` or `installation`
//   renewal                within 60 days after a renewal order (an order placed after the
//                          warranty end of one of the customer's assets)
//   warranty_end           within 30 days before or after a warranty end
//   purchase               within 7 days after an order
//   repair                 ticket category `technical`, or channel `onsite`
//   use                    anything else
// Orders are touchpoints of stage `renewal` when placed after a warranty end of the customer,
// else `purchase`; an installation (asset installed_at) is `delivery_installation`; a
// warranty end is `warranty_end`.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/time.h"
#include "domain/entities.h"

namespace loopdesk::analytics {

inline constexpr TimeMs kJourneyPurchaseMs = 7 * kDayMs;
inline constexpr TimeMs kJourneyWarrantyMs = 30 * kDayMs;
inline constexpr TimeMs kJourneyRenewalMs = 60 * kDayMs;
inline constexpr TimeMs kJourneyRepeatMs = 7 * kDayMs;
inline constexpr int kJourneyChurnDays = 180;

// The six stages in journey order.
const std::vector<std::string>& JourneyStages();

struct JourneyTicket {
  Id id = 0;
  TimeMs at = 0;
  std::string channel;
  std::string category;
  bool complaint = false;  // category complaint, or recorded as a complaint
};
struct JourneyOrder {
  Id id = 0;
  TimeMs at = 0;
  double amount = 0;
  std::string product;
};
struct JourneyAsset {
  Id id = 0;
  std::string product;
  std::optional<TimeMs> installed_at, warranty_end;
};
struct JourneySurvey {
  Id id = 0;
  TimeMs at = 0;  // answered
  std::string kind;
  int score = 0;
};

// One customer's history (all times, every list in time order).
struct JourneyInput {
  Id customer_id = 0;
  std::vector<JourneyTicket> tickets;
  std::vector<JourneyOrder> orders;
  std::vector<JourneyAsset> assets;
  std::vector<JourneySurvey> surveys;
};

struct Touchpoint {
  TimeMs at = 0;
  std::string kind;  // order | installation | ticket | survey | warranty_end
  std::string stage;
  Id ref_id = 0;
  std::string detail;  // channel/category, product, kind:score
  bool complaint = false, repeat = false, negative = false;
};

// The customer's touchpoints at or before `until`, in time order (ties: by kind, ref).
std::vector<Touchpoint> CustomerTimeline(const JourneyInput& in, TimeMs until);

struct StageStats {
  std::string stage;
  int64_t touchpoints = 0, customers = 0, contacts = 0, complaints = 0, repeat_contacts = 0,
          surveys = 0, negative_surveys = 0, orders = 0, churned = 0;
  std::optional<double> complaint_rate() const;  // complaints ÷ contacts
  std::optional<double> repeat_rate() const;     // repeat_contacts ÷ contacts
  std::optional<double> negative_survey_rate() const;
};

struct JourneyReport {
  std::vector<StageStats> stages;  // JourneyStages() order
  int64_t customers = 0;           // with a touchpoint in the period
  int64_t churned = 0;             // see ComputeJourney
  std::vector<std::string> breakpoints;  // stages by complaint_rate + repeat_rate, top 3
};

// A touchpoint reduced to what the per-stage aggregate needs (16 bytes): kind and stage as
// indexes (JourneyStages() order for the stage).
enum class TouchKind : uint8_t { kOrder, kInstallation, kTicket, kSurvey, kWarrantyEnd };
struct CompactTouchpoint {
  TimeMs at = 0;
  TouchKind kind = TouchKind::kOrder;
  uint8_t stage = 0;
  bool complaint = false, repeat = false, negative = false;
};
// CustomerTimeline(in, until) in compact form (same touchpoints, same order).
std::vector<CompactTouchpoint> CompactTimeline(const JourneyInput& in, TimeMs until);

// The per-stage aggregate of ComputeJourney, fed one customer's timeline at a time. A
// customer's full timeline (every touchpoint, any time) may be given: only its touchpoints
// before `to` count, which is what CustomerTimeline(rows before `to`, to − 1) holds, since a
// touchpoint's stage and flags depend only on what happened before it (and on the assets).
class JourneyAccumulator {
 public:
  JourneyAccumulator(TimeMs from, TimeMs to, int churn_days = kJourneyChurnDays);
  // `timeline` in time order (CompactTimeline).
  void Add(const std::vector<CompactTouchpoint>& timeline);
  JourneyReport Finish() &&;

 private:
  TimeMs from_, to_, silent_since_;
  JourneyReport r_;
};

// Aggregates touchpoints in [from, to). A customer is churned when it had an order or ticket
// before `to` but none in the `churn_days` before `to`; it counts at the stage of its last
// order or ticket.
JourneyReport ComputeJourney(const std::vector<JourneyInput>& customers, TimeMs from, TimeMs to,
                             int churn_days = kJourneyChurnDays);

}  // namespace loopdesk::analytics
