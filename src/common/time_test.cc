#include "common/time.h"

#include <gtest/gtest.h>

namespace loopdesk {
namespace {

TEST(Iso8601, FormatsWholeSecondsWithoutFraction) {
  EXPECT_EQ(FormatIso8601(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(FormatIso8601(1795336200000), "2026-11-22T08:30:00Z");
  EXPECT_EQ(FormatIso8601(1795336200250), "2026-11-22T08:30:00.250Z");
}

TEST(Iso8601, ParsesZuluOffsetsAndDates) {
  EXPECT_EQ(ParseIso8601("2026-11-22T08:30:00Z"), 1795336200000);
  EXPECT_EQ(ParseIso8601("2026-11-22T16:30:00+08:00"), 1795336200000);
  EXPECT_EQ(ParseIso8601("2026-11-22T16:30:00+0800"), 1795336200000);
  EXPECT_EQ(ParseIso8601("2026-11-22T08:30:00.250Z"), 1795336200250);
  EXPECT_EQ(ParseIso8601("2026-11-22"), 1795305600000);
}

TEST(Iso8601, RejectsGarbageAndImpossibleDates) {
  for (const char* bad : {"", "yesterday", "2026-13-01", "2026-02-29", "2026-11-22T25:00:00Z",
                          "2026-11-22T08:30:00", "2026-11-22T08:30:00Zjunk", "2026/11/22"}) {
    EXPECT_FALSE(ParseIso8601(bad).has_value()) << bad;
  }
  EXPECT_TRUE(ParseIso8601("2028-02-29").has_value());
}

TEST(Iso8601, RoundTripsAcrossCenturies) {
  for (TimeMs t : {TimeMs{-86400000}, TimeMs{951782400000}, TimeMs{4102444799000}}) {
    EXPECT_EQ(ParseIso8601(FormatIso8601(t)), t);
  }
}

TEST(FakeClock, AdvancesOnlyWhenTold) {
  FakeClock c(1000);
  EXPECT_EQ(c.Now(), 1000);
  c.Advance(500);
  EXPECT_EQ(c.Now(), 1500);
}

}  // namespace
}  // namespace loopdesk
