#include "analytics/erlang.h"

#include <gtest/gtest.h>

#include <cmath>

namespace loopdesk::analytics {
namespace {

// Call Centre Helper's worked example: 100 calls per half hour = 200 per hour, AHT 180 s →
// 10 Erlangs. Expected values are the example's (P(wait) with 11 agents 0.6821), recomputed
// with the factorial form of the formula in Python for the other agent counts.
TEST(ErlangTest, CallCentreHelperWorkedExample) {
  const double a = TrafficErlangs(200, 180);
  EXPECT_DOUBLE_EQ(a, 10.0);
  EXPECT_NEAR(ErlangCWait(a, 11), 0.6821, 1e-4);
  EXPECT_NEAR(ErlangServiceLevel(a, 11, 180, 20), 0.3896, 1e-4);
  EXPECT_NEAR(ErlangServiceLevel(a, 13, 180, 20), 0.7956, 1e-4);
  EXPECT_NEAR(ErlangServiceLevel(a, 14, 180, 20), 0.8884, 1e-4);
  EXPECT_NEAR(ErlangAsa(a, 11, 180), 122.78, 0.01);
  StaffingResult r = AgentsNeeded(200, 180, StaffingTarget{});
  EXPECT_EQ(r.agents, 14);  // 13 agents give 79.6 %, short of 80 %
  EXPECT_NEAR(r.service_level, 0.8884, 1e-4);
  EXPECT_NEAR(r.occupancy, 10.0 / 14, 1e-12);
}

// Westbay Engineers' example: 360 calls per half hour, 240 s, 55 agents, 15 s target.
TEST(ErlangTest, WestbayWorkedExample) {
  const double a = TrafficErlangs(720, 240);
  EXPECT_DOUBLE_EQ(a, 48.0);
  EXPECT_NEAR(ErlangCWait(a, 55), 0.2387, 1e-4);
  EXPECT_NEAR(ErlangAsa(a, 55, 240), 8.18, 0.01);
  EXPECT_NEAR(ErlangServiceLevel(a, 55, 240, 15), 0.8459, 1e-4);
}

TEST(ErlangTest, EdgeCases) {
  EXPECT_EQ(ErlangCWait(0, 3), 0);
  EXPECT_EQ(ErlangCWait(5, 5), 1);  // overloaded: everyone waits
  EXPECT_EQ(ErlangServiceLevel(5, 4, 180, 20), 0);
  EXPECT_EQ(ErlangServiceLevel(0, 0, 180, 20), 1);
  EXPECT_TRUE(std::isinf(ErlangAsa(5, 5, 180)));
  StaffingResult none = AgentsNeeded(0, 300, StaffingTarget{});
  EXPECT_EQ(none.agents, 0);
  EXPECT_EQ(none.service_level, 1);
  // Large traffic stays finite (no factorial overflow).
  StaffingResult big = AgentsNeeded(20000, 300, StaffingTarget{});
  EXPECT_GT(big.agents, 1667);
  EXPECT_GE(big.service_level, 0.8);
}

TEST(ErlangTest, OccupancyCapAddsAgents) {
  // A = 1 Erlang: one agent more than A meets 80 % in 20 s only at low occupancy anyway; a
  // cap of 50 % forces at least 2 agents, a cap of 25 % at least 4.
  StaffingTarget t;
  t.max_occupancy = 0.25;
  StaffingResult r = AgentsNeeded(12, 300, t);  // 12/h × 300 s = 1 Erlang
  EXPECT_EQ(r.agents, 4);
  EXPECT_LE(r.occupancy, 0.25);
}

TEST(ErlangTest, MinimumAgentsIsMinimal) {
  StaffingTarget t;
  for (double per_hour : {3.0, 17.0, 60.0, 250.0}) {
    StaffingResult r = AgentsNeeded(per_hour, 240, t);
    const double a = TrafficErlangs(per_hour, 240);
    EXPECT_GE(ErlangServiceLevel(a, r.agents, 240, 20), 0.8);
    const bool fewer_ok = r.agents - 1 > a &&
                          ErlangServiceLevel(a, r.agents - 1, 240, 20) >= 0.8 &&
                          a / (r.agents - 1) <= t.max_occupancy;
    EXPECT_FALSE(fewer_ok) << per_hour;
  }
}

}  // namespace
}  // namespace loopdesk::analytics
