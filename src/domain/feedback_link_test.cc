#include "domain/feedback_link.h"

#include <gtest/gtest.h>

namespace loopdesk {
namespace {

constexpr TimeMs kDay = 86'400'000;

Order MakeOrder(Id id, std::string product, TimeMs at) {
  Order o;
  o.id = id;
  o.product = std::move(product);
  o.ordered_at = at;
  o.created_at = at;
  return o;
}

Asset MakeAsset(Id id, std::string product, TimeMs installed) {
  Asset a;
  a.id = id;
  a.product = std::move(product);
  a.installed_at = installed;
  a.created_at = installed;
  return a;
}

TEST(FeedbackLinkTest, NoPurchaseBeforeTheFeedbackLinksNothing) {
  auto l = LinkToProduct("门锁坏了", 10 * kDay, {MakeOrder(1, "智能门锁 L7", 11 * kDay)}, {});
  EXPECT_EQ(l.link, kLinkNone);
  EXPECT_EQ(l.product, "");
  EXPECT_FALSE(l.order_id);
}

TEST(FeedbackLinkTest, ModelTokenInTheTextPicksThatProductOverANewerOne) {
  std::vector<Order> orders = {MakeOrder(1, "智能门锁 L7", 1 * kDay),
                               MakeOrder(2, "净水器 W2", 5 * kDay)};
  auto l = LinkToProduct("升级后 l7 打不开了", 10 * kDay, orders, {});
  EXPECT_EQ(l.link, kLinkMentioned);
  EXPECT_EQ(l.product, "智能门锁 L7");
  EXPECT_EQ(l.order_id, Id{1});
}

TEST(FeedbackLinkTest, ModelTokenMustStandAlone) {
  std::vector<Order> orders = {MakeOrder(1, "智能门锁 L7", 1 * kDay),
                               MakeOrder(2, "净水器 W2", 5 * kDay)};
  // "L70" and "XL7" are other models: no mention, so the newest order is taken.
  auto l = LinkToProduct("my L70 and XL7 are fine", 10 * kDay, orders, {});
  EXPECT_EQ(l.link, kLinkLatestOrder);
  EXPECT_EQ(l.product, "净水器 W2");
}

TEST(FeedbackLinkTest, WholeNameMatchesAndTheAssetBeatsTheOrderOfTheSameProduct) {
  std::vector<Order> orders = {MakeOrder(1, "M3 patient monitor", 1 * kDay)};
  std::vector<Asset> assets = {MakeAsset(7, "M3 patient monitor", 2 * kDay),
                               MakeAsset(8, "P900 industrial printer", 3 * kDay)};
  auto l = LinkToProduct("The M3 Patient Monitor alarms all night", 10 * kDay, orders, assets);
  EXPECT_EQ(l.link, kLinkMentioned);
  EXPECT_EQ(l.asset_id, Id{7});
  EXPECT_FALSE(l.order_id);
}

TEST(FeedbackLinkTest, LongerMatchWins) {
  std::vector<Order> orders = {MakeOrder(1, "净水器 W2", 1 * kDay),
                               MakeOrder(2, "净水器滤芯套装", 2 * kDay)};
  auto l = LinkToProduct("净水器滤芯套装发错了", 10 * kDay, orders, {});
  EXPECT_EQ(l.product, "净水器滤芯套装");
}

TEST(FeedbackLinkTest, OneProductOwnedIsTakenAsItsAsset) {
  std::vector<Order> orders = {MakeOrder(1, "商用空调 KX-5", 1 * kDay)};
  std::vector<Asset> assets = {MakeAsset(3, "商用空调 KX-5", 4 * kDay)};
  auto l = LinkToProduct("态度很差", 10 * kDay, orders, assets);
  EXPECT_EQ(l.link, kLinkOnlyProduct);
  EXPECT_EQ(l.asset_id, Id{3});
}

TEST(FeedbackLinkTest, WithoutAMentionTheNewestAssetBeatsANewerOrder) {
  std::vector<Order> orders = {MakeOrder(1, "SaaS annual subscription", 6 * kDay)};
  std::vector<Asset> assets = {MakeAsset(3, "商用空调 KX-5", 4 * kDay),
                               MakeAsset(4, "工业打印机 P900", 5 * kDay)};
  auto l = LinkToProduct("slow answer", 10 * kDay, orders, assets);
  EXPECT_EQ(l.link, kLinkLatestAsset);
  EXPECT_EQ(l.asset_id, Id{4});
  EXPECT_EQ(l.product, "工业打印机 P900");
}

}  // namespace
}  // namespace loopdesk
