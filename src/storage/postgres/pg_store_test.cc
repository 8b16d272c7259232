// The store contract suite (storage/store_contract_test.h) and adapter-specific tests on a
// real PostgreSQL: one throwaway cluster on 127.0.0.1 per run of this binary
// (scripts/pg-cluster.sh), a fresh database per test. Built as its own binary
// (loopdesk_pg_tests, one ctest entry) so that the cluster starts once. Without the
// PostgreSQL binaries every test FAILS with the reason: CI installs postgresql-15.

#include "storage/postgres/pg_store.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "storage/postgres/connection.h"
#include "storage/postgres/migrations.h"
#include "storage/store_contract_test.h"

namespace loopdesk {
namespace {

int FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = 0;
  socklen_t len = sizeof a;
  int port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0) {
    port = ntohs(a.sin_port);
  }
  close(fd);
  return port;
}

// The cluster of this run: started on first use, stopped and removed at exit.
class Cluster {
 public:
  static Cluster& Get() {
    static Cluster c;
    return c;
  }
  const std::string& error() const { return error_; }
  std::string Url(const std::string& db) const {
    return "postgresql://loopdesk@127.0.0.1:" + std::to_string(port_) + "/" + db;
  }
  // A new empty database; "" on failure (error() says why).
  std::string NewDatabase() {
    if (!error_.empty()) return {};
    std::string name = "t" + std::to_string(++next_);
    auto admin = pg::Connection::Open(Url("postgres"));
    if (!admin.ok()) {
      error_ = admin.status().message();
      return {};
    }
    Status st = (*admin)->Exec("CREATE DATABASE " + name, "create test database");
    if (!st.ok()) {
      error_ = st.message();
      return {};
    }
    return name;
  }
  void Drop(const std::string& name) {
    auto admin = pg::Connection::Open(Url("postgres"));
    if (admin.ok()) (void)(*admin)->Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)", "drop");
  }

 private:
  Cluster() {
    char tmpl[] = "/tmp/loopdesk-pg-XXXXXX";
    const char* p = mkdtemp(tmpl);
    dir_ = p ? p : "";
    port_ = FreePort();
    std::string cmd = std::string(LOOPDESK_SOURCE_DIR) + "/scripts/pg-cluster.sh start " + dir_ +
                      " " + std::to_string(port_) + " 2>" + dir_ + "/start.err";
    if (dir_.empty() || port_ == 0 || std::system(cmd.c_str()) != 0) {
      std::string why;
      if (FILE* f = std::fopen((dir_ + "/start.err").c_str(), "r")) {
        char buf[2048];
        size_t n = std::fread(buf, 1, sizeof buf - 1, f);
        why.assign(buf, n);
        std::fclose(f);
      }
      error_ = "could not start a test PostgreSQL cluster: " + why;
    }
  }
  ~Cluster() {
    if (dir_.empty()) return;
    std::string cmd = std::string(LOOPDESK_SOURCE_DIR) + "/scripts/pg-cluster.sh stop " + dir_;
    (void)std::system(cmd.c_str());
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  std::string dir_;
  int port_ = 0;
  int next_ = 0;
  std::string error_;
};

// The environment the contract suite runs PostgreSQL in: one database per test.
struct PgEnv {
  PgEnv() : db(Cluster::Get().NewDatabase()) {
    if (db.empty()) ADD_FAILURE() << Cluster::Get().error();
  }
  ~PgEnv() {
    if (!db.empty()) Cluster::Get().Drop(db);
  }
  Result<std::unique_ptr<Store>> Open() {
    if (db.empty()) return Status::Unavailable(Cluster::Get().error());
    auto s = PgStore::Open(Cluster::Get().Url(db));
    if (!s.ok()) return s.status();
    return std::unique_ptr<Store>(std::move(s).value());
  }
  std::string db;
};

}  // namespace

namespace store_contract {
INSTANTIATE_TYPED_TEST_SUITE_P(Postgres, StoreContractTest, ::testing::Types<PgEnv>);
}  // namespace store_contract

namespace {

TEST(PgSql, RewritesPlaceholdersOutsideQuotes) {
  int n = 0;
  EXPECT_EQ(pg::ToPostgresSql("SELECT '?', x FROM t WHERE a = ? AND b LIKE ? ESCAPE '\\'", &n),
            "SELECT '?', x FROM t WHERE a = $1 AND b ILIKE $2 ESCAPE '\\'");
  EXPECT_EQ(n, 2);
}

TEST(PgSql, NumberedParametersKeepTheirNumber) {
  int n = 0;
  EXPECT_EQ(pg::ToPostgresSql("SELECT ?1, ?2 WHERE x >= ?1 AND y = ?3", &n),
            "SELECT $1, $2 WHERE x >= $1 AND y = $3");
  EXPECT_EQ(n, 3);
  EXPECT_EQ(pg::ToPostgresSql("SELECT a FROM t NOT INDEXED WHERE b", &n), "SELECT a FROM t WHERE b");
}

TEST(PgSql, SumOfAConditionCountsRows) {
  int n = 0;
  EXPECT_EQ(pg::ToPostgresSql("SELECT SUM(a = 'x' OR b IN (1, 2)), SUM(CASE WHEN a > ? THEN 2 "
                              "ELSE 0 END), sum((t - s) / 1000.0), COALESCE(SUM(s >= 4), 0) FROM t",
                              &n),
            "SELECT SUM(CASE WHEN a = 'x' OR b IN (1, 2) THEN 1 ELSE 0 END), SUM(CASE WHEN a > $1 "
            "THEN 2 ELSE 0 END), sum((t - s) / 1000.0), COALESCE(SUM(CASE WHEN s >= 4 THEN 1 "
            "ELSE 0 END), 0) FROM t");
  EXPECT_EQ(n, 1);
}

TEST(PgSql, TranslatesSqliteDdl) {
  EXPECT_EQ(pg::ToPostgresDdl("CREATE TABLE a (\n  id INTEGER PRIMARY KEY,\n  x REAL,\n"
                              "  t INTEGER PRIMARY KEY REFERENCES b (id)\n) WITHOUT ROWID;"),
            "CREATE TABLE a (\n  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,\n"
            "  x DOUBLE PRECISION,\n  t BIGINT PRIMARY KEY REFERENCES b (id)\n);");
}

TEST(PgStore, BadUrlIsInvalidArgument) {
  auto s = PgStore::Open("postgresql://a:b@host:notaport/db?bogus=1");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), Code::kInvalidArgument) << s.status().message();
}

TEST(PgStore, UnreachableServerIsUnavailableNamingHostAndPort) {
  int port = FreePort();  // nothing listens there
  auto s = PgStore::Open("postgresql://x@127.0.0.1:" + std::to_string(port) + "/db");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), Code::kUnavailable);
  EXPECT_NE(s.status().message().find("127.0.0.1:" + std::to_string(port)), std::string::npos)
      << s.status().message();
}

TEST(PgStore, SchemaVersionIsRecordedAndMigrationIsIdempotent) {
  PgEnv env;
  ASSERT_TRUE(env.Open().ok());
  ASSERT_TRUE(env.Open().ok());  // a second open applies nothing
  auto c = pg::Connection::Open(Cluster::Get().Url(env.db));
  ASSERT_TRUE(c.ok());
  auto v = pg::CurrentSchemaVersion(**c);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(*v, pg::LatestSchemaVersion());
  auto rows = (*c)->QueryText("SELECT count(*) FROM schema_version");
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(*rows, std::to_string(pg::LatestSchemaVersion()));
}

TEST(PgStore, UniqueViolationIsConflictAndTheTransactionGoesOn) {
  PgEnv env;
  auto s = env.Open();
  ASSERT_TRUE(s.ok()) << s.status().message();
  Store& store = **s;
  Status st = store.Write([](UnitOfWork& uow) -> Status {
    Customer a = store_contract::MinimalCustomer("A");
    a.phone = "13800000000";
    LD_RETURN_IF_ERROR(uow.InsertCustomer(a));
    Customer b = store_contract::MinimalCustomer("B");
    b.phone = "13800000000";
    Status dup = uow.InsertCustomer(b);
    EXPECT_EQ(dup.code(), Code::kConflict);
    EXPECT_EQ(dup.field(), "phone");
    b.phone = "13800000001";  // SQLite semantics: only the failed statement is undone
    return uow.InsertCustomer(b);
  });
  ASSERT_TRUE(st.ok()) << st.message();
  int64_t n = 0;
  ASSERT_TRUE(store.Read([&](UnitOfWork& uow) -> Status {
    LD_ASSIGN_OR_RETURN(auto list, uow.ListCustomers({}));
    n = static_cast<int64_t>(list.size());
    return Status::Ok();
  }).ok());
  EXPECT_EQ(n, 2);
}

TEST(PgStore, WritersOnTwoStoresAreSerialised) {
  // Two stores on one database stand for two loopdesk processes: every Write's
  // read-then-insert stays atomic, as under SQLite's single writer.
  PgEnv env;
  auto s1 = env.Open();
  auto s2 = env.Open();
  ASSERT_TRUE(s1.ok() && s2.ok());
  std::atomic<int> failures{0};
  auto writer = [&](Store& store, int from) {
    for (int i = 0; i < 20; ++i) {
      Status st = store.Write([&](UnitOfWork& uow) -> Status {
        LD_ASSIGN_OR_RETURN(int64_t agents, uow.CountAgents());
        Agent a = store_contract::MinimalAgent("agent" + std::to_string(from + i));
        a.capacity = static_cast<int>(agents);  // the count seen inside the transaction
        return uow.InsertAgent(a);
      });
      if (!st.ok()) ++failures;
    }
  };
  std::thread t1(writer, std::ref(**s1), 0);
  std::thread t2(writer, std::ref(**s2), 100);
  t1.join();
  t2.join();
  EXPECT_EQ(failures.load(), 0);
  std::vector<int> seen;
  ASSERT_TRUE((*s1)->Read([&](UnitOfWork& uow) -> Status {
    AgentFilter f;
    f.limit = 100;
    LD_ASSIGN_OR_RETURN(auto list, uow.ListAgents(f));
    for (const Agent& a : list) seen.push_back(a.capacity);
    return Status::Ok();
  }).ok());
  ASSERT_EQ(seen.size(), 40u);
  std::sort(seen.begin(), seen.end());
  for (int i = 0; i < 40; ++i) EXPECT_EQ(seen[i], i);  // no two writers saw the same count
}

}  // namespace
}  // namespace loopdesk
