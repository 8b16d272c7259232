#include "text/conversation.h"

#include <algorithm>
#include <cstdio>

namespace loopdesk::text {

const char* SpeakerName(Speaker s) {
  switch (s) {
    case Speaker::kCustomer:
      return "customer";
    case Speaker::kAgent:
      return "agent";
    case Speaker::kSystem:
      return "system";
  }
  return "system";
}

namespace {

std::string Fixed2(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

}  // namespace

bool CustomerUpset(const ConversationAnalysis& a) {
  for (const auto& p : a.trajectory)
    if (p.score <= -0.2) return true;
  return false;
}

ConversationAnalysis AnalyzeConversation(const std::vector<Turn>& turns, bool resolved,
                                         const TurnScorer& scorer, const ConversationOptions& opt) {
  ConversationAnalysis out;
  std::optional<int> last_agent;
  double level = 0;
  double prev_score = 0;
  bool first = true;
  for (int i = 0; i < static_cast<int>(turns.size()); ++i) {
    const Turn& t = turns[i];
    if (t.speaker == Speaker::kAgent) {
      last_agent = i;
      continue;
    }
    if (t.speaker != Speaker::kCustomer) continue;
    TurnScore s = scorer.Score(t.text);
    if (first) {
      level = std::max(s.score, opt.opening_floor);
      first = false;
    } else if (level - s.score >= opt.drop_threshold && prev_score - s.score >= opt.min_step &&
               s.score <= opt.negative_at) {
      out.turning_points.push_back(TurningPoint{i, level, s.score, last_agent});
      level = s.score;  // a new baseline: staying low is not another drop
    } else {
      level = (1 - opt.smoothing) * level + opt.smoothing * s.score;
    }
    prev_score = s.score;
    out.trajectory.push_back(TrajectoryPoint{i, s.score, level, s.label});
  }
  if (!resolved || out.trajectory.empty()) return out;

  const auto& tr = out.trajectory;
  const TrajectoryPoint& last = tr.back();
  if (last.score >= 0.2) return out;  // a clearly positive last word
  int k = std::min<int>(opt.closing_turns, static_cast<int>(tr.size()));
  double sum = 0;
  const TrajectoryPoint* worst = &last;
  for (int j = static_cast<int>(tr.size()) - k; j < static_cast<int>(tr.size()); ++j) {
    sum += tr[j].score;
    if (tr[j].score < worst->score) worst = &tr[j];
  }
  double mean = sum / k;
  if (mean <= opt.closing_negative) {
    out.hidden_dissatisfaction = true;
    out.hidden_reason = "closing customer turns negative (mean " + Fixed2(mean) + ")";
    out.hidden_evidence_turn = worst->turn;
  } else if (last.level <= opt.final_level_low) {
    out.hidden_dissatisfaction = true;
    out.hidden_reason = "customer sentiment ends low (level " + Fixed2(last.level) + ")";
    out.hidden_evidence_turn = last.turn;
  }
  return out;
}

}  // namespace loopdesk::text
