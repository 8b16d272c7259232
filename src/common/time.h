#pragma once
// Time values and the Clock interface. All instants are UTC milliseconds since the Unix
// epoch. Nothing outside SystemClock reads the system clock; tests inject FakeClock.

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace loopdesk {

using TimeMs = int64_t;  // UTC milliseconds since 1970-01-01T00:00:00Z

constexpr TimeMs kSecondMs = 1000;
constexpr TimeMs kMinuteMs = 60 * kSecondMs;
constexpr TimeMs kHourMs = 60 * kMinuteMs;
constexpr TimeMs kDayMs = 24 * kHourMs;

class Clock {
 public:
  virtual ~Clock() = default;
  // The current instant. Thread-safe.
  virtual TimeMs Now() const = 0;
};

class SystemClock final : public Clock {
 public:
  TimeMs Now() const override;
};

// A clock tests and generators set by hand. Thread-safe.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(TimeMs start = 0) : now_(start) {}
  TimeMs Now() const override { return now_.load(); }
  void Set(TimeMs t) { now_.store(t); }
  void Advance(TimeMs d) { now_.fetch_add(d); }

 private:
  std::atomic<TimeMs> now_;
};

// Formats as ISO 8601 UTC, "2026-11-22T08:30:00Z"; milliseconds are shown only when
// non-zero ("2026-11-22T08:30:00.250Z").
std::string FormatIso8601(TimeMs t);

// Parses ISO 8601 date-times: "YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM)" and "YYYY-MM-DD"
// (midnight UTC). Returns nullopt for anything else, including out-of-range fields.
std::optional<TimeMs> ParseIso8601(std::string_view s);

// Days since epoch <-> civil date (proleptic Gregorian), H. Hinnant's algorithms.
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d);
void CivilFromDays(int64_t z, int64_t* y, unsigned* m, unsigned* d);

}  // namespace loopdesk
