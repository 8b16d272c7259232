// KnowledgeService over the real SQLite store and Xapian indexes: article CRUD with events and
// versions, roles, validation, search kept current, rebuild at start, suggestions with
// similar resolved tickets; and the store contract of the articles table.
#include "app/knowledge_service.h"

#include <gtest/gtest.h>

#include "app/demo_knowledge.h"
#include "app/knowledge_tokenizer.h"
#include "app/service.h"
#include "search/xapian/xapian_index.h"
#include "storage/sqlite/sqlite_store.h"
#include "tests/support/fakes.h"
#include "text/analyzer.h"

namespace loopdesk {
namespace {

const text::Analyzer& TheAnalyzer() {
  static auto a = text::Analyzer::Load();
  EXPECT_TRUE(a.ok()) << a.status().ToString();
  return **a;
}

class KnowledgeServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = SqliteStore::Open(dir_.File("t.db"));
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(*s);
    svc_ = std::make_unique<Service>(*store_, secrets_, clock_, bus_);
    MakeKnowledge();
    bus_.Subscribe([this](const Event& e) {
      published_.push_back(e.type);
      kb_->Notify(e);
    });
    ASSERT_TRUE(svc_->Bootstrap("root").ok());
    admin_ = *svc_->Authenticate("root");
    agent_ = admin_;
    agent_.role = Role::kAgent;
    NewCustomer c;
    c.name = "王女士";
    c.phone = "13800000000";
    customer_ = svc_->CreateCustomer(admin_, c)->id;
  }

  void MakeKnowledge() {
    search::XapianIndexOptions o;
    articles_ = search::XapianIndex::Create(&tokenizer_, o).value();
    o.store_body = false;
    tickets_ = search::XapianIndex::Create(&tokenizer_, o).value();
    kb_ = std::make_unique<KnowledgeService>(*store_, clock_, bus_, *articles_, *tickets_);
    ASSERT_TRUE(kb_->Load().ok());
  }

  Article Add(const std::string& title, const std::string& body, const std::string& category = "",
              ArticleStatus status = ArticleStatus::kPublished) {
    NewArticle a;
    a.title = title;
    a.body = body;
    a.category = category;
    a.status = status;
    auto r = kb_->Create(admin_, a);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : Article{};
  }

  Id Ticket(const std::string& subject, const std::string& description) {
    NewTicket t;
    t.customer_id = customer_;
    t.channel = Channel::kChat;
    t.subject = subject;
    t.description = description;
    return svc_->CreateTicket(admin_, t)->ticket.id;
  }

  void Resolve(Id id, TimeMs after_ms) {
    clock_.Advance(after_ms);
    TicketPatch p;
    p.status = TicketStatus::kResolved;
    auto r = svc_->UpdateTicket(admin_, id, p);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
  }

  testing::TempDir dir_;
  testing::FakeSecrets secrets_;
  FakeClock clock_{1795336200000};
  EventBus bus_;
  AnalyzerTokenizer tokenizer_{TheAnalyzer()};
  std::unique_ptr<SqliteStore> store_;
  std::unique_ptr<Service> svc_;
  std::unique_ptr<search::XapianIndex> articles_, tickets_;
  std::unique_ptr<KnowledgeService> kb_;
  std::vector<std::string> published_;
  Principal admin_, agent_;
  Id customer_ = 0;
};

TEST_F(KnowledgeServiceTest, CreateUpdateDeleteKeepVersionsAndEvents) {
  Article a = Add("产品保修期政策说明", "整机保修 24 个月。", "warranty");
  EXPECT_GT(a.id, 0);
  EXPECT_EQ(a.version, 1);
  EXPECT_EQ(a.author_id, admin_.agent_id);
  ArticlePatch p;
  p.title = "保修期政策";
  p.tags = std::vector<std::string>{"保修"};
  clock_.Advance(1000);
  auto u = kb_->Update(admin_, a.id, p);
  ASSERT_TRUE(u.ok()) << u.status().ToString();
  EXPECT_EQ(u->version, 2);
  EXPECT_EQ(u->title, "保修期政策");
  EXPECT_EQ(u->updated_at, a.created_at + 1000);
  EXPECT_EQ(kb_->Update(admin_, a.id, p)->version, 2);  // no change: no new version
  ASSERT_TRUE(kb_->Delete(admin_, a.id).ok());
  EXPECT_EQ(kb_->Get(admin_, a.id).status().code(), Code::kNotFound);
  EXPECT_EQ(kb_->Delete(admin_, a.id).code(), Code::kNotFound);
  EXPECT_EQ(kb_->Update(admin_, a.id, p).status().code(), Code::kNotFound);

  std::vector<Event> events;
  ASSERT_TRUE(store_->Read([&](UnitOfWork& uow) -> Status {
    LD_ASSIGN_OR_RETURN(events, uow.ListEventsAfter(0, 1000));
    return Status::Ok();
  }).ok());
  std::vector<std::string> types;
  for (const Event& e : events)
    if (e.type.rfind("article.", 0) == 0) types.push_back(e.type);
  EXPECT_EQ(types, (std::vector<std::string>{"article.created", "article.updated",
                                             "article.deleted"}));
  EXPECT_EQ(std::count(published_.begin(), published_.end(), "article.updated"), 1);
}

TEST_F(KnowledgeServiceTest, ValidationNamesTheFieldAndWritesNothing) {
  NewArticle a;
  a.title = "";
  a.body = "x";
  auto r = kb_->Create(admin_, a);
  EXPECT_EQ(r.status().code(), Code::kInvalidArgument);
  EXPECT_EQ(r.status().field(), "title");
  a.title = std::string(201, 'x');
  EXPECT_EQ(kb_->Create(admin_, a).status().field(), "title");
  a.title = "ok";
  a.body = "";
  EXPECT_EQ(kb_->Create(admin_, a).status().field(), "body");
  a.body = "ok";
  a.tags = {""};
  EXPECT_EQ(kb_->Create(admin_, a).status().field(), "tags");
  EXPECT_TRUE(kb_->List(admin_, {})->items.empty());
  EXPECT_EQ(kb_->article_count(), 0);
}

TEST_F(KnowledgeServiceTest, AgentsReadPublishedOnlyAndCannotWrite) {
  Article pub = Add("退货规则", "七天无理由退货。");
  Article draft = Add("退货规则草稿", "七天无理由退货（草稿）。", "", ArticleStatus::kDraft);
  NewArticle a;
  a.title = "t";
  a.body = "b";
  EXPECT_EQ(kb_->Create(agent_, a).status().code(), Code::kPermissionDenied);
  EXPECT_EQ(kb_->Delete(agent_, pub.id).code(), Code::kPermissionDenied);
  EXPECT_TRUE(kb_->Get(agent_, pub.id).ok());
  EXPECT_EQ(kb_->Get(agent_, draft.id).status().code(), Code::kNotFound);
  EXPECT_TRUE(kb_->Get(admin_, draft.id).ok());
  EXPECT_EQ(kb_->List(agent_, {})->items.size(), 1u);
  EXPECT_EQ(kb_->List(admin_, {})->items.size(), 2u);
  auto hits = kb_->Search(agent_, "七天无理由退货", 10);
  ASSERT_TRUE(hits.ok());
  ASSERT_EQ(hits->size(), 1u);
  EXPECT_EQ(hits->front().id, pub.id);
  EXPECT_EQ(kb_->Search(admin_, "七天无理由退货", 10)->size(), 2u);
}

TEST_F(KnowledgeServiceTest, ListFiltersAndPages) {
  for (int i = 0; i < 5; ++i) Add("文章" + std::to_string(i), "正文", i % 2 ? "script" : "faq");
  ArticleFilter f;
  f.limit = 2;
  auto p1 = kb_->List(admin_, f);
  ASSERT_TRUE(p1.ok());
  ASSERT_EQ(p1->items.size(), 2u);
  ASSERT_TRUE(p1->next_cursor);
  EXPECT_EQ(p1->items[0].title, "文章4");
  f.before_id = *p1->next_cursor;
  auto p2 = kb_->List(admin_, f);
  EXPECT_EQ(p2->items[0].title, "文章2");
  ArticleFilter c;
  c.category = "script";
  EXPECT_EQ(kb_->List(admin_, c)->items.size(), 2u);
}

TEST_F(KnowledgeServiceTest, SearchFollowsChangesAndSurvivesARestart) {
  Article a = Add("KX-5 故障码 E4", "室内机显示 E4 表示压缩机电容老化，空调不制冷。", "troubleshooting");
  Add("产品保修期政策说明", "保修期自签收之日起计算，整机保修 24 个月。", "warranty");
  auto hits = kb_->Search(agent_, "保修期多久", 5);
  ASSERT_TRUE(hits.ok());
  ASSERT_FALSE(hits->empty());
  EXPECT_EQ(hits->front().title, "产品保修期政策说明");
  EXPECT_NE(hits->front().snippet.find("<mark>"), std::string::npos);

  ArticlePatch p;
  p.status = ArticleStatus::kArchived;
  ASSERT_TRUE(kb_->Update(admin_, a.id, p).ok());
  EXPECT_TRUE(kb_->Search(agent_, "E4 不制冷", 5)->empty());

  MakeKnowledge();  // a restart: indexes rebuilt from the store
  EXPECT_EQ(kb_->article_count(), 2);
  EXPECT_EQ(kb_->Search(agent_, "保修期多久", 5)->front().title, "产品保修期政策说明");
  EXPECT_TRUE(kb_->Search(agent_, "E4 不制冷", 5)->empty());
  EXPECT_EQ(kb_->Search(admin_, "E4 不制冷", 5)->front().id, a.id);
}

TEST_F(KnowledgeServiceTest, SuggestsArticlesScriptsAndSimilarResolvedTickets) {
  Article e4 = Add("KX-5 故障码 E4", "室内机显示 E4 表示压缩机电容老化，空调不制冷。", "troubleshooting");
  Add("七天无理由退货规则", "签收 7 天内可退货。", "returns");
  Article script = Add("话术：故障报修首次回复", "麻烦提供设备序列号和故障代码，我们安排工程师。", "script");
  Id old1 = Ticket("空调不制冷", "空调显示 E4，外机不转");
  Resolve(old1, 3600'000);
  Id old2 = Ticket("空调不制冷了", "出风口吹热风，显示故障码 E4");
  Resolve(old2, 7200'000);
  Id other = Ticket("申请退款", "订单不想要了");
  Resolve(other, 600'000);
  Id open = Ticket("空调不制冷，显示E4", "店里空调吹热风");  // not resolved: never similar

  Id now = Ticket("空调不制冷", "显示屏上是 E4 故障码，外机风扇不转");
  auto s = kb_->Suggest(agent_, now);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  ASSERT_FALSE(s->articles.empty());
  EXPECT_EQ(s->articles.front().id, e4.id);
  ASSERT_FALSE(s->scripts.empty());
  EXPECT_EQ(s->scripts.front().id, script.id);
  std::vector<Id> similar;
  for (const auto& t : s->similar) similar.push_back(t.ticket_id);
  ASSERT_GE(similar.size(), 2u);
  EXPECT_EQ(std::count(similar.begin(), similar.end(), open), 0);
  EXPECT_EQ(std::count(similar.begin(), similar.end(), now), 0);
  EXPECT_EQ(std::count(similar.begin(), similar.end(), other), 0);
  EXPECT_TRUE(std::count(similar.begin(), similar.end(), old1) &&
              std::count(similar.begin(), similar.end(), old2));
  EXPECT_EQ(*s->similar_avg_resolution_s, (3600 + 7200) / 2);

  // Reopening takes a ticket out of the similar cases.
  NewMessage m;
  m.author = AuthorKind::kCustomer;
  m.body = "又不制冷了";
  ASSERT_TRUE(svc_->AddMessage(admin_, old1, m).ok());
  s = kb_->Suggest(agent_, now);
  ASSERT_TRUE(s.ok());
  for (const auto& t : s->similar) EXPECT_NE(t.ticket_id, old1);
  EXPECT_EQ(kb_->Suggest(agent_, 999999).status().code(), Code::kNotFound);
}

TEST_F(KnowledgeServiceTest, DemoKnowledgeSeedsOnce) {
  auto n = SeedDemoKnowledge(*kb_);
  ASSERT_TRUE(n.ok()) << n.status().ToString();
  EXPECT_GE(*n, 30);
  EXPECT_EQ(*SeedDemoKnowledge(*kb_), 0);
  EXPECT_EQ(kb_->article_count(), *n);
}

}  // namespace
}  // namespace loopdesk
