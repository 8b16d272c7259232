#include "routing/router.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <map>
#include <random>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "routing/geo.h"

// The tests describe agents with designated initializers that name only what matters;
// g++ 12 warns about every member left to its default there (GCC 13 no longer does).
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace loopdesk {
namespace {

constexpr GeoPoint kShanghai{31.2304, 121.4737};
constexpr GeoPoint kHangzhou{30.2741, 120.1551};
constexpr GeoPoint kSuzhou{31.2989, 120.5853};
constexpr GeoPoint kPudong{31.2215, 121.5447};

struct Spec {
  Id id = 0;
  std::string team = "售后";
  std::vector<std::string> skills;
  int capacity = 5;
  AgentStatus status = AgentStatus::kOnline;
  Role role = Role::kAgent;
  std::vector<std::string> languages;
  std::optional<GeoPoint> location;
};

Agent MakeAgent(const Spec& s) {
  Agent a;
  a.id = s.id;
  a.name = "agent " + std::to_string(s.id);
  a.team = s.team;
  a.skills = s.skills;
  a.capacity = s.capacity;
  a.status = s.status;
  a.role = s.role;
  a.languages = s.languages;
  a.location = s.location;
  return a;
}

void Add(Router& r, const Spec& s, int load = 0) { ASSERT_TRUE(r.Upsert(MakeAgent(s), load).ok()); }

RoutingRequest Req(std::string category) {
  RoutingRequest q;
  q.category = std::move(category);
  return q;
}

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::string Km(double km) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f km", km);
  return buf;
}

// ---- geometry ------------------------------------------------------------------------------

TEST(HaversineTest, ShanghaiToHangzhouIsAbout164Km) {
  const double km = HaversineKm(kShanghai, kHangzhou);
  EXPECT_NEAR(km, 164, 2);
  EXPECT_DOUBLE_EQ(km, HaversineKm(kHangzhou, kShanghai));
  EXPECT_EQ(HaversineKm(kShanghai, kShanghai), 0);
}

TEST(HaversineTest, ChordFormMatchesHaversine) {
  const GeoPoint pts[] = {kShanghai,
                          kHangzhou,
                          kSuzhou,
                          kPudong,
                          {39.9042, 116.4074},
                          {-33.8688, 151.2093},
                          {51.5074, -0.1278},
                          {0, 179.9},
                          {0, -179.9},
                          {89.9, 0},
                          {-89.9, 180}};
  for (const GeoPoint& a : pts) {
    for (const GeoPoint& b : pts) {
      const double want = HaversineKm(a, b);
      const double got = ChordSqToKm(ChordSq(ToUnitVec(a), ToUnitVec(b)));
      EXPECT_NEAR(got, want, 1e-6 + want * 1e-9) << a.lat << "," << a.lon << " " << b.lat;
    }
  }
  EXPECT_NEAR(HaversineKm({0, 0}, {0, 180}), std::numbers::pi * kEarthRadiusKm, 1e-6);
}

// ---- hard filters --------------------------------------------------------------------------

TEST(RouterTest, SkillMatchBeatsNonMatch) {
  Router r;
  Add(r, {.id = 1, .skills = {"refund"}}, 0);
  Add(r, {.id = 2, .skills = {"billing", "refund"}}, 4);
  const RoutingDecision d = r.Route(Req("billing"));
  ASSERT_TRUE(d.agent_id);
  EXPECT_EQ(*d.agent_id, 2);
  EXPECT_TRUE(Has(d.reason, "skill billing")) << d.reason;
  for (RoutingMode m : {RoutingMode::kRoundRobin, RoutingMode::kLeastLoaded})
    EXPECT_EQ(r.Route(Req("billing"), m).agent_id, 2) << Name(m);
}

TEST(RouterTest, OfflineAwayFullAdminAndZeroCapacityAreNeverChosen) {
  Router r;
  Add(r, {.id = 1, .skills = {"billing"}, .status = AgentStatus::kOffline});
  Add(r, {.id = 2, .skills = {"billing"}, .status = AgentStatus::kAway});
  Add(r, {.id = 3, .skills = {"billing"}, .capacity = 3}, 3);
  Add(r, {.id = 4, .skills = {"billing"}, .capacity = 0});
  Add(r, {.id = 5, .skills = {"billing"}, .role = Role::kAdmin});
  for (RoutingMode m : {RoutingMode::kScore, RoutingMode::kRoundRobin, RoutingMode::kLeastLoaded}) {
    for (int i = 0; i < 3; ++i) {
      const RoutingDecision d = r.Route(Req("billing"), m);
      EXPECT_FALSE(d.agent_id) << Name(m) << " chose " << *d.agent_id;
      EXPECT_TRUE(Has(d.reason, "no online agent with skill billing has free capacity"))
          << d.reason;
    }
  }
  Add(r, {.id = 6, .skills = {"billing"}, .capacity = 9, .role = Role::kSupervisor}, 8);
  for (RoutingMode m : {RoutingMode::kScore, RoutingMode::kRoundRobin, RoutingMode::kLeastLoaded})
    for (int i = 0; i < 3; ++i) EXPECT_EQ(r.Route(Req("billing"), m).agent_id, 6) << Name(m);
}

TEST(RouterTest, AdminSkillsDoNotMakeASkillKnown) {
  Router r;
  Add(r, {.id = 1, .skills = {"billing"}, .role = Role::kAdmin});
  Add(r, {.id = 2, .skills = {"refund"}});
  const RoutingDecision d = r.Route(Req("billing"));
  EXPECT_EQ(d.agent_id, 2);
  EXPECT_TRUE(Has(d.reason, "no agent has skill billing, any skill")) << d.reason;
}

TEST(RouterTest, UnknownSkillFallsBackToAnyAndSaysSo) {
  Router r;
  Add(r, {.id = 1, .skills = {"refund"}}, 3);
  Add(r, {.id = 2, .skills = {"billing"}}, 1);
  const RoutingDecision d = r.Route(Req("warranty"));
  EXPECT_EQ(d.agent_id, 2);  // lower load
  EXPECT_EQ(d.reason, "no agent has skill warranty, any skill; online; load 1/5");
  // A skill held only by an offline agent is still known: the ticket waits for it.
  Add(r, {.id = 3, .skills = {"warranty"}, .status = AgentStatus::kOffline});
  const RoutingDecision w = r.Route(Req("warranty"));
  EXPECT_FALSE(w.agent_id);
  EXPECT_EQ(w.reason, "queued: no online agent with skill warranty");
  // ... and forgotten again when that agent goes.
  ASSERT_TRUE(r.Remove(3).ok());
  EXPECT_EQ(r.Route(Req("warranty")).agent_id, 2);
}

TEST(RouterTest, NonChineseCustomersNeedAnAgentWhoSpeaksTheirLanguage) {
  Router r;
  Add(r, {.id = 1, .skills = {"billing"}}, 0);  // no languages listed: zh
  Add(r, {.id = 2, .skills = {"billing"}, .languages = {"zh", "en"}}, 4);
  Add(r, {.id = 3, .skills = {"billing"}, .languages = {"en"}}, 0);
  RoutingRequest en = Req("billing");
  en.language = "en";
  // 3 and 2 speak en; 3 has the lower load.
  EXPECT_EQ(r.Route(en).agent_id, 3);
  EXPECT_EQ(r.Route(en, RoutingMode::kLeastLoaded).agent_id, 3);
  ASSERT_TRUE(r.SetStatus(3, AgentStatus::kAway).ok());
  const RoutingDecision d = r.Route(en);
  EXPECT_EQ(d.agent_id, 2);
  EXPECT_TRUE(Has(d.reason, "language en")) << d.reason;
  // zh is not a filter: agent 3 (en only) may take a zh ticket, but a zh speaker scores the
  // language weight on top.
  ASSERT_TRUE(r.SetStatus(3, AgentStatus::kOnline).ok());
  ASSERT_TRUE(r.SetStatus(1, AgentStatus::kOffline).ok());
  ASSERT_TRUE(r.SetLoad(2, 0).ok());
  EXPECT_EQ(r.Route(Req("billing")).agent_id, 2);
  ASSERT_TRUE(r.SetStatus(2, AgentStatus::kOffline).ok());
  EXPECT_EQ(r.Route(Req("billing")).agent_id, 3);
  // A language nobody speaks queues the ticket.
  RoutingRequest ja = Req("billing");
  ja.language = "ja";
  const RoutingDecision q = r.Route(ja);
  EXPECT_FALSE(q.agent_id);
  EXPECT_EQ(q.reason, "queued: no agent with skill billing speaking ja");
}

TEST(RouterTest, TeamRestrictsCandidates) {
  Router r;
  Add(r, {.id = 1, .team = "售前", .skills = {"billing"}}, 0);
  Add(r, {.id = 2, .team = "售后", .skills = {"billing"}}, 4);
  RoutingRequest q = Req("billing");
  q.team = "售后";
  const RoutingDecision d = r.Route(q);
  EXPECT_EQ(d.agent_id, 2);
  EXPECT_EQ(d.team, "售后");
  q.team = "财务";
  const RoutingDecision none = r.Route(q);
  EXPECT_FALSE(none.agent_id);
  EXPECT_EQ(none.team, "财务");
  EXPECT_EQ(none.reason, "queued in 财务: no agent in 财务");
}

// ---- tier ----------------------------------------------------------------------------------

TEST(RouterTest, StrategicCustomerGoesToTheirAccountManager) {
  Router r;
  Add(r, {.id = 1, .skills = {"billing"}}, 0);
  Add(r, {.id = 7, .team = "大客户", .skills = {"billing"}, .capacity = 10, .role = Role::kCsm}, 6);
  RoutingRequest q = Req("billing");
  q.tier = Tier::kStrategic;
  q.account_manager_id = 7;
  const RoutingDecision d = r.Route(q);
  EXPECT_EQ(d.agent_id, 7);
  EXPECT_EQ(d.team, "大客户");
  EXPECT_EQ(d.reason, "account manager; skill billing; online; load 6/10");
  q.tier = Tier::kHigh;
  EXPECT_EQ(r.Route(q).agent_id, 7);
  // Lower tiers are scored like everyone else.
  q.tier = Tier::kGrowth;
  EXPECT_EQ(r.Route(q).agent_id, 1);
  // An unavailable manager: the best other agent, and the reason says why.
  q.tier = Tier::kStrategic;
  ASSERT_TRUE(r.SetStatus(7, AgentStatus::kOffline).ok());
  const RoutingDecision o = r.Route(q);
  EXPECT_EQ(o.agent_id, 1);
  EXPECT_EQ(o.reason, "account manager 7 unavailable (offline); skill billing; online; load 0/5");
  ASSERT_TRUE(r.SetStatus(7, AgentStatus::kOnline).ok());
  ASSERT_TRUE(r.SetLoad(7, 10).ok());
  EXPECT_TRUE(Has(r.Route(q).reason, "account manager 7 unavailable (load 10/10)"));
  q.account_manager_id = 99;
  EXPECT_TRUE(Has(r.Route(q).reason, "account manager 99 unknown"));
}

TEST(RouterTest, AccountManagerMustPassTheHardFilters) {
  Router r;
  Add(r, {.id = 1, .skills = {"installation"}}, 0);
  Add(r, {.id = 7, .skills = {"billing"}, .role = Role::kCsm}, 0);
  RoutingRequest q = Req("installation");
  q.tier = Tier::kHigh;
  q.account_manager_id = 7;
  const RoutingDecision d = r.Route(q);
  EXPECT_EQ(d.agent_id, 1);
  EXPECT_TRUE(Has(d.reason, "account manager 7 unavailable (no skill installation)")) << d.reason;
}

TEST(RouterTest, StrategicCustomerPrefersTheDedicatedTeam) {
  Router r;
  Add(r, {.id = 1, .team = "售后", .skills = {"refund"}}, 0);
  Add(r, {.id = 2, .team = "VIP", .skills = {"refund"}}, 4);
  RoutingRequest q = Req("refund");
  q.tier = Tier::kStrategic;
  q.dedicated_team = "VIP";
  const RoutingDecision d = r.Route(q);
  EXPECT_EQ(d.agent_id, 2);
  EXPECT_EQ(d.reason, "skill refund; dedicated team VIP; online; load 4/5");
  // skill 3 + language 1 + load 2·(1/5) + tier 4
  EXPECT_DOUBLE_EQ(d.score, 3 + 1 + 2 * 0.2 + 4);
  q.tier = Tier::kBasic;
  EXPECT_EQ(r.Route(q).agent_id, 1);
  q.tier = Tier::kStrategic;
  ASSERT_TRUE(r.SetLoad(2, 5).ok());
  const RoutingDecision o = r.Route(q);
  EXPECT_EQ(o.agent_id, 1);
  EXPECT_TRUE(Has(o.reason, "outside dedicated team VIP")) << o.reason;
  // Nobody at all: the ticket waits in the dedicated team's queue.
  ASSERT_TRUE(r.SetStatus(1, AgentStatus::kOffline).ok());
  const RoutingDecision w = r.Route(q);
  EXPECT_FALSE(w.agent_id);
  EXPECT_EQ(w.team, "VIP");
  EXPECT_EQ(w.reason, "queued in VIP: no online agent with skill refund has free capacity");
}

// ---- on-site -------------------------------------------------------------------------------

TEST(RouterTest, OnsiteGoesToTheNearestFieldEngineer) {
  Router r;
  Add(r, {.id = 1, .team = "现场服务", .skills = {"installation"}, .location = kHangzhou}, 1);
  Add(r, {.id = 2, .team = "现场服务", .skills = {"installation"}, .location = kSuzhou}, 1);
  Add(r, {.id = 3, .team = "现场服务", .skills = {"installation"}, .location = kPudong}, 1);
  Add(r, {.id = 4, .team = "现场服务", .skills = {"installation"}}, 0);  // no location
  RoutingRequest q = Req("installation");
  q.channel = Channel::kOnsite;
  q.customer_location = kShanghai;
  const RoutingDecision d = r.Route(q);
  ASSERT_EQ(d.agent_id, 3);
  ASSERT_TRUE(d.distance_km);
  EXPECT_NEAR(*d.distance_km, HaversineKm(kShanghai, kPudong), 1e-9);
  EXPECT_NEAR(*d.distance_km, 6.8, 0.5);
  EXPECT_EQ(d.reason, "skill installation; online; load 1/5; " + Km(*d.distance_km));

  ASSERT_TRUE(r.SetStatus(3, AgentStatus::kOffline).ok());
  EXPECT_EQ(r.Route(q).agent_id, 2);  // Suzhou ≈ 85 km beats Hangzhou ≈ 164 km
  ASSERT_TRUE(r.SetStatus(2, AgentStatus::kOffline).ok());
  const RoutingDecision h = r.Route(q);
  ASSERT_EQ(h.agent_id, 1);
  EXPECT_NEAR(*h.distance_km, 164, 2);
  EXPECT_TRUE(Has(h.reason, "; " + Km(*h.distance_km))) << h.reason;
  EXPECT_TRUE(Has(h.reason, "; 16")) << h.reason;
  // The score carries the distance penalty: 3 + 1 + 2·(4/5) − 2·km/10.
  EXPECT_NEAR(h.score, 3 + 1 + 1.6 - 0.2 * *h.distance_km, 1e-9);

  // With no field engineer left, the unlocated agent takes it and the reason says so.
  ASSERT_TRUE(r.SetStatus(1, AgentStatus::kOffline).ok());
  const RoutingDecision u = r.Route(q);
  EXPECT_EQ(u.agent_id, 4);
  EXPECT_FALSE(u.distance_km);
  EXPECT_TRUE(Has(u.reason, "no field engineer with a location available")) << u.reason;
}

TEST(RouterTest, FieldEngineersOutrankUnlocatedAgentsWhateverTheirLoad) {
  Router r;
  Add(r, {.id = 1, .skills = {"installation"}, .capacity = 10}, 0);
  Add(r, {.id = 2, .skills = {"installation"}, .capacity = 10, .location = kHangzhou}, 9);
  RoutingRequest q = Req("installation");
  q.channel = Channel::kOnsite;
  q.customer_location = kShanghai;
  EXPECT_EQ(r.Route(q).agent_id, 2);
  // Without a customer location there is no distance, and the reason mentions it.
  q.customer_location.reset();
  const RoutingDecision d = r.Route(q);
  EXPECT_EQ(d.agent_id, 1);
  EXPECT_TRUE(Has(d.reason, "on-site without a valid customer location")) << d.reason;
}

TEST(RouterTest, DistanceWeightTradesKilometresAgainstLoad) {
  Router r;
  Add(r, {.id = 1, .skills = {"installation"}, .location = kPudong}, 4);  // 7 km, busy
  Add(r, {.id = 2, .skills = {"installation"}, .location = kSuzhou}, 0);  // 85 km, idle
  RoutingRequest q = Req("installation");
  q.channel = Channel::kOnsite;
  q.customer_location = kShanghai;
  EXPECT_EQ(r.Route(q).agent_id, 1);
  ASSERT_TRUE(r.SetWeights({.distance = 0}).ok());
  EXPECT_EQ(r.Route(q).agent_id, 2);
  EXPECT_FALSE(r.SetWeights({.load = -1}).ok());
  EXPECT_EQ(ValidateWeights({.skill = NAN}).field(), "skill");
  EXPECT_EQ(r.weights().distance, 0);  // unchanged by the refused call
}

// ---- simple modes --------------------------------------------------------------------------

TEST(RouterTest, LeastLoadedPicksTheLowestLoadThenTheLowestId) {
  Router r;
  Add(r, {.id = 4, .skills = {"billing"}, .capacity = 10}, 3);
  Add(r, {.id = 2, .skills = {"billing"}, .capacity = 10}, 1);
  Add(r, {.id = 3, .skills = {"billing"}, .capacity = 2}, 1);
  Add(r, {.id = 1, .skills = {"refund"}}, 0);  // lacks the skill
  const RoutingDecision d = r.Route(Req("billing"), RoutingMode::kLeastLoaded);
  EXPECT_EQ(d.agent_id, 2);
  EXPECT_EQ(d.reason, "least loaded; skill billing; online; load 1/10");
  EXPECT_EQ(d.score, 0);
  ASSERT_TRUE(r.SetLoad(2, 2).ok());
  EXPECT_EQ(r.Route(Req("billing"), RoutingMode::kLeastLoaded).agent_id, 3);
}

TEST(RouterTest, RoundRobinCyclesThroughQualifiedAgentsInIdOrder) {
  Router r;
  for (Id id : {5, 2, 9, 7}) Add(r, {.id = id, .skills = {"billing"}});
  Add(r, {.id = 3, .skills = {"billing"}, .status = AgentStatus::kOffline});
  Add(r, {.id = 4, .skills = {"refund"}});
  std::vector<Id> got;
  for (int i = 0; i < 9; ++i) {
    const RoutingDecision d = r.Route(Req("billing"), RoutingMode::kRoundRobin);
    ASSERT_TRUE(d.agent_id);
    got.push_back(*d.agent_id);
  }
  EXPECT_EQ(got, (std::vector<Id>{2, 5, 7, 9, 2, 5, 7, 9, 2}));
  const RoutingDecision d = r.Route(Req("billing"), RoutingMode::kRoundRobin);
  EXPECT_EQ(d.agent_id, 5);
  EXPECT_EQ(d.reason, "round-robin; skill billing; online; load 0/5");
  // The cursor survives removal of the agent it points at.
  ASSERT_TRUE(r.Remove(5).ok());
  EXPECT_EQ(r.Route(Req("billing"), RoutingMode::kRoundRobin).agent_id, 7);
}

TEST(RouterTest, ConcurrentRoundRobinSharesTheCursorFairly) {
  Router r;
  for (Id id = 1; id <= 4; ++id) Add(r, {.id = id, .skills = {"billing"}});
  std::map<Id, int> counts[2];
  auto run = [&](int t) {
    for (int i = 0; i < 2000; ++i)
      ++counts[t][*r.Route(Req("billing"), RoutingMode::kRoundRobin).agent_id];
  };
  std::thread a(run, 0), b(run, 1);
  a.join();
  b.join();
  // Every decision advanced the cursor exactly once: 4,000 picks, 1,000 each.
  for (Id id = 1; id <= 4; ++id) EXPECT_EQ(counts[0][id] + counts[1][id], 1000) << id;
}

TEST(RouterTest, DecisionsRunWhileAgentsChange) {
  Router r;
  for (Id id = 1; id <= 100; ++id) Add(r, {.id = id, .skills = {"billing"}});
  std::atomic<bool> stop{false};
  std::thread writer([&] {
    for (int i = 0; i < 3000; ++i) {
      const Id id = 1 + i % 100;
      EXPECT_TRUE(r.SetLoad(id, i % 6).ok());
      EXPECT_TRUE(r.SetStatus(id, i % 3 ? AgentStatus::kOnline : AgentStatus::kAway).ok());
      if (i % 50 == 0) {
        EXPECT_TRUE(r.Remove(id).ok());
        Add(r, {.id = id, .skills = {"billing", "refund"}});
      }
    }
    stop = true;
  });
  // At least 300 rounds even when the writer finishes first (a busy machine), so the
  // assertion below never depends on scheduling.
  int decided = 0;
  for (int round = 0; !stop || round < 300; ++round) {
    for (RoutingMode m :
         {RoutingMode::kScore, RoutingMode::kRoundRobin, RoutingMode::kLeastLoaded}) {
      const RoutingDecision d = r.Route(Req("billing"), m);
      if (d.agent_id) {
        EXPECT_TRUE(*d.agent_id >= 1 && *d.agent_id <= 100);
      }
      ++decided;
    }
  }
  writer.join();
  EXPECT_GE(decided, 900);
}

// ---- nobody qualifies ----------------------------------------------------------------------

TEST(RouterTest, NobodyQualifiesQueuesWithTheReason) {
  Router r;
  EXPECT_EQ(r.Route(Req("billing")).reason, "queued: no agents in the routing pool");
  Add(r, {.id = 1, .team = "现场服务", .skills = {"installation"}, .capacity = 2}, 2);
  Add(r, {.id = 2, .team = "现场服务", .skills = {"installation"}, .capacity = 3}, 3);
  Add(r, {.id = 3, .team = "现场服务", .skills = {"repair"}}, 0);
  Add(r, {.id = 4, .team = "售后", .skills = {"installation"}}, 0);
  RoutingRequest q = Req("installation");
  q.team = "现场服务";
  for (RoutingMode m : {RoutingMode::kScore, RoutingMode::kRoundRobin, RoutingMode::kLeastLoaded}) {
    const RoutingDecision d = r.Route(q, m);
    EXPECT_FALSE(d.agent_id);
    EXPECT_EQ(d.team, "现场服务");
    EXPECT_EQ(d.score, 0);
    EXPECT_EQ(d.reason,
              "queued in 现场服务: no online agent with skill installation in 现场服务 has free "
              "capacity");
  }
  ASSERT_TRUE(r.SetStatus(1, AgentStatus::kOffline).ok());
  ASSERT_TRUE(r.SetStatus(2, AgentStatus::kAway).ok());
  EXPECT_EQ(r.Route(q).reason,
            "queued in 现场服务: no online agent with skill installation in 现场服务");
  ASSERT_TRUE(r.Remove(1).ok());
  ASSERT_TRUE(r.Remove(2).ok());
  EXPECT_EQ(r.Route(q).reason, "queued in 现场服务: no agent with skill installation in 现场服务");
  Router admins;
  Add(admins, {.id = 1, .role = Role::kAdmin});
  EXPECT_EQ(admins.Route(Req("")).reason, "queued: no routable agent (admins are never routed)");
}

// ---- determinism and reasons ---------------------------------------------------------------

TEST(RouterTest, TiesGoToTheLowerLoadThenTheLowerId) {
  // The same agents inserted in different orders (and shuffled by removal) decide alike.
  std::vector<Id> orders[] = {{1, 2, 3, 4}, {4, 3, 2, 1}, {3, 1, 4, 2}};
  for (const auto& order : orders) {
    Router r;
    Add(r, {.id = 99, .skills = {"billing"}});
    for (Id id : order) Add(r, {.id = id, .skills = {"billing"}, .capacity = 10}, 2);
    ASSERT_TRUE(r.Remove(99).ok());
    EXPECT_EQ(r.Route(Req("billing")).agent_id, 1);
    EXPECT_EQ(r.Route(Req("billing"), RoutingMode::kLeastLoaded).agent_id, 1);
    // Agent 3 at 1/5 scores exactly what 2/10 scores; the tie goes to its lower load.
    Add(r, {.id = 3, .skills = {"billing"}, .capacity = 5}, 1);
    EXPECT_EQ(r.Route(Req("billing")).agent_id, 3);
  }
}

TEST(RouterTest, ReasonStatesTheFacts) {
  Router r;
  Add(r, {.id = 1, .skills = {"billing"}, .languages = {"zh", "en"}}, 2);
  EXPECT_EQ(r.Route(Req("billing")).reason, "skill billing; online; load 2/5");
  RoutingRequest en = Req("billing");
  en.language = "en";
  EXPECT_EQ(r.Route(en).reason, "skill billing; language en; online; load 2/5");
  EXPECT_EQ(r.Route(Req("")).reason, "online; load 2/5");
}

// ---- mutations -----------------------------------------------------------------------------

TEST(RouterTest, MutationsValidateAndReportUnknownAgents) {
  Router r;
  EXPECT_EQ(r.Upsert(MakeAgent({.id = 0}), 0).code(), Code::kInvalidArgument);
  EXPECT_EQ(r.Upsert(MakeAgent({.id = 1}), -1).code(), Code::kInvalidArgument);
  EXPECT_EQ(r.Upsert(MakeAgent({.id = 1, .location = GeoPoint{91, 0}}), 0).field(), "location");
  EXPECT_EQ(r.size(), 0u);
  EXPECT_EQ(r.SetStatus(5, AgentStatus::kOnline).code(), Code::kNotFound);
  EXPECT_EQ(r.SetLoad(5, 1).code(), Code::kNotFound);
  EXPECT_EQ(r.AddLoad(5, 1).code(), Code::kNotFound);
  EXPECT_EQ(r.Remove(5).code(), Code::kNotFound);
  Add(r, {.id = 5});
  EXPECT_EQ(r.SetLoad(5, -2).code(), Code::kInvalidArgument);
  ASSERT_TRUE(r.AddLoad(5, -3).ok());
  EXPECT_EQ(r.LoadOf(5), 0);
  ASSERT_TRUE(r.AddLoad(5, 2).ok());
  EXPECT_EQ(r.LoadOf(5), 2);
  EXPECT_EQ(r.LoadOf(6), std::nullopt);
}

TEST(RouterTest, UpsertReplacesSkillsAndRemoveKeepsTheOthersIntact) {
  Router r;
  Add(r, {.id = 1, .skills = {"billing"}});
  Add(r, {.id = 2, .skills = {"refund"}, .languages = {"en"}});
  Add(r, {.id = 3, .skills = {"delivery"}});
  Add(r, {.id = 1, .skills = {"account"}});  // replaces billing
  EXPECT_TRUE(Has(r.Route(Req("billing")).reason, "no agent has skill billing"));
  EXPECT_EQ(r.Route(Req("account")).agent_id, 1);
  // Removing the first slot moves the last one into it; its skills move along.
  ASSERT_TRUE(r.Remove(1).ok());
  EXPECT_EQ(r.size(), 2u);
  EXPECT_EQ(r.Route(Req("delivery")).agent_id, 3);
  RoutingRequest en = Req("refund");
  en.language = "en";
  EXPECT_EQ(r.Route(en).agent_id, 2);
  EXPECT_FALSE(r.Route(Req("account")).agent_id == 1);
}

TEST(RouterTest, ManySkillsAndLanguagesGrowTheBitsets) {
  Router r;
  for (Id id = 1; id <= 200; ++id) {
    Add(r, {.id = id,
            .skills = {"s" + std::to_string(id), "s" + std::to_string(id + 1)},
            .languages = {"l" + std::to_string(id % 70)}});
  }
  for (Id id = 2; id <= 200; id += 17) {
    RoutingRequest q = Req("s" + std::to_string(id));
    q.language = "l" + std::to_string(id % 70);
    EXPECT_EQ(r.Route(q).agent_id, id) << id;  // agents id-1 and id have the skill
  }
}

TEST(RouterTest, RouteAndReserveTakesTheLoadAtOnce) {
  Router r;
  Add(r, {.id = 1, .skills = {"billing"}, .capacity = 2});
  Add(r, {.id = 2, .skills = {"billing"}, .capacity = 1});
  std::vector<std::optional<Id>> got;
  for (int i = 0; i < 4; ++i) got.push_back(r.RouteAndReserve(Req("billing")).agent_id);
  EXPECT_EQ(got, (std::vector<std::optional<Id>>{1, 2, 1, std::nullopt}));
  EXPECT_EQ(r.LoadOf(1), 2);
  EXPECT_EQ(r.LoadOf(2), 1);
}

TEST(RouterTest, ModeNamesRoundTrip) {
  for (RoutingMode m : {RoutingMode::kScore, RoutingMode::kRoundRobin, RoutingMode::kLeastLoaded})
    EXPECT_EQ(ParseRoutingMode(Name(m)), m);
  EXPECT_EQ(ParseRoutingMode("fastest"), std::nullopt);
}

// ---- against a reference ---------------------------------------------------------------

// The documented rules written the slow, obvious way over plain Agent values.
class Reference {
 public:
  std::map<Id, std::pair<Agent, int>> pool;  // id → (agent, load)
  RoutingWeights w;
  Id rr_cursor = 0;

  static bool Has(const std::vector<std::string>& v, const std::string& x) {
    return std::find(v.begin(), v.end(), x) != v.end();
  }
  bool Speaks(const Agent& a, const std::string& lang) const {
    return Has(a.languages, lang) || (a.languages.empty() && lang == "zh");
  }
  bool Qualifies(const Agent& a, int load, const RoutingRequest& q, bool skill_known) const {
    return a.status == AgentStatus::kOnline && a.role != Role::kAdmin && a.capacity > 0 &&
           load < a.capacity && (!q.team || a.team == *q.team) &&
           (!skill_known || Has(a.skills, q.category)) &&
           (q.language == "zh" || Speaks(a, q.language));
  }
  std::optional<Id> Route(const RoutingRequest& q, RoutingMode mode) {
    bool skill_known = false;
    for (const auto& [id, al] : pool)
      if (al.first.role != Role::kAdmin && !q.category.empty() && Has(al.first.skills, q.category))
        skill_known = true;
    const bool vip = q.tier == Tier::kStrategic || q.tier == Tier::kHigh;
    std::vector<std::pair<const Agent*, int>> c;
    for (const auto& [id, al] : pool)
      if (Qualifies(al.first, al.second, q, skill_known)) c.emplace_back(&al.first, al.second);
    if (c.empty()) return std::nullopt;
    if (mode == RoutingMode::kLeastLoaded) {
      auto best = std::min_element(c.begin(), c.end(), [](auto& x, auto& y) {
        return std::make_pair(x.second, x.first->id) < std::make_pair(y.second, y.first->id);
      });
      return best->first->id;
    }
    if (mode == RoutingMode::kRoundRobin) {
      const Agent* pick = nullptr;
      for (auto& [a, load] : c)  // c is in id order
        if (a->id > rr_cursor) {
          pick = a;
          break;
        }
      if (pick == nullptr) pick = c.front().first;
      rr_cursor = pick->id;
      return pick->id;
    }
    if (vip && q.account_manager_id)
      for (auto& [a, load] : c)
        if (a->id == *q.account_manager_id) return a->id;
    const bool onsite = q.channel == Channel::kOnsite && q.customer_location;
    std::tuple<bool, double, int, Id> best{};
    std::optional<Id> winner;
    for (auto& [a, load] : c) {
      double score = (skill_known ? w.skill : 0) + w.load * (1.0 - double(load) / a->capacity);
      if (Speaks(*a, q.language)) score += w.language;
      if (vip && q.dedicated_team && a->team == *q.dedicated_team) score += w.tier_affinity;
      const bool located = onsite && a->location.has_value();
      if (located)
        score -= w.distance / 10 *
                 ChordSqToKm(ChordSq(ToUnitVec(*a->location), ToUnitVec(*q.customer_location)));
      // Larger is better: located first, then score, then lower load, then lower id.
      std::tuple<bool, double, int, Id> key{located, score, -load, -a->id};
      if (!winner || key > best) {
        best = key;
        winner = a->id;
      }
    }
    return winner;
  }
};

TEST(RouterTest, AgreesWithAReferenceImplementationUnderRandomChanges) {
  std::mt19937_64 rng(42);
  auto pick = [&](auto const& v) { return v[rng() % v.size()]; };
  const std::vector<std::string> skills = {"billing", "refund", "installation", "account", "x"};
  const std::vector<std::string> langs = {"zh", "en", "ja"};
  const std::vector<std::string> teams = {"售后", "现场服务", "VIP"};
  const std::vector<GeoPoint> places = {kShanghai, kHangzhou, kSuzhou, kPudong};
  const std::vector<AgentStatus> statuses = {AgentStatus::kOnline, AgentStatus::kOnline,
                                             AgentStatus::kAway, AgentStatus::kOffline};
  Router router;
  Reference ref;
  int decisions = 0, assigned = 0;
  for (int step = 0; step < 6000; ++step) {
    const Id id = 1 + static_cast<Id>(rng() % 160);
    const int op = static_cast<int>(rng() % 10);
    if (op < 4) {
      Agent a;
      a.id = id;
      a.team = pick(teams);
      a.role = rng() % 12 == 0 ? Role::kAdmin : Role::kAgent;
      for (int k = static_cast<int>(rng() % 3); k > 0; --k) a.skills.push_back(pick(skills));
      for (int k = static_cast<int>(rng() % 3); k > 0; --k) a.languages.push_back(pick(langs));
      a.capacity = static_cast<int>(rng() % 5);
      a.status = pick(statuses);
      if (rng() % 2) a.location = pick(places);
      const int load = static_cast<int>(rng() % 5);
      ASSERT_TRUE(router.Upsert(a, load).ok());
      ref.pool[id] = {a, load};
    } else if (op == 4 && ref.pool.count(id)) {
      ASSERT_TRUE(router.Remove(id).ok());
      ref.pool.erase(id);
    } else if (op == 5 && ref.pool.count(id)) {
      const AgentStatus st = pick(statuses);
      ASSERT_TRUE(router.SetStatus(id, st).ok());
      ref.pool[id].first.status = st;
    } else if (op == 6 && ref.pool.count(id)) {
      const int load = static_cast<int>(rng() % 5);
      ASSERT_TRUE(router.SetLoad(id, load).ok());
      ref.pool[id].second = load;
    } else {
      RoutingRequest q;
      q.category = rng() % 8 == 0 ? "" : pick(skills) + (rng() % 10 == 0 ? "?" : "");
      q.language = rng() % 3 == 0 ? pick(langs) : "zh";
      q.tier = static_cast<Tier>(rng() % 4);
      if (rng() % 4 == 0) q.team = pick(teams);
      if (rng() % 3 == 0) q.account_manager_id = 1 + static_cast<Id>(rng() % 160);
      if (rng() % 3 == 0) q.dedicated_team = pick(teams);
      if (rng() % 2 == 0) {
        q.channel = Channel::kOnsite;
        if (rng() % 4) q.customer_location = pick(places);
      }
      const RoutingMode mode = static_cast<RoutingMode>(rng() % 3);
      const RoutingDecision d = router.Route(q, mode);
      const std::optional<Id> want = ref.Route(q, mode);
      ASSERT_EQ(d.agent_id, want) << "step " << step << " mode " << Name(mode) << ": " << d.reason;
      ASSERT_EQ(d.agent_id.has_value(), !Has(d.reason, "queued")) << d.reason;
      ++decisions;
      assigned += d.agent_id.has_value();
    }
  }
  EXPECT_EQ(router.size(), ref.pool.size());
  EXPECT_GT(decisions, 1000);
  EXPECT_GT(assigned, decisions / 4);  // the comparison is not all "nobody"
  EXPECT_LT(assigned, decisions);      // ... nor all assignments
}

}  // namespace
}  // namespace loopdesk
