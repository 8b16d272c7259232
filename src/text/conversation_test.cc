#include "text/conversation.h"

#include <gtest/gtest.h>

#include "text/turn_scorer_lexicon.h"

namespace loopdesk::text {
namespace {

Turn C(std::string t) { return Turn{Speaker::kCustomer, 0, {}, std::move(t)}; }
Turn A(std::string t) { return Turn{Speaker::kAgent, 0, {}, std::move(t)}; }

const LexiconTurnScorer kScorer;

TEST(Conversation, TurningPointAfterADismissiveAgentTurn) {
  std::vector<Turn> turns = {C("你好，我家冰箱不制冷了"), A("您好，请提供一下订单号"),
                             C("订单号是 8812"),          A("这个不归我管，你自己看说明书"),
                             C("什么态度！我要投诉你们"), A("抱歉")};
  auto a = AnalyzeConversation(turns, false, kScorer);
  ASSERT_EQ(a.trajectory.size(), 3u);
  EXPECT_EQ(a.trajectory[0].turn, 0);
  ASSERT_EQ(a.turning_points.size(), 1u);
  const TurningPoint& tp = a.turning_points[0];
  EXPECT_EQ(tp.turn, 4);
  ASSERT_TRUE(tp.cause_turn.has_value());
  EXPECT_EQ(*tp.cause_turn, 3);
  EXPECT_GT(tp.from, tp.to);
  EXPECT_LE(tp.to, -0.2);
  EXPECT_FALSE(a.hidden_dissatisfaction);  // not resolved: hidden dissatisfaction does not apply
}

TEST(Conversation, StayingAngryIsNotANewTurningPoint) {
  std::vector<Turn> turns = {C("第三次坏了，气死我了，太失望了"), A("非常抱歉"),
                             C("垃圾产品，我要投诉"), A("我们马上安排")};
  auto a = AnalyzeConversation(turns, false, kScorer);
  EXPECT_TRUE(a.turning_points.empty());
}

TEST(Conversation, NoAgentTurnBeforeMeansNullCause) {
  std::vector<Turn> turns = {C("hello, quick question about my invoice"),
                             C("hello?? still waiting, this is ridiculous")};
  auto a = AnalyzeConversation(turns, false, kScorer);
  ASSERT_EQ(a.turning_points.size(), 1u);
  EXPECT_FALSE(a.turning_points[0].cause_turn.has_value());
}

TEST(Conversation, ResolvedButUnhappyEndingIsHiddenDissatisfaction) {
  std::vector<Turn> turns = {C("洗衣机漏水"), A("您好，已为您安排师傅上门"), C("好吧"),
                             A("还有其他问题吗"), C("呵呵，就这样吧")};
  auto a = AnalyzeConversation(turns, true, kScorer);
  EXPECT_TRUE(a.hidden_dissatisfaction);
  ASSERT_TRUE(a.hidden_evidence_turn.has_value());
  EXPECT_FALSE(a.hidden_reason.empty());
  // The same conversation on an open ticket is not "hidden" dissatisfaction.
  EXPECT_FALSE(AnalyzeConversation(turns, false, kScorer).hidden_dissatisfaction);
}

TEST(Conversation, HappyEndingIsNotHidden) {
  std::vector<Turn> turns = {C("My invoice is wrong, I was charged twice"),
                             A("Sorry about that, I have refunded the duplicate charge"),
                             C("Great, thank you so much!")};
  auto a = AnalyzeConversation(turns, true, kScorer);
  EXPECT_FALSE(a.hidden_dissatisfaction);
  EXPECT_TRUE(a.turning_points.empty());
}

TEST(Conversation, SystemTurnsAndEmptyConversations) {
  EXPECT_TRUE(AnalyzeConversation({}, true, kScorer).trajectory.empty());
  std::vector<Turn> turns = {Turn{Speaker::kSystem, 0, {}, "工单已创建"}};
  auto a = AnalyzeConversation(turns, true, kScorer);
  EXPECT_TRUE(a.trajectory.empty());
  EXPECT_FALSE(a.hidden_dissatisfaction);
}

}  // namespace
}  // namespace loopdesk::text
