// XapianIndex on a small corpus with the text engine's tokenizer: ranking (BM25, title
// boost), Chinese queries without spaces in every CjkMode, filters, updates, snippets.
#include "search/xapian/xapian_index.h"

#include <gtest/gtest.h>

#include "app/knowledge_tokenizer.h"
#include "text/analyzer.h"

namespace loopdesk::search {
namespace {

const text::Analyzer& TheAnalyzer() {
  static auto a = text::Analyzer::Load();
  EXPECT_TRUE(a.ok()) << a.status().ToString();
  return **a;
}

const IndexDoc kCorpus[] = {
    {1, "产品保修期政策说明", "保修期自签收之日起计算：商用空调整机保修 24 个月，门锁保修 12 个月。",
     {"status:published", "category:warranty"}, 0},
    {2, "七天无理由退货规则", "签收之日起 7 天内，商品完好可申请七天无理由退货，退款原路返回。",
     {"status:published", "category:returns"}, 0},
    {3, "KX-5 故障码 E4", "室内机显示 E4 表示压缩机电容老化，空调不制冷，外机风扇不转。",
     {"status:published", "category:troubleshooting"}, 0},
    {4, "话术：退款进度答复", "您好，您的退款已审核通过，将原路退回，银行卡 3–7 个工作日到账。",
     {"status:published", "category:script"}, 0},
    {5, "门锁指纹识别失败", "请清洁指纹窗口，重新录入指纹；仍失败可能是指纹模组故障。",
     {"status:draft", "category:troubleshooting"}, 0},
    {6, "Product warranty policy", "The warranty starts on the delivery date and lasts 24 months.",
     {"status:published", "category:warranty"}, 0},
};

class XapianIndexTest : public ::testing::TestWithParam<CjkMode> {
 protected:
  void SetUp() override {
    tokenizer_ = std::make_unique<AnalyzerTokenizer>(TheAnalyzer());
    XapianIndexOptions o;
    o.mode = GetParam();
    auto idx = XapianIndex::Create(tokenizer_.get(), o);
    ASSERT_TRUE(idx.ok()) << idx.status().ToString();
    index_ = std::move(*idx);
    for (const IndexDoc& d : kCorpus) ASSERT_TRUE(index_->Put(d).ok());
  }

  std::vector<DocId> Ids(const Query& q) {
    auto hits = index_->Search(q);
    EXPECT_TRUE(hits.ok()) << hits.status().ToString();
    std::vector<DocId> out;
    if (hits.ok())
      for (const Hit& h : *hits) out.push_back(h.id);
    return out;
  }
  std::vector<DocId> Ids(const std::string& text) {
    Query q;
    q.text = text;
    return Ids(q);
  }

  std::unique_ptr<AnalyzerTokenizer> tokenizer_;
  std::unique_ptr<XapianIndex> index_;
};

TEST_P(XapianIndexTest, ChineseQueryWithoutSpacesFindsTheArticle) {
  auto ids = Ids("保修期多久");
  ASSERT_FALSE(ids.empty());
  EXPECT_EQ(ids[0], 1);
  ids = Ids("空调显示E4不制冷");
  ASSERT_FALSE(ids.empty());
  EXPECT_EQ(ids[0], 3);
}

TEST_P(XapianIndexTest, TitleCountsMoreThanBody) {
  // "退款" is in the title of 4 and only in the body of 2.
  auto ids = Ids("退款");
  ASSERT_GE(ids.size(), 2u);
  EXPECT_EQ(ids[0], 4);
}

TEST_P(XapianIndexTest, EnglishIgnoresCase) {
  auto ids = Ids("WARRANTY");
  ASSERT_FALSE(ids.empty());
  EXPECT_EQ(ids[0], 6);
}

TEST_P(XapianIndexTest, FiltersAndExclusions) {
  Query q;
  q.text = "指纹 退款 保修";
  q.all_tags = {"status:published"};
  auto ids = Ids(q);
  EXPECT_EQ(std::count(ids.begin(), ids.end(), 5), 0);  // a draft
  q.none_tags = {"category:script"};
  ids = Ids(q);
  EXPECT_EQ(std::count(ids.begin(), ids.end(), 4), 0);
  q.exclude = {1};
  ids = Ids(q);
  EXPECT_EQ(std::count(ids.begin(), ids.end(), 1), 0);
  EXPECT_FALSE(ids.empty());
}

TEST_P(XapianIndexTest, PutReplacesAndRemoveDeletes) {
  EXPECT_EQ(index_->size(), 6);
  IndexDoc d = kCorpus[1];
  d.title = "换货流程";
  d.body = "发错货时安排换货。";
  ASSERT_TRUE(index_->Put(d).ok());
  EXPECT_EQ(index_->size(), 6);
  EXPECT_TRUE(Ids("七天无理由").empty());
  EXPECT_EQ(Ids("换货"), std::vector<DocId>{2});
  ASSERT_TRUE(index_->Remove(2).ok());
  ASSERT_TRUE(index_->Remove(2).ok());  // removing again is fine
  EXPECT_TRUE(Ids("换货").empty());
  EXPECT_EQ(index_->size(), 5);
}

TEST_P(XapianIndexTest, HitsCarryTitleSnippetAndValue) {
  IndexDoc d{7, "净水器漏水", "发现漏水请立即关闭进水阀并断电。", {}, 5400};
  ASSERT_TRUE(index_->Put(d).ok());
  Query q;
  q.text = "净水器漏水怎么办";
  q.snippet_chars = 40;
  auto hits = index_->Search(q);
  ASSERT_TRUE(hits.ok());
  ASSERT_FALSE(hits->empty());
  const Hit& h = hits->front();
  EXPECT_EQ(h.id, 7);
  EXPECT_EQ(h.title, "净水器漏水");
  EXPECT_EQ(h.value, 5400);
  EXPECT_GT(h.score, 0);
  EXPECT_NE(h.snippet.find("<mark>漏水</mark>"), std::string::npos) << h.snippet;
}

TEST_P(XapianIndexTest, EmptyOrPunctuationQueryFindsNothing) {
  EXPECT_TRUE(Ids("").empty());
  EXPECT_TRUE(Ids("，。！？").empty());
}

INSTANTIATE_TEST_SUITE_P(Modes, XapianIndexTest,
                         ::testing::Values(CjkMode::kWords, CjkMode::kNgram, CjkMode::kBoth),
                         [](const auto& info) {
                           switch (info.param) {
                             case CjkMode::kWords: return std::string("Words");
                             case CjkMode::kNgram: return std::string("Ngram");
                             default: return std::string("Both");
                           }
                         });

}  // namespace
}  // namespace loopdesk::search
