#include "analytics/kpi.h"

#include <gtest/gtest.h>

namespace loopdesk::analytics {
namespace {

constexpr TimeMs kDay = 86400000;
constexpr TimeMs kT0 = 1772323200000;  // 2026-03-01T00:00:00Z (a Sunday)

TicketFact Fact(Id id, Id customer, TimeMs created) {
  TicketFact f;
  f.ticket_id = id;
  f.customer_id = customer;
  f.created_at = created;
  f.category = "billing";
  return f;
}

KpiQuery All() {
  KpiQuery q;
  q.from = kT0 - 365 * kDay;
  q.to = kT0 + 365 * kDay;
  q.now = kT0 + 100 * kDay;
  return q;
}

Kpis One(const FactStore& s, KpiQuery q = All()) {
  auto groups = KpiEngine(s).Run(q);
  EXPECT_EQ(groups.size(), 1u);
  return groups.empty() ? Kpis{} : groups[0].kpis;
}

TEST(Kpi, EmptySliceIsOneGroupWithNulls) {
  FactStore s;
  Kpis k = One(s);
  EXPECT_EQ(k.tickets, 0);
  EXPECT_FALSE(k.csat);
  EXPECT_FALSE(k.nps);
  EXPECT_FALSE(k.frt_avg_s);
  EXPECT_FALSE(k.frt_p90_s);
  EXPECT_FALSE(k.fcr);
  EXPECT_FALSE(k.reopen_rate);
  EXPECT_FALSE(k.sla_response_attainment);
  EXPECT_FALSE(k.survey_response_rate);
  EXPECT_EQ(k.backlog, 0);
}

TEST(Kpi, CsatCountsFourAndFiveOverAllAnswers) {
  FactStore s;
  int scores[] = {5, 4, 3, 1, 5};
  for (int i = 0; i < 5; ++i) {
    TicketFact f = Fact(i + 1, 1, kT0 + i * kDay);
    f.surveys_sent = 1;
    f.surveys_answered = 1;
    f.csat = scores[i];
    s.Upsert(f);
  }
  TicketFact unanswered = Fact(6, 1, kT0);
  unanswered.surveys_sent = 1;
  s.Upsert(unanswered);
  Kpis k = One(s);
  ASSERT_TRUE(k.csat);
  EXPECT_DOUBLE_EQ(*k.csat, 3.0 / 5.0);
  ASSERT_TRUE(k.survey_response_rate);
  EXPECT_DOUBLE_EQ(*k.survey_response_rate, 5.0 / 6.0);
}

TEST(Kpi, NpsIsPromotersMinusDetractors) {
  FactStore s;
  int scores[] = {10, 9, 8, 7, 6, 0, 10, 10};  // 4 promoters, 2 passives, 2 detractors
  for (int i = 0; i < 8; ++i) {
    TicketFact f = Fact(i + 1, i + 1, kT0);
    f.nps = scores[i];
    s.Upsert(f);
  }
  Kpis k = One(s);
  ASSERT_TRUE(k.nps);
  EXPECT_DOUBLE_EQ(*k.nps, 100.0 * (4 - 2) / 8);
}

TEST(Kpi, FrtAverageAndExactP90ExcludeTicketsWithoutReply) {
  FactStore s;
  for (int i = 1; i <= 10; ++i) {
    TicketFact f = Fact(i, i, kT0);
    f.frt_s = i * 60;  // 60 … 600
    s.Upsert(f);
  }
  TicketFact no_reply = Fact(11, 11, kT0);  // active, no reply: excluded, counted open
  s.Upsert(no_reply);
  Kpis k = One(s);
  ASSERT_TRUE(k.frt_avg_s);
  EXPECT_DOUBLE_EQ(*k.frt_avg_s, 330.0);
  ASSERT_TRUE(k.frt_p90_s);
  EXPECT_DOUBLE_EQ(*k.frt_p90_s, 540.0);  // nearest rank ceil(0.9 × 10) = 9th value
  EXPECT_EQ(k.open_without_reply, 1);
  EXPECT_EQ(k.backlog, 11);
}

TEST(Kpi, FcrAndReopenRateOverResolvedTickets) {
  FactStore s;
  auto resolved = [&](Id id, int replies, int reopens) {
    TicketFact f = Fact(id, id, kT0);
    f.active = reopens > 0;  // reopened and still open
    f.ever_resolved = true;
    f.replies = replies;
    f.reopens = reopens;
    s.Upsert(f);
  };
  resolved(1, 1, 0);          // FCR
  resolved(2, 1, 0);          // FCR
  resolved(3, 2, 0);          // two replies: not FCR
  resolved(4, 1, 1);          // reopened: not FCR
  resolved(5, 0, 0);          // no reply (resolved by rule): not FCR
  s.Upsert(Fact(6, 6, kT0));  // never resolved: outside both
  Kpis k = One(s);
  ASSERT_TRUE(k.fcr);
  EXPECT_DOUBLE_EQ(*k.fcr, 2.0 / 5.0);
  ASSERT_TRUE(k.reopen_rate);
  EXPECT_DOUBLE_EQ(*k.reopen_rate, 1.0 / 5.0);
  EXPECT_EQ(k.backlog, 2);  // ticket 4 (reopened) and ticket 6
}

TEST(Kpi, SlaAttainmentCountsRunningTargetsOnlyOncePastDue) {
  FactStore s;
  auto sla = [&](Id id, SlaOutcome o, TimeMs due) {
    TicketFact f = Fact(id, id, kT0);
    f.sla_response = o;
    f.sla_response_due = due;
    s.Upsert(f);
  };
  sla(1, SlaOutcome::kMet, 0);
  sla(2, SlaOutcome::kMet, 0);
  sla(3, SlaOutcome::kMissed, 0);
  sla(4, SlaOutcome::kRunning, kT0 + kDay);         // overdue at now: missed
  sla(5, SlaOutcome::kRunning, kT0 + 1000 * kDay);  // not yet due: not counted
  sla(6, SlaOutcome::kNone, 0);
  Kpis k = One(s);
  ASSERT_TRUE(k.sla_response_attainment);
  EXPECT_DOUBLE_EQ(*k.sla_response_attainment, 2.0 / 4.0);
  EXPECT_FALSE(k.sla_resolution_attainment);
}

TEST(Kpi, RepeatRequestWithinSevenDaysSameCategoryEvenOutOfOrder) {
  FactStore s;
  TicketFact late = Fact(2, 1, kT0 + 6 * kDay);  // inserted first, created later
  s.Upsert(late);
  s.Upsert(Fact(1, 1, kT0));
  TicketFact other_cat = Fact(3, 1, kT0 + 7 * kDay);
  other_cat.category = "delivery";
  s.Upsert(other_cat);
  s.Upsert(Fact(4, 1, kT0 + 20 * kDay));  // 14 days after ticket 2: not a repeat
  s.Upsert(Fact(5, 2, kT0 + 1 * kDay));   // another customer
  Kpis k = One(s);
  ASSERT_TRUE(k.repeat_request_rate);
  EXPECT_DOUBLE_EQ(*k.repeat_request_rate, 1.0 / 5.0);
  bool more = true;
  auto rows = KpiEngine(s).DrillDown(All(), Metric::kRepeatRequest, 0, 10, &more);
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_FALSE(more);
  for (const auto& r : rows) EXPECT_EQ(r.hit, r.ticket_id == 2) << r.ticket_id;
}

TEST(Kpi, ComplaintRatesAndConversion) {
  FactStore s;
  TicketFact c1 = Fact(1, 1, kT0);
  c1.category = "complaint";
  TicketFact c2 = Fact(2, 1, kT0 + 10 * kDay);  // repeat complaint (within 30 days)
  c2.category = "complaint";
  c2.converted_to_complaint = true;
  TicketFact c3 = Fact(3, 1, kT0 + 50 * kDay);  // 40 days later: not a repeat
  c3.category = "complaint";
  s.Upsert(c1);
  s.Upsert(c2);
  s.Upsert(c3);
  s.Upsert(Fact(4, 2, kT0));
  Kpis k = One(s);
  EXPECT_DOUBLE_EQ(*k.complaint_rate, 3.0 / 4.0);
  EXPECT_DOUBLE_EQ(*k.repeat_complaint_rate, 1.0 / 3.0);
  EXPECT_DOUBLE_EQ(*k.complaint_conversion_rate, 1.0 / 4.0);
}

TEST(Kpi, UpsertReplacesTheRow) {
  FactStore s;
  TicketFact f = Fact(1, 1, kT0);
  s.Upsert(f);
  f.ever_resolved = true;
  f.active = false;
  f.replies = 1;
  f.resolution_s = 3600;
  s.Upsert(f);
  EXPECT_EQ(s.size(), 1u);
  Kpis k = One(s);
  EXPECT_EQ(k.tickets, 1);
  EXPECT_EQ(k.backlog, 0);
  EXPECT_DOUBLE_EQ(*k.fcr, 1.0);
  EXPECT_DOUBLE_EQ(*k.resolution_avg_s, 3600.0);
}

TEST(Kpi, GroupsByDayAndChannelWithFiltersAndBounds) {
  FactStore s;
  TicketFact a = Fact(1, 1, kT0 + 3600000);  // 2026-03-01 email
  a.channel = Channel::kEmail;
  a.team = "billing";
  TicketFact b = Fact(2, 2, kT0 + kDay + 5);  // 2026-03-02 chat
  b.channel = Channel::kChat;
  b.team = "billing";
  TicketFact c = Fact(3, 3, kT0 + kDay + 7);  // 2026-03-02 email, other team
  c.channel = Channel::kEmail;
  c.team = "tech";
  TicketFact d = Fact(4, 4, kT0 + 2 * kDay);  // exactly at `to`: outside
  for (auto* f : {&a, &b, &c, &d}) s.Upsert(*f);
  KpiQuery q = All();
  q.from = kT0;
  q.to = kT0 + 2 * kDay;
  q.group_by = {Dim::kDay, Dim::kChannel};
  auto groups = KpiEngine(s).Run(q);
  ASSERT_EQ(groups.size(), 3u);
  EXPECT_EQ(groups[0].key, (std::vector<std::string>{"2026-03-01", "email"}));
  EXPECT_EQ(groups[1].key, (std::vector<std::string>{"2026-03-02", "chat"}));
  EXPECT_EQ(groups[2].key, (std::vector<std::string>{"2026-03-02", "email"}));
  q.group_by = {Dim::kWeek};
  groups = KpiEngine(s).Run(q);
  ASSERT_EQ(groups.size(), 2u);  // Sunday 1 March belongs to the week of Monday 23 February
  EXPECT_EQ(groups[0].key[0], "2026-02-23");
  EXPECT_EQ(groups[1].key[0], "2026-03-02");
  q.group_by = {};
  q.filter.team = "billing";
  EXPECT_EQ(One(s, q).tickets, 2);
  q.filter.channel = Channel::kChat;
  EXPECT_EQ(One(s, q).tickets, 1);
  q.filter.team = "nobody";
  EXPECT_EQ(One(s, q).tickets, 0);
}

TEST(Kpi, PeriodBoundsHoldWhetherRowsArriveInTimeOrderOrNot) {
  for (bool reversed : {false, true}) {
    FactStore s;
    for (int i = 0; i < 10; ++i) {
      int day = reversed ? 9 - i : i;
      s.Upsert(Fact(i + 1, i + 1, kT0 + day * kDay));
    }
    KpiQuery q = All();
    q.from = kT0 + 3 * kDay;
    q.to = kT0 + 7 * kDay;
    EXPECT_EQ(One(s, q).tickets, 4) << reversed;
    q.group_by = {Dim::kDay};
    EXPECT_EQ(KpiEngine(s).Run(q).size(), 4u) << reversed;
  }
}

TEST(Kpi, DrillDownPagesByTicketIdDescending) {
  FactStore s;
  for (int i = 1; i <= 7; ++i) {
    TicketFact f = Fact(i, i, kT0);
    f.csat = i % 2 ? 5 : 2;
    s.Upsert(f);
  }
  bool more = false;
  KpiEngine e(s);
  auto page = e.DrillDown(All(), Metric::kCsat, 0, 3, &more);
  ASSERT_EQ(page.size(), 3u);
  EXPECT_TRUE(more);
  EXPECT_EQ(page[0].ticket_id, 7);
  EXPECT_TRUE(page[0].hit);
  EXPECT_FALSE(page[1].hit);
  EXPECT_EQ(*page[1].value, 2);
  page = e.DrillDown(All(), Metric::kCsat, page.back().ticket_id, 10, &more);
  ASSERT_EQ(page.size(), 4u);
  EXPECT_FALSE(more);
  EXPECT_EQ(page[0].ticket_id, 4);
}

}  // namespace
}  // namespace loopdesk::analytics
