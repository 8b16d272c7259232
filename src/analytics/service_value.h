#pragma once
// Service value and ROI (docs/reports.md "Service value"): the pure computation behind
// GET /api/v1/reports/service-value. The caller (app/cust_service.cc) reads the rows of one
// period from the store; everything here is arithmetic over them, with the formulas named
// in docs/reports.md (and repeated in the response's `formulas`).

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/time.h"
#include "domain/entities.h"

namespace loopdesk::analytics {

// The cost model (config "cost_model"). Maps are keyed by team / channel name; "*" is the
// default for any key not listed.
struct CostModel {
  std::string currency = "CNY";
  std::map<std::string, double> agent_hourly_cost{{"*", 60}};  // per team
  std::map<std::string, double> cost_per_contact{{"*", 5}};    // per channel (telephony, fees)
  std::map<std::string, double> handle_minutes{{"*", 12}};     // agent minutes per contact
  double minutes_saved_per_rule_action = 3;     // each rule firing (its actions)
  double minutes_saved_per_auto_assignment = 2;  // each automatic assignment
  double repeat_contacts_avoided_per_fcr = 1;   // follow-up contacts a first-contact fix saves

  double HourlyCost(const std::string& team) const;
  double ContactCost(const std::string& channel) const;
  double HandleMinutes(const std::string& channel) const;
};

// Tickets of the period grouped by (channel, team).
struct TicketGroup {
  std::string channel;
  std::string team;
  int64_t tickets = 0;
  int64_t resolved = 0;  // reached `resolved` at least once
  int64_t fcr = 0;       // resolved with exactly one public agent reply, never reopened
};

struct CostSide {
  int64_t tickets = 0, resolved = 0, fcr_tickets = 0;
  int64_t rule_actions = 0;      // rule.fired events in the period
  int64_t auto_assignments = 0;  // tickets routed at creation + system assignments
  double total_cost = 0;
  std::optional<double> cost_per_contact, cost_per_resolved;
  double automation_hours_saved = 0;
  double automation_savings = 0;
  double repeat_cost_avoided = 0;
  std::map<std::string, std::pair<int64_t, double>> by_channel;  // channel → (tickets, cost)
};

CostSide ComputeCost(const CostModel& m, const std::vector<TicketGroup>& groups,
                     int64_t rule_actions, int64_t auto_assignments);

// Value side rows.
struct ValueCustomer {
  Id id = 0;
  Tier tier = Tier::kBasic;
  std::optional<TimeMs> first_resolution;  // earliest resolution of a ticket in the period
  bool contacted = false;                  // created a ticket in the period
  std::optional<int> csat;                 // latest CSAT answer in the period (1–5)
  std::optional<int> nps;                  // latest NPS answer in the period (0–10)
};
struct OrderRow {
  Id customer_id = 0;
  TimeMs at = 0;
  double amount = 0;
};

struct RateCell {
  int64_t n = 0;     // customers in the denominator
  int64_t hits = 0;  // of them, with the outcome
  std::optional<double> rate() const {
    return n ? std::optional<double>(static_cast<double>(hits) / n) : std::nullopt;
  }
};

struct TierValue {
  Tier tier = Tier::kBasic;
  int64_t customers = 0;
  RateCell repurchase_served, repurchase_control, upsell_served, upsell_control, retention;
  std::optional<double> clv;  // order value to `to` ÷ customers of the tier
};

struct BandValue {
  std::string band;
  RateCell repurchase, upsell;
};

struct ValueSide {
  RateCell repurchase_served, repurchase_control, upsell_served, upsell_control, retention;
  std::optional<double> control_tier_adjusted;  // control repurchase at the served tier mix
  std::optional<double> repurchase_lift;        // served − tier-adjusted control
  std::optional<double> clv;
  std::vector<TierValue> by_tier;               // strategic, high, growth, basic
  std::vector<BandValue> by_csat, by_nps;       // satisfaction bands of served customers
};

// What the store hands over for one period [from, to).
struct ServiceValueRows {
  std::vector<TicketGroup> groups;    // tickets created in the period
  int64_t rule_actions = 0;           // rule.fired events in the period
  int64_t auto_assignments = 0;       // routed at creation + system ticket.assigned events
  std::vector<ValueCustomer> customers;  // every customer, by id
  std::vector<OrderRow> orders;       // orders before `orders_until`, by (customer, time)
};

inline constexpr TimeMs kRepurchaseWindowMs = 90 * kDayMs;

// `orders` sorted by (customer_id, at); `now` caps the observed repurchase windows.
ValueSide ComputeValue(const std::vector<ValueCustomer>& customers,
                       const std::vector<OrderRow>& orders, TimeMs from, TimeMs to, TimeMs now);

}  // namespace loopdesk::analytics
