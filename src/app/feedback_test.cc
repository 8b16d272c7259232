#include "app/feedback.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>

#include "text/analyzer.h"

namespace loopdesk {
namespace {

TEST(KeywordFeedbackClassifier, CausesInChineseAndEnglish) {
  KeywordFeedbackClassifier c;
  EXPECT_EQ(c.Classify("洗衣机用了三天就坏了，质量太差").cause, "product_defect");
  EXPECT_EQ(c.Classify("The device stopped working after the update, it is faulty").cause,
            "product_defect");
  EXPECT_EQ(c.Classify("快递三天还没到，物流信息也不更新").cause, "logistics");
  EXPECT_EQ(c.Classify("I was charged twice and still have no refund").cause, "billing");
  EXPECT_EQ(c.Classify("客服态度很差，非常不耐烦").cause, "staff");
  EXPECT_EQ(c.Classify("等了一个星期，转来转去一直没解决").cause, "service_process");
}

TEST(KeywordFeedbackClassifier, NothingToGoOnIsOtherWithZeroConfidence) {
  KeywordFeedbackClassifier c;
  FeedbackLabel l = c.Classify("谢谢");
  EXPECT_EQ(l.cause, "other");
  EXPECT_EQ(l.confidence, 0);
  EXPECT_FALSE(l.complaint);
  EXPECT_EQ(c.Classify("").cause, "other");
}

TEST(KeywordFeedbackClassifier, ConfidenceGrowsWithAgreeingCues) {
  KeywordFeedbackClassifier c;
  double one = c.Classify("物流").confidence;
  double two = c.Classify("物流慢，快递员也找不到").confidence;
  double mixed = c.Classify("物流慢，还多扣了钱").confidence;
  EXPECT_GT(one, 0);
  EXPECT_GT(two, one);
  EXPECT_LT(mixed, two);
  EXPECT_LE(two, 1.0);
}

TEST(KeywordFeedbackClassifier, ComplaintDetectionWithNegation) {
  KeywordFeedbackClassifier c;
  EXPECT_TRUE(c.Classify("我要投诉你们的售后").complaint);
  EXPECT_TRUE(c.Classify("给你们差评").complaint);
  EXPECT_TRUE(c.Classify("I want to complain about the technician").complaint);
  EXPECT_FALSE(c.Classify("不是投诉，只是问一下").complaint);
  EXPECT_FALSE(c.Classify("This is not a complaint, just a question").complaint);
  EXPECT_FALSE(c.Classify("请问怎么开发票").complaint);
}

TEST(KeywordFeedbackClassifier, TaxonomyOrder) {
  auto causes = FeedbackCauses();
  ASSERT_EQ(causes.size(), 6u);
  EXPECT_EQ(causes.front(), "product_defect");
  EXPECT_EQ(causes.back(), "other");
}

const text::Analyzer& Engine() {
  static const std::unique_ptr<text::Analyzer> a = [] {
    auto r = text::Analyzer::Load();
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? std::move(*r) : nullptr;
  }();
  return *a;
}

TEST(TextFeedbackClassifier, CausesFromTheTextEngine) {
  TextFeedbackClassifier c(Engine());
  FeedbackLabel staff = c.Classify("服务员态度很差，爱理不理");
  EXPECT_EQ(staff.cause, "staff");
  EXPECT_GT(staff.confidence, 0);
  EXPECT_LE(staff.confidence, 1);
  EXPECT_EQ(c.Classify("空调不制冷，质量太差").cause, "product_defect");
  EXPECT_EQ(c.Classify("快递三天还没到，物流信息也不更新").cause, "logistics");
}

TEST(TextFeedbackClassifier, LabelsAreTheTaxonomy) {
  TextFeedbackClassifier c(Engine());
  auto causes = FeedbackCauses();
  for (const char* t : {"谢谢", "", "I was charged twice and still have no refund",
                        "等了一个星期，转来转去一直没解决", "The device stopped working"}) {
    FeedbackLabel l = c.Classify(t);
    EXPECT_NE(std::find(causes.begin(), causes.end(), l.cause), causes.end()) << t;
  }
  FeedbackLabel none = c.Classify("谢谢");
  EXPECT_EQ(none.cause, "other");
  EXPECT_EQ(none.confidence, 0);
}

TEST(TextFeedbackClassifier, Complaints) {
  TextFeedbackClassifier c(Engine());
  EXPECT_TRUE(c.Classify("我要投诉你们的售后").complaint);
  EXPECT_FALSE(c.Classify("请问怎么开发票").complaint);
}

}  // namespace
}  // namespace loopdesk
