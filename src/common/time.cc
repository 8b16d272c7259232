#include "common/time.h"

#include <chrono>
#include <cstdio>

namespace loopdesk {

TimeMs SystemClock::Now() const {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void CivilFromDays(int64_t z, int64_t* y, unsigned* m, unsigned* d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t yy = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = yy + (*m <= 2);
}

std::string FormatIso8601(TimeMs t) {
  int64_t days = t >= 0 ? t / kDayMs : -((-t + kDayMs - 1) / kDayMs);
  int64_t rem = t - days * kDayMs;
  int64_t y;
  unsigned m, d;
  CivilFromDays(days, &y, &m, &d);
  int hh = static_cast<int>(rem / kHourMs);
  int mm = static_cast<int>(rem / kMinuteMs % 60);
  int ss = static_cast<int>(rem / kSecondMs % 60);
  int ms = static_cast<int>(rem % 1000);
  char buf[40];
  if (ms == 0) {
    std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02d:%02d:%02dZ", static_cast<long long>(y), m,
                  d, hh, mm, ss);
  } else {
    std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02d:%02d:%02d.%03dZ",
                  static_cast<long long>(y), m, d, hh, mm, ss, ms);
  }
  return buf;
}

namespace {
bool Digits(std::string_view s, size_t pos, size_t n, int* out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = 0; i < n; ++i) {
    char c = s[pos + i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *out = v;
  return true;
}
}  // namespace

std::optional<TimeMs> ParseIso8601(std::string_view s) {
  int y, mo, d;
  if (!Digits(s, 0, 4, &y) || s.size() < 10 || s[4] != '-' || !Digits(s, 5, 2, &mo) ||
      s[7] != '-' || !Digits(s, 8, 2, &d))
    return std::nullopt;
  if (mo < 1 || mo > 12 || d < 1) return std::nullopt;
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  int mdays = kDays[mo - 1] + (mo == 2 && leap ? 1 : 0);
  if (d > mdays) return std::nullopt;
  TimeMs base = DaysFromCivil(y, mo, d) * kDayMs;
  if (s.size() == 10) return base;
  if (s[10] != 'T' && s[10] != 't' && s[10] != ' ') return std::nullopt;
  int hh, mi, ss = 0;
  if (!Digits(s, 11, 2, &hh) || s.size() < 16 || s[13] != ':' || !Digits(s, 14, 2, &mi))
    return std::nullopt;
  size_t pos = 16;
  if (pos < s.size() && s[pos] == ':') {
    if (!Digits(s, 17, 2, &ss)) return std::nullopt;
    pos = 19;
  }
  if (hh > 23 || mi > 59 || ss > 60) return std::nullopt;
  int ms = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    size_t start = pos;
    int scale = 100;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      ms += (s[pos] - '0') * scale;
      scale /= 10;
      ++pos;
    }
    if (pos == start) return std::nullopt;
  }
  TimeMs offset = 0;
  if (pos >= s.size()) return std::nullopt;  // a zone is required
  if (s[pos] == 'Z' || s[pos] == 'z') {
    ++pos;
  } else if (s[pos] == '+' || s[pos] == '-') {
    int oh, om;
    int sign = s[pos] == '+' ? 1 : -1;
    if (!Digits(s, pos + 1, 2, &oh)) return std::nullopt;
    size_t p = pos + 3;
    if (p < s.size() && s[p] == ':') ++p;
    if (!Digits(s, p, 2, &om)) return std::nullopt;
    if (oh > 23 || om > 59) return std::nullopt;
    offset = sign * (oh * kHourMs + om * kMinuteMs);
    pos = p + 2;
  } else {
    return std::nullopt;
  }
  if (pos != s.size()) return std::nullopt;
  return base + hh * kHourMs + mi * kMinuteMs + ss * kSecondMs + ms - offset;
}

}  // namespace loopdesk
