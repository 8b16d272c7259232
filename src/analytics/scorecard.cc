#include "analytics/scorecard.h"

#include <algorithm>
#include <cmath>

namespace loopdesk::analytics {

std::optional<double> MedianOf(const std::vector<std::optional<double>>& values) {
  std::vector<double> v;
  for (const auto& x : values)
    if (x) v.push_back(*x);
  if (v.empty()) return std::nullopt;
  std::sort(v.begin(), v.end());
  const size_t m = v.size() / 2;
  return v.size() % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

std::vector<StarScore> ServiceStars(const std::vector<AgentMetrics>& agents,
                                    const StarOptions& opt) {
  std::vector<StarScore> out(agents.size());
  std::vector<std::optional<double>> volumes;
  for (const auto& a : agents) volumes.push_back(static_cast<double>(a.tickets));
  const double median = MedianOf(volumes).value_or(0);
  const double min_volume =
      std::max(static_cast<double>(opt.min_tickets), std::ceil(opt.min_share_of_median * median));
  std::vector<size_t> eligible;
  for (size_t i = 0; i < agents.size(); ++i)
    if (static_cast<double>(agents[i].tickets) >= min_volume) eligible.push_back(i);

  struct Dim {
    const char* name;
    bool higher_better;
    std::optional<double> (*get)(const AgentMetrics&);
  };
  const Dim dims[] = {
      {"tickets", true, [](const AgentMetrics& a) { return std::optional<double>(a.tickets); }},
      {"frt_avg_s", false, [](const AgentMetrics& a) { return a.frt_avg_s; }},
      {"resolution_avg_s", false, [](const AgentMetrics& a) { return a.resolution_avg_s; }},
      {"fcr", true, [](const AgentMetrics& a) { return a.fcr; }},
      {"reopen_rate", false, [](const AgentMetrics& a) { return a.reopen_rate; }},
      {"csat", true, [](const AgentMetrics& a) { return a.csat; }},
      {"qa_score", true, [](const AgentMetrics& a) { return a.qa_score; }},
  };
  std::vector<double> log_sum(agents.size(), 0);
  for (const Dim& d : dims) {
    std::vector<size_t> with;
    for (size_t i : eligible)
      if (d.get(agents[i])) with.push_back(i);
    for (size_t i : with) {
      const double v = *d.get(agents[i]);
      double worse = 0, equal = 0;
      for (size_t j : with) {
        const double w = *d.get(agents[j]);
        if (w == v)
          equal += 1;
        else if (d.higher_better ? w < v : w > v)
          worse += 1;
      }
      const double p = (worse + 0.5 * equal) / static_cast<double>(with.size());
      out[i].percentiles.emplace_back(d.name, p);
      log_sum[i] += std::log(p);
    }
  }
  std::vector<size_t> ranked;
  for (size_t i : eligible) {
    const int k = static_cast<int>(out[i].percentiles.size());
    if (k < opt.min_dimensions) continue;
    out[i].score = 100.0 * std::exp(log_sum[i] / k);
    ranked.push_back(i);
  }
  std::sort(ranked.begin(), ranked.end(), [&](size_t a, size_t b) {
    if (*out[a].score != *out[b].score) return *out[a].score > *out[b].score;
    return agents[a].agent_id < agents[b].agent_id;
  });
  for (size_t r = 0; r < ranked.size(); ++r) {
    const bool tie = r > 0 && *out[ranked[r]].score == *out[ranked[r - 1]].score;
    out[ranked[r]].rank = tie ? *out[ranked[r - 1]].rank : static_cast<int>(r + 1);
  }
  return out;
}

}  // namespace loopdesk::analytics
