#include "sla/calendar.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <thread>
#include <vector>

namespace loopdesk {
namespace {

TimeMs T(const char* iso) {
  const auto t = ParseIso8601(iso);
  EXPECT_TRUE(t.has_value()) << iso;
  return t.value_or(0);
}

CalendarSpec OfficeSpec(std::string tz = "Asia/Shanghai", int from = 9 * 60, int to = 18 * 60) {
  CalendarSpec s;
  s.name = "office";
  s.timezone = std::move(tz);
  for (int d = 0; d < 5; ++d) s.hours[d] = {{from, to}};
  return s;
}

Calendar Must(const CalendarSpec& spec) {
  auto c = Calendar::Compile(spec);
  EXPECT_TRUE(c.ok()) << c.status().ToString();
  return c.ok() ? c.value() : Calendar::AlwaysOpen();
}

std::string FieldOf(const CalendarSpec& spec) {
  auto c = Calendar::Compile(spec);
  EXPECT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), Code::kInvalidArgument);
  return c.status().field();
}

// Mainland-China National Day 2026: 10-01..07 off, Sunday 09-27 and Saturday 10-10 worked.
CalendarSpec GoldenWeekSpec() {
  CalendarSpec s = OfficeSpec();
  for (int d = 1; d <= 7; ++d) s.holidays.push_back("2026-10-0" + std::to_string(d));
  s.workdays = {"2026-09-27", "2026-10-10"};
  return s;
}

TEST(Calendar, FridayAfternoonTwoHourTargetIsDueMondayTen) {
  const Calendar cal = Must(OfficeSpec());
  EXPECT_EQ(cal.AddBusiness(T("2026-10-16T17:00:00+08:00"), 2 * kHourMs),
            T("2026-10-19T10:00:00+08:00"));
  EXPECT_EQ(cal.BusinessBetween(T("2026-10-16T17:00:00+08:00"), T("2026-10-19T10:00:00+08:00")),
            2 * kHourMs);
}

TEST(Calendar, AmountEndingAtClosingTimeIsDueAtClosingTime) {
  const Calendar cal = Must(OfficeSpec());
  EXPECT_EQ(cal.AddBusiness(T("2026-10-16T16:00:00+08:00"), 2 * kHourMs),
            T("2026-10-16T18:00:00+08:00"));
  EXPECT_FALSE(cal.IsOpen(T("2026-10-16T18:00:00+08:00")));  // [09:00, 18:00)
  EXPECT_TRUE(cal.IsOpen(T("2026-10-16T17:59:59.999+08:00")));
  EXPECT_TRUE(cal.IsOpen(T("2026-10-16T09:00:00+08:00")));
}

TEST(Calendar, AddZeroIsIdentityEvenWhenClosed) {
  const Calendar cal = Must(OfficeSpec());
  const TimeMs saturday_night = T("2026-10-17T03:00:00+08:00");
  EXPECT_EQ(cal.AddBusiness(saturday_night, 0), saturday_night);
  EXPECT_EQ(cal.AddBusiness(saturday_night, -5), saturday_night);
  EXPECT_EQ(cal.NextOpen(saturday_night), T("2026-10-19T09:00:00+08:00"));
  EXPECT_EQ(cal.AddBusiness(saturday_night, 1), T("2026-10-19T09:00:00.001+08:00"));
  const TimeMs open = T("2026-10-16T10:00:00+08:00");
  EXPECT_EQ(cal.NextOpen(open), open);
}

TEST(Calendar, GoldenWeekHolidaysAndMakeUpWorkdays) {
  const Calendar cal = Must(GoldenWeekSpec());
  EXPECT_TRUE(cal.IsOpen(T("2026-09-27T10:00:00+08:00")));   // Sunday, 调休 workday
  EXPECT_FALSE(cal.IsOpen(T("2026-10-01T10:00:00+08:00")));  // Thursday, holiday
  EXPECT_FALSE(cal.IsOpen(T("2026-10-05T10:00:00+08:00")));  // Monday, holiday
  EXPECT_TRUE(cal.IsOpen(T("2026-10-10T10:00:00+08:00")));   // Saturday, 调休 workday
  EXPECT_FALSE(cal.IsOpen(T("2026-10-11T10:00:00+08:00")));  // Sunday
  // 1 h on Wednesday 09-30, then the holidays, then 1 h on Thursday 10-08.
  EXPECT_EQ(cal.AddBusiness(T("2026-09-30T17:00:00+08:00"), 2 * kHourMs),
            T("2026-10-08T10:00:00+08:00"));
  // Worked days 09-26..10-11: 09-27, 09-28, 09-29, 09-30, 10-08, 10-09, 10-10 = 7 × 9 h.
  EXPECT_EQ(cal.BusinessBetween(T("2026-09-26T00:00:00+08:00"), T("2026-10-12T00:00:00+08:00")),
            63 * kHourMs);
}

TEST(Calendar, MakeUpWorkdayUsesMondayHours) {
  CalendarSpec s = OfficeSpec();
  s.hours[0] = {{8 * 60, 17 * 60}};  // Monday differs from Tue–Fri 09:00–18:00
  s.workdays = {"2026-10-10"};       // a Saturday
  const Calendar cal = Must(s);
  EXPECT_EQ(
      cal.OpenSpans(T("2026-10-10T00:00:00+08:00"), T("2026-10-11T00:00:00+08:00")),
      (std::vector<TimeSpan>{{T("2026-10-10T08:00:00+08:00"), T("2026-10-10T17:00:00+08:00")}}));
  // A workday entry on a normal weekday keeps that weekday's own hours.
  s.workdays = {"2026-10-13"};  // a Tuesday
  EXPECT_EQ(
      Must(s).OpenSpans(T("2026-10-13T00:00:00+08:00"), T("2026-10-14T00:00:00+08:00")),
      (std::vector<TimeSpan>{{T("2026-10-13T09:00:00+08:00"), T("2026-10-13T18:00:00+08:00")}}));
}

TEST(Calendar, HolidayFallsOnItsOwnDateInTheCalendarZone) {
  CalendarSpec s;
  s.name = "always-but-national-day";
  for (auto& h : s.hours) h = {{0, 24 * 60}};
  s.holidays = {"2026-10-01"};
  const Calendar cal = Must(s);
  ASSERT_FALSE(cal.always_open());
  EXPECT_TRUE(cal.IsOpen(T("2026-09-30T15:59:59.999Z")));
  EXPECT_FALSE(cal.IsOpen(T("2026-09-30T16:00:00Z")));  // 2026-10-01T00:00+08:00
  EXPECT_FALSE(cal.IsOpen(T("2026-10-01T15:59:59Z")));
  EXPECT_TRUE(cal.IsOpen(T("2026-10-01T16:00:00Z")));
  EXPECT_EQ(cal.NextOpen(T("2026-09-30T16:00:00Z")), T("2026-10-01T16:00:00Z"));
  EXPECT_EQ(cal.OpenSpans(T("2026-09-30T00:00:00Z"), T("2026-10-02T00:00:00Z")),
            (std::vector<TimeSpan>{{T("2026-09-30T00:00:00Z"), T("2026-09-30T16:00:00Z")},
                                   {T("2026-10-01T16:00:00Z"), T("2026-10-02T00:00:00Z")}}));
}

TEST(Calendar, NewYorkSpringForwardDayHas23HoursAndFallBackDay25) {
  CalendarSpec s;
  s.name = "sundays";
  s.timezone = "America/New_York";
  s.hours[6] = {{0, 24 * 60}};  // Sunday only
  const Calendar cal = Must(s);
  // 2026-03-08 and 2026-11-01 are the Sundays the clocks change.
  EXPECT_EQ(cal.BusinessBetween(T("2026-03-05T00:00:00Z"), T("2026-03-12T00:00:00Z")),
            23 * kHourMs);
  EXPECT_EQ(cal.BusinessBetween(T("2026-10-29T00:00:00Z"), T("2026-11-05T00:00:00Z")),
            25 * kHourMs);
  EXPECT_EQ(cal.OpenSpans(T("2026-03-07T00:00:00Z"), T("2026-03-10T00:00:00Z")),
            (std::vector<TimeSpan>{{T("2026-03-08T05:00:00Z"), T("2026-03-09T04:00:00Z")}}));
  EXPECT_EQ(cal.OpenSpans(T("2026-10-31T00:00:00Z"), T("2026-11-03T00:00:00Z")),
            (std::vector<TimeSpan>{{T("2026-11-01T04:00:00Z"), T("2026-11-02T05:00:00Z")}}));
}

TEST(Calendar, NewYorkNineToSixIsNineHoursOnBothDstDays) {
  CalendarSpec s = OfficeSpec("America/New_York");
  for (auto& h : s.hours) h = {{9 * 60, 18 * 60}};  // every day, Sundays included
  const Calendar cal = Must(s);
  for (const char* day : {"2026-03-08", "2026-11-01"}) {
    const TimeMs midnight_utc = T((std::string(day) + "T00:00:00Z").c_str());
    EXPECT_EQ(cal.BusinessBetween(midnight_utc, midnight_utc + kDayMs), 9 * kHourMs) << day;
  }
  EXPECT_EQ(cal.OpenSpans(T("2026-03-08T00:00:00Z"), T("2026-03-09T00:00:00Z")),
            (std::vector<TimeSpan>{{T("2026-03-08T13:00:00Z"), T("2026-03-08T22:00:00Z")}}));
  EXPECT_EQ(cal.OpenSpans(T("2026-03-07T00:00:00Z"), T("2026-03-08T00:00:00Z")),
            (std::vector<TimeSpan>{{T("2026-03-07T14:00:00Z"), T("2026-03-07T23:00:00Z")}}));
}

TEST(Calendar, IntervalsThroughTheDstGapAndTheRepeatedHour) {
  CalendarSpec s;
  s.name = "night";
  s.timezone = "America/New_York";
  s.hours[6] = {{60, 4 * 60}};  // Sunday 01:00–04:00 local
  const Calendar cal = Must(s);
  // 02:00–03:00 does not exist on 2026-03-08: 2 h. 01:00–02:00 happens twice on 11-01: 4 h.
  EXPECT_EQ(cal.BusinessBetween(T("2026-03-08T00:00:00Z"), T("2026-03-09T00:00:00Z")), 2 * kHourMs);
  EXPECT_EQ(cal.BusinessBetween(T("2026-11-01T00:00:00Z"), T("2026-11-02T00:00:00Z")), 4 * kHourMs);
  EXPECT_EQ(cal.OpenSpans(T("2026-11-01T00:00:00Z"), T("2026-11-02T00:00:00Z")),
            (std::vector<TimeSpan>{{T("2026-11-01T05:00:00Z"), T("2026-11-01T09:00:00Z")}}));
}

TEST(Calendar, FridayEveningTargetAcrossSpringForwardWeekend) {
  const Calendar cal = Must(OfficeSpec("America/New_York"));
  // Friday 17:00 EST (22:00Z) + 2 h = Monday 10:00 EDT (14:00Z).
  EXPECT_EQ(cal.AddBusiness(T("2026-03-06T22:00:00Z"), 2 * kHourMs), T("2026-03-09T14:00:00Z"));
}

TEST(Calendar, AlwaysOpenLosesNoMinuteAtMidnightOrNewYear) {
  const Calendar cal = Calendar::AlwaysOpen();
  EXPECT_EQ(cal.name(), "24x7");
  EXPECT_EQ(cal.AddBusiness(T("2026-12-31T23:30:00Z"), kHourMs), T("2027-01-01T00:30:00Z"));
  EXPECT_EQ(cal.BusinessBetween(T("2026-12-31T23:59:00Z"), T("2027-01-01T00:01:00Z")),
            2 * kMinuteMs);
  EXPECT_TRUE(cal.IsOpen(T("2027-01-01T00:00:00Z")));
}

TEST(Calendar, ZonedRoundTheClockCalendarLosesNoMinuteAtLocalMidnight) {
  // Full days plus one far holiday: not the fast path, so the per-day arithmetic is exercised.
  CalendarSpec s;
  s.name = "shanghai-24x7";
  for (auto& h : s.hours) h = {{0, 24 * 60}};
  s.holidays = {"2030-01-01"};
  const Calendar cal = Must(s);
  ASSERT_FALSE(cal.always_open());
  const TimeMs before = T("2026-12-31T23:00:00+08:00");
  for (int64_t m = 0; m <= 180; ++m) {
    ASSERT_EQ(cal.AddBusiness(before, m * kMinuteMs), before + m * kMinuteMs) << m;
    ASSERT_EQ(cal.BusinessBetween(before, before + m * kMinuteMs), m * kMinuteMs) << m;
  }
  EXPECT_TRUE(cal.IsOpen(T("2027-01-01T00:00:00+08:00")));
  EXPECT_EQ(cal.BusinessBetween(T("2026-01-01T00:00:00+08:00"), T("2027-01-01T00:00:00+08:00")),
            365 * kDayMs);
}

TEST(Calendar, LunchBreakIsNotWorkingTime) {
  CalendarSpec s = OfficeSpec();
  for (int d = 0; d < 5; ++d) s.hours[d] = {{13 * 60, 18 * 60}, {9 * 60, 12 * 60}};  // any order
  const Calendar cal = Must(s);
  EXPECT_FALSE(cal.IsOpen(T("2026-10-16T12:30:00+08:00")));
  EXPECT_EQ(cal.AddBusiness(T("2026-10-16T11:00:00+08:00"), 2 * kHourMs),
            T("2026-10-16T14:00:00+08:00"));
  EXPECT_EQ(cal.BusinessBetween(T("2026-10-16T08:00:00+08:00"), T("2026-10-16T19:00:00+08:00")),
            8 * kHourMs);
}

TEST(Calendar, TouchingIntervalsMerge) {
  CalendarSpec s = OfficeSpec();
  s.hours[0] = {{9 * 60, 12 * 60}, {12 * 60, 18 * 60}};
  const Calendar cal = Must(s);
  EXPECT_EQ(
      cal.OpenSpans(T("2026-10-19T00:00:00+08:00"), T("2026-10-20T00:00:00+08:00")),
      (std::vector<TimeSpan>{{T("2026-10-19T09:00:00+08:00"), T("2026-10-19T18:00:00+08:00")}}));
}

// Deterministic pseudo-random instants and amounts (no timing, no seeds from the clock).
struct Lcg {
  uint64_t s = 0x9E3779B97F4A7C15ull;
  uint64_t Next() { return s = s * 6364136223846793005ull + 1442695040888963407ull; }
  int64_t Below(int64_t n) {
    return static_cast<int64_t>((Next() >> 11) % static_cast<uint64_t>(n));
  }
};

TEST(Calendar, AddBusinessAndBusinessBetweenAreInverse) {
  CalendarSpec lunch = GoldenWeekSpec();
  for (int d = 0; d < 5; ++d) lunch.hours[d] = {{9 * 60, 12 * 60}, {13 * 60, 18 * 60}};
  CalendarSpec ny = OfficeSpec("America/New_York");
  ny.hours[6] = {{60, 4 * 60}};
  const std::vector<Calendar> cals = {Must(GoldenWeekSpec()), Must(lunch), Must(ny),
                                      Calendar::AlwaysOpen()};
  Lcg rng;
  const TimeMs year = T("2026-01-01T00:00:00Z");
  for (const Calendar& cal : cals) {
    for (int i = 0; i < 400; ++i) {
      const TimeMs t = year + rng.Below(365 * kDayMs);
      const int64_t x = rng.Below(200 * kHourMs);
      const TimeMs due = cal.AddBusiness(t, x);
      ASSERT_GE(due, t);
      ASSERT_EQ(cal.BusinessBetween(t, due), x) << cal.name() << " " << FormatIso8601(t);
      // The other way round: the earliest instant with the same business time before u.
      const TimeMs u = t + rng.Below(30 * kDayMs);
      const TimeMs back = cal.AddBusiness(t, cal.BusinessBetween(t, u));
      ASSERT_LE(back, u);
      ASSERT_EQ(cal.BusinessBetween(back, u), 0) << cal.name() << " " << FormatIso8601(t);
    }
  }
}

TEST(Calendar, LongTargetsAreComputedDayByDay) {
  const Calendar cal = Must(GoldenWeekSpec());
  const TimeMs start = T("2026-01-05T09:00:00+08:00");
  // Ten years of business time: would never finish minute by minute.
  const TimeMs due = cal.AddBusiness(start, 10 * 250 * 9 * kHourMs);
  EXPECT_EQ(cal.BusinessBetween(start, due), 10 * 250 * 9 * kHourMs);
  EXPECT_GT(due, T("2035-01-01T00:00:00Z"));
}

TEST(Calendar, SafeToShareBetweenThreads) {
  const Calendar cal = Must(GoldenWeekSpec());
  const TimeMs start = T("2026-09-30T17:00:00+08:00");
  const TimeMs expected = cal.AddBusiness(start, 20 * kHourMs);
  std::vector<std::thread> threads;
  std::vector<int> ok(4, 0);
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&, i] {
      for (int k = 0; k < 200; ++k) ok[i] += cal.AddBusiness(start, 20 * kHourMs) == expected;
    });
  }
  for (auto& th : threads) th.join();
  for (int v : ok) EXPECT_EQ(v, 200);
}

TEST(CalendarSpecErrors, NameTheirField) {
  CalendarSpec s = OfficeSpec("Mars/Olympus_Mons");
  EXPECT_EQ(FieldOf(s), "timezone");
  s = OfficeSpec("");
  EXPECT_EQ(FieldOf(s), "timezone");
  s = OfficeSpec();
  s.name = "";
  EXPECT_EQ(FieldOf(s), "name");
  s = OfficeSpec();
  s.hours[0] = {{18 * 60, 9 * 60}};  // reversed
  EXPECT_EQ(FieldOf(s), "hours.mon[0]");
  s = OfficeSpec();
  s.hours[1] = {{9 * 60, 12 * 60}, {11 * 60, 18 * 60}};  // overlapping
  EXPECT_EQ(FieldOf(s), "hours.tue[1]");
  s = OfficeSpec();
  s.hours[2] = {{9 * 60, 9 * 60}};  // empty
  EXPECT_EQ(FieldOf(s), "hours.wed[0]");
  s = OfficeSpec();
  s.hours[6] = {{0, 25 * 60}};  // past 24:00
  EXPECT_EQ(FieldOf(s), "hours.sun[0]");
  s = OfficeSpec();
  s.hours = {};
  EXPECT_EQ(FieldOf(s), "hours");
  s = OfficeSpec();
  s.holidays = {"2026-10-01", "2026-10-02", "2026-02-30"};
  EXPECT_EQ(FieldOf(s), "holidays[2]");
  s = OfficeSpec();
  s.workdays = {"2026-9-27"};
  EXPECT_EQ(FieldOf(s), "workdays[0]");
  s = GoldenWeekSpec();
  s.workdays.push_back("2026-10-03");  // also a holiday
  EXPECT_EQ(FieldOf(s), "workdays[2]");
}

TEST(CalendarSet, AlwaysHasTwentyFourSevenAndPrefixesFields) {
  const CalendarSet empty;
  ASSERT_NE(empty.Find("24x7"), nullptr);
  EXPECT_TRUE(empty.Find("24x7")->always_open());
  EXPECT_EQ(empty.Find("office"), nullptr);

  auto set = CalendarSet::Build({OfficeSpec(), GoldenWeekSpec()});
  EXPECT_FALSE(set.ok());
  EXPECT_EQ(set.status().field(), "[1].name");  // both are called "office"

  CalendarSpec gw = GoldenWeekSpec();
  gw.name = "cn";
  set = CalendarSet::Build({OfficeSpec(), gw});
  ASSERT_TRUE(set.ok());
  EXPECT_NE(set->Find("cn"), nullptr);
  EXPECT_NE(set->Find("24x7"), nullptr);

  CalendarSpec reserved = OfficeSpec();
  reserved.name = "24x7";
  EXPECT_EQ(CalendarSet::Build({reserved}).status().field(), "[0].name");
  CalendarSpec bad = OfficeSpec();
  bad.hours[4] = {{-1, 60}};
  EXPECT_EQ(CalendarSet::Build({gw, bad}).status().field(), "[1].hours.fri[0]");
}

TEST(CalendarHelpers, ParseAndFormatHhMm) {
  EXPECT_EQ(ParseHhMm("09:00"), 540);
  EXPECT_EQ(ParseHhMm("00:00"), 0);
  EXPECT_EQ(ParseHhMm("24:00"), 1440);
  for (const char* bad : {"9:00", "24:01", "18:60", "25:00", "09-00", "", "09:00:00"}) {
    EXPECT_FALSE(ParseHhMm(bad).has_value()) << bad;
  }
  EXPECT_EQ(FormatHhMm(540), "09:00");
  EXPECT_EQ(FormatHhMm(1440), "24:00");
}

}  // namespace
}  // namespace loopdesk
