#pragma once
// Contract tests of the store port (ports/store.h), written once for every adapter as a
// GoogleTest type-parameterised suite. An adapter's test instantiates it with an
// environment type:
//
//   struct MyEnv {
//     MyEnv();                                     // a fresh, empty database
//     Result<std::unique_ptr<Store>> Open();       // opens it (again: Reopen keeps data)
//     ~MyEnv();                                    // removes it
//   };
//   INSTANTIATE_TYPED_TEST_SUITE_P(My, StoreContractTest, ::testing::Types<MyEnv>);
//
// Including this header from several test files of the one test binary is fine: the
// pattern's definitions have internal linkage or are templates.

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <memory>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <tuple>
#include <utility>
#include <vector>

#include "common/status.h"
#include "domain/entities.h"
#include "ports/store.h"

// The tests build filters with designated initializers ({.status = ..., .limit = 5}), which
// GCC's -Wmissing-field-initializers flags although every omitted member has a default.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace loopdesk::store_contract {

// ------------------------------------------------------------------------- value helpers

inline std::optional<std::pair<double, double>> Geo(const std::optional<GeoPoint>& g) {
  if (!g) return std::nullopt;
  return std::make_pair(g->lat, g->lon);
}

// Every field of an entity as a tuple, so EXPECT_EQ compares (and prints) all of them.
inline auto Fields(const Customer& c) {
  return std::make_tuple(c.id, c.external_id, c.name, c.salutation, c.phone, c.email, c.wechat_id,
                         c.tier, c.region, Geo(c.location), c.tags, c.language, c.created_at,
                         c.updated_at);
}
inline auto Fields(const Order& o) {
  return std::make_tuple(o.id, o.customer_id, o.number, o.product, o.amount, o.ordered_at,
                         o.created_at);
}
inline auto Fields(const Asset& a) {
  return std::make_tuple(a.id, a.customer_id, a.product, a.serial, a.installed_at, a.warranty_end,
                         a.created_at);
}
inline auto Fields(const Agent& a) {
  return std::make_tuple(a.id, a.external_id, a.name, a.email, a.team, a.role, a.skills,
                         a.languages, a.capacity, a.status, Geo(a.location), a.created_at,
                         a.updated_at);
}
inline auto Fields(const Ticket& t) {
  return std::make_tuple(t.id, t.external_id, t.customer_id, t.channel, t.subject, t.description,
                         t.priority, t.category, t.tags, t.status, t.assignee_id, t.team,
                         t.created_at, t.updated_at, t.first_response_at, t.resolved_at,
                         t.closed_at, t.reopen_count, t.transfer_count, t.agent_reply_count);
}
inline auto Fields(const Message& m) {
  return std::make_tuple(m.id, m.ticket_id, m.author, m.author_id, m.body, m.internal,
                         m.created_at);
}
inline std::vector<std::tuple<AuthorKind, int64_t, std::optional<int64_t>, std::string>> Turns(
    const std::vector<TranscriptTurn>& turns) {
  std::vector<std::tuple<AuthorKind, int64_t, std::optional<int64_t>, std::string>> out;
  for (const auto& t : turns) out.emplace_back(t.speaker, t.start_ms, t.end_ms, t.text);
  return out;
}
inline auto Fields(const Transcript& t) {
  return std::make_tuple(t.id, t.ticket_id, t.agent_id, Turns(t.turns), t.created_at);
}
inline auto Fields(const Task& t) {
  return std::make_tuple(t.id, t.ticket_id, t.department, t.title, t.note, t.assignee_id, t.status,
                         t.due_at, t.created_at, t.updated_at);
}
inline auto Fields(const Transfer& t) {
  return std::make_tuple(t.id, t.ticket_id, t.from_agent_id, t.to_agent_id, t.from_team, t.to_team,
                         t.reason, t.actor, t.at);
}
inline auto Fields(const Event& e) {
  return std::make_tuple(e.seq, e.type, e.at, e.actor, e.ticket_id, e.customer_id);
}

// `v` with object keys sorted, recursively: JSON objects are unordered, and a backend may
// hand keys back in another order than they were inserted.
inline Value Canonical(const Value& v) {
  if (v.is_array()) {
    Value out = Value::MakeArray();
    for (const auto& e : v.as_array()) out.Push(Canonical(e));
    return out;
  }
  if (!v.is_object()) return v;
  Value::Object fields;
  for (const auto& [k, e] : v.as_object()) fields.emplace_back(k, Canonical(e));
  std::sort(fields.begin(), fields.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  return Value(std::move(fields));
}

template <typename T>
std::vector<Id> IdsOf(const std::vector<T>& v) {
  std::vector<Id> out;
  for (const auto& x : v) out.push_back(x.id);
  return out;
}

// ------------------------------------------------------------------------ entity makers

inline Customer FullCustomer(const std::string& suffix = "1") {
  Customer c;
  c.external_id = "crm-" + suffix;
  c.name = "王芳 " + suffix;
  c.salutation = "王女士";
  c.phone = "+86 138-0000-" + suffix;
  c.email = "wang" + suffix + "@example.com";
  c.wechat_id = "wx_wang_" + suffix;
  c.tier = Tier::kStrategic;
  c.region = "华东";
  c.location = GeoPoint{31.2304, 121.4737};
  c.tags = {"vip", "回访"};
  c.language = "en";
  c.created_at = 1700000000123;
  c.updated_at = 1700000000456;
  return c;
}

inline Customer MinimalCustomer(const std::string& name) {
  Customer c;
  c.name = name;
  c.created_at = c.updated_at = 1000;
  return c;
}

inline Agent FullAgent(const std::string& suffix = "1") {
  Agent a;
  a.external_id = "hr-" + suffix;
  a.name = "李雷 " + suffix;
  a.email = "lilei" + suffix + "@example.com";
  a.team = "tier2";
  a.role = Role::kSupervisor;
  a.skills = {"billing", "网络"};
  a.languages = {"zh", "en"};
  a.capacity = 12;
  a.status = AgentStatus::kOnline;
  a.location = GeoPoint{-33.8688, 151.2093};
  a.created_at = 1700000001000;
  a.updated_at = 1700000002000;
  return a;
}

inline Agent MinimalAgent(const std::string& name) {
  Agent a;
  a.name = name;
  a.created_at = a.updated_at = 2000;
  return a;
}

inline Ticket MinimalTicket(Id customer_id, const std::string& subject) {
  Ticket t;
  t.customer_id = customer_id;
  t.subject = subject;
  t.created_at = t.updated_at = 3000;
  return t;
}

// ------------------------------------------------------------------------------ fixture

template <typename Env>
class StoreContractTest : public ::testing::Test {
 protected:
  void SetUp() override {
    env_ = std::make_unique<Env>();
    Open();
  }
  void TearDown() override {
    store_.reset();
    env_.reset();
  }

  void Open() {
    auto s = env_->Open();
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(s).value();
  }
  // Closes the store and opens the same database again.
  void Reopen() {
    store_.reset();
    Open();
  }

  Status Write(const Store::TxFn& fn) { return store_->Write(fn); }
  Status Read(const Store::TxFn& fn) { return store_->Read(fn); }

  Id AddCustomer(Customer c) {
    EXPECT_TRUE(Write([&](UnitOfWork& u) { return u.InsertCustomer(c); }).ok());
    return c.id;
  }
  Id AddAgent(Agent a) {
    EXPECT_TRUE(Write([&](UnitOfWork& u) { return u.InsertAgent(a); }).ok());
    return a.id;
  }
  Id AddTicket(Ticket t) {
    Status st = Write([&](UnitOfWork& u) { return u.InsertTicket(t); });
    EXPECT_TRUE(st.ok()) << st.ToString();
    return t.id;
  }

  std::vector<Ticket> ListTickets(const TicketFilter& f) {
    std::vector<Ticket> out;
    Status st = Read([&](UnitOfWork& u) {
      LD_ASSIGN_OR_RETURN(out, u.ListTickets(f));
      return Status::Ok();
    });
    EXPECT_TRUE(st.ok()) << st.ToString();
    return out;
  }
  std::vector<Customer> ListCustomers(const CustomerFilter& f) {
    std::vector<Customer> out;
    Status st = Read([&](UnitOfWork& u) {
      LD_ASSIGN_OR_RETURN(out, u.ListCustomers(f));
      return Status::Ok();
    });
    EXPECT_TRUE(st.ok()) << st.ToString();
    return out;
  }
  std::vector<Event> EventsAfter(Id after, int limit) {
    std::vector<Event> out;
    Status st = Read([&](UnitOfWork& u) {
      LD_ASSIGN_OR_RETURN(out, u.ListEventsAfter(after, limit));
      return Status::Ok();
    });
    EXPECT_TRUE(st.ok()) << st.ToString();
    return out;
  }

  // Pages through tickets matching `f` with `page` rows at a time.
  std::vector<Id> AllTicketPages(TicketFilter f, int page) {
    std::vector<Id> ids;
    f.limit = page;
    f.before_id = 0;
    for (int guard = 0; guard < 1000; ++guard) {
      auto rows = ListTickets(f);
      EXPECT_LE(static_cast<int>(rows.size()), page);
      for (const auto& t : rows) ids.push_back(t.id);
      if (static_cast<int>(rows.size()) < page) break;
      f.before_id = rows.back().id;
    }
    return ids;
  }

  std::unique_ptr<Env> env_;
  std::unique_ptr<Store> store_;
};

TYPED_TEST_SUITE_P(StoreContractTest);

// -------------------------------------------------------------------------------- tests

TYPED_TEST_P(StoreContractTest, CustomerRoundTripsWithEveryFieldSetAndUnset) {
  Customer full = FullCustomer();
  Customer bare = MinimalCustomer("Bare");
  ASSERT_TRUE(this->Write([&](UnitOfWork& u) {
                    LD_RETURN_IF_ERROR(u.InsertCustomer(full));
                    return u.InsertCustomer(bare);
                  })
                  .ok());
  EXPECT_GT(full.id, 0);
  EXPECT_GT(bare.id, full.id);
  ASSERT_TRUE(this->Read([&](UnitOfWork& u) {
                    LD_ASSIGN_OR_RETURN(Customer f, u.GetCustomer(full.id));
                    LD_ASSIGN_OR_RETURN(Customer b, u.GetCustomer(bare.id));
                    EXPECT_EQ(Fields(f), Fields(full));
                    EXPECT_EQ(Fields(b), Fields(bare));
                    EXPECT_FALSE(b.location.has_value());
                    EXPECT_TRUE(b.tags.empty());
                    return Status::Ok();
                  })
                  .ok());

  // Update every field, including clearing the optional ones.
  Customer changed = full;
  changed.name = "Wang Fang";
  changed.salutation = "";
  changed.phone = "";
  changed.email = "fang@example.org";
  changed.wechat_id = "";
  changed.external_id = "";
  changed.tier = Tier::kGrowth;
  changed.region = "North";
  changed.location.reset();
  changed.tags = {};
  changed.language = "zh";
  changed.updated_at = 1800000000000;
  ASSERT_TRUE(this->Write([&](UnitOfWork& u) { return u.UpdateCustomer(changed); }).ok());
  ASSERT_TRUE(this->Read([&](UnitOfWork& u) {
                    LD_ASSIGN_OR_RETURN(Customer f, u.GetCustomer(full.id));
                    EXPECT_EQ(Fields(f), Fields(changed));
                    return Status::Ok();
                  })
                  .ok());
}

TYPED_TEST_P(StoreContractTest, MissingRowsAreNotFoundOrNullopt) {
  ASSERT_TRUE(this->Read([&](UnitOfWork& u) {
                    EXPECT_EQ(u.GetCustomer(999).status().code(), Code::kNotFound);
                    EXPECT_EQ(u.GetAgent(999).status().code(), Code::kNotFound);
                    EXPECT_EQ(u.GetTicket(999).status().code(), Code::kNotFound);
                    EXPECT_EQ(u.GetTask(999).status().code(), Code::kNotFound);
                    auto c = u.FindCustomerByContact("123", "x@y.z", "wx");
                    EXPECT_TRUE(c.ok() && !c->has_value());
                    auto none = u.FindCustomerByContact("", "", "");
                    EXPECT_TRUE(none.ok() && !none->has_value());
                    auto e = u.FindCustomerByExternalId("nope");
                    EXPECT_TRUE(e.ok() && !e->has_value());
                    auto a = u.FindAgentByEmail("nobody@example.com");
                    EXPECT_TRUE(a.ok() && !a->has_value());
                    auto t = u.FindAgentIdByTokenHash("abc");
                    EXPECT_TRUE(t.ok() && !t->has_value());
                    auto k = u.FindTicketByExternalId("nope");
                    EXPECT_TRUE(k.ok() && !k->has_value());
                    return Status::Ok();
                  })
                  .ok());
  Customer ghost = MinimalCustomer("ghost");
  ghost.id = 999;
  EXPECT_EQ(this->Write([&](UnitOfWork& u) { return u.UpdateCustomer(ghost); }).code(),
            Code::kNotFound);
  Agent ghost_agent = MinimalAgent("ghost");
  ghost_agent.id = 999;
  EXPECT_EQ(this->Write([&](UnitOfWork& u) { return u.UpdateAgent(ghost_agent); }).code(),
            Code::kNotFound);
}

TYPED_TEST_P(StoreContractTest, FindsCustomersByEachContactAndExternalId) {
  Customer a = FullCustomer("1");
  Customer b = FullCustomer("2");
  const Id a_id = this->AddCustomer(a);
  const Id b_id = this->AddCustomer(b);
  ASSERT_GT(a_id, 0);
  ASSERT_TRUE(this->Read([&](UnitOfWork& u) {
                    auto expect = [&](const std::string& p, const std::string& e,
                                      const std::string& w, Id want) {
                      auto r = u.FindCustomerByContact(p, e, w);
                      ASSERT_TRUE(r.ok()) << r.status().ToString();
                      ASSERT_TRUE(r->has_value()) << p << "|" << e << "|" << w;
                      EXPECT_EQ((*r)->id, want);
                    };
                    expect(b.phone, "", "", b_id);
                    expect("", b.email, "", b_id);
                    expect("", "", b.wechat_id, b_id);
                    expect("+86 138-0000-1", "", "", a_id);
                    expect("no-such", "", "wx_wang_1", a_id);  // any contact may match
                    LD_ASSIGN_OR_RETURN(auto by_ext, u.FindCustomerByExternalId("crm-2"));
                    EXPECT_TRUE(by_ext && by_ext->id == b_id);
                    // Empty values never match customers with empty contacts.
                    LD_ASSIGN_OR_RETURN(auto none, u.FindCustomerByExternalId(""));
                    EXPECT_FALSE(none.has_value());
                    return Status::Ok();
                  })
                  .ok());
}

TYPED_TEST_P(StoreContractTest, DuplicateContactsConflictNamingTheField) {
  this->AddCustomer(FullCustomer("1"));
  struct Case {
    const char* field;
    void (*mutate)(Customer&);
  } cases[] = {
      {"phone", [](Customer& c) { c.phone = "+86 138-0000-1"; }},
      {"email", [](Customer& c) { c.email = "wang1@example.com"; }},
      {"wechat_id", [](Customer& c) { c.wechat_id = "wx_wang_1"; }},
      {"external_id", [](Customer& c) { c.external_id = "crm-1"; }},
  };
  for (const auto& k : cases) {
    Customer c = MinimalCustomer(std::string("dup ") + k.field);
    k.mutate(c);
    Status st = this->Write([&](UnitOfWork& u) { return u.InsertCustomer(c); });
    EXPECT_EQ(st.code(), Code::kConflict) << k.field << ": " << st.ToString();
    EXPECT_EQ(st.field(), k.field);
  }
  // Empty contacts are not unique.
  for (int i = 0; i < 3; ++i) this->AddCustomer(MinimalCustomer("no contacts"));
  // Updating into someone else's contact conflicts too.
  Id other = this->AddCustomer(FullCustomer("2"));
  Status st = this->Write([&](UnitOfWork& u) {
    LD_ASSIGN_OR_RETURN(Customer c, u.GetCustomer(other));
    c.email = "wang1@example.com";
    return u.UpdateCustomer(c);
  });
  EXPECT_EQ(st.code(), Code::kConflict);
  EXPECT_EQ(st.field(), "email");
  EXPECT_EQ(this->ListCustomers({.limit = 100}).size(), 5u);
}

TYPED_TEST_P(StoreContractTest, ListsCustomersByTierAndTextNewestFirst) {
  Customer a = MinimalCustomer("Alice Zhang");
  a.tier = Tier::kHigh;
  a.phone = "13900001111";
  Customer b = MinimalCustomer("Bob");
  b.email = "bob@acme.com";
  Customer c = MinimalCustomer("Carol");
  c.wechat_id = "carol_wx";
  c.tier = Tier::kHigh;
  Customer d = MinimalCustomer("100% Dan");
  Id ia = this->AddCustomer(a), ib = this->AddCustomer(b), ic = this->AddCustomer(c),
     id = this->AddCustomer(d);
  EXPECT_EQ(IdsOf(this->ListCustomers({.limit = 10})), (std::vector<Id>{id, ic, ib, ia}));
  EXPECT_EQ(IdsOf(this->ListCustomers({.tier = Tier::kHigh, .limit = 10})),
            (std::vector<Id>{ic, ia}));
  EXPECT_EQ(IdsOf(this->ListCustomers({.q = "alice", .limit = 10})), (std::vector<Id>{ia}));
  EXPECT_EQ(IdsOf(this->ListCustomers({.q = "0000111", .limit = 10})), (std::vector<Id>{ia}));
  EXPECT_EQ(IdsOf(this->ListCustomers({.q = "ACME", .limit = 10})), (std::vector<Id>{ib}));
  EXPECT_EQ(IdsOf(this->ListCustomers({.q = "ol_w", .limit = 10})), (std::vector<Id>{ic}));
  EXPECT_EQ(IdsOf(this->ListCustomers({.q = "%", .limit = 10})), (std::vector<Id>{id}));
  EXPECT_EQ(IdsOf(this->ListCustomers({.q = "_", .limit = 10})), (std::vector<Id>{ic}));
  EXPECT_EQ(IdsOf(this->ListCustomers({.tier = Tier::kHigh, .q = "o", .limit = 10})),
            (std::vector<Id>{ic}));
  // Cursor pagination.
  EXPECT_EQ(IdsOf(this->ListCustomers({.limit = 2})), (std::vector<Id>{id, ic}));
  EXPECT_EQ(IdsOf(this->ListCustomers({.before_id = ic, .limit = 2})), (std::vector<Id>{ib, ia}));
  EXPECT_TRUE(this->ListCustomers({.before_id = ia, .limit = 2}).empty());
  EXPECT_TRUE(this->ListCustomers({.limit = 0}).empty());
}

TYPED_TEST_P(StoreContractTest, OrdersNewestFirstAndAssetsById) {
  Id cust = this->AddCustomer(MinimalCustomer("buyer"));
  Id other = this->AddCustomer(MinimalCustomer("other"));
  Order o1{0, cust, "A-1", "Router", 199.5, 5000, 6000};
  Order o2{0, cust, "", "Cable", 0, 7000, 7001};
  Order o3{0, cust, "A-3", "Switch", 12.25, 5000, 8000};  // same ordered_at as o1
  Order o4{0, other, "B-1", "Other", 1, 9000, 9000};
  Asset a1{0, cust, "Router", "SN-1", 5000, 5000 + 365 * kDayMs, 6000};
  Asset a2{0, cust, "Cable", "", std::nullopt, std::nullopt, 7000};
  ASSERT_TRUE(this->Write([&](UnitOfWork& u) {
                    LD_RETURN_IF_ERROR(u.InsertOrder(o1));
                    LD_RETURN_IF_ERROR(u.InsertOrder(o2));
                    LD_RETURN_IF_ERROR(u.InsertOrder(o3));
                    LD_RETURN_IF_ERROR(u.InsertOrder(o4));
                    LD_RETURN_IF_ERROR(u.InsertAsset(a1));
                    return u.InsertAsset(a2);
                  })
                  .ok());
  ASSERT_TRUE(this->Read([&](UnitOfWork& u) {
                    LD_ASSIGN_OR_RETURN(auto orders, u.ListOrders(cust));
                    EXPECT_EQ(IdsOf(orders), (std::vector<Id>{o2.id, o3.id, o1.id}));
                    if (orders.size() == 3) {
                      EXPECT_EQ(Fields(orders[0]), Fields(o2));
                      EXPECT_EQ(Fields(orders[2]), Fields(o1));
                    }
                    LD_ASSIGN_OR_RETURN(auto assets, u.ListAssets(cust));
                    EXPECT_EQ(IdsOf(assets), (std::vector<Id>{a1.id, a2.id}));
                    if (assets.size() == 2) {
                      EXPECT_EQ(Fields(assets[0]), Fields(a1));
                      EXPECT_EQ(Fields(assets[1]), Fields(a2));
                    }
                    LD_ASSIGN_OR_RETURN(auto none, u.ListAssets(other));
                    EXPECT_TRUE(none.empty());
                    return Status::Ok();
                  })
                  .ok());
}

TYPED_TEST_P(StoreContractTest, AgentsRoundTripFilterAndPageOldestFirst) {
  Agent full = FullAgent();
  Agent bare = MinimalAgent("bare");
  const Id full_id = full.id = this->AddAgent(full);
  ASSERT_TRUE(this->Read([&](UnitOfWork& u) {
                    LD_ASSIGN_OR_RETURN(auto a, u.FindAgentByEmail("lilei1@example.com"));
                    EXPECT_TRUE(a.has_value());
                    if (a) {
                      EXPECT_EQ(Fields(*a), Fields(full));
                    }
                    return Status::Ok();
                  })
                  .ok());
  Id bare_id = this->AddAgent(bare);
  bare.id = bare_id;
  ASSERT_TRUE(this->Read([&](UnitOfWork& u) {
                    LD_ASSIGN_OR_RETURN(Agent b, u.GetAgent(bare_id));
                    EXPECT_EQ(Fields(b), Fields(bare));
                    LD_ASSIGN_OR_RETURN(int64_t n, u.CountAgents());
                    EXPECT_EQ(n, 2);
                    return Status::Ok();
                  })
                  .ok());
  // Update every field.
  Agent changed = bare;
  changed.email = "bare@example.com";
  changed.team = "tier1";
  changed.role = Role::kAdmin;
  changed.skills = {"x"};
  changed.languages = {"en"};
  changed.capacity = 0;
  changed.status = AgentStatus::kAway;
  changed.location = GeoPoint{1.5, -2.5};
  changed.updated_at = 99;
  ASSERT_TRUE(this->Write([&](UnitOfWork& u) { return u.UpdateAgent(changed); }).ok());
  ASSERT_TRUE(this->Read([&](UnitOfWork& u) {
                    LD_ASSIGN_OR_RETURN(Agent b, u.GetAgent(bare_id));
                    EXPECT_EQ(Fields(b), Fields(changed));
                    return Status::Ok();
                  })
                  .ok());
  // Email is unique when non-empty.
  Agent dup = MinimalAgent("dup");
  dup.email = "lilei1@example.com";
  Status st = this->Write([&](UnitOfWork& u) { return u.InsertAgent(dup); });
  EXPECT_EQ(st.code(), Code::kConflict);
  EXPECT_EQ(st.field(), "email");
  std::vector<Id> ids = {full_id, bare_id};
  for (int i = 0; i < 5; ++i) {
    Agent a = MinimalAgent("a" + std::to_string(i));
    a.team = i % 2 ? "tier2" : "tier1";
    a.role = i == 4 ? Role::kSupervisor : Role::kAgent;
    ids.push_back(this->AddAgent(a));
  }
  auto list = [&](AgentFilter f) {
    std::vector<Agent> out;
    EXPECT_TRUE(this->Read([&](UnitOfWork& u) {
                      LD_ASSIGN_OR_RETURN(out, u.ListAgents(f));
                      return Status::Ok();
                    })
                    .ok());
    return IdsOf(out);
  };
  EXPECT_EQ(list({.limit = 100}), ids);
  EXPECT_EQ(list({.team = "tier2", .limit = 100}), (std::vector<Id>{full_id, ids[3], ids[5]}));
  EXPECT_EQ(list({.role = Role::kSupervisor, .limit = 100}), (std::vector<Id>{full_id, ids[6]}));
  EXPECT_EQ(list({.team = "tier1", .role = Role::kAdmin, .limit = 100}),
            (std::vector<Id>{bare_id}));
  // Pages of 3 cover everything once, in order.
  std::vector<Id> paged;
  AgentFilter f{.limit = 3};
  for (;;) {
    auto page = list(f);
    paged.insert(paged.end(), page.begin(), page.end());
    if (page.size() < 3) break;
    f.after_id = page.back();
  }
  EXPECT_EQ(paged, ids);
}

TYPED_TEST_P(StoreContractTest, TokensMapToAgents) {
  Id agent = this->AddAgent(MinimalAgent("tok"));
  const std::string hash(64, 'a');
  ASSERT_TRUE(this->Write([&](UnitOfWork& u) { return u.InsertToken(hash, agent, 42); }).ok());
  ASSERT_TRUE(this->Read([&](UnitOfWork& u) {
                    LD_ASSIGN_OR_RETURN(auto id, u.FindAgentIdByTokenHash(hash));
                    EXPECT_EQ(id, std::optional<Id>(agent));
                    LD_ASSIGN_OR_RETURN(auto none, u.FindAgentIdByTokenHash(std::string(64, 'b')));
                    EXPECT_FALSE(none.has_value());
                    return Status::Ok();
                  })
                  .ok());
  Status st = this->Write([&](UnitOfWork& u) { return u.InsertToken(hash, agent, 43); });
  EXPECT_EQ(st.code(), Code::kConflict);
  EXPECT_EQ(st.field(), "token_hash");
}

TYPED_TEST_P(StoreContractTest, TicketRoundTripsWithEveryFieldSetAndUnset) {
  Id cust = this->AddCustomer(MinimalCustomer("c"));
  Id agent = this->AddAgent(MinimalAgent("a"));
  Ticket full;
  full.external_id = "zendesk-77";
  full.customer_id = cust;
  full.channel = Channel::kWechat;
  full.subject = "打印机卡纸";
  full.description = "It jams\nevery time; 100% reproducible.";
  full.priority = Priority::kP1;
  full.category = "hardware";
  full.tags = {"jam", "urgent"};
  full.status = TicketStatus::kOnHold;
  full.assignee_id = agent;
  full.team = "field";
  full.created_at = 10;
  full.updated_at = 20;
  full.first_response_at = 11;
  full.resolved_at = 12;
  full.closed_at = 13;
  full.reopen_count = 2;
  full.transfer_count = 3;
  full.agent_reply_count = 4;
  Ticket bare = MinimalTicket(cust, "bare");
  ASSERT_TRUE(this->Write([&](UnitOfWork& u) {
                    LD_RETURN_IF_ERROR(u.InsertTicket(full));
                    return u.InsertTicket(bare);
                  })
                  .ok());
  ASSERT_TRUE(this->Read([&](UnitOfWork& u) {
                    LD_ASSIGN_OR_RETURN(Ticket f, u.GetTicket(full.id));
                    LD_ASSIGN_OR_RETURN(Ticket b, u.GetTicket(bare.id));
                    EXPECT_EQ(Fields(f), Fields(full));
                    EXPECT_EQ(Fields(b), Fields(bare));
                    LD_ASSIGN_OR_RETURN(auto by_ext, u.FindTicketByExternalId("zendesk-77"));
                    EXPECT_TRUE(by_ext && by_ext->id == full.id);
                    return Status::Ok();
                  })
                  .ok());
  // Clearing optionals through an update.
  Ticket cleared = full;
  cleared.assignee_id.reset();
  cleared.first_response_at.reset();
  cleared.resolved_at.reset();
  cleared.closed_at.reset();
  cleared.tags.clear();
  cleared.status = TicketStatus::kReopened;
  cleared.priority = Priority::kP4;
  cleared.channel = Channel::kApi;
  ASSERT_TRUE(this->Write([&](UnitOfWork& u) { return u.UpdateTicket(cleared); }).ok());
  ASSERT_TRUE(this->Read([&](UnitOfWork& u) {
                    LD_ASSIGN_OR_RETURN(Ticket f, u.GetTicket(full.id));
                    EXPECT_EQ(Fields(f), Fields(cleared));
                    return Status::Ok();
                  })
                  .ok());
  Ticket dup = MinimalTicket(cust, "dup");
  dup.external_id = "zendesk-77";
  Status st = this->Write([&](UnitOfWork& u) { return u.InsertTicket(dup); });
  EXPECT_EQ(st.code(), Code::kConflict);
  EXPECT_EQ(st.field(), "external_id");
  Ticket ghost = bare;
  ghost.id = 12345;
  EXPECT_EQ(this->Write([&](UnitOfWork& u) { return u.UpdateTicket(ghost); }).code(),
            Code::kNotFound);
}

TYPED_TEST_P(StoreContractTest, InsertReferencingAMissingRowFails) {
  Order o{0, 4242, "", "p", 1, 1, 1};
  EXPECT_FALSE(this->Write([&](UnitOfWork& u) { return u.InsertOrder(o); }).ok());
  Ticket t = MinimalTicket(4242, "orphan");
  EXPECT_FALSE(this->Write([&](UnitOfWork& u) { return u.InsertTicket(t); }).ok());
}

TYPED_TEST_P(StoreContractTest, ListTicketsAppliesEveryFilter) {
  Id c1 = this->AddCustomer(MinimalCustomer("c1"));
  Id c2 = this->AddCustomer(MinimalCustomer("c2"));
  Id a1 = this->AddAgent(MinimalAgent("a1"));
  Id a2 = this->AddAgent(MinimalAgent("a2"));
  auto make = [&](Id cust, const std::string& subject, TicketStatus st, std::optional<Id> who,
                  const std::string& team, Channel ch, const std::string& desc = "") {
    Ticket t = MinimalTicket(cust, subject);
    t.status = st;
    t.assignee_id = who;
    t.team = team;
    t.channel = ch;
    t.description = desc;
    return this->AddTicket(t);
  };
  Id t1 = make(c1, "Printer on fire", TicketStatus::kOpen, a1, "field", Channel::kPhone);
  Id t2 = make(c1, "printer jam", TicketStatus::kPending, a2, "tier1", Channel::kEmail);
  Id t3 = make(c2, "50% off coupon", TicketStatus::kOpen, std::nullopt, "", Channel::kWeb);
  Id t4 = make(c2, "snake_case bug", TicketStatus::kClosed, a1, "tier1", Channel::kWeb);
  Id t5 =
      make(c2, "snakeXcase", TicketStatus::kNew, a1, "field", Channel::kChat, "I want a REFUND");
  Id t6 =
      make(c1, "路由器断网", TicketStatus::kOpen, a2, "field", Channel::kWechat, "path C:\\temp");
  using V = std::vector<Id>;
  EXPECT_EQ(IdsOf(this->ListTickets({})), (V{t6, t5, t4, t3, t2, t1}));
  EXPECT_EQ(IdsOf(this->ListTickets({.status = TicketStatus::kOpen})), (V{t6, t3, t1}));
  EXPECT_EQ(IdsOf(this->ListTickets({.assignee_id = a1})), (V{t5, t4, t1}));
  EXPECT_EQ(IdsOf(this->ListTickets({.customer_id = c2})), (V{t5, t4, t3}));
  EXPECT_EQ(IdsOf(this->ListTickets({.team = "field"})), (V{t6, t5, t1}));
  EXPECT_EQ(IdsOf(this->ListTickets({.team = ""})), (V{t3}));
  EXPECT_EQ(IdsOf(this->ListTickets({.channel = Channel::kWeb})), (V{t4, t3}));
  EXPECT_EQ(IdsOf(this->ListTickets({.q = "PRINTER"})), (V{t2, t1}));  // ASCII case folded
  EXPECT_EQ(IdsOf(this->ListTickets({.q = "refund"})), (V{t5}));       // description
  EXPECT_EQ(IdsOf(this->ListTickets({.q = "%"})), (V{t3}));            // literal %
  EXPECT_EQ(IdsOf(this->ListTickets({.q = "e_c"})), (V{t4}));          // literal _
  EXPECT_EQ(IdsOf(this->ListTickets({.q = "C:\\temp"})), (V{t6}));     // literal backslash
  EXPECT_EQ(IdsOf(this->ListTickets({.q = "断网"})), (V{t6}));
  EXPECT_TRUE(this->ListTickets({.q = "nothing like this"}).empty());
  EXPECT_EQ(IdsOf(this->ListTickets({.status = TicketStatus::kOpen,
                                     .assignee_id = a2,
                                     .customer_id = c1,
                                     .team = "field",
                                     .channel = Channel::kWechat,
                                     .q = "路由"})),
            (V{t6}));
  EXPECT_EQ(IdsOf(this->ListTickets({.assignee_id = a1, .before_id = t5, .limit = 1})), (V{t4}));
  EXPECT_TRUE(this->ListTickets({.limit = 0}).empty());

  ASSERT_TRUE(this->Read([&](UnitOfWork& u) {
                    LD_ASSIGN_OR_RETURN(int64_t n1, u.CountActiveTicketsOf(a1));
                    LD_ASSIGN_OR_RETURN(int64_t n2, u.CountActiveTicketsOf(a2));
                    LD_ASSIGN_OR_RETURN(int64_t n0, u.CountActiveTicketsOf(9999));
                    EXPECT_EQ(n1, 2);  // t1 open, t5 new; t4 closed does not count
                    EXPECT_EQ(n2, 2);  // t2 pending, t6 open
                    EXPECT_EQ(n0, 0);
                    return Status::Ok();
                  })
                  .ok());
}

TYPED_TEST_P(StoreContractTest, TicketPagesHaveNoDuplicatesOrGaps) {
  Id c = this->AddCustomer(MinimalCustomer("c"));
  std::vector<Id> all, open;
  for (int i = 0; i < 23; ++i) {
    Ticket t = MinimalTicket(c, "t" + std::to_string(i));
    t.status = i % 3 == 0 ? TicketStatus::kOpen : TicketStatus::kPending;
    Id id = this->AddTicket(t);
    all.push_back(id);
    if (i % 3 == 0) open.push_back(id);
  }
  std::reverse(all.begin(), all.end());
  std::reverse(open.begin(), open.end());
  for (int page : {1, 4, 5, 23, 50}) {
    EXPECT_EQ(this->AllTicketPages({}, page), all) << "page " << page;
    EXPECT_EQ(this->AllTicketPages({.status = TicketStatus::kOpen}, page), open) << "page " << page;
  }
}

TYPED_TEST_P(StoreContractTest, ConversationTasksAndTransfersRoundTripInOrder) {
  Id cust = this->AddCustomer(MinimalCustomer("c"));
  Id agent = this->AddAgent(MinimalAgent("a"));
  Id agent2 = this->AddAgent(MinimalAgent("b"));
  Id ticket = this->AddTicket(MinimalTicket(cust, "s"));
  Id other = this->AddTicket(MinimalTicket(cust, "other"));
  Message m1{0, ticket, AuthorKind::kCustomer, cust, "你好，打印机坏了", false, 100};
  Message m2{0, ticket, AuthorKind::kAgent, agent, "internal note", true, 101};
  Message m3{0, ticket, AuthorKind::kSystem, std::nullopt, "auto-reply", false, 102};
  Transcript tr1{0, ticket, agent, {}, 200};
  tr1.turns = {{AuthorKind::kCustomer, 0, 1500, "喂？"},
               {AuthorKind::kAgent, 1600, std::nullopt, "Hello \"quoted\"\n"}};
  Transcript tr2{0, ticket, std::nullopt, {}, 201};
  Task k1{0,    ticket, "tech", "Check logs", "see attachment", agent, TaskStatus::kInProgress,
          5000, 300,    301};
  Task k2{0, ticket, "field", "Visit", "", std::nullopt, TaskStatus::kOpen, std::nullopt, 302, 302};
  Transfer x1{0, ticket, agent, agent2, "tier1", "tier2", "escalate", "agent:1", 400};
  Transfer x2{0, ticket, std::nullopt, std::nullopt, "", "", "", "system", 401};
  Message elsewhere{0, other, AuthorKind::kCustomer, cust, "other ticket", false, 103};
  ASSERT_TRUE(this->Write([&](UnitOfWork& u) {
                    LD_RETURN_IF_ERROR(u.InsertMessage(m1));
                    LD_RETURN_IF_ERROR(u.InsertMessage(elsewhere));
                    LD_RETURN_IF_ERROR(u.InsertMessage(m2));
                    LD_RETURN_IF_ERROR(u.InsertMessage(m3));
                    LD_RETURN_IF_ERROR(u.InsertTranscript(tr1));
                    LD_RETURN_IF_ERROR(u.InsertTranscript(tr2));
                    LD_RETURN_IF_ERROR(u.InsertTask(k1));
                    LD_RETURN_IF_ERROR(u.InsertTask(k2));
                    LD_RETURN_IF_ERROR(u.InsertTransfer(x1));
                    return u.InsertTransfer(x2);
                  })
                  .ok());
  ASSERT_TRUE(this->Read([&](UnitOfWork& u) {
                    LD_ASSIGN_OR_RETURN(auto msgs, u.ListMessages(ticket));
                    EXPECT_EQ(IdsOf(msgs), (std::vector<Id>{m1.id, m2.id, m3.id}));
                    if (msgs.size() == 3) {
                      EXPECT_EQ(Fields(msgs[0]), Fields(m1));
                      EXPECT_EQ(Fields(msgs[1]), Fields(m2));
                      EXPECT_EQ(Fields(msgs[2]), Fields(m3));
                    }
                    LD_ASSIGN_OR_RETURN(auto trs, u.ListTranscripts(ticket));
                    EXPECT_EQ(IdsOf(trs), (std::vector<Id>{tr1.id, tr2.id}));
                    if (trs.size() == 2) {
                      EXPECT_EQ(Fields(trs[0]), Fields(tr1));
                      EXPECT_EQ(Fields(trs[1]), Fields(tr2));
                    }
                    LD_ASSIGN_OR_RETURN(auto tasks, u.ListTasks(ticket));
                    EXPECT_EQ(IdsOf(tasks), (std::vector<Id>{k1.id, k2.id}));
                    LD_ASSIGN_OR_RETURN(Task g1, u.GetTask(k1.id));
                    LD_ASSIGN_OR_RETURN(Task g2, u.GetTask(k2.id));
                    EXPECT_EQ(Fields(g1), Fields(k1));
                    EXPECT_EQ(Fields(g2), Fields(k2));
                    LD_ASSIGN_OR_RETURN(auto xs, u.ListTransfers(ticket));
                    EXPECT_EQ(IdsOf(xs), (std::vector<Id>{x1.id, x2.id}));
                    if (xs.size() == 2) {
                      EXPECT_EQ(Fields(xs[0]), Fields(x1));
                      EXPECT_EQ(Fields(xs[1]), Fields(x2));
                    }
                    LD_ASSIGN_OR_RETURN(auto none, u.ListTasks(other));
                    EXPECT_TRUE(none.empty());
                    return Status::Ok();
                  })
                  .ok());
  Task k1b = k1;
  k1b.status = TaskStatus::kDone;
  k1b.assignee_id.reset();
  k1b.due_at.reset();
  k1b.note = "fixed";
  k1b.updated_at = 999;
  ASSERT_TRUE(this->Write([&](UnitOfWork& u) { return u.UpdateTask(k1b); }).ok());
  ASSERT_TRUE(this->Read([&](UnitOfWork& u) {
                    LD_ASSIGN_OR_RETURN(Task g, u.GetTask(k1.id));
                    EXPECT_EQ(Fields(g), Fields(k1b));
                    return Status::Ok();
                  })
                  .ok());
  Task ghost = k1b;
  ghost.id = 31337;
  EXPECT_EQ(this->Write([&](UnitOfWork& u) { return u.UpdateTask(ghost); }).code(),
            Code::kNotFound);
}

TYPED_TEST_P(StoreContractTest, EventsKeepDataAndIncreasingSeq) {
  Value data = Value::MakeObject();
  data.Set("from", "open");
  data.Set("n", int64_t{42});
  data.Set("ratio", 0.5);
  data.Set("ok", true);
  data.Set("none", Value());
  Value list = Value::MakeArray();
  list.Push("a");
  list.Push(Value::MakeObject());
  data.Set("list", std::move(list));
  std::vector<Event> written;
  for (int i = 0; i < 10; ++i) {
    Event e;
    e.type = i % 2 ? "ticket.updated" : "customer.created";
    e.at = 1000 + i;
    e.actor = "agent:" + std::to_string(i);
    e.ticket_id = i % 2 ? 7 : 0;
    e.customer_id = i % 2 ? 0 : 3;
    e.data = data;
    Event e2 = e;
    e2.type = "second";
    ASSERT_TRUE(this->Write([&](UnitOfWork& u) {
                      LD_RETURN_IF_ERROR(u.AppendEvent(e));
                      return u.AppendEvent(e2);
                    })
                    .ok());
    EXPECT_GT(e2.seq, e.seq);
    if (!written.empty()) {
      EXPECT_GT(e.seq, written.back().seq);
    }
    written.push_back(e);
    written.push_back(e2);
  }
  auto all = this->EventsAfter(0, 1000);
  ASSERT_EQ(all.size(), written.size());
  for (size_t i = 0; i < all.size(); ++i) {
    EXPECT_EQ(Fields(all[i]), Fields(written[i]));
    EXPECT_TRUE(Canonical(all[i].data) == Canonical(data)) << i;
  }
  // Pages via after_seq.
  std::vector<Id> seqs;
  Id after = 0;
  for (;;) {
    auto page = this->EventsAfter(after, 3);
    for (const auto& e : page) seqs.push_back(e.seq);
    if (page.size() < 3) break;
    after = page.back().seq;
  }
  ASSERT_EQ(seqs.size(), written.size());
  for (size_t i = 0; i < seqs.size(); ++i) EXPECT_EQ(seqs[i], written[i].seq);
  // Per ticket.
  ASSERT_TRUE(this->Read([&](UnitOfWork& u) {
                    LD_ASSIGN_OR_RETURN(auto t7, u.ListTicketEvents(7, 0, 100));
                    EXPECT_EQ(t7.size(), 10u);  // 5 writes x 2 events
                    for (const auto& e : t7) EXPECT_EQ(e.ticket_id, 7);
                    for (size_t i = 1; i < t7.size(); ++i) EXPECT_GT(t7[i].seq, t7[i - 1].seq);
                    LD_ASSIGN_OR_RETURN(auto tail, u.ListTicketEvents(7, t7[7].seq, 100));
                    EXPECT_EQ(tail.size(), 2u);
                    LD_ASSIGN_OR_RETURN(auto two, u.ListTicketEvents(7, 0, 2));
                    EXPECT_EQ(two.size(), 2u);
                    LD_ASSIGN_OR_RETURN(auto none, u.ListTicketEvents(8, 0, 100));
                    EXPECT_TRUE(none.empty());
                    return Status::Ok();
                  })
                  .ok());
}

TYPED_TEST_P(StoreContractTest, FailedWriteLeavesNothingBehind) {
  Customer c = MinimalCustomer("rolled back");
  c.phone = "12345";
  Status st = this->Write([&](UnitOfWork& u) {
    LD_RETURN_IF_ERROR(u.InsertCustomer(c));
    Event e;
    e.type = "x";
    LD_RETURN_IF_ERROR(u.AppendEvent(e));
    return Status::Invalid("changed my mind", "why");
  });
  EXPECT_EQ(st.code(), Code::kInvalidArgument);
  EXPECT_EQ(st.message(), "changed my mind");
  EXPECT_EQ(st.field(), "why");
  st = this->Write([&](UnitOfWork& u) -> Status {
    LD_RETURN_IF_ERROR(u.InsertCustomer(c));
    throw std::runtime_error("boom");
  });
  EXPECT_EQ(st.code(), Code::kInternal);
  EXPECT_NE(st.message().find("boom"), std::string::npos);
  EXPECT_TRUE(this->ListCustomers({.limit = 10}).empty());
  EXPECT_TRUE(this->EventsAfter(0, 10).empty());
  // The phone is free again: the failed inserts left no trace.
  this->AddCustomer(c);
  EXPECT_EQ(this->ListCustomers({.limit = 10}).size(), 1u);
}

TYPED_TEST_P(StoreContractTest, ReadTransactionsRefuseWritesAndSurviveExceptions) {
  Customer c = MinimalCustomer("nope");
  Status st = this->Read([&](UnitOfWork& u) { return u.InsertCustomer(c); });
  EXPECT_EQ(st.code(), Code::kInternal);
  EXPECT_NE(st.message().find("read-only"), std::string::npos) << st.ToString();
  Event e;
  e.type = "x";
  EXPECT_EQ(this->Read([&](UnitOfWork& u) { return u.AppendEvent(e); }).code(), Code::kInternal);
  st = this->Read([&](UnitOfWork&) -> Status { throw std::runtime_error("kaboom"); });
  EXPECT_EQ(st.code(), Code::kInternal);
  // The store still works after both.
  this->AddCustomer(MinimalCustomer("yes"));
  EXPECT_EQ(this->ListCustomers({.limit = 10}).size(), 1u);
}

TYPED_TEST_P(StoreContractTest, ReadSeesOneSnapshot) {
  this->AddCustomer(MinimalCustomer("before"));
  Status st = this->Read([&](UnitOfWork& u) {
    LD_ASSIGN_OR_RETURN(auto first, u.ListCustomers({.limit = 100}));
    // A write commits while this read is open (a different connection).
    EXPECT_TRUE(this->Write([&](UnitOfWork& w) {
                      Customer c = MinimalCustomer("during");
                      return w.InsertCustomer(c);
                    })
                    .ok());
    LD_ASSIGN_OR_RETURN(auto second, u.ListCustomers({.limit = 100}));
    EXPECT_EQ(first.size(), 1u);
    EXPECT_EQ(second.size(), first.size());
    return Status::Ok();
  });
  EXPECT_TRUE(st.ok()) << st.ToString();
  EXPECT_EQ(this->ListCustomers({.limit = 100}).size(), 2u);
}

// Group commit must keep each call atomic: many threads, some calls failing on purpose
// (error return, exception, conflicting insert after a successful one).
TYPED_TEST_P(StoreContractTest, ConcurrentWritesKeepOrLoseEachCallWhole) {
  constexpr int kThreads = 8;
  constexpr int kPerThread = 200;
  Id seed = this->AddCustomer([] {
    Customer c = MinimalCustomer("seed");
    c.phone = "000";
    return c;
  }());
  std::atomic<int> ok_count{0}, failed_count{0}, wrong_status{0};
  std::vector<std::vector<Id>> kept(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        const int mode = i % 10;  // 0: error return, 5: exception, 7: conflict, else OK
        Customer c = MinimalCustomer("t" + std::to_string(t) + "-" + std::to_string(i));
        c.phone = std::to_string(100000 + t * 1000 + i);
        Event e;
        e.type = "customer.created";
        e.actor = "test";
        Status st = this->store_->Write([&](UnitOfWork& u) -> Status {
          LD_RETURN_IF_ERROR(u.InsertCustomer(c));
          e.customer_id = c.id;
          LD_RETURN_IF_ERROR(u.AppendEvent(e));
          if (mode == 0) return Status::Invalid("on purpose");
          if (mode == 5) throw std::runtime_error("on purpose");
          if (mode == 7) {
            Customer dup = MinimalCustomer("dup");
            dup.phone = "000";
            return u.InsertCustomer(dup);
          }
          return Status::Ok();
        });
        const bool want_ok = mode != 0 && mode != 5 && mode != 7;
        if (st.ok() != want_ok) ++wrong_status;
        if (mode == 7 && st.code() != Code::kConflict) ++wrong_status;
        if (st.ok()) {
          ++ok_count;
          kept[t].push_back(c.id);
        } else {
          ++failed_count;
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(wrong_status.load(), 0);
  EXPECT_EQ(ok_count.load(), kThreads * kPerThread * 7 / 10);
  EXPECT_EQ(failed_count.load(), kThreads * kPerThread * 3 / 10);

  auto customers = this->ListCustomers({.limit = 100000});
  EXPECT_EQ(customers.size(), static_cast<size_t>(ok_count.load()) + 1);
  std::set<Id> ids;
  for (const auto& c : customers) ids.insert(c.id);
  for (const auto& per_thread : kept)
    for (Id id : per_thread) EXPECT_TRUE(ids.count(id)) << id;
  EXPECT_TRUE(ids.count(seed));

  auto events = this->EventsAfter(0, 100000);
  EXPECT_EQ(events.size(), static_cast<size_t>(ok_count.load()));
  for (size_t i = 1; i < events.size(); ++i) EXPECT_GT(events[i].seq, events[i - 1].seq);
  for (const auto& e : events) EXPECT_TRUE(ids.count(e.customer_id)) << e.customer_id;
}

TYPED_TEST_P(StoreContractTest, ReopeningKeepsEverything) {
  Customer c = FullCustomer();
  Agent a = FullAgent();
  Ticket t;
  Event e;
  ASSERT_TRUE(this->Write([&](UnitOfWork& u) {
                    LD_RETURN_IF_ERROR(u.InsertCustomer(c));
                    LD_RETURN_IF_ERROR(u.InsertAgent(a));
                    t = MinimalTicket(c.id, "persisted");
                    t.assignee_id = a.id;
                    LD_RETURN_IF_ERROR(u.InsertTicket(t));
                    LD_RETURN_IF_ERROR(u.InsertToken("hash", a.id, 5));
                    e.type = "ticket.created";
                    e.ticket_id = t.id;
                    e.data = Value::MakeObject();
                    e.data.Set("k", "v");
                    return u.AppendEvent(e);
                  })
                  .ok());
  this->Reopen();
  this->Reopen();  // migrations run again and change nothing
  ASSERT_TRUE(this->Read([&](UnitOfWork& u) {
                    LD_ASSIGN_OR_RETURN(Customer c2, u.GetCustomer(c.id));
                    EXPECT_EQ(Fields(c2), Fields(c));
                    LD_ASSIGN_OR_RETURN(Agent a2, u.GetAgent(a.id));
                    EXPECT_EQ(Fields(a2), Fields(a));
                    LD_ASSIGN_OR_RETURN(Ticket t2, u.GetTicket(t.id));
                    EXPECT_EQ(Fields(t2), Fields(t));
                    LD_ASSIGN_OR_RETURN(auto tok, u.FindAgentIdByTokenHash("hash"));
                    EXPECT_EQ(tok, std::optional<Id>(a.id));
                    LD_ASSIGN_OR_RETURN(auto evs, u.ListEventsAfter(0, 10));
                    EXPECT_EQ(evs.size(), 1u);
                    if (!evs.empty()) {
                      EXPECT_EQ(Fields(evs[0]), Fields(e));
                      EXPECT_TRUE(Canonical(evs[0].data) == Canonical(e.data));
                    }
                    return Status::Ok();
                  })
                  .ok());
  // New rows continue after the old ones.
  Event e2;
  e2.type = "later";
  ASSERT_TRUE(this->Write([&](UnitOfWork& u) { return u.AppendEvent(e2); }).ok());
  EXPECT_GT(e2.seq, e.seq);
}

REGISTER_TYPED_TEST_SUITE_P(
    StoreContractTest, CustomerRoundTripsWithEveryFieldSetAndUnset, MissingRowsAreNotFoundOrNullopt,
    FindsCustomersByEachContactAndExternalId, DuplicateContactsConflictNamingTheField,
    ListsCustomersByTierAndTextNewestFirst, OrdersNewestFirstAndAssetsById,
    AgentsRoundTripFilterAndPageOldestFirst, TokensMapToAgents,
    TicketRoundTripsWithEveryFieldSetAndUnset, InsertReferencingAMissingRowFails,
    ListTicketsAppliesEveryFilter, TicketPagesHaveNoDuplicatesOrGaps,
    ConversationTasksAndTransfersRoundTripInOrder, EventsKeepDataAndIncreasingSeq,
    FailedWriteLeavesNothingBehind, ReadTransactionsRefuseWritesAndSurviveExceptions,
    ReadSeesOneSnapshot, ConcurrentWritesKeepOrLoseEachCallWhole, ReopeningKeepsEverything);

}  // namespace loopdesk::store_contract

#pragma GCC diagnostic pop
