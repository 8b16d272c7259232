#pragma once
// Facts: what the engine reads when it evaluates conditions — the current value of each
// field of FieldRegistry (fields.h) and, for `changed`, its value before the change that
// raised the event. The app builds one Facts per event (or per ticket for `schedule`).

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "common/time.h"
#include "common/value.h"
#include "domain/entities.h"

namespace loopdesk::rules {

class Facts {
 public:
  virtual ~Facts() = default;
  // The current value of `field`; nullopt when the fact is absent (a Value null means the
  // same to the engine). Types follow fields.h: enums and strings as strings, numbers as
  // int or double, ids as int, lists as arrays of strings.
  virtual std::optional<Value> Get(std::string_view field) const = 0;
  // The value before the change; nullopt when the event carries no previous value for the
  // field (then `changed` is false). A previous Value null means "was absent", so a first
  // assignment (null → 7) counts as a change.
  virtual std::optional<Value> Previous(std::string_view field) const = 0;
};

// Facts held in two maps. Not thread-safe for writing; const reads are safe.
class MapFacts final : public Facts {
 public:
  MapFacts& Set(std::string field, Value v);
  MapFacts& SetPrevious(std::string field, Value v);

  std::optional<Value> Get(std::string_view field) const override;
  std::optional<Value> Previous(std::string_view field) const override;

  const std::map<std::string, Value, std::less<>>& current() const { return current_; }
  const std::map<std::string, Value, std::less<>>& previous() const { return previous_; }

 private:
  std::map<std::string, Value, std::less<>> current_;
  std::map<std::string, Value, std::less<>> previous_;
};

// Fill helpers, so the app and the registry agree on names and types. Empty category,
// team and region, and an unset assignee, become null.
// ticket.{id,status,priority,category,channel,subject,description,tags,assignee_id,team,
// customer_id,reopen_count,transfer_count,agent_reply_count}.
void AddTicketFacts(const Ticket& t, MapFacts* facts);
// The same fields of the ticket as it was before the change, as previous values.
void AddPreviousTicketFacts(const Ticket& before, MapFacts* facts);
// ticket.{created_hour, created_weekday} in the local time given by `utc_offset_ms` (the
// business calendar's offset at creation), ticket.age_hours since creation and
// ticket.idle_hours since the last update, both at `now` (fractional hours).
void AddTicketTimeFacts(const Ticket& t, TimeMs now, int64_t utc_offset_ms, MapFacts* facts);
// customer.{id,name,tier,region,tags,language}.
void AddCustomerFacts(const Customer& c, MapFacts* facts);
// message.{body,author,internal}.
void AddMessageFacts(const Message& m, MapFacts* facts);

}  // namespace loopdesk::rules
