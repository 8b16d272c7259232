#include "text/qa.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "common/utf8.h"

namespace loopdesk::text {

namespace {

bool WordChar(unsigned char c) { return std::isalnum(c) != 0; }

bool AsciiOnly(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

std::string Seconds(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f s", s);
  return buf;
}

struct Ctx {
  const std::vector<Turn>& turns;
  std::vector<int> agent;  // indices of agent turns
};

// The agent turns an item with `scope` looks at.
std::vector<int> InScope(const Ctx& c, CueScope scope) {
  if (c.agent.empty() || scope == CueScope::kAny) return c.agent;
  if (scope == CueScope::kFirst) return {c.agent.front()};
  std::vector<int> last(c.agent.end() - std::min<size_t>(2, c.agent.size()), c.agent.end());
  return last;
}

void ScoreCueItem(const Ctx& c, const RubricItem& item, QaItemResult& r) {
  std::vector<std::string> cues = item.cues_zh;
  cues.insert(cues.end(), item.cues_en.begin(), item.cues_en.end());
  std::vector<int> scope = InScope(c, item.scope);
  for (int t : scope) {
    std::string cue = FindCue(c.turns[t].text, cues);
    if (cue.empty()) continue;
    r.evidence.push_back(Evidence{t, c.turns[t].text, cue});
    if (item.kind != RubricKind::kForbidden) break;  // one earning turn is enough
  }
  if (item.kind == RubricKind::kForbidden) {
    r.score = r.evidence.empty() ? item.weight : 0;
    r.note = r.evidence.empty()
                 ? "no forbidden phrase in " + std::to_string(scope.size()) + " agent turns"
                 : std::to_string(r.evidence.size()) + " agent turn(s) with a forbidden phrase";
    return;
  }
  const char* where = item.scope == CueScope::kFirst  ? "the agent's first turn"
                      : item.scope == CueScope::kLast ? "the agent's last two turns"
                                                      : "any agent turn";
  if (!r.evidence.empty()) {
    r.score = item.weight;
    r.note = "found in " + std::string(where);
  } else {
    r.score = 0;
    r.note = "no cue found in " + std::string(where);
    // Show what was said instead where the item looks at one place.
    if (item.scope != CueScope::kAny)
      r.evidence.push_back(Evidence{scope.back(), c.turns[scope.back()].text, ""});
  }
}

void ScoreSolution(const Ctx& c, const QaInput& in, const RubricItem& item, QaItemResult& r) {
  if (in.solution_phrases.empty()) {
    r.applicable = false;
    r.note = "not applicable: no script or knowledge article matched to this ticket";
    return;
  }
  size_t covered = 0;
  for (const std::string& raw : in.solution_phrases) {
    std::vector<std::string> one = {AsciiLower(raw)};
    for (int t : c.agent) {
      std::string cue = FindCue(c.turns[t].text, one);
      if (cue.empty()) continue;
      r.evidence.push_back(Evidence{t, c.turns[t].text, cue});
      ++covered;
      break;
    }
  }
  double coverage = static_cast<double>(covered) / in.solution_phrases.size();
  r.score = item.weight * std::min(1.0, coverage / 0.5);
  r.note = std::to_string(covered) + " of " + std::to_string(in.solution_phrases.size()) +
           " key steps of the script covered";
}

void ScoreLatency(const Ctx& c, const QaInput& in, const RubricItem& item, QaItemResult& r) {
  const auto& T = c.turns;
  bool timed = !T.empty();
  for (size_t i = 0; i < T.size(); ++i) {
    if (!in.is_call && T[i].at_ms <= 0) timed = false;
    if (i > 0 && T[i].at_ms < T[i - 1].at_ms) timed = false;
  }
  if (in.is_call && !T.empty() && T.back().at_ms == 0) timed = false;
  if (!timed) {
    r.applicable = false;
    r.note = "not applicable: the turns carry no usable timestamps";
    return;
  }
  const double target = in.is_call ? item.call_target_s : item.target_s;
  int answered = 0, in_time = 0;
  double worst = -1;
  int worst_turn = -1;
  std::optional<size_t> waiting;  // first unanswered customer turn
  for (size_t i = 0; i < T.size(); ++i) {
    if (T[i].speaker == Speaker::kCustomer) {
      if (in.is_call) {
        waiting = i;  // on a call the silence runs from the customer's last turn
      } else if (!waiting) {
        waiting = i;
      }
    } else if (T[i].speaker == Speaker::kAgent && waiting) {
      const Turn& from = T[*waiting];
      int64_t start = in.is_call && from.end_ms ? *from.end_ms : from.at_ms;
      double s = std::max<int64_t>(0, T[i].at_ms - start) / 1000.0;
      ++answered;
      if (s <= target) ++in_time;
      if (s > worst) {
        worst = s;
        worst_turn = static_cast<int>(i);
      }
      waiting.reset();
    }
  }
  if (answered == 0) {
    r.applicable = false;
    r.note = "not applicable: no customer turn was answered by an agent";
    return;
  }
  r.score = item.weight * in_time / answered;
  r.note = std::to_string(in_time) + " of " + std::to_string(answered) + " replies within " +
           Seconds(target) + "; slowest " + Seconds(worst);
  r.evidence.push_back(Evidence{worst_turn, T[worst_turn].text, ""});
}

}  // namespace

std::string FindCue(std::string_view text, const std::vector<std::string>& cues) {
  const std::string low = AsciiLower(text);
  for (const std::string& cue : cues) {
    if (cue.empty()) continue;
    const bool ascii = AsciiOnly(cue);
    for (size_t p = low.find(cue); p != std::string::npos; p = low.find(cue, p + 1)) {
      if (!ascii) return cue;
      size_t e = p + cue.size();
      bool left = p == 0 || !WordChar(low[p - 1]) || !WordChar(cue.front());
      bool right = e >= low.size() || !WordChar(low[e]) || !WordChar(cue.back());
      if (left && right) return cue;
    }
  }
  return {};
}

QaResult ScoreQa(const QaInput& in, const Rubric& rubric) {
  static const std::vector<Turn> kNone;
  Ctx c{in.turns ? *in.turns : kNone, {}};
  for (size_t i = 0; i < c.turns.size(); ++i)
    if (c.turns[i].speaker == Speaker::kAgent) c.agent.push_back(static_cast<int>(i));
  QaResult out;
  double got = 0, max = 0;
  for (const RubricItem& item : rubric.items) {
    QaItemResult r;
    r.name = item.name;
    r.kind = item.kind;
    r.max = item.weight;
    if (c.agent.empty()) {
      r.applicable = false;
      r.note = "not applicable: no agent turn to inspect";
    } else if (item.kind == RubricKind::kEmpathy && in.customer_upset == false) {
      r.applicable = false;
      r.note = "not applicable: the customer expressed no negative sentiment";
    } else if (item.kind == RubricKind::kSolution) {
      ScoreSolution(c, in, item, r);
    } else if (item.kind == RubricKind::kLatency) {
      ScoreLatency(c, in, item, r);
    } else {
      ScoreCueItem(c, item, r);
    }
    if (r.applicable) {
      got += r.score;
      max += r.max;
    }
    out.items.push_back(std::move(r));
  }
  if (max > 0) out.score = 100.0 * got / max;
  return out;
}

}  // namespace loopdesk::text
