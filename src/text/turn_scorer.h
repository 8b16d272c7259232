#pragma once
// TurnScorer: the sentiment of one conversation turn, as conversation analysis and QA need it.
// A small seam so the conversation and QA code does not depend on a particular sentiment
// model: the lexicon scorer below ships with it; the full analyzer (text/analyzer.h) plugs in
// through an adapter at wiring time.

#include <string>
#include <string_view>

namespace loopdesk::text {

struct TurnScore {
  double score = 0;   // −1 (very negative) .. 1 (very positive)
  std::string label;  // negative | neutral | positive
};

// Implementations must be thread-safe (Score is const and called concurrently) and must
// accept any UTF-8 text, including empty text (→ neutral, 0).
class TurnScorer {
 public:
  virtual ~TurnScorer() = default;
  virtual TurnScore Score(std::string_view text) const = 0;
};

// The label of a score under the shared thresholds: ≤ −0.2 negative, ≥ 0.2 positive.
std::string LabelOf(double score);

}  // namespace loopdesk::text
