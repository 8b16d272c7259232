#pragma once
// The evaluator: which rules fire for an event, and a guard against rule loops.
//
// Condition semantics (rules are expected to be validated; an invalid condition — unknown
// operator, bad pattern, mismatched types — is simply false, never an exception):
//   A fact that is absent or null is "missing". On a missing fact every operator is false,
//   except `ne` (true: a missing value differs from anything) and `eq null` (true).
//   `ne null` is true when the fact is present.
//   eq / ne      equality; numbers compare by value (2 == 2.0), strings exactly
//   in           the fact equals one of the array's values; for a list fact, any element does
//   contains     substring of a string fact, or an element of a list fact; ASCII
//                case-insensitive ("Refund" contains "refund"), other characters exact
//                ("客户投诉升级" contains "投诉")
//   matches      Pattern::Search (pattern.h) on a string fact
//   gt / lt      numeric comparison; false unless both sides are numbers
//   changed      Previous(field) is known and differs from the current value (missing
//                counts as null); with value false: the opposite. No previous value known
//                → "not changed".
//   Groups: all (empty → true), any (empty → false), none (no item holds; empty → true).
// All functions here are pure and thread-safe (compiled patterns are cached behind a lock).

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "rules/facts.h"
#include "rules/model.h"

namespace loopdesk::rules {

bool EvaluateCondition(const Condition& condition, const Facts& facts);
bool Evaluate(const ConditionGroup& group, const Facts& facts);

// One condition's outcome, for dry runs and "why did (not) this rule fire".
struct ConditionTrace {
  std::string path;  // as in validation errors: "conditions.all[1].any[0]"
  std::string field;
  std::string op;
  std::optional<Value> actual;  // the fact, when present
  bool result = false;
};
// Like Evaluate, but visits every condition (no short-circuit) and appends one trace per
// condition in document order. The return value equals Evaluate's.
bool Explain(const ConditionGroup& group, const Facts& facts, std::vector<ConditionTrace>* trace);

// A rule whose conditions held: the actions the app must carry out, in order.
struct Firing {
  Id rule_id = 0;
  std::string rule_name;
  int rule_version = 1;
  std::vector<Action> actions;
  bool operator==(const Firing&) const = default;
};

// The enabled rules of `event` whose conditions hold on `facts`, in ascending
// (position, id) order; `rules` may come in any order; each element is
// considered once.
std::vector<Firing> Match(const std::vector<Rule>& rules, std::string_view event,
                          const Facts& facts);

// Loop protection when actions cause further events (set → ticket.updated → rules → …).
// One guard per originating event (or per worker, calling Forget when a chain ends); not
// thread-safe. Usage:
//   LoopGuard guard;                                 // origin event E0, depth 0
//   for (auto& f : guard.Admit(Match(rules, e, facts), E0.seq)) Apply(f);
//   // for an event caused by those actions:
//   if (guard.Enter()) { ...Admit(Match(...), E0.seq)...; guard.Leave(); } else { log; }
class LoopGuard {
 public:
  static constexpr int kDefaultMaxDepth = 5;
  explicit LoopGuard(int max_depth = kDefaultMaxDepth) : max_depth_(max_depth) {}

  // Steps one level down the chain of caused events. False, with the depth unchanged, when
  // that would pass max_depth: the caller runs no rules for that event. With the default 5,
  // the originating event (depth 0) and five levels of consequences run rules.
  [[nodiscard]] bool Enter();
  // Undoes one successful Enter.
  void Leave();
  int depth() const { return depth_; }
  int max_depth() const { return max_depth_; }

  // Records that `rule_id` runs for the chain started by `origin_event`; false when it
  // already has (the caller must skip it).
  [[nodiscard]] bool TryFire(Id rule_id, Id origin_event);
  // The firings that pass TryFire, in their order.
  std::vector<Firing> Admit(std::vector<Firing> firings, Id origin_event);
  // Forgets what ran for `origin_event`, once its chain is done.
  void Forget(Id origin_event);

 private:
  int max_depth_;
  int depth_ = 0;
  std::set<std::pair<Id, Id>> fired_;  // (origin_event, rule_id)
};

}  // namespace loopdesk::rules
