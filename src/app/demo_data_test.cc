// The demo data generator over the real SQLite store (a temp file per test).
#include "app/demo_data.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <iostream>
#include <map>
#include <set>
#include <tuple>

#include "storage/sqlite/sqlite_store.h"
#include "tests/support/fakes.h"

namespace loopdesk {
namespace {

constexpr TimeMs kNow = 1795336200000;  // 2026-11-22T05:50:00Z, 13:50 in Shanghai

DemoOptions Small() {
  DemoOptions o;
  o.customers = 40;
  o.agents = 12;
  o.days = 10;
  o.tickets_per_day = 30;
  return o;
}

// A fresh store with the bootstrap admin, as `loopdesk serve --demo` has it.
class DemoStore {
 public:
  DemoStore() {
    auto s = SqliteStore::Open(dir_.File("t.db"));
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(*s);
    svc_ = std::make_unique<Service>(*store_, secrets_, clock_, bus_);
    EXPECT_TRUE(svc_->Bootstrap("root").ok());
    admin_ = *svc_->Authenticate("root");
  }

  Service& svc() { return *svc_; }
  const Principal& admin() const { return admin_; }

  // Newest first, read through the store port.
  std::vector<Ticket> Tickets() {
    std::vector<Ticket> out;
    TicketFilter f;
    f.limit = 500;
    for (;;) {
      std::vector<Ticket> rows;
      Status st = store_->Read([&](UnitOfWork& uow) {
        LD_ASSIGN_OR_RETURN(rows, uow.ListTickets(f));
        return Status::Ok();
      });
      EXPECT_TRUE(st.ok()) << st.ToString();
      if (rows.empty()) break;
      f.before_id = rows.back().id;
      out.insert(out.end(), rows.begin(), rows.end());
    }
    return out;
  }
  std::vector<Customer> Customers() {
    std::vector<Customer> out;
    CustomerFilter f;
    f.limit = 500;
    for (;;) {
      auto page = svc_->ListCustomers(admin_, f);
      EXPECT_TRUE(page.ok()) << page.status().ToString();
      out.insert(out.end(), page->items.begin(), page->items.end());
      if (!page->next_cursor) break;
      f.before_id = *page->next_cursor;
    }
    return out;
  }
  std::vector<Agent> Agents() {
    std::vector<Agent> out;
    AgentFilter f;
    f.limit = 500;
    for (;;) {
      auto page = svc_->ListAgents(admin_, f);
      EXPECT_TRUE(page.ok()) << page.status().ToString();
      out.insert(out.end(), page->items.begin(), page->items.end());
      if (!page->next_cursor) break;
      f.after_id = *page->next_cursor;
    }
    return out;
  }
  std::vector<Event> Events() {
    std::vector<Event> out;
    Id after = 0;
    for (;;) {
      std::vector<Event> rows;
      Status st = store_->Read([&](UnitOfWork& uow) {
        LD_ASSIGN_OR_RETURN(rows, uow.ListEventsAfter(after, 2000));
        return Status::Ok();
      });
      EXPECT_TRUE(st.ok()) << st.ToString();
      if (rows.empty()) break;
      after = rows.back().seq;
      out.insert(out.end(), std::make_move_iterator(rows.begin()),
                 std::make_move_iterator(rows.end()));
    }
    return out;
  }

 private:
  testing::TempDir dir_;
  testing::FakeSecrets secrets_;
  FakeClock clock_{kNow};
  EventBus bus_;
  std::unique_ptr<SqliteStore> store_;
  std::unique_ptr<Service> svc_;
  Principal admin_;
};

TEST(DemoData, SmallRunWritesAPlausibleOrganisation) {
  DemoStore db;
  DemoSummary sum;
  int last_done = 0, last_total = -1, calls = 0;
  Status st = GenerateDemoData(db.svc(), kNow, Small(), &sum, [&](int done, int total) {
    EXPECT_GT(done, last_done);
    if (last_total >= 0) {
      EXPECT_EQ(total, last_total);
    }
    last_done = done;
    last_total = total;
    ++calls;
  });
  ASSERT_TRUE(st.ok()) << st.ToString();
  EXPECT_EQ(last_done, last_total);  // every counted step was written
  EXPECT_GE(calls, 2);               // setup and at least one day

  EXPECT_EQ(sum.customers, 40);
  EXPECT_EQ(sum.agents, 12);
  EXPECT_GE(sum.orders, 40);
  EXPECT_GT(sum.assets, 0);
  EXPECT_GT(sum.tickets, 150);
  EXPECT_LT(sum.tickets, 600);
  EXPECT_GT(sum.messages, 2 * sum.tickets);
  EXPECT_GT(sum.transcripts, 0);
  EXPECT_GT(sum.tasks, 0);
  EXPECT_GT(sum.transfers, 0);
  EXPECT_GT(sum.reopened, 0);

  // The store agrees with the summary.
  const auto tickets = db.Tickets();
  EXPECT_EQ(static_cast<int>(tickets.size()), sum.tickets);
  int transfers = 0, reopened = 0, active = 0, recent = 0, recent_active = 0;
  std::set<Channel> channels;
  std::set<TicketStatus> statuses;
  for (const auto& t : tickets) {
    transfers += t.transfer_count;
    reopened += t.reopen_count;
    channels.insert(t.channel);
    statuses.insert(t.status);
    EXPECT_LE(t.created_at, kNow);
    EXPECT_LE(t.updated_at, kNow);
    const bool is_active = t.status != TicketStatus::kResolved && t.status != TicketStatus::kClosed;
    active += is_active;
    // The last day's tickets are still being worked on: some may be resolved, none closed.
    if (t.created_at > kNow - kDayMs) {
      ++recent;
      recent_active += is_active;
      EXPECT_NE(t.status, TicketStatus::kClosed) << t.subject;
    }
  }
  ASSERT_GT(recent, 0);
  EXPECT_GT(recent_active * 1.0 / recent, 2.0 * active / tickets.size());
  EXPECT_EQ(transfers, sum.transfers);
  EXPECT_EQ(reopened, sum.reopened);
  EXPECT_EQ(channels.size(), AllChannels().size());  // all nine channels
  for (TicketStatus s : {TicketStatus::kOpen, TicketStatus::kResolved, TicketStatus::kClosed})
    EXPECT_TRUE(statuses.count(s)) << Name(s);

  const auto customers = db.Customers();
  ASSERT_EQ(customers.size(), 40u);
  std::set<Tier> tiers;
  std::set<std::string> phones;
  for (const auto& c : customers) {
    tiers.insert(c.tier);
    phones.insert(c.phone);
    EXPECT_EQ(c.phone.size(), 11u) << c.phone;
    EXPECT_FALSE(c.salutation.empty());
    EXPECT_FALSE(c.region.empty());
    // Strategic accounts: a dedicated team; strategic and high: an account manager.
    if (c.tier == Tier::kStrategic) {
      EXPECT_EQ(c.dedicated_team, "客户成功") << c.name;
    }
    if (c.tier == Tier::kStrategic || c.tier == Tier::kHigh) {
      EXPECT_TRUE(c.account_manager_id.has_value()) << c.name;
    } else {
      EXPECT_FALSE(c.account_manager_id.has_value()) << c.name;
    }
  }
  EXPECT_EQ(tiers.size(), AllTiers().size());
  EXPECT_EQ(phones.size(), customers.size());

  std::set<std::string> teams, emails;
  int demo_agents = 0;
  for (const auto& a : db.Agents()) {
    if (a.role == Role::kAdmin) continue;  // the bootstrap admin
    ++demo_agents;
    teams.insert(a.team);
    emails.insert(a.email);
    EXPECT_TRUE(a.email.ends_with("@demo.loopdesk.local")) << a.email;
    EXPECT_GE(a.capacity, 5);
    EXPECT_LE(a.capacity, 12);
    if (a.team == "现场服务") {
      EXPECT_TRUE(a.location.has_value()) << a.name;
    }
  }
  EXPECT_EQ(demo_agents, 12);
  EXPECT_EQ(emails.size(), 12u);
  EXPECT_EQ(teams, (std::set<std::string>{"客服", "技术支持", "现场服务", "客户成功"}));
}

TEST(DemoData, EventLogIsInTimeOrderAndNeverAfterNow) {
  DemoStore db;
  const size_t before = db.Events().size();  // the bootstrap admin
  ASSERT_TRUE(GenerateDemoData(db.svc(), kNow, Small(), nullptr).ok());
  const auto events = db.Events();
  ASSERT_GT(events.size(), before + 1000);
  TimeMs last = INT64_MIN;
  for (size_t i = before; i < events.size(); ++i) {
    const Event& e = events[i];
    EXPECT_LE(e.at, kNow) << e.type << " seq " << e.seq;
    EXPECT_GE(e.at, last) << e.type << " seq " << e.seq;
    last = e.at;
  }
}

TEST(DemoData, SameSeedGivesTheSameData) {
  DemoStore a, b;
  ASSERT_TRUE(GenerateDemoData(a.svc(), kNow, Small(), nullptr).ok());
  ASSERT_TRUE(GenerateDemoData(b.svc(), kNow, Small(), nullptr).ok());
  auto key = [](const std::vector<Ticket>& ts) {
    std::vector<std::tuple<Id, std::string, TicketStatus, TimeMs, Channel, std::string>> out;
    for (const auto& t : ts)
      out.emplace_back(t.id, t.subject, t.status, t.created_at, t.channel, t.category);
    return out;
  };
  const auto ta = a.Tickets();
  EXPECT_FALSE(ta.empty());
  EXPECT_EQ(key(ta), key(b.Tickets()));
  EXPECT_EQ(a.Events().size(), b.Events().size());

  DemoStore c;
  DemoOptions other = Small();
  other.seed += 1;
  ASSERT_TRUE(GenerateDemoData(c.svc(), kNow, other, nullptr).ok());
  EXPECT_NE(key(ta), key(c.Tickets()));
}

TEST(DemoData, SecondRunIntoTheSameStoreIsAConflictAndWritesNothing) {
  DemoStore db;
  ASSERT_TRUE(GenerateDemoData(db.svc(), kNow, Small(), nullptr).ok());
  const size_t events = db.Events().size();
  DemoSummary sum;
  sum.tickets = 99;
  Status st = GenerateDemoData(db.svc(), kNow, Small(), &sum);
  EXPECT_EQ(st.code(), Code::kConflict) << st.ToString();
  EXPECT_NE(st.message().find("setup 1/"), std::string::npos) << st.message();
  EXPECT_EQ(sum.tickets, 0);
  EXPECT_EQ(sum.customers, 0);
  EXPECT_EQ(db.Events().size(), events);
}

TEST(DemoData, OptionsOutOfRangeAreRefused) {
  DemoStore db;
  auto with = [](auto change) {
    DemoOptions o = Small();
    change(o);
    return o;
  };
  struct Case {
    DemoOptions opt;
    const char* field;
  } cases[] = {
      {with([](DemoOptions& o) { o.customers = 3; }), "customers"},
      {with([](DemoOptions& o) { o.agents = 10001; }), "agents"},
      {with([](DemoOptions& o) { o.days = 0; }), "days"},
      {with([](DemoOptions& o) { o.tickets_per_day = -1; }), "tickets_per_day"},
      {with([](DemoOptions& o) { o.tickets_per_day = std::nan(""); }), "tickets_per_day"},
  };
  for (const auto& c : cases) {
    Status st = GenerateDemoData(db.svc(), kNow, c.opt, nullptr);
    EXPECT_EQ(st.code(), Code::kInvalidArgument) << c.field;
    EXPECT_EQ(st.field(), c.field);
  }
  EXPECT_TRUE(db.Customers().empty());
}

// The signals later engines look for: careless replies followed by a mood drop, resolved
// tickets whose last customer word is unhappy, call transcripts with timed turns, and the
// smart-lock incident spike in the last three weeks.
TEST(DemoData, ConversationsCarryTheSignalsTheEnginesLookFor) {
  DemoStore db;
  DemoOptions o = Small();
  o.days = 30;
  o.customers = 60;
  ASSERT_TRUE(GenerateDemoData(db.svc(), kNow, o, nullptr).ok());
  int careless = 0, mood_drops = 0, unhappy_resolved = 0, incident = 0, incident_old = 0;
  int transcripts = 0, inferred_general = 0;
  for (const auto& t : db.Tickets()) {
    if (std::find(t.tags.begin(), t.tags.end(), "L7固件3.2.1") != t.tags.end()) {
      ++incident;
      if (t.created_at < kNow - 21 * kDayMs) ++incident_old;
    }
    if (t.category == "general") ++inferred_general;
    auto view = db.svc().GetTicket(db.admin(), t.id);
    ASSERT_TRUE(view.ok());
    const Message* last_customer = nullptr;
    bool after_careless = false;
    for (const auto& m : view->messages) {
      if (m.author == AuthorKind::kAgent && !m.internal &&
          (m.body.find("不归我管") != std::string::npos ||
           m.body.find("你自己看说明书") != std::string::npos ||
           m.body.find("我也没办法") != std::string::npos)) {
        ++careless;
        after_careless = true;
      } else if (m.author == AuthorKind::kCustomer) {
        if (after_careless) ++mood_drops;
        after_careless = false;
        last_customer = &m;
      }
    }
    if (t.status == TicketStatus::kResolved || t.status == TicketStatus::kClosed) {
      if (last_customer && (last_customer->body.find("失望") != std::string::npos ||
                            last_customer->body.find("算了") != std::string::npos ||
                            last_customer->body.find("不会再买") != std::string::npos))
        ++unhappy_resolved;
    }
    for (const auto& tr : view->transcripts) {
      ++transcripts;
      EXPECT_EQ(t.channel, Channel::kPhone);
      ASSERT_GE(tr.turns.size(), 4u);
      for (size_t i = 1; i < tr.turns.size(); ++i)
        EXPECT_GT(tr.turns[i].start_ms, tr.turns[i - 1].start_ms);
    }
  }
  EXPECT_GT(careless, 0);
  EXPECT_GT(mood_drops, 0);
  EXPECT_GT(unhappy_resolved, 0);
  EXPECT_GT(transcripts, 0);
  EXPECT_GT(incident, 10);
  EXPECT_EQ(incident_old, 0);
}

// Not a benchmark (DESIGN.md §3): the default run's time and counts go to the test log.
TEST(DemoData, DefaultOptionsRunIsLogged) {
  DemoStore db;
  DemoSummary sum;
  const auto t0 = std::chrono::steady_clock::now();
  Status st = GenerateDemoData(db.svc(), kNow, DemoOptions{}, &sum);
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  ASSERT_TRUE(st.ok()) << st.ToString();
  std::cout << "[ demo     ] default options: " << secs << " s; agents " << sum.agents
            << ", customers " << sum.customers << ", orders " << sum.orders << ", assets "
            << sum.assets << ", tickets " << sum.tickets << ", messages " << sum.messages
            << ", transcripts " << sum.transcripts << ", tasks " << sum.tasks << ", transfers "
            << sum.transfers << ", reopened " << sum.reopened << std::endl;
  EXPECT_EQ(sum.customers, 200);
  EXPECT_EQ(sum.agents, 30);
}

}  // namespace
}  // namespace loopdesk
