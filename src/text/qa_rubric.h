#pragma once
// The QA rubric (智能质检评分表): the items a conversation is scored on, their weights and the
// Chinese/English cue phrases that earn or lose them. Stored as a document (data/qa_rubric.json
// is the default; GET/PUT /api/v1/qa/rubric edits it); docs/qa.md describes every field.

#include <string>
#include <vector>

#include "common/status.h"
#include "common/value.h"

namespace loopdesk::text {

// What an item checks, which decides how it is scored (qa.h).
enum class RubricKind {
  kGreeting,       // a greeting cue in the agent's first turn
  kIdentityCheck,  // the agent verifies who the customer is / the order, device, account
  kListening,      // the agent restates or confirms the problem
  kEmpathy,        // apology, acknowledging the customer's feelings
  kSolution,       // the agent's turns cover the matched script/knowledge article
  kForbidden,      // none of the forbidden phrases in any agent turn (lost when one occurs)
  kConfirmation,   // the agent checks that the solution worked
  kClosing,        // a closing cue in the agent's last two turns
  kLatency,        // agent replies within target_s of the customer's turn
};
const char* RubricKindName(RubricKind k);

// Which agent turns a cue item looks at.
enum class CueScope { kFirst, kLast, kAny };

struct RubricItem {
  std::string name;  // unique within the rubric, e.g. "greeting"
  RubricKind kind = RubricKind::kGreeting;
  double weight = 0;  // points; an item's max score (0 < weight ≤ 100)
  CueScope scope = CueScope::kAny;
  std::vector<std::string> cues_zh;  // matched as substrings
  std::vector<std::string> cues_en;  // matched case-insensitively as substrings
  double target_s = 60;              // latency: reply target for chat/email turns, seconds
  double call_target_s = 20;         // latency: calls, from the customer turn (its end when known)
  std::string description;
};

struct Rubric {
  int version = 1;  // raised by the store on each change
  std::vector<RubricItem> items;
};

// Validates a rubric document. Errors are kInvalidArgument naming the field
// ("items[2].weight", "items[0].cues.zh[3]"). Unknown keys are refused so a typo is not
// silently ignored; "version" and "updated_at" are accepted and ignored (output-only).
Result<Rubric> ParseRubric(const Value& doc);
// The document form of a rubric (ParseRubric(RubricToValue(r)) == r).
Value RubricToValue(const Rubric& r);
// The built-in default, identical to data/qa_rubric.json (a test checks it).
const Rubric& DefaultRubric();

}  // namespace loopdesk::text
