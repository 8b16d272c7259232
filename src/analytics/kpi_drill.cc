// Drill-down: the tickets behind one KPI of a slice.

#include <algorithm>
#include <mutex>

#include "analytics/kpi.h"

namespace loopdesk::analytics {

namespace {

struct Included {
  bool in = false;
  bool hit = false;
  std::optional<int64_t> value;
};

Included Classify(const FactColumns& c, size_t r, Metric m, int64_t now_s) {
  const uint16_t f = c.flags[r];
  auto sla = [&](uint8_t outcome, int64_t due_s) {
    Included i;
    i.in = outcome == static_cast<uint8_t>(SlaOutcome::kMet) ||
           outcome == static_cast<uint8_t>(SlaOutcome::kMissed) ||
           (outcome == static_cast<uint8_t>(SlaOutcome::kRunning) && due_s <= now_s);
    i.hit = outcome == static_cast<uint8_t>(SlaOutcome::kMet);
    return i;
  };
  switch (m) {
    case Metric::kTickets:
      return {true, true, std::nullopt};
    case Metric::kCsat:
      if (c.csat[r] < 0) return {};
      return {true, c.csat[r] >= 4, c.csat[r]};
    case Metric::kNps:
      if (c.nps[r] < 0) return {};
      return {true, c.nps[r] >= 9, c.nps[r]};
    case Metric::kFrt:
      if (c.frt_s[r] < 0) return {};
      return {true, true, c.frt_s[r]};
    case Metric::kResolution:
      if (c.resolution_s[r] < 0) return {};
      return {true, true, c.resolution_s[r]};
    case Metric::kFcr:
      if (!(f & kFlagEverResolved)) return {};
      return {true, c.reopens[r] == 0 && c.replies[r] == 1, c.replies[r]};
    case Metric::kReopenRate:
      if (!(f & kFlagEverResolved)) return {};
      return {true, c.reopens[r] > 0, c.reopens[r]};
    case Metric::kSlaResponse:
      return sla(c.sla_response[r], c.sla_response_due_s[r]);
    case Metric::kSlaResolution:
      return sla(c.sla_resolution[r], c.sla_resolution_due_s[r]);
    case Metric::kSurveyResponseRate:
      if (c.surveys_sent[r] == 0) return {};
      return {true, c.surveys_answered[r] > 0, c.surveys_answered[r]};
    case Metric::kBacklog:
      if (!(f & kFlagActive)) return {};
      return {true, true, std::nullopt};
    case Metric::kTransfers:
      return {true, c.transfers[r] > 0, c.transfers[r]};
    case Metric::kRepeatRequest:
      return {true, (f & kFlagRepeatRequest) != 0, std::nullopt};
    case Metric::kComplaint:
      return {true, (f & kFlagComplaint) != 0, std::nullopt};
    case Metric::kRepeatComplaint:
      if (!(f & kFlagComplaint)) return {};
      return {true, (f & kFlagRepeatComplaint) != 0, std::nullopt};
    case Metric::kComplaintConversion:
      return {true, (f & kFlagConverted) != 0, std::nullopt};
  }
  return {};
}

}  // namespace

std::vector<DrillRow> KpiEngine::DrillDown(const KpiQuery& q, Metric metric, Id before_id,
                                           int limit, bool* more) const {
  std::shared_lock lock(store_.mu_);
  const FactColumns& c = store_.cols_;
  // The same slice as Run: bounds with one-second precision (ceil), the same filters.
  std::vector<DrillRow> rows;
  auto ceil_s = [](TimeMs t) { return t >= 0 ? (t + 999) / 1000 : -((-t) / 1000); };
  const int64_t from_s = ceil_s(q.from), to_s = ceil_s(q.to);
  const int64_t now_s = q.now >= 0 ? q.now / 1000 : -((-q.now + 999) / 1000);
  const KpiFilter& f = q.filter;
  std::optional<uint32_t> team, category, region, agent;
  auto dict = [](const std::optional<std::string>& v, const Dictionary& d,
                 std::optional<uint32_t>* out) {
    if (!v) return true;
    auto code = d.Find(*v);
    if (!code) return false;
    *out = *code;
    return true;
  };
  bool possible = dict(f.team, store_.teams_, &team) &&
                  dict(f.category, store_.categories_, &category) &&
                  dict(f.region, store_.regions_, &region);
  if (f.agent_id) {
    auto it = store_.agent_code_.find(*f.agent_id);
    if (it == store_.agent_code_.end())
      possible = false;
    else
      agent = it->second;
  }
  const size_t n = possible ? c.size() : 0;
  for (size_t r = 0; r < n; ++r) {
    const int64_t s = c.created_s[r];
    if (s < from_s || s >= to_s) continue;
    if (before_id > 0 && c.ticket_id[r] >= before_id) continue;
    if (f.channel && c.channel[r] != static_cast<uint8_t>(*f.channel)) continue;
    if (f.tier && c.tier[r] != static_cast<uint8_t>(*f.tier)) continue;
    if (team && c.team[r] != *team) continue;
    if (agent && c.agent[r] != *agent) continue;
    if (category && c.category[r] != *category) continue;
    if (region && c.region[r] != *region) continue;
    Included i = Classify(c, r, metric, now_s);
    if (!i.in) continue;
    rows.push_back({c.ticket_id[r], i.hit, i.value});
  }
  const size_t keep = static_cast<size_t>(std::max(limit, 1));
  auto by_id_desc = [](const DrillRow& a, const DrillRow& b) { return a.ticket_id > b.ticket_id; };
  if (rows.size() > keep) {
    std::partial_sort(rows.begin(), rows.begin() + static_cast<std::ptrdiff_t>(keep), rows.end(),
                      by_id_desc);
    rows.resize(keep);
    if (more) *more = true;
  } else {
    std::sort(rows.begin(), rows.end(), by_id_desc);
    if (more) *more = false;
  }
  return rows;
}

}  // namespace loopdesk::analytics
