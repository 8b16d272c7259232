#include <gtest/gtest.h>

#include "text/turn_scorer_analyzer.h"
#include "text/turn_scorer_lexicon.h"

namespace loopdesk::text {
namespace {

const LexiconTurnScorer& S() {
  static const LexiconTurnScorer s;
  return s;
}

std::string L(std::string_view t) { return S().Score(t).label; }

TEST(LexiconTurnScorer, PlainPolarityInBothLanguages) {
  EXPECT_EQ(L("谢谢，问题解决了"), "positive");
  EXPECT_EQ(L("Thanks, that fixed it!"), "positive");
  EXPECT_EQ(L("太失望了，我要投诉"), "negative");
  EXPECT_EQ(L("This is unacceptable, I am really frustrated"), "negative");
  EXPECT_EQ(L("我的订单号是 12345"), "neutral");
  EXPECT_EQ(L(""), "neutral");
  EXPECT_DOUBLE_EQ(S().Score("").score, 0);
}

TEST(LexiconTurnScorer, NegationFlipsTheCue) {
  EXPECT_EQ(L("不满意"), "negative");  // a cue of its own, not 不 + 满意
  EXPECT_EQ(L("并不差"), "positive");
  EXPECT_EQ(L("not bad at all"), "positive");
  EXPECT_EQ(L("问题还是没有解决"), "negative");
  EXPECT_EQ(L("this is not helpful"), "negative");
  EXPECT_EQ(L("不太满意"), "negative");
  // 特别 holds 别 and 非常 holds 非 without negating.
  EXPECT_EQ(L("特别满意"), "positive");
  EXPECT_EQ(L("非常满意"), "positive");
  EXPECT_EQ(L("不好意思，打扰一下"), "neutral");
}

TEST(LexiconTurnScorer, DegreeWordsScale) {
  EXPECT_LT(S().RawSum("非常失望"), S().RawSum("失望"));
  EXPECT_GT(S().RawSum("有点失望"), S().RawSum("失望"));
  EXPECT_GT(S().RawSum("very happy"), S().RawSum("happy"));
}

TEST(LexiconTurnScorer, SarcasmReadsNegative) {
  EXPECT_EQ(L("呵呵，好的"), "negative");
  EXPECT_EQ(L("真是谢谢你们了"), "negative");
  EXPECT_EQ(L("Thanks for nothing."), "negative");
  EXPECT_EQ(L("Great, just great. Another week of waiting."), "negative");
}

TEST(LexiconTurnScorer, ContrastWeighsWhatFollows) {
  EXPECT_EQ(L("虽然态度不错，但是问题还是没解决"), "negative");
  EXPECT_EQ(L("It took a while but it works perfectly now, thanks"), "positive");
}

TEST(LexiconTurnScorer, EnglishCuesNeedWordBoundaries) {
  // "good" inside "goods", "late" inside "translate" are not cues.
  EXPECT_EQ(L("the goods translate the order"), "neutral");
}

TEST(LexiconTurnScorer, ScoreStaysInRange) {
  auto s = S().Score("垃圾垃圾垃圾垃圾垃圾垃圾垃圾垃圾垃圾");
  EXPECT_GT(s.score, -1.0);
  EXPECT_LT(s.score, -0.9);
}

TEST(AnalyzerTurnScorer, IsTheEngineSentiment) {
  auto a = Analyzer::Load();
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  const AnalyzerTurnScorer s(**a);
  for (const char* t : {"太差了，一直没人管", "谢谢，非常满意", "", "The technician was great"}) {
    const TurnScore got = s.Score(t);
    const Sentiment want = (*a)->Analyze(t).sentiment;
    EXPECT_EQ(got.score, want.score) << t;
    EXPECT_EQ(got.label, want.label) << t;
  }
  EXPECT_EQ(s.Score("太差了，一直没人管").label, "negative");
}

}  // namespace
}  // namespace loopdesk::text
