// Cost of one routing decision (DESIGN.md §3: ≤ 20 µs among 1,000 agents).
//
// Pools of 10 … 10,000 agents with a realistic, seeded mix: six teams (one of them field
// service with engineers spread over East China), 2–4 skills from the default categories,
// a quarter speaking English, 60 % online / 15 % away / 25 % offline, loads anywhere up to
// capacity, a few admins. Each decision routes the next of 1,024 pre-built requests (mixed
// categories, languages, tiers with account managers and dedicated teams, some restricted
// to a team), so the time per iteration is the time per decision, including the decision's
// reason string.
//
//   routing_bench --benchmark_repetitions=3 --benchmark_min_time=0.2

#include <benchmark/benchmark.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "routing/router.h"

namespace loopdesk {
namespace {

constexpr std::array<const char*, 9> kCategories = {"complaint", "refund",       "billing",
                                                    "delivery",  "installation", "account",
                                                    "technical", "inquiry",      "general"};
constexpr std::array<const char*, 6> kTeams = {"售前咨询", "售后服务", "技术支持",
                                               "现场服务", "账务",     "VIP专席"};
constexpr int kFieldTeam = 3;
constexpr int kVipTeam = 5;
constexpr std::array<GeoPoint, 6> kCities = {{{31.2304, 121.4737},    // 上海
                                              {30.2741, 120.1551},    // 杭州
                                              {31.2989, 120.5853},    // 苏州
                                              {32.0603, 118.7969},    // 南京
                                              {31.8206, 117.2272},    // 合肥
                                              {29.8683, 121.5440}}};  // 宁波

// Hand-written distributions: the same pool on every standard library.
struct Rng {
  std::mt19937_64 gen;
  explicit Rng(uint64_t seed) : gen(seed) {}
  uint64_t Below(uint64_t n) { return gen() % n; }
  double Unit() { return static_cast<double>(gen() >> 11) * 0x1.0p-53; }
  bool Chance(double p) { return Unit() < p; }
};

GeoPoint Near(Rng& rng, double spread_deg) {
  const GeoPoint c = kCities[rng.Below(kCities.size())];
  return {c.lat + (rng.Unit() - 0.5) * spread_deg, c.lon + (rng.Unit() - 0.5) * spread_deg};
}

struct Fixture {
  Router router;
  std::vector<RoutingRequest> requests;  // a power of two, cycled through
  std::vector<Id> csms;
};

void FillAgents(Fixture& f, int n, Rng& rng) {
  for (int i = 0; i < n; ++i) {
    Agent a;
    a.id = i + 1;
    const double t = rng.Unit();
    const int team = t < 0.25   ? 1
                     : t < 0.45 ? 2
                     : t < 0.65 ? kFieldTeam
                     : t < 0.8  ? 0
                     : t < 0.92 ? 4
                                : kVipTeam;
    a.team = kTeams[team];
    const double r = rng.Unit();
    a.role = r < 0.85   ? Role::kAgent
             : r < 0.92 ? Role::kSupervisor
             : r < 0.96 ? Role::kExpert
             : r < 0.99 ? Role::kCsm
                        : Role::kAdmin;
    if (a.role == Role::kCsm) f.csms.push_back(a.id);
    if (team == kFieldTeam) {
      a.skills = {"installation", "technical"};
      a.location = Near(rng, 0.6);
    }
    for (int k = 2 + static_cast<int>(rng.Below(3)); k > 0; --k)
      a.skills.emplace_back(kCategories[rng.Below(kCategories.size())]);
    a.languages = {"zh"};
    if (rng.Chance(0.25)) a.languages.emplace_back("en");
    const double s = rng.Unit();
    a.status = s < 0.6    ? AgentStatus::kOnline
               : s < 0.75 ? AgentStatus::kAway
                          : AgentStatus::kOffline;
    a.capacity = 3 + static_cast<int>(rng.Below(8));
    const int load = static_cast<int>(rng.Below(static_cast<uint64_t>(a.capacity) + 1));
    if (!f.router.Upsert(a, load).ok()) std::abort();
  }
}

void FillRequests(Fixture& f, Rng& rng, bool onsite) {
  f.requests.resize(1024);
  for (RoutingRequest& q : f.requests) {
    q.category = onsite ? (rng.Chance(0.7) ? "installation" : "technical")
                        : kCategories[rng.Below(kCategories.size())];
    q.language = rng.Chance(0.2) ? "en" : "zh";
    const double t = rng.Unit();
    q.tier = t < 0.05  ? Tier::kStrategic
             : t < 0.2 ? Tier::kHigh
             : t < 0.5 ? Tier::kGrowth
                       : Tier::kBasic;
    if (q.tier == Tier::kStrategic) q.dedicated_team = kTeams[kVipTeam];
    if (q.tier == Tier::kHigh && !f.csms.empty())
      q.account_manager_id = f.csms[rng.Below(f.csms.size())];
    if (onsite) {
      q.channel = Channel::kOnsite;
      q.customer_location = Near(rng, 1.0);
    } else {
      q.channel = rng.Chance(0.5) ? Channel::kChat : Channel::kPhone;
      if (rng.Chance(0.2)) q.team = kTeams[rng.Below(kTeams.size())];
    }
  }
}

Fixture* Build(int n, bool onsite) {
  auto* f = new Fixture;
  Rng rng(20261123 + static_cast<uint64_t>(n));
  FillAgents(*f, n, rng);
  FillRequests(*f, rng, onsite);
  return f;
}

void RunDecisions(benchmark::State& state, const Fixture& f, RoutingMode mode) {
  const size_t mask = f.requests.size() - 1;
  size_t i = 0, assigned = 0;
  for (auto _ : state) {
    RoutingDecision d = f.router.Route(f.requests[i++ & mask], mode);
    assigned += d.agent_id.has_value();
    benchmark::DoNotOptimize(d);
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["agents"] = static_cast<double>(f.router.size());
  state.counters["assigned%"] = 100.0 * static_cast<double>(assigned) /
                                static_cast<double>(std::max<int64_t>(state.iterations(), 1));
}

void BM_Route(benchmark::State& state, RoutingMode mode, bool onsite) {
  // Built once per pool size and kept: building 10,000 agents per repetition would dwarf
  // the runs.
  static std::vector<std::pair<int64_t, Fixture*>> cache[2];
  Fixture* f = nullptr;
  for (auto& [n, p] : cache[onsite])
    if (n == state.range(0)) f = p;
  if (f == nullptr) {
    f = Build(static_cast<int>(state.range(0)), onsite);
    cache[onsite].emplace_back(state.range(0), f);
  }
  RunDecisions(state, *f, mode);
}

// Worst case for the score loop: every agent qualifies and is a located field engineer,
// so each one is scored and (unless pruned) gets a distance.
void BM_RouteOnsiteAllQualify(benchmark::State& state) {
  Fixture f;
  Rng rng(7);
  for (int i = 0; i < state.range(0); ++i) {
    Agent a;
    a.id = i + 1;
    a.team = kTeams[kFieldTeam];
    a.skills = {"installation"};
    a.status = AgentStatus::kOnline;
    a.capacity = 10;
    a.location = Near(rng, 0.6);
    if (!f.router.Upsert(a, static_cast<int>(rng.Below(10))).ok()) std::abort();
  }
  FillRequests(f, rng, /*onsite=*/true);
  for (RoutingRequest& q : f.requests) {
    q.category = "installation";
    q.language = "zh";
  }
  RunDecisions(state, f, RoutingMode::kScore);
}

void Sizes(benchmark::internal::Benchmark* b) {
  for (int n : {10, 100, 1000, 10000}) b->Arg(n);
}

BENCHMARK_CAPTURE(BM_Route, score, RoutingMode::kScore, false)->Apply(Sizes);
BENCHMARK_CAPTURE(BM_Route, round_robin, RoutingMode::kRoundRobin, false)->Apply(Sizes);
BENCHMARK_CAPTURE(BM_Route, least_loaded, RoutingMode::kLeastLoaded, false)->Apply(Sizes);
BENCHMARK_CAPTURE(BM_Route, score_onsite, RoutingMode::kScore, true)->Apply(Sizes);
BENCHMARK(BM_RouteOnsiteAllQualify)->Apply(Sizes);

}  // namespace
}  // namespace loopdesk
