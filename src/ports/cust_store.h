#pragma once
// The customer-analytics part of the store port (churn risk, service value, journey;
// docs/reports.md), reached through UnitOfWork::cust(). Read-only aggregate queries over
// customers, orders, assets, tickets, surveys, complaints, alerts and events; each runs in
// the transaction (snapshot) of its UnitOfWork. SQLite: unit_of_work_cust.cc.

#include <optional>
#include <vector>

#include "analytics/churn.h"
#include "analytics/cust_index.h"
#include "analytics/journey.h"
#include "analytics/service_value.h"
#include "common/status.h"

namespace loopdesk {

class CustStore {
 public:
  virtual ~CustStore() = default;

  // The churn signals (analytics::CustomerSignals, windows as documented there) at `now` of
  // every customer, or of `customer_id` only (kNotFound when it does not exist). By id.
  virtual Result<std::vector<analytics::CustomerSignals>> CustomerSignals(
      TimeMs now, std::optional<Id> customer_id) = 0;

  // The rows of the service-value report for the period [from, to) (analytics::
  // ServiceValueRows); orders are those placed before `orders_until`.
  virtual Result<analytics::ServiceValueRows> ServiceValueRows(TimeMs from, TimeMs to,
                                                               TimeMs orders_until) = 0;

  // Every customer's history before `until` for the journey (analytics::JourneyInput; only
  // customers with at least one ticket, order, asset or answer), or one customer's
  // (kNotFound when it does not exist). By customer id; each list in time order.
  virtual Result<std::vector<analytics::JourneyInput>> JourneyRows(
      TimeMs until, std::optional<Id> customer_id) = 0;

  // The facts of the in-memory customer index (analytics::CustIndex, app/cust_feed.h): of
  // every customer with a row or a ticket, order, asset, answered survey (by id; `only` null),
  // or of the listed ids (one entry per id, in the order given; an id without a row or facts
  // comes back with exists = false and empty lists).
  virtual Result<std::vector<analytics::CustomerFacts>> CustomerFacts(
      const std::vector<Id>* only) = 0;

  // The two event counts of ServiceValueRows for [from, to): rule.fired events, and
  // ticket.assigned events by the system.
  struct AutomationCounts {
    int64_t rule_actions = 0;
    int64_t system_assignments = 0;
  };
  virtual Result<AutomationCounts> CountAutomation(TimeMs from, TimeMs to) = 0;
};

}  // namespace loopdesk
