#pragma once
// The text engine's sentiment as the conversation/QA turn scorer (docs/qa.md "Turn scores").

#include "text/analyzer.h"
#include "text/turn_scorer.h"

namespace loopdesk::text {

class AnalyzerTurnScorer final : public TurnScorer {
 public:
  explicit AnalyzerTurnScorer(const Analyzer& a) : a_(a) {}
  TurnScore Score(std::string_view text) const override {
    const Sentiment s = a_.SentimentOf(text);
    return TurnScore{s.score, s.label};
  }

 private:
  const Analyzer& a_;
};

}  // namespace loopdesk::text
