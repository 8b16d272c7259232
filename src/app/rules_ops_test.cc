// Rules in the service: storage, versioning, execution inside the change's transaction,
// loop protection, failing actions, dry runs. Over the real SQLite store.
#include <gtest/gtest.h>

#include <algorithm>

#include "app/service.h"
#include "storage/sqlite/sqlite_store.h"
#include "tests/support/fakes.h"

namespace loopdesk {
namespace {

Value Obj(std::initializer_list<std::pair<const char*, Value>> kv) {
  Value v = Value::MakeObject();
  for (const auto& [k, e] : kv) v.Set(k, e);
  return v;
}

Value Arr(std::initializer_list<Value> items) {
  Value a = Value::MakeArray();
  for (const auto& e : items) a.Push(e);
  return a;
}

Value Cond(const char* field, const char* op, Value value = Value()) {
  Value c = Obj({{"field", field}, {"op", op}});
  if (!value.is_null()) c.Set("value", std::move(value));
  return c;
}

Value RuleBody(const std::string& name, const char* event, Value all, Value actions,
               int position = 0) {
  return Obj({{"name", name},
              {"event", event},
              {"conditions", Obj({{"all", std::move(all)}})},
              {"actions", std::move(actions)},
              {"position", position}});
}

bool HasTag(const Ticket& t, const std::string& tag) {
  return std::find(t.tags.begin(), t.tags.end(), tag) != t.tags.end();
}

class RulesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = SqliteStore::Open(dir_.File("t.db"));
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(*s);
    svc_ = std::make_unique<Service>(*store_, secrets_, clock_, bus_);
    ASSERT_TRUE(svc_->LoadSettings().ok());
    ASSERT_TRUE(svc_->Bootstrap("root").ok());
    admin_ = *svc_->Authenticate("root");
    NewAgent a;
    a.name = "张伟";
    a.team = "客服";
    auto created = svc_->CreateAgent(admin_, a);
    ASSERT_TRUE(created.ok()) << created.status().ToString();
    agent_ = *svc_->Authenticate(created->api_token);
    NewCustomer c;
    c.name = "王女士";
    c.phone = "13800000000";
    customer_ = svc_->CreateCustomer(agent_, c)->id;
  }

  Id AddRule(const Value& body) {
    auto r = svc_->CreateRule(admin_, body);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? r->rule.id : 0;
  }

  Result<CreatedTicket> Create(const std::string& subject,
                               std::optional<Priority> priority = Priority::kP3) {
    NewTicket t;
    t.customer_id = customer_;
    t.channel = Channel::kEmail;
    t.subject = subject;
    t.priority = priority;
    t.category = "other";
    return svc_->CreateTicket(agent_, t);
  }

  std::vector<Event> Events(Id ticket) {
    auto page = svc_->ListTicketEvents(agent_, ticket, 0, 500);
    EXPECT_TRUE(page.ok());
    return page.ok() ? page->items : std::vector<Event>{};
  }

  std::vector<Event> EventsOf(Id ticket, const std::string& type) {
    std::vector<Event> out;
    for (auto& e : Events(ticket))
      if (e.type == type) out.push_back(e);
    return out;
  }

  Ticket Get(Id id) { return svc_->GetTicket(agent_, id)->ticket; }

  testing::TempDir dir_;
  testing::FakeSecrets secrets_;
  FakeClock clock_{1795336200000};
  EventBus bus_;
  std::unique_ptr<SqliteStore> store_;
  std::unique_ptr<Service> svc_;
  Principal admin_, agent_;
  Id customer_ = 0;
};

TEST_F(RulesTest, TicketCreatedRuleAppliesInTheCreatingTransaction) {
  Id rule = AddRule(RuleBody("投诉升级", "ticket.created",
                             Arr({Cond("ticket.subject", "contains", "投诉")}),
                             Arr({Obj({{"type", "add_tag"}, {"value", "complaint"}}),
                                  Obj({{"type", "set"}, {"field", "ticket.priority"},
                                       {"value", "P1"}})})));
  auto hit = Create("客户投诉：物流太慢");
  ASSERT_TRUE(hit.ok()) << hit.status().ToString();
  // The response already shows the rule's effect.
  EXPECT_EQ(hit->ticket.priority, Priority::kP1);
  EXPECT_TRUE(HasTag(hit->ticket, "complaint"));
  Ticket stored = Get(hit->ticket.id);
  EXPECT_EQ(stored.priority, Priority::kP1);
  EXPECT_TRUE(HasTag(stored, "complaint"));

  auto fired = EventsOf(hit->ticket.id, "rule.fired");
  ASSERT_EQ(fired.size(), 1u);
  EXPECT_EQ(fired[0].data.Find("rule_id")->as_int(), rule);
  EXPECT_EQ(fired[0].data.Find("rule_name")->as_string(), "投诉升级");
  EXPECT_EQ(fired[0].data.Find("version")->as_int(), 1);
  EXPECT_EQ(fired[0].data.Find("event")->as_string(), "ticket.created");
  EXPECT_EQ(fired[0].data.Find("actions")->as_array().size(), 2u);
  EXPECT_EQ(fired[0].actor, "system");
  // The changes are ordinary, attributed events after the rule.fired that caused them.
  auto events = Events(hit->ticket.id);
  auto at = [&](const std::string& type) {
    return std::find_if(events.begin(), events.end(),
                        [&](const Event& e) { return e.type == type; }) - events.begin();
  };
  EXPECT_LT(at("ticket.created"), at("rule.fired"));
  EXPECT_LT(at("rule.fired"), at("ticket.updated"));

  auto miss = Create("咨询发票");
  ASSERT_TRUE(miss.ok());
  EXPECT_EQ(miss->ticket.priority, Priority::kP3);
  EXPECT_TRUE(EventsOf(miss->ticket.id, "rule.fired").empty());
}

TEST_F(RulesTest, ChangedHoldsOnlyForTheFieldThatChanged) {
  AddRule(RuleBody("优先级变更提醒", "ticket.updated",
                   Arr({Cond("ticket.priority", "changed")}),
                   Arr({Obj({{"type", "add_note"}, {"body", "优先级已变更，请复核"}})})));
  auto t = Create("空调不制冷");
  ASSERT_TRUE(t.ok());
  TicketPatch cat;
  cat.category = "repair";
  ASSERT_TRUE(svc_->UpdateTicket(agent_, t->ticket.id, cat).ok());
  EXPECT_TRUE(EventsOf(t->ticket.id, "rule.fired").empty());
  TicketPatch pri;
  pri.priority = Priority::kP2;
  ASSERT_TRUE(svc_->UpdateTicket(agent_, t->ticket.id, pri).ok());
  EXPECT_EQ(EventsOf(t->ticket.id, "rule.fired").size(), 1u);
  auto view = svc_->GetTicket(agent_, t->ticket.id);
  ASSERT_EQ(view->messages.size(), 1u);
  EXPECT_TRUE(view->messages[0].internal);
  EXPECT_EQ(view->messages[0].body, "优先级已变更，请复核");
}

TEST_F(RulesTest, RulesRunInPositionOrderAndDisabledOnesAreSkipped) {
  // Both match; the later one (higher position) wins the field, whatever the creation order.
  AddRule(RuleBody("second", "ticket.created", Arr({}),
                   Arr({Obj({{"type", "set"}, {"field", "ticket.priority"}, {"value", "P2"}})}),
                   20));
  AddRule(RuleBody("first", "ticket.created", Arr({}),
                   Arr({Obj({{"type", "set"}, {"field", "ticket.priority"}, {"value", "P4"}})}),
                   10));
  Value off = RuleBody("disabled", "ticket.created", Arr({}),
                       Arr({Obj({{"type", "add_tag"}, {"value", "never"}})}), 5);
  off.Set("enabled", false);
  AddRule(off);
  auto t = Create("普通咨询");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->ticket.priority, Priority::kP2);
  EXPECT_FALSE(HasTag(t->ticket, "never"));
  auto fired = EventsOf(t->ticket.id, "rule.fired");
  ASSERT_EQ(fired.size(), 2u);
  EXPECT_EQ(fired[0].data.Find("rule_name")->as_string(), "first");
  EXPECT_EQ(fired[1].data.Find("rule_name")->as_string(), "second");
}

TEST_F(RulesTest, RulesThatRetriggerEachOtherStopAndTheRequestSucceeds) {
  // a → b → a → ...: each rule runs once for the originating change.
  AddRule(RuleBody("a→b", "ticket.updated", Arr({Cond("ticket.tags", "contains", "a")}),
                   Arr({Obj({{"type", "remove_tag"}, {"value", "a"}}),
                        Obj({{"type", "add_tag"}, {"value", "b"}})})));
  AddRule(RuleBody("b→a", "ticket.updated", Arr({Cond("ticket.tags", "contains", "b")}),
                   Arr({Obj({{"type", "remove_tag"}, {"value", "b"}}),
                        Obj({{"type", "add_tag"}, {"value", "a"}})})));
  auto t = Create("循环测试");
  ASSERT_TRUE(t.ok());
  TicketPatch p;
  p.tags = std::vector<std::string>{"a"};
  auto updated = svc_->UpdateTicket(agent_, t->ticket.id, p);
  ASSERT_TRUE(updated.ok()) << updated.status().ToString();
  auto fired = EventsOf(t->ticket.id, "rule.fired");
  ASSERT_EQ(fired.size(), 2u);
  EXPECT_EQ(fired[0].data.Find("rule_name")->as_string(), "a→b");
  EXPECT_EQ(fired[1].data.Find("rule_name")->as_string(), "b→a");
  // The response shows the final state: b→a ran last.
  EXPECT_EQ(updated->ticket.tags, std::vector<std::string>{"a"});

  // A later, separate change is a new originating event: the rules may run again.
  TicketPatch q;
  q.tags = std::vector<std::string>{"b", "x"};
  ASSERT_TRUE(svc_->UpdateTicket(agent_, t->ticket.id, q).ok());
  EXPECT_EQ(EventsOf(t->ticket.id, "rule.fired").size(), 4u);
}

TEST_F(RulesTest, ChainsOfCausedEventsStopAtTheDepthLimit) {
  // t0 → t1 → ... → t7: each rule reacts to the previous one's tag.
  for (int i = 0; i < 7; ++i) {
    AddRule(RuleBody("chain" + std::to_string(i), "ticket.updated",
                     Arr({Cond("ticket.tags", "contains", Value("t" + std::to_string(i)))}),
                     Arr({Obj({{"type", "add_tag"}, {"value", Value("t" + std::to_string(i + 1))}})}),
                     i));
  }
  auto t = Create("深度测试");
  ASSERT_TRUE(t.ok());
  TicketPatch p;
  p.tags = std::vector<std::string>{"t0"};
  auto updated = svc_->UpdateTicket(agent_, t->ticket.id, p);
  ASSERT_TRUE(updated.ok()) << updated.status().ToString();
  // The originating event and 5 levels of consequences run rules: chain0..chain5.
  EXPECT_EQ(EventsOf(t->ticket.id, "rule.fired").size(), 6u);
  EXPECT_TRUE(HasTag(updated->ticket, "t6"));
  EXPECT_FALSE(HasTag(updated->ticket, "t7"));
  auto stopped = EventsOf(t->ticket.id, "rule.loop_stopped");
  ASSERT_EQ(stopped.size(), 1u);
  EXPECT_EQ(stopped[0].data.Find("event")->as_string(), "ticket.updated");
}

TEST_F(RulesTest, AFailingActionIsSkippedWithAnErrorEventAndTheRestApplies) {
  AddRule(RuleBody("assign to a missing agent", "ticket.created", Arr({}),
                   Arr({Obj({{"type", "assign"}, {"agent_id", 999999}}),
                        Obj({{"type", "add_tag"}, {"value", "triaged"}})})));
  auto t = Create("任意工单");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_FALSE(t->ticket.assignee_id.has_value());
  EXPECT_TRUE(HasTag(t->ticket, "triaged"));
  auto actions = EventsOf(t->ticket.id, "rule.action");
  ASSERT_EQ(actions.size(), 1u);
  const Value& d = actions[0].data;
  EXPECT_FALSE(d.Find("applied")->as_bool());
  EXPECT_EQ(d.Find("index")->as_int(), 0);
  EXPECT_EQ(d.Find("action")->Find("type")->as_string(), "assign");
  EXPECT_EQ(d.Find("error")->Find("code")->as_string(), "invalid_argument");
  EXPECT_EQ(d.Find("error")->Find("field")->as_string(), "assignee_id");
  // Nothing of the failed action was written.
  EXPECT_TRUE(EventsOf(t->ticket.id, "ticket.assigned").empty());
}

TEST_F(RulesTest, EveryActionTypeIsCarriedOut) {
  AddRule(RuleBody("通知与回调", "ticket.created", Arr({}),
                   Arr({Obj({{"type", "notify"}, {"to_role", "supervisor"}, {"message", "新工单"}}),
                        Obj({{"type", "webhook"}, {"url", "https://example.com/hook"}}),
                        Obj({{"type", "send_survey"}, {"kind", "csat"}}),
                        Obj({{"type", "adjust_sla"}, {"target", "resolution"}, {"factor", 0.5}}),
                        Obj({{"type", "grant_compensation"}, {"kind", "coupon"}, {"amount", 20}}),
                        Obj({{"type", "create_task"}, {"department", "field"},
                             {"title", "核实物流"}, {"due_in_s", 3600}}),
                        Obj({{"type", "escalate"}, {"level", 1}, {"to_role", "csm"}})})));
  auto t = Create("物流延误");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_TRUE(EventsOf(t->ticket.id, "rule.action").empty());  // nothing skipped
  // notify, webhook and escalate's to_role are outbox messages written with the ticket; the
  // survey brings its own.
  auto outbox = svc_->ListOutbox(admin_, "", 0, 50);
  ASSERT_TRUE(outbox.ok()) << outbox.status().ToString();
  std::vector<std::string> got;
  for (const auto& m : outbox->items) got.push_back(m.channel + " " + m.recipient);
  std::sort(got.begin(), got.end());
  ASSERT_EQ(got.size(), 4u) << ::testing::PrintToString(got);
  EXPECT_EQ(got[1], "staff role:csm");
  EXPECT_EQ(got[2], "staff role:supervisor");
  EXPECT_EQ(got[3], "webhook https://example.com/hook");
  EXPECT_EQ(EventsOf(t->ticket.id, "survey.sent").size(), 1u);
  auto view = svc_->GetTicket(agent_, t->ticket.id);
  ASSERT_EQ(view->tasks.size(), 1u);
  EXPECT_EQ(view->tasks[0].department, "field");
  ASSERT_TRUE(view->tasks[0].due_at.has_value());
  EXPECT_EQ(*view->tasks[0].due_at, clock_.Now() + 3600 * 1000);
  // escalate: one priority level up and tagged, as an SLA escalation does.
  EXPECT_EQ(t->ticket.priority, Priority::kP2);
  EXPECT_TRUE(HasTag(t->ticket, "escalated"));
  // adjust_sla: the resolution target of this ticket is halved (dynamic SLA).
  ASSERT_EQ(EventsOf(t->ticket.id, "sla.adjusted").size(), 1u);
  ASSERT_TRUE(view->sla.has_value());
  const Value* res = view->sla->detail.Find("targets")->Find("resolution");
  EXPECT_NE(view->sla->policy.find("(adjusted)"), std::string::npos);
  EXPECT_EQ(res->Find("target_s")->as_int(), 72 * 3600 / 2);  // basic tier: 72 h, halved
}

TEST_F(RulesTest, ScheduleRulesFireOncePerActiveTicketAndRuleVersion) {
  Value body = RuleBody("闲置提醒", "schedule", Arr({Cond("ticket.idle_hours", "gt", 24)}),
                        Arr({Obj({{"type", "add_tag"}, {"value", "idle"}}),
                             Obj({{"type", "add_note"}, {"body", "超过24小时无进展"}})}));
  const Id rule = AddRule(body);
  auto idle = Create("等待配件");
  auto done = Create("已解决的问题");
  ASSERT_TRUE(idle.ok() && done.ok());
  TicketPatch resolve;
  resolve.status = TicketStatus::kResolved;
  ASSERT_TRUE(svc_->UpdateTicket(agent_, done->ticket.id, resolve).ok());

  // Not idle long enough yet: nothing fires, nothing is written.
  EXPECT_EQ(*svc_->RunScheduledRules(clock_.Now()), 0);
  clock_.Advance(25 * kHourMs);
  EXPECT_EQ(*svc_->RunScheduledRules(clock_.Now()), 1);  // the resolved ticket is not active
  EXPECT_TRUE(HasTag(Get(idle->ticket.id), "idle"));
  EXPECT_FALSE(HasTag(Get(done->ticket.id), "idle"));
  ASSERT_EQ(EventsOf(idle->ticket.id, "rule.fired").size(), 1u);
  EXPECT_EQ(EventsOf(idle->ticket.id, "rule.fired")[0].data.Find("event")->as_string(),
            "schedule");

  // Still matching a day later, but a rule fires once per ticket and version...
  clock_.Advance(25 * kHourMs);
  EXPECT_EQ(*svc_->RunScheduledRules(clock_.Now()), 0);
  EXPECT_EQ(EventsOf(idle->ticket.id, "rule.fired").size(), 1u);
  // ...until the rule is changed: the new version fires again.
  body.Set("name", "闲置提醒 v2");
  ASSERT_TRUE(svc_->UpdateRule(admin_, rule, body).ok());
  EXPECT_EQ(*svc_->RunScheduledRules(clock_.Now()), 1);
  EXPECT_EQ(EventsOf(idle->ticket.id, "rule.fired").size(), 2u);
}

TEST_F(RulesTest, AdjustSlaAddSecondsExtendsThePolicyTarget) {
  AddRule(RuleBody("偏远地区配件 +48h", "ticket.created", Arr({}),
                   Arr({Obj({{"type", "adjust_sla"}, {"target", "resolution"},
                             {"add_seconds", 48 * 3600}})})));
  auto t = Create("需要更换压缩机");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  auto view = svc_->GetTicket(agent_, t->ticket.id);
  ASSERT_TRUE(view->sla.has_value());
  const Value* res = view->sla->detail.Find("targets")->Find("resolution");
  EXPECT_EQ(res->Find("target_s")->as_int(), (72 + 48) * 3600);  // basic tier: 72 h + 48 h
  auto adjusted = EventsOf(t->ticket.id, "sla.adjusted");
  ASSERT_EQ(adjusted.size(), 1u);
  EXPECT_EQ(adjusted[0].data.Find("add_seconds")->as_int(), 48 * 3600);
  // Exactly one of seconds, factor or add_seconds.
  auto bad = svc_->CreateRule(
      admin_, RuleBody("bad", "ticket.created", Arr({}),
                       Arr({Obj({{"type", "adjust_sla"}, {"target", "resolution"},
                                 {"add_seconds", 60}, {"factor", 2}})})));
  EXPECT_EQ(bad.status().code(), Code::kInvalidArgument);
}

TEST_F(RulesTest, SurveyAnsweredRulesSeeTheAnswer) {
  AddRule(RuleBody("差评跟进", "survey.answered",
                   Arr({Cond("survey.kind", "eq", "csat"), Cond("survey.score", "lt", 3)}),
                   Arr({Obj({{"type", "add_tag"}, {"value", "unhappy"}})})));
  auto t = Create("空调不制冷");
  ASSERT_TRUE(t.ok());
  TicketPatch resolve;
  resolve.status = TicketStatus::kResolved;
  ASSERT_TRUE(svc_->UpdateTicket(agent_, t->ticket.id, resolve).ok());
  auto survey = svc_->GetTicketSurvey(agent_, t->ticket.id);
  ASSERT_TRUE(survey.ok()) << survey.status().ToString();
  ASSERT_TRUE(svc_->AnswerSurvey(survey->token, 2, "等了三天").ok());
  EXPECT_TRUE(HasTag(Get(t->ticket.id), "unhappy"));
  auto fired = EventsOf(t->ticket.id, "rule.fired");
  ASSERT_EQ(fired.size(), 1u);
  EXPECT_EQ(fired[0].data.Find("event")->as_string(), "survey.answered");
}

TEST_F(RulesTest, GrantCompensationCreatesOneRecordPerRuleAndTicket) {
  AddRule(RuleBody("致歉券", "ticket.updated", Arr({Cond("ticket.tags", "contains", "vip_angry")}),
                   Arr({Obj({{"type", "grant_compensation"}, {"kind", "coupon"}, {"amount", 20}}),
                        Obj({{"type", "grant_compensation"}, {"kind", "credit"}, {"amount", 500},
                             {"note", "大额补偿"}})})));
  auto t = Create("服务不满");
  ASSERT_TRUE(t.ok());
  TicketPatch p;
  p.tags = std::vector<std::string>{"vip_angry"};
  ASSERT_TRUE(svc_->UpdateTicket(agent_, t->ticket.id, p).ok());
  auto comps = svc_->ListCompensations(agent_, t->ticket.id, 0, 50);
  ASSERT_TRUE(comps.ok()) << comps.status().ToString();
  // The second action of the same rule is the same commitment ("rule:<id>"): once only.
  ASSERT_EQ(comps->size(), 1u);
  EXPECT_EQ((*comps)[0].type, "coupon");
  EXPECT_EQ((*comps)[0].amount, 20);
  EXPECT_EQ((*comps)[0].status, "approved");  // within the auto-approval amount
  EXPECT_EQ(EventsOf(t->ticket.id, "compensation.created").size(), 1u);
  auto skipped = EventsOf(t->ticket.id, "rule.action");
  ASSERT_EQ(skipped.size(), 1u);
  EXPECT_EQ(skipped[0].data.Find("index")->as_int(), 1);
  EXPECT_NE(skipped[0].data.Find("reason")->as_string().find("already granted"),
            std::string::npos);
}

TEST_F(RulesTest, AssignToTheRouterRoutesWithinTheTeam) {
  AgentPatch online;
  online.status = AgentStatus::kOnline;
  ASSERT_TRUE(svc_->UpdateAgent(agent_, agent_.agent_id, online).ok());
  // No agent in 售后: the router queues the ticket there; 客服 has 张伟 online.
  AddRule(RuleBody("售后队列", "ticket.created", Arr({Cond("ticket.subject", "contains", "售后")}),
                   Arr({Obj({{"type", "assign"}, {"team", "售后"}, {"router", true}})})));
  AddRule(RuleBody("客服派单", "ticket.created", Arr({Cond("ticket.subject", "contains", "咨询")}),
                   Arr({Obj({{"type", "assign"}, {"team", "客服"}, {"router", true}})})));
  auto queued = Create("售后维修");
  ASSERT_TRUE(queued.ok()) << queued.status().ToString();
  EXPECT_EQ(queued->ticket.team, "售后");
  EXPECT_FALSE(queued->ticket.assignee_id.has_value());
  EXPECT_TRUE(EventsOf(queued->ticket.id, "rule.action").empty());
  auto routed = Create("产品咨询");
  ASSERT_TRUE(routed.ok()) << routed.status().ToString();
  EXPECT_EQ(routed->ticket.team, "客服");
  EXPECT_EQ(routed->ticket.assignee_id, std::optional<Id>(agent_.agent_id));
}

TEST_F(RulesTest, MessageRulesSeeTheMessage) {
  AddRule(RuleBody("退款识别", "message.created",
                   Arr({Cond("message.author", "eq", "customer"),
                        Cond("message.body", "contains", "退款")}),
                   Arr({Obj({{"type", "set"}, {"field", "ticket.category"}, {"value", "refund"}}),
                        Obj({{"type", "assign"}, {"team", "售后"}})})));
  auto t = Create("订单问题");
  ASSERT_TRUE(t.ok());
  NewMessage m;
  m.author = AuthorKind::kCustomer;
  m.body = "我要退款";
  ASSERT_TRUE(svc_->AddMessage(agent_, t->ticket.id, m).ok());
  Ticket after = Get(t->ticket.id);
  EXPECT_EQ(after.category, "refund");
  EXPECT_EQ(after.team, "售后");
  EXPECT_EQ(EventsOf(t->ticket.id, "rule.fired").size(), 1u);
}

TEST_F(RulesTest, SlaBreachRulesRunWhenTheNoticeFires) {
  AddRule(RuleBody("首响超时", "sla.breached",
                   Arr({Cond("sla.target", "eq", "first_response")}),
                   Arr({Obj({{"type", "add_tag"}, {"value", "frt_breached"}})})));
  auto t = Create("无人回复", Priority::kP3);  // basic tier: first response in 24 h
  ASSERT_TRUE(t.ok());
  clock_.Advance(25 * kHourMs);
  auto fired = svc_->FireDueNotices(clock_.Now());
  ASSERT_TRUE(fired.ok()) << fired.status().ToString();
  EXPECT_TRUE(HasTag(Get(t->ticket.id), "frt_breached"));
  auto rf = EventsOf(t->ticket.id, "rule.fired");
  ASSERT_EQ(rf.size(), 1u);
  EXPECT_EQ(rf[0].data.Find("event")->as_string(), "sla.breached");
}

TEST_F(RulesTest, CrudVersionsAuditAndRoles) {
  Value body = RuleBody("v", "ticket.created", Arr({Cond("ticket.channel", "eq", "email")}),
                        Arr({Obj({{"type", "add_tag"}, {"value", "mail"}})}));
  EXPECT_EQ(svc_->CreateRule(agent_, body).status().code(), Code::kPermissionDenied);
  auto created = svc_->CreateRule(admin_, body);
  ASSERT_TRUE(created.ok());
  const Id id = created->rule.id;
  EXPECT_EQ(created->rule.version, 1);
  EXPECT_EQ(created->created_at, clock_.Now());

  clock_.Advance(1000);
  Value changed = body;
  changed.Set("name", "v2");
  auto v2 = svc_->UpdateRule(admin_, id, changed);
  ASSERT_TRUE(v2.ok()) << v2.status().ToString();
  EXPECT_EQ(v2->rule.version, 2);
  EXPECT_EQ(v2->rule.name, "v2");
  EXPECT_EQ(v2->updated_at, clock_.Now());
  EXPECT_EQ(v2->created_at, created->created_at);
  // A stale version is refused; the same content is no new version.
  Value stale = changed;
  stale.Set("version", 1);
  EXPECT_EQ(svc_->UpdateRule(admin_, id, stale).status().code(), Code::kConflict);
  EXPECT_EQ(svc_->UpdateRule(admin_, id, changed)->rule.version, 2);
  auto patched = svc_->PatchRule(admin_, id, Obj({{"enabled", false}}));
  ASSERT_TRUE(patched.ok()) << patched.status().ToString();
  EXPECT_EQ(patched->rule.version, 3);
  EXPECT_FALSE(patched->rule.enabled);
  EXPECT_EQ(patched->rule.name, "v2");
  EXPECT_EQ(svc_->PatchRule(agent_, id, Obj({{"enabled", true}})).status().code(),
            Code::kPermissionDenied);

  // Invalid rules name the field.
  Value bad = RuleBody("bad", "ticket.created", Arr({Cond("ticket.colour", "eq", "red")}),
                       Arr({Obj({{"type", "add_tag"}, {"value", "x"}})}));
  auto refused = svc_->CreateRule(admin_, bad);
  EXPECT_EQ(refused.status().code(), Code::kInvalidArgument);
  EXPECT_EQ(refused.status().field(), "conditions.all[0].field");
  auto refused_patch = svc_->PatchRule(admin_, id, Obj({{"actions", Arr({Obj({{"type", "fly"}})})}}));
  EXPECT_EQ(refused_patch.status().field(), "actions[0].type");

  // Every role reads; the audit trail holds every version.
  ASSERT_EQ(svc_->ListRules(agent_)->size(), 1u);
  EXPECT_EQ(svc_->GetRule(agent_, id)->rule.version, 3);
  ASSERT_TRUE(svc_->DeleteRule(admin_, id).ok());
  EXPECT_EQ(svc_->GetRule(agent_, id).status().code(), Code::kNotFound);
  EXPECT_EQ(svc_->DeleteRule(admin_, id).code(), Code::kNotFound);
  EXPECT_TRUE(svc_->ListRules(agent_)->empty());

  std::vector<std::string> audit;
  Status st = store_->Read([&](UnitOfWork& uow) {
    LD_ASSIGN_OR_RETURN(auto events, uow.ListEventsAfter(0, 1000));
    for (const auto& e : events)
      if (e.type.rfind("rule.", 0) == 0)
        audit.push_back(e.type + "@" + std::to_string(e.data.Find("version")->as_int()));
    return Status::Ok();
  });
  ASSERT_TRUE(st.ok());
  EXPECT_EQ(audit, (std::vector<std::string>{"rule.created@1", "rule.updated@2",
                                              "rule.updated@3", "rule.deleted@3"}));
}

TEST_F(RulesTest, DeletedAndReloadedRulesAreWhatRuns) {
  Id id = AddRule(RuleBody("tag all", "ticket.created", Arr({}),
                           Arr({Obj({{"type", "add_tag"}, {"value", "seen"}})})));
  // A new Service over the same store loads the stored rules at start.
  Service other(*store_, secrets_, clock_, bus_);
  ASSERT_TRUE(other.LoadSettings().ok());
  NewTicket nt;
  nt.customer_id = customer_;
  nt.subject = "重启后";
  auto t = other.CreateTicket(agent_, nt);
  ASSERT_TRUE(t.ok());
  EXPECT_TRUE(HasTag(t->ticket, "seen"));
  ASSERT_TRUE(svc_->DeleteRule(admin_, id).ok());
  auto after = Create("删除后");
  ASSERT_TRUE(after.ok());
  EXPECT_FALSE(HasTag(after->ticket, "seen"));
  EXPECT_TRUE(EventsOf(after->ticket.id, "rule.fired").empty());
}

TEST_F(RulesTest, DryRunListsMatchesAndWritesNothing) {
  auto a = Create("客户投诉：安装延误");
  auto b = Create("发票咨询");
  auto c = Create("再次投诉");
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  Value body = RuleBody("投诉", "ticket.created", Arr({Cond("ticket.subject", "contains", "投诉")}),
                        Arr({Obj({{"type", "set"}, {"field", "ticket.priority"}, {"value", "P1"}}),
                             Obj({{"type", "webhook"}, {"url", "https://example.com/x"}})}));
  body.Set("enabled", false);
  Id id = AddRule(body);
  auto before = Events(a->ticket.id).size();
  size_t all_before = 0;
  ASSERT_TRUE(store_->Read([&](UnitOfWork& uow) {
    LD_ASSIGN_OR_RETURN(auto ev, uow.ListEventsAfter(0, 100000));
    all_before = ev.size();
    return Status::Ok();
  }).ok());

  auto out = svc_->DryRunRule(agent_, id, 0, true);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out->Find("evaluated")->as_int(), 3);
  const auto& matched = out->Find("matched")->as_array();
  ASSERT_EQ(matched.size(), 2u);
  EXPECT_EQ(matched[0].Find("ticket_id")->as_int(), c->ticket.id);  // newest first
  EXPECT_EQ(matched[1].Find("ticket_id")->as_int(), a->ticket.id);
  const auto& acts = matched[0].Find("actions")->as_array();
  ASSERT_EQ(acts.size(), 2u);
  EXPECT_EQ(acts[0].Find("changes")->Find("ticket.priority")->Find("from")->as_string(), "P3");
  EXPECT_EQ(acts[0].Find("changes")->Find("ticket.priority")->Find("to")->as_string(), "P1");
  EXPECT_EQ(out->Find("explain")->as_array().size(), 3u);
  auto limited = svc_->DryRunRule(agent_, id, 1, false);
  EXPECT_EQ(limited->Find("evaluated")->as_int(), 1);
  EXPECT_EQ(limited->Find("explain"), nullptr);

  EXPECT_EQ(Events(a->ticket.id).size(), before);
  EXPECT_EQ(Get(a->ticket.id).priority, Priority::kP3);
  size_t all_after = 0;
  ASSERT_TRUE(store_->Read([&](UnitOfWork& uow) {
    LD_ASSIGN_OR_RETURN(auto ev, uow.ListEventsAfter(0, 100000));
    all_after = ev.size();
    return Status::Ok();
  }).ok());
  EXPECT_EQ(all_after, all_before);
}

}  // namespace
}  // namespace loopdesk
