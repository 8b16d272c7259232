#include "sla/clock.h"

#include <gtest/gtest.h>

namespace loopdesk {
namespace {

using S = TicketStatus;

TimeMs T(const char* iso) {
  const auto t = ParseIso8601(iso);
  EXPECT_TRUE(t.has_value()) << iso;
  return t.value_or(0);
}

// 2026-10-19 is a Monday; "Mon 10:00" etc. are Asia/Shanghai local times that week.
TimeMs Mon(const char* hhmm) {
  return T((std::string("2026-10-19T") + hhmm + ":00+08:00").c_str());
}
TimeMs Tue(const char* hhmm) {
  return T((std::string("2026-10-20T") + hhmm + ":00+08:00").c_str());
}
TimeMs Fri(const char* hhmm) {
  return T((std::string("2026-10-16T") + hhmm + ":00+08:00").c_str());
}

Calendar Office() {
  CalendarSpec s;
  s.name = "office";
  for (int d = 0; d < 5; ++d) s.hours[d] = {{9 * 60, 18 * 60}};
  return Calendar::Compile(s).value();
}

SlaPolicy OfficePolicy() {  // 2 h first response, 8 h resolution, business hours
  SlaPolicy p;
  p.name = "office";
  p.first_response_s = 2 * 3600;
  p.resolution_s = 8 * 3600;
  p.calendar = "office";
  return p;
}

TEST(SlaClock, FirstResponseMetBeforeDue) {
  SlaTimeline tl{Mon("10:00"), {{Mon("10:05"), S::kOpen}}, Mon("11:00"), {Mon("11:00")}, {}};
  const SlaResult r = ComputeSla(tl, OfficePolicy(), Office(), Mon("15:00"));
  EXPECT_EQ(r.policy, "office");
  EXPECT_EQ(r.first_response.state, "met");
  EXPECT_EQ(r.first_response.met_at, Mon("11:00"));
  EXPECT_FALSE(r.first_response.breached);
  EXPECT_EQ(r.first_response.business_elapsed_ms, kHourMs);
  EXPECT_EQ(r.first_response.due, Mon("12:00"));  // projected from the met instant
  EXPECT_EQ(r.resolution.state, "ok");            // 5 h of 8 h
  EXPECT_EQ(r.resolution.business_elapsed_ms, 5 * kHourMs);
  EXPECT_EQ(r.resolution.due, Mon("18:00"));
  EXPECT_EQ(r.state, "ok");
}

TEST(SlaClock, WarningAtEightyPercentThenBreachAfterDue) {
  const SlaTimeline tl{Mon("10:00"), {}, std::nullopt, {}, {}};
  const Calendar cal = Office();
  EXPECT_EQ(ComputeSla(tl, OfficePolicy(), cal, Mon("11:30")).first_response.state, "ok");
  const SlaResult warn = ComputeSla(tl, OfficePolicy(), cal, Mon("11:36"));  // 96 of 120 min
  EXPECT_EQ(warn.first_response.state, "warning");
  EXPECT_EQ(warn.state, "warning");
  EXPECT_EQ(ComputeSla(tl, OfficePolicy(), cal, Mon("11:35"), 90).first_response.state, "ok");
  const SlaResult at_due = ComputeSla(tl, OfficePolicy(), cal, Mon("12:00"));
  EXPECT_FALSE(at_due.first_response.breached);  // due itself is still in time
  const SlaResult late = ComputeSla(tl, OfficePolicy(), cal, Mon("12:30"));
  EXPECT_TRUE(late.first_response.breached);
  EXPECT_EQ(late.first_response.state, "breached");
  EXPECT_EQ(late.first_response.due, Mon("12:00"));  // the breach instant stays reported
  EXPECT_EQ(late.state, "breached");
}

TEST(SlaClock, MetExactlyAtDueIsMetAndAfterIsBreached) {
  SlaTimeline tl{Mon("10:00"), {}, Mon("12:00"), {}, {}};
  EXPECT_EQ(ComputeSla(tl, OfficePolicy(), Office(), Tue("10:00")).first_response.state, "met");
  tl.first_response_at = Mon("12:00") + 1;
  const SlaResult r = ComputeSla(tl, OfficePolicy(), Office(), Tue("10:00"));
  EXPECT_EQ(r.first_response.state, "breached");  // met late: breached, met_at kept
  EXPECT_EQ(r.first_response.met_at, Mon("12:00") + 1);
}

TEST(SlaClock, DueAtClosingTimeIsBreachedOnceClosingTimePasses) {
  // 2 h taken at 16:00 is due 18:00; consumed business time then stays at exactly the target
  // all night, but the due instant has passed: breached.
  const SlaTimeline tl{Mon("16:00"), {}, std::nullopt, {}, {}};
  const SlaResult evening = ComputeSla(tl, OfficePolicy(), Office(), Mon("20:00"));
  EXPECT_EQ(evening.first_response.due, Mon("18:00"));
  EXPECT_EQ(evening.first_response.business_elapsed_ms, 2 * kHourMs);
  EXPECT_TRUE(evening.first_response.breached);
}

TEST(SlaClock, ReportsCalendarAndBusinessDurations) {
  SlaTimeline tl{Fri("17:00"), {}, T("2026-10-19T09:30:00+08:00"), {}, {}};
  const SlaResult r = ComputeSla(tl, OfficePolicy(), Office(), Mon("10:00"));
  EXPECT_EQ(r.first_response.state, "met");
  EXPECT_EQ(r.first_response.business_elapsed_ms, 90 * kMinuteMs);
  EXPECT_EQ(r.first_response.calendar_elapsed_ms, 64 * kHourMs + 30 * kMinuteMs);
  EXPECT_EQ(r.resolution.business_elapsed_ms, 2 * kHourMs);
  EXPECT_EQ(r.resolution.calendar_elapsed_ms, 65 * kHourMs);
}

TEST(SlaClock, PauseAndResumeKeepElapsedBusinessTime) {
  const SlaTimeline tl{
      Mon("10:00"),
      {{Mon("10:30"), S::kOpen}, {Mon("11:00"), S::kPending}, {Tue("11:00"), S::kOpen}},
      Mon("10:30"),
      {Mon("10:30")},
      {Tue("11:00")}};
  const Calendar cal = Office();
  const SlaResult paused = ComputeSla(tl, OfficePolicy(), cal, Mon("15:00"));
  EXPECT_TRUE(paused.paused);
  EXPECT_FALSE(paused.resolution.due.has_value());  // no due while paused
  EXPECT_EQ(paused.resolution.business_elapsed_ms, kHourMs);
  EXPECT_EQ(paused.paused_business_ms, 4 * kHourMs);
  EXPECT_EQ(paused.resolution.state, "ok");

  const SlaResult resumed = ComputeSla(tl, OfficePolicy(), cal, Tue("12:00"));
  EXPECT_FALSE(resumed.paused);
  EXPECT_EQ(resumed.resolution.business_elapsed_ms, 2 * kHourMs);  // 10–11 Mon + 11–12 Tue
  EXPECT_EQ(resumed.resolution.calendar_elapsed_ms, 2 * kHourMs);
  EXPECT_EQ(resumed.paused_business_ms, 9 * kHourMs);  // Mon 11–18 + Tue 09–11
  EXPECT_EQ(resumed.paused_calendar_ms, 24 * kHourMs);
  EXPECT_EQ(resumed.resolution.due, Tue("18:00"));  // 6 h left from Tue 12:00
}

TEST(SlaClock, PauseOnIsConfigurable) {
  SlaPolicy p = OfficePolicy();
  p.pause_on = {S::kOnHold};  // waiting on the customer does not stop this clock
  const SlaTimeline tl{Mon("10:00"), {{Mon("11:00"), S::kPending}}, std::nullopt, {}, {}};
  const SlaResult r = ComputeSla(tl, p, Office(), Mon("14:00"));
  EXPECT_FALSE(r.paused);
  EXPECT_EQ(r.resolution.business_elapsed_ms, 4 * kHourMs);
  EXPECT_EQ(r.paused_business_ms, 0);
  const SlaTimeline held{Mon("10:00"), {{Mon("11:00"), S::kOnHold}}, std::nullopt, {}, {}};
  EXPECT_TRUE(ComputeSla(held, p, Office(), Mon("14:00")).paused);
}

TEST(SlaClock, ResolutionStopsAtTheLastResolvedAndReopenResumes) {
  SlaPolicy p = OfficePolicy();
  p.calendar = "24x7";
  const Calendar cal = Calendar::AlwaysOpen();
  const TimeMs t0 = T("2026-10-19T00:00:00Z");
  SlaTimeline tl{t0,
                 {{t0 + kHourMs, S::kOpen}, {t0 + 3 * kHourMs, S::kResolved}},
                 t0 + kHourMs,
                 {t0 + kHourMs},
                 {}};
  SlaResult r = ComputeSla(tl, p, cal, t0 + 10 * kHourMs);
  EXPECT_EQ(r.resolution.state, "met");
  EXPECT_EQ(r.resolution.met_at, t0 + 3 * kHourMs);
  EXPECT_EQ(r.resolution.business_elapsed_ms, 3 * kHourMs);
  EXPECT_EQ(r.state, "met");

  tl.status_changes.push_back({t0 + 48 * kHourMs, S::kReopened});
  r = ComputeSla(tl, p, cal, t0 + 49 * kHourMs);
  EXPECT_FALSE(r.resolution.met_at.has_value());
  EXPECT_EQ(r.resolution.business_elapsed_ms, 4 * kHourMs);  // 3 h kept + 1 h since reopen
  EXPECT_EQ(r.resolution.due, t0 + 53 * kHourMs);
  EXPECT_EQ(r.resolution.state, "ok");

  tl.status_changes.push_back({t0 + 50 * kHourMs, S::kResolved});
  tl.status_changes.push_back({t0 + 60 * kHourMs, S::kClosed});
  r = ComputeSla(tl, p, cal, t0 + 70 * kHourMs);
  EXPECT_EQ(r.resolution.met_at, t0 + 50 * kHourMs);  // the last resolved, not the close
  EXPECT_EQ(r.resolution.business_elapsed_ms, 5 * kHourMs);
  EXPECT_EQ(r.resolution.state, "met");
}

TEST(SlaClock, RetargetingAfterPriorityChangeKeepsElapsedAndPausedTime) {
  // A basic-tier ticket escalated to P1 at +2h05: the application re-matches the policy and
  // calls ComputeSla again over the same timeline.
  const auto policies = DefaultPolicies();
  const SlaPolicy& basic = *MatchPolicy(policies, {Tier::kBasic, Priority::kP3, "", Channel::kWeb});
  const SlaPolicy& p1 = *MatchPolicy(policies, {Tier::kBasic, Priority::kP1, "", Channel::kWeb});
  ASSERT_EQ(p1.name, "basic-p1");
  const Calendar cal = Calendar::AlwaysOpen();
  const TimeMs t0 = T("2026-10-19T00:00:00Z");
  const SlaTimeline tl{
      t0, {{t0 + 10 * kMinuteMs, S::kPending}, {t0 + 2 * kHourMs, S::kOpen}}, std::nullopt, {}, {}};
  const TimeMs now = t0 + 2 * kHourMs + 10 * kMinuteMs;
  const SlaResult before = ComputeSla(tl, basic, cal, now);
  const SlaResult after = ComputeSla(tl, p1, cal, now);
  EXPECT_EQ(after.policy, "basic-p1");
  EXPECT_EQ(before.first_response.business_elapsed_ms, 20 * kMinuteMs);
  EXPECT_EQ(after.first_response.business_elapsed_ms, 20 * kMinuteMs);
  EXPECT_EQ(before.paused_calendar_ms, 110 * kMinuteMs);
  EXPECT_EQ(after.paused_calendar_ms, 110 * kMinuteMs);
  EXPECT_EQ(before.first_response.due, now + 24 * kHourMs - 20 * kMinuteMs);
  EXPECT_EQ(after.first_response.due, now + 10 * kMinuteMs);  // 30 min − 20 min used
  EXPECT_EQ(after.resolution.due, now + 4 * kHourMs - 20 * kMinuteMs);
  // Ten minutes later the tightened target is breached; under the old one it would not be.
  EXPECT_TRUE(ComputeSla(tl, p1, cal, now + 11 * kMinuteMs).first_response.breached);
  EXPECT_FALSE(ComputeSla(tl, basic, cal, now + 11 * kMinuteMs).first_response.breached);
}

TEST(SlaClock, FirstResponseIsOnlyFirstResponseAtNeverInferredFromReplies) {
  // The caller passes first_response_at only for a public, human agent reply; internal notes and
  // automated messages never reach it. An agent_replies list alone does not meet the target.
  const SlaTimeline tl{Mon("10:00"), {{Mon("10:10"), S::kOpen}}, std::nullopt, {Mon("10:20")}, {}};
  const SlaResult r = ComputeSla(tl, OfficePolicy(), Office(), Mon("13:00"));
  EXPECT_FALSE(r.first_response.met_at.has_value());
  EXPECT_EQ(r.first_response.state, "breached");
}

TEST(SlaClock, ResolvedWithoutAFirstResponseStopsThatClockUnmet) {
  const SlaTimeline tl{Mon("10:00"), {{Mon("11:00"), S::kResolved}}, std::nullopt, {}, {}};
  const SlaResult r = ComputeSla(tl, OfficePolicy(), Office(), Tue("10:00"));
  EXPECT_FALSE(r.first_response.met_at.has_value());
  EXPECT_FALSE(r.first_response.due.has_value());
  EXPECT_EQ(r.first_response.business_elapsed_ms, kHourMs);
  EXPECT_EQ(r.first_response.state, "ok");  // nothing left to warn about
  EXPECT_EQ(r.resolution.state, "met");
  EXPECT_EQ(r.state, "ok");
  // Already breached before the resolution: stays breached.
  const SlaTimeline late{Mon("10:00"), {{Mon("13:00"), S::kResolved}}, std::nullopt, {}, {}};
  EXPECT_EQ(ComputeSla(late, OfficePolicy(), Office(), Tue("10:00")).first_response.state,
            "breached");
}

TEST(SlaClock, NextResponseCyclesAfterAgentReplies) {
  SlaPolicy p = OfficePolicy();
  p.calendar = "24x7";
  p.next_response_s = 3600;
  const Calendar cal = Calendar::AlwaysOpen();
  const TimeMs t0 = T("2026-10-19T00:00:00Z");
  auto at = [&](int minutes) { return t0 + minutes * kMinuteMs; };
  SlaTimeline tl{t0,
                 {{at(10), S::kOpen}},
                 at(10),
                 {at(10), at(100), at(150)},
                 {at(5), at(20), at(30), at(120), at(180)}};
  // at(5) is before any reply (first response covers it); cycle 1 opens at(20) and is answered
  // late at(100) (due at(80)); cycle 2 opens at(120), answered at(150); cycle 3 opens at(180).
  const SlaResult r = ComputeSla(tl, p, cal, at(230));
  ASSERT_TRUE(r.next_response.has_value());
  EXPECT_EQ(r.next_response_cycles, 3);
  EXPECT_EQ(r.next_response_breaches, 1);
  EXPECT_EQ(r.next_response->business_elapsed_ms, 50 * kMinuteMs);
  EXPECT_EQ(r.next_response->due, at(240));
  EXPECT_EQ(r.next_response->state, "warning");
  EXPECT_EQ(r.state, "warning");

  const SlaResult answered = ComputeSla(tl, p, cal, at(170));
  EXPECT_EQ(answered.next_response_cycles, 2);
  EXPECT_EQ(answered.next_response->state, "met");
  EXPECT_EQ(answered.next_response->met_at, at(150));
}

TEST(SlaClock, NextResponseIdleWithoutACycleDoesNotAffectTheState) {
  SlaPolicy p = OfficePolicy();
  p.next_response_s = 3600;
  const SlaTimeline tl{
      Mon("10:00"), {{Mon("10:30"), S::kResolved}}, Mon("10:20"), {Mon("10:20")}, {Mon("10:00")}};
  const SlaResult r = ComputeSla(tl, p, Office(), Mon("11:00"));
  ASSERT_TRUE(r.next_response.has_value());
  EXPECT_EQ(r.next_response_cycles, 0);
  EXPECT_EQ(r.next_response->state, "ok");
  EXPECT_FALSE(r.next_response->due.has_value());
  EXPECT_EQ(r.state, "met");  // first response and resolution met
  EXPECT_FALSE(ComputeSla(tl, OfficePolicy(), Office(), Mon("11:00")).next_response.has_value());
}

TEST(SlaClock, EventsAfterNowAreIgnored) {
  const SlaTimeline tl{Mon("10:00"), {{Mon("12:00"), S::kResolved}}, Mon("11:00"), {}, {}};
  const SlaResult r = ComputeSla(tl, OfficePolicy(), Office(), Mon("10:30"));
  EXPECT_FALSE(r.first_response.met_at.has_value());
  EXPECT_FALSE(r.resolution.met_at.has_value());
  EXPECT_EQ(r.resolution.business_elapsed_ms, 30 * kMinuteMs);
  EXPECT_EQ(r.first_response.due, Mon("12:00"));
}

TEST(SlaClock, StatusChangeAtNowTakesEffectAtNow) {
  const SlaTimeline tl{Mon("10:00"), {{Mon("11:00"), S::kPending}}, std::nullopt, {}, {}};
  const SlaResult r = ComputeSla(tl, OfficePolicy(), Office(), Mon("11:00"));
  EXPECT_TRUE(r.paused);
  EXPECT_EQ(r.resolution.business_elapsed_ms, kHourMs);
}

TEST(SlaClock, BusinessHoursClockDoesNotRunAtNight) {
  // Created Friday evening, nobody answers: on Monday 09:30 only 30 business minutes are used.
  const SlaTimeline tl{Fri("20:00"), {}, std::nullopt, {}, {}};
  const SlaResult r = ComputeSla(tl, OfficePolicy(), Office(), Mon("09:30"));
  EXPECT_EQ(r.first_response.business_elapsed_ms, 30 * kMinuteMs);
  EXPECT_EQ(r.first_response.calendar_elapsed_ms, 61 * kHourMs + 30 * kMinuteMs);
  EXPECT_EQ(r.first_response.due, Mon("11:00"));
  EXPECT_EQ(r.first_response.state, "ok");
}

}  // namespace
}  // namespace loopdesk
