#pragma once
// The cost model of the service-value report (docs/reports.md), stored as the config
// document "cost_model"; every key is optional (defaults below):
//
//   {currency: "CNY",
//    agent_hourly_cost: {"*": 60, "<team>": 90, ...},       per team, "*" = any other team
//    cost_per_contact:  {"*": 5, "phone": 8, ...},          per channel
//    handle_minutes:    {"*": 12, "email": 8, ...},         agent minutes per contact, per channel
//    minutes_saved_per_rule_action: 3, minutes_saved_per_auto_assignment: 2,
//    repeat_contacts_avoided_per_fcr: 1}

#include "analytics/service_value.h"
#include "common/status.h"
#include "common/value.h"

namespace loopdesk {

inline constexpr const char* kCostModelKey = "cost_model";

// Parses a cost-model document: unknown keys, unknown channels, non-numbers and negative or
// absurd values (> 1e6) → kInvalidArgument naming the field ("cost_per_contact.fax").
Result<analytics::CostModel> CostModelFromValue(const Value& doc);
Value CostModelToValue(const analytics::CostModel& m);

}  // namespace loopdesk
