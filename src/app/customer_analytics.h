#pragma once
// Customer analytics use cases (branch cust, docs/reports.md): churn risk and the at-risk
// list, the cost model, the service-value report and the customer journey. The Service
// members are declared in service.h and defined in cust_service.cc; the types they take
// and return are here.

#include <optional>
#include <string>
#include <vector>

#include "analytics/churn.h"
#include "common/status.h"
#include "common/value.h"

namespace loopdesk {

// GET /api/v1/customers/at-risk. `min_level`: without `level`, customers of level medium
// and high ("at risk") are listed; with it, exactly that level.
struct AtRiskQuery {
  std::optional<std::string> level;  // low | medium | high
  std::optional<Tier> tier;
  int limit = 50;
  int64_t after = 0;  // cursor: AtRiskKey of the last item of the previous page (0 = start)
};

struct AtRiskItem {
  analytics::CustomerSignals customer;
  analytics::ChurnRisk risk;
};

struct AtRiskPage {
  std::vector<AtRiskItem> items;
  std::optional<int64_t> next_cursor;
  int64_t total = 0;      // customers matching the filters
  int64_t scanned = 0;    // customers scored
};

// The ranking key of an at-risk item: score descending, then customer id ascending, as one
// increasing positive integer ((100 − score) · 2^40 + id + 1); the cursor of a page.
inline int64_t AtRiskKey(int score, Id customer_id) {
  return (int64_t{100 - score} << 40) + customer_id + 1;
}

}  // namespace loopdesk
