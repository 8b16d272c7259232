#include "app/analytics_feed.h"

#include <gtest/gtest.h>

#include "analytics/kpi.h"

namespace loopdesk {
namespace {

constexpr TimeMs kH = 3600000;
constexpr TimeMs kMon = 1772409600000;  // 2026-03-02T00:00:00Z, a Monday

// One office calendar (UTC, Mon–Fri 09:00–18:00) and one policy for every ticket: first
// response 1 h, resolution 8 h, paused while pending.
std::shared_ptr<const SlaSettings> Office() {
  CalendarSpec spec;
  spec.name = "office";
  spec.timezone = "UTC";
  for (int d = 0; d < 5; ++d) spec.hours[d] = {{9 * 60, 18 * 60}};
  auto s = std::make_shared<SlaSettings>();
  s->calendar_specs = {spec};
  s->calendars = *CalendarSet::Build({spec});
  SlaPolicy p;
  p.name = "all";
  p.first_response_s = 3600;
  p.resolution_s = 8 * 3600;
  p.calendar = "office";
  p.pause_on = {TicketStatus::kPending};
  s->policies = {p};
  return s;
}

class FeedTest : public ::testing::Test {
 protected:
  FeedTest() : feed_([this] { return settings_; }) {}

  void Emit(const std::string& type, TimeMs at, Id ticket, Value data,
            std::string actor = "system") {
    Event e;
    e.seq = ++seq_;
    e.type = type;
    e.at = at;
    e.actor = std::move(actor);
    e.ticket_id = ticket;
    e.customer_id = 1;
    e.data = std::move(data);
    feed_.Apply(e);
  }
  void Created(Id ticket, TimeMs at, const std::string& category = "billing") {
    Value d = Value::MakeObject();
    d.Set("channel", "email");
    d.Set("priority", "P3");
    d.Set("category", category);
    d.Set("team", "care");
    d.Set("assignee_id", Value());
    Emit("ticket.created", at, ticket, std::move(d));
  }
  void SetStatus(Id ticket, TimeMs at, const char* to) {
    Value d = Value::MakeObject();
    d.Set("to", to);
    Emit("ticket.status_changed", at, ticket, std::move(d));
  }
  void Message(Id ticket, TimeMs at, const char* author, bool internal = false) {
    Value d = Value::MakeObject();
    d.Set("author", author);
    d.Set("internal", internal);
    Emit("message.created", at, ticket, std::move(d),
         std::string(author) == "agent" ? "agent:7" : "customer:1");
  }

  std::shared_ptr<const SlaSettings> settings_ = Office();
  AnalyticsFeed feed_;
  Id seq_ = 0;
};

TEST_F(FeedTest, BusinessTimePausesAndSlaOutcomes) {
  Created(1, kMon + 17 * kH);  // Monday 17:00, one business hour before closing
  Message(1, kMon + 24 * kH + 9 * kH + kH / 2, "agent", /*internal=*/true);  // a note: not a reply
  Message(1, kMon + 24 * kH + 9 * kH + kH / 2, "agent");                     // Tuesday 09:30
  SetStatus(1, kMon + 24 * kH + 10 * kH, "pending");                         // paused 10:00–12:00
  SetStatus(1, kMon + 24 * kH + 12 * kH, "open");
  SetStatus(1, kMon + 24 * kH + 15 * kH, "resolved");  // Tuesday 15:00
  auto f = feed_.FactOf(1);
  ASSERT_TRUE(f);
  ASSERT_TRUE(f->frt_s);
  EXPECT_EQ(*f->frt_s, 5400);  // 17:00–18:00 + 09:00–09:30
  ASSERT_TRUE(f->resolution_s);
  EXPECT_EQ(*f->resolution_s, 5 * 3600);  // 1 h Monday + 6 h Tuesday − 2 h pending
  EXPECT_EQ(f->replies, 1);
  EXPECT_EQ(f->sla_response, analytics::SlaOutcome::kMissed);  // 1.5 h > 1 h
  EXPECT_EQ(f->sla_resolution, analytics::SlaOutcome::kMet);   // 5 h ≤ 8 h
  EXPECT_FALSE(f->active);
  EXPECT_TRUE(f->ever_resolved);

  // The customer comes back: reopened, no resolution time while open.
  Message(1, kMon + 24 * kH + 16 * kH, "customer");
  SetStatus(1, kMon + 24 * kH + 16 * kH, "reopened");
  f = feed_.FactOf(1);
  EXPECT_EQ(f->reopens, 1);
  EXPECT_TRUE(f->active);
  EXPECT_FALSE(f->resolution_s);
}

TEST_F(FeedTest, TicketWithoutReplyIsOpenAndSurveysCount) {
  Created(2, kMon + 10 * kH);
  Value sent = Value::MakeObject();
  sent.Set("survey_id", 5);
  sent.Set("kind", "csat");
  sent.Set("channel", "email");
  Emit("survey.sent", kMon + 11 * kH, 2, std::move(sent));
  Value answered = Value::MakeObject();
  answered.Set("survey_id", 5);
  answered.Set("kind", "csat");
  answered.Set("score", 4);
  answered.Set("scaled", 7.5);
  Emit("survey.answered", kMon + 12 * kH, 2, std::move(answered), "customer:1");
  auto f = feed_.FactOf(2);
  ASSERT_TRUE(f);
  EXPECT_FALSE(f->frt_s);
  EXPECT_EQ(f->surveys_sent, 1);
  EXPECT_EQ(f->surveys_answered, 1);
  EXPECT_EQ(f->csat, 4);
  // Running first-response target: due Monday 11:00 (one business hour after 10:00).
  EXPECT_EQ(f->sla_response, analytics::SlaOutcome::kMissed);  // last event 12:00 is past due

  analytics::KpiQuery q;
  q.from = kMon;
  q.to = kMon + 7 * 24 * kH;
  q.now = kMon + 13 * kH;
  auto groups = analytics::KpiEngine(feed_.facts()).Run(q);
  ASSERT_EQ(groups.size(), 1u);
  EXPECT_EQ(groups[0].kpis.open_without_reply, 1);
  EXPECT_DOUBLE_EQ(*groups[0].kpis.csat, 1.0);
  EXPECT_DOUBLE_EQ(*groups[0].kpis.survey_response_rate, 1.0);
}

TEST_F(FeedTest, ReplayedEventsAreNotCountedTwice) {
  Created(3, kMon + 10 * kH);
  Message(3, kMon + 11 * kH, "agent");
  Event again;
  again.seq = seq_;  // the reply once more, as Load and the bus may both deliver it
  again.type = "message.created";
  again.at = kMon + 11 * kH;
  again.actor = "agent:7";
  again.ticket_id = 3;
  again.data = Value::MakeObject();
  again.data.Set("author", "agent");
  feed_.Apply(again);
  EXPECT_EQ(feed_.FactOf(3)->replies, 1);
}

TEST_F(FeedTest, RecategorisedToComplaintIsAConversion) {
  Created(4, kMon + 10 * kH, "billing");
  Value d = Value::MakeObject();
  Value changes = Value::MakeObject();
  Value cat = Value::MakeObject();
  cat.Set("from", "billing");
  cat.Set("to", "complaint");
  changes.Set("category", std::move(cat));
  d.Set("changes", std::move(changes));
  Emit("ticket.updated", kMon + 11 * kH, 4, std::move(d));
  auto f = feed_.FactOf(4);
  EXPECT_EQ(f->category, "complaint");
  EXPECT_TRUE(f->converted_to_complaint);
}

}  // namespace
}  // namespace loopdesk
