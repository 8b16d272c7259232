#include "text/cluster.h"

#include <gtest/gtest.h>

#include <set>

#include "text/analyzer.h"

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

std::vector<TextCluster> Cluster(const std::vector<std::string>& texts) {
  std::vector<std::vector<std::string>> docs;
  for (const auto& t : texts) docs.push_back(FeedbackTerms(A(), t));
  return ClusterDocs(docs);
}

// The cluster holding document d.
size_t ClusterOf(const std::vector<TextCluster>& cs, size_t d) {
  for (size_t i = 0; i < cs.size(); ++i)
    for (size_t m : cs[i].members)
      if (m == d) return i;
  ADD_FAILURE() << "document " << d << " in no cluster";
  return SIZE_MAX;
}

TEST(FeedbackTerms, DropsStopWordsPunctuationAndNumbers) {
  auto terms = FeedbackTerms(A(), "我的冰箱不制冷了，已经3天了！");
  EXPECT_NE(std::find(terms.begin(), terms.end(), "不制冷"), terms.end());
  for (const auto& t : terms) {
    EXPECT_NE(t, "的");
    EXPECT_NE(t, "3");
    EXPECT_NE(t, "，");
  }
  auto en = FeedbackTerms(A(), "The delivery was late, 2 days!");
  EXPECT_EQ(en, (std::vector<std::string>{"delivery", "late", "days"}));
}

TEST(ClusterDocs, TwoDistinctProblemsInChineseSplitIntoTwoClusters) {
  std::vector<std::string> texts = {
      "送餐太慢了，等了两个小时才送到",    "配送太慢，等了一个多小时，饭都凉了",
      "外卖送得太慢了，骑手迟到一个小时",  "冰箱不制冷，刚买一周就坏了",
      "空调不制冷，师傅上门也没修好",      "新买的冰箱不制冷，要求退换货",
      "送餐速度太慢，等了很久才送到",      "冰箱用了三天就不制冷了，质量太差"};
  auto cs = Cluster(texts);
  size_t late = ClusterOf(cs, 0), cold = ClusterOf(cs, 3);
  EXPECT_NE(late, cold);
  for (size_t d : {1, 2, 6}) EXPECT_EQ(ClusterOf(cs, d), late) << texts[d];
  for (size_t d : {4, 5, 7}) EXPECT_EQ(ClusterOf(cs, d), cold) << texts[d];
  EXPECT_EQ(cs[0].members.size() + cs[1].members.size(), texts.size());
  // Labels come from the centroid's heaviest words.
  const auto& kw = cs[cold].keywords;
  EXPECT_NE(std::find(kw.begin(), kw.end(), "不制冷"), kw.end());
}

TEST(ClusterDocs, TwoDistinctProblemsInEnglishSplitIntoTwoClusters) {
  std::vector<std::string> texts = {
      "The invoice charged me twice this month",  "I was charged twice on my invoice",
      "Double charged again, please fix the invoice", "The app crashes when I open settings",
      "App keeps crashing after the update",       "Every time I open the app it crashes"};
  auto cs = Cluster(texts);
  size_t billing = ClusterOf(cs, 0), crash = ClusterOf(cs, 3);
  EXPECT_NE(billing, crash);
  EXPECT_EQ(ClusterOf(cs, 1), billing);
  EXPECT_EQ(ClusterOf(cs, 2), billing);
  EXPECT_EQ(ClusterOf(cs, 4), crash);
  EXPECT_EQ(ClusterOf(cs, 5), crash);
}

TEST(ClusterDocs, NearDuplicatesMergeAndTheCentralTextIsAMember) {
  std::vector<std::string> texts = {
      "快递三天了还没到，物流信息一直不更新", "快递三天了还没到，物流信息一直不更新！！",
      "快遞三天了還沒到，物流信息一直不更新",  // traditional characters
      "客服态度很差，说话很不耐烦"};
  auto cs = Cluster(texts);
  size_t c = ClusterOf(cs, 0);
  EXPECT_EQ(ClusterOf(cs, 1), c);
  EXPECT_EQ(ClusterOf(cs, 2), c);
  EXPECT_NE(ClusterOf(cs, 3), c);
  EXPECT_EQ(cs[c].members.size(), 3u);
  EXPECT_LT(cs[c].central, 3u);
  EXPECT_GT(cs[c].cohesion, 0.9);
}

TEST(ClusterDocs, EveryDocumentIsInExactlyOneClusterAndTheResultIsDeterministic) {
  std::vector<std::vector<std::string>> docs = {
      {"a1", "b1"}, {"a1", "b1"}, {}, {"zz"}, {"a1", "c1"}, {"b1", "c1"}};
  auto cs = ClusterDocs(docs);
  std::multiset<size_t> seen;
  for (const auto& c : cs) seen.insert(c.members.begin(), c.members.end());
  EXPECT_EQ(seen, (std::multiset<size_t>{0, 1, 2, 3, 4, 5}));
  auto again = ClusterDocs(docs);
  ASSERT_EQ(again.size(), cs.size());
  for (size_t i = 0; i < cs.size(); ++i) EXPECT_EQ(again[i].members, cs[i].members);
  EXPECT_TRUE(ClusterDocs({}).empty());
}

TEST(MeasureClusters, PurityAndNmiOfPerfectAndMixedClusterings) {
  std::vector<std::string> labels = {"x", "x", "y", "y"};
  std::vector<TextCluster> perfect(2);
  perfect[0].members = {0, 1};
  perfect[1].members = {2, 3};
  auto p = MeasureClusters(perfect, labels);
  EXPECT_DOUBLE_EQ(p.purity, 1);
  EXPECT_NEAR(p.nmi, 1, 1e-9);
  std::vector<TextCluster> mixed(2);
  mixed[0].members = {0, 2};
  mixed[1].members = {1, 3};
  auto m = MeasureClusters(mixed, labels);
  EXPECT_DOUBLE_EQ(m.purity, 0.5);
  EXPECT_NEAR(m.nmi, 0, 1e-9);
}

}  // namespace
}  // namespace loopdesk::text
