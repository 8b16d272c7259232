#pragma once
// SLA settings: business calendars and the ordered SLA policy list, converted between the
// stored/wire form (common/Value documents) and the sla library's types, with errors that
// name the offending field ("[2].hours.mon[0]", "[0].first_response_s").
//
// Stored under the config keys "calendars" and "sla_policies"; absent keys mean the
// defaults (only the 24x7 calendar; DefaultPolicies()).

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "common/value.h"
#include "sla/calendar.h"
#include "sla/policy.h"

namespace loopdesk {

// A service commitment: when `target` of a matching ticket is breached, the customer gets
// the compensation (once per ticket and commitment).
struct Commitment {
  std::string name;
  SlaMatch match;      // same matching as SLA policies; empty = every ticket
  std::string target;  // first_response | resolution
  std::string type;    // credit | coupon | apology_call | refund | gift | other
  double amount = 0;   // in the account currency; 0 for non-monetary
  std::string note;
};

struct SlaSettings {
  std::vector<CalendarSpec> calendar_specs;  // user calendars (not 24x7)
  CalendarSet calendars;                     // compiled, includes 24x7
  std::vector<SlaPolicy> policies;
  std::vector<Commitment> commitments;
  double auto_approve_max = 100;  // compensations up to this amount need no approval
};

inline constexpr char kCommitmentsKey[] = "commitments";

// {items:[{name, match, target, compensation:{type, amount?, note?}}], auto_approve_max?}
// or the bare list.
Status CommitmentsFromValue(const Value& v, std::vector<Commitment>* out,
                            std::optional<double>* auto_approve_max);
Value CommitmentsToValue(const std::vector<Commitment>& items);
// True when every field `m` sets equals the context's.
bool Matches(const SlaMatch& m, const SlaContext& ctx);

inline constexpr char kCalendarsKey[] = "calendars";
inline constexpr char kSlaPoliciesKey[] = "sla_policies";

// One calendar from {timezone?, hours:{mon:[["09:00","18:00"]],...}, holidays?, workdays?}.
Result<CalendarSpec> CalendarSpecFromValue(const std::string& name, const Value& v);
Value CalendarSpecToValue(const CalendarSpec& spec);
Value CalendarToValue(const Calendar& cal, const CalendarSpec* spec);

// The whole ordered list of policies (an array).
Result<std::vector<SlaPolicy>> PoliciesFromValue(const Value& v);
Value PoliciesToValue(const std::vector<SlaPolicy>& policies);

// Builds settings from stored documents (either may be null = defaults). Fails when the
// documents are invalid (never expected: they were validated when saved).
Result<std::shared_ptr<const SlaSettings>> BuildSlaSettings(const Value* calendars,
                                                           const Value* policies,
                                                           const Value* commitments = nullptr);

// Thread-safe holder of the current settings; readers get an immutable snapshot.
class SlaSettingsHolder {
 public:
  SlaSettingsHolder();
  std::shared_ptr<const SlaSettings> Get() const;
  void Set(std::shared_ptr<const SlaSettings> s);

 private:
  mutable std::mutex mu_;
  std::shared_ptr<const SlaSettings> current_;
};

}  // namespace loopdesk
