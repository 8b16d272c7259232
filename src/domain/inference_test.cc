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
