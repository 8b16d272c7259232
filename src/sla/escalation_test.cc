#include "sla/escalation.h"

#include <gtest/gtest.h>

namespace loopdesk {
namespace {

using S = TicketStatus;

TimeMs T(const char* iso) {
  const auto t = ParseIso8601(iso);
  EXPECT_TRUE(t.has_value()) << iso;
  return t.value_or(0);
}

Calendar Office() {
  CalendarSpec s;
  s.name = "office";
  for (int d = 0; d < 5; ++d) s.hours[d] = {{9 * 60, 18 * 60}};
  return Calendar::Compile(s).value();
}

SlaPolicy OfficePolicy() {
  SlaPolicy p;
  p.name = "office";
  p.first_response_s = 2 * 3600;
  p.resolution_s = 8 * 3600;
  p.calendar = "office";
  p.escalations = DefaultEscalations();
  return p;
}

const Notice* Find(const std::vector<Notice>& ns, std::string_view target, int percent) {
  for (const Notice& n : ns) {
    if (n.target == target && n.percent == percent) return &n;
  }
  return nullptr;
}

TEST(Escalation, NoticesLandInsideWorkingHours) {
  const Calendar cal = Office();
  const SlaTimeline tl{T("2026-10-16T17:00:00+08:00"), {}, std::nullopt, {}, {}};  // Friday
  const auto notices = PlanNotices(tl, OfficePolicy(), cal, T("2026-10-16T17:00:00+08:00"));
  ASSERT_EQ(notices.size(), 6u);
  for (const Notice& n : notices) {
    // Inside [09:00, 18:00] on a working day: open at the instant or just before it.
    EXPECT_TRUE(cal.IsOpen(n.at) || cal.IsOpen(n.at - 1))
        << n.target << " " << n.percent << " " << FormatIso8601(n.at);
  }
  EXPECT_EQ(Find(notices, "first_response", 50)->at, T("2026-10-16T18:00:00+08:00"));
  EXPECT_EQ(Find(notices, "first_response", 80)->at, T("2026-10-19T09:36:00+08:00"));
  EXPECT_EQ(Find(notices, "first_response", 100)->at, T("2026-10-19T10:00:00+08:00"));
  EXPECT_EQ(Find(notices, "first_response", 100)->action, "escalate");
  EXPECT_EQ(Find(notices, "resolution", 50)->at, T("2026-10-19T12:00:00+08:00"));
  EXPECT_EQ(Find(notices, "resolution", 80)->at, T("2026-10-19T14:24:00+08:00"));
  EXPECT_EQ(Find(notices, "resolution", 100)->at, T("2026-10-19T16:00:00+08:00"));
  for (size_t i = 1; i < notices.size(); ++i) EXPECT_LE(notices[i - 1].at, notices[i].at);
}

TEST(Escalation, OnlyARoundTheClockCalendarNotifiesAtNight) {
  SlaPolicy p = OfficePolicy();
  p.calendar = "24x7";
  const SlaTimeline tl{T("2026-10-16T23:00:00+08:00"), {}, std::nullopt, {}, {}};
  const auto round_the_clock = PlanNotices(tl, p, Calendar::AlwaysOpen(), tl.created_at);
  EXPECT_EQ(Find(round_the_clock, "first_response", 100)->at, T("2026-10-17T01:00:00+08:00"));
  const auto office = PlanNotices(tl, OfficePolicy(), Office(), tl.created_at);
  EXPECT_EQ(Find(office, "first_response", 100)->at, T("2026-10-19T11:00:00+08:00"));
}

TEST(Escalation, NoneForAMetTarget) {
  const TimeMs created = T("2026-10-19T10:00:00+08:00");
  SlaTimeline tl{created, {{created + kMinuteMs, S::kOpen}}, created + 30 * kMinuteMs, {}, {}};
  const auto notices = PlanNotices(tl, OfficePolicy(), Office(), created + kHourMs);
  EXPECT_EQ(notices.size(), 3u);
  for (const Notice& n : notices) EXPECT_EQ(n.target, "resolution");
  // Met late still counts as met: no more notices for it.
  tl.first_response_at = created + 3 * kHourMs;
  for (const Notice& n : PlanNotices(tl, OfficePolicy(), Office(), created + 4 * kHourMs)) {
    EXPECT_EQ(n.target, "resolution");
  }
}

TEST(Escalation, PastStepsAreListedAndFutureOnesWaitWhilePaused) {
  const TimeMs created = T("2026-10-19T10:00:00+08:00");
  const SlaTimeline tl{created, {{created + 70 * kMinuteMs, S::kOnHold}}, std::nullopt, {}, {}};
  const auto notices = PlanNotices(tl, OfficePolicy(), Office(), created + 3 * kHourMs);
  // 50 % of 2 h was consumed at 11:00, before the hold; 80 % and 100 % are unknown while held.
  ASSERT_NE(Find(notices, "first_response", 50), nullptr);
  EXPECT_EQ(Find(notices, "first_response", 50)->at, created + kHourMs);
  EXPECT_EQ(Find(notices, "first_response", 80), nullptr);
  EXPECT_EQ(Find(notices, "resolution", 50), nullptr);
}

TEST(Escalation, NoneWhileResolved) {
  const TimeMs created = T("2026-10-19T10:00:00+08:00");
  const SlaTimeline tl{created, {{created + 3 * kHourMs, S::kResolved}}, std::nullopt, {}, {}};
  EXPECT_TRUE(PlanNotices(tl, OfficePolicy(), Office(), created + 4 * kHourMs).empty());
}

TEST(Escalation, StepsBeyondTheTargetAndOnNextResponse) {
  SlaPolicy p = OfficePolicy();
  p.calendar = "24x7";
  p.next_response_s = 3600;
  p.escalations = {{"resolution", 150, "reassign"}, {"next_response", 100, "notify_assignee"}};
  const TimeMs t0 = T("2026-10-19T00:00:00Z");
  const SlaTimeline tl{
      t0, {{t0, S::kOpen}}, t0 + 10 * kMinuteMs, {t0 + 10 * kMinuteMs}, {t0 + 20 * kMinuteMs}};
  const auto notices = PlanNotices(tl, p, Calendar::AlwaysOpen(), t0 + 30 * kMinuteMs);
  ASSERT_EQ(notices.size(), 2u);
  EXPECT_EQ(notices[0].target, "next_response");
  EXPECT_EQ(notices[0].at, t0 + 80 * kMinuteMs);
  EXPECT_EQ(notices[1].target, "resolution");
  EXPECT_EQ(notices[1].at, t0 + 12 * kHourMs);  // 150 % of 8 h
  EXPECT_EQ(notices[1].action, "reassign");
}

}  // namespace
}  // namespace loopdesk
