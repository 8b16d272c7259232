#pragma once
// FieldRegistry: the facts a rule may test, with their types, allowed values and the events
// on which they exist. ValidateRule (model.h) checks rules against it; the UI can list it
// (RegistryToValue) to build its no-code editor.
//
// Operators per type:
//   eq, ne     every type except kStringList; the value has the field's type, or is null
//              (`eq null`: the fact is missing or null; `ne null`: it is present)
//   in         every type; a non-empty array of values of the field's type. On a
//              kStringList field: true when any element is in the array
//   contains   kString (substring, ASCII case-insensitive) and kStringList (has an element
//              equal to the value, ASCII case-insensitive); the value is a non-empty string
//   matches    kString; the value is a pattern (pattern.h)
//   gt, lt     kNumber; the value is a number
//   changed    fields marked `changeable` (the ticket's own fields); the value is absent,
//              true (the field changed in this event) or false (it did not)
// Enum values are checked (e.g. `ticket.priority eq "P9"` is refused).

#include <string>
#include <string_view>
#include <vector>

#include "common/value.h"

namespace loopdesk::rules {

enum class FieldType {
  kString,  // free text or an open vocabulary (category, team, region)
  kEnum,    // a closed vocabulary: FieldSpec::values
  kNumber,  // integer or real
  kId,      // an entity id (integer); eq/ne/in only
  kBool,
  kStringList,  // tags, emotions, keywords
};

std::string_view TypeName(FieldType type);  // "string", "enum", "number", "id", "bool", "list"

struct FieldSpec {
  std::string name;  // "ticket.priority"
  FieldType type = FieldType::kString;
  std::vector<std::string> values;  // allowed values of a kEnum field
  bool changeable = false;          // `changed` allowed (the event carries a previous value)
  bool settable = false;            // the `set` action may write it
  std::vector<std::string> events;  // events on which the fact exists; empty = every event
  std::string doc;                  // one line for the UI
};

class FieldRegistry {
 public:
  // The built-in fields (see fields.cc for the list):
  //   ticket.*    id, status, priority, category, channel, subject, description, tags,
  //               assignee_id, team, customer_id, reopen_count, transfer_count,
  //               agent_reply_count, created_hour (0–23, local time of the business calendar),
  //               created_weekday (1 = Monday … 7), age_hours, idle_hours
  //   customer.*  id, name, tier, region, tags, language
  //   message.*   body, author, internal                    (message.created only)
  //   sentiment.* label, score (−1..1), emotions            (when text analysis ran)
  //   text.*      language, cause, keywords                 (when text analysis ran)
  //   sla.*       state, target, policy, elapsed_pct        (when the ticket has an SLA)
  //   survey.*    kind, score, comment                      (survey.answered only)
  // Built once; thread-safe.
  static const FieldRegistry& Default();

  // Adds `spec`, replacing a field of the same name (e.g. to turn ticket.category into an
  // enum of the configured taxonomy).
  void Add(FieldSpec spec);
  // nullptr when unknown.
  const FieldSpec* Find(std::string_view name) const;
  const std::vector<FieldSpec>& fields() const { return fields_; }

 private:
  std::vector<FieldSpec> fields_;
};

// True when `op` (a known operator) may be used on a field of this spec.
bool OperatorAllowed(const FieldSpec& spec, std::string_view op);
// The operators allowed on `spec`, in KnownOperators() order.
std::vector<std::string_view> OperatorsFor(const FieldSpec& spec);

// [{name, type, values?, operators, settable, events?, doc}] for the UI.
Value RegistryToValue(const FieldRegistry& registry);

}  // namespace loopdesk::rules
