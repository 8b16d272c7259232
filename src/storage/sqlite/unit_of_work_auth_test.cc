// The sign-in tables of the SQLite adapter: password hashes replaced in place, sessions
// found by hash, deleted idempotently, and expired ones dropped as new ones start.

#include <gtest/gtest.h>

#include "storage/sqlite/sqlite_store.h"
#include "storage/store_contract_test.h"
#include "tests/support/fakes.h"

namespace loopdesk {
namespace {

class SqliteAuthTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = SqliteStore::Open(dir_.File("loopdesk.db"));
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(s).value();
    Agent a = store_contract::MinimalAgent("auth");
    ASSERT_TRUE(store_->Write([&](UnitOfWork& u) { return u.InsertAgent(a); }).ok());
    agent_id_ = a.id;
  }
  SessionRecord Session(const std::string& hash, TimeMs created, TimeMs expires) {
    return SessionRecord{hash, agent_id_, "csrf-" + hash, created, expires};
  }
  std::optional<SessionRecord> Find(const std::string& hash) {
    std::optional<SessionRecord> out;
    EXPECT_TRUE(store_
                    ->Read([&](UnitOfWork& u) {
                      LD_ASSIGN_OR_RETURN(out, u.FindSession(hash));
                      return Status::Ok();
                    })
                    .ok());
    return out;
  }

  testing::TempDir dir_;
  std::unique_ptr<SqliteStore> store_;
  Id agent_id_ = 0;
};

TEST_F(SqliteAuthTest, PasswordHashIsReplacedInPlace) {
  std::optional<std::string> got;
  auto read = [&] {
    return store_->Read([&](UnitOfWork& u) {
      LD_ASSIGN_OR_RETURN(got, u.GetPasswordHash(agent_id_));
      return Status::Ok();
    });
  };
  ASSERT_TRUE(read().ok());
  EXPECT_FALSE(got.has_value());
  ASSERT_TRUE(
      store_->Write([&](UnitOfWork& u) { return u.SetPasswordHash(agent_id_, "h1", 1); }).ok());
  ASSERT_TRUE(
      store_->Write([&](UnitOfWork& u) { return u.SetPasswordHash(agent_id_, "h2", 2); }).ok());
  ASSERT_TRUE(read().ok());
  EXPECT_EQ(got, std::optional<std::string>("h2"));
}

TEST_F(SqliteAuthTest, SessionsAreFoundDeletedAndExpiredOnesDropped) {
  ASSERT_TRUE(
      store_->Write([&](UnitOfWork& u) { return u.InsertSession(Session("a", 100, 200)); }).ok());
  auto a = Find("a");
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->agent_id, agent_id_);
  EXPECT_EQ(a->csrf_hash, "csrf-a");
  EXPECT_EQ(a->expires_at, 200);
  // A session starting after a's expiry removes it.
  ASSERT_TRUE(
      store_->Write([&](UnitOfWork& u) { return u.InsertSession(Session("b", 300, 900)); }).ok());
  EXPECT_FALSE(Find("a").has_value());
  ASSERT_TRUE(Find("b").has_value());
  ASSERT_TRUE(store_->Write([&](UnitOfWork& u) { return u.DeleteSession("b"); }).ok());
  EXPECT_FALSE(Find("b").has_value());
  EXPECT_TRUE(store_->Write([&](UnitOfWork& u) { return u.DeleteSession("b"); }).ok());
}

}  // namespace
}  // namespace loopdesk
