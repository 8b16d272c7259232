// The customer reports from the in-memory index (app/cust_feed.h) answer exactly what the SQL
// path answers, on generated data with writes before and after the index was loaded (over
// the real SQLite store; the writes go through the Service, so the index sees them only
// through the events on the bus).
#include "app/cust_feed.h"

#include <gtest/gtest.h>

#include <random>

#include "codec/value_json.h"
#include "tests/support/service_env.h"

namespace loopdesk {
namespace {

constexpr TimeMs kStart = 1764547200000;  // 2025-12-01T00:00:00Z

class CustFeedTest : public ::testing::Test {
 protected:
  void SetUp() override {
    env_.bus.Subscribe([this](const Event& e) { feed_.Apply(e); });
    ASSERT_TRUE(env_.Start());
    store_ = env_.store.get();
    svc_ = env_.svc.get();
    admin_ = env_.admin;
    for (const char* team : {"售后", "技术"}) {
      NewAgent a;
      a.name = std::string("agent-") + team;
      a.team = team;
      auto created = svc_->CreateAgent(admin_, a);
      ASSERT_TRUE(created.ok()) << created.status().ToString();
      agents_.push_back(created->agent.id);
      agent_ = *svc_->Authenticate(created->api_token);
    }
  }

  TimeMs Rand(TimeMs lo, TimeMs hi) { return std::uniform_int_distribution<TimeMs>(lo, hi)(rng_); }
  template <typename T>
  const T& Pick(const std::vector<T>& v) {
    return v[static_cast<size_t>(Rand(0, static_cast<TimeMs>(v.size()) - 1))];
  }

  void AddCustomer() {
    NewCustomer c;
    c.name = "客户" + std::to_string(customers_.size());
    c.tier = static_cast<Tier>(Rand(0, 3));
    c.language = Rand(0, 1) ? "zh" : "en";
    auto r = svc_->CreateCustomer(agent_, c);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    customers_.push_back(r->id);
  }

  // One random write through the Service (errors such as survey fatigue are part of the game).
  void RandomWrite() {
    clock_.Advance(Rand(0, 20 * kHourMs));
    const Id customer = Pick(customers_);
    switch (Rand(0, 11)) {
      case 0:
      case 1:
      case 2: {
        NewTicket t;
        t.customer_id = customer;
        t.channel = static_cast<Channel>(Rand(0, 8));
        t.subject = "问题 " + std::to_string(tickets_.size());
        static const std::vector<std::string> cats = {"complaint", "delivery", "installation",
                                                      "technical", "billing", "consulting"};
        t.category = Pick(cats);
        t.team = Rand(0, 1) ? "售后" : "技术";
        if (Rand(0, 2) == 0) t.assignee_id = Pick(agents_);
        auto r = svc_->CreateTicket(agent_, t);
        ASSERT_TRUE(r.ok()) << r.status().ToString();
        tickets_.push_back(r->ticket.id);
        break;
      }
      case 3: {
        if (tickets_.empty()) break;
        NewMessage m;
        m.author = Rand(0, 2) ? AuthorKind::kAgent : AuthorKind::kCustomer;
        m.body = "您好，已处理";
        (void)svc_->AddMessage(agent_, Pick(tickets_), m);
        break;
      }
      case 4:
      case 5: {
        if (tickets_.empty()) break;
        TicketPatch p;
        p.status = Rand(0, 4) ? TicketStatus::kResolved : TicketStatus::kReopened;
        (void)svc_->UpdateTicket(agent_, Pick(tickets_), p);
        break;
      }
      case 6: {
        NewOrder o;
        o.product = Rand(0, 1) ? "M3" : "X9";
        o.amount = static_cast<double>(Rand(100, 500000)) / 100.0;  // cents: sums in order
        o.ordered_at = clock_.Now() - Rand(0, 200 * kDayMs);
        ASSERT_TRUE(svc_->AddOrder(agent_, customer, o).ok());
        break;
      }
      case 7: {
        NewAsset a;
        a.product = "M3";
        a.serial = "S" + std::to_string(Rand(0, 1 << 30));
        a.warranty_end = clock_.Now() + Rand(-60 * kDayMs, 90 * kDayMs);
        a.installed_at = std::min(*a.warranty_end, clock_.Now() - Rand(0, 400 * kDayMs));
        ASSERT_TRUE(svc_->AddAsset(agent_, customer, a).ok());
        break;
      }
      case 8:
      case 9: {
        SurveyRequest q;
        q.customer_id = customer;
        q.kind = Rand(0, 1) ? SurveyKind::kCsat : SurveyKind::kNps;
        if (q.kind == SurveyKind::kCsat) {
          if (tickets_.empty()) break;
          const Id t = Pick(tickets_);
          q.customer_id = svc_->GetTicket(agent_, t)->ticket.customer_id;
          q.ticket_id = t;
        }
        auto s = svc_->CreateSurvey(agent_, q);
        if (!s.ok()) break;
        clock_.Advance(Rand(0, 3 * kHourMs));
        const int score = q.kind == SurveyKind::kCsat ? static_cast<int>(Rand(1, 5))
                                                      : static_cast<int>(Rand(0, 10));
        (void)svc_->AnswerSurvey(s->token, score, "");
        break;
      }
      case 10: {
        CustomerPatch p;
        p.tier = static_cast<Tier>(Rand(0, 3));
        ASSERT_TRUE(svc_->UpdateCustomer(agent_, customer, p).ok());
        break;
      }
      case 11: {
        AlertFilter f;
        f.status = "open";
        auto page = svc_->ListAlerts(admin_, f);
        if (page.ok() && !page->items.empty())
          (void)svc_->UpdateAlert(admin_, Pick(page->items).id, "resolved", "回访已完成");
        break;
      }
    }
  }

  static Value PageDoc(const AtRiskPage& p) {
    Value v = Value::MakeObject();
    v.Set("total", p.total);
    v.Set("scanned", p.scanned);
    v.Set("next", p.next_cursor ? Value(*p.next_cursor) : Value());
    Value items = Value::MakeArray();
    for (const auto& it : p.items) {
      const auto& c = it.customer;
      Value x = Value::MakeObject();
      x.Set("id", c.customer_id);
      x.Set("name", c.name);
      x.Set("tier", std::string(Name(c.tier)));
      x.Set("language", c.language);
      x.Set("warranty_end", c.warranty_end ? Value(*c.warranty_end) : Value());
      x.Set("warranty_product", c.warranty_product);
      x.Set("signals", std::to_string(c.csat_answers) + "/" + std::to_string(c.csat_sum) + "/" +
                           std::to_string(c.nps_answers) + "/" +
                           std::to_string(c.nps_detractors) + "/" +
                           std::to_string(c.complaints) + "/" +
                           std::to_string(c.orders_recent) + "/" +
                           std::to_string(c.orders_before) + "/" +
                           std::to_string(c.open_alerts) + "/" +
                           std::to_string(c.tickets_recent) + "/" +
                           std::to_string(c.tickets_negative));
      x.Set("value_recent", c.value_recent);
      x.Set("value_before", c.value_before);
      x.Set("score", static_cast<int64_t>(it.risk.score));
      x.Set("level", it.risk.level);
      Value reasons = Value::MakeArray();
      for (const auto& r : it.risk.reasons)
        reasons.Push(Value(r.code + ":" + std::to_string(r.weight) + ":" + r.text_en));
      x.Set("reasons", std::move(reasons));
      Value actions = Value::MakeArray();
      for (const auto& a : it.risk.actions)
        actions.Push(Value(a.code + "@" + std::to_string(a.due)));
      x.Set("actions", std::move(actions));
      items.Push(std::move(x));
    }
    v.Set("items", std::move(items));
    return v;
  }

  // Every report the index serves, at the clock's now.
  Value Reports() {
    const TimeMs now = clock_.Now();
    Value out = Value::MakeObject();
    int i = 0;
    for (const auto& level : std::vector<std::optional<std::string>>{
             std::nullopt, std::string("low"), std::string("medium"), std::string("high")}) {
      for (const auto& tier : std::vector<std::optional<Tier>>{std::nullopt, Tier::kStrategic}) {
        AtRiskQuery q;
        q.level = level;
        q.tier = tier;
        q.limit = 7;  // several pages: the cursor walk is compared too
        for (int page = 0; page < 50; ++page) {
          auto r = svc_->AtRiskCustomers(agent_, q);
          EXPECT_TRUE(r.ok()) << r.status().ToString();
          if (!r.ok()) break;
          out.Set("at_risk_" + std::to_string(i++), PageDoc(*r));
          if (!r->next_cursor) break;
          q.after = *r->next_cursor;
        }
      }
    }
    for (const auto& [from, to] : std::vector<std::pair<TimeMs, TimeMs>>{
             {now - 30 * kDayMs, now}, {now - 200 * kDayMs, now}, {kStart, now + kDayMs},
             {now - 95 * kDayMs, now - 20 * kDayMs}}) {
      auto v = svc_->ServiceValueReport(agent_, from, to);
      EXPECT_TRUE(v.ok()) << v.status().ToString();
      auto j = svc_->JourneyReport(agent_, from, to);
      EXPECT_TRUE(j.ok()) << j.status().ToString();
      if (v.ok()) out.Set("value_" + std::to_string(from) + "_" + std::to_string(to), *v);
      if (j.ok()) out.Set("journey_" + std::to_string(from) + "_" + std::to_string(to), *j);
    }
    return out;
  }

  // The reports through the SQL path and through the index; both must agree.
  void ExpectSame(const std::string& when) {
    svc_->SetCustFeed(nullptr);
    const Value sql = Reports();
    svc_->SetCustFeed(&feed_);
    ASSERT_TRUE(feed_.With(*store_, [](const analytics::CustIndex&) {}).ok());
    const Value indexed = Reports();
    EXPECT_TRUE(sql == indexed) << when << "\nSQL:   " << ValueToJsonText(sql).substr(0, 3000)
                                << "\nindex: " << ValueToJsonText(indexed).substr(0, 3000);
    ++compared_;
  }

  CustFeed feed_;  // outlives the bus that feeds it
  testing::ServiceEnv env_{kStart};
  FakeClock& clock_ = env_.clock;
  SqliteStore* store_ = nullptr;
  Service* svc_ = nullptr;
  Principal admin_, agent_;
  std::vector<Id> agents_, customers_, tickets_;
  std::mt19937_64 rng_{20261123};
  int compared_ = 0;
};

TEST_F(CustFeedTest, NotReadyBeforeLoadSoReportsUseSql) {
  AddCustomer();
  EXPECT_FALSE(feed_.ready());
  EXPECT_EQ(feed_.With(*store_, [](const analytics::CustIndex&) {}).code(), Code::kUnavailable);
  svc_->SetCustFeed(&feed_);  // not loaded: the SQL path answers
  auto r = svc_->AtRiskCustomers(agent_, AtRiskQuery{});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->scanned, 1);
}

TEST_F(CustFeedTest, IndexAnswersEqualSqlWithWritesBeforeAndAfterTheLoad) {
  for (int i = 0; i < 40; ++i) AddCustomer();
  for (int i = 0; i < 700; ++i) RandomWrite();
  ASSERT_TRUE(feed_.Load(*store_).ok());
  ASSERT_TRUE(feed_.ready());
  EXPECT_EQ(feed_.stats().customers, 40u);
  ExpectSame("right after the load");
  for (int round = 0; round < 6; ++round) {
    if (round == 3)
      for (int i = 0; i < 5; ++i) AddCustomer();  // new customers after the load
    for (int i = 0; i < 60; ++i) RandomWrite();
    ExpectSame("after round " + std::to_string(round));
  }
  // Time passes with no write: the windows move, the index has nothing to refresh.
  clock_.Advance(45 * kDayMs);
  ExpectSame("45 days later");
  const CustFeed::Stats s = feed_.stats();
  EXPECT_GT(s.refreshed, 0u);  // customers were re-read from events
  EXPECT_EQ(s.customers, 45u);
  EXPECT_GT(s.tickets, 100u);

  // The data exercised the reports: customers at risk, costs, value and journey stages.
  const Value r = Reports();
  EXPECT_GT(r.Find("at_risk_0")->Find("total")->as_int(), 0);
  bool some_value = false;
  for (const auto& [k, v] : r.as_object()) {
    if (k.rfind("value_", 0) != 0) continue;
    if (v.Find("cost")->Find("current")->Find("tickets")->as_int() > 0 &&
        v.Find("value")->Find("current")->Find("repurchase_served")->Find("n")->as_int() > 0)
      some_value = true;
  }
  EXPECT_TRUE(some_value);
  EXPECT_EQ(compared_, 8);
}

TEST_F(CustFeedTest, ManyDirtyCustomersReloadEverything) {
  for (int i = 0; i < 3; ++i) AddCustomer();
  ASSERT_TRUE(feed_.Load(*store_).ok());
  // More dirty customers than kFullReloadAt: the next report reloads the whole index.
  for (Id id = 1; id <= static_cast<Id>(CustFeed::kFullReloadAt) + 1; ++id) {
    Event e;
    e.type = "customer.updated";
    e.customer_id = id;
    feed_.Apply(e);
  }
  EXPECT_EQ(feed_.stats().dirty, CustFeed::kFullReloadAt + 1);
  AddCustomer();
  ASSERT_TRUE(feed_.With(*store_, [](const analytics::CustIndex& ix) {
                     EXPECT_EQ(ix.customers(), 4u);
                   }).ok());
  EXPECT_EQ(feed_.stats().full_reloads, 2u);
  EXPECT_EQ(feed_.stats().dirty, 0u);
}

}  // namespace
}  // namespace loopdesk
