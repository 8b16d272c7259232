#include "routing/router.h"

#include <algorithm>
#include <bit>
#include <charconv>
#include <climits>
#include <cmath>
#include <mutex>

namespace loopdesk {
namespace {

constexpr std::string_view kPlatformLanguage = "zh";

bool IsVip(Tier t) { return t == Tier::kStrategic || t == Tier::kHigh; }

bool ValidGeo(const GeoPoint& p) {
  return std::isfinite(p.lat) && std::isfinite(p.lon) && p.lat >= -90 && p.lat <= 90 &&
         p.lon >= -180 && p.lon <= 180;
}

void AppendInt(std::string& out, long long v) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, end);
}

// One decimal, e.g. "3.2"; distances are shown to the 100 m.
void AppendKm(std::string& out, double km) {
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, km, std::chars_format::fixed, 1);
  if (ec == std::errc()) out.append(buf, end);
}

int ClampToInt(long long v) {
  return static_cast<int>(std::min<long long>(std::max<long long>(v, 0), INT_MAX));
}

}  // namespace

Status ValidateWeights(const RoutingWeights& w) {
  const std::pair<double, const char*> all[] = {{w.skill, "skill"},
                                                {w.load, "load"},
                                                {w.language, "language"},
                                                {w.tier_affinity, "tier_affinity"},
                                                {w.distance, "distance"}};
  for (const auto& [v, name] : all) {
    if (!std::isfinite(v) || v < 0)
      return Status::Invalid(
          std::string("routing weight ") + name + " must be a finite number >= 0", name);
  }
  return Status::Ok();
}

std::string_view Name(RoutingMode m) {
  switch (m) {
    case RoutingMode::kScore:
      return "score";
    case RoutingMode::kRoundRobin:
      return "round_robin";
    case RoutingMode::kLeastLoaded:
      return "least_loaded";
  }
  return "?";
}

std::optional<RoutingMode> ParseRoutingMode(std::string_view s) {
  for (RoutingMode m : {RoutingMode::kScore, RoutingMode::kRoundRobin, RoutingMode::kLeastLoaded})
    if (Name(m) == s) return m;
  return std::nullopt;
}

// ---- mutations ---------------------------------------------------------------------------

SlotBits& Router::Column(std::vector<SlotBits>& cols, uint32_t id) {
  if (id >= cols.size()) cols.resize(id + 1);
  cols[id].Reserve(words_);
  return cols[id];
}

void Router::Refresh(size_t i) {
  const Slot& s = slots_[i];
  available_.Assign(i, s.routable && s.status == AgentStatus::kOnline && s.load < s.capacity);
}

void Router::Attach(size_t i) {
  Column(team_cols_, slots_[i].team).Set(i);
  for (uint32_t k : cold_[i].skills) Column(skill_cols_, k).Set(i);
  for (uint32_t k : cold_[i].languages) Column(language_cols_, k).Set(i);
  Refresh(i);
}

void Router::Detach(size_t i) {
  team_cols_[slots_[i].team].Reset(i);
  for (uint32_t k : cold_[i].skills) skill_cols_[k].Reset(i);
  for (uint32_t k : cold_[i].languages) language_cols_[k].Reset(i);
  available_.Reset(i);
}

void Router::CountSkills(size_t i, int delta) {
  if (!slots_[i].routable) return;  // an admin's skills do not make a skill "known"
  for (uint32_t k : cold_[i].skills) skill_holders_[k] += delta;
}

Status Router::Upsert(const Agent& a, int load) {
  if (a.id <= 0) return Status::Invalid("agent id must be positive", "id");
  if (load < 0) return Status::Invalid("load must be >= 0", "load");
  if (a.location && !ValidGeo(*a.location))
    return Status::Invalid("agent location must be lat -90..90, lon -180..180", "location");

  std::unique_lock lock(mu_);
  size_t i;
  if (auto it = index_.find(a.id); it != index_.end()) {
    i = it->second;
    CountSkills(i, -1);
    Detach(i);
  } else {
    i = slots_.size();
    slots_.emplace_back();
    cold_.emplace_back();
    index_.emplace(a.id, static_cast<uint32_t>(i));
    if (i / 64 >= words_) {
      // Double, so growing to n agents re-sizes every column only log n times.
      words_ = std::max<size_t>(1, words_ * 2);
      available_.Reserve(words_);
      for (auto* cols : {&skill_cols_, &language_cols_, &team_cols_})
        for (SlotBits& col : *cols) col.Reserve(words_);
    }
  }
  Slot& s = slots_[i];
  s.id = a.id;
  s.load = load;
  s.capacity = std::max(a.capacity, 0);
  s.team = team_names_.Intern(a.team);
  s.status = a.status;
  s.routable = a.role != Role::kAdmin;
  s.located = a.location.has_value();
  s.pos = s.located ? ToUnitVec(*a.location) : UnitVec{};
  Cold& c = cold_[i];
  auto intern_all = [](Interner& names, const std::vector<std::string>& in,
                       std::vector<uint32_t>& out) {
    out.clear();
    for (const std::string& name : in) out.push_back(names.Intern(name));
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
  };
  intern_all(skill_names_, a.skills, c.skills);
  if (a.languages.empty())
    c.languages = {language_names_.Intern(kPlatformLanguage)};
  else
    intern_all(language_names_, a.languages, c.languages);
  skill_holders_.resize(skill_names_.size(), 0);
  CountSkills(i, +1);
  Attach(i);
  return Status::Ok();
}

Status Router::SetStatus(Id id, AgentStatus status) {
  std::unique_lock lock(mu_);
  auto it = index_.find(id);
  if (it == index_.end())
    return Status::NotFound("no agent " + std::to_string(id) + " in the router");
  slots_[it->second].status = status;
  Refresh(it->second);
  return Status::Ok();
}

Status Router::SetLoad(Id id, int load) {
  if (load < 0) return Status::Invalid("load must be >= 0", "load");
  std::unique_lock lock(mu_);
  auto it = index_.find(id);
  if (it == index_.end())
    return Status::NotFound("no agent " + std::to_string(id) + " in the router");
  slots_[it->second].load = load;
  Refresh(it->second);
  return Status::Ok();
}

Status Router::AddLoad(Id id, int delta) {
  std::unique_lock lock(mu_);
  auto it = index_.find(id);
  if (it == index_.end())
    return Status::NotFound("no agent " + std::to_string(id) + " in the router");
  Slot& s = slots_[it->second];
  s.load = ClampToInt(static_cast<long long>(s.load) + delta);
  Refresh(it->second);
  return Status::Ok();
}

Status Router::Remove(Id id) {
  std::unique_lock lock(mu_);
  auto it = index_.find(id);
  if (it == index_.end())
    return Status::NotFound("no agent " + std::to_string(id) + " in the router");
  const size_t i = it->second, last = slots_.size() - 1;
  CountSkills(i, -1);
  Detach(i);
  index_.erase(it);
  // Swap-remove keeps the slots dense; decisions never depend on slot order (ties are
  // broken by id), so moving the last agent into the hole changes no outcome.
  if (i != last) {
    Detach(last);
    slots_[i] = slots_[last];
    cold_[i] = std::move(cold_[last]);
    Attach(i);
    index_[slots_[i].id] = static_cast<uint32_t>(i);
  }
  slots_.pop_back();
  cold_.pop_back();
  return Status::Ok();
}

Status Router::SetWeights(const RoutingWeights& w) {
  LD_RETURN_IF_ERROR(ValidateWeights(w));
  std::unique_lock lock(mu_);
  weights_ = w;
  return Status::Ok();
}

RoutingWeights Router::weights() const {
  std::shared_lock lock(mu_);
  return weights_;
}

size_t Router::size() const {
  std::shared_lock lock(mu_);
  return slots_.size();
}

std::optional<int> Router::LoadOf(Id id) const {
  std::shared_lock lock(mu_);
  auto it = index_.find(id);
  if (it == index_.end()) return std::nullopt;
  return slots_[it->second].load;
}

// ---- decisions ---------------------------------------------------------------------------

// A request resolved against the interned names once, so the loop compares integers only.
struct Router::Query {
  static constexpr uint32_t kUnknown = UINT32_MAX;  // a name no agent has; matches no slot

  RoutingMode mode = RoutingMode::kScore;
  bool impossible = false;  // a hard filter names a team or language no agent has

  bool filter_team = false;
  uint32_t team = kUnknown;

  bool need_skill = false;      // the category is a skill some routable agent has
  bool skill_fallback = false;  // a category nobody has: any skill will do
  uint32_t skill = kUnknown;

  bool need_language = false;  // not the platform language: a hard filter
  uint32_t language = kUnknown;

  bool vip = false;          // strategic or high tier
  bool prefer_team = false;  // kScore, vip, dedicated team known
  uint32_t dedicated = kUnknown;

  bool onsite = false;  // kScore, on-site with a valid customer location
  bool onsite_without_location = false;
  UnitVec customer;
};

namespace {

// The filters in the order the "nobody qualifies" explanation walks them.
enum Stage { kTeam, kRole, kSkill, kLanguage, kOnline, kCapacity, kPass, kStages };

constexpr size_t kNone = SIZE_MAX;

}  // namespace

Router::Query Router::Resolve(const RoutingRequest& r, RoutingMode mode) const {
  Query q;
  q.mode = mode;
  if (r.team) {
    q.filter_team = true;
    if (auto t = team_names_.Find(*r.team))
      q.team = *t;
    else
      q.impossible = true;
  }
  if (!r.category.empty()) {
    auto s = skill_names_.Find(r.category);
    if (s && skill_holders_[*s] > 0) {
      q.need_skill = true;
      q.skill = *s;
    } else {
      q.skill_fallback = true;
    }
  }
  if (auto l = language_names_.Find(r.language)) q.language = *l;
  q.need_language = r.language != kPlatformLanguage;
  if (q.need_language && q.language == Query::kUnknown) q.impossible = true;
  q.vip = IsVip(r.tier);
  if (mode == RoutingMode::kScore) {
    if (q.vip && r.dedicated_team) {
      if (auto t = team_names_.Find(*r.dedicated_team)) {
        q.prefer_team = true;
        q.dedicated = *t;
      }
    }
    if (r.channel == Channel::kOnsite) {
      if (r.customer_location && ValidGeo(*r.customer_location)) {
        q.onsite = true;
        q.customer = ToUnitVec(*r.customer_location);
      } else {
        q.onsite_without_location = true;
      }
    }
  }
  return q;
}

inline bool Router::Passes(size_t i, const Query& q) const {
  return available_.Test(i) && (!q.filter_team || slots_[i].team == q.team) &&
         (!q.need_skill || skill_cols_[q.skill].Test(i)) &&
         (!q.need_language || language_cols_[q.language].Test(i));
}

// Calls visit(slot) for every slot that passes the hard filters, in slot order: the AND of
// the filter columns, 64 agents per word. Requires !q.impossible (every id names a column).
template <typename Visit>
void Router::ForEachCandidate(const Query& q, Visit&& visit) const {
  const uint64_t* cols[4];
  int k = 0;
  cols[k++] = available_.data();
  if (q.filter_team) cols[k++] = team_cols_[q.team].data();
  if (q.need_skill) cols[k++] = skill_cols_[q.skill].data();
  if (q.need_language) cols[k++] = language_cols_[q.language].data();
  const size_t words = (slots_.size() + 63) / 64;
  for (size_t w = 0; w < words; ++w) {
    uint64_t m = cols[0][w];
    for (int j = 1; j < k; ++j) m &= cols[j][w];
    for (; m != 0; m &= m - 1) visit(w * 64 + static_cast<size_t>(std::countr_zero(m)));
  }
}

// Everything but the distance term; see the formula in router.h.
inline double Router::BaseScore(size_t i, const Query& q) const {
  const Slot& s = slots_[i];
  const RoutingWeights& w = weights_;
  double score = (q.need_skill ? w.skill : 0) +
                 w.load * (1.0 - static_cast<double>(s.load) / static_cast<double>(s.capacity));
  if (q.language != Query::kUnknown && language_cols_[q.language].Test(i)) score += w.language;
  if (q.prefer_team && s.team == q.dedicated) score += w.tier_affinity;
  return score;
}

int Router::FirstFailure(size_t i, const Query& q) const {
  const Slot& s = slots_[i];
  if (q.filter_team && s.team != q.team) return kTeam;
  if (!s.routable) return kRole;
  if (q.need_skill && !skill_cols_[q.skill].Test(i)) return kSkill;
  if (q.need_language && (q.language == Query::kUnknown || !language_cols_[q.language].Test(i)))
    return kLanguage;
  if (s.status != AgentStatus::kOnline) return kOnline;
  if (s.load >= s.capacity) return kCapacity;
  return kPass;
}

std::string Router::WhyNot(size_t i, const Query& q, const RoutingRequest& r) const {
  switch (FirstFailure(i, q)) {
    case kTeam:
      return "not in team " + r.team.value_or("");
    case kRole:
      return "admin";
    case kSkill:
      return "no skill " + r.category;
    case kLanguage:
      return "does not speak " + r.language;
    case kOnline:
      return std::string(Name(slots_[i].status));
    case kCapacity: {
      std::string out = "load ";
      AppendInt(out, slots_[i].load);
      out += '/';
      AppendInt(out, slots_[i].capacity);
      return out;
    }
    default:
      return "available";
  }
}

RoutingDecision Router::Decide(size_t i, const Query& q, const RoutingRequest& r,
                               std::string_view lead, bool by_account_manager) const {
  const Slot& s = slots_[i];
  RoutingDecision d;
  d.agent_id = s.id;
  d.team = team_names_.Name(s.team);
  std::string& out = d.reason;
  auto part = [&out](std::string_view p) {
    if (!out.empty()) out += "; ";
    out += p;
  };
  part(lead);
  if (q.need_skill) {
    part("skill ");
    out += r.category;
  } else if (q.skill_fallback) {
    part("no agent has skill ");
    out += r.category;
    out += ", any skill";
  }
  if (q.need_language) {
    part("language ");
    out += r.language;
  }
  if (q.prefer_team && s.team == q.dedicated) {
    part("dedicated team ");
    out += d.team;
  } else if (q.mode == RoutingMode::kScore && q.vip && r.dedicated_team && !by_account_manager) {
    part("outside dedicated team ");
    out += *r.dedicated_team;
  }
  part("online");
  part("load ");
  AppendInt(out, s.load);
  out += '/';
  AppendInt(out, s.capacity);
  if (q.mode == RoutingMode::kScore) {
    d.score = BaseScore(i, q);
    if (q.onsite && s.located) {
      const double km = ChordSqToKm(ChordSq(s.pos, q.customer));
      d.score -= weights_.distance * km / 10;
      d.distance_km = km;
      part("");
      AppendKm(out, km);
      out += " km";
    } else if (q.onsite) {
      part("no field engineer with a location available");
    } else if (q.onsite_without_location) {
      part("on-site without a valid customer location");
    }
  }
  return d;
}

RoutingDecision Router::Score(const RoutingRequest& r, const Query& q) const {
  std::string lead;
  if (q.vip && r.account_manager_id) {
    auto it = index_.find(*r.account_manager_id);
    if (it != index_.end() && Passes(it->second, q))
      return Decide(it->second, q, r, "account manager", true);
    lead = "account manager ";
    AppendInt(lead, *r.account_manager_id);
    lead += it == index_.end() ? " unknown" : " unavailable (" + WhyNot(it->second, q, r) + ")";
  }

  const double distance_per_km = weights_.distance / 10;
  size_t best = kNone;
  bool best_located = false;
  double best_score = 0;
  ForEachCandidate(q, [&](size_t i) {
    const Slot& s = slots_[i];
    const bool located = q.onsite && s.located;
    double score = BaseScore(i, q);
    if (best != kNone) {
      // Field engineers outrank the unlocated; the distance term only lowers a score, so an
      // agent already behind the best cannot catch up.
      if (located != best_located) {
        if (best_located) return;
      } else if (score < best_score) {
        return;
      }
    }
    if (located) {
      const double chord_sq = ChordSq(s.pos, q.customer);
      // The chord is never longer than the arc (asin x ≥ x), so R·chord bounds the km from
      // below: skip the asin when even that bound loses.
      if (best != kNone && best_located &&
          score - distance_per_km * kEarthRadiusKm * std::sqrt(chord_sq) < best_score)
        return;
      score -= distance_per_km * ChordSqToKm(chord_sq);
    }
    if (best != kNone && located == best_located) {
      const Slot& b = slots_[best];
      const bool better =
          score > best_score ||
          (score == best_score && (s.load < b.load || (s.load == b.load && s.id < b.id)));
      if (!better) return;
    }
    best = i;
    best_located = located;
    best_score = score;
  });
  if (best == kNone) return Queued(r, q);
  return Decide(best, q, r, lead);
}

RoutingDecision Router::Simple(const RoutingRequest& r, const Query& q) const {
  if (q.mode == RoutingMode::kLeastLoaded) {
    size_t best = kNone;
    ForEachCandidate(q, [&](size_t i) {
      const Slot& s = slots_[i];
      if (best == kNone || s.load < slots_[best].load ||
          (s.load == slots_[best].load && s.id < slots_[best].id))
        best = i;
    });
    if (best == kNone) return Queued(r, q);
    return Decide(best, q, r, "least loaded");
  }
  // Round-robin by agent id: the next id after the cursor, wrapping around. The cursor is
  // claimed with a compare-exchange so concurrent decisions each advance it once.
  Id last = rr_cursor_.load(std::memory_order_relaxed);
  for (;;) {
    size_t next = kNone, first = kNone;
    ForEachCandidate(q, [&](size_t i) {
      const Id id = slots_[i].id;
      if (id > last && (next == kNone || id < slots_[next].id)) next = i;
      if (first == kNone || id < slots_[first].id) first = i;
    });
    const size_t pick = next != kNone ? next : first;
    if (pick == kNone) return Queued(r, q);
    if (rr_cursor_.compare_exchange_weak(last, slots_[pick].id, std::memory_order_relaxed))
      return Decide(pick, q, r, "round-robin");
  }
}

// Cold path: walks the filters in order and names the first one that left nobody.
RoutingDecision Router::Queued(const RoutingRequest& r, const Query& q) const {
  size_t reached[kStages] = {};  // agents that got past stage k
  for (size_t i = 0, n = slots_.size(); i < n; ++i) {
    const int fail = FirstFailure(i, q);
    for (int k = 0; k < fail; ++k) ++reached[k];
  }
  int stage = kCapacity;
  for (int k = kTeam; k <= kCapacity; ++k) {
    if (reached[k] == 0) {
      stage = k;
      break;
    }
  }
  RoutingDecision d;
  if (r.team)
    d.team = *r.team;
  else if (q.vip && r.dedicated_team)
    d.team = *r.dedicated_team;
  std::string& out = d.reason;
  out = d.team.empty() ? "queued: " : "queued in " + d.team + ": ";
  if (slots_.empty()) {
    out += "no agents in the routing pool";
    return d;
  }
  out += "no ";
  if (stage >= kOnline) out += "online ";
  if (stage == kRole) out += "routable ";
  out += "agent";
  if (stage >= kSkill && q.need_skill) out += " with skill " + r.category;
  if (stage >= kLanguage && q.need_language) out += " speaking " + r.language;
  if (q.filter_team) out += " in " + *r.team;
  if (stage == kCapacity) out += " has free capacity";
  if (stage == kRole && !q.filter_team) out += " (admins are never routed)";
  if (q.skill_fallback) out += "; no agent has skill " + r.category;
  return d;
}

RoutingDecision Router::RouteLocked(const RoutingRequest& r, RoutingMode mode) const {
  const Query q = Resolve(r, mode);
  if (q.impossible) return Queued(r, q);
  return mode == RoutingMode::kScore ? Score(r, q) : Simple(r, q);
}

RoutingDecision Router::Route(const RoutingRequest& r, RoutingMode mode) const {
  std::shared_lock lock(mu_);
  return RouteLocked(r, mode);
}

RoutingDecision Router::RouteAndReserve(const RoutingRequest& r, RoutingMode mode) {
  std::unique_lock lock(mu_);
  RoutingDecision d = RouteLocked(r, mode);
  if (d.agent_id) {
    const size_t i = index_.at(*d.agent_id);
    ++slots_[i].load;
    Refresh(i);
  }
  return d;
}

}  // namespace loopdesk
