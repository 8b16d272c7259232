#pragma once
// Business calendars: when the SLA clock may consume time (docs/sla.md §2).
//
// A calendar is an IANA time zone, weekly working hours (several intervals a day), holidays
// and make-up working days (调休), all read in the calendar's own zone. A CalendarSpec is the
// stored, editable form; Calendar is its compiled, immutable form. Every operation is a pure
// function of its arguments: no clock is read and no file is touched after Compile (the zone
// rules are loaded once from the system tzdata by date/tz).

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"
#include "common/time.h"

namespace date {
class time_zone;
}  // namespace date

namespace loopdesk {

// The name of the built-in calendar that is open every minute of every day.
inline constexpr std::string_view kAlwaysOpenCalendar = "24x7";

struct CalendarSpec {
  std::string name;
  std::string timezone = "Asia/Shanghai";  // IANA name, e.g. "America/New_York", "UTC"
  // Working intervals per weekday, index 0 = Monday … 6 = Sunday, as [start, end) minutes
  // since local midnight (0..1440; 1440 = "24:00"). Touching intervals are merged.
  std::array<std::vector<std::pair<int, int>>, 7> hours;
  std::vector<std::string> holidays;  // "YYYY-MM-DD" local dates that are closed all day
  // "YYYY-MM-DD" local dates that are working days although their weekday is not (调休).
  // Such a date uses its own weekday's hours when that weekday has any, otherwise the hours of
  // the first weekday, Monday first, that has hours (Monday in a Mon–Fri calendar).
  std::vector<std::string> workdays;
};

// "09:00" → 540, "24:00" → 1440; nullopt for anything else ("9:00", "18:60", "24:01").
std::optional<int> ParseHhMm(std::string_view s);
// 540 → "09:00".
std::string FormatHhMm(int minutes);
// Monday-first short day names used in field paths: "mon" … "sun".
std::string_view WeekdayKey(int index);

// A half-open span of UTC instants [begin, end).
struct TimeSpan {
  TimeMs begin = 0;
  TimeMs end = 0;
  friend bool operator==(const TimeSpan&, const TimeSpan&) = default;
};

// A compiled calendar. Immutable; copies are cheap-ish (a few vectors) and every const member
// is safe to call from several threads at once.
class Calendar {
 public:
  // Validates and compiles `spec`. Fails with kInvalidArgument naming the field:
  //   "name" (empty), "timezone" (unknown zone), "hours" (no working time in any weekday),
  //   "hours.mon[0]" (outside 00:00–24:00, empty/reversed, or overlapping another interval),
  //   "holidays[2]" / "workdays[1]" (not a real YYYY-MM-DD date; a date in both lists is
  //   reported on its "workdays[i]" entry).
  static Result<Calendar> Compile(const CalendarSpec& spec);

  // The built-in "24x7" calendar (UTC, open always). Its arithmetic is exact wall-clock time.
  static Calendar AlwaysOpen();

  const std::string& name() const { return name_; }
  const std::string& timezone() const { return timezone_; }
  bool always_open() const { return always_open_; }

  // Whether `t` lies inside working time (intervals are [start, end): 18:00 itself is closed).
  bool IsOpen(TimeMs t) const;

  // The first open instant ≥ t (t itself when open).
  TimeMs NextOpen(TimeMs t) const;

  // The earliest instant at which `business_ms` of working time have passed since `start`.
  // AddBusiness(t, 0) == t (even when t is closed); negative amounts are treated as 0.
  // An amount that ends exactly at a closing time returns that closing time (a 2 h target
  // taken at 16:00 in a 9–18 calendar is due 18:00 the same day, not 09:00 the next).
  TimeMs AddBusiness(TimeMs start, int64_t business_ms) const;

  // Working time inside [a, b), in ms; 0 when b <= a.
  // Inverse of AddBusiness: BusinessBetween(a, AddBusiness(a, x)) == x for x >= 0.
  int64_t BusinessBetween(TimeMs a, TimeMs b) const;

  // The open spans that intersect [from, to), clipped to it, in order.
  std::vector<TimeSpan> OpenSpans(TimeMs from, TimeMs to) const;

  // The local calendar day (days since 1970-01-01 in the calendar's zone) of instant t.
  int64_t LocalDay(TimeMs t) const;

 private:
  struct ZoneCache;  // the zone offset period last looked up (per call, never shared)

  Calendar() = default;
  // Working intervals [start, end) in local minutes for the local day `day`.
  const std::vector<std::pair<int, int>>& HoursFor(int64_t day) const;
  // Appends the UTC open spans of local day `day` to `out` (sorted, merged).
  void DaySpans(int64_t day, ZoneCache* cache, std::vector<TimeSpan>* out) const;
  int64_t OffsetMsAt(TimeMs t, ZoneCache* cache) const;
  // Calls f(span) for each open span ending after `from` (clipped to start at `from`), in
  // order, until f returns false or the local days reach past `until`. Defined in the .cc.
  template <typename F>
  void ForEachSpan(TimeMs from, TimeMs until, F&& f) const;

  std::string name_;
  std::string timezone_;
  const date::time_zone* zone_ = nullptr;  // owned by the process-wide tz database
  bool always_open_ = false;
  std::array<std::vector<std::pair<int, int>>, 7> hours_;  // sorted, merged
  std::vector<std::pair<int, int>> makeup_hours_;          // hours of a 调休 workday
  std::vector<int64_t> holidays_;                          // sorted local days
  std::vector<int64_t> workdays_;                          // sorted local days
};

// The calendars an installation knows, by name. "24x7" is always present and cannot be
// redefined. Immutable after Build; safe to share between threads.
class CalendarSet {
 public:
  CalendarSet();  // only "24x7"

  // Compiles every spec. Fails with kInvalidArgument and a field prefixed by the spec's index,
  // e.g. "[2].hours.mon[0]", "[1].name" (duplicate, or the reserved "24x7").
  static Result<CalendarSet> Build(const std::vector<CalendarSpec>& specs);

  // The calendar called `name`, or nullptr when there is none.
  const Calendar* Find(std::string_view name) const;

  const std::vector<Calendar>& all() const { return calendars_; }

 private:
  std::vector<Calendar> calendars_;  // [0] is "24x7"
};

}  // namespace loopdesk
