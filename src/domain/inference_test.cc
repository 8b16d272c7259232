#include "domain/inference.h"

#include <gtest/gtest.h>

namespace loopdesk {
namespace {

TEST(Inference, UrgentWordsGiveP1WithTheReason) {
  auto p = InferPriority("生产线设备停机，紧急！");
  EXPECT_EQ(p.value, "P1");
  EXPECT_NE(p.reason.find("keyword"), std::string::npos);
  EXPECT_EQ(InferPriority("URGENT: the system is DOWN").value, "P1");
}

TEST(Inference, ComplaintsAndFaultsAreP2QuestionsP4DefaultP3) {
  EXPECT_EQ(InferPriority("我要投诉你们的客服").value, "P2");
  EXPECT_EQ(InferPriority("The app is not working").value, "P2");
  EXPECT_EQ(InferPriority("请问保修期多久").value, "P4");
  auto d = InferPriority("更换收货地址");
  EXPECT_EQ(d.value, "P3");
  EXPECT_EQ(d.reason, "default");
}

TEST(Inference, CategoriesFromKeywords) {
  EXPECT_EQ(InferCategory("申请退款").value, "refund");
  EXPECT_EQ(InferCategory("I want a refund").value, "refund");
  EXPECT_EQ(InferCategory("我要投诉，退款太慢").value, "complaint");  // complaint wins
  EXPECT_EQ(InferCategory("发票抬头开错了").value, "billing");
  EXPECT_EQ(InferCategory("快递三天没到").value, "delivery");
  EXPECT_EQ(InferCategory("空调不制冷").value, "technical");
  EXPECT_EQ(InferCategory("账号无法登录").value, "account");
  EXPECT_EQ(InferCategory("你好").value, "general");
}

TEST(Inference, TextSignalsDecideUrgencyAndKeywordsTheRest) {
  TextSignals down;
  down.urgency = 1;
  down.urgency_cue = "设备停机";
  auto p1 = InferPriority("产线设备停机了", &down);
  EXPECT_EQ(p1.value, "P1");
  EXPECT_EQ(p1.reason, "urgency 1.0: 设备停机");
  // The engine found no urgency in 不急 (negated): the keyword 急 no longer makes it P2.
  TextSignals calm;
  EXPECT_EQ(InferPriority("不急，有空看一下发票", nullptr).value, "P2");  // keywords alone
  EXPECT_EQ(InferPriority("不急，有空看一下发票", &calm).value, "P3");
  // Problem keywords still count with signals, and the more urgent answer wins.
  TextSignals mild;
  mild.urgency = 0.4;
  mild.urgency_cue = "尽快";
  EXPECT_EQ(InferPriority("设备故障，尽快处理", &mild).value, "P2");
  EXPECT_EQ(InferPriority("请问尽快发货可以吗", &mild).value, "P2");
  EXPECT_EQ(InferPriority("请问保修期多久", &calm).value, "P4");
  TextSignals anxious;
  anxious.anxiety = 0.8;
  auto p2 = InferPriority("我很担心，怎么办", &anxious);
  EXPECT_EQ(p2.value, "P2");
  EXPECT_EQ(p2.reason, "anxiety 0.80");
  // On a tie the keyword reason (more specific) is kept.
  EXPECT_EQ(InferPriority("设备故障，尽快处理", &mild).reason, "keyword 故障");
  // Urgency words are the engine's when it runs: 宕机 alone is P1 by urgency, not keyword.
  TextSignals outage;
  outage.urgency = 0.9;
  outage.urgency_cue = "宕机";
  EXPECT_EQ(InferPriority("系统宕机", &outage).reason, "urgency 0.9: 宕机");
}

TEST(Inference, AnAngryComplaintIsCategoryComplaint) {
  TextSignals angry;
  angry.complaint = true;
  angry.anger = 0.7;
  auto c = InferCategory("你们太过分了，我要去消协举报，退款", &angry);
  EXPECT_EQ(c.value, "complaint");
  EXPECT_EQ(c.reason, "complaint cue + anger 0.70");
  // Without anger the keyword rules decide (退款 → refund).
  TextSignals cue_only;
  cue_only.complaint = true;
  EXPECT_EQ(InferCategory("我要去消协，退款", &cue_only).value, "refund");
  EXPECT_EQ(InferCategory("申请退款", nullptr).value, "refund");
}

TEST(Inference, CategorySlugs) {
  EXPECT_TRUE(IsValidCategory("billing"));
  EXPECT_TRUE(IsValidCategory("install_2"));
  EXPECT_FALSE(IsValidCategory(""));
  EXPECT_FALSE(IsValidCategory("Billing"));
  EXPECT_FALSE(IsValidCategory("退款"));
  EXPECT_FALSE(IsValidCategory(std::string(65, 'a')));
}

}  // namespace
}  // namespace loopdesk
