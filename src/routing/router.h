#pragma once
// Smart routing (智能派单, DESIGN.md §1 D): picks the agent for a ticket from snapshots of the
// agents (skills, languages, team, role, capacity, status, location, current load), and
// says why in words. Pure: no I/O, no clock, no JSON. The caller (app/) feeds agent changes
// in and acts on the decision (assign, or leave the ticket in the team queue).
//
// Hard filters — an agent is a candidate only when all hold:
//   * status online, capacity > 0 and load < capacity;
//   * role agent, supervisor, expert or csm (an admin is never routed);
//   * in `request.team` when that is set;
//   * has the skill named exactly like `request.category`, when at least one routable agent
//     (any status, any team) has that skill. When nobody has it the skill is not required
//     and the reason says so ("no agent has skill X, any skill"). An empty category
//     requires no skill;
//   * speaks `request.language` when it is not "zh". Chinese is the working language of the
//     platform, so a zh customer may go to anyone; an agent that lists no language at all is
//     taken to speak zh. Language names compare exactly ("en", "zh").
//
// Modes:
//   kScore (default) — the weighted sum below, highest wins; ties go to the lower load,
//     then the lower agent id. Before scoring, a strategic or high-tier customer with an
//     account manager who passes the hard filters goes straight to that manager.
//       score = skill        (agent has the category skill)
//             + language     (agent lists the customer's language)
//             + load         × (1 − load / capacity)
//             + tier_affinity (strategic/high customer, agent in request.dedicated_team)
//             − distance     × km / 10   (on-site ticket with a customer location)
//     Since the skill is a hard filter whenever some agent has it, the skill term is the
//     same for every candidate: it moves the reported score, never the choice (it would
//     matter only if skills became a soft preference).
//     On-site tickets (Channel::kOnsite) with a customer location prefer field engineers —
//     agents with a location — over agents without one, whatever the scores; among field
//     engineers the distance term makes the nearer one win unless load or team outweighs it.
//   kRoundRobin — the hard filters only; the candidate with the smallest id above the last
//     agent this router picked in round-robin mode, wrapping to the smallest id.
//   kLeastLoaded — the hard filters only; lowest load, then lowest id.
//   The simple modes ignore tier, dedicated team and distance.
//
// When nobody passes, the decision has no agent, names the queue (request.team, else the
// dedicated team of a strategic/high customer, else "" — the general queue) and says which
// filter emptied the field, e.g. "queued in 现场服务: no online agent with skill
// installation in 现场服务 has free capacity".
//
// Cost: the hard filters are a word-wise AND of bitsets over the agents (available, team,
// skill, language: 64 agents per instruction); only the survivors' slots are read and
// scored, with integer compares and no allocation. Only the decision's strings (team,
// reason) are built, once, for the winner.
//
// Thread safety: every method is safe to call concurrently. Route() takes a shared lock, so
// decisions run in parallel; mutations take an exclusive lock. Two concurrent Route() calls
// may pick the same agent — use RouteAndReserve() when the load must be taken at once.

#include <atomic>
#include <cstdint>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/status.h"
#include "domain/entities.h"
#include "routing/geo.h"
#include "routing/interner.h"
#include "routing/slot_bits.h"

namespace loopdesk {

// Weights of the score-based mode (see the formula above). Each must be finite and ≥ 0.
struct RoutingWeights {
  double skill = 3;          // agent has the category skill
  double load = 2;           // × free fraction of capacity, 1 − load/capacity
  double language = 1;       // agent lists the customer's language
  double tier_affinity = 4;  // agent in the dedicated team of a strategic/high customer
  double distance = 2;       // penalty per 10 km from the customer (on-site tickets)
};

// Checks that every weight is finite and non-negative; kInvalidArgument naming the field.
Status ValidateWeights(const RoutingWeights& w);

enum class RoutingMode { kScore, kRoundRobin, kLeastLoaded };

// "score" | "round_robin" | "least_loaded", and back (nullopt for anything else).
std::string_view Name(RoutingMode m);
std::optional<RoutingMode> ParseRoutingMode(std::string_view s);

// What the router needs to know about a ticket and its customer.
struct RoutingRequest {
  std::string category;                       // matched against agent skills; may be empty
  std::string language = "zh";                // the customer's language
  Tier tier = Tier::kBasic;                   // the customer's tier
  Channel channel = Channel::kWeb;            // kOnsite enables the distance preference
  std::optional<std::string> team;            // only agents of this team when set
  std::optional<Id> account_manager_id;       // strategic/high: goes here when available
  std::optional<std::string> dedicated_team;  // strategic/high: this team is preferred
  std::optional<GeoPoint> customer_location;  // on-site: distance to field engineers
};

// The outcome of one routing call.
struct RoutingDecision {
  std::optional<Id> agent_id;         // none: the ticket waits in the queue of `team`
  std::string team;                   // the chosen agent's team, or the queue's team ("" = general)
  double score = 0;                   // the winner's score in kScore mode; 0 otherwise
  std::optional<double> distance_km;  // on-site with a located winner: the haversine km
  // Why, in words, e.g. "skill billing; online; load 2/5; 3.2 km" or
  // "account manager; skill billing; online; load 1/5" or "queued in 售后: no online agent
  // with skill refund in 售后".
  std::string reason;
};

class Router {
 public:
  Router() = default;
  Router(const Router&) = delete;
  Router& operator=(const Router&) = delete;

  // Adds the agent or replaces its snapshot (all fields that routing reads, and `load`:
  // the number of open tickets it holds now). kInvalidArgument when agent.id ≤ 0,
  // load < 0 or the location is out of range (nothing changes then). A negative capacity
  // counts as 0. Skills, languages and team compare exactly as given.
  Status Upsert(const Agent& agent, int load);

  // Updates one field of a known agent; kNotFound when the id is unknown, kInvalidArgument
  // for a negative load. AddLoad adds `delta` (±) and clamps the result at 0.
  Status SetStatus(Id id, AgentStatus status);
  Status SetLoad(Id id, int load);
  Status AddLoad(Id id, int delta);

  // Forgets the agent; kNotFound when unknown. A round-robin cursor on it stays valid.
  Status Remove(Id id);

  // Replaces the score weights; kInvalidArgument (weights unchanged) when ValidateWeights
  // fails.
  Status SetWeights(const RoutingWeights& w);
  RoutingWeights weights() const;

  // Number of agents held, and the current load of one (nullopt when unknown).
  size_t size() const;
  std::optional<int> LoadOf(Id id) const;

  // Decides who should take a ticket; see the header comment. Never fails: a ticket nobody
  // can take yields a decision without an agent. Logically const; kRoundRobin advances an
  // atomic cursor (lock-free, so concurrent round-robin calls each move it once).
  RoutingDecision Route(const RoutingRequest& request,
                        RoutingMode mode = RoutingMode::kScore) const;

  // Route() and, when an agent is chosen, adds 1 to its load — under one exclusive lock,
  // so concurrent callers never overfill an agent. If assigning then fails, give the load
  // back with AddLoad(id, -1).
  RoutingDecision RouteAndReserve(const RoutingRequest& request,
                                  RoutingMode mode = RoutingMode::kScore);

 private:
  // What the scoring loop reads about one agent; the skills and languages live in the
  // column bitsets (and, for updates and explanations, in `Cold`).
  struct Slot {
    UnitVec pos;  // valid when `located`
    Id id = 0;
    int32_t load = 0;
    int32_t capacity = 0;
    uint32_t team = 0;  // interned team name ("" is a team name too)
    AgentStatus status = AgentStatus::kOffline;
    bool routable = false;  // role is not admin
    bool located = false;   // has a location: a field engineer for on-site tickets
  };
  struct Cold {
    std::vector<uint32_t> skills;     // interned, deduplicated
    std::vector<uint32_t> languages;  // interned, deduplicated
  };

  struct Query;  // a request resolved to interned ids (router.cc)

  // Keeps the `available_` bit of slot i equal to online && routable && load < capacity.
  void Refresh(size_t i);
  // Sets / clears slot i in every column bitset it belongs to.
  void Attach(size_t i);
  void Detach(size_t i);
  void CountSkills(size_t i, int delta);
  SlotBits& Column(std::vector<SlotBits>& cols, uint32_t id);
  template <typename Visit>
  void ForEachCandidate(const Query& q, Visit&& visit) const;
  Query Resolve(const RoutingRequest& r, RoutingMode mode) const;
  RoutingDecision RouteLocked(const RoutingRequest& r, RoutingMode mode) const;
  RoutingDecision Score(const RoutingRequest& r, const Query& q) const;
  RoutingDecision Simple(const RoutingRequest& r, const Query& q) const;
  RoutingDecision Queued(const RoutingRequest& r, const Query& q) const;
  // The decision for slot i, its reason led by `lead` (mode or account-manager note).
  RoutingDecision Decide(size_t i, const Query& q, const RoutingRequest& r, std::string_view lead,
                         bool by_account_manager = false) const;
  bool Passes(size_t i, const Query& q) const;
  double BaseScore(size_t i, const Query& q) const;
  int FirstFailure(size_t i, const Query& q) const;
  std::string WhyNot(size_t i, const Query& q, const RoutingRequest& r) const;

  mutable std::shared_mutex mu_;
  RoutingWeights weights_;
  std::vector<Slot> slots_;
  std::vector<Cold> cold_;                  // parallel to slots_
  size_t words_ = 0;                        // words every column bitset holds
  SlotBits available_;                      // online, routable, load < capacity
  std::vector<SlotBits> skill_cols_;        // by skill id
  std::vector<SlotBits> language_cols_;     // by language id
  std::vector<SlotBits> team_cols_;         // by team id
  std::vector<int> skill_holders_;          // routable agents per skill id
  std::unordered_map<Id, uint32_t> index_;  // agent id → slot
  Interner skill_names_, language_names_, team_names_;
  mutable std::atomic<Id> rr_cursor_{0};  // last id picked in round-robin mode
};

}  // namespace loopdesk
