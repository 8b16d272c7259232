#include "sla/calendar.h"

#include <date/tz.h>

#include <algorithm>
#include <chrono>
#include <exception>
#include <limits>

namespace loopdesk {
namespace {

using Hours = std::vector<std::pair<int, int>>;

constexpr int kDayMinutes = 24 * 60;
// UTC offsets stay within ±26 h of local time (real zones: −12 h … +14 h); a local day's
// instants therefore lie in [local midnight − 26 h, local midnight + 24 h + 26 h) as UTC.
constexpr TimeMs kOffsetMargin = 26 * kHourMs;
constexpr TimeMs kMaxTime = std::numeric_limits<TimeMs>::max();
constexpr TimeMs kMinTime = std::numeric_limits<TimeMs>::min();

int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

// Seconds → ms, saturating (tz periods may start or end at the representable extremes).
TimeMs SecondsToMs(int64_t s) {
  if (s > kMaxTime / 1000) return kMaxTime;
  if (s < kMinTime / 1000) return kMinTime;
  return s * 1000;
}

// Parses a strict "YYYY-MM-DD" into days since 1970-01-01; nullopt when not a real date.
std::optional<int64_t> ParseLocalDate(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  int64_t v[3] = {0, 0, 0};
  const size_t starts[3] = {0, 5, 8}, lens[3] = {4, 2, 2};
  for (int f = 0; f < 3; ++f) {
    for (size_t i = starts[f]; i < starts[f] + lens[f]; ++i) {
      if (s[i] < '0' || s[i] > '9') return std::nullopt;
      v[f] = v[f] * 10 + (s[i] - '0');
    }
  }
  if (v[1] < 1 || v[1] > 12 || v[2] < 1 || v[2] > 31) return std::nullopt;
  const int64_t days =
      DaysFromCivil(v[0], static_cast<unsigned>(v[1]), static_cast<unsigned>(v[2]));
  int64_t y = 0;
  unsigned m = 0, d = 0;
  CivilFromDays(days, &y, &m, &d);  // round trip rejects 2026-02-30
  if (y != v[0] || m != v[1] || d != v[2]) return std::nullopt;
  return days;
}

std::string IndexedField(std::string_view list, size_t i) {
  return std::string(list) + "[" + std::to_string(i) + "]";
}

// Monday = 0 … Sunday = 6 for a count of days since 1970-01-01 (a Thursday).
int WeekdayOf(int64_t day) {
  int64_t r = (day + 3) % 7;
  if (r < 0) r += 7;
  return static_cast<int>(r);
}

Status CompileHours(const CalendarSpec& spec, std::array<Hours, 7>* out) {
  bool any = false;
  for (int wd = 0; wd < 7; ++wd) {
    const Hours& in = spec.hours[wd];
    const std::string base = "hours." + std::string(WeekdayKey(wd));
    for (size_t j = 0; j < in.size(); ++j) {
      const auto [s, e] = in[j];
      if (s < 0 || e > kDayMinutes || s >= e) {
        return Status::Invalid(
            "a working interval must satisfy 00:00 <= start < end <= 24:00 (got " +
                std::to_string(s) + "–" + std::to_string(e) + " minutes)",
            IndexedField(base, j));
      }
      for (size_t k = 0; k < j; ++k) {
        if (s < in[k].second && in[k].first < e) {
          return Status::Invalid(FormatHhMm(s) + "–" + FormatHhMm(e) + " overlaps " +
                                     IndexedField(base, k) + " (" + FormatHhMm(in[k].first) + "–" +
                                     FormatHhMm(in[k].second) + ")",
                                 IndexedField(base, j));
        }
      }
    }
    Hours sorted = in;
    std::sort(sorted.begin(), sorted.end());
    Hours merged;
    for (const auto& iv : sorted) {
      if (!merged.empty() && merged.back().second == iv.first) {
        merged.back().second = iv.second;  // 09:00–12:00 + 12:00–18:00 = 09:00–18:00
      } else {
        merged.push_back(iv);
      }
    }
    any = any || !merged.empty();
    (*out)[wd] = std::move(merged);
  }
  if (!any) {
    return Status::Invalid("a calendar needs working hours on at least one weekday", "hours");
  }
  return Status::Ok();
}

Status CompileDates(const std::vector<std::string>& in, std::string_view field,
                    std::vector<int64_t>* out) {
  out->clear();
  for (size_t i = 0; i < in.size(); ++i) {
    const auto day = ParseLocalDate(in[i]);
    if (!day) {
      return Status::Invalid("not a YYYY-MM-DD date: \"" + in[i] + "\"", IndexedField(field, i));
    }
    out->push_back(*day);
  }
  std::sort(out->begin(), out->end());
  out->erase(std::unique(out->begin(), out->end()), out->end());
  return Status::Ok();
}

const Hours& NoHours() {
  static const Hours kNone;
  return kNone;
}

}  // namespace

std::optional<int> ParseHhMm(std::string_view s) {
  if (s.size() != 5 || s[2] != ':') return std::nullopt;
  for (size_t i : {0, 1, 3, 4}) {
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
  }
  const int h = (s[0] - '0') * 10 + (s[1] - '0');
  const int m = (s[3] - '0') * 10 + (s[4] - '0');
  if (m > 59 || h > 24 || (h == 24 && m != 0)) return std::nullopt;
  return h * 60 + m;
}

std::string FormatHhMm(int minutes) {
  const int h = minutes / 60, m = minutes % 60;
  std::string out(5, ':');
  out[0] = static_cast<char>('0' + h / 10 % 10);
  out[1] = static_cast<char>('0' + h % 10);
  out[3] = static_cast<char>('0' + m / 10);
  out[4] = static_cast<char>('0' + m % 10);
  return out;
}

std::string_view WeekdayKey(int index) {
  static constexpr std::string_view kKeys[7] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  return (index >= 0 && index < 7) ? kKeys[index] : std::string_view("?");
}

struct Calendar::ZoneCache {
  TimeMs begin = 0;
  TimeMs end = 0;  // empty until the first lookup
  int64_t offset_ms = 0;
};

Result<Calendar> Calendar::Compile(const CalendarSpec& spec) {
  Calendar cal;
  if (spec.name.empty()) return Status::Invalid("a calendar needs a name", "name");
  cal.name_ = spec.name;
  cal.timezone_ = spec.timezone;
  if (spec.timezone.empty()) return Status::Invalid("a calendar needs a time zone", "timezone");
  try {
    cal.zone_ = date::locate_zone(spec.timezone);
    // Loads the zone's rules now, so that a broken tzdata file fails here and not later.
    (void)cal.zone_->get_info(date::sys_seconds{});
  } catch (const std::exception&) {
    return Status::Invalid("unknown IANA time zone \"" + spec.timezone +
                               "\" (e.g. Asia/Shanghai, America/New_York, UTC)",
                           "timezone");
  }
  LD_RETURN_IF_ERROR(CompileHours(spec, &cal.hours_));
  LD_RETURN_IF_ERROR(CompileDates(spec.holidays, "holidays", &cal.holidays_));
  LD_RETURN_IF_ERROR(CompileDates(spec.workdays, "workdays", &cal.workdays_));
  for (size_t i = 0; i < spec.workdays.size(); ++i) {
    const int64_t day = *ParseLocalDate(spec.workdays[i]);
    if (std::binary_search(cal.holidays_.begin(), cal.holidays_.end(), day)) {
      return Status::Invalid(spec.workdays[i] + " is listed both as a holiday and as a workday",
                             IndexedField("workdays", i));
    }
  }
  for (const Hours& h : cal.hours_) {
    if (!h.empty()) {
      cal.makeup_hours_ = h;
      break;
    }
  }
  const Hours full = {{0, kDayMinutes}};
  cal.always_open_ =
      cal.holidays_.empty() &&
      std::all_of(cal.hours_.begin(), cal.hours_.end(), [&](const Hours& h) { return h == full; });
  return cal;
}

Calendar Calendar::AlwaysOpen() {
  Calendar cal;
  cal.name_ = std::string(kAlwaysOpenCalendar);
  cal.timezone_ = "UTC";
  cal.always_open_ = true;
  for (Hours& h : cal.hours_) h = {{0, kDayMinutes}};
  cal.makeup_hours_ = {{0, kDayMinutes}};
  return cal;
}

const Hours& Calendar::HoursFor(int64_t day) const {
  if (std::binary_search(holidays_.begin(), holidays_.end(), day)) return NoHours();
  const Hours& own = hours_[WeekdayOf(day)];
  if (own.empty() && std::binary_search(workdays_.begin(), workdays_.end(), day)) {
    return makeup_hours_;
  }
  return own;
}

int64_t Calendar::OffsetMsAt(TimeMs t, ZoneCache* cache) const {
  if (zone_ == nullptr) {
    cache->begin = kMinTime;
    cache->end = kMaxTime;
    cache->offset_ms = 0;
    return 0;
  }
  if (t >= cache->begin && t < cache->end) return cache->offset_ms;
  const auto info = zone_->get_info(date::sys_seconds{std::chrono::seconds{FloorDiv(t, 1000)}});
  cache->begin = SecondsToMs(info.begin.time_since_epoch().count());
  cache->end = SecondsToMs(info.end.time_since_epoch().count());
  cache->offset_ms = SecondsToMs(info.offset.count());
  return cache->offset_ms;
}

int64_t Calendar::LocalDay(TimeMs t) const {
  ZoneCache cache;
  return FloorDiv(t + OffsetMsAt(t, &cache), kDayMs);
}

void Calendar::DaySpans(int64_t day, ZoneCache* cache, std::vector<TimeSpan>* out) const {
  const Hours& hours = HoursFor(day);
  if (hours.empty()) return;
  const TimeMs midnight = day * kDayMs;  // local midnight, in "local ms since epoch"
  const size_t first = out->size();
  // Walk the zone's offset periods that can hold this day's instants. Inside one period
  // local = utc + offset is a bijection, so each working interval maps to one UTC span; a
  // spring-forward gap maps to nothing and a fall-back repeat maps to both of its spans.
  const TimeMs hi = midnight + hours.back().second * kMinuteMs + kOffsetMargin;
  TimeMs t = midnight + hours.front().first * kMinuteMs - kOffsetMargin;
  while (t < hi) {
    const int64_t offset = OffsetMsAt(t, cache);
    const TimeMs period_end = std::min(cache->end, hi);
    for (const auto& [s, e] : hours) {
      const TimeMs b = std::max(t, midnight + s * kMinuteMs - offset);
      const TimeMs en = std::min(period_end, midnight + e * kMinuteMs - offset);
      if (b < en) out->push_back({b, en});
    }
    t = period_end;
  }
  std::sort(out->begin() + static_cast<std::ptrdiff_t>(first), out->end(),
            [](const TimeSpan& a, const TimeSpan& b) { return a.begin < b.begin; });
  size_t w = first;  // merge spans that touch across an offset change
  for (size_t r = first; r < out->size(); ++r) {
    if (w > first && (*out)[w - 1].end >= (*out)[r].begin) {
      (*out)[w - 1].end = std::max((*out)[w - 1].end, (*out)[r].end);
    } else {
      (*out)[w++] = (*out)[r];
    }
  }
  out->resize(w);
}

// Days are visited in local order, which is UTC order for every real zone (a clock never
// falls back across local midnight into the previous date).
template <typename F>
void Calendar::ForEachSpan(TimeMs from, TimeMs until, F&& f) const {
  ZoneCache cache;
  std::vector<TimeSpan> spans;
  for (int64_t day = LocalDay(from);; ++day) {
    if (day * kDayMs - kOffsetMargin >= until) return;  // no instant of this day is < until
    spans.clear();
    DaySpans(day, &cache, &spans);
    for (TimeSpan span : spans) {
      if (span.end <= from) continue;
      span.begin = std::max(span.begin, from);
      if (!f(span)) return;
    }
  }
}

bool Calendar::IsOpen(TimeMs t) const {
  if (always_open_) return true;
  ZoneCache cache;
  std::vector<TimeSpan> spans;
  DaySpans(LocalDay(t), &cache, &spans);
  return std::any_of(spans.begin(), spans.end(),
                     [t](const TimeSpan& s) { return s.begin <= t && t < s.end; });
}

TimeMs Calendar::NextOpen(TimeMs t) const {
  if (always_open_) return t;
  TimeMs found = t;
  // Terminates: Compile guarantees working hours in some weekday and holidays are finite.
  ForEachSpan(t, kMaxTime, [&](const TimeSpan& s) {
    found = s.begin;
    return false;
  });
  return found;
}

TimeMs Calendar::AddBusiness(TimeMs start, int64_t business_ms) const {
  if (business_ms <= 0) return start;
  if (always_open_) return start + business_ms;
  int64_t remaining = business_ms;
  TimeMs due = start;
  ForEachSpan(start, kMaxTime, [&](const TimeSpan& s) {
    const int64_t avail = s.end - s.begin;
    if (remaining <= avail) {
      due = s.begin + remaining;
      return false;
    }
    remaining -= avail;
    return true;
  });
  return due;
}

int64_t Calendar::BusinessBetween(TimeMs a, TimeMs b) const {
  if (b <= a) return 0;
  if (always_open_) return b - a;
  int64_t total = 0;
  ForEachSpan(a, b, [&](const TimeSpan& s) {
    if (s.begin >= b) return false;
    total += std::min(s.end, b) - s.begin;
    return true;
  });
  return total;
}

std::vector<TimeSpan> Calendar::OpenSpans(TimeMs from, TimeMs to) const {
  std::vector<TimeSpan> out;
  if (to <= from) return out;
  if (always_open_) return {{from, to}};
  ForEachSpan(from, to, [&](const TimeSpan& s) {
    if (s.begin >= to) return false;
    out.push_back({s.begin, std::min(s.end, to)});
    return true;
  });
  return out;
}

CalendarSet::CalendarSet() { calendars_.push_back(Calendar::AlwaysOpen()); }

Result<CalendarSet> CalendarSet::Build(const std::vector<CalendarSpec>& specs) {
  CalendarSet set;
  for (size_t i = 0; i < specs.size(); ++i) {
    const std::string prefix = "[" + std::to_string(i) + "]";
    if (specs[i].name == kAlwaysOpenCalendar) {
      return Status::Invalid(
          "\"24x7\" is the built-in always-open calendar and cannot be redefined",
          prefix + ".name");
    }
    if (set.Find(specs[i].name) != nullptr) {
      return Status::Invalid("duplicate calendar name \"" + specs[i].name + "\"", prefix + ".name");
    }
    auto cal = Calendar::Compile(specs[i]);
    if (!cal.ok()) {
      return Status(cal.status().code(), cal.status().message(),
                    prefix + "." + cal.status().field());
    }
    set.calendars_.push_back(std::move(cal).value());
  }
  return set;
}

const Calendar* CalendarSet::Find(std::string_view name) const {
  for (const Calendar& c : calendars_) {
    if (c.name() == name) return &c;
  }
  return nullptr;
}

}  // namespace loopdesk
