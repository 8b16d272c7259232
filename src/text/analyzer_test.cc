#include "text/analyzer.h"

#include <gtest/gtest.h>

#include "text/normalize.h"
#include "text/rules.h"

namespace loopdesk::text {
namespace {

const Analyzer& A() {
  static const Analyzer* a = [] {
    auto r = Analyzer::Load();
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r->release();
  }();
  return *a;
}

double RuleScore(std::string_view s) {
  return ApplyRules(Lexicon::Default(), A().Normalize(s), false).sentiment;
}

TEST(Normalize, FullWidthTraditionalCaseAndSpaces) {
  EXPECT_EQ(A().Normalize("ＡＢＣ　１２３！"), "abc 123!");
  EXPECT_EQ(A().Normalize("服務態度"), "服务态度");
  EXPECT_EQ(A().Normalize("  很好   很好 "), "很好 很好");
  // Invalid bytes are dropped rather than passed on.
  EXPECT_EQ(A().Normalize(std::string("好\xff评")), "好评");
  // Combining marks compose (NFKC across characters).
  EXPECT_EQ(A().Normalize("e\xcc\x81"), "\xc3\xa9");
}

TEST(Segment, UserDictionaryKeepsDomainWordsWhole) {
  auto words = A().Words(A().Normalize("冰箱不制冷，要求退换货"));
  EXPECT_NE(std::find(words.begin(), words.end(), "不制冷"), words.end());
  EXPECT_NE(std::find(words.begin(), words.end(), "退换货"), words.end());
  auto en = A().Words("the delivery was late");
  EXPECT_EQ(en, (std::vector<std::string>{"the", "delivery", "was", "late"}));
}

TEST(Rules, NegationFlips) {
  EXPECT_GT(RuleScore("好"), 0);
  EXPECT_LT(RuleScore("不好"), 0);
  EXPECT_LT(RuleScore("不满意"), 0);
  EXPECT_GT(RuleScore("并不差"), 0);
  EXPECT_GT(RuleScore("not bad"), 0);
  EXPECT_LT(RuleScore("not good"), 0);
  EXPECT_LT(RuleScore("没有想象中好"), 0);
}

TEST(Rules, DegreeWordsScale) {
  EXPECT_GT(RuleScore("非常好"), RuleScore("好"));
  EXPECT_LT(RuleScore("有点慢"), 0);
  EXPECT_GT(RuleScore("有点慢"), RuleScore("太慢"));
  EXPECT_GT(RuleScore("very good"), RuleScore("good"));
}

TEST(Rules, ContrastLetsTheSecondHalfDecide) {
  EXPECT_LT(RuleScore("虽然价格便宜，但是质量太差"), 0);
  EXPECT_GT(RuleScore("虽然等了很久，但是味道很好，很满意"), 0);
  EXPECT_LT(RuleScore("the room was nice but the staff were rude"), 0);
}

TEST(Rules, RhetoricalQuestionsSarcasmAndEmoji) {
  EXPECT_LT(RuleScore("难道这就是你们的好服务吗？"), 0);
  EXPECT_LT(RuleScore("呵呵，真好，等了三个小时"), 0);
  EXPECT_LT(RuleScore("又坏了😡"), RuleScore("又坏了"));
  EXPECT_GT(RuleScore("收到了👍"), 0);
  EXPECT_LT(RuleScore("收到了 :("), 0);
}

TEST(Analyzer, LabelsScoresAndLanguage) {
  ASSERT_TRUE(A().has_model());
  Analysis neg = A().Analyze("设备停机了，太差劲了，马上派人来！我要投诉");
  EXPECT_EQ(neg.language, "zh");
  EXPECT_EQ(neg.sentiment.label, "negative");
  EXPECT_LT(neg.sentiment.score, -0.5);
  EXPECT_TRUE(neg.is_complaint);
  EXPECT_EQ(neg.priority_hint, "P1");
  EXPECT_EQ(neg.category, "complaint");
  Analysis pos = A().Analyze("非常满意，谢谢你们的耐心帮助");
  EXPECT_EQ(pos.sentiment.label, "positive");
  ASSERT_FALSE(pos.emotions.empty());
  bool grateful = false;
  for (const auto& e : pos.emotions) grateful |= e.name == "gratitude";
  EXPECT_TRUE(grateful);
  EXPECT_EQ(A().Analyze("I want to complain, this is unacceptable").language, "en");
  EXPECT_EQ(A().Analyze("这个 order 的 delivery status 一直没有 update").language, "mixed");
  EXPECT_EQ(A().Analyze("").sentiment.label, "neutral");
}

TEST(Analyzer, UrgencyWithoutSentimentWordsGivesAHint) {
  EXPECT_EQ(A().Analyze("产线设备停机").priority_hint, "P1");
  EXPECT_EQ(A().Analyze("急！").priority_hint, "P1");
  EXPECT_EQ(A().Analyze("麻烦尽快处理").priority_hint, "P2");
  EXPECT_EQ(A().Analyze("请问怎么开发票").priority_hint, "");
  // A negated urgency word is no urgency (and no anxiety); the cue is reported.
  auto calm = A().Analyze("不急，有空帮我看一下发票");
  EXPECT_EQ(calm.priority_hint, "");
  EXPECT_EQ(calm.urgency, 0);
  for (const auto& e : calm.emotions) EXPECT_NE(e.name, "anxiety");
  auto down = A().Analyze("production down, please help");
  EXPECT_EQ(down.priority_hint, "P1");
  EXPECT_EQ(down.urgency_cue, "production down");
  EXPECT_EQ(A().Analyze("产线设备停机，马上处理").urgency_cue, "设备停机");
}

TEST(Analyzer, CauseFromCues) {
  EXPECT_EQ(A().Analyze("快递太慢了，包装还破损了").cause.label, "logistics");
  EXPECT_EQ(A().Analyze("服务员态度很差，爱理不理").cause.label, "staff");
  EXPECT_EQ(A().Analyze("空调不制冷，质量太差").cause.label, "product_defect");
  EXPECT_EQ(A().Analyze("多收了我50块钱，发票也不给").cause.label, "billing");
  Cause none = A().Analyze("今天天气").cause;
  EXPECT_EQ(none.label, "other");
  EXPECT_EQ(none.confidence, 0);
}

TEST(Analyzer, KeywordsSkipStopwords) {
  auto kw = A().Analyze("冰箱不制冷，冰箱刚买的，我很生气").keywords;
  ASSERT_FALSE(kw.empty());
  EXPECT_NE(std::find(kw.begin(), kw.end(), "冰箱"), kw.end());
  EXPECT_EQ(std::find(kw.begin(), kw.end(), "我"), kw.end());
}

}  // namespace
}  // namespace loopdesk::text
