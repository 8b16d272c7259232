#include "analytics/scorecard.h"

#include <gtest/gtest.h>

namespace loopdesk::analytics {
namespace {

AgentMetrics Agent(int64_t id, int64_t tickets, double frt, double res, double fcr, double reopen,
                   double csat) {
  AgentMetrics a;
  a.agent_id = id;
  a.tickets = tickets;
  a.frt_avg_s = frt;
  a.resolution_avg_s = res;
  a.fcr = fcr;
  a.reopen_rate = reopen;
  a.csat = csat;
  return a;
}

TEST(ScorecardTest, BestOnOneMetricOnlyDoesNotWin) {
  std::vector<AgentMetrics> team = {
      // 1: by far the most tickets, worst everywhere else.
      Agent(1, 400, 900, 90000, 0.40, 0.30, 0.60),
      // 2: fastest first response only.
      Agent(2, 60, 10, 80000, 0.45, 0.25, 0.65),
      // 3: good at everything, best at nothing.
      Agent(3, 100, 60, 20000, 0.80, 0.05, 0.90),
      Agent(4, 90, 70, 25000, 0.78, 0.06, 0.88),
      // 5: best CSAT only.
      Agent(5, 50, 800, 85000, 0.42, 0.28, 0.99),
  };
  auto stars = ServiceStars(team);
  ASSERT_EQ(stars.size(), 5u);
  for (const auto& s : stars) ASSERT_TRUE(s.score);
  EXPECT_EQ(*stars[2].rank, 1);
  EXPECT_EQ(*stars[3].rank, 2);
  EXPECT_GT(*stars[2].score, *stars[0].score);
  EXPECT_GT(*stars[2].score, *stars[1].score);
  EXPECT_GT(*stars[2].score, *stars[4].score);
  EXPECT_EQ(stars[2].percentiles.size(), 6u);  // no QA score given
}

TEST(ScorecardTest, PercentilesAreMidRanks) {
  std::vector<AgentMetrics> team = {Agent(1, 10, 100, 1000, 0.5, 0.1, 0.8),
                                    Agent(2, 10, 200, 1000, 0.5, 0.1, 0.8)};
  auto stars = ServiceStars(team);
  // Agent 1: tickets tie 0.5, frt best 0.75, the rest ties 0.5.
  ASSERT_EQ(stars[0].percentiles[1].first, "frt_avg_s");
  EXPECT_DOUBLE_EQ(stars[0].percentiles[1].second, 0.75);
  EXPECT_DOUBLE_EQ(stars[1].percentiles[1].second, 0.25);
  EXPECT_DOUBLE_EQ(stars[0].percentiles[0].second, 0.5);
  EXPECT_EQ(*stars[0].rank, 1);
  EXPECT_EQ(*stars[1].rank, 2);
}

TEST(ScorecardTest, MinimumVolumeAndDimensions) {
  std::vector<AgentMetrics> team = {Agent(1, 100, 60, 100, 0.9, 0.0, 1.0),
                                    Agent(2, 100, 70, 100, 0.8, 0.1, 0.9),
                                    Agent(3, 4, 1, 1, 1.0, 0.0, 1.0)};  // too few tickets
  AgentMetrics sparse;  // only volume and FRT: too few dimensions
  sparse.agent_id = 4;
  sparse.tickets = 100;
  sparse.frt_avg_s = 30;
  team.push_back(sparse);
  auto stars = ServiceStars(team);
  EXPECT_TRUE(stars[0].score);
  EXPECT_FALSE(stars[2].score);
  EXPECT_FALSE(stars[2].rank);
  EXPECT_FALSE(stars[3].score);
  EXPECT_EQ(*stars[0].rank, 1);
}

TEST(ScorecardTest, Medians) {
  EXPECT_FALSE(MedianOf({std::nullopt}));
  EXPECT_DOUBLE_EQ(*MedianOf({3.0, std::nullopt, 1.0, 2.0}), 2.0);
  EXPECT_DOUBLE_EQ(*MedianOf({4.0, 1.0, 2.0, 3.0}), 2.5);
}

}  // namespace
}  // namespace loopdesk::analytics
