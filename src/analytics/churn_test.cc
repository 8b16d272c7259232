#include "analytics/churn.h"

#include <gtest/gtest.h>

#include <random>

namespace loopdesk::analytics {
namespace {

constexpr TimeMs kNow = 1772323200000;  // 2026-03-01T00:00:00Z

CustomerSignals Base() {
  CustomerSignals s;
  s.customer_id = 7;
  s.name = "王女士";
  s.tier = Tier::kGrowth;
  return s;
}

const ChurnReason* Find(const ChurnRisk& r, std::string_view code) {
  for (const auto& x : r.reasons)
    if (x.code == code) return &x;
  return nullptr;
}

bool HasAction(const ChurnRisk& r, std::string_view code) {
  for (const auto& a : r.actions)
    if (a.code == code) return true;
  return false;
}

TEST(Churn, NoSignalsIsLowZeroWithoutTierReason) {
  CustomerSignals s = Base();
  s.tier = Tier::kStrategic;  // tier alone is no risk
  auto r = ScoreChurn(s, kNow);
  EXPECT_EQ(r.score, 0);
  EXPECT_EQ(r.level, "low");
  EXPECT_TRUE(r.reasons.empty());
  EXPECT_TRUE(r.actions.empty());
}

TEST(Churn, WarrantyEndingWithin30DaysOnly) {
  CustomerSignals s = Base();
  s.warranty_end = kNow + 10 * kDayMs;
  s.warranty_product = "M3";
  auto r = ScoreChurn(s, kNow);
  ASSERT_NE(Find(r, "warranty_ending"), nullptr);
  EXPECT_EQ(r.score, 25);
  EXPECT_EQ(r.level, "low");
  EXPECT_NE(Find(r, "warranty_ending")->text_en.find("10 days"), std::string::npos);
  ASSERT_TRUE(HasAction(r, "extended_warranty_offer"));
  EXPECT_EQ(r.actions[0].due, kNow);  // already inside the 30-day offer window

  s.warranty_end = kNow + 31 * kDayMs;  // beyond the horizon
  EXPECT_EQ(ScoreChurn(s, kNow).score, 0);
  s.warranty_end = kNow - kDayMs;  // already ended
  EXPECT_EQ(ScoreChurn(s, kNow).score, 0);
}

TEST(Churn, LowCsatByMeanAndVeryLow) {
  CustomerSignals s = Base();
  s.csat_answers = 2;
  s.csat_sum = 7;  // mean 3.5: not low
  EXPECT_EQ(ScoreChurn(s, kNow).score, 0);
  s.csat_sum = 6;  // mean 3.0
  auto r = ScoreChurn(s, kNow);
  ASSERT_NE(Find(r, "low_csat"), nullptr);
  EXPECT_EQ(r.score, 20);
  EXPECT_TRUE(HasAction(r, "satisfaction_callback"));
  s.csat_sum = 4;  // mean 2.0
  EXPECT_EQ(ScoreChurn(s, kNow).score, 30);
}

TEST(Churn, NpsDetractor) {
  CustomerSignals s = Base();
  s.nps_answers = 3;
  EXPECT_EQ(ScoreChurn(s, kNow).score, 0);
  s.nps_detractors = 1;
  EXPECT_EQ(ScoreChurn(s, kNow).score, 20);
}

TEST(Churn, ComplaintsOneAndRepeatCapped) {
  CustomerSignals s = Base();
  s.complaints = 1;
  EXPECT_EQ(ScoreChurn(s, kNow).score, 8);
  s.complaints = 2;
  auto r = ScoreChurn(s, kNow);
  ASSERT_NE(Find(r, "repeat_complaints"), nullptr);
  EXPECT_EQ(r.score, 15);
  EXPECT_TRUE(HasAction(r, "root_cause_review"));
  s.complaints = 4;
  EXPECT_EQ(ScoreChurn(s, kNow).score, 25);
  s.complaints = 9;
  EXPECT_EQ(ScoreChurn(s, kNow).score, 30);
}

TEST(Churn, FallingOrdersScaledByDrop) {
  CustomerSignals s = Base();
  s.orders_before = 4;
  s.value_before = 1000;
  s.orders_recent = 3;
  s.value_recent = 800;  // −20 %: not falling enough
  EXPECT_EQ(ScoreChurn(s, kNow).score, 0);
  s.value_recent = 600;  // −40 % → round(25 × 0.4) = 10
  EXPECT_EQ(ScoreChurn(s, kNow).score, 10);
  s.orders_recent = 0;
  s.value_recent = 0;  // −100 %
  auto r = ScoreChurn(s, kNow);
  EXPECT_EQ(r.score, 25);
  EXPECT_TRUE(HasAction(r, "win_back_offer"));
  s.orders_before = 0;  // no earlier orders: nothing can fall
  s.value_before = 0;
  EXPECT_EQ(ScoreChurn(s, kNow).score, 0);
}

TEST(Churn, OpenAlertsCapped) {
  CustomerSignals s = Base();
  s.open_alerts = 1;
  EXPECT_EQ(ScoreChurn(s, kNow).score, 10);
  s.open_alerts = 5;
  EXPECT_EQ(ScoreChurn(s, kNow).score, 20);
}

TEST(Churn, NegativeSentimentNeedsTwoTicketsAndHalf) {
  CustomerSignals s = Base();
  s.tickets_recent = 1;
  s.tickets_negative = 1;
  EXPECT_EQ(ScoreChurn(s, kNow).score, 0);
  s.tickets_recent = 3;
  s.tickets_negative = 1;
  EXPECT_EQ(ScoreChurn(s, kNow).score, 0);
  s.tickets_negative = 2;  // round(15 × 2/3) = 10
  EXPECT_EQ(ScoreChurn(s, kNow).score, 10);
}

TEST(Churn, TierAddsOnlyWithAnotherReasonAndScoreIsCappedSum) {
  CustomerSignals s = Base();
  s.nps_detractors = 1;
  s.tier = Tier::kHigh;
  EXPECT_EQ(ScoreChurn(s, kNow).score, 25);
  s.tier = Tier::kStrategic;
  auto r = ScoreChurn(s, kNow);
  EXPECT_EQ(r.score, 30);
  EXPECT_EQ(r.level, "medium");
  EXPECT_EQ(r.reasons.front().code, "nps_detractor");  // heaviest first

  s.warranty_end = kNow + 5 * kDayMs;
  s.csat_answers = 1;
  s.csat_sum = 1;
  s.complaints = 3;
  s.open_alerts = 2;
  r = ScoreChurn(s, kNow);  // 25 + 30 + 20 + 20 + 20 + 10 = 125 → 100
  EXPECT_EQ(r.score, 100);
  EXPECT_EQ(r.level, "high");
  EXPECT_TRUE(HasAction(r, "csm_callback"));
  for (size_t i = 1; i < r.actions.size(); ++i) EXPECT_LE(r.actions[i - 1].due, r.actions[i].due);
}

TEST(Churn, Levels) {
  EXPECT_EQ(ChurnLevel(29), "low");
  EXPECT_EQ(ChurnLevel(30), "medium");
  EXPECT_EQ(ChurnLevel(59), "medium");
  EXPECT_EQ(ChurnLevel(60), "high");
  EXPECT_EQ(ChurnLevelRank("high"), 2);
  EXPECT_EQ(ChurnLevelRank("x"), -1);
}

// ChurnScore (the at-risk ranking) is ScoreChurn's score on every combination of signals.
TEST(Churn, ScoreWithoutTextsEqualsTheFullScore) {
  std::mt19937 rng(11);
  auto pick = [&rng](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  int nonzero = 0;
  for (int i = 0; i < 20000; ++i) {
    CustomerSignals s = Base();
    s.tier = static_cast<Tier>(pick(0, 3));
    if (pick(0, 3) == 0) {
      s.warranty_end = kNow + pick(-2, 32) * kDayMs;
      s.warranty_product = pick(0, 1) ? "M3" : "";
    }
    s.csat_answers = pick(0, 3);
    s.csat_sum = s.csat_answers * pick(1, 5);
    s.nps_answers = pick(0, 2);
    s.nps_detractors = pick(0, s.nps_answers);
    s.complaints = pick(0, 1) ? 0 : pick(0, 6);
    s.orders_recent = pick(0, 3);
    s.value_recent = s.orders_recent * pick(0, 1000) / 10.0;
    s.orders_before = pick(0, 3);
    s.value_before = s.orders_before * pick(0, 1000) / 10.0;
    s.open_alerts = pick(0, 1) ? 0 : pick(0, 3);
    s.tickets_recent = pick(0, 6);
    s.tickets_negative = pick(0, s.tickets_recent);
    const ChurnRisk full = ScoreChurn(s, kNow);
    ASSERT_EQ(ChurnScore(s, kNow), full.score) << i;
    nonzero += full.score > 0;
  }
  EXPECT_GT(nonzero, 10000);
}

}  // namespace
}  // namespace loopdesk::analytics
