// Use-case tests over the real SQLite store (a temp file per test).
#include "app/operations.h"

#include <gtest/gtest.h>

#include <set>

#include "app/service.h"
#include "storage/sqlite/sqlite_store.h"
#include "tests/support/fakes.h"

namespace loopdesk {
namespace {

class ServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = SqliteStore::Open(dir_.File("t.db"));
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(*s);
    svc_ = std::make_unique<Service>(*store_, secrets_, clock_, bus_);
    bus_.Subscribe([this](const Event& e) { published_.push_back(e.type); });
    ASSERT_TRUE(svc_->Bootstrap("root").ok());
    auto who = svc_->Authenticate("root");
    ASSERT_TRUE(who.ok());
    admin_ = *who;
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

  Ticket NewTicketWith(const std::string& subject) {
    NewTicket t;
    t.customer_id = customer_;
    t.channel = Channel::kEmail;
    t.subject = subject;
    auto r = svc_->CreateTicket(agent_, t);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r->ticket;
  }

  std::vector<std::string> EventTypes(Id ticket) {
    auto page = svc_->ListTicketEvents(agent_, ticket, 0, 500);
    std::vector<std::string> out;
    for (const auto& e : page->items) out.push_back(e.type);
    return out;
  }

  testing::TempDir dir_;
  testing::FakeSecrets secrets_;
  FakeClock clock_{1795336200000};
  EventBus bus_;
  std::unique_ptr<SqliteStore> store_;
  std::unique_ptr<Service> svc_;
  Principal admin_, agent_;
  Id customer_ = 0;
  std::vector<std::string> published_;
};

TEST_F(ServiceTest, TokensAreStoredHashedAndResolveToTheirAgent) {
  EXPECT_EQ(agent_.name, "张伟");
  EXPECT_EQ(admin_.role, Role::kAdmin);
  EXPECT_EQ(svc_->Authenticate("h(root)").status().code(), Code::kUnauthenticated);
  EXPECT_FALSE(svc_->Bootstrap("other").value());  // only on an empty store
}

TEST_F(ServiceTest, OnlyAdminsCreateAgents) {
  NewAgent a;
  a.name = "李娜";
  EXPECT_EQ(svc_->CreateAgent(agent_, a).status().code(), Code::kPermissionDenied);
  AgentPatch p;
  p.status = AgentStatus::kOnline;
  EXPECT_TRUE(svc_->UpdateAgent(agent_, agent_.agent_id, p).ok());
  EXPECT_EQ(svc_->UpdateAgent(agent_, admin_.agent_id, p).status().code(),
            Code::kPermissionDenied);
  AgentPatch role;
  role.role = Role::kAdmin;
  EXPECT_EQ(svc_->UpdateAgent(agent_, agent_.agent_id, role).status().code(),
            Code::kPermissionDenied);
}

TEST_F(ServiceTest, CreateInfersPriorityAndCategoryWithReasons) {
  NewTicket t;
  t.customer_id = customer_;
  t.channel = Channel::kPhone;
  t.subject = "设备停机，紧急";
  t.description = "我要退款";
  auto r = svc_->CreateTicket(agent_, t);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->ticket.priority, Priority::kP1);
  EXPECT_EQ(r->ticket.category, "refund");
  ASSERT_TRUE(r->inferred_priority.has_value());
  EXPECT_EQ(r->inferred_priority->reason, "keyword 紧急");
  t.priority = Priority::kP4;
  t.category = "billing";
  auto explicit_ = svc_->CreateTicket(agent_, t);
  EXPECT_EQ(explicit_->ticket.priority, Priority::kP4);
  EXPECT_FALSE(explicit_->inferred_priority.has_value());
}

TEST_F(ServiceTest, UnknownCustomerIsAFieldErrorAndWritesNothing) {
  NewTicket t;
  t.customer_id = 999;
  t.subject = "x";
  auto r = svc_->CreateTicket(agent_, t);
  EXPECT_EQ(r.status().code(), Code::kInvalidArgument);
  EXPECT_EQ(r.status().field(), "customer_id");
  EXPECT_TRUE(svc_->ListTickets(agent_, {})->items.empty());
}

TEST_F(ServiceTest, FirstResponseIsTheFirstPublicHumanReply) {
  Ticket t = NewTicketWith("空调不制冷");
  clock_.Advance(60000);
  ASSERT_TRUE(svc_->AddMessage(agent_, t.id, {AuthorKind::kAgent, "内部：先查库存", true}).ok());
  auto v = svc_->GetTicket(agent_, t.id);
  EXPECT_FALSE(v->ticket.first_response_at.has_value());
  EXPECT_EQ(v->ticket.status, TicketStatus::kNew);  // a note does not open the ticket
  clock_.Advance(60000);
  ASSERT_TRUE(svc_->AddMessage(agent_, t.id, {AuthorKind::kAgent, "您好，马上安排", false}).ok());
  v = svc_->GetTicket(agent_, t.id);
  EXPECT_EQ(v->ticket.first_response_at, t.created_at + 120000);
  EXPECT_EQ(v->ticket.status, TicketStatus::kOpen);
  EXPECT_EQ(v->ticket.agent_reply_count, 1);
}

TEST_F(ServiceTest, CustomerComingBackReopensAResolvedTicket) {
  Ticket t = NewTicketWith("发票开错了");
  TicketPatch p;
  p.status = TicketStatus::kResolved;
  ASSERT_TRUE(svc_->UpdateTicket(agent_, t.id, p).ok());
  ASSERT_TRUE(svc_->AddMessage(agent_, t.id, {AuthorKind::kCustomer, "还是不对", false}).ok());
  auto v = svc_->GetTicket(agent_, t.id);
  EXPECT_EQ(v->ticket.status, TicketStatus::kReopened);
  EXPECT_EQ(v->ticket.reopen_count, 1);
}

TEST_F(ServiceTest, IllegalMoveIsAConflictAndLeavesNoTrace) {
  Ticket t = NewTicketWith("咨询保修");
  auto before = EventTypes(t.id);
  TicketPatch p;
  p.status = TicketStatus::kClosed;
  p.priority = Priority::kP1;  // must not be applied either
  auto r = svc_->UpdateTicket(agent_, t.id, p);
  EXPECT_EQ(r.status().code(), Code::kConflict);
  auto v = svc_->GetTicket(agent_, t.id);
  EXPECT_EQ(v->ticket.status, TicketStatus::kNew);
  EXPECT_EQ(v->ticket.priority, t.priority);
  EXPECT_EQ(EventTypes(t.id), before);
}

TEST_F(ServiceTest, ReassigningRecordsATransferWithHistory) {
  NewAgent other;
  other.name = "李娜";
  other.team = "技术支持";
  Id other_id = svc_->CreateAgent(admin_, other)->agent.id;
  Ticket t = NewTicketWith("账号无法登录");
  TicketPatch first;
  first.assignee_id = std::optional<Id>(agent_.agent_id);
  ASSERT_TRUE(svc_->UpdateTicket(agent_, t.id, first).ok());
  TicketPatch second;
  second.assignee_id = std::optional<Id>(other_id);
  second.reason = "转技术支持排查";
  auto r = svc_->UpdateTicket(agent_, t.id, second);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->ticket.team, "技术支持");
  EXPECT_EQ(r->ticket.transfer_count, 1);
  auto v = svc_->GetTicket(agent_, t.id);
  ASSERT_EQ(v->transfers.size(), 1u);
  EXPECT_EQ(v->transfers[0].from_agent_id, agent_.agent_id);
  EXPECT_EQ(v->transfers[0].to_agent_id, other_id);
  EXPECT_EQ(v->transfers[0].reason, "转技术支持排查");
  auto types = EventTypes(t.id);
  EXPECT_EQ(types.back(), "ticket.transferred");
}

TEST_F(ServiceTest, EventsArePublishedOnlyAfterCommit) {
  published_.clear();
  Ticket t = NewTicketWith("快递三天没到");
  ASSERT_EQ(published_, std::vector<std::string>{"ticket.created"});
  TicketPatch bad;
  bad.status = TicketStatus::kReopened;
  EXPECT_FALSE(svc_->UpdateTicket(agent_, t.id, bad).ok());
  EXPECT_EQ(published_.size(), 1u);
}

TEST_F(ServiceTest, ClosedTicketsAcceptOnlyInternalNotes) {
  Ticket t = NewTicketWith("退货");
  TicketPatch p;
  p.status = TicketStatus::kResolved;
  ASSERT_TRUE(svc_->UpdateTicket(agent_, t.id, p).ok());
  p.status = TicketStatus::kClosed;
  ASSERT_TRUE(svc_->UpdateTicket(agent_, t.id, p).ok());
  EXPECT_EQ(svc_->AddMessage(agent_, t.id, {AuthorKind::kCustomer, "hello", false}).status().code(),
            Code::kConflict);
  EXPECT_TRUE(svc_->AddMessage(agent_, t.id, {AuthorKind::kAgent, "note", true}).ok());
}

TEST_F(ServiceTest, ContactsIdentifyOneCustomer) {
  NewCustomer c;
  c.name = "Other";
  c.phone = "13800000000";
  auto r = svc_->CreateCustomer(agent_, c);
  EXPECT_EQ(r.status().code(), Code::kConflict);
  EXPECT_EQ(r.status().field(), "phone");
  auto found = svc_->FindCustomerByContact(agent_, "13800000000", "", "");
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->id, customer_);
}

TEST_F(ServiceTest, TicketListPagesWithoutGapsOrDuplicates) {
  for (int i = 0; i < 23; ++i) NewTicketWith("ticket " + std::to_string(i));
  std::set<Id> seen;
  TicketFilter f;
  f.limit = 5;
  int pages = 0;
  while (true) {
    auto page = svc_->ListTickets(agent_, f);
    ASSERT_TRUE(page.ok());
    for (const auto& row : page->items) EXPECT_TRUE(seen.insert(row.ticket.id).second);
    ++pages;
    if (!page->next_cursor) break;
    f.before_id = *page->next_cursor;
  }
  EXPECT_EQ(seen.size(), 23u);
  EXPECT_EQ(pages, 5);
}

}  // namespace
}  // namespace loopdesk

namespace loopdesk {
namespace {

// SLA steps change tickets through the ordinary use case: a reassign step is a recorded
// transfer back to the queue, and each step fires once.
TEST_F(ServiceTest, SlaReassignStepIsAnOrdinaryTransferAndFiresOnce) {
  Value policy = Value::MakeObject();
  policy.Set("name", "tight");
  policy.Set("first_response_s", int64_t{60});
  policy.Set("resolution_s", int64_t{3600});
  Value step = Value::MakeObject();
  step.Set("target", "first_response");
  step.Set("percent", 100);
  step.Set("action", "reassign");
  Value steps = Value::MakeArray();
  steps.Push(step);
  policy.Set("escalations", steps);
  Value list = Value::MakeArray();
  list.Push(policy);
  ASSERT_TRUE(svc_->PutSlaPolicies(admin_, list).ok());

  NewTicket in;
  in.customer_id = customer_;
  in.subject = "打印机卡纸";
  in.assignee_id = agent_.agent_id;
  auto t = svc_->CreateTicket(agent_, in);
  ASSERT_TRUE(t.ok()) << t.status().ToString();

  clock_.Advance(30 * kSecondMs);
  EXPECT_EQ(*svc_->FireDueNotices(clock_.Now()), 0);  // not due yet
  clock_.Advance(31 * kSecondMs);
  EXPECT_EQ(*svc_->FireDueNotices(clock_.Now()), 1);
  EXPECT_EQ(*svc_->FireDueNotices(clock_.Now()), 0);  // fired once

  auto v = svc_->GetTicket(agent_, t->ticket.id);
  ASSERT_TRUE(v.ok());
  EXPECT_FALSE(v->ticket.assignee_id.has_value());
  EXPECT_EQ(v->ticket.transfer_count, 1);
  ASSERT_EQ(v->transfers.size(), 1u);
  EXPECT_EQ(v->transfers[0].from_agent_id, agent_.agent_id);
  EXPECT_EQ(v->transfers[0].reason, "SLA first_response at 100%");
  auto types = EventTypes(t->ticket.id);
  auto breached = std::find(types.begin(), types.end(), "sla.breached");
  ASSERT_NE(breached, types.end());
  EXPECT_NE(std::find(breached, types.end(), "ticket.transferred"), types.end());
}

}  // namespace
}  // namespace loopdesk
