#pragma once
// Automatic quality inspection (智能质检): scores one conversation against a Rubric. Every
// item carries its evidence — the agent turns (index and text) that earned or lost it.
// Pure and thread-safe. Semantics of each kind: docs/qa.md.

#include <optional>
#include <string>
#include <vector>

#include "text/conversation.h"
#include "text/qa_rubric.h"

namespace loopdesk::text {

struct Evidence {
  int turn = 0;
  std::string text;  // the turn's text
  std::string cue;   // the cue phrase found, when a cue decided it
};

struct QaItemResult {
  std::string name;
  RubricKind kind = RubricKind::kGreeting;
  bool applicable = true;
  double score = 0;  // 0..max; meaningless when !applicable
  double max = 0;    // the item's weight
  std::vector<Evidence> evidence;
  std::string note;  // why, in words ("greeting found in the first agent turn")
};

struct QaResult {
  std::optional<double> score;  // 0..100 over the applicable items; none when none apply
  std::vector<QaItemResult> items;
};

struct QaInput {
  const std::vector<Turn>* turns = nullptr;
  bool is_call = false;  // transcript turns (at_ms = offset in the call) vs. messages
  // Key phrases of the script or knowledge article matched to the ticket, if any; the
  // solution item is not applicable without them.
  std::vector<std::string> solution_phrases;
  // Whether the customer expressed negative sentiment (from the conversation analysis);
  // empathy is not applicable when known to be false. Unknown: scored as applicable.
  std::optional<bool> customer_upset;
};

// Scores the conversation. A conversation without agent turns gets every item not
// applicable (there is nothing to inspect).
QaResult ScoreQa(const QaInput& in, const Rubric& rubric);

// Whether an item counts as passed (score ≥ half its max): the unit of agreement between
// automatic and manual review.
inline bool Passed(double score, double max) { return max > 0 && score >= 0.5 * max; }

// Finds the first of `cues` in `text` (ASCII cues case-insensitively, on word boundaries);
// empty when none.
std::string FindCue(std::string_view text, const std::vector<std::string>& cues);

}  // namespace loopdesk::text
