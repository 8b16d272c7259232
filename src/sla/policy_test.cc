#include "sla/policy.h"

#include <gtest/gtest.h>

#include "sla/calendar.h"

namespace loopdesk {
namespace {

SlaPolicy Policy(std::string name, int64_t fr = 3600, int64_t res = 86400) {
  SlaPolicy p;
  p.name = std::move(name);
  p.first_response_s = fr;
  p.resolution_s = res;
  return p;
}

std::string FieldOf(const std::vector<SlaPolicy>& policies, const CalendarSet* set = nullptr) {
  const Status st = ValidatePolicies(policies, set);
  EXPECT_FALSE(st.ok());
  EXPECT_EQ(st.code(), Code::kInvalidArgument);
  return st.field();
}

TEST(SlaPolicy, DefaultsFollowTheTierTable) {
  const auto policies = DefaultPolicies();
  ASSERT_TRUE(ValidatePolicies(policies).ok());
  struct Case {
    Tier tier;
    Priority priority;
    const char* name;
    int64_t fr, res;
  };
  const Case cases[] = {
      {Tier::kStrategic, Priority::kP3, "strategic", 15 * 60, 4 * 3600},
      {Tier::kHigh, Priority::kP2, "high", 30 * 60, 8 * 3600},
      {Tier::kGrowth, Priority::kP4, "growth", 2 * 3600, 24 * 3600},
      {Tier::kBasic, Priority::kP3, "basic", 24 * 3600, 72 * 3600},
      // P1 tightens every tier to at most 30 min / 4 h.
      {Tier::kStrategic, Priority::kP1, "strategic-p1", 15 * 60, 4 * 3600},
      {Tier::kHigh, Priority::kP1, "high-p1", 30 * 60, 4 * 3600},
      {Tier::kGrowth, Priority::kP1, "growth-p1", 30 * 60, 4 * 3600},
      {Tier::kBasic, Priority::kP1, "basic-p1", 30 * 60, 4 * 3600},
  };
  for (const Case& c : cases) {
    const SlaPolicy* p = MatchPolicy(policies, {c.tier, c.priority, "hardware", Channel::kEmail});
    ASSERT_NE(p, nullptr) << c.name;
    EXPECT_EQ(p->name, c.name);
    EXPECT_EQ(p->first_response_s, c.fr) << c.name;
    EXPECT_EQ(p->resolution_s, c.res) << c.name;
    EXPECT_EQ(p->calendar, "24x7");
    EXPECT_FALSE(p->next_response_s.has_value());
    EXPECT_EQ(p->pause_on,
              (std::vector<TicketStatus>{TicketStatus::kPending, TicketStatus::kOnHold}));
  }
}

TEST(SlaPolicy, DefaultEscalationLadder) {
  const auto steps = DefaultEscalations();
  ASSERT_EQ(steps.size(), 6u);
  EXPECT_EQ(steps[0].target, "first_response");
  EXPECT_EQ(steps[0].percent, 50);
  EXPECT_EQ(steps[0].action, "notify_assignee");
  EXPECT_EQ(steps[1].percent, 80);
  EXPECT_EQ(steps[1].action, "notify_supervisor");
  EXPECT_EQ(steps[2].percent, 100);
  EXPECT_EQ(steps[2].action, "escalate");
  EXPECT_EQ(steps[5].target, "resolution");
  EXPECT_EQ(steps[5].action, "escalate");
}

TEST(SlaPolicy, MostSpecificMatchWins) {
  std::vector<SlaPolicy> ps = {Policy("any"), Policy("vip"), Policy("vip-email-billing"),
                               Policy("email")};
  ps[1].match.tier = Tier::kStrategic;
  ps[2].match.tier = Tier::kStrategic;
  ps[2].match.channel = Channel::kEmail;
  ps[2].match.category = "billing";
  ps[3].match.channel = Channel::kEmail;
  EXPECT_EQ(MatchPolicy(ps, {Tier::kStrategic, Priority::kP3, "billing", Channel::kEmail})->name,
            "vip-email-billing");
  EXPECT_EQ(MatchPolicy(ps, {Tier::kStrategic, Priority::kP3, "Billing", Channel::kEmail})->name,
            "vip");  // category is case-sensitive; vip (1 field) is listed before email (1 field)
  EXPECT_EQ(MatchPolicy(ps, {Tier::kBasic, Priority::kP3, "billing", Channel::kEmail})->name,
            "email");
  EXPECT_EQ(MatchPolicy(ps, {Tier::kBasic, Priority::kP3, "billing", Channel::kPhone})->name,
            "any");
}

TEST(SlaPolicy, TiesGoToTheEarlierPolicy) {
  std::vector<SlaPolicy> ps = {Policy("by-channel"), Policy("by-priority")};
  ps[0].match.channel = Channel::kChat;
  ps[1].match.priority = Priority::kP2;
  const SlaContext ctx{Tier::kGrowth, Priority::kP2, "", Channel::kChat};
  EXPECT_EQ(MatchPolicy(ps, ctx)->name, "by-channel");
  std::swap(ps[0], ps[1]);
  EXPECT_EQ(MatchPolicy(ps, ctx)->name, "by-priority");
}

TEST(SlaPolicy, NoMatchIsNull) {
  std::vector<SlaPolicy> ps = {Policy("vip")};
  ps[0].match.tier = Tier::kStrategic;
  EXPECT_EQ(MatchPolicy(ps, {Tier::kBasic, Priority::kP3, "", Channel::kWeb}), nullptr);
  EXPECT_EQ(MatchPolicy({}, {}), nullptr);
}

TEST(SlaPolicyValidation, NamesTheOffendingField) {
  std::vector<SlaPolicy> ps = {Policy("a"), Policy("b"), Policy("c"), Policy("d")};
  ASSERT_TRUE(ValidatePolicies(ps).ok());

  auto bad = ps;
  bad[3].first_response_s = 0;
  EXPECT_EQ(FieldOf(bad), "[3].first_response_s");
  bad = ps;
  bad[2].resolution_s = -5;
  EXPECT_EQ(FieldOf(bad), "[2].resolution_s");
  bad = ps;
  bad[1].next_response_s = kMaxTargetSeconds + 1;
  EXPECT_EQ(FieldOf(bad), "[1].next_response_s");
  bad = ps;
  bad[2].name = "a";
  EXPECT_EQ(FieldOf(bad), "[2].name");
  bad = ps;
  bad[0].name = "";
  EXPECT_EQ(FieldOf(bad), "[0].name");
  bad = ps;
  bad[1].match.category = "";
  EXPECT_EQ(FieldOf(bad), "[1].match.category");
  bad = ps;
  bad[1].calendar = "";
  EXPECT_EQ(FieldOf(bad), "[1].calendar");
  bad = ps;
  bad[0].pause_on = {TicketStatus::kPending, TicketStatus::kResolved};
  EXPECT_EQ(FieldOf(bad), "[0].pause_on[1]");
  bad = ps;
  bad[0].pause_on = {TicketStatus::kOnHold, TicketStatus::kOnHold};
  EXPECT_EQ(FieldOf(bad), "[0].pause_on[1]");
}

TEST(SlaPolicyValidation, EscalationSteps) {
  std::vector<SlaPolicy> ps = {Policy("a")};
  ps[0].escalations = DefaultEscalations();
  ASSERT_TRUE(ValidatePolicies(ps).ok());
  auto bad = ps;
  bad[0].escalations[4].percent = 0;
  EXPECT_EQ(FieldOf(bad), "[0].escalations[4].percent");
  bad = ps;
  bad[0].escalations[4].percent = 201;
  EXPECT_EQ(FieldOf(bad), "[0].escalations[4].percent");
  bad = ps;
  bad[0].escalations[1].action = "page_the_ceo";
  EXPECT_EQ(FieldOf(bad), "[0].escalations[1].action");
  bad = ps;
  bad[0].escalations[2].target = "first-response";
  EXPECT_EQ(FieldOf(bad), "[0].escalations[2].target");
  bad = ps;
  bad[0].escalations.push_back({"next_response", 100, "escalate"});  // no next_response_s
  EXPECT_EQ(FieldOf(bad), "[0].escalations[6].target");
  bad[0].next_response_s = 3600;
  EXPECT_TRUE(ValidatePolicies(bad).ok());
  bad[0].escalations.push_back({"resolution", 150, "reassign"});
  EXPECT_TRUE(ValidatePolicies(bad).ok());
}

TEST(SlaPolicyValidation, CalendarMustExistWhenTheSetIsGiven) {
  std::vector<SlaPolicy> ps = {Policy("a"), Policy("b")};
  ps[1].calendar = "office";
  const CalendarSet only_24x7;
  EXPECT_TRUE(ValidatePolicies(ps).ok());
  EXPECT_EQ(FieldOf(ps, &only_24x7), "[1].calendar");
  CalendarSpec office;
  office.name = "office";
  office.hours[0] = {{540, 1080}};
  auto set = CalendarSet::Build({office});
  ASSERT_TRUE(set.ok());
  EXPECT_TRUE(ValidatePolicies(ps, &set.value()).ok());
}

}  // namespace
}  // namespace loopdesk
