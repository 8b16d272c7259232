#pragma once
// The rule model: event → conditions → actions, stored as data (DESIGN.md §1 E). One model
// serves triggers (on events), schedules (the `schedule` event, run periodically by the app),
// macros (the app applies a rule's actions by hand) and any "first matching conditions" choice
// (Evaluate in engine.h), after Zammad's trigger/job/macro/SLA.
//
// Wire form (a common/Value tree; the HTTP layer converts JSON ↔ Value):
//   {id?, name, event, conditions?: {all|any|none: [item, ...]}, actions: [{type, ...params}],
//    enabled?: bool = true, position?: int = 0, version?: int = 1}
// where an item is a condition {field, op, value?} or a nested group {all|any|none: [...]}.
// Action parameters sit beside `type` (API.md: {type:"set", field, value}); in the model they
// are kept together in Action::params, an object in the order given.
//
// Two steps on save: ParseRule checks the shape (types, required and unknown keys) and
// ValidateRule checks the meaning against a FieldRegistry (fields, operators, value types,
// enum values, patterns, action parameters, event). Both fail with kInvalidArgument and
// Status::field() naming the exact path, e.g. "conditions.all[1].any[0].op",
// "actions[0].type", "actions[1].department" — the API's 422 `field`.

#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "common/status.h"
#include "common/value.h"
#include "domain/entities.h"

namespace loopdesk::rules {

class FieldRegistry;

// Events a rule can listen to.
inline constexpr std::string_view kEventTicketCreated = "ticket.created";
inline constexpr std::string_view kEventTicketUpdated = "ticket.updated";
inline constexpr std::string_view kEventMessageCreated = "message.created";
inline constexpr std::string_view kEventSurveyAnswered = "survey.answered";
inline constexpr std::string_view kEventSlaWarning = "sla.warning";
inline constexpr std::string_view kEventSlaBreached = "sla.breached";
inline constexpr std::string_view kEventSchedule = "schedule";  // periodic, per open ticket

// Every event name, in the order above.
const std::vector<std::string_view>& KnownEvents();
bool IsKnownEvent(std::string_view event);

// Operators (Condition::op).
inline constexpr std::string_view kOpEq = "eq";
inline constexpr std::string_view kOpNe = "ne";
inline constexpr std::string_view kOpIn = "in";
inline constexpr std::string_view kOpContains = "contains";
inline constexpr std::string_view kOpMatches = "matches";
inline constexpr std::string_view kOpGt = "gt";
inline constexpr std::string_view kOpLt = "lt";
inline constexpr std::string_view kOpChanged = "changed";
const std::vector<std::string_view>& KnownOperators();

// Action types (Action::type) and their parameters; ValidateRule enforces this table.
//   set                 {field, value}        field must be settable (fields.h)
//   assign              {agent_id} | {team} | {router: true} | {team, router: true}
//   add_tag, remove_tag {value}
//   add_note            {body}                an internal note
//   notify              {to_role | to_agent_id | to_team | to_assignee: true, message}
//   create_task         {department, title, note?, due_in_s?}   collaboration task
//   send_survey         {kind}                csat | nps | ces
//   escalate            {level?: 1..3, to_role?, reason?}       at least one of level/to_role
//   adjust_sla          {target, seconds | factor | add_seconds}  target ∈ first_response |
//                       next_response | resolution; seconds sets the target, factor
//                       multiplies it, add_seconds adds to it (negative: tightens)
//   grant_compensation  {kind, amount?, note?}   kind ∈ coupon | credit | apology (not
//                       `type`, which names the action in the flat wire form)
//   webhook             {url}                 http:// or https://
inline constexpr std::string_view kActSet = "set";
inline constexpr std::string_view kActAssign = "assign";
inline constexpr std::string_view kActAddTag = "add_tag";
inline constexpr std::string_view kActRemoveTag = "remove_tag";
inline constexpr std::string_view kActAddNote = "add_note";
inline constexpr std::string_view kActNotify = "notify";
inline constexpr std::string_view kActCreateTask = "create_task";
inline constexpr std::string_view kActSendSurvey = "send_survey";
inline constexpr std::string_view kActEscalate = "escalate";
inline constexpr std::string_view kActAdjustSla = "adjust_sla";
inline constexpr std::string_view kActGrantCompensation = "grant_compensation";
inline constexpr std::string_view kActWebhook = "webhook";
const std::vector<std::string_view>& KnownActionTypes();

// Limits enforced by ParseRule (they keep a hostile rule from costing much to evaluate).
inline constexpr int kMaxGroupDepth = 8;       // nested all/any/none levels
inline constexpr size_t kMaxConditions = 200;  // conditions and groups in one rule
inline constexpr size_t kMaxActions = 50;
inline constexpr size_t kMaxInValues = 1000;  // elements of an `in` array
inline constexpr size_t kMaxNameChars = 200;  // code points

// One test of a fact: `field op value`. `value` is null when the operator takes none
// (`changed`) or when testing for absence (`eq null`).
struct Condition {
  std::string field;
  std::string op;
  Value value;
  bool operator==(const Condition&) const = default;
};

// all: every item holds (true when empty); any: at least one holds; none: no item holds.
struct ConditionGroup {
  enum class Kind { kAll, kAny, kNone };
  Kind kind = Kind::kAll;
  std::vector<std::variant<Condition, ConditionGroup>> items;
  bool operator==(const ConditionGroup&) const = default;
};
using ConditionItem = std::variant<Condition, ConditionGroup>;

// "all" | "any" | "none".
std::string_view KindName(ConditionGroup::Kind kind);

struct Action {
  std::string type;
  Value params = Value::MakeObject();  // always an object
  bool operator==(const Action&) const = default;
};

struct Rule {
  Id id = 0;  // 0 until stored
  std::string name;
  std::string event;
  ConditionGroup conditions;
  std::vector<Action> actions;
  bool enabled = true;
  int position = 0;  // rules run in ascending (position, id)
  int version = 1;   // raised by the store on every change
  bool operator==(const Rule&) const = default;
};

// Builds a Rule from a request body. Checks shape only: `body` is an object; name and event
// are strings; conditions is a group; each item is a group or a {field, op, value?} object;
// actions is an array of objects with a string `type`; enabled is a bool; position, id and
// version are integers; no unknown keys at any level; the limits above. Missing `conditions`
// means an empty `all` (always true). `id` and `version` are read when present so that
// ParseRule(RuleToValue(r)) == r; the app overrides both on create and update.
Result<Rule> ParseRule(const Value& body);

// Checks the meaning of `rule` against `fields`: non-empty name (≤ kMaxNameChars), known
// event, for each condition a known field available on that event, a known operator valid
// for the field's type, a value of the right type (enum values among the allowed ones, `in`
// a non-empty array, `matches` a pattern that compiles, see pattern.h), no empty `any`
// group; at least one action, each of a known type with its required parameters, valid
// values and no unknown parameters.
Status ValidateRule(const Rule& rule, const FieldRegistry& fields);

// ParseRule then ValidateRule.
Result<Rule> ParseAndValidateRule(const Value& body, const FieldRegistry& fields);

// The wire form of `rule` (all keys present except a condition's null value).
Value RuleToValue(const Rule& rule);
Value GroupToValue(const ConditionGroup& group);

}  // namespace loopdesk::rules
