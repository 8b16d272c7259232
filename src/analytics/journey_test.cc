#include "analytics/journey.h"

#include <gtest/gtest.h>

namespace loopdesk::analytics {
namespace {

constexpr TimeMs kT0 = 1772323200000;  // 2026-03-01T00:00:00Z

JourneyTicket Ticket(Id id, TimeMs at, std::string category, std::string channel = "email",
                     bool complaint = false) {
  return {id, at, std::move(channel), std::move(category), complaint};
}

const Touchpoint* Find(const std::vector<Touchpoint>& tl, Id ref, std::string_view kind) {
  for (const auto& p : tl)
    if (p.ref_id == ref && p.kind == kind) return &p;
  return nullptr;
}

JourneyInput Customer() {
  JourneyInput in;
  in.customer_id = 1;
  in.orders.push_back({10, kT0, 1000, "M3"});
  in.assets.push_back({20, "M3", kT0 + 3 * kDayMs, kT0 + 365 * kDayMs});
  return in;
}

TEST(Journey, StagesOfTicketsByRule) {
  JourneyInput in = Customer();
  in.tickets = {
      Ticket(1, kT0 + 2 * kDayMs, "billing"),                   // 2 days after the order
      Ticket(2, kT0 + 4 * kDayMs, "installation"),              // by category
      Ticket(3, kT0 + 100 * kDayMs, "inquiry"),                 // nothing else: use
      Ticket(4, kT0 + 120 * kDayMs, "technical"),               // repair
      Ticket(5, kT0 + 130 * kDayMs, "billing", "onsite"),       // onsite: repair
      Ticket(6, kT0 + 340 * kDayMs, "technical", "email", true),  // 25 d before warranty end
  };
  in.orders.push_back({11, kT0 + 400 * kDayMs, 500, "M3"});  // after the warranty: renewal
  in.tickets.push_back(Ticket(7, kT0 + 420 * kDayMs, "billing"));
  in.tickets.push_back(Ticket(8, kT0 + 500 * kDayMs, "billing"));  // renewal + 100 d: use
  auto tl = CustomerTimeline(in, kT0 + 1000 * kDayMs);
  EXPECT_EQ(Find(tl, 1, "ticket")->stage, "purchase");
  EXPECT_EQ(Find(tl, 2, "ticket")->stage, "delivery_installation");
  EXPECT_EQ(Find(tl, 3, "ticket")->stage, "use");
  EXPECT_EQ(Find(tl, 4, "ticket")->stage, "repair");
  EXPECT_EQ(Find(tl, 5, "ticket")->stage, "repair");
  EXPECT_EQ(Find(tl, 6, "ticket")->stage, "warranty_end");
  EXPECT_EQ(Find(tl, 7, "ticket")->stage, "renewal");
  EXPECT_EQ(Find(tl, 8, "ticket")->stage, "use");
  EXPECT_EQ(Find(tl, 10, "order")->stage, "purchase");
  EXPECT_EQ(Find(tl, 11, "order")->stage, "renewal");
  EXPECT_EQ(Find(tl, 20, "installation")->stage, "delivery_installation");
  EXPECT_EQ(Find(tl, 20, "warranty_end")->stage, "warranty_end");
  for (size_t i = 1; i < tl.size(); ++i) EXPECT_LE(tl[i - 1].at, tl[i].at);
  // `until` cuts the timeline.
  EXPECT_EQ(CustomerTimeline(in, kT0 + kDayMs).size(), 1u);
}

TEST(Journey, RepeatContactsSameCategoryWithinSevenDays) {
  JourneyInput in;
  in.customer_id = 1;
  in.tickets = {Ticket(1, kT0, "billing"), Ticket(2, kT0 + 7 * kDayMs, "billing"),
                Ticket(3, kT0 + 8 * kDayMs, "refund"), Ticket(4, kT0 + 16 * kDayMs, "billing")};
  auto tl = CustomerTimeline(in, kT0 + 100 * kDayMs);
  EXPECT_FALSE(Find(tl, 1, "ticket")->repeat);
  EXPECT_TRUE(Find(tl, 2, "ticket")->repeat);   // exactly 7 days: within
  EXPECT_FALSE(Find(tl, 3, "ticket")->repeat);  // another category
  EXPECT_FALSE(Find(tl, 4, "ticket")->repeat);  // 9 days after the last billing ticket
}

TEST(Journey, AggregatesPeriodChurnAndBreakpoints) {
  JourneyInput a = Customer();
  a.tickets = {Ticket(1, kT0 + 340 * kDayMs, "technical", "email", true),
               Ticket(2, kT0 + 341 * kDayMs, "technical", "email", true),
               Ticket(3, kT0 + 300 * kDayMs, "inquiry")};
  a.surveys = {{30, kT0 + 342 * kDayMs, "csat", 1}, {31, kT0 + 301 * kDayMs, "nps", 9}};
  JourneyInput b;  // silent for a year: churned at its last touchpoint's stage (purchase)
  b.customer_id = 2;
  b.orders.push_back({12, kT0 + 10 * kDayMs, 50, "X"});
  const TimeMs from = kT0 + 290 * kDayMs, to = kT0 + 350 * kDayMs;
  JourneyReport r = ComputeJourney({a, b}, from, to);
  ASSERT_EQ(r.stages.size(), 6u);
  const StageStats& we = r.stages[4];
  EXPECT_EQ(we.stage, "warranty_end");
  EXPECT_EQ(we.contacts, 2);
  EXPECT_EQ(we.complaints, 2);
  EXPECT_EQ(we.repeat_contacts, 1);
  EXPECT_EQ(we.surveys, 1);
  EXPECT_EQ(we.negative_surveys, 1);
  EXPECT_EQ(we.customers, 1);
  const StageStats& use = r.stages[2];
  EXPECT_EQ(use.contacts, 1);
  EXPECT_EQ(use.surveys, 1);
  EXPECT_EQ(use.negative_surveys, 0);
  EXPECT_FALSE(r.stages[0].complaint_rate());  // no contacts at purchase in the period
  EXPECT_EQ(r.customers, 1);
  EXPECT_EQ(r.churned, 1);
  EXPECT_EQ(r.stages[0].churned, 1);
  ASSERT_EQ(r.breakpoints.size(), 2u);
  EXPECT_EQ(r.breakpoints[0], "warranty_end");
  EXPECT_EQ(r.breakpoints[1], "use");
}

}  // namespace
}  // namespace loopdesk::analytics
