// QaService over the real SQLite store: background scoring after committed changes, stored
// results, rubric and reviews.
#include "app/qa_service.h"

#include <gtest/gtest.h>

#include "app/service.h"
#include "storage/sqlite/sqlite_store.h"
#include "tests/support/fakes.h"
#include "text/turn_scorer_lexicon.h"

namespace loopdesk {
namespace {

class QaServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = SqliteStore::Open(dir_.File("t.db"));
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(*s);
    svc_ = std::make_unique<Service>(*store_, secrets_, clock_, bus_);
    qa_ = std::make_unique<QaService>(*store_, clock_, bus_, scorer_);
    ASSERT_TRUE(qa_->Load().ok());
    bus_.Subscribe([this](const Event& e) { qa_->Notify(e); });
    ASSERT_TRUE(svc_->Bootstrap("root").ok());
    admin_ = *svc_->Authenticate("root");
    NewCustomer c;
    c.name = "王女士";
    c.phone = "13800000000";
    customer_ = svc_->CreateCustomer(admin_, c)->id;
  }

  Id Ticket() {
    NewTicket t;
    t.customer_id = customer_;
    t.channel = Channel::kChat;
    t.subject = "冰箱不制冷";
    return svc_->CreateTicket(admin_, t)->ticket.id;
  }

  void Say(Id ticket, AuthorKind who, const std::string& text, bool internal = false) {
    clock_.Advance(30'000);
    NewMessage m;
    m.author = who;
    m.body = text;
    m.internal = internal;
    ASSERT_TRUE(svc_->AddMessage(admin_, ticket, m).ok());
  }

  std::optional<Value> Stored(Id ticket) {
    std::optional<Value> out;
    EXPECT_TRUE(store_
                    ->Read([&](UnitOfWork& uow) -> Status {
                      LD_ASSIGN_OR_RETURN(out, uow.GetQaResult(ticket));
                      return Status::Ok();
                    })
                    .ok());
    return out;
  }

  testing::TempDir dir_;
  testing::FakeSecrets secrets_;
  FakeClock clock_{1795336200000};
  EventBus bus_;
  text::LexiconTurnScorer scorer_;
  std::unique_ptr<SqliteStore> store_;
  std::unique_ptr<Service> svc_;
  std::unique_ptr<QaService> qa_;
  Principal admin_;
  Id customer_ = 0;
};

TEST_F(QaServiceTest, WorkerStoresAResultAfterEachCommittedChange) {
  qa_->Start();
  Id t = Ticket();
  Say(t, AuthorKind::kCustomer, "你好，我家冰箱不制冷了");
  Say(t, AuthorKind::kAgent, "这个不归我管");
  qa_->WaitIdle();
  auto first = Stored(t);
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->Find("conversation")->Find("turns")->as_array().size(), 2u);
  Say(t, AuthorKind::kCustomer, "什么态度！我要投诉");
  Say(t, AuthorKind::kAgent, "内部：升级处理", /*internal=*/true);
  qa_->WaitIdle();
  auto second = Stored(t);
  ASSERT_TRUE(second.has_value());
  // The internal note is not a turn; the new customer turn is a turning point.
  EXPECT_EQ(second->Find("conversation")->Find("turns")->as_array().size(), 3u);
  const auto& tps = second->Find("turning_points")->as_array();
  ASSERT_EQ(tps.size(), 1u);
  EXPECT_EQ(tps[0].Find("turn")->as_int(), 2);
  EXPECT_EQ(tps[0].Find("cause_turn")->as_int(), 1);
  auto sum = qa_->Summary(admin_);
  ASSERT_TRUE(sum.ok());
  EXPECT_EQ(sum->Find("scored")->as_int(), 1);
  EXPECT_EQ(sum->Find("resolved")->as_int(), 0);
  EXPECT_TRUE(sum->Find("hidden_dissatisfaction_rate")->is_null());
  // The stored result is what GET computes.
  auto live = qa_->GetTicketQa(admin_, t);
  ASSERT_TRUE(live.ok());
  EXPECT_EQ(*live->Find("items"), *second->Find("items"));
  // Resolving re-scores it: now hidden dissatisfaction, counted in the summary.
  TicketPatch p;
  p.status = TicketStatus::kResolved;
  ASSERT_TRUE(svc_->UpdateTicket(admin_, t, p).ok());
  qa_->WaitIdle();
  EXPECT_TRUE(Stored(t)->Find("hidden_dissatisfaction")->as_bool());
  sum = qa_->Summary(admin_);
  EXPECT_EQ(sum->Find("resolved")->as_int(), 1);
  EXPECT_EQ(sum->Find("hidden_dissatisfaction")->as_int(), 1);
  EXPECT_DOUBLE_EQ(sum->Find("hidden_dissatisfaction_rate")->as_double(), 1.0);
  qa_->Stop();
}

TEST_F(QaServiceTest, WorkerScoresTheHistoryItWasNotToldAbout) {
  // History written while no worker listened (demo data, imports): more than one batch.
  std::vector<Id> ids;
  for (int i = 0; i < 70; ++i) {
    ids.push_back(Ticket());
    Say(ids.back(), AuthorKind::kCustomer, "冰箱不制冷，请尽快处理");
  }
  EventBus quiet;  // a second worker that hears nothing: only its history pass scores
  QaService history(*store_, clock_, quiet, scorer_);
  ASSERT_TRUE(history.Load().ok());
  history.Start();
  history.WaitIdle();
  EXPECT_EQ(history.backfilled(), 70);
  for (Id id : ids) EXPECT_TRUE(Stored(id).has_value()) << id;
  auto sum = history.Summary(admin_);
  ASSERT_TRUE(sum.ok());
  EXPECT_EQ(sum->Find("scored")->as_int(), 70);
  history.Stop();
  // A restart finds nothing left to score.
  QaService again(*store_, clock_, quiet, scorer_);
  ASSERT_TRUE(again.Load().ok());
  again.Start();
  again.WaitIdle();
  EXPECT_EQ(again.backfilled(), 0);
  again.Stop();
}

TEST_F(QaServiceTest, UnknownTicketsAreNotFoundAndSkippedByTheWorker) {
  auto r = qa_->GetTicketQa(admin_, 4242);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kNotFound);
  EXPECT_TRUE(qa_->ScoreAndStore(std::vector<Id>{4242}).ok());
  EXPECT_FALSE(Stored(4242).has_value());
}

TEST_F(QaServiceTest, RubricChangesAreStoredVersionedAndSurviveReload) {
  auto doc = qa_->GetRubric(admin_);
  ASSERT_TRUE(doc.ok());
  Value body = *doc;
  Value::Array items = body.Find("items")->as_array();
  items.resize(2);
  body.Set("items", Value(std::move(items)));
  auto saved = qa_->PutRubric(admin_, body);
  ASSERT_TRUE(saved.ok()) << saved.status().ToString();
  EXPECT_EQ(saved->Find("version")->as_int(), 2);
  QaService again(*store_, clock_, bus_, scorer_);
  ASSERT_TRUE(again.Load().ok());
  auto reloaded = again.GetRubric(admin_);
  EXPECT_EQ(reloaded->Find("version")->as_int(), 2);
  EXPECT_EQ(reloaded->Find("items")->as_array().size(), 2u);
  Principal agent = admin_;
  agent.role = Role::kAgent;
  EXPECT_EQ(qa_->PutRubric(agent, body).status().code(), Code::kPermissionDenied);
}

}  // namespace
}  // namespace loopdesk
