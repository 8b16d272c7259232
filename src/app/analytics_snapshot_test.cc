// Warm start of the analytics feed (app/analytics_snapshot.cc): a feed loaded from the fact
// snapshot plus the tail of the log must answer exactly like a feed that replayed the whole
// log, and any damaged, stale or foreign snapshot must fall back to the full replay.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "analytics/fact_snapshot.h"
#include "analytics/kpi.h"
#include "app/analytics_feed.h"
#include "storage/sqlite/sqlite_store.h"
#include "tests/support/fakes.h"

namespace loopdesk {
namespace {

constexpr TimeMs kDay = 86400000;
constexpr TimeMs kStart = 1772409600000;  // 2026-03-02T00:00:00Z

std::shared_ptr<const SlaSettings> Settings(int first_response_s) {
  CalendarSpec spec;
  spec.name = "office";
  spec.timezone = "UTC";
  for (int d = 0; d < 5; ++d) spec.hours[d] = {{9 * 60, 18 * 60}};
  auto s = std::make_shared<SlaSettings>();
  s->calendar_specs = {spec};
  s->calendars = *CalendarSet::Build({spec});
  SlaPolicy vip;
  vip.name = "strategic";
  vip.match.tier = Tier::kStrategic;
  vip.first_response_s = first_response_s / 2;
  vip.resolution_s = 4 * 3600;
  SlaPolicy p;
  p.name = "all";
  p.first_response_s = first_response_s;
  p.resolution_s = 8 * 3600;
  p.calendar = "office";
  p.pause_on = {TicketStatus::kPending};
  s->policies = {vip, p};
  return s;
}

// Random histories: customers with tiers and regions, tickets with replies, status moves,
// re-categorisations, assignments, transfers, surveys, and tier changes of customers.
class History {
 public:
  explicit History(uint32_t seed) : rng_(seed) {}

  std::vector<Event> Batch(int new_tickets, int follow_ups) {
    std::vector<Event> out;
    for (int i = 0; i < new_tickets; ++i) {
      if (customers_ == 0 || Pick(4) == 0) out.push_back(NewCustomer());
      out.push_back(NewTicket());
    }
    for (int i = 0; i < follow_ups; ++i) out.push_back(FollowUp());
    return out;
  }

 private:
  int Pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }
  Event Base(std::string type, Id ticket, Id customer) {
    now_ += 1 + Pick(3 * 3600) * 1000;
    Event e;
    e.type = std::move(type);
    e.at = now_;
    e.actor = "system";
    e.ticket_id = ticket;
    e.customer_id = customer;
    e.data = Value::MakeObject();
    return e;
  }
  static const char* TierName(int t) {
    static const char* k[] = {"strategic", "high", "growth", "basic"};
    return k[t];
  }
  Event NewCustomer() {
    ++customers_;
    Event e = Base("customer.created", 0, customers_);
    e.data.Set("tier", TierName(Pick(4)));
    e.data.Set("region", Pick(2) ? "north" : "south");
    return e;
  }
  Event NewTicket() {
    ++tickets_;
    Id customer = 1 + Pick(static_cast<int>(customers_));
    customer_of_.push_back(customer);
    Event e = Base("ticket.created", tickets_, customer);
    static const char* kCh[] = {"email", "web", "phone", "chat"};
    static const char* kCat[] = {"billing", "complaint", "tech"};
    e.data.Set("channel", kCh[Pick(4)]);
    e.data.Set("priority", Pick(2) ? "P2" : "P3");
    e.data.Set("category", kCat[Pick(3)]);
    e.data.Set("team", Pick(2) ? "care" : "tech");
    if (Pick(2)) e.data.Set("assignee_id", int64_t{1 + Pick(5)});
    else e.data.Set("assignee_id", Value());
    return e;
  }
  Event FollowUp() {
    const int kind = Pick(12);
    if (kind == 11) {  // a tier or region change
      Id c = 1 + Pick(static_cast<int>(customers_));
      Event e = Base("customer.updated", 0, c);
      Value changes = Value::MakeObject();
      Value ch = Value::MakeObject();
      ch.Set("from", "basic");
      if (Pick(2)) {
        ch.Set("to", TierName(Pick(4)));
        changes.Set("tier", std::move(ch));
      } else {
        ch.Set("to", Pick(2) ? "east" : "west");
        changes.Set("region", std::move(ch));
      }
      e.data.Set("changes", std::move(changes));
      return e;
    }
    Id t = 1 + Pick(static_cast<int>(tickets_));
    Id c = customer_of_[t - 1];
    switch (kind) {
      case 0:
      case 1: {
        Event e = Base("message.created", t, c);
        const bool agent = Pick(2);
        e.data.Set("author", agent ? "agent" : "customer");
        e.data.Set("internal", agent && Pick(5) == 0);
        e.actor = agent ? "agent:7" : "customer:1";
        return e;
      }
      case 2:
      case 3:
      case 4: {
        static const char* kTo[] = {"open", "pending", "resolved", "reopened", "closed"};
        Event e = Base("ticket.status_changed", t, c);
        e.data.Set("to", kTo[Pick(5)]);
        return e;
      }
      case 5: {
        Event e = Base("ticket.updated", t, c);
        Value changes = Value::MakeObject();
        Value ch = Value::MakeObject();
        ch.Set("to", Pick(2) ? "complaint" : "billing");
        changes.Set("category", std::move(ch));
        e.data.Set("changes", std::move(changes));
        return e;
      }
      case 6: {
        Event e = Base("ticket.assigned", t, c);
        e.data.Set("assignee_id", int64_t{1 + Pick(5)});
        e.data.Set("team", "care");
        return e;
      }
      case 7: {
        Event e = Base("ticket.transferred", t, c);
        e.data.Set("to_agent_id", int64_t{1 + Pick(5)});
        e.data.Set("to_team", Pick(2) ? "tech" : "vip");
        return e;
      }
      case 8:
        return Base("survey.sent", t, c);
      default: {
        Event e = Base("survey.answered", t, c);
        const bool csat = Pick(2);
        e.data.Set("kind", csat ? "csat" : "nps");
        e.data.Set("score", int64_t{csat ? 1 + Pick(5) : Pick(11)});
        return e;
      }
    }
  }

  std::mt19937 rng_;
  TimeMs now_ = kStart;
  Id customers_ = 0, tickets_ = 0;
  std::vector<Id> customer_of_;
};

// Everything a query can see of a fact store: KPI groups for every dimension pair used by
// the dashboards and, per metric, the tickets behind it with hit/value.
std::string Dump(const analytics::FactStore& facts, TimeMs now) {
  analytics::KpiEngine kpi(facts);
  std::ostringstream out;
  analytics::KpiQuery q;
  q.from = 0;
  q.to = kStart + 3650 * kDay;
  q.now = now;
  using analytics::Dim;
  const std::vector<std::vector<Dim>> groupings = {
      {Dim::kNone},  {Dim::kDay},      {Dim::kChannel, Dim::kTeam}, {Dim::kAgent, Dim::kTier},
      {Dim::kCategory, Dim::kRegion}};
  for (const auto& g : groupings) {
    q.group_by = g;
    for (const auto& grp : kpi.Run(q)) {
      for (const auto& k : grp.key) out << k << "|";
      const auto& c = grp.counts;
      out << c.tickets << "," << c.csat_answers << "," << c.csat_satisfied << ","
          << c.nps_answers << "," << c.nps_promoters << "," << c.nps_detractors << ","
          << c.frt_n << "," << c.frt_sum_s << "," << c.no_reply_active << ","
          << c.resolution_n << "," << c.resolution_sum_s << "," << c.resolved << "," << c.fcr
          << "," << c.reopened << "," << c.sla_response_due << "," << c.sla_response_met << ","
          << c.sla_resolution_due << "," << c.sla_resolution_met << "," << c.surveys_sent << ","
          << c.surveys_answered << "," << c.backlog << "," << c.transfers << ","
          << c.repeat_requests << "," << c.complaints << "," << c.repeat_complaints << ","
          << c.converted_complaints << "," << c.frt_p90_s.value_or(-1) << "\n";
    }
  }
  q.group_by = {Dim::kNone};
  for (int m = 0; m <= static_cast<int>(analytics::Metric::kComplaintConversion); ++m) {
    bool more = false;
    out << "metric " << m << ":";
    for (const auto& r :
         kpi.DrillDown(q, static_cast<analytics::Metric>(m), 0, 1000000, &more))
      out << " " << r.ticket_id << (r.hit ? "+" : "-") << r.value.value_or(-1);
    out << "\n";
  }
  return out.str();
}

class SnapshotTest : public ::testing::Test {
 protected:
  SnapshotTest() { Reopen("t.db"); }
  // A fresh, empty database (and no snapshot).
  void Reopen(const std::string& name) {
    auto s = SqliteStore::Open(dir_.File(name));
    EXPECT_TRUE(s.ok());
    store_ = std::move(*s);
    path_ = dir_.File("facts.snap");
    std::filesystem::remove(path_);
  }
  // Appends the events to the log (assigning seqs) and, when given, applies them to a live
  // feed as the bus would.
  void Append(std::vector<Event> events, AnalyticsFeed* live = nullptr) {
    ASSERT_TRUE(store_
                    ->Write([&](UnitOfWork& uow) {
                      for (Event& e : events) LD_RETURN_IF_ERROR(uow.AppendEvent(e));
                      return Status::Ok();
                    })
                    .ok());
    if (live)
      for (const Event& e : events) live->Apply(e);
  }
  std::unique_ptr<AnalyticsFeed> Feed(bool snapshot) {
    auto f = std::make_unique<AnalyticsFeed>([this] { return settings_; });
    if (snapshot) f->SetSnapshot(path_, 42);
    EXPECT_TRUE(f->Load(*store_).ok());
    return f;
  }
  std::string FullReplay() { return Dump(Feed(false)->facts(), kNow); }

  static constexpr TimeMs kNow = kStart + 400 * kDay;
  testing::TempDir dir_;
  std::unique_ptr<SqliteStore> store_;
  std::string path_;
  std::shared_ptr<const SlaSettings> settings_ = Settings(3600);
};

TEST_F(SnapshotTest, WarmStartEqualsFullReplayAfterRandomHistories) {
  for (uint32_t seed = 1; seed <= 4; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    Reopen("seed" + std::to_string(seed) + ".db");
    History h(seed);
    Append(h.Batch(60, 300));
    // A server: full replay (no snapshot yet), then live events, then a clean shutdown.
    auto server = Feed(true);
    EXPECT_EQ(server->load_note().rfind("full replay", 0), 0u) << server->load_note();
    Append(h.Batch(20, 150), server.get());
    ASSERT_TRUE(server->SaveSnapshot(/*exact=*/true).ok());
    EXPECT_EQ(Dump(server->facts(), kNow), FullReplay()) << "live feed differs from a replay";

    // Events written while the server was down (new tickets, old ones, tier changes).
    Append(h.Batch(15, 200));
    auto warm = Feed(true);
    EXPECT_EQ(warm->load_note().rfind("snapshot", 0), 0u) << warm->load_note();
    const std::string expected = FullReplay();
    EXPECT_EQ(Dump(warm->facts(), kNow), expected);

    // Live events on the warm feed: tickets known only from the snapshot are re-read.
    Append(h.Batch(10, 200), warm.get());
    EXPECT_EQ(Dump(warm->facts(), kNow), FullReplay());
    for (Id t = 1; t <= 20; ++t) {
      auto a = warm->FactOf(t);
      auto b = Feed(false)->FactOf(t);
      ASSERT_EQ(a.has_value(), b.has_value());
      if (a) {
        EXPECT_EQ(a->resolution_s, b->resolution_s);
        EXPECT_EQ(a->sla_response, b->sla_response);
        EXPECT_EQ(a->tier, b->tier);
      }
    }

    // A periodic (inexact) snapshot of the warm feed, then more events and a third start.
    ASSERT_TRUE(warm->SaveSnapshot(/*exact=*/false).ok());
    Append(h.Batch(5, 100));
    auto third = Feed(true);
    EXPECT_NE(third->load_note().find("inexact"), std::string::npos) << third->load_note();
    EXPECT_EQ(Dump(third->facts(), kNow), FullReplay());
  }
}

TEST_F(SnapshotTest, BulkLoadEqualsRowByRowUpserts) {
  History h(9);
  Append(h.Batch(200, 800));
  auto feed = Feed(false);  // BulkAppend
  // The same facts through Upsert, one by one, in a different order.
  analytics::FactStore one_by_one;
  std::vector<Id> ids;
  for (Id t = 200; t >= 1; --t) ids.push_back(t);
  for (Id t : ids)
    if (auto f = feed->FactOf(t)) one_by_one.Upsert(*f);
  EXPECT_EQ(one_by_one.size(), feed->facts().size());
  EXPECT_EQ(Dump(one_by_one, kNow), Dump(feed->facts(), kNow));
}

class SnapshotFallbackTest : public SnapshotTest {
 protected:
  void SetUp() override {
    History h(5);
    Append(h.Batch(40, 200));
    auto server = Feed(true);
    ASSERT_TRUE(server->SaveSnapshot(/*exact=*/true).ok());
    Append(h.Batch(5, 50));
    expected_ = FullReplay();
  }
  std::string Bytes() {
    std::ifstream in(path_, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }
  void SetBytes(const std::string& b) {
    std::ofstream out(path_, std::ios::binary | std::ios::trunc);
    out << b;
  }
  // Starts a feed and checks it fell back to the full replay with `why` in its note.
  void ExpectFallback(const std::string& why) {
    auto f = Feed(true);
    EXPECT_EQ(f->load_note().rfind("full replay", 0), 0u) << f->load_note();
    EXPECT_NE(f->load_note().find(why), std::string::npos) << f->load_note();
    EXPECT_EQ(Dump(f->facts(), kNow), expected_);
  }
  std::string expected_;
};

TEST_F(SnapshotFallbackTest, IntactSnapshotIsUsed) {
  auto f = Feed(true);
  EXPECT_EQ(f->load_note().rfind("snapshot", 0), 0u) << f->load_note();
  EXPECT_EQ(Dump(f->facts(), kNow), expected_);
}

TEST_F(SnapshotFallbackTest, MissingSnapshot) {
  std::filesystem::remove(path_);
  ExpectFallback("no fact snapshot");
}

TEST_F(SnapshotFallbackTest, FlippedByteInPayload) {
  std::string b = Bytes();
  b[b.size() / 2] ^= 0x40;
  SetBytes(b);
  ExpectFallback("checksum");
}

TEST_F(SnapshotFallbackTest, Truncated) {
  std::string b = Bytes();
  SetBytes(b.substr(0, b.size() - 17));
  ExpectFallback("damaged");
  SetBytes(b.substr(0, 20));
  ExpectFallback("shorter than its header");
  SetBytes("");
  ExpectFallback("damaged");
}

TEST_F(SnapshotFallbackTest, OtherFormatVersion) {
  std::string b = Bytes();
  b[8] = 7;  // the u32 format after the magic
  SetBytes(b);
  ExpectFallback("format");
}

TEST_F(SnapshotFallbackTest, NotASnapshot) {
  SetBytes(std::string(4096, 'x'));
  ExpectFallback("not a fact snapshot");
}

TEST_F(SnapshotFallbackTest, ChangedSlaPolicyRecomputesEverything) {
  settings_ = Settings(1800);
  expected_ = FullReplay();
  ExpectFallback("other inputs");
}

TEST_F(SnapshotFallbackTest, OtherSchemaVersion) {
  auto f = std::make_unique<AnalyticsFeed>([this] { return settings_; });
  f->SetSnapshot(path_, 43);
  ASSERT_TRUE(f->Load(*store_).ok());
  EXPECT_NE(f->load_note().find("other inputs"), std::string::npos) << f->load_note();
  EXPECT_EQ(Dump(f->facts(), kNow), expected_);
}

TEST_F(SnapshotFallbackTest, SnapshotOfAnotherDatabase) {
  // Same path, another log: its event at the covered seq differs (or is missing).
  testing::TempDir other;
  auto s = SqliteStore::Open(other.File("o.db"));
  ASSERT_TRUE(s.ok());
  store_ = std::move(*s);
  History h(77);
  Append(h.Batch(3, 5));
  expected_ = FullReplay();
  ExpectFallback("does not contain");
}

TEST_F(SnapshotFallbackTest, RuntimeSlaChangeIsNotPersisted) {
  std::filesystem::remove(path_);
  auto server = Feed(true);  // full replay with the 1 h policy
  settings_ = Settings(600);  // changed while running: old facts keep the old policy
  auto st = server->SaveSnapshot(/*exact=*/true);
  EXPECT_EQ(st.code(), Code::kConflict) << st.ToString();
  EXPECT_FALSE(std::filesystem::exists(path_));
  expected_ = FullReplay();
  ExpectFallback("no fact snapshot");
}

TEST(FactSnapshotFile, WarmingFeedWritesNothing) {
  testing::TempDir dir;
  AnalyticsFeed f([] { return Settings(3600); });
  f.SetSnapshot(dir.File("s.snap"), 1);
  f.BeginLoad();
  EXPECT_EQ(f.SaveSnapshot(true).code(), Code::kUnavailable);
  EXPECT_FALSE(std::filesystem::exists(dir.File("s.snap")));
}

}  // namespace
}  // namespace loopdesk
