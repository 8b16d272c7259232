#include "rules/engine.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "rules/fields.h"

namespace loopdesk::rules {
namespace {

Value Arr(Value::Array a) { return Value(std::move(a)); }

MapFacts SampleFacts() {
  MapFacts f;
  f.Set("ticket.status", "open")
      .Set("ticket.priority", "P2")
      .Set("ticket.subject", "空调不制冷，要求退款并投诉")
      .Set("ticket.description", "Customer asks for a REFUND")
      .Set("ticket.tags", Arr({"VIP", "repeat"}))
      .Set("ticket.reopen_count", 2)
      .Set("ticket.assignee_id", Value())  // unassigned
      .Set("sentiment.score", -0.6)
      .Set("customer.tier", "strategic");
  return f;
}

bool Eval(std::string field, std::string op, Value value, const Facts& facts) {
  return EvaluateCondition(Condition{std::move(field), std::move(op), std::move(value)}, facts);
}

TEST(RuleEngine, EveryOperatorOnMatchingAndNonMatchingFacts) {
  const MapFacts f = SampleFacts();
  struct Case {
    const char* field;
    const char* op;
    Value value;
    bool want;
  };
  const Case cases[] = {
      {"ticket.status", "eq", "open", true},
      {"ticket.status", "eq", "new", false},
      {"ticket.status", "ne", "new", true},
      {"ticket.status", "ne", "open", false},
      {"ticket.reopen_count", "eq", 2.0, true},  // numbers compare by value
      {"ticket.priority", "in", Arr({"P1", "P2"}), true},
      {"ticket.priority", "in", Arr({"P3", "P4"}), false},
      {"ticket.tags", "in", Arr({"repeat", "x"}), true},  // list fact: any element
      {"ticket.tags", "in", Arr({"x", "y"}), false},
      {"ticket.subject", "contains", "投诉", true},
      {"ticket.subject", "contains", "表扬", false},
      {"ticket.description", "contains", "refund", true},  // ASCII case-insensitive
      {"ticket.tags", "contains", "vip", true},
      {"ticket.tags", "contains", "vi", false},  // list: whole elements only
      {"ticket.subject", "matches", "退款.*投诉", true},
      {"ticket.subject", "matches", "^投诉", false},
      {"ticket.description", "matches", "(?i)\\brefund\\b", true},
      {"ticket.description", "matches", "refund", false},  // case-sensitive by default
      {"ticket.reopen_count", "gt", 1, true},
      {"ticket.reopen_count", "gt", 2, false},
      {"ticket.reopen_count", "lt", 2.5, true},
      {"ticket.reopen_count", "lt", 2, false},
      {"sentiment.score", "lt", -0.5, true},
      {"sentiment.score", "gt", 0, false},
      {"ticket.status", "gt", 1, false},  // not a number: false, no exception
  };
  for (const auto& c : cases) {
    EXPECT_EQ(Eval(c.field, c.op, c.value, f), c.want) << c.field << " " << c.op;
  }
}

TEST(RuleEngine, MissingOrNullFactsAreFalseExceptNe) {
  const MapFacts f = SampleFacts();
  for (const char* field : {"customer.region", "ticket.assignee_id"}) {  // absent; null
    EXPECT_FALSE(Eval(field, "eq", "x", f)) << field;
    EXPECT_TRUE(Eval(field, "ne", "x", f)) << field;
    EXPECT_FALSE(Eval(field, "in", Arr({"x"}), f)) << field;
    EXPECT_FALSE(Eval(field, "contains", "x", f)) << field;
    EXPECT_FALSE(Eval(field, "matches", ".*", f)) << field;
    EXPECT_FALSE(Eval(field, "gt", -1000, f)) << field;
    EXPECT_FALSE(Eval(field, "lt", 1000, f)) << field;
    EXPECT_TRUE(Eval(field, "eq", Value(), f)) << field;  // "is missing"
    EXPECT_FALSE(Eval(field, "ne", Value(), f)) << field;
  }
  EXPECT_TRUE(Eval("ticket.status", "ne", Value(), f));
  EXPECT_FALSE(Eval("ticket.status", "unknown-op", "open", f));
}

TEST(RuleEngine, ChangedComparesWithThePreviousValue) {
  MapFacts f = SampleFacts();
  f.SetPrevious("ticket.priority", "P3")     // P3 → P2
      .SetPrevious("ticket.status", "open")  // unchanged
      .SetPrevious("ticket.assignee_id", Value())
      .SetPrevious("ticket.tags", Arr({"VIP"}));
  f.Set("ticket.assignee_id", 7);  // first assignment: null → 7
  EXPECT_TRUE(Eval("ticket.priority", "changed", Value(), f));
  EXPECT_TRUE(Eval("ticket.priority", "changed", true, f));
  EXPECT_FALSE(Eval("ticket.priority", "changed", false, f));
  EXPECT_FALSE(Eval("ticket.status", "changed", Value(), f));
  EXPECT_TRUE(Eval("ticket.status", "changed", false, f));
  EXPECT_TRUE(Eval("ticket.assignee_id", "changed", Value(), f));
  EXPECT_TRUE(Eval("ticket.tags", "changed", Value(), f));
  // No previous value known (e.g. ticket.created): not changed.
  EXPECT_FALSE(Eval("ticket.category", "changed", Value(), f));
  // Removed: previous value, no current one.
  f.SetPrevious("ticket.team", "售后");
  EXPECT_TRUE(Eval("ticket.team", "changed", Value(), f));
}

TEST(RuleEngine, NestedAllAnyNone) {
  const MapFacts f = SampleFacts();
  const Condition yes{"ticket.status", "eq", "open"};
  const Condition no{"ticket.status", "eq", "closed"};
  using K = ConditionGroup::Kind;
  auto group = [](K k, std::vector<ConditionItem> items) {
    return ConditionGroup{k, std::move(items)};
  };
  EXPECT_TRUE(Evaluate(group(K::kAll, {}), f));
  EXPECT_FALSE(Evaluate(group(K::kAny, {}), f));
  EXPECT_TRUE(Evaluate(group(K::kNone, {}), f));
  EXPECT_TRUE(Evaluate(group(K::kAll, {yes, yes}), f));
  EXPECT_FALSE(Evaluate(group(K::kAll, {yes, no}), f));
  EXPECT_TRUE(Evaluate(group(K::kAny, {no, yes}), f));
  EXPECT_FALSE(Evaluate(group(K::kAny, {no, no}), f));
  EXPECT_TRUE(Evaluate(group(K::kNone, {no, no}), f));
  EXPECT_FALSE(Evaluate(group(K::kNone, {no, yes}), f));
  // all(yes, any(no, all(yes, none(no)))) → true; flip the innermost → false.
  const ConditionGroup deep =
      group(K::kAll, {yes, group(K::kAny, {no, group(K::kAll, {yes, group(K::kNone, {no})})})});
  EXPECT_TRUE(Evaluate(deep, f));
  const ConditionGroup flipped =
      group(K::kAll, {yes, group(K::kAny, {no, group(K::kAll, {yes, group(K::kNone, {yes})})})});
  EXPECT_FALSE(Evaluate(flipped, f));
  // "tags does not contain handled" through none.
  EXPECT_TRUE(Evaluate(group(K::kNone, {Condition{"ticket.tags", "contains", "handled"}}), f));
}

TEST(RuleEngine, ExplainTracesEveryCondition) {
  const MapFacts f = SampleFacts();
  ConditionGroup g{ConditionGroup::Kind::kAny,
                   {Condition{"ticket.priority", "eq", "P1"},
                    ConditionGroup{ConditionGroup::Kind::kAll,
                                   {Condition{"customer.tier", "eq", "strategic"},
                                    Condition{"customer.region", "eq", "华东"}}}}};
  std::vector<ConditionTrace> trace;
  EXPECT_FALSE(Explain(g, f, &trace));
  EXPECT_EQ(Evaluate(g, f), false);
  ASSERT_EQ(trace.size(), 3u);
  EXPECT_EQ(trace[0].path, "conditions.any[0]");
  EXPECT_EQ(trace[0].actual, Value("P2"));
  EXPECT_FALSE(trace[0].result);
  EXPECT_EQ(trace[1].path, "conditions.any[1].all[0]");
  EXPECT_TRUE(trace[1].result);
  EXPECT_EQ(trace[2].path, "conditions.any[1].all[1]");
  EXPECT_FALSE(trace[2].actual.has_value());
}

Rule MakeRule(Id id, int position, std::string event, std::vector<ConditionItem> items,
              bool enabled = true) {
  Rule r;
  r.id = id;
  r.name = "rule " + std::to_string(id);
  r.event = std::move(event);
  r.position = position;
  r.enabled = enabled;
  r.conditions.items = std::move(items);
  r.actions.push_back({"add_tag", Value(Value::Object{{"value", "r" + std::to_string(id)}})});
  return r;
}

std::vector<Id> Ids(const std::vector<Firing>& firings) {
  std::vector<Id> out;
  for (const auto& f : firings) out.push_back(f.rule_id);
  return out;
}

TEST(RuleEngine, MatchRunsEnabledRulesOfTheEventInPositionOrder) {
  const MapFacts f = SampleFacts();
  const Condition holds{"ticket.status", "eq", "open"};
  const Condition fails{"ticket.status", "eq", "closed"};
  const std::vector<Rule> rules = {
      MakeRule(5, 2, "ticket.created", {holds}),
      MakeRule(3, 1, "ticket.created", {holds}),
      MakeRule(4, 1, "ticket.created", {holds}),         // same position: by id
      MakeRule(1, 0, "ticket.created", {holds}, false),  // disabled
      MakeRule(2, 0, "ticket.updated", {holds}),         // another event
      MakeRule(6, -1, "ticket.created", {fails}),        // conditions do not hold
      MakeRule(7, 9, "ticket.created", {}),              // no conditions: always
  };
  const auto firings = Match(rules, "ticket.created", f);
  EXPECT_EQ(Ids(firings), (std::vector<Id>{3, 4, 5, 7}));
  EXPECT_EQ(firings[0].rule_name, "rule 3");
  EXPECT_EQ(firings[0].actions, rules[1].actions);
  EXPECT_TRUE(Match(rules, "schedule", f).empty());
}

TEST(LoopGuard, StopsAtTheMaximumDepth) {
  LoopGuard guard(3);
  EXPECT_EQ(guard.depth(), 0);
  EXPECT_TRUE(guard.Enter());
  EXPECT_TRUE(guard.Enter());
  EXPECT_TRUE(guard.Enter());
  EXPECT_FALSE(guard.Enter());  // a fourth level of consequences is refused
  EXPECT_EQ(guard.depth(), 3);
  guard.Leave();
  EXPECT_TRUE(guard.Enter());
  EXPECT_EQ(LoopGuard().max_depth(), 5);
}

TEST(LoopGuard, RefusesTheSameRuleTwiceForOneOrigin) {
  LoopGuard guard;
  EXPECT_TRUE(guard.TryFire(/*rule*/ 1, /*origin*/ 100));
  EXPECT_FALSE(guard.TryFire(1, 100));
  EXPECT_TRUE(guard.TryFire(2, 100));
  EXPECT_TRUE(guard.TryFire(1, 101));  // another originating event
  std::vector<Firing> firings = {{1, "a", 1, {}}, {3, "c", 1, {}}};
  EXPECT_EQ(Ids(guard.Admit(firings, 100)), std::vector<Id>{3});
  guard.Forget(100);
  EXPECT_TRUE(guard.TryFire(1, 100));
  EXPECT_FALSE(guard.TryFire(1, 101));
}

// Two rules that trigger each other (A sets P1 on P2 tickets, B sets P2 on P1 tickets) run
// once each per originating event instead of forever.
TEST(LoopGuard, PingPongRulesTerminate) {
  auto set_prio = [](Id id, const char* when, const char* to) {
    Rule r = MakeRule(id, 0, "ticket.updated", {Condition{"ticket.priority", "eq", when}});
    r.actions = {{"set", Value(Value::Object{{"field", "ticket.priority"}, {"value", to}})}};
    return r;
  };
  const std::vector<Rule> rules = {set_prio(1, "P2", "P1"), set_prio(2, "P1", "P2")};
  MapFacts facts = SampleFacts();  // P2
  LoopGuard guard;
  const Id origin = 500;
  std::vector<Id> ran;
  bool more = true;
  for (int level = 0; more; ++level) {
    if (level > 0 && !guard.Enter()) break;
    auto admitted = guard.Admit(Match(rules, "ticket.updated", facts), origin);
    more = !admitted.empty();
    for (const auto& f : admitted) {
      ran.push_back(f.rule_id);
      facts.Set("ticket.priority", *f.actions[0].params.Find("value"));  // the caused update
    }
  }
  EXPECT_EQ(ran, (std::vector<Id>{1, 2}));
}

TEST(RuleFacts, HelpersWriteOnlyRegisteredFieldsWithValidValues) {
  Ticket t;
  t.id = 11;
  t.customer_id = 5;
  t.subject = "发票";
  t.tags = {"vip"};
  t.assignee_id = 3;
  t.created_at = 1'767'225'600'000;  // 2026-01-01T00:00:00Z, a Thursday
  t.updated_at = t.created_at;
  Customer c;
  c.id = 5;
  c.name = "王女士";
  Message m;
  m.body = "谢谢";
  MapFacts f;
  AddTicketFacts(t, &f);
  AddPreviousTicketFacts(t, &f);
  AddTicketTimeFacts(t, t.created_at + 90 * kMinuteMs, 8 * kHourMs, &f);  // Asia/Shanghai
  AddCustomerFacts(c, &f);
  AddMessageFacts(m, &f);
  const auto& reg = FieldRegistry::Default();
  for (const auto& [name, value] : f.current()) {
    const FieldSpec* spec = reg.Find(name);
    ASSERT_NE(spec, nullptr) << name;
    if (spec->type == FieldType::kEnum && !value.is_null()) {
      EXPECT_NE(std::find(spec->values.begin(), spec->values.end(), value.as_string()),
                spec->values.end())
          << name;
    }
  }
  EXPECT_EQ(f.previous().size(), 14u);
  EXPECT_EQ(f.Get("ticket.created_hour"), Value(8));
  EXPECT_EQ(f.Get("ticket.created_weekday"), Value(4));
  EXPECT_EQ(f.Get("ticket.age_hours"), Value(1.5));
  EXPECT_EQ(f.Get("ticket.category"), Value());  // empty → null
  EXPECT_EQ(f.Get("ticket.assignee_id"), Value(3));
  EXPECT_EQ(f.Get("customer.tier"), Value("basic"));
  EXPECT_FALSE(f.Get("survey.score").has_value());
}

}  // namespace
}  // namespace loopdesk::rules
