#include "domain/voc.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "domain/verify_stats.h"

namespace loopdesk {
namespace {

TEST(SurveyScale, CsatNpsCesMapToZeroToTen) {
  EXPECT_DOUBLE_EQ(ScaledScore(SurveyKind::kCsat, 1), 0);
  EXPECT_DOUBLE_EQ(ScaledScore(SurveyKind::kCsat, 3), 5);
  EXPECT_DOUBLE_EQ(ScaledScore(SurveyKind::kCsat, 5), 10);
  EXPECT_DOUBLE_EQ(ScaledScore(SurveyKind::kNps, 7), 7);
  EXPECT_DOUBLE_EQ(ScaledScore(SurveyKind::kCes, 7), 10);
  EXPECT_EQ(RangeOf(SurveyKind::kNps).min, 0);
  EXPECT_EQ(RangeOf(SurveyKind::kCsat).max, 5);
}

TEST(SurveyStatus, UnansweredPastExpiryIsExpired) {
  Survey s;
  s.expires_at = 1000;
  EXPECT_EQ(EffectiveStatus(s, 999), "sent");
  EXPECT_EQ(EffectiveStatus(s, 1000), "expired");
  s.status = "answered";
  EXPECT_EQ(EffectiveStatus(s, 5000), "answered");
}

TEST(WarningRules, DefaultThresholdsOnTheZeroToTenScale) {
  WarningThresholds t;
  const TimeMs now = 1'000'000;
  // CSAT 5 → 10, CSAT 4 → 7.5: no warning.
  EXPECT_FALSE(WarnForScore(ScaledScore(SurveyKind::kCsat, 5), t, now));
  EXPECT_FALSE(WarnForScore(ScaledScore(SurveyKind::kCsat, 4), t, now));
  EXPECT_FALSE(WarnForScore(7.0, t, now));  // 7 is not below 7
  // CSAT 3 → 5: level 1 (below 7, not below 5), supervisor, due in 24 h.
  auto w = WarnForScore(ScaledScore(SurveyKind::kCsat, 3), t, now);
  ASSERT_TRUE(w);
  EXPECT_EQ(w->level, 1);
  EXPECT_EQ(w->owner_role, "supervisor");
  EXPECT_EQ(w->reason, "low_score");
  EXPECT_EQ(w->due_at, now + 24 * kHourMs);
  // NPS 6: level 1; CSAT 2 → 2.5 and NPS 4: level 2, expert, due in 4 h.
  EXPECT_EQ(WarnForScore(6, t, now)->level, 1);
  w = WarnForScore(ScaledScore(SurveyKind::kCsat, 2), t, now);
  ASSERT_TRUE(w);
  EXPECT_EQ(w->level, 2);
  EXPECT_EQ(w->owner_role, "expert");
  EXPECT_EQ(w->due_at, now + 4 * kHourMs);
  EXPECT_EQ(WarnForScore(4.99, t, now)->level, 2);
}

TEST(WarningRules, ThresholdsAreConfigurable) {
  WarningThresholds t;
  t.level1_below = 9;
  t.level2_below = 3;
  t.level1_due_h = 2;
  EXPECT_EQ(WarnForScore(8, t, 0)->level, 1);
  EXPECT_EQ(WarnForScore(8, t, 0)->due_at, 2 * kHourMs);
  EXPECT_EQ(WarnForScore(4, t, 0)->level, 1);
  EXPECT_EQ(WarnForScore(2, t, 0)->level, 2);
}

TEST(WarningRules, RepeatComplaintIsLevelThreeForTheCsm) {
  WarningThresholds t;
  EXPECT_FALSE(WarnForComplaint(0, t, 0));
  auto w = WarnForComplaint(1, t, 0);
  ASSERT_TRUE(w);
  EXPECT_EQ(w->level, 3);
  EXPECT_EQ(w->owner_role, "csm");
  EXPECT_EQ(w->reason, "repeat_complaint");
}

TEST(WarningRules, UnhandledAlertEscalatesOneLevelPastItsDueTime) {
  WarningThresholds t;
  Alert a;
  a.level = 1;
  a.reason = "low_score";
  a.due_at = 100;
  EXPECT_FALSE(EscalationOf(a, t, 99));
  auto e = EscalationOf(a, t, 100);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->level, 2);
  EXPECT_EQ(e->owner_role, "expert");
  EXPECT_EQ(e->due_at, 100 + 4 * kHourMs);
  a.status = "acknowledged";  // acknowledged but not resolved is still unhandled
  EXPECT_TRUE(EscalationOf(a, t, 200));
  a.status = "resolved";
  EXPECT_FALSE(EscalationOf(a, t, 200));
  a.status = "open";
  a.level = 3;
  EXPECT_FALSE(EscalationOf(a, t, 200));
}

TEST(VerifyStats, TwoProportionZTestKnownValues) {
  // 50/100 before, 65/100 after: pooled p = 0.575, z = 2.1456, p = 0.0319.
  TestResult r = TwoProportionZTest(50, 100, 65, 100);
  ASSERT_TRUE(r.valid);
  EXPECT_NEAR(r.statistic, 2.1456, 1e-4);
  EXPECT_NEAR(r.p_value, 0.03191, 1e-4);
  // The same proportion: z = 0, p = 1.
  r = TwoProportionZTest(30, 100, 60, 200);
  EXPECT_NEAR(r.statistic, 0, 1e-12);
  EXPECT_NEAR(r.p_value, 1, 1e-12);
  EXPECT_FALSE(TwoProportionZTest(0, 0, 1, 2).valid);
  EXPECT_FALSE(TwoProportionZTest(10, 10, 20, 20).valid);  // no variance
}

TEST(VerifyStats, StudentTDistributionKnownQuantiles) {
  EXPECT_NEAR(StudentTwoSidedP(2.228, 10), 0.05, 2e-4);   // t(0.975, 10) = 2.228
  EXPECT_NEAR(StudentTwoSidedP(12.706, 1), 0.05, 2e-4);   // t(0.975, 1) = 12.706
  EXPECT_NEAR(StudentTwoSidedP(1.96, 1e6), 0.05, 2e-4);   // → normal
  EXPECT_NEAR(NormalTwoSidedP(1.959964), 0.05, 1e-6);
  EXPECT_NEAR(StudentTwoSidedP(0, 5), 1, 1e-12);
}

// Welch's example 1 (Wikipedia "Welch's t-test"): t = 2.46, ν ≈ 24.9, p = 0.021.
TEST(VerifyStats, WelchTTestKnownExample) {
  std::vector<double> a1 = {27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1,
                            21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4};
  std::vector<double> a2 = {27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0,
                            24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4};
  auto stats = [](const std::vector<double>& v, double* mean, double* var) {
    double s = 0, ss = 0;
    for (double x : v) s += x;
    *mean = s / v.size();
    for (double x : v) ss += (x - *mean) * (x - *mean);
    *var = ss / (v.size() - 1);
  };
  double m1, v1, m2, v2;
  stats(a1, &m1, &v1);
  stats(a2, &m2, &v2);
  TestResult r = WelchTTest(m1, v1, 15, m2, v2, 15);
  ASSERT_TRUE(r.valid);
  EXPECT_NEAR(r.statistic, 2.46, 0.01);
  EXPECT_NEAR(r.df, 24.9, 0.1);
  EXPECT_NEAR(r.p_value, 0.021, 0.001);
  EXPECT_FALSE(WelchTTest(1, 0, 5, 1, 0, 5).valid);
  EXPECT_FALSE(WelchTTest(1, 1, 1, 2, 1, 5).valid);
}

}  // namespace
}  // namespace loopdesk
