#include "storage/sqlite/sqlite_store.h"
#include "storage/sqlite/migrations.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "storage/store_contract_test.h"

namespace loopdesk {
namespace {

// A fresh directory under /tmp, removed with everything in it.
class TempDir {
 public:
  TempDir() {
    char tmpl[] = "/tmp/loopdesk-sqlite-XXXXXX";
    const char* p = mkdtemp(tmpl);
    EXPECT_NE(p, nullptr);
    path_ = p ? p : "/tmp";
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// The environment the contract suite runs SQLite in: one database file per test.
struct SqliteEnv {
  TempDir dir;
  std::string file = dir.path() + "/loopdesk.db";
  Result<std::unique_ptr<Store>> Open() {
    auto s = SqliteStore::Open(file);
    if (!s.ok()) return s.status();
    return std::unique_ptr<Store>(std::move(s).value());
  }
};

}  // namespace

namespace store_contract {
INSTANTIATE_TYPED_TEST_SUITE_P(Sqlite, StoreContractTest, ::testing::Types<SqliteEnv>);
}  // namespace store_contract

namespace {

using store_contract::MinimalCustomer;

// Runs one SQL statement on the file directly, bypassing the store.
void RawExec(const std::string& file, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(file.c_str(), &db), SQLITE_OK);
  char* err = nullptr;
  int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
  EXPECT_EQ(rc, SQLITE_OK) << (err ? err : "");
  sqlite3_free(err);
  sqlite3_close(db);
}

std::string RawQuery(const std::string& file, const std::string& sql) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open(file.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  std::string out;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK &&
      sqlite3_step(st) == SQLITE_ROW) {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    out = p ? p : "";
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  return out;
}

TEST(SqliteStoreOpen, MissingDirectoryIsUnavailableWithPathAndReason) {
  TempDir dir;
  const std::string file = dir.path() + "/no/such/dir/loopdesk.db";
  auto s = SqliteStore::Open(file);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), Code::kUnavailable);
  EXPECT_NE(s.status().message().find(file), std::string::npos) << s.status().message();
  EXPECT_NE(s.status().message().find("No such file or directory"), std::string::npos)
      << s.status().message();
}

TEST(SqliteStoreOpen, PathUnderARegularFileIsUnavailable) {
  TempDir dir;
  const std::string plain = dir.path() + "/plain";
  std::ofstream(plain) << "x";
  auto s = SqliteStore::Open(plain + "/loopdesk.db");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), Code::kUnavailable);
  EXPECT_NE(s.status().message().find("Not a directory"), std::string::npos)
      << s.status().message();
}

TEST(SqliteStoreOpen, UnwritableDirectoryIsUnavailable) {
  if (geteuid() == 0) GTEST_SKIP() << "root ignores directory permissions";
  TempDir dir;
  const std::string ro = dir.path() + "/ro";
  std::filesystem::create_directory(ro);
  std::filesystem::permissions(
      ro, std::filesystem::perms::owner_read | std::filesystem::perms::owner_exec);
  auto s = SqliteStore::Open(ro + "/loopdesk.db");
  std::filesystem::permissions(ro, std::filesystem::perms::owner_all);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), Code::kUnavailable);
  EXPECT_NE(s.status().message().find(ro), std::string::npos) << s.status().message();
}

TEST(SqliteStoreOpen, FileThatIsNotADatabaseIsUnavailable) {
  TempDir dir;
  const std::string file = dir.path() + "/junk.db";
  std::ofstream(file) << std::string(4096, 'j');
  auto s = SqliteStore::Open(file);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), Code::kUnavailable);
  EXPECT_NE(s.status().message().find(file), std::string::npos) << s.status().message();
}

TEST(SqliteStoreOpen, RejectsInMemoryAndEmptyPathsAndBadOptions) {
  EXPECT_EQ(SqliteStore::Open("").status().code(), Code::kInvalidArgument);
  EXPECT_EQ(SqliteStore::Open(":memory:").status().code(), Code::kInvalidArgument);
  TempDir dir;
  SqliteOptions no_batch;
  no_batch.max_batch = 0;
  EXPECT_EQ(SqliteStore::Open(dir.path() + "/x.db", no_batch).status().code(),
            Code::kInvalidArgument);
}

TEST(SqliteStoreOpen, SetsWalAndRecordsEachMigrationOnce) {
  TempDir dir;
  const std::string file = dir.path() + "/loopdesk.db";
  for (int i = 0; i < 3; ++i) {
    auto s = SqliteStore::Open(file);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    EXPECT_EQ((*s)->Describe(), "sqlite:" + file);
  }
  EXPECT_EQ(RawQuery(file, "PRAGMA journal_mode"), "wal");
  const int latest = sqlite::LatestSchemaVersion();
  std::string versions;
  for (int v = 1; v <= latest; ++v) versions += (v > 1 ? "," : "") + std::to_string(v);
  EXPECT_EQ(RawQuery(file, "SELECT count(*) FROM schema_version"), std::to_string(latest));
  EXPECT_EQ(RawQuery(file, "SELECT group_concat(version) FROM schema_version"), versions);
}

// The file format byte that says WAL (2) or a rollback journal (1): offset 18 of the header.
int FileFormat(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  char header[20] = {};
  in.read(header, sizeof header);
  return header[18];
}

// A bulk load leaves WAL for a rollback journal while it alone has the file open, writes
// through it, and gives WAL back when it closes.
TEST(SqliteStoreOpen, BulkLoadUsesARollbackJournalAndRestoresWal) {
  TempDir dir;
  const std::string file = dir.path() + "/loopdesk.db";
  { ASSERT_TRUE(SqliteStore::Open(file).ok()); }
  ASSERT_EQ(FileFormat(file), 2);
  SqliteOptions bulk;
  bulk.bulk_load = true;
  {
    auto s = SqliteStore::Open(file, bulk);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    EXPECT_EQ(FileFormat(file), 1);
    ASSERT_TRUE((*s)->Write([](UnitOfWork& uow) -> Status {
                      Customer c;
                      c.name = "bulk";
                      c.created_at = c.updated_at = 1;
                      return uow.InsertCustomer(c);
                    })
                    .ok());
  }
  EXPECT_EQ(FileFormat(file), 2);
  EXPECT_EQ(RawQuery(file, "PRAGMA journal_mode"), "wal");
  EXPECT_EQ(RawQuery(file, "SELECT name FROM customers"), "bulk");
}

// With another connection on the file (a server), a bulk load keeps WAL.
TEST(SqliteStoreOpen, BulkLoadKeepsWalWhileAnotherConnectionIsOpen) {
  TempDir dir;
  const std::string file = dir.path() + "/loopdesk.db";
  auto server = SqliteStore::Open(file);
  ASSERT_TRUE(server.ok());
  ASSERT_TRUE((*server)->Read([](UnitOfWork& uow) { return uow.CountAgents().status(); }).ok());
  SqliteOptions bulk;
  bulk.bulk_load = true;
  {
    auto s = SqliteStore::Open(file, bulk);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    EXPECT_EQ(FileFormat(file), 2);
  }
  EXPECT_EQ(FileFormat(file), 2);
}

TEST(SqliteStoreOpen, NewerSchemaIsUnavailable) {
  TempDir dir;
  const std::string file = dir.path() + "/loopdesk.db";
  ASSERT_TRUE(SqliteStore::Open(file).ok());
  RawExec(file, "INSERT INTO schema_version (version, name, applied_at) VALUES (999, 'f', 0)");
  auto s = SqliteStore::Open(file);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), Code::kUnavailable);
  EXPECT_NE(s.status().message().find("999"), std::string::npos) << s.status().message();
  EXPECT_NE(s.status().message().find("newer"), std::string::npos) << s.status().message();
}

TEST(SqliteStore, EnforcesForeignKeys) {
  TempDir dir;
  auto s = SqliteStore::Open(dir.path() + "/loopdesk.db");
  ASSERT_TRUE(s.ok());
  Order o{0, 77, "", "p", 1, 1, 1};
  Status st = (*s)->Write([&](UnitOfWork& u) { return u.InsertOrder(o); });
  EXPECT_EQ(st.code(), Code::kInvalidArgument) << st.ToString();
}

TEST(SqliteStore, NestedWriteFailsInsteadOfDeadlocking) {
  TempDir dir;
  auto s = SqliteStore::Open(dir.path() + "/loopdesk.db");
  ASSERT_TRUE(s.ok());
  SqliteStore& store = **s;
  Status inner;
  Status outer = store.Write([&](UnitOfWork&) {
    inner = store.Write([](UnitOfWork&) { return Status::Ok(); });
    return Status::Ok();
  });
  EXPECT_TRUE(outer.ok());
  EXPECT_EQ(inner.code(), Code::kInternal);
}

TEST(SqliteStore, ConcurrentWritersShareCommits) {
  TempDir dir;
  auto s = SqliteStore::Open(dir.path() + "/loopdesk.db");
  ASSERT_TRUE(s.ok());
  SqliteStore& store = **s;
  constexpr int kThreads = 8, kPerThread = 100;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&store] {
      for (int i = 0; i < kPerThread; ++i) {
        Event e;
        e.type = "x";
        EXPECT_TRUE(store.Write([&](UnitOfWork& u) { return u.AppendEvent(e); }).ok());
      }
    });
  }
  for (auto& t : threads) t.join();
  SqliteStats st = store.Stats();
  EXPECT_EQ(st.write_calls, kThreads * kPerThread);
  EXPECT_GE(st.commits, 1);
  EXPECT_LE(st.commits, st.write_calls);
  std::cout << "[ info ] " << st.write_calls << " writes in " << st.commits << " commits\n";
}

// A throughput probe, not a pass/fail test: run with --gtest_also_run_disabled_tests.
TEST(SqliteStore, DISABLED_DurableWriteThroughput) {
  TempDir dir;
  auto s = SqliteStore::Open(dir.path() + "/loopdesk.db");
  ASSERT_TRUE(s.ok());
  SqliteStore& store = **s;
  constexpr int kThreads = 64, kPerThread = 200;
  auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&store, t] {
      for (int i = 0; i < kPerThread; ++i) {
        Customer c = MinimalCustomer("bench");
        c.phone = std::to_string(1000000 + t * 10000 + i);
        Event e;
        e.type = "customer.created";
        e.data = Value::MakeObject();
        e.data.Set("name", c.name);
        Status st = store.Write([&](UnitOfWork& u) {
          LD_RETURN_IF_ERROR(u.InsertCustomer(c));
          e.customer_id = c.id;
          return u.AppendEvent(e);
        });
        EXPECT_TRUE(st.ok()) << st.ToString();
      }
    });
  }
  for (auto& t : threads) t.join();
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  SqliteStats st = store.Stats();
  std::cout << "[ info ] " << st.write_calls << " durable writes in " << secs
            << " s = " << static_cast<int>(st.write_calls / secs) << "/s, " << st.commits
            << " commits\n";
}

}  // namespace
}  // namespace loopdesk
