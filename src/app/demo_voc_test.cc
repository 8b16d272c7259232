// The voice of the customer in the demo data: surveys on resolution, answers that follow the
// story, and the alerts they raise — over the real SQLite store.
#include <gtest/gtest.h>

#include <map>

#include "app/demo_data.h"
#include "storage/sqlite/sqlite_store.h"
#include "tests/support/fakes.h"

namespace loopdesk {
namespace {

constexpr TimeMs kNow = 1795336200000;  // 2026-11-22T05:50:00Z

TEST(DemoVoc, ResolvedTicketsGetSurveysAnsweredLikeTheStoryEnded) {
  testing::TempDir dir;
  auto store = SqliteStore::Open(dir.File("t.db"));
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  testing::FakeSecrets secrets;
  FakeClock clock(kNow);
  EventBus bus;
  Service svc(**store, secrets, clock, bus);
  ASSERT_TRUE(svc.LoadSettings().ok());
  DemoOptions o;
  o.customers = 60;
  o.agents = 12;
  o.days = 20;
  o.tickets_per_day = 30;
  ASSERT_TRUE(GenerateDemoData(svc, kNow, o, nullptr, nullptr).ok());

  std::vector<Survey> surveys;
  std::vector<Alert> alerts;
  std::map<Id, Ticket> tickets;
  ASSERT_TRUE((*store)->Read([&](UnitOfWork& uow) {
    SurveyFilter f;
    f.limit = 100000;
    f.now = kNow;
    LD_ASSIGN_OR_RETURN(surveys, uow.voc().ListSurveys(f));
    AlertFilter af;
    af.limit = 100000;
    LD_ASSIGN_OR_RETURN(alerts, uow.voc().ListAlerts(af));
    for (const Survey& s : surveys) {
      LD_ASSIGN_OR_RETURN(tickets[*s.ticket_id], uow.GetTicket(*s.ticket_id));
    }
    LD_ASSIGN_OR_RETURN(auto outbox, uow.voc().ListOutbox("", 0, 10));
    EXPECT_TRUE(outbox.empty()) << "history sends no notifications";
    return Status::Ok();
  }).ok());

  ASSERT_GT(surveys.size(), 200u);
  int answered = 0, low = 0, low_reopened = 0, reopened = 0;
  for (const Survey& s : surveys) {
    EXPECT_EQ(s.kind, SurveyKind::kCsat);
    ASSERT_TRUE(s.ticket_id);
    EXPECT_TRUE(tickets[*s.ticket_id].resolved_at) << "a survey only follows a resolution";
    EXPECT_LE(s.sent_at, kNow);
    if (s.status != "answered") continue;
    ++answered;
    EXPECT_GE(*s.answered_at, s.sent_at);
    EXPECT_LE(*s.answered_at, kNow);
    const bool was_reopened = tickets[*s.ticket_id].reopen_count > 0;
    reopened += was_reopened;
    if (*s.score <= 3) {
      ++low;
      low_reopened += was_reopened;
    }
  }
  const double rate = static_cast<double>(answered) / surveys.size();
  EXPECT_GT(rate, 0.55);
  EXPECT_LT(rate, 0.85);
  // Reopened tickets are over-represented among the low scores.
  EXPECT_GT(static_cast<double>(low_reopened) / std::max(low, 1),
            static_cast<double>(reopened) / answered);

  int from_surveys = 0, handled = 0;
  for (const Alert& a : alerts) {
    if (!a.survey_id) {
      EXPECT_EQ(a.level, 3);  // repeat complaints
      continue;
    }
    ++from_surveys;
    EXPECT_TRUE(a.level == 1 || a.level == 2);
    if (a.status == "resolved") {
      ++handled;
      EXPECT_FALSE(a.outcome.empty());
    }
  }
  EXPECT_EQ(from_surveys, low - 0) << "every answer of 3 or less raised one alert";
  EXPECT_GT(handled, from_surveys / 2);
}

}  // namespace
}  // namespace loopdesk
