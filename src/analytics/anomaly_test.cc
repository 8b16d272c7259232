#include "analytics/anomaly.h"

#include <gtest/gtest.h>

#include <random>

namespace loopdesk::analytics {
namespace {

constexpr double kWeek[7] = {40, 38, 36, 35, 30, 12, 10};

std::vector<double> Seasonal(int days, unsigned seed) {
  std::mt19937 rng(seed);
  std::vector<double> y;
  for (int i = 0; i < days; ++i) {
    std::poisson_distribution<int> p(kWeek[i % 7]);
    y.push_back(p(rng));
  }
  return y;
}

TEST(AnomalyTest, PoissonTail) {
  EXPECT_DOUBLE_EQ(PoissonUpperTail(0, 3), 1);
  EXPECT_NEAR(PoissonUpperTail(1, 2), 1 - std::exp(-2.0), 1e-12);
  // P(X ≥ 10 | λ = 3) = 0.0011025 (R: ppois(9, 3, lower.tail = FALSE)).
  EXPECT_NEAR(PoissonUpperTail(10, 3), 0.0011025, 1e-6);
  EXPECT_GT(PoissonUpperTail(300, 100), 0);
  EXPECT_LT(PoissonUpperTail(300, 100), 1e-40);
  EXPECT_NEAR(NormalUpperTail(1.959964), 0.025, 1e-6);
}

TEST(AnomalyTest, FindsInjectedSpike) {
  std::vector<double> y = Seasonal(9 * 7, 11);
  // Installation failures after a release: +25 a day over the last 4 days.
  const size_t n = y.size();
  for (size_t i = n - 4; i < n; ++i) y[i] += 25;
  SpikeResult r = DetectSpike(y);
  EXPECT_TRUE(r.spike);
  EXPECT_LT(r.p_value, 1e-6);
  EXPECT_GT(r.observed, r.expected + 90);
  ASSERT_TRUE(r.robust_z);
  EXPECT_GT(*r.robust_z, 3.5);
  EXPECT_EQ(r.since_index, static_cast<int64_t>(n - 4));
}

TEST(AnomalyTest, QuietSeriesHasNoSpike) {
  for (unsigned seed = 1; seed <= 50; ++seed) {
    SpikeResult r = DetectSpike(Seasonal(9 * 7, seed));
    EXPECT_FALSE(r.spike) << "seed " << seed << " p " << r.p_value;
    EXPECT_EQ(r.since_index, -1);
  }
}

TEST(AnomalyTest, WeekendPatternIsNoSpike) {
  // A Monday peak that recurs every week is seasonality, not a spike.
  std::vector<double> y;
  for (int i = 0; i < 9 * 7; ++i) y.push_back(i % 7 == 0 ? 80 : 10);
  EXPECT_FALSE(DetectSpike(y).spike);
}

TEST(AnomalyTest, SmallCountsNeedAMeaningfulExcess) {
  std::vector<double> y(9 * 7, 0);
  y.back() = 3;  // 3 against an expected 0: significant by Poisson, but too small to matter
  EXPECT_FALSE(DetectSpike(y).spike);
  y.back() = 12;
  SpikeResult r = DetectSpike(y);
  EXPECT_TRUE(r.spike);
  EXPECT_EQ(r.since_index, static_cast<int64_t>(y.size() - 1));
}

TEST(AnomalyTest, ShortSeriesIsNoSpike) {
  EXPECT_FALSE(DetectSpike(std::vector<double>(20, 5)).spike);
}

}  // namespace
}  // namespace loopdesk::analytics
