#include "analytics/kpi.h"

#include <algorithm>
#include <cstdio>
#include <mutex>
#include <span>
#include <unordered_map>
#include <variant>

#include "analytics/fact_cube.h"
#include "analytics/fact_postings.h"

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
};

// Ceil for the lower bound so that a row created at 10:00:00.500 (stored as 10:00:00) is not
// taken by a query from 10:00:00.700: bounds have one-second precision.
int64_t CeilS(TimeMs t) { return -FloorDiv(-t, 1000); }

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
    if (!code)
      sl.empty = true;
    else
      *out = *code;
  };
  dict(f.team, teams, &sl.team);
  dict(f.category, categories, &sl.category);
  dict(f.region, regions, &sl.region);
  if (f.agent_id) {
    auto it = agent_code.find(*f.agent_id);
    if (it == agent_code.end())
      sl.empty = true;
    else
      sl.agent = it->second;
  }
  return sl;
}

}  // namespace

namespace {

// Group-key functors: the code of a row in one dimension, 0-based.
template <typename T>
struct ColumnKey {
  const T* col;
  int64_t offset;
  int64_t operator()(size_t r) const { return static_cast<int64_t>(col[r]) - offset; }
};
struct WeekKey {
  const uint16_t* day;
  int64_t base_week;
  int64_t operator()(size_t r) const { return (int64_t{day[r]} + 3) / 7 - base_week; }
};
struct NoKey {
  int64_t operator()(size_t) const { return 0; }
};
using AnyKey =
    std::variant<ColumnKey<uint8_t>, ColumnKey<uint16_t>, ColumnKey<uint32_t>, WeekKey, NoKey>;

// The counters of one group while scanning: three histograms of the outcome codes (one
// increment each per row instead of a counter per KPI) and the sums.
constexpr size_t kHist = 64 + 64 + 64;
struct Acc {
  int64_t frt_sum_s = 0, resolution_sum_s = 0, surveys_sent = 0, surveys_answered = 0;
  int64_t transfers = 0, response_running_due = 0, resolution_running_due = 0;
};

// One pass: assigns each selected row its group slot and accumulates. The SLA due columns
// are read for running targets only. Without `cand`, every row of [first, last) is looked
// at (block by block, skipping blocks outside the period) and its slot goes to
// row_slot[r − first]; with `cand` (ascending rows, a superset of the matching ones, from
// the value postings), only those are, and each accepted (row, slot) goes to
// `picked`. Either way the rows are accumulated in ascending row order, so the groups,
// their order and every sum come out the same.
template <typename K1, typename K2>
void Scan(const FactColumns& c, const Slice& sl, K1 k1, K2 k2, int64_t n2, bool dense,
          std::vector<uint32_t>& slot_of, std::unordered_map<int64_t, uint32_t>& slot_map,
          std::vector<Acc>& acc, std::vector<uint32_t>& hist, std::vector<int64_t>& group_key,
          std::vector<uint32_t>& row_slot, size_t first, size_t last,
          const std::vector<uint32_t>& zmin, const std::vector<uint32_t>& zmax, size_t zone_rows,
          const std::vector<uint32_t>* cand,
          std::vector<std::pair<uint32_t, uint32_t>>& picked) {
  const bool filtered = sl.channel || sl.tier || sl.team || sl.agent || sl.category || sl.region;
  const uint32_t from = static_cast<uint32_t>(std::clamp<int64_t>(sl.from_s, 0, UINT32_MAX));
  const int64_t to = sl.to_s;
  const int64_t now = sl.now_s;
  constexpr uint8_t kRun = static_cast<uint8_t>(SlaOutcome::kRunning);
  const bool collect = cand != nullptr;
  auto row = [&](size_t r) __attribute__((always_inline)) {
      const int64_t key = k1(r) * n2 + k2(r);
      uint32_t slot;
      if (dense) {
        slot = slot_of[static_cast<size_t>(key)];
        if (slot == kNoSlot) {
          slot = slot_of[static_cast<size_t>(key)] = static_cast<uint32_t>(acc.size());
          acc.push_back(Acc{});
          hist.resize(hist.size() + kHist);
          group_key.push_back(key);
        }
      } else {
        auto [it, added] = slot_map.try_emplace(key, static_cast<uint32_t>(acc.size()));
        if (added) {
          acc.push_back(Acc{});
          hist.resize(hist.size() + kHist);
          group_key.push_back(key);
        }
        slot = it->second;
      }
      if (collect)
        picked.emplace_back(static_cast<uint32_t>(r), slot);
      else
        row_slot[r - first] = slot;
      uint32_t* h = hist.data() + size_t{slot} * kHist;
      const uint8_t c3 = c.code3[r];
      ++h[c.code1[r]];
      ++h[64 + c.code2[r]];
      ++h[128 + c3];
      Acc& g = acc[slot];
      const int32_t frt = c.frt_s[r], res = c.resolution_s[r];
      g.frt_sum_s += frt >= 0 ? frt : 0;
      g.resolution_sum_s += res >= 0 ? res : 0;
      g.surveys_sent += c.surveys_sent[r];
      g.surveys_answered += c.surveys_answered[r];
      g.transfers += c.transfers[r];
      if ((c3 & 3) == kRun) g.response_running_due += int64_t{c.sla_response_due_s[r]} <= now;
      if (((c3 >> 2) & 3) == kRun)
        g.resolution_running_due += int64_t{c.sla_resolution_due_s[r]} <= now;
  };
  if (cand) {
    for (const uint32_t r : *cand) {
      const uint32_t s = c.created_s[r];
      if (s < from || int64_t{s} >= to) continue;
      if (sl.channel && c.channel[r] != *sl.channel) continue;
      if (sl.tier && c.tier[r] != *sl.tier) continue;
      if (sl.category && c.category[r] != *sl.category) continue;
      if (sl.team && c.team[r] != *sl.team) continue;
      if (sl.region && c.region[r] != *sl.region) continue;
      if (sl.agent && c.agent[r] != *sl.agent) continue;
      row(r);
    }
    return;
  }
  std::vector<uint8_t> sel(filtered ? zone_rows : 0);
  std::vector<uint16_t> idx(filtered ? zone_rows : 0);
  for (size_t block = first; block < last; block += zone_rows) {
    const size_t z = block / zone_rows;
    if (zmax[z] < from || int64_t{zmin[z]} >= to) continue;  // the whole block is outside
    const size_t end = std::min(last, block + zone_rows);
    if (!filtered) {
      for (size_t r = block; r < end; ++r) {
        const uint32_t s = c.created_s[r];
        if (s < from || int64_t{s} >= to) continue;
        row(r);
      }
      continue;
    }
    // Filtered: one branch-free (vectorisable) pass per filter column over the block builds
    // the selection, then only the selected rows are accumulated.
    const size_t m = end - block;
    for (size_t i = 0; i < m; ++i) {
      const uint32_t s = c.created_s[block + i];
      sel[i] = static_cast<uint8_t>((s >= from) & (int64_t{s} < to));
    }
    auto narrow = [&](const auto* col, auto v) {
      for (size_t i = 0; i < m; ++i) sel[i] &= static_cast<uint8_t>(col[block + i] == v);
    };
    if (sl.channel) narrow(c.channel.data(), *sl.channel);
    if (sl.tier) narrow(c.tier.data(), *sl.tier);
    if (sl.category) narrow(c.category.data(), *sl.category);
    if (sl.team) narrow(c.team.data(), *sl.team);
    if (sl.region) narrow(c.region.data(), *sl.region);
    if (sl.agent) narrow(c.agent.data(), *sl.agent);
    size_t k = 0;
    for (size_t i = 0; i < m; ++i) {
      idx[k] = static_cast<uint16_t>(i);
      k += sel[i];
    }
    for (size_t j = 0; j < k; ++j) row(block + idx[j]);
  }
}

// The rows that can hold the period: from the first to the last block whose zone overlaps it.
std::pair<size_t, size_t> RowRange(const FactColumns& c, const Slice& sl,
                                   const std::vector<uint32_t>& zmin,
                                   const std::vector<uint32_t>& zmax, size_t zone_rows) {
  size_t first = SIZE_MAX, last = 0;
  for (size_t z = 0; z < zmin.size(); ++z) {
    if (int64_t{zmax[z]} < sl.from_s || int64_t{zmin[z]} >= sl.to_s) continue;
    if (first == SIZE_MAX) first = z * zone_rows;
    last = std::min(c.size(), (z + 1) * zone_rows);
  }
  if (first == SIZE_MAX) return {0, 0};
  return {first, last};
}

// The k-th smallest (0-based) of the union of sorted arrays: bisection on the value, each
// array's window [lo_idx, hi_idx) holding its elements inside the current value range.
int32_t KthOfSorted(const std::vector<std::span<const int32_t>>& spans, size_t k) {
  if (spans.size() == 1) return spans[0][k];
  int64_t lo = INT64_MAX, hi = INT64_MIN;
  for (auto s : spans) {
    if (s.empty()) continue;
    lo = std::min<int64_t>(lo, s.front());
    hi = std::max<int64_t>(hi, s.back());
  }
  const size_t m = spans.size();
  std::vector<size_t> a(m, 0), b(m), ub(m);
  for (size_t i = 0; i < m; ++i) b[i] = spans[i].size();
  while (lo < hi) {  // the answer is the smallest v in [lo, hi] with count(<= v) > k
    const int64_t mid = lo + (hi - lo) / 2;
    size_t count = 0;
    for (size_t i = 0; i < m; ++i) {
      const int32_t* base = spans[i].data();
      ub[i] = a[i] == b[i]
                  ? a[i]
                  : static_cast<size_t>(std::upper_bound(base + a[i], base + b[i], mid) - base);
      count += ub[i];
    }
    if (count > k) {
      hi = mid;
      b.swap(ub);
    } else {
      lo = mid + 1;
      a.swap(ub);
    }
  }
  return static_cast<int32_t>(lo);
}

// How many of the ascending due instants are <= now.
int64_t DueBy(const std::vector<uint32_t>& due, int64_t now) {
  if (now < 0) return 0;
  if (due.empty() || int64_t{due.back()} <= now) return static_cast<int64_t>(due.size());
  return std::upper_bound(due.begin(), due.end(), static_cast<uint32_t>(now)) - due.begin();
}

KpiCounts CountsOf(const Acc& a, const uint32_t* h) {
  KpiCounts k;
  constexpr uint8_t kMet = static_cast<uint8_t>(SlaOutcome::kMet);
  constexpr uint8_t kMissed = static_cast<uint8_t>(SlaOutcome::kMissed);
  for (unsigned v = 0; v < 64; ++v) {
    if (const int64_t n = h[v]) {
      k.tickets += n;
      if (v & kC1Active) k.backlog += n;
      if (v & kC1Ever) k.resolved += n;
      if (v & kC1Reopened) k.reopened += n;
      if (v & kC1Fcr) k.fcr += n;
      if (v & kC1HasFrt)
        k.frt_n += n;
      else if (v & kC1Active)
        k.no_reply_active += n;
      if (v & kC1Complaint) k.complaints += n;
    }
    if (const int64_t n = h[64 + v]) {
      if (v & 3) k.csat_answers += n;
      if ((v & 3) == 1) k.csat_satisfied += n;
      if ((v >> 2) & 3) k.nps_answers += n;
      if (((v >> 2) & 3) == 1) k.nps_promoters += n;
      if (((v >> 2) & 3) == 3) k.nps_detractors += n;
      if (v & kC2Converted) k.converted_complaints += n;
      if (v & kC2RepeatRequest) k.repeat_requests += n;
    }
    if (const int64_t n = h[128 + v]) {
      const unsigned o1 = v & 3, o2 = (v >> 2) & 3;
      if (o1 == kMet || o1 == kMissed) k.sla_response_due += n;
      if (o1 == kMet) k.sla_response_met += n;
      if (o2 == kMet || o2 == kMissed) k.sla_resolution_due += n;
      if (o2 == kMet) k.sla_resolution_met += n;
      if (v & kC3RepeatComplaint) k.repeat_complaints += n;
      if (v & kC3HasResolution) k.resolution_n += n;
    }
  }
  k.sla_response_due += a.response_running_due;
  k.sla_resolution_due += a.resolution_running_due;
  k.frt_sum_s = a.frt_sum_s;
  k.resolution_sum_s = a.resolution_sum_s;
  k.surveys_sent = a.surveys_sent;
  k.surveys_answered = a.surveys_answered;
  k.transfers = a.transfers;
  return k;
}

}  // namespace

std::vector<KpiGroup> KpiEngine::Run(const KpiQuery& q) const {
  std::shared_lock lock(store_.mu_);
  const FactColumns& c = store_.cols_;
  Slice sl =
      MakeSlice(store_, q, store_.teams_, store_.categories_, store_.regions_, store_.agent_code_);

  std::vector<Dim> dims;
  for (Dim d : q.group_by)
    if (d != Dim::kNone) dims.push_back(d);
  const int64_t base_day = DayOf(sl.from_s), base_week = WeekOf(sl.from_s);
  auto cardinality = [&](Dim d) -> int64_t {
    switch (d) {
      case Dim::kDay:
        return std::max<int64_t>(1, DayOf(sl.to_s - 1) - base_day + 1);
      case Dim::kWeek:
        return std::max<int64_t>(1, WeekOf(sl.to_s - 1) - base_week + 1);
      case Dim::kChannel:
        return 16;
      case Dim::kTier:
        return 8;
      case Dim::kTeam:
        return static_cast<int64_t>(store_.teams_.size());
      case Dim::kAgent:
        return static_cast<int64_t>(store_.agents_.size());
      case Dim::kCategory:
        return static_cast<int64_t>(store_.categories_.size());
      case Dim::kRegion:
        return static_cast<int64_t>(store_.regions_.size());
      case Dim::kNone:
        return 1;
    }
    return 1;
  };
  auto key_of = [&](Dim d) -> AnyKey {
    switch (d) {
      case Dim::kDay:
        return ColumnKey<uint16_t>{c.day.data(), base_day};
      case Dim::kWeek:
        return WeekKey{c.day.data(), base_week};
      case Dim::kChannel:
        return ColumnKey<uint8_t>{c.channel.data(), 0};
      case Dim::kTier:
        return ColumnKey<uint8_t>{c.tier.data(), 0};
      case Dim::kTeam:
        return ColumnKey<uint16_t>{c.team.data(), 0};
      case Dim::kAgent:
        return ColumnKey<uint32_t>{c.agent.data(), 0};
      case Dim::kCategory:
        return ColumnKey<uint16_t>{c.category.data(), 0};
      case Dim::kRegion:
        return ColumnKey<uint16_t>{c.region.data(), 0};
      case Dim::kNone:
        return NoKey{};
    }
    return NoKey{};
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
  std::vector<Acc> acc;
  std::vector<uint32_t> hist;
  std::vector<int64_t> group_key;
  if (one) {
    acc.push_back(Acc{});
    hist.resize(kHist);
    group_key.push_back(0);
    if (dense) slot_of[0] = 0;
  }
  // Whole UTC days [day0, day1) of the period come from the pre-aggregates when the query
  // only groups and filters by what they keep (day/week, channel); the partial days at the
  // edges, and every other query, are scanned.
  const DayChannelCube& cube = *store_.cube_;
  const int64_t day0 = -FloorDiv(-sl.from_s, kDayS), day1 = FloorDiv(sl.to_s, kDayS);
  bool use_cube = q.use_aggregates && !sl.empty && cube.valid() && day0 < day1 && !sl.tier &&
                  !sl.team && !sl.agent && !sl.category && !sl.region;
  for (Dim d : dims)
    if (d != Dim::kDay && d != Dim::kWeek && d != Dim::kChannel) use_cube = false;

  auto slot_for = [&](int64_t key) -> uint32_t {
    if (dense) {
      uint32_t& s = slot_of[static_cast<size_t>(key)];
      if (s == kNoSlot) {
        s = static_cast<uint32_t>(acc.size());
        acc.push_back(Acc{});
        hist.resize(hist.size() + kHist);
        group_key.push_back(key);
      }
      return s;
    }
    auto [it, added] = slot_map.try_emplace(key, static_cast<uint32_t>(acc.size()));
    if (added) {
      acc.push_back(Acc{});
      hist.resize(hist.size() + kHist);
      group_key.push_back(key);
    }
    return it->second;
  };

  std::vector<std::vector<const CubeCell*>> cells_of;  // by slot: the cells merged into it
  if (use_cube) {
    auto cell_key = [&](Dim d, int64_t day, size_t ch) -> int64_t {
      switch (d) {
        case Dim::kDay:
          return day - base_day;
        case Dim::kWeek:
          return (day + 3) / 7 - base_week;
        case Dim::kChannel:
          return static_cast<int64_t>(ch);
        default:
          return 0;
      }
    };
    const size_t ch_first = sl.channel ? *sl.channel : 0;
    const size_t ch_last = sl.channel ? size_t{*sl.channel} + 1 : kCubeChannels;
    const int64_t last_day = std::min<int64_t>(day1, static_cast<int64_t>(cube.day_count()));
    for (int64_t d = std::max<int64_t>(day0, 0); d < last_day; ++d) {
      const DayChannelCube::Day* day = cube.day(static_cast<size_t>(d));
      if (!day) continue;
      for (size_t ch = ch_first; ch < std::min(ch_last, kCubeChannels); ++ch) {
        const CubeCell& cell = (*day)[ch];
        if (cell.tickets <= 0) continue;
        const int64_t k1 = dims.size() > 0 ? cell_key(dims[0], d, ch) : 0;
        const int64_t k2 = dims.size() > 1 ? cell_key(dims[1], d, ch) : 0;
        const uint32_t slot = slot_for(k1 * n2 + k2);
        uint32_t* h = hist.data() + size_t{slot} * kHist;
        for (size_t i = 0; i < kHist; ++i) h[i] += cell.hist[i];
        Acc& g = acc[slot];
        g.frt_sum_s += cell.frt_sum_s;
        g.resolution_sum_s += cell.resolution_sum_s;
        g.surveys_sent += cell.surveys_sent;
        g.surveys_answered += cell.surveys_answered;
        g.transfers += cell.transfers;
        g.response_running_due += DueBy(cell.response_due, sl.now_s);
        g.resolution_running_due += DueBy(cell.resolution_due, sl.now_s);
        if (cells_of.size() <= slot) cells_of.resize(slot + 1);
        cells_of[slot].push_back(&cell);
      }
    }
  }

  // The raw rows to scan: the whole period, or its two partial edge days.
  struct Part {
    Slice sl;
    size_t first = 0, last = 0;
    std::vector<uint32_t> row_slot;  // indexed by row − first (scanned parts)
    bool by_postings = false;        // walked candidate rows from the value postings instead
    std::vector<uint32_t> cand;      // those rows (ascending)
    std::vector<std::pair<uint32_t, uint32_t>> picked;  // (row, slot), by_postings only
  };
  std::vector<Part> parts;
  if (!sl.empty) {
    if (use_cube) {
      Part left{sl, 0, 0, {}, false, {}, {}}, right{sl, 0, 0, {}, false, {}, {}};
      left.sl.to_s = day0 * kDayS;
      right.sl.from_s = day1 * kDayS;
      if (left.sl.from_s < left.sl.to_s) parts.push_back(std::move(left));
      if (right.sl.from_s < right.sl.to_s) parts.push_back(std::move(right));
    } else {
      parts.push_back(Part{sl, 0, 0, {}, false, {}, {}});
    }
  }
  for (Part& p : parts) {
    std::tie(p.first, p.last) =
        RowRange(c, p.sl, store_.zone_min_, store_.zone_max_, FactStore::kZoneRows);
    // Candidate rows from the value postings (the channel and tier bitmaps ANDed, the
    // smallest list of the other filters tested against them) when they are fewer than half
    // the rows: visiting a candidate (its created time and filter columns, rows ascending)
    // costs a few ns, the block scan ≈ 1 ns per row and column pass (kpi_bench (b):
    // docs/benchmarks.md).
    if (q.use_aggregates) {
      FactPostings::Filter pf;
      if (p.sl.channel) pf.value[FactPostings::kChannel] = *p.sl.channel;
      if (p.sl.tier) pf.value[FactPostings::kTier] = *p.sl.tier;
      if (p.sl.category) pf.value[FactPostings::kCategory] = *p.sl.category;
      if (p.sl.team) pf.value[FactPostings::kTeam] = *p.sl.team;
      if (p.sl.region) pf.value[FactPostings::kRegion] = *p.sl.region;
      if (p.sl.agent) pf.value[FactPostings::kAgent] = *p.sl.agent;
      p.by_postings = store_.postings_->Candidates(pf, p.first, p.last, p.cand);
    }
    if (!p.by_postings) p.row_slot.assign(p.last - p.first, kNoSlot);
    AnyKey k1 = dims.size() > 0 ? key_of(dims[0]) : AnyKey{NoKey{}};
    AnyKey k2 = dims.size() > 1 ? key_of(dims[1]) : AnyKey{NoKey{}};
    std::visit(
        [&](auto a, auto b) {
          Scan(c, p.sl, a, b, n2, dense, slot_of, slot_map, acc, hist, group_key, p.row_slot,
               p.first, p.last, store_.zone_min_, store_.zone_max_, FactStore::kZoneRows,
               p.by_postings ? &p.cand : nullptr, p.picked);
        },
        k1, k2);
  }
  cells_of.resize(acc.size());

  // Exact FRT p90: the scanned rows' FRT values laid out group by group (nth_element in each
  // group that has only those), merged by a k-th selection with the pre-aggregated cells'
  // sorted arrays otherwise.
  std::vector<KpiCounts> counts;
  counts.reserve(acc.size());
  for (size_t g = 0; g < acc.size(); ++g)
    counts.push_back(CountsOf(acc[g], hist.data() + g * kHist));
  std::vector<size_t> begin(acc.size() + 1, 0);
  for (size_t g = 0; g < acc.size(); ++g) {
    size_t from_cells = 0;
    for (const CubeCell* cell : cells_of[g]) from_cells += cell->frt.size();
    begin[g + 1] = begin[g] + static_cast<size_t>(counts[g].frt_n) - from_cells;
  }
  std::vector<int32_t> frt(begin.back());
  {
    std::vector<size_t> fill(begin.begin(), begin.end() - 1);
    for (const Part& p : parts) {
      if (p.by_postings) {
        for (const auto& [r, slot] : p.picked)
          if (c.frt_s[r] >= 0) frt[fill[slot]++] = c.frt_s[r];
        continue;
      }
      for (size_t r = p.first; r < p.last; ++r) {
        const uint32_t slot = p.row_slot[r - p.first];
        if (slot == kNoSlot || c.frt_s[r] < 0) continue;
        frt[fill[slot]++] = c.frt_s[r];
      }
    }
  }
  for (size_t i = 0; i < acc.size(); ++i) {
    KpiCounts& g = counts[i];
    if (g.frt_n <= 0) continue;
    // Nearest rank: the smallest value with at least 90 % of the values at or below it.
    auto first = frt.begin() + static_cast<std::ptrdiff_t>(begin[i]);
    auto last = frt.begin() + static_cast<std::ptrdiff_t>(begin[i + 1]);
    const size_t k = (static_cast<size_t>(g.frt_n) * 9 + 9) / 10 - 1;
    if (cells_of[i].empty()) {
      std::nth_element(first, first + static_cast<std::ptrdiff_t>(k), last);
      g.frt_p90_s = *(first + static_cast<std::ptrdiff_t>(k));
      continue;
    }
    std::vector<std::span<const int32_t>> spans;
    spans.reserve(cells_of[i].size() + 1);
    for (const CubeCell* cell : cells_of[i])
      if (!cell->frt.empty()) spans.emplace_back(cell->frt);
    if (first != last) {
      std::sort(first, last);
      spans.emplace_back(&*first, static_cast<size_t>(last - first));
    }
    g.frt_p90_s = KthOfSorted(spans, k);
  }

  std::vector<KpiGroup> out(acc.size());
  for (size_t i = 0; i < acc.size(); ++i) {
    KpiCounts& g = counts[i];
    KpiGroup& o = out[i];
    for (size_t d = 0; d < dims.size(); ++d) {
      int64_t code = d == 0 ? group_key[i] / n2 : group_key[i] % n2;
      std::string name;
      switch (dims[d]) {
        case Dim::kDay:
          name = DateOfDay(base_day + code);
          break;
        case Dim::kWeek:
          name = DateOfDay((base_week + code) * 7 - 3);
          break;  // its Monday
        case Dim::kChannel:
          name = std::string(Name(static_cast<Channel>(code)));
          break;
        case Dim::kTier:
          name = std::string(Name(static_cast<Tier>(code)));
          break;
        case Dim::kTeam:
          name = store_.teams_.Value(static_cast<uint32_t>(code));
          break;
        case Dim::kAgent: {
          Id id = store_.agents_[static_cast<size_t>(code)];
          name = id ? std::to_string(id) : "";
          break;
        }
        case Dim::kCategory:
          name = store_.categories_.Value(static_cast<uint32_t>(code));
          break;
        case Dim::kRegion:
          name = store_.regions_.Value(static_cast<uint32_t>(code));
          break;
        case Dim::kNone:
          break;
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
