// InsightsService::Scorecards: agents side by side with team medians and the service star
// (analytics/scorecard.h, docs/metrics.md "Agent scorecards").
#include <algorithm>
#include <map>

#include "analytics/kpi.h"
#include "analytics/scorecard.h"
#include "app/insights_service.h"

namespace loopdesk {

namespace {

constexpr int kMaxQaTicketsPerAgent = 5000;

Value Opt(const std::optional<double>& v) { return v ? Value(*v) : Value(); }

}  // namespace

Result<Value> InsightsService::Scorecards(TimeMs from, TimeMs to,
                                          const std::optional<std::string>& team, TimeMs now) {
  AnalyticsFeed* feed = svc_.analytics();
  if (!feed)
    return Status(Code::kUnavailable, svc_.analytics_warming()
                                          ? "analytics is loading the ticket history; retry shortly"
                                          : "analytics is not running in this process");
  analytics::KpiEngine engine(feed->facts());
  analytics::KpiQuery q;
  q.from = from;
  q.to = to;
  q.now = now;
  q.filter.team = team;
  q.group_by = {analytics::Dim::kAgent};
  const auto groups = engine.Run(q);

  std::vector<analytics::AgentMetrics> metrics;
  std::vector<std::vector<Id>> tickets_of;
  for (const auto& g : groups) {
    const Id agent = g.key[0].empty() ? 0 : std::stoll(g.key[0]);
    if (agent == 0) continue;  // unassigned tickets are nobody's score
    analytics::AgentMetrics m;
    m.agent_id = agent;
    m.tickets = g.kpis.tickets;
    m.frt_avg_s = g.kpis.frt_avg_s;
    m.resolution_avg_s = g.kpis.resolution_avg_s;
    m.fcr = g.kpis.fcr;
    m.reopen_rate = g.kpis.reopen_rate;
    m.csat = g.kpis.csat;
    metrics.push_back(m);
    // The agent's tickets of the slice, for the QA average.
    analytics::KpiQuery dq = q;
    dq.group_by.clear();
    dq.filter.agent_id = agent;
    std::vector<Id> ids;
    Id before = 0;
    while (static_cast<int>(ids.size()) < kMaxQaTicketsPerAgent) {
      bool more = false;
      auto rows = engine.DrillDown(dq, analytics::Metric::kTickets, before, 1000, &more);
      for (const auto& r : rows) ids.push_back(r.ticket_id);
      if (!more || rows.empty()) break;
      before = rows.back().ticket_id;
    }
    tickets_of.push_back(std::move(ids));
  }

  std::map<Id, Agent> agents;
  LD_RETURN_IF_ERROR(svc_.store().Read([&](UnitOfWork& uow) {
    AgentFilter f;
    f.limit = 500;
    for (;;) {
      LD_ASSIGN_OR_RETURN(auto batch, uow.ListAgents(f));
      for (auto& a : batch) agents[a.id] = a;
      if (batch.size() < 500) break;
      f.after_id = batch.back().id;
    }
    for (size_t i = 0; i < metrics.size(); ++i) {
      double sum = 0;
      int n = 0;
      for (Id t : tickets_of[i]) {
        LD_ASSIGN_OR_RETURN(auto doc, uow.GetQaResult(t));
        if (!doc) continue;
        const Value* s = doc->Find("score");
        if (s && (s->is_int() || s->is_double())) {
          sum += s->as_double();
          ++n;
        }
      }
      if (n > 0) metrics[i].qa_score = sum / n;
    }
    return Status::Ok();
  }));

  const auto stars = analytics::ServiceStars(metrics);
  std::vector<size_t> order(metrics.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    if (stars[a].rank.has_value() != stars[b].rank.has_value()) return stars[a].rank.has_value();
    if (stars[a].rank && *stars[a].rank != *stars[b].rank) return *stars[a].rank < *stars[b].rank;
    if (metrics[a].tickets != metrics[b].tickets) return metrics[a].tickets > metrics[b].tickets;
    return metrics[a].agent_id < metrics[b].agent_id;
  });
  Value items = Value::MakeArray();
  for (size_t i : order) {
    const auto& m = metrics[i];
    auto it = agents.find(m.agent_id);
    Value o = Value::MakeObject();
    o.Set("agent_id", static_cast<int64_t>(m.agent_id));
    o.Set("name", it != agents.end() ? Value(it->second.name) : Value());
    o.Set("team", it != agents.end() ? Value(it->second.team) : Value());
    o.Set("tickets", m.tickets);
    o.Set("frt_avg_s", Opt(m.frt_avg_s));
    o.Set("resolution_avg_s", Opt(m.resolution_avg_s));
    o.Set("fcr", Opt(m.fcr));
    o.Set("reopen_rate", Opt(m.reopen_rate));
    o.Set("csat", Opt(m.csat));
    o.Set("qa_score", Opt(m.qa_score));
    o.Set("star_score", Opt(stars[i].score));
    o.Set("rank", stars[i].rank ? Value(static_cast<int64_t>(*stars[i].rank)) : Value());
    Value pct = Value::MakeObject();
    for (const auto& [name, p] : stars[i].percentiles) pct.Set(name, p);
    o.Set("percentiles", std::move(pct));
    items.Push(std::move(o));
  }
  auto median = [&](auto get) {
    std::vector<std::optional<double>> v;
    for (const auto& m : metrics) v.push_back(get(m));
    return Opt(analytics::MedianOf(v));
  };
  using M = analytics::AgentMetrics;
  Value med = Value::MakeObject();
  med.Set("tickets", median([](const M& m) { return std::optional<double>(m.tickets); }));
  med.Set("frt_avg_s", median([](const M& m) { return m.frt_avg_s; }));
  med.Set("resolution_avg_s", median([](const M& m) { return m.resolution_avg_s; }));
  med.Set("fcr", median([](const M& m) { return m.fcr; }));
  med.Set("reopen_rate", median([](const M& m) { return m.reopen_rate; }));
  med.Set("csat", median([](const M& m) { return m.csat; }));
  med.Set("qa_score", median([](const M& m) { return m.qa_score; }));

  Value out = Value::MakeObject();
  out.Set("from", FormatIso8601(from));
  out.Set("to", FormatIso8601(to));
  out.Set("team", team ? Value(*team) : Value());
  out.Set("items", std::move(items));
  out.Set("team_medians", std::move(med));
  return out;
}

}  // namespace loopdesk
