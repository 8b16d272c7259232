#pragma once
// Conversation analysis (docs/qa.md): the customer's sentiment trajectory over the turns of a
// conversation, the turning points where it drops sharply (with the agent turn that most
// likely caused the drop), and hidden dissatisfaction on tickets marked resolved.
// Pure functions of the turns and a TurnScorer; thread-safe when the scorer is.

#include <optional>
#include <string>
#include <vector>

#include "text/turn_scorer.h"

namespace loopdesk::text {

enum class Speaker { kCustomer, kAgent, kSystem };
const char* SpeakerName(Speaker s);

// One turn: a chat/email message or a call-transcript turn. `at_ms` orders and times the
// turns (epoch ms for messages, offset from the call start for transcripts; 0 = unknown).
struct Turn {
  Speaker speaker = Speaker::kCustomer;
  int64_t at_ms = 0;
  std::optional<int64_t> end_ms;  // transcripts: when the turn ended, if known
  std::string text;
};

struct TurningPoint {
  int turn = 0;                   // index of the customer turn where the mood drops
  double from = 0;                // smoothed customer level before it (−1..1)
  double to = 0;                  // this turn's score
  std::optional<int> cause_turn;  // the agent turn just before it, if any
};

struct TrajectoryPoint {
  int turn = 0;       // index in the conversation (customer turns only)
  double score = 0;   // the turn's own score
  double level = 0;   // smoothed level after this turn
  std::string label;  // label of `score`
};

// Tunables, defaults documented in docs/qa.md.
struct ConversationOptions {
  double smoothing = 0.5;          // EMA weight of the newest customer turn in `level`
  double drop_threshold = 0.5;     // level − score needed for a turning point
  double negative_at = -0.2;       // a turning point's `to` must be ≤ this
  double min_step = 0.2;           // and at least this far below the previous customer turn
  double opening_floor = -0.2;     // the level starts at max(first score, this): an opening
                                   // complaint is about the product, not yet the service
  int closing_turns = 2;           // customer turns that make up the "closing"
  double closing_negative = -0.2;  // mean closing score ≤ this → dissatisfied
  double final_level_low = -0.3;   // final smoothed level ≤ this → dissatisfied
};

struct ConversationAnalysis {
  std::vector<TrajectoryPoint> trajectory;
  std::vector<TurningPoint> turning_points;
  // Only ever true when the ticket is resolved/closed (`resolved` argument).
  bool hidden_dissatisfaction = false;
  std::string hidden_reason;  // why, in words ("closing customer turns negative (−0.45)")
  std::optional<int> hidden_evidence_turn;  // the closing customer turn that shows it
};

// Whether any customer turn was negative (score ≤ −0.2).
bool CustomerUpset(const ConversationAnalysis& a);

// Analyses `turns` in order. `resolved` tells whether the ticket is resolved or closed.
ConversationAnalysis AnalyzeConversation(const std::vector<Turn>& turns, bool resolved,
                                         const TurnScorer& scorer,
                                         const ConversationOptions& opt = {});

}  // namespace loopdesk::text
