#include "analytics/service_value.h"

#include <gtest/gtest.h>

namespace loopdesk::analytics {
namespace {

constexpr TimeMs kFrom = 1772323200000;  // 2026-03-01T00:00:00Z
constexpr TimeMs kTo = kFrom + 30 * kDayMs;
constexpr TimeMs kNow = kTo + 200 * kDayMs;

TEST(ServiceValueCost, UnitCostIsContactPlusHandleTimeAtTheTeamRate) {
  CostModel m;
  m.cost_per_contact = {{"*", 5}, {"phone", 8}};
  m.handle_minutes = {{"*", 12}, {"phone", 6}};
  m.agent_hourly_cost = {{"*", 60}, {"vip", 120}};
  m.minutes_saved_per_rule_action = 3;
  m.minutes_saved_per_auto_assignment = 2;
  m.repeat_contacts_avoided_per_fcr = 1;
  // phone/vip: 8 + 6/60·120 = 20 each; email/"": 5 + 12/60·60 = 17 each.
  std::vector<TicketGroup> g = {{"phone", "vip", 2, 2, 1}, {"email", "", 3, 1, 1}};
  CostSide c = ComputeCost(m, g, 10, 6);
  EXPECT_EQ(c.tickets, 5);
  EXPECT_EQ(c.resolved, 3);
  EXPECT_EQ(c.fcr_tickets, 2);
  EXPECT_DOUBLE_EQ(c.total_cost, 2 * 20 + 3 * 17);
  EXPECT_DOUBLE_EQ(*c.cost_per_contact, 91.0 / 5);
  EXPECT_DOUBLE_EQ(*c.cost_per_resolved, 91.0 / 3);
  EXPECT_DOUBLE_EQ(c.automation_hours_saved, (10 * 3 + 6 * 2) / 60.0);
  EXPECT_DOUBLE_EQ(c.automation_savings, 42 / 60.0 * 60);
  EXPECT_DOUBLE_EQ(c.repeat_cost_avoided, 2 * 91.0 / 5);
  EXPECT_EQ(c.by_channel["phone"].first, 2);
  EXPECT_DOUBLE_EQ(c.by_channel["email"].second, 51);
}

TEST(ServiceValueCost, NoTicketsGivesNullRatios) {
  CostSide c = ComputeCost(CostModel{}, {}, 0, 0);
  EXPECT_FALSE(c.cost_per_contact);
  EXPECT_FALSE(c.cost_per_resolved);
  EXPECT_DOUBLE_EQ(c.repeat_cost_avoided, 0);
}

TEST(ServiceValue, ServedAgainstControlRetentionClvAndBands) {
  std::vector<ValueCustomer> cs;
  // 1: served (resolved day 5), prior order 100, reorders 150 on day 20 → repurchase + upsell.
  cs.push_back({1, Tier::kHigh, kFrom + 5 * kDayMs, true, 5, 10});
  // 2: served (day 10), prior order 100, reorders 50 → repurchase, no upsell.
  cs.push_back({2, Tier::kHigh, kFrom + 10 * kDayMs, true, 2, 3});
  // 3: served, no order at all: counts for repurchase (no), not for upsell.
  cs.push_back({3, Tier::kBasic, kFrom + 1 * kDayMs, true, std::nullopt, std::nullopt});
  // 4: control (high): ordered before, nothing after → no repurchase.
  cs.push_back({4, Tier::kHigh, std::nullopt, false, std::nullopt, std::nullopt});
  // 5: contacted but not resolved → neither group.
  cs.push_back({5, Tier::kHigh, std::nullopt, true, std::nullopt, std::nullopt});
  // 6: control (high): ordered before and within 90 days after `from`.
  cs.push_back({6, Tier::kHigh, std::nullopt, false, std::nullopt, std::nullopt});
  std::vector<OrderRow> orders = {
      {1, kFrom - 20 * kDayMs, 100}, {1, kFrom + 20 * kDayMs, 150},
      {2, kFrom - 40 * kDayMs, 100}, {2, kFrom + 50 * kDayMs, 50},
      {4, kFrom - 10 * kDayMs, 80},  {5, kFrom - 10 * kDayMs, 10},
      {6, kFrom - 60 * kDayMs, 40},  {6, kFrom + 10 * kDayMs, 60},
  };
  ValueSide v = ComputeValue(cs, orders, kFrom, kTo, kNow);
  EXPECT_EQ(v.repurchase_served.n, 3);
  EXPECT_EQ(v.repurchase_served.hits, 2);
  EXPECT_EQ(v.upsell_served.n, 2);
  EXPECT_EQ(v.upsell_served.hits, 1);
  EXPECT_EQ(v.repurchase_control.n, 2);
  EXPECT_EQ(v.repurchase_control.hits, 1);
  EXPECT_EQ(v.upsell_control.hits, 1);  // 6: 60 > 40
  // Tier-adjusted control: high control rate 1/2 at weight 2 (served high), basic has no
  // control → left out: 0.5. Lift = 2/3 − 0.5.
  ASSERT_TRUE(v.control_tier_adjusted);
  EXPECT_DOUBLE_EQ(*v.control_tier_adjusted, 0.5);
  EXPECT_DOUBLE_EQ(*v.repurchase_lift, 2.0 / 3 - 0.5);
  // Retention: ordered in [from − 30 d, from): 1, 4, 5 → ordered again in [from, to): 1 only
  // (6 ordered at from − 60 d, before the previous window).
  EXPECT_EQ(v.retention.n, 3);
  EXPECT_EQ(v.retention.hits, 1);
  // CLV: orders before `to`: 100+150 + 100 + 80 + 10 + 40+60 = 540 over 6 customers.
  EXPECT_DOUBLE_EQ(*v.clv, 540.0 / 6);
  const TierValue& high = v.by_tier[1];
  EXPECT_EQ(high.tier, Tier::kHigh);
  EXPECT_EQ(high.customers, 5);
  EXPECT_DOUBLE_EQ(*high.clv, 540.0 / 5);
  EXPECT_EQ(v.by_tier[3].repurchase_served.n, 1);  // basic
  EXPECT_FALSE(v.by_tier[0].clv);                  // strategic: nobody
  EXPECT_EQ(v.by_csat[0].band, "satisfied");
  EXPECT_EQ(v.by_csat[0].repurchase.hits, 1);
  EXPECT_EQ(v.by_csat[2].band, "dissatisfied");
  EXPECT_EQ(v.by_csat[2].upsell.n, 1);
  EXPECT_EQ(v.by_csat[2].upsell.hits, 0);
  EXPECT_EQ(v.by_nps[2].band, "detractor");
  EXPECT_EQ(v.by_nps[2].repurchase.hits, 1);
}

TEST(ServiceValue, RepurchaseWindowIsCappedAtNinetyDaysAndNow) {
  std::vector<ValueCustomer> cs = {{1, Tier::kBasic, kFrom, true, std::nullopt, std::nullopt}};
  std::vector<OrderRow> late = {{1, kFrom + 91 * kDayMs, 10}};
  EXPECT_EQ(ComputeValue(cs, late, kFrom, kTo, kNow).repurchase_served.hits, 0);
  std::vector<OrderRow> future = {{1, kFrom + 5 * kDayMs, 10}};
  EXPECT_EQ(ComputeValue(cs, future, kFrom, kTo, kFrom + kDayMs).repurchase_served.hits, 0);
  EXPECT_EQ(ComputeValue(cs, future, kFrom, kTo, kNow).repurchase_served.hits, 1);
}

}  // namespace
}  // namespace loopdesk::analytics
