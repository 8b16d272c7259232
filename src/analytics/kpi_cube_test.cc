// The per-(day, channel) pre-aggregates (fact_cube.h): kept current by Upsert over random update
// sequences (checked against a from-scratch rebuild), and the KPI answers they give equal the raw
// scan's on every group for random periods (cutting through days), group-bys and filters.
#include <gtest/gtest.h>

#include <random>

#include "analytics/kpi.h"

namespace loopdesk::analytics {
namespace {

constexpr TimeMs kDayMs = 86400000;
constexpr TimeMs kT0 = 1772323200000;  // 2026-03-01T00:00:00Z
constexpr int kDays = 24;

const char* const kTeams[] = {"", "north", "south"};
const char* const kCategories[] = {"billing", "complaint", "repair", ""};
const char* const kRegions[] = {"", "eu", "us"};

// A random fact. Creation seconds are unique per ticket (the repeat flags break ties by row
// order, which differs between stores built in different orders).
TicketFact RandomFact(std::mt19937_64& rng, Id id) {
  auto u = [&](int n) { return static_cast<int>(rng() % static_cast<uint64_t>(n)); };
  TicketFact f;
  f.ticket_id = id;
  f.customer_id = 1 + u(12);
  const int64_t sec_of_day = (id * 7919) % 86400;
  f.created_at = kT0 + u(kDays) * kDayMs + sec_of_day * 1000 + u(1000);
  f.channel = static_cast<Channel>(u(9));
  f.team = kTeams[u(3)];
  f.agent_id = u(4);
  f.tier = static_cast<Tier>(u(4));
  f.category = kCategories[u(4)];
  f.region = kRegions[u(3)];
  f.active = u(3) == 0;
  f.ever_resolved = u(2) == 0;
  if (u(5) != 0) f.frt_s = u(4) == 0 ? u(100000) : u(40);  // many ties
  if (!f.active && u(3) != 0) f.resolution_s = u(200000);
  f.replies = u(4);
  f.reopens = u(5) == 0 ? 1 + u(2) : 0;
  f.transfers = u(3);
  f.sla_response = static_cast<SlaOutcome>(u(4));
  f.sla_response_due = f.created_at + u(3 * 86400) * int64_t{1000};
  f.sla_resolution = static_cast<SlaOutcome>(u(4));
  f.sla_resolution_due = f.created_at + u(5 * 86400) * int64_t{1000};
  f.surveys_sent = u(3);
  f.surveys_answered = u(3);
  if (u(2)) f.csat = 1 + u(5);
  if (u(3) == 0) f.nps = u(11);
  f.converted_to_complaint = u(10) == 0;
  return f;
}

KpiQuery RandomQuery(std::mt19937_64& rng) {
  auto u = [&](int64_t n) { return static_cast<int64_t>(rng() % static_cast<uint64_t>(n)); };
  KpiQuery q;
  // Periods from whole days to arbitrary milliseconds, some reaching outside the data.
  const int64_t a = u(kDays + 4) - 2, b = a + u(kDays + 2);
  const bool cut = u(3) != 0;
  q.from = kT0 + a * kDayMs + (cut ? u(kDayMs) : 0);
  q.to = kT0 + b * kDayMs + (cut ? u(kDayMs) : 0);
  q.now = kT0 + u(kDays + 6) * kDayMs + u(kDayMs);
  static const Dim kCube[] = {Dim::kNone, Dim::kDay, Dim::kWeek, Dim::kChannel};
  static const Dim kAll[] = {Dim::kNone,  Dim::kDay,  Dim::kWeek,     Dim::kChannel, Dim::kTeam,
                             Dim::kAgent, Dim::kTier, Dim::kCategory, Dim::kRegion};
  const bool cube_shaped = u(4) != 0;
  const int n = static_cast<int>(u(3));
  for (int i = 0; i < n; ++i) q.group_by.push_back(cube_shaped ? kCube[u(4)] : kAll[u(9)]);
  if (u(3) == 0) q.filter.channel = static_cast<Channel>(u(9));
  if (!cube_shaped) {
    if (u(3) == 0) q.filter.tier = static_cast<Tier>(u(4));
    if (u(4) == 0) q.filter.category = kCategories[u(4)];
    if (u(6) == 0) q.filter.team = "nowhere";
  }
  return q;
}

// The query answered with the pre-aggregates equals the raw scan, group by group.
void ExpectSameAnswers(const FactStore& s, const KpiQuery& q, const FactStore* other = nullptr) {
  KpiQuery scan = q;
  scan.use_aggregates = false;
  const std::vector<KpiGroup> want = KpiEngine(s).Run(scan);
  for (const FactStore* store : {&s, other}) {
    if (!store) continue;
    const std::vector<KpiGroup> got = KpiEngine(*store).Run(q);
    ASSERT_EQ(got.size(), want.size());
    for (size_t i = 0; i < want.size(); ++i) {
      EXPECT_EQ(got[i].key, want[i].key);
      EXPECT_TRUE(got[i].counts == want[i].counts) << "group " << i;
      EXPECT_TRUE(got[i].kpis == want[i].kpis) << "group " << i;
    }
  }
}

TEST(KpiCube, RandomUpdatesKeepThePreAggregatesEqualToARebuild) {
  for (uint64_t seed = 1; seed <= 6; ++seed) {
    std::mt19937_64 rng(seed);
    FactStore s;
    std::vector<TicketFact> latest;
    for (int step = 0; step < 600; ++step) {
      // New tickets, and changes to known ones (reopen, resolve, survey answered, moved to
      // another day, channel or customer): the row's old contribution must leave its cell.
      if (latest.empty() || rng() % 3 == 0) {
        latest.push_back(RandomFact(rng, static_cast<Id>(latest.size() + 1)));
        s.Upsert(latest.back());
      } else {
        TicketFact& f = latest[rng() % latest.size()];
        TicketFact g = RandomFact(rng, f.ticket_id);
        switch (rng() % 4) {
          case 0:  // a survey answered / the ticket resolved or reopened: same day and channel
            g.created_at = f.created_at;
            g.channel = f.channel;
            g.customer_id = f.customer_id;
            break;
          case 1:  // only the customer changes (moves repeat flags of other rows)
            g = f;
            g.customer_id = 1 + static_cast<Id>(rng() % 12);
            break;
          default:  // anything
            break;
        }
        f = g;
        s.Upsert(f);
      }
      if (step % 50 == 49) {
        ASSERT_TRUE(s.DerivedConsistent()) << "seed " << seed << " step " << step;
      }
    }
    ASSERT_TRUE(s.DerivedConsistent());

    // From scratch: the final facts only, in another order.
    FactStore fresh;
    std::vector<TicketFact> shuffled = latest;
    std::shuffle(shuffled.begin(), shuffled.end(), rng);
    for (const TicketFact& f : shuffled) fresh.Upsert(f);
    ASSERT_TRUE(fresh.DerivedConsistent());
    for (int i = 0; i < 150; ++i) ExpectSameAnswers(s, RandomQuery(rng), &fresh);

    s.RebuildDerived();
    ASSERT_TRUE(s.DerivedConsistent());
    for (int i = 0; i < 50; ++i) ExpectSameAnswers(s, RandomQuery(rng));
  }
}

TEST(KpiCube, PartialEdgeDaysAreScannedExactly) {
  FactStore s;
  // Day 0: three tickets at 01:00, 12:00, 23:00; day 1: two; day 2: one at 06:00.
  const int64_t hours[][2] = {{0, 1}, {0, 12}, {0, 23}, {1, 2}, {1, 20}, {2, 6}};
  Id id = 0;
  for (auto [d, h] : hours) {
    TicketFact f;
    f.ticket_id = ++id;
    f.customer_id = id;
    f.created_at = kT0 + d * kDayMs + h * 3600000;
    f.channel = Channel::kChat;
    f.frt_s = 10 * id;
    s.Upsert(f);
  }
  KpiQuery q;
  q.from = kT0 + 12 * 3600000;            // day 0 from 12:00 (12:00 included)
  q.to = kT0 + 2 * kDayMs + 6 * 3600000;  // day 2 up to 06:00 (excluded)
  q.now = q.to;
  q.group_by = {Dim::kChannel};
  auto g = KpiEngine(s).Run(q);
  ASSERT_EQ(g.size(), 1u);
  EXPECT_EQ(g[0].kpis.tickets, 4);  // 12:00, 23:00 of day 0 and both of day 1
  ASSERT_TRUE(g[0].counts.frt_p90_s);
  EXPECT_EQ(*g[0].counts.frt_p90_s, 50);  // FRTs 20, 30, 40, 50: nearest rank 4 of 4
  ExpectSameAnswers(s, q);
  q.group_by = {Dim::kDay, Dim::kChannel};
  g = KpiEngine(s).Run(q);
  ASSERT_EQ(g.size(), 2u);
  EXPECT_EQ(g[0].kpis.tickets, 2);
  EXPECT_EQ(g[1].kpis.tickets, 2);
  ExpectSameAnswers(s, q);
}

TEST(KpiCube, RunningSlaTargetsCountAgainstTheQueryNow) {
  FactStore s;
  for (Id id = 1; id <= 10; ++id) {
    TicketFact f;
    f.ticket_id = id;
    f.customer_id = id;
    f.created_at = kT0 + 3600000;
    f.sla_response = SlaOutcome::kRunning;
    f.sla_response_due = kT0 + id * 3600000;  // due at 01:00 … 10:00
    s.Upsert(f);
  }
  KpiQuery q;
  q.from = kT0;
  q.to = kT0 + kDayMs;
  q.now = kT0 + 4 * 3600000;  // four are past due (due <= now)
  auto g = KpiEngine(s).Run(q);
  ASSERT_EQ(g.size(), 1u);
  EXPECT_EQ(g[0].counts.sla_response_due, 4);
  EXPECT_EQ(g[0].counts.sla_response_met, 0);
  ExpectSameAnswers(s, q);
  // The target is met: the row leaves the running list.
  TicketFact f;
  f.ticket_id = 2;
  f.customer_id = 2;
  f.created_at = kT0 + 3600000;
  f.sla_response = SlaOutcome::kMet;
  s.Upsert(f);
  g = KpiEngine(s).Run(q);
  EXPECT_EQ(g[0].counts.sla_response_due, 4);  // 1, 3, 4 past due + the met one
  EXPECT_EQ(g[0].counts.sla_response_met, 1);
  EXPECT_TRUE(s.DerivedConsistent());
}

}  // namespace
}  // namespace loopdesk::analytics

namespace loopdesk::analytics {
namespace {

// Filtered queries over the value postings (fact_postings.h): when one filter value holds
// fewer than half the period's rows, the engine walks that value's rows only; the answers equal the raw scan's, also after updates that move rows to
// other values (the old lists then hold stale rows, which the walk must skip).
TEST(KpiPostings, FilteredQueriesEqualTheScanAcrossUpdates) {
  std::mt19937_64 rng(42);
  auto u = [&](int64_t n) { return static_cast<int64_t>(rng() % static_cast<uint64_t>(n)); };
  FactStore s;
  std::vector<TicketFact> latest;
  for (int i = 0; i < 12000; ++i) {
    latest.push_back(RandomFact(rng, static_cast<Id>(i + 1)));
    latest.back().agent_id = u(40);  // more agents: selective agent filters
    s.Upsert(latest.back());
  }
  auto check = [&](int queries) {
    for (int i = 0; i < queries; ++i) {
      KpiQuery q = RandomQuery(rng);
      q.filter = KpiFilter{};
      // One to three filters of any dimension, values that exist (and sometimes not).
      for (int k = 0, n = 1 + static_cast<int>(u(3)); k < n; ++k) {
        switch (u(6)) {
          case 0: q.filter.channel = static_cast<Channel>(u(9)); break;
          case 1: q.filter.tier = static_cast<Tier>(u(4)); break;
          case 2: q.filter.category = kCategories[u(4)]; break;
          case 3: q.filter.team = kTeams[u(3)]; break;
          case 4: q.filter.region = kRegions[u(3)]; break;
          default: q.filter.agent_id = u(45); break;
        }
      }
      ExpectSameAnswers(s, q);
    }
  };
  check(150);
  // Moves: rows change channel, agent, category, team, region or tier (and some change day).
  for (int i = 0; i < 3000; ++i) {
    TicketFact& f = latest[static_cast<size_t>(u(static_cast<int64_t>(latest.size())))];
    switch (u(6)) {
      case 0: f.channel = static_cast<Channel>(u(9)); break;
      case 1: f.agent_id = u(40); break;
      case 2: f.category = kCategories[u(4)]; break;
      case 3: f.team = kTeams[u(3)]; break;
      case 4: f.region = kRegions[u(3)]; break;
      default: f.tier = static_cast<Tier>(u(4)); break;
    }
    s.Upsert(f);
  }
  ASSERT_TRUE(s.DerivedConsistent());
  check(150);
  s.RebuildDerived();
  ASSERT_TRUE(s.DerivedConsistent());
  check(50);
}

}  // namespace
}  // namespace loopdesk::analytics
