#include "rules/model.h"

#include <gtest/gtest.h>

#include <functional>

#include "rules/fields.h"

namespace loopdesk::rules {
namespace {

Value Obj(Value::Object o) { return Value(std::move(o)); }
Value Arr(Value::Array a) { return Value(std::move(a)); }
Value Cond(std::string field, std::string op, Value value = Value()) {
  Value c = Obj({{"field", std::move(field)}, {"op", std::move(op)}});
  if (!value.is_null()) c.Set("value", std::move(value));
  return c;
}

// A valid rule body: on ticket.created, P1 or VIP → tag and assign.
Value Body() {
  return Obj({
      {"name", "VIP 加急"},
      {"event", "ticket.created"},
      {"conditions",
       Obj({{"all", Arr({Cond("ticket.channel", "in", Arr({"phone", "wechat"})),
                         Obj({{"any", Arr({Cond("ticket.priority", "eq", "P1"),
                                           Cond("customer.tags", "contains", "vip")})}})})}})},
      {"actions", Arr({Obj({{"type", "add_tag"}, {"value", "urgent"}}),
                       Obj({{"type", "assign"}, {"team", "vip"}, {"router", true}})})},
      {"position", 3},
  });
}

TEST(RuleParse, ParsesAValidRule) {
  auto r = ParseAndValidateRule(Body(), FieldRegistry::Default());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->name, "VIP 加急");
  EXPECT_EQ(r->event, "ticket.created");
  EXPECT_TRUE(r->enabled);
  EXPECT_EQ(r->position, 3);
  ASSERT_EQ(r->conditions.items.size(), 2u);
  const auto& nested = std::get<ConditionGroup>(r->conditions.items[1]);
  EXPECT_EQ(nested.kind, ConditionGroup::Kind::kAny);
  EXPECT_EQ(std::get<Condition>(nested.items[0]).value, Value("P1"));
  ASSERT_EQ(r->actions.size(), 2u);
  EXPECT_EQ(r->actions[1].type, "assign");
  EXPECT_EQ(*r->actions[1].params.Find("team"), Value("vip"));
}

TEST(RuleParse, MissingConditionsMeanAlways) {
  Value b = Body();
  b.as_object().erase(b.as_object().begin() + 2);  // conditions
  auto r = ParseAndValidateRule(b, FieldRegistry::Default());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(r->conditions.items.empty());
}

// Every error names the exact path of the offending key (the API's 422 `field`).
struct ErrorCase {
  const char* what;
  std::function<void(Value&)> edit;
  const char* field;
  const char* message_part;
};

Value& Conds(Value& b) { return b.as_object()[2].second; }
Value& FirstCond(Value& b) { return Conds(b).as_object()[0].second.as_array()[0]; }
void SetFirstCond(Value& b, Value c) { FirstCond(b) = std::move(c); }
void SetActions(Value& b, Value::Array a) { b.Set("actions", Arr(std::move(a))); }

const ErrorCase kErrors[] = {
    // Shape (ParseRule).
    {"rule not an object", [](Value& b) { b = Value("x"); }, "", "object"},
    {"name missing", [](Value& b) { b.as_object().erase(b.as_object().begin()); }, "name",
     "required"},
    {"name not a string", [](Value& b) { b.Set("name", 5); }, "name", "string"},
    {"unknown top-level key", [](Value& b) { b.Set("condtions", Obj({})); }, "condtions",
     "unknown key"},
    {"conditions not an object", [](Value& b) { b.Set("conditions", Arr({})); }, "conditions",
     "group"},
    {"unknown group kind",
     [](Value& b) {
       b.Set("conditions", Obj({{"every", Arr({})}}));
     },
     "conditions.every", "unknown key"},
    {"two group kinds",
     [](Value& b) {
       b.Set("conditions", Obj({{"all", Arr({})}, {"any", Arr({})}}));
     },
     "conditions.any", "exactly one"},
    {"group list not an array",
     [](Value& b) {
       b.Set("conditions", Obj({{"all", 1}}));
     },
     "conditions.all", "array"},
    {"condition not an object", [](Value& b) { SetFirstCond(b, Value(3)); }, "conditions.all[0]",
     "object"},
    {"condition without op",
     [](Value& b) {
       SetFirstCond(b, Obj({{"field", "ticket.status"}}));
     },
     "conditions.all[0].op", "required"},
    {"condition with unknown key", [](Value& b) { FirstCond(b).Set("values", 1); },
     "conditions.all[0].values", "unknown key"},
    {"actions not an array", [](Value& b) { b.Set("actions", Obj({})); }, "actions", "array"},
    {"action without type",
     [](Value& b) {
       SetActions(b, {Obj({{"value", "x"}})});
     },
     "actions[0].type", "required"},
    {"position not an integer", [](Value& b) { b.Set("position", 1.5); }, "position", "integer"},
    {"enabled not a bool", [](Value& b) { b.Set("enabled", "yes"); }, "enabled", "true or false"},
    {"groups nested too deep",
     [](Value& b) {
       Value g = Obj({{"all", Arr({Cond("ticket.status", "eq", "new")})}});
       for (int i = 0; i < kMaxGroupDepth; ++i) g = Obj({{"any", Arr({g})}});
       b.Set("conditions", g);
     },
     "conditions.any[0].any[0].any[0].any[0].any[0].any[0].any[0].any[0]", "deeper"},
    // Meaning (ValidateRule).
    {"empty name", [](Value& b) { b.Set("name", "  "); }, "name", "empty"},
    {"unknown event", [](Value& b) { b.Set("event", "ticket.deleted"); }, "event",
     "unknown event 'ticket.deleted'"},
    {"unknown field",
     [](Value& b) {
       Conds(b).as_object()[0].second.as_array()[1] = Cond("ticket.colour", "eq", "red");
     },
     "conditions.all[1].field", "unknown field 'ticket.colour'"},
    {"field not on this event",
     [](Value& b) { SetFirstCond(b, Cond("message.body", "contains", "x")); },
     "conditions.all[0].field", "only on event message.created"},
    {"unknown operator", [](Value& b) { SetFirstCond(b, Cond("ticket.status", "like", "new")); },
     "conditions.all[0].op", "unknown operator 'like'"},
    {"nested unknown operator",
     [](Value& b) {
       Conds(b).as_object()[0].second.as_array()[1] =
           Obj({{"any", Arr({Cond("ticket.priority", "is", "P1")})}});
     },
     "conditions.all[1].any[0].op", "unknown operator 'is'"},
    {"gt on a string field", [](Value& b) { SetFirstCond(b, Cond("ticket.subject", "gt", 3)); },
     "conditions.all[0].op", "does not apply"},
    {"gt with a string value",
     [](Value& b) { SetFirstCond(b, Cond("ticket.reopen_count", "gt", "two")); },
     "conditions.all[0].value", "number"},
    {"contains on an enum",
     [](Value& b) { SetFirstCond(b, Cond("ticket.status", "contains", "n")); },
     "conditions.all[0].op", "does not apply"},
    {"changed on a non-ticket field",
     [](Value& b) { SetFirstCond(b, Cond("customer.tier", "changed")); }, "conditions.all[0].op",
     "does not apply"},
    {"bad enum value", [](Value& b) { SetFirstCond(b, Cond("ticket.priority", "eq", "P9")); },
     "conditions.all[0].value", "'P9' is not a valid value for ticket.priority"},
    {"bad enum value inside in",
     [](Value& b) {
       SetFirstCond(b, Cond("ticket.channel", "in", Arr({"phone", "fax"})));
     },
     "conditions.all[0].value[1]", "'fax'"},
    {"in without an array",
     [](Value& b) { SetFirstCond(b, Cond("ticket.channel", "in", "phone")); },
     "conditions.all[0].value", "array"},
    {"id compared to a string",
     [](Value& b) { SetFirstCond(b, Cond("ticket.assignee_id", "eq", "7")); },
     "conditions.all[0].value", "integer"},
    {"invalid regex", [](Value& b) { SetFirstCond(b, Cond("ticket.subject", "matches", "(退款")); },
     "conditions.all[0].value", "missing )"},
    {"regex too long",
     [](Value& b) { SetFirstCond(b, Cond("ticket.subject", "matches", std::string(201, 'a'))); },
     "conditions.all[0].value", "longer than 200"},
    {"empty any group",
     [](Value& b) {
       b.Set("conditions", Obj({{"any", Arr({})}}));
     },
     "conditions.any", "at least one"},
    {"no actions", [](Value& b) { SetActions(b, {}); }, "actions", "at least one action"},
    {"unknown action type",
     [](Value& b) {
       SetActions(b, {Obj({{"type", "delete_ticket"}})});
     },
     "actions[0].type", "unknown action type 'delete_ticket'"},
    {"assign without target",
     [](Value& b) {
       SetActions(b, {Obj({{"type", "assign"}})});
     },
     "actions[0]", "agent_id, team or router"},
    {"assign with agent and team",
     [](Value& b) {
       SetActions(b, {Obj({{"type", "assign"}, {"agent_id", 3}, {"team", "a"}})});
     },
     "actions[0]", "alone"},
    {"assign with a bad agent id",
     [](Value& b) {
       SetActions(b, {Obj({{"type", "assign"}, {"agent_id", "3"}})});
     },
     "actions[0].agent_id", "integer"},
    {"unknown action parameter",
     [](Value& b) {
       SetActions(b, {Obj({{"type", "add_tag"}, {"value", "x"}, {"colour", 1}})});
     },
     "actions[0].colour", "unknown parameter"},
    {"add_tag without value",
     [](Value& b) {
       SetActions(b, {Obj({{"type", "add_tag"}})});
     },
     "actions[0].value", "add_tag needs value"},
    {"create_task without department",
     [](Value& b) {
       SetActions(b, {Obj({{"type", "add_tag"}, {"value", "x"}}),
                      Obj({{"type", "create_task"}, {"title", "上门检修"}})});
     },
     "actions[1].department", "create_task needs department"},
    {"create_task with unknown department",
     [](Value& b) {
       SetActions(b, {Obj({{"type", "create_task"}, {"department", "legal"}, {"title", "t"}})});
     },
     "actions[0].department", "'legal' is not a valid department"},
    {"set a field that is not settable",
     [](Value& b) {
       SetActions(b, {Obj({{"type", "set"}, {"field", "ticket.subject"}, {"value", "x"}})});
     },
     "actions[0].field", "cannot be set"},
    {"set a bad enum value",
     [](Value& b) {
       SetActions(b, {Obj({{"type", "set"}, {"field", "ticket.priority"}, {"value", "P0"}})});
     },
     "actions[0].value", "'P0'"},
    {"notify with two recipients",
     [](Value& b) {
       SetActions(b, {Obj({{"type", "notify"},
                           {"to_role", "supervisor"},
                           {"to_agent_id", 2},
                           {"message", "m"}})});
     },
     "actions[0]", "exactly one"},
    {"notify a bad role",
     [](Value& b) {
       SetActions(b, {Obj({{"type", "notify"}, {"to_role", "boss"}, {"message", "m"}})});
     },
     "actions[0].to_role", "'boss'"},
    {"adjust_sla with both seconds and factor",
     [](Value& b) {
       SetActions(b, {Obj({{"type", "adjust_sla"},
                           {"target", "resolution"},
                           {"seconds", 1800},
                           {"factor", 0.5}})});
     },
     "actions[0]", "exactly one of seconds, factor or add_seconds"},
    {"adjust_sla with a bad target",
     [](Value& b) {
       SetActions(b, {Obj({{"type", "adjust_sla"}, {"target", "lunch"}, {"factor", 2}})});
     },
     "actions[0].target", "'lunch'"},
    {"compensation without kind",
     [](Value& b) {
       SetActions(b, {Obj({{"type", "grant_compensation"}, {"amount", 5}})});
     },
     "actions[0].kind", "grant_compensation needs kind"},
    {"compensation with a negative amount",
     [](Value& b) {
       SetActions(b, {Obj({{"type", "grant_compensation"}, {"kind", "coupon"}, {"amount", -5}})});
     },
     "actions[0].amount", "number"},
    {"webhook with a bad url",
     [](Value& b) {
       SetActions(b, {Obj({{"type", "webhook"}, {"url", "ftp://x"}})});
     },
     "actions[0].url", "http"},
    {"send_survey with a bad kind",
     [](Value& b) {
       SetActions(b, {Obj({{"type", "send_survey"}, {"kind", "poll"}})});
     },
     "actions[0].kind", "'poll'"},
    {"escalate without level or role",
     [](Value& b) {
       SetActions(b, {Obj({{"type", "escalate"}, {"reason", "r"}})});
     },
     "actions[0]", "level"},
};

TEST(RuleValidate, ErrorsNameTheExactPath) {
  for (const auto& c : kErrors) {
    Value body = Body();
    c.edit(body);
    auto r = ParseAndValidateRule(body, FieldRegistry::Default());
    ASSERT_FALSE(r.ok()) << c.what;
    EXPECT_EQ(r.status().code(), Code::kInvalidArgument) << c.what;
    EXPECT_EQ(r.status().field(), c.field) << c.what << ": " << r.status().message();
    EXPECT_NE(r.status().message().find(c.message_part), std::string::npos)
        << c.what << ": " << r.status().message();
  }
}

// A rule using every action type and every operator, as the UI would send it.
Value FullBody() {
  return Obj({
      {"id", 42},
      {"name", "负面情绪升级 / angry customer"},
      {"event", "message.created"},
      {"conditions",
       Obj({{"all",
             Arr({Cond("message.author", "eq", "customer"), Cond("message.internal", "ne", true),
                  Cond("message.body", "contains", "投诉"),
                  Cond("message.body", "matches", "(?i)refund|退款"),
                  Cond("sentiment.score", "lt", -0.5), Cond("ticket.reopen_count", "gt", 0),
                  Cond("ticket.assignee_id", "eq", Value()),
                  Cond("ticket.priority", "changed", false),
                  Obj({{"none", Arr({Cond("customer.tier", "in", Arr({"basic"})),
                                     Cond("ticket.tags", "contains", "handled")})}})})}})},
      {"actions",
       Arr({Obj({{"type", "set"}, {"field", "ticket.priority"}, {"value", "P1"}}),
            Obj({{"type", "assign"}, {"agent_id", 7}}),
            Obj({{"type", "add_tag"}, {"value", "angry"}}),
            Obj({{"type", "remove_tag"}, {"value", "calm"}}),
            Obj({{"type", "add_note"}, {"body", "客户情绪激动，请优先处理"}}),
            Obj({{"type", "notify"}, {"to_role", "supervisor"}, {"message", "angry customer"}}),
            Obj({{"type", "create_task"},
                 {"department", "tech"},
                 {"title", "远程诊断"},
                 {"due_in_s", 3600}}),
            Obj({{"type", "send_survey"}, {"kind", "nps"}}),
            Obj({{"type", "escalate"}, {"level", 2}, {"to_role", "expert"}}),
            Obj({{"type", "adjust_sla"}, {"target", "resolution"}, {"factor", 0.5}}),
            Obj({{"type", "grant_compensation"},
                 {"kind", "coupon"},
                 {"amount", 20},
                 {"note", "致歉券"}}),
            Obj({{"type", "webhook"}, {"url", "https://hooks.example.com/loopdesk"}})})},
      {"enabled", false},
      {"position", -2},
      {"version", 5},
  });
}

TEST(RuleParse, RoundTripsThroughItsWireForm) {
  auto r = ParseAndValidateRule(FullBody(), FieldRegistry::Default());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->id, 42);
  EXPECT_EQ(r->version, 5);
  EXPECT_FALSE(r->enabled);
  EXPECT_EQ(r->actions.size(), 12u);
  auto again = ParseRule(RuleToValue(*r));
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(*again, *r);
  EXPECT_EQ(RuleToValue(*again), RuleToValue(*r));
  // The wire form is the flat one of API.md: parameters beside `type`.
  const Value wire = RuleToValue(*r);
  const Value& first = wire.Find("actions")->as_array()[0];
  EXPECT_EQ(*first.Find("type"), Value("set"));
  EXPECT_EQ(*first.Find("field"), Value("ticket.priority"));
}

TEST(RuleParse, RoundTripsARuleBuiltInCode) {
  Rule r;
  r.id = 9;
  r.name = "schedule: idle P1";
  r.event = std::string(kEventSchedule);
  r.conditions.kind = ConditionGroup::Kind::kAny;
  r.conditions.items.push_back(Condition{"ticket.idle_hours", "gt", 4});
  ConditionGroup inner;
  inner.items.push_back(Condition{"ticket.status", "in", Arr({"open", "reopened"})});
  r.conditions.items.push_back(inner);
  r.actions.push_back({"escalate", Obj({{"level", 1}})});
  ASSERT_TRUE(ValidateRule(r, FieldRegistry::Default()).ok());
  auto back = ParseRule(RuleToValue(r));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, r);
}

TEST(RuleFields, DefaultRegistryKnowsTheDocumentedFields) {
  const auto& reg = FieldRegistry::Default();
  for (const char* f : {"ticket.status",
                        "ticket.priority",
                        "ticket.category",
                        "ticket.channel",
                        "ticket.subject",
                        "ticket.description",
                        "ticket.tags",
                        "ticket.assignee_id",
                        "ticket.team",
                        "ticket.reopen_count",
                        "ticket.transfer_count",
                        "ticket.created_hour",
                        "customer.tier",
                        "customer.region",
                        "customer.tags",
                        "customer.language",
                        "customer.name",
                        "message.body",
                        "message.author",
                        "message.internal",
                        "sentiment.label",
                        "sentiment.score",
                        "sla.state",
                        "sla.target",
                        "survey.score",
                        "survey.kind",
                        "survey.comment"}) {
    EXPECT_NE(reg.Find(f), nullptr) << f;
  }
  EXPECT_EQ(reg.Find("ticket.colour"), nullptr);
  const FieldSpec* prio = reg.Find("ticket.priority");
  EXPECT_EQ(prio->values, (std::vector<std::string>{"P1", "P2", "P3", "P4"}));
  EXPECT_EQ(OperatorsFor(*prio), (std::vector<std::string_view>{"eq", "ne", "in", "changed"}));
  EXPECT_EQ(OperatorsFor(*reg.Find("ticket.reopen_count")),
            (std::vector<std::string_view>{"eq", "ne", "in", "gt", "lt", "changed"}));
  EXPECT_EQ(OperatorsFor(*reg.Find("ticket.tags")),
            (std::vector<std::string_view>{"in", "contains", "changed"}));
  EXPECT_EQ(OperatorsFor(*reg.Find("message.body")),
            (std::vector<std::string_view>{"eq", "ne", "in", "contains", "matches"}));
  const Value listed = RegistryToValue(reg);
  ASSERT_EQ(listed.as_array().size(), reg.fields().size());
  EXPECT_EQ(*listed.as_array()[1].Find("name"), Value("ticket.status"));
}

TEST(RuleFields, AppCanNarrowACategoryToItsTaxonomy) {
  FieldRegistry reg = FieldRegistry::Default();
  FieldSpec cat = *reg.Find("ticket.category");
  cat.type = FieldType::kEnum;
  cat.values = {"安装", "维修", "billing"};
  reg.Add(cat);
  Value b = Body();
  FirstCond(b) = Cond("ticket.category", "eq", "维修");
  EXPECT_TRUE(ParseAndValidateRule(b, reg).ok());
  FirstCond(b) = Cond("ticket.category", "eq", "退货");
  auto r = ParseAndValidateRule(b, reg);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().field(), "conditions.all[0].value");
}

}  // namespace
}  // namespace loopdesk::rules
