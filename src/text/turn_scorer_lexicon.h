#pragma once
// LexiconTurnScorer: a small, explainable sentiment scorer for customer-service turns in
// Chinese and English. It sums weighted cue words (longest match first), flips a cue preceded
// by a negation (不/没/别/not/never/n't…) within a short window, scales it by a preceding degree
// word (非常/太/very…), and treats known sarcasm (呵呵, "thanks for nothing", "yeah right")
// as strongly negative. The sum s maps to s / (|s| + 1) in (−1, 1).
// It is a baseline for conversation analysis and QA, not the product's sentiment model
// (text/analyzer.h); docs/qa.md lists what it misses.

#include <string>
#include <vector>

#include "text/turn_scorer.h"

namespace loopdesk::text {

struct Cue {
  std::string text;  // lower-case for ASCII
  double weight;     // > 0 positive, < 0 negative
};

class LexiconTurnScorer final : public TurnScorer {
 public:
  // The built-in Chinese + English lexicon.
  LexiconTurnScorer();
  TurnScore Score(std::string_view text) const override;

  // The raw cue sum before squashing (for tests and explanations).
  double RawSum(std::string_view text) const;

 private:
  std::vector<Cue> cues_;  // sorted by byte length, longest first
};

}  // namespace loopdesk::text
