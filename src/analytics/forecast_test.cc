#include "analytics/forecast.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace loopdesk::analytics {
namespace {

constexpr int64_t kMonday = 20458;  // 2026-01-05, a Monday
constexpr double kWeek[7] = {120, 110, 105, 100, 90, 40, 30};

TEST(ForecastTest, WeekdayOfKnownDays) {
  EXPECT_EQ(WeekdayOfDay(0), 3);        // 1970-01-01 Thursday
  EXPECT_EQ(WeekdayOfDay(kMonday), 0);  // 2026-01-05 Monday
  EXPECT_EQ(WeekdayOfDay(kMonday + 6), 6);
}

TEST(ForecastTest, FollowsWeeklyPatternWithSmallBacktestError) {
  std::mt19937 rng(7);
  std::vector<double> y;
  for (int i = 0; i < 16 * 7; ++i) {
    std::poisson_distribution<int> p(kWeek[i % 7]);
    y.push_back(p(rng));
  }
  ForecastOptions opt;
  opt.horizon_days = 14;
  ForecastResult r = ForecastDaily(y, kMonday, opt);
  ASSERT_EQ(r.days.size(), 14u);
  EXPECT_EQ(r.days[0].day, kMonday + 16 * 7);
  EXPECT_EQ(r.backtest_days, 28);
  ASSERT_TRUE(r.mape.has_value());
  EXPECT_LT(*r.mape, 0.15);
  EXPECT_EQ(r.candidates.size(), 3u);
  for (const auto& d : r.days) {
    const double want = kWeek[WeekdayOfDay(d.day)];
    EXPECT_NEAR(d.tickets, want, 0.15 * want) << d.day;
    EXPECT_LE(d.low, d.tickets);
    EXPECT_GE(d.high, d.tickets);
    EXPECT_LE(d.low, want);
    EXPECT_GE(d.high, want);
  }
}

TEST(ForecastTest, FollowsTrend) {
  std::vector<double> y;
  for (int i = 0; i < 12 * 7; ++i) y.push_back(kWeek[i % 7] + 0.5 * i);
  ForecastResult r = ForecastDaily(y, kMonday, ForecastOptions{});
  ASSERT_TRUE(r.mape);
  EXPECT_LT(*r.mape, 0.05);
  // Day 84 + 7 is a Monday: 120 + 0.5 · 91.
  EXPECT_NEAR(r.days[7].tickets, 120 + 0.5 * 91, 6);
}

TEST(ForecastTest, LearnsHolidayFactor) {
  std::vector<double> y;
  std::vector<int64_t> holidays;
  for (int i = 0; i < 10 * 7; ++i) y.push_back(kWeek[i % 7]);
  for (int i : {9, 23, 44}) {  // Wednesdays/Tuesdays at half the volume
    y[i] = kWeek[i % 7] / 2;
    holidays.push_back(kMonday + i);
  }
  ForecastOptions opt;
  opt.holidays = holidays;
  opt.holidays.push_back(kMonday + 70 + 2);  // a future Wednesday
  ForecastResult r = ForecastDaily(y, kMonday, opt);
  ASSERT_TRUE(r.holiday_factor);
  EXPECT_NEAR(*r.holiday_factor, 0.5, 1e-9);
  EXPECT_TRUE(r.days[2].holiday);
  EXPECT_NEAR(r.days[2].tickets, kWeek[2] / 2, 3);
  EXPECT_NEAR(r.days[9].tickets, kWeek[2], 5);  // the next Wednesday is no holiday
}

TEST(ForecastTest, YearlySeasonalityWithTwoYears) {
  // Two and a half years whose level doubles every December (days 330..360 of each 364-day
  // "year"); the forecast for that stretch must rise although the last weeks are flat.
  std::vector<double> y;
  const int n = 364 * 2 + 300;
  for (int i = 0; i < n; ++i) {
    const int doy = i % 364;
    y.push_back(kWeek[i % 7] * (doy >= 330 && doy < 360 ? 2.0 : 1.0));
  }
  ForecastOptions opt;
  opt.horizon_days = 60;
  ForecastResult r = ForecastDaily(y, kMonday, opt);
  EXPECT_TRUE(r.yearly);
  // Day n + 40 has doy 340.
  const double want = 2 * kWeek[WeekdayOfDay(r.days[40].day)];
  EXPECT_NEAR(r.days[40].tickets, want, 0.2 * want);
  const double flat = kWeek[WeekdayOfDay(r.days[5].day)];
  EXPECT_NEAR(r.days[5].tickets, flat, 0.2 * flat);
}

TEST(ForecastTest, ShortAndEmptyHistories) {
  ForecastResult empty = ForecastDaily({}, kMonday, ForecastOptions{});
  EXPECT_EQ(empty.days.size(), 14u);
  EXPECT_FALSE(empty.mape);
  EXPECT_EQ(empty.days[0].tickets, 0);
  ForecastResult shortr = ForecastDaily({5, 6, 7}, kMonday, ForecastOptions{});
  EXPECT_FALSE(shortr.mape);
  EXPECT_NEAR(shortr.days[0].tickets, 6, 1e-9);
}

TEST(ForecastTest, HourlyProfileSharesPerWeekday) {
  std::vector<int64_t> ts;
  const int64_t monday = kMonday * 86400;
  for (int i = 0; i < 30; ++i) ts.push_back(monday + 9 * 3600 + i);       // Monday 09h
  for (int i = 0; i < 10; ++i) ts.push_back(monday + 14 * 3600 + i);      // Monday 14h
  for (int i = 0; i < 5; ++i) ts.push_back(monday + 86400 + 3600 * 20);  // Tuesday 20h
  HourlyProfile p = BuildHourlyProfile(ts);
  EXPECT_NEAR(p.share[0][9], 0.75, 1e-12);
  EXPECT_NEAR(p.share[0][14], 0.25, 1e-12);
  EXPECT_NEAR(p.share[1][20], 1.0, 1e-12);
  // Wednesday had nothing: all weekdays' shape (30 + 10 + 5 tickets).
  EXPECT_NEAR(p.share[2][9], 30.0 / 45, 1e-12);
  double sum = 0;
  for (double s : p.share[3]) sum += s;
  EXPECT_NEAR(sum, 1.0, 1e-12);
}

TEST(ForecastTest, MapeSkipsZeroActuals) {
  EXPECT_NEAR(*Mape({10, 0, 20}, {12, 5, 15}), (0.2 + 0.25) / 2, 1e-12);
  EXPECT_FALSE(Mape({0, 0}, {1, 2}));
}

}  // namespace
}  // namespace loopdesk::analytics
