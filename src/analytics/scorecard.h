#pragma once
// Agent scorecards: the "service star" score and team medians (docs/metrics.md, "Agent
// scorecards"). Pure; thread-safe.
//
// Star score: among the eligible agents (tickets ≥ max(min_tickets, min_share_of_median ×
// the median agent's tickets)), each dimension — volume (more is better), FRT, resolution
// time, reopen rate (less is better), FCR, CSAT, QA score (more is better) — gives the agent
// its mid-rank percentile p = (agents worse + ½ · agents equal, itself included) ÷ agents with
// a value, in (0, 1). The score is 100 × the geometric mean of the agent's percentiles over
// the dimensions where it has a value (at least `min_dimensions`), so one weak dimension
// drags it down and no single metric wins the ranking.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace loopdesk::analytics {

struct AgentMetrics {
  int64_t agent_id = 0;
  int64_t tickets = 0;
  std::optional<double> frt_avg_s, resolution_avg_s, fcr, reopen_rate, csat, qa_score;
};

struct StarOptions {
  int64_t min_tickets = 5;
  double min_share_of_median = 0.25;
  int min_dimensions = 4;
};

struct StarScore {
  std::optional<double> score;  // 0–100; null: not eligible (volume) or too few dimensions
  std::optional<int> rank;      // 1 = best; ties share a rank
  std::vector<std::pair<std::string, double>> percentiles;  // per dimension used
};

// One entry per input agent, in input order.
std::vector<StarScore> ServiceStars(const std::vector<AgentMetrics>& agents,
                                    const StarOptions& opt = {});

// The median of the values present (nullopt when none): the mean of the two middle values for
// an even count.
std::optional<double> MedianOf(const std::vector<std::optional<double>>& values);

}  // namespace loopdesk::analytics
