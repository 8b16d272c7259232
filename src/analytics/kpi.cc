#include "analytics/kpi.h"

#include <algorithm>
#include <cstdio>
#include <mutex>

namespace loopdesk::analytics {

namespace {

constexpr uint32_t kNoSlot = UINT32_MAX;
constexpr int64_t kDayS = 86400;

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }
int64_t DayOf(int64_t s) { return FloorDiv(s, kDayS); }
// Monday-first weeks: day 0 (1970-01-01) is a Thursday, so day + 3 is 0 on Mondays.
int64_t WeekOf(int64_t s) { return FloorDiv(DayOf(s) + 3, 7); }

std::string DateOfDay(int64_t day) {
  int64_t y;
  unsigned m, d;
  CivilFromDays(day, &y, &m, &d);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(y), m, d);
  return buf;
}

std::optional<double> Ratio(int64_t num, int64_t den) {
  if (den <= 0) return std::nullopt;
  return static_cast<double>(num) / static_cast<double>(den);
}

// The slice of rows a query selects, with filters resolved to codes once.
struct Slice {
  int64_t from_s = 0, to_s = 0, now_s = 0;
  bool empty = false;  // a filter names a value no row has
  std::optional<uint8_t> channel, tier;
  std::optional<uint32_t> team, agent, category, region;

  bool Match(const FactColumns& c, size_t r) const {
    const int64_t s = c.created_s[r];
    if (s < from_s || s >= to_s) return false;
    if (channel && c.channel[r] != *channel) return false;
    if (tier && c.tier[r] != *tier) return false;
    if (team && c.team[r] != *team) return false;
    if (agent && c.agent[r] != *agent) return false;
    if (category && c.category[r] != *category) return false;
    if (region && c.region[r] != *region) return false;
    return true;
  }
};

// Ceil for the lower bound so that a row created at 10:00:00.500 (stored as 10:00:00) is not
// taken by a query from 10:00:00.700: bounds have one-second precision.
int64_t CeilS(TimeMs t) { return -FloorDiv(-t, 1000); }

bool SlaDue(uint8_t outcome, int64_t due_s, int64_t now_s) {
  return outcome == static_cast<uint8_t>(SlaOutcome::kMet) ||
         outcome == static_cast<uint8_t>(SlaOutcome::kMissed) ||
         (outcome == static_cast<uint8_t>(SlaOutcome::kRunning) && due_s <= now_s);
}

}  // namespace

Kpis KpisOf(const KpiCounts& c) {
  Kpis k;
  k.tickets = c.tickets;
  k.csat = Ratio(c.csat_satisfied, c.csat_answers);
  if (c.nps_answers > 0)
    k.nps = 100.0 * static_cast<double>(c.nps_promoters - c.nps_detractors) /
            static_cast<double>(c.nps_answers);
  k.frt_avg_s = Ratio(c.frt_sum_s, c.frt_n);
  if (c.frt_p90_s) k.frt_p90_s = static_cast<double>(*c.frt_p90_s);
  k.resolution_avg_s = Ratio(c.resolution_sum_s, c.resolution_n);
  k.fcr = Ratio(c.fcr, c.resolved);
  k.reopen_rate = Ratio(c.reopened, c.resolved);
  k.sla_response_attainment = Ratio(c.sla_response_met, c.sla_response_due);
  k.sla_resolution_attainment = Ratio(c.sla_resolution_met, c.sla_resolution_due);
  k.survey_response_rate = Ratio(c.surveys_answered, c.surveys_sent);
  k.backlog = c.backlog;
  k.open_without_reply = c.no_reply_active;
  k.transfers_per_ticket = Ratio(c.transfers, c.tickets);
  k.repeat_request_rate = Ratio(c.repeat_requests, c.tickets);
  k.complaint_rate = Ratio(c.complaints, c.tickets);
  k.repeat_complaint_rate = Ratio(c.repeat_complaints, c.complaints);
  k.complaint_conversion_rate = Ratio(c.converted_complaints, c.tickets);
  return k;
}

std::optional<Metric> ParseMetric(std::string_view s) {
  static constexpr std::pair<std::string_view, Metric> kNames[] = {
      {"tickets", Metric::kTickets},
      {"csat", Metric::kCsat},
      {"nps", Metric::kNps},
      {"frt", Metric::kFrt},
      {"resolution", Metric::kResolution},
      {"fcr", Metric::kFcr},
      {"reopen_rate", Metric::kReopenRate},
      {"sla_response_attainment", Metric::kSlaResponse},
      {"sla_resolution_attainment", Metric::kSlaResolution},
      {"survey_response_rate", Metric::kSurveyResponseRate},
      {"backlog", Metric::kBacklog},
      {"transfers", Metric::kTransfers},
      {"repeat_request_rate", Metric::kRepeatRequest},
      {"complaint_rate", Metric::kComplaint},
      {"repeat_complaint_rate", Metric::kRepeatComplaint},
      {"complaint_conversion_rate", Metric::kComplaintConversion}};
  for (auto [n, m] : kNames)
    if (n == s) return m;
  return std::nullopt;
}

std::string_view MetricNames() {
  return "tickets | csat | nps | frt | resolution | fcr | reopen_rate | sla_response_attainment "
         "| sla_resolution_attainment | survey_response_rate | backlog | transfers | "
         "repeat_request_rate | complaint_rate | repeat_complaint_rate | "
         "complaint_conversion_rate";
}

namespace {

Slice MakeSlice(const FactStore& s, const KpiQuery& q, const Dictionary& teams,
                const Dictionary& categories, const Dictionary& regions,
                const std::unordered_map<Id, uint32_t>& agent_code) {
  (void)s;
  Slice sl;
  sl.from_s = CeilS(q.from);
  sl.to_s = CeilS(q.to);
  sl.now_s = FloorDiv(q.now, 1000);
  const KpiFilter& f = q.filter;
  if (f.channel) sl.channel = static_cast<uint8_t>(*f.channel);
  if (f.tier) sl.tier = static_cast<uint8_t>(*f.tier);
  auto dict = [&](const std::optional<std::string>& v, const Dictionary& d,
                  std::optional<uint32_t>* out) {
    if (!v) return;
    auto code = d.Find(*v);
    if (!code) sl.empty = true;
    else *out = *code;
  };
  dict(f.team, teams, &sl.team);
  dict(f.category, categories, &sl.category);
  dict(f.region, regions, &sl.region);
  if (f.agent_id) {
    auto it = agent_code.find(*f.agent_id);
    if (it == agent_code.end()) sl.empty = true;
    else sl.agent = it->second;
  }
  return sl;
}

}  // namespace

std::vector<KpiGroup> KpiEngine::Run(const KpiQuery& q) const {
  std::shared_lock lock(store_.mu_);
  const FactColumns& c = store_.cols_;
  Slice sl = MakeSlice(store_, q, store_.teams_, store_.categories_, store_.regions_,
                       store_.agent_code_);

  std::vector<Dim> dims;
  for (Dim d : q.group_by)
    if (d != Dim::kNone) dims.push_back(d);
  const int64_t base_day = DayOf(sl.from_s), base_week = WeekOf(sl.from_s);
  auto cardinality = [&](Dim d) -> int64_t {
    switch (d) {
      case Dim::kDay: return std::max<int64_t>(1, DayOf(sl.to_s - 1) - base_day + 1);
      case Dim::kWeek: return std::max<int64_t>(1, WeekOf(sl.to_s - 1) - base_week + 1);
      case Dim::kChannel: return 16;
      case Dim::kTier: return 8;
      case Dim::kTeam: return static_cast<int64_t>(store_.teams_.size());
      case Dim::kAgent: return static_cast<int64_t>(store_.agents_.size());
      case Dim::kCategory: return static_cast<int64_t>(store_.categories_.size());
      case Dim::kRegion: return static_cast<int64_t>(store_.regions_.size());
      case Dim::kNone: return 1;
    }
    return 1;
  };
  auto code_of = [&](Dim d, size_t r) -> int64_t {
    switch (d) {
      case Dim::kDay: return DayOf(c.created_s[r]) - base_day;
      case Dim::kWeek: return WeekOf(c.created_s[r]) - base_week;
      case Dim::kChannel: return c.channel[r];
      case Dim::kTier: return c.tier[r];
      case Dim::kTeam: return c.team[r];
      case Dim::kAgent: return c.agent[r];
      case Dim::kCategory: return c.category[r];
      case Dim::kRegion: return c.region[r];
      case Dim::kNone: return 0;
    }
    return 0;
  };
  const int64_t n1 = dims.size() > 0 ? cardinality(dims[0]) : 1;
  const int64_t n2 = dims.size() > 1 ? cardinality(dims[1]) : 1;
  const bool one = dims.empty();

  // Dense slot index over the key space; groups are created on first use. A key space too
  // large for a dense index (e.g. 10 years × 10,000 agents) falls back to a hash map.
  const int64_t space = n1 * n2;
  const bool dense = space <= (int64_t{1} << 22);
  std::vector<uint32_t> slot_of(dense ? static_cast<size_t>(space) : 0, kNoSlot);
  std::unordered_map<int64_t, uint32_t> slot_map;
  std::vector<KpiCounts> groups;
  std::vector<int64_t> group_key;
  if (one) {
    groups.emplace_back();
    group_key.push_back(0);
    if (dense) slot_of[0] = 0;
  }

  const size_t n = sl.empty ? 0 : c.size();
  for (size_t r = 0; r < n; ++r) {
    if (!sl.Match(c, r)) continue;
    int64_t key = 0;
    if (!one) {
      key = code_of(dims[0], r) * n2;
      if (dims.size() > 1) key += code_of(dims[1], r);
    }
    uint32_t slot;
    if (dense) {
      slot = slot_of[key];
      if (slot == kNoSlot) {
        slot = slot_of[key] = static_cast<uint32_t>(groups.size());
        groups.emplace_back();
        group_key.push_back(key);
      }
    } else {
      auto [it, added] = slot_map.try_emplace(key, static_cast<uint32_t>(groups.size()));
      if (added) {
        groups.emplace_back();
        group_key.push_back(key);
      }
      slot = it->second;
    }
    KpiCounts& g = groups[slot];
    const uint16_t f = c.flags[r];
    ++g.tickets;
    if (const int8_t s = c.csat[r]; s >= 0) {
      ++g.csat_answers;
      g.csat_satisfied += s >= 4;
    }
    if (const int8_t s = c.nps[r]; s >= 0) {
      ++g.nps_answers;
      g.nps_promoters += s >= 9;
      g.nps_detractors += s <= 6;
    }
    if (const int32_t v = c.frt_s[r]; v >= 0) {
      ++g.frt_n;
      g.frt_sum_s += v;
      g.frt_values.push_back(v);
    } else if (f & kFlagActive) {
      ++g.no_reply_active;
    }
    if (const int32_t v = c.resolution_s[r]; v >= 0) {
      ++g.resolution_n;
      g.resolution_sum_s += v;
    }
    if (f & kFlagEverResolved) {
      ++g.resolved;
      if (c.reopens[r] > 0) ++g.reopened;
      else if (c.replies[r] == 1) ++g.fcr;
    }
    if (SlaDue(c.sla_response[r], c.sla_response_due_s[r], sl.now_s)) {
      ++g.sla_response_due;
      g.sla_response_met += c.sla_response[r] == static_cast<uint8_t>(SlaOutcome::kMet);
    }
    if (SlaDue(c.sla_resolution[r], c.sla_resolution_due_s[r], sl.now_s)) {
      ++g.sla_resolution_due;
      g.sla_resolution_met += c.sla_resolution[r] == static_cast<uint8_t>(SlaOutcome::kMet);
    }
    g.surveys_sent += c.surveys_sent[r];
    g.surveys_answered += c.surveys_answered[r];
    g.backlog += (f & kFlagActive) != 0;
    g.transfers += c.transfers[r];
    g.repeat_requests += (f & kFlagRepeatRequest) != 0;
    g.complaints += (f & kFlagComplaint) != 0;
    g.repeat_complaints += (f & kFlagRepeatComplaint) != 0;
    g.converted_complaints += (f & kFlagConverted) != 0;
  }

  std::vector<KpiGroup> out(groups.size());
  for (size_t i = 0; i < groups.size(); ++i) {
    KpiCounts& g = groups[i];
    auto& v = g.frt_values;
    if (!v.empty()) {
      // Nearest rank: the smallest value with at least 90 % of the values at or below it.
      size_t k = (v.size() * 9 + 9) / 10 - 1;
      std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
      g.frt_p90_s = v[k];
    }
    std::vector<int32_t>().swap(v);
    KpiGroup& o = out[i];
    for (size_t d = 0; d < dims.size(); ++d) {
      int64_t code = d == 0 ? group_key[i] / n2 : group_key[i] % n2;
      std::string name;
      switch (dims[d]) {
        case Dim::kDay: name = DateOfDay(base_day + code); break;
        case Dim::kWeek: name = DateOfDay((base_week + code) * 7 - 3); break;  // its Monday
        case Dim::kChannel: name = std::string(Name(static_cast<Channel>(code))); break;
        case Dim::kTier: name = std::string(Name(static_cast<Tier>(code))); break;
        case Dim::kTeam: name = store_.teams_.Value(static_cast<uint32_t>(code)); break;
        case Dim::kAgent: {
          Id id = store_.agents_[static_cast<size_t>(code)];
          name = id ? std::to_string(id) : "";
          break;
        }
        case Dim::kCategory: name = store_.categories_.Value(static_cast<uint32_t>(code)); break;
        case Dim::kRegion: name = store_.regions_.Value(static_cast<uint32_t>(code)); break;
        case Dim::kNone: break;
      }
      o.key.push_back(std::move(name));
    }
    o.kpis = KpisOf(g);
    o.counts = std::move(g);
  }
  auto less_key = [&](const KpiGroup& a, const KpiGroup& b) {
    for (size_t d = 0; d < dims.size(); ++d) {
      if (a.key[d] == b.key[d]) continue;
      if (dims[d] == Dim::kAgent && !a.key[d].empty() && !b.key[d].empty())
        return std::stoll(a.key[d]) < std::stoll(b.key[d]);
      return a.key[d] < b.key[d];
    }
    return false;
  };
  std::sort(out.begin(), out.end(), less_key);
  return out;
}

}  // namespace loopdesk::analytics
