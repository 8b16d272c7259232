// The articles table of the SQLite adapter (ports/knowledge_store.h): round trip of every
// field, versions raised by updates, soft delete, list filters and cursors in both orders,
// and writes refused in a read transaction.

#include <gtest/gtest.h>

#include "storage/sqlite/sqlite_store.h"
#include "tests/support/fakes.h"

namespace loopdesk {
namespace {

class SqliteKnowledgeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = SqliteStore::Open(dir_.File("loopdesk.db"));
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(s).value();
  }
  Article Insert(std::string title, std::string category = "", ArticleStatus st =
                                                                    ArticleStatus::kPublished,
                 std::vector<std::string> tags = {}, std::string lang = "zh") {
    Article a;
    a.title = std::move(title);
    a.body = "正文 " + a.title;
    a.category = std::move(category);
    a.status = st;
    a.tags = std::move(tags);
    a.language = std::move(lang);
    a.author_id = 7;
    a.created_at = a.updated_at = 1000;
    EXPECT_TRUE(store_->Write([&](UnitOfWork& u) { return u.knowledge().InsertArticle(a); }).ok());
    return a;
  }
  std::vector<Id> List(const ArticleFilter& f) {
    std::vector<Article> rows;
    EXPECT_TRUE(store_
                    ->Read([&](UnitOfWork& u) {
                      LD_ASSIGN_OR_RETURN(rows, u.knowledge().ListArticles(f));
                      return Status::Ok();
                    })
                    .ok());
    std::vector<Id> ids;
    for (const auto& a : rows) ids.push_back(a.id);
    return ids;
  }
  Result<Article> Get(Id id) {
    Result<Article> out = Status::Internal("unset");
    EXPECT_TRUE(store_
                    ->Read([&](UnitOfWork& u) {
                      out = u.knowledge().GetArticle(id);
                      return Status::Ok();
                    })
                    .ok());
    return out;
  }

  testing::TempDir dir_;
  std::unique_ptr<SqliteStore> store_;
};

TEST_F(SqliteKnowledgeTest, RoundTripsEveryFieldAndRaisesTheVersion) {
  Article a = Insert("保修期政策", "warranty", ArticleStatus::kDraft, {"保修", "政策"}, "en");
  EXPECT_GT(a.id, 0);
  EXPECT_EQ(a.version, 1);
  auto got = Get(a.id);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(got->title, "保修期政策");
  EXPECT_EQ(got->body, "正文 保修期政策");
  EXPECT_EQ(got->category, "warranty");
  EXPECT_EQ(got->tags, (std::vector<std::string>{"保修", "政策"}));
  EXPECT_EQ(got->language, "en");
  EXPECT_EQ(got->status, ArticleStatus::kDraft);
  EXPECT_EQ(got->author_id, 7);
  EXPECT_EQ(got->created_at, 1000);

  Article u = *got;
  u.title = "新标题";
  u.status = ArticleStatus::kArchived;
  u.updated_at = 2000;
  ASSERT_TRUE(store_->Write([&](UnitOfWork& w) { return w.knowledge().UpdateArticle(u); }).ok());
  EXPECT_EQ(u.version, 2);
  got = Get(a.id);
  EXPECT_EQ(got->version, 2);
  EXPECT_EQ(got->title, "新标题");
  EXPECT_EQ(got->status, ArticleStatus::kArchived);
  EXPECT_EQ(got->updated_at, 2000);
  EXPECT_EQ(got->created_at, 1000);
}

TEST_F(SqliteKnowledgeTest, DeletedArticlesAreGoneEverywhere) {
  Article a = Insert("a");
  ASSERT_TRUE(store_->Write([&](UnitOfWork& w) { return w.knowledge().DeleteArticle(a.id, 5); })
                  .ok());
  EXPECT_EQ(Get(a.id).status().code(), Code::kNotFound);
  EXPECT_TRUE(List({}).empty());
  EXPECT_EQ(store_->Write([&](UnitOfWork& w) { return w.knowledge().DeleteArticle(a.id, 6); })
                .code(),
            Code::kNotFound);
  EXPECT_EQ(store_->Write([&](UnitOfWork& w) { return w.knowledge().UpdateArticle(a); }).code(),
            Code::kNotFound);
  EXPECT_EQ(Get(999).status().code(), Code::kNotFound);
}

TEST_F(SqliteKnowledgeTest, ListsFilterAndPageBothWays) {
  Id a = Insert("a", "script", ArticleStatus::kPublished, {"x"}).id;
  Id b = Insert("b", "faq", ArticleStatus::kDraft, {"x", "y"}).id;
  Id c = Insert("c", "script", ArticleStatus::kPublished, {}, "en").id;
  EXPECT_EQ(List({}), (std::vector<Id>{c, b, a}));
  ArticleFilter f;
  f.category = "script";
  EXPECT_EQ(List(f), (std::vector<Id>{c, a}));
  f = {};
  f.status = ArticleStatus::kDraft;
  EXPECT_EQ(List(f), (std::vector<Id>{b}));
  f = {};
  f.tag = "x";
  EXPECT_EQ(List(f), (std::vector<Id>{b, a}));
  f = {};
  f.language = "en";
  EXPECT_EQ(List(f), (std::vector<Id>{c}));
  f = {};
  f.limit = 1;
  f.before_id = c;
  EXPECT_EQ(List(f), (std::vector<Id>{b}));
  f = {};
  f.oldest_first = true;
  f.after_id = a;
  EXPECT_EQ(List(f), (std::vector<Id>{b, c}));
}

TEST_F(SqliteKnowledgeTest, ReadTransactionsRefuseWrites) {
  Article a;
  a.title = "t";
  a.body = "b";
  Status st = store_->Read([&](UnitOfWork& u) { return u.knowledge().InsertArticle(a); });
  EXPECT_EQ(st.code(), Code::kInternal);
  EXPECT_TRUE(List({}).empty());
}

}  // namespace
}  // namespace loopdesk
