// The customer's view of a ticket: steps from events, names, the SLA promise, and the link
// stored over the real SQLite store.
#include "app/ticket_status.h"

#include <gtest/gtest.h>

#include "app/service.h"
#include "storage/sqlite/sqlite_store.h"
#include "tests/support/fakes.h"

namespace loopdesk {
namespace {

Event Ev(std::string type, TimeMs at, Value data) {
  Event e;
  e.type = std::move(type);
  e.at = at;
  e.data = std::move(data);
  return e;
}

Value Obj(std::initializer_list<std::pair<const char*, Value>> kv) {
  Value v = Value::MakeObject();
  for (const auto& [k, x] : kv) v.Set(k, x);
  return v;
}

std::vector<std::string> Codes(const PublicTicketStatus& s) {
  std::vector<std::string> out;
  for (const auto& st : s.steps) out.push_back(st.code + (st.handler.empty() ? "" : ":" + st.handler));
  return out;
}

TEST(CustomerFacingName, FirstWordOrSurname) {
  EXPECT_EQ(CustomerFacingName("Anna Lee"), "Anna");
  EXPECT_EQ(CustomerFacingName("张伟"), "小张");
  EXPECT_EQ(CustomerFacingName("Bob"), "Bob");
  EXPECT_EQ(CustomerFacingName(""), "");
}

TEST(BuildPublicTicketStatus, StepsFromEventsWithoutRepeats) {
  Ticket t;
  t.id = 7;
  t.subject = "Printer jams";
  t.status = TicketStatus::kPending;
  t.assignee_id = 3;
  t.team = "Support";
  t.created_at = 1000;
  std::vector<Event> ev = {
      Ev("ticket.created", 1000, Obj({{"team", Value("Support")}})),
      Ev("ticket.assigned", 2000, Obj({{"assignee_id", Value(int64_t{3})}, {"team", Value("Support")}})),
      Ev("message.created", 2500, Obj({{"author", Value("agent")}, {"internal", Value(true)}})),
      Ev("ticket.status_changed", 3000, Obj({{"from", Value("new")}, {"to", Value("open")}})),
      Ev("ticket.status_changed", 3100, Obj({{"from", Value("open")}, {"to", Value("on_hold")}})),
      Ev("ticket.status_changed", 4000, Obj({{"from", Value("on_hold")}, {"to", Value("pending")}})),
  };
  TicketSla sla;
  sla.resolution_due = 5000;
  auto names = [](Id id) { return id == 3 ? std::string("Anna") : std::string(); };
  auto s = BuildPublicTicketStatus(t, ev, sla, names, "en", 9000);
  EXPECT_EQ(Codes(s), (std::vector<std::string>{"received", "assigned:Support", "assigned:Anna",
                                                "in_progress", "waiting_for_you"}));
  EXPECT_EQ(s.stage, "waiting_for_you");
  EXPECT_EQ(s.handler, "Anna");
  EXPECT_EQ(s.language, "en");
  ASSERT_TRUE(s.due);
  EXPECT_EQ(*s.due, 5000);
  EXPECT_TRUE(s.paused);
  EXPECT_FALSE(s.overdue);  // the clock stops while waiting for the customer
}

TEST(BuildPublicTicketStatus, ResolvedHasNoPromiseAndOpenPastDueIsOverdue) {
  Ticket t;
  t.status = TicketStatus::kResolved;
  TicketSla sla;
  sla.resolution_due = 5000;
  auto none = [](Id) { return std::string(); };
  auto done = BuildPublicTicketStatus(t, {}, sla, none, "zh", 9000);
  EXPECT_FALSE(done.due);
  EXPECT_EQ(done.stage, "resolved");
  EXPECT_EQ(Codes(done), std::vector<std::string>{"received"});  // no events: created only
  t.status = TicketStatus::kOpen;
  auto late = BuildPublicTicketStatus(t, {}, sla, none, "fr", 9000);
  EXPECT_TRUE(late.overdue);
  EXPECT_EQ(late.language, "zh");
}

class TicketLinkTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = SqliteStore::Open(dir_.File("t.db"));
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(*s);
    svc_ = std::make_unique<Service>(*store_, secrets_, clock_, bus_);
    ASSERT_TRUE(svc_->Bootstrap("root").ok());
    who_ = *svc_->Authenticate("root");
    NewCustomer c;
    c.name = "Ms Wang";
    c.language = "en";
    auto cust = svc_->CreateCustomer(who_, c);
    ASSERT_TRUE(cust.ok()) << cust.status().ToString();
    NewTicket t;
    t.customer_id = cust->id;
    t.channel = Channel::kEmail;
    t.subject = "Router offline";
    auto r = svc_->CreateTicket(who_, t);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    ticket_ = r->ticket.id;
  }

  testing::TempDir dir_;
  testing::FakeSecrets secrets_;
  FakeClock clock_{1795336200000};
  EventBus bus_;
  std::unique_ptr<SqliteStore> store_;
  std::unique_ptr<Service> svc_;
  Principal who_;
  Id ticket_ = 0;
};

TEST_F(TicketLinkTest, CreatedOnceThenFoundByToken) {
  auto none = svc_->GetTicketStatusLink(who_, ticket_, false);
  EXPECT_EQ(none.status().code(), Code::kNotFound);
  auto a = svc_->GetTicketStatusLink(who_, ticket_, true);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  auto b = svc_->GetTicketStatusLink(who_, ticket_, true);
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(a->token, b->token);
  EXPECT_EQ(a->url, "/t/" + a->token);

  NewMessage note;
  note.author = AuthorKind::kAgent;
  note.body = "internal: customer is difficult";
  note.internal = true;
  ASSERT_TRUE(svc_->AddMessage(who_, ticket_, note).ok());

  auto view = svc_->FindPublicTicketStatus(a->token);
  ASSERT_TRUE(view.ok()) << view.status().ToString();
  EXPECT_EQ(view->ticket_id, ticket_);
  EXPECT_EQ(view->subject, "Router offline");
  EXPECT_EQ(view->language, "en");
  ASSERT_FALSE(view->steps.empty());
  EXPECT_EQ(view->steps.front().code, "received");
  EXPECT_TRUE(view->due);

  EXPECT_EQ(svc_->FindPublicTicketStatus("nope").status().code(), Code::kNotFound);
  EXPECT_EQ(svc_->FindPublicTicketStatus("").status().code(), Code::kNotFound);
  EXPECT_EQ(svc_->GetTicketStatusLink(who_, 999, true).status().code(), Code::kNotFound);
}

}  // namespace
}  // namespace loopdesk
