// The historical import's two write paths write the same database: the same NDJSON file is
// imported once through the generic path (Operations, Value payloads) and once through the
// SQLite BulkImportSink, and every table the import touches is compared row by row.

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <ostream>
#include <string>
#include <vector>

#include "app/event_bus.h"
#include "app/import.h"
#include "app/service.h"
#include "http/import_codec.h"
#include "storage/sqlite/deferred_indexes.h"
#include "storage/sqlite/sqlite_store.h"
#include "tests/support/fakes.h"

namespace loopdesk {
namespace {

// Lines covering every kind of history step, duplicates, and a record that fails validation. Strings carry characters JSON must escape.
const char* const kLines[] = {
    R"({"external_id":"T-1","customer":{"external_id":"C-1","name":"客户 \"一\"","tier":"high","region":"east"},"channel":"wechat","subject":"退款 \\ refund","description":"line1\nline2\ttab \u0001","priority":"P2","category":"billing","team":"care","created_at":"2025-11-01T00:00:00Z","events":[{"at":"2025-11-01T00:00:00Z","type":"message","author":"customer","body":"还是有问题"},{"at":"2025-11-01T00:10:00Z","type":"reply","agent_external_id":"A-1","body":"您好"},{"at":"2025-11-01T00:20:00Z","type":"note","agent_external_id":"A-2","body":"internal"},{"at":"2025-11-01T01:00:00Z","type":"status","to":"resolved"},{"at":"2025-11-02T00:00:00Z","type":"message","author":"customer","body":"again"},{"at":"2025-11-02T01:00:00Z","type":"message","author":"agent","agent_external_id":"A-1","body":"fixed"},{"at":"2025-11-02T02:00:00Z","type":"status","to":"resolved"},{"at":"2025-11-05T00:00:00Z","type":"status","to":"closed"}],"survey":{"kind":"csat","sent_at":"2025-11-02T03:00:00Z","score":4,"answered_at":"2025-11-02T05:00:00Z","comment":"物流太慢"}})",
    R"({"external_id":"T-2","customer":{"phone":"+8613800000001","name":"P"},"channel":"phone","subject":"无法开机","created_at":"2025-11-03T00:00:00Z","events":[{"at":"2025-11-03T00:05:00Z","type":"status","to":"pending"}],"survey":{"kind":"nps","sent_at":"2025-11-03T00:06:00Z"}})",
    R"({"external_id":"T-3","customer":{"external_id":"C-1"},"channel":"email","subject":"ces","created_at":"2025-11-04T00:00:00Z","agent_external_id":"A-3","events":[{"at":"2025-11-04T00:01:00Z","type":"reply","agent_external_id":"A-1","body":"ok"},{"at":"2025-11-04T00:02:00Z","type":"status","to":"resolved"}],"survey":{"kind":"ces","score":3}})",
    R"({"external_id":"T-1","customer":{"external_id":"C-1"},"channel":"web","subject":"dup","created_at":"2025-11-01T00:00:00Z"})",
    R"({"external_id":"T-4","customer":{"external_id":"C-9","phone":"+8613800000001"},"channel":"web","subject":"phone taken","created_at":"2025-11-05T00:00:00Z"})",
    R"({"external_id":"T-5","customer":{"external_id":"C-2"},"channel":"chat","subject":"bad","created_at":"2025-11-05T00:00:00Z","events":[{"at":"2025-11-05T00:01:00Z","type":"status","to":"closed"},{"at":"2025-11-05T00:02:00Z","type":"message","body":"late"}]})",
    R"({"external_id":"T-6","customer":{"external_id":"C-2","tier":"strategic"},"channel":"app","subject":"nps","created_at":"2025-11-06T00:00:00Z","events":[{"at":"2025-11-06T00:01:00Z","type":"message","author":"agent","agent_external_id":"A-2","body":"hi"}],"survey":{"kind":"nps","sent_at":"2025-11-06T00:02:00Z","score":9,"answered_at":"2025-11-06T00:03:00Z"}})",
};

// Every row of `sql`, each column as text ("NULL" for null), one string per row.
std::vector<std::string> Rows(const std::string& db_path, const std::string& sql) {
  std::vector<std::string> out;
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    ADD_FAILURE() << "cannot open " << db_path;
    sqlite3_close(db);
    return out;
  }
  sqlite3_stmt* st = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr), SQLITE_OK) << sql;
  while (st && sqlite3_step(st) == SQLITE_ROW) {
    std::string row;
    for (int c = 0; c < sqlite3_column_count(st); ++c) {
      const unsigned char* v = sqlite3_column_text(st, c);
      row += v ? reinterpret_cast<const char*>(v) : "NULL";
      row += '|';
    }
    out.push_back(row);
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  return out;
}

struct Imported {
  ImportSummary summary;
  std::string db;
};

// `expect` > 0: tells the importer that many records are coming (ExpectRecords), enough for
// the store to drop its query-only indexes during the import and build them at the end.
Imported Import(const testing::TempDir& dir, bool bulk, int batch, int64_t expect = 0) {
  Imported out;
  out.db = dir.File(bulk ? "bulk.db" : "generic.db");
  auto store = SqliteStore::Open(out.db);
  EXPECT_TRUE(store.ok()) << store.status().ToString();
  if (!store.ok()) return out;
  testing::FakeSecrets secrets;
  FakeClock clock(1795336200000);
  EventBus bus;
  Service svc(**store, secrets, clock, bus);
  EXPECT_TRUE(svc.LoadSettings().ok());
  Importer importer(svc, /*strict=*/false, batch, bulk);
  importer.ExpectRecords(expect);
  std::string text;
  for (const char* line : kLines) text += std::string(line) + "\n";
  auto n = http::ImportNdjson(text, 1, importer);
  EXPECT_TRUE(n.ok()) << n.status().ToString();
  EXPECT_TRUE(importer.Finish().ok());
  out.summary = importer.summary();
  return out;
}

struct Case {
  int batch;
  int64_t expect;
};

void PrintTo(const Case& c, std::ostream* os) {
  *os << "batch " << c.batch << ", expect " << c.expect;
}

class BulkImportTest : public ::testing::TestWithParam<Case> {};

bool ByLine(const ImportError& a, const ImportError& b) { return a.line < b.line; }

TEST_P(BulkImportTest, WritesWhatTheGenericPathWrites) {
  testing::TempDir dir;
  const Imported generic = Import(dir, false, GetParam().batch);
  const Imported bulk = Import(dir, true, GetParam().batch, GetParam().expect);

  EXPECT_EQ(generic.summary.tickets, 5);
  EXPECT_EQ(generic.summary.duplicates, 1);
  ASSERT_EQ(generic.summary.errors.size(), 1u);
  EXPECT_EQ(bulk.summary.tickets, generic.summary.tickets);
  EXPECT_EQ(bulk.summary.customers, generic.summary.customers);
  EXPECT_EQ(bulk.summary.agents, generic.summary.agents);
  EXPECT_EQ(bulk.summary.duplicates, generic.summary.duplicates);
  // The bulk import is pipelined and reports its errors sorted by line.
  auto want_errors = generic.summary.errors;
  std::stable_sort(want_errors.begin(), want_errors.end(), ByLine);
  ASSERT_EQ(bulk.summary.errors.size(), want_errors.size());
  for (size_t i = 0; i < bulk.summary.errors.size(); ++i) {
    EXPECT_EQ(bulk.summary.errors[i].line, want_errors[i].line);
    EXPECT_EQ(bulk.summary.errors[i].message, want_errors[i].message);
  }
  for (const char* sql : {"SELECT * FROM tickets ORDER BY id", "SELECT * FROM messages ORDER BY id",
                          "SELECT * FROM events ORDER BY seq", "SELECT * FROM customers ORDER BY id",
                          "SELECT * FROM agents ORDER BY id", "SELECT * FROM surveys ORDER BY id"}) {
    const auto want = Rows(generic.db, sql);
    const auto got = Rows(bulk.db, sql);
    EXPECT_FALSE(want.empty()) << sql;
    EXPECT_EQ(got, want) << sql;
  }
  // The payloads that need care: escaped text, a null assignee, a fractional scaled score.
  const auto events = Rows(bulk.db, "SELECT data FROM events WHERE type = 'survey.answered'");
  ASSERT_EQ(events.size(), 3u);
  EXPECT_NE(events[1].find("\"scaled\":3.3333333333333335"), std::string::npos) << events[1];
  // Indexes deferred or not, the store ends with the schema the generic path left.
  const char* schema = "SELECT type, name, sql FROM sqlite_master ORDER BY name";
  EXPECT_EQ(Rows(bulk.db, schema), Rows(generic.db, schema));
  EXPECT_TRUE(Rows(bulk.db, "SELECT * FROM deferred_indexes").empty());
}

// One batch for everything, and one record per batch (the record that fails is isolated
// either way); each also with a large announced import (indexes dropped and rebuilt).
INSTANTIATE_TEST_SUITE_P(Batches, BulkImportTest,
                         ::testing::Values(Case{1000, 0}, Case{1, 0}, Case{1000, 1000000},
                                           Case{1, 1000000}, Case{2, 1000000}),
                         [](const ::testing::TestParamInfo<Case>& info) {
                           return "batch" + std::to_string(info.param.batch) +
                                  (info.param.expect > 0 ? "_deferred" : "");
                         });

// Every index the import may defer exists in a fresh store under that name (a renamed index
// would otherwise silently stop being deferred).
TEST(DeferredIndexes, NamesExistInTheSchema) {
  testing::TempDir dir;
  const std::string db = dir.File("s.db");
  { ASSERT_TRUE(SqliteStore::Open(db).ok()); }
  int n = 0;
  for (const char* const* name = sqlite::DeferrableIndexNames(); *name; ++name, ++n) {
    EXPECT_EQ(Rows(db, std::string("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND "
                                   "name = '") + *name + "' AND sql NOT LIKE 'CREATE UNIQUE%'"),
              std::vector<std::string>{"1|"})
        << *name;
  }
  EXPECT_GT(n, 10);
}

// An import killed after its indexes were dropped (the drop committed, the rebuild never
// ran): the next open builds them again, exactly as they were.
TEST(DeferredIndexes, OpenRebuildsWhatAKilledImportDropped) {
  testing::TempDir dir;
  const std::string db = dir.File("k.db");
  const char* schema = "SELECT type, name, sql FROM sqlite_master ORDER BY name";
  std::vector<std::string> before;
  {
    auto store = SqliteStore::Open(db);
    ASSERT_TRUE(store.ok());
    before = Rows(db, schema);
    bool deferred = false;
    ASSERT_TRUE((*store)
                    ->Write([&](UnitOfWork& uow) -> Status {
                      BulkImportSink* sink = uow.bulk_import();
                      if (!sink) return Status::Internal("no bulk sink");
                      LD_ASSIGN_OR_RETURN(deferred, sink->DeferIndexes(100000));
                      return Status::Ok();
                    })
                    .ok());
    EXPECT_TRUE(deferred);
    // The store is closed without RestoreIndexes, as after a kill -9.
  }
  EXPECT_NE(Rows(db, schema), before);
  EXPECT_EQ(Rows(db, "SELECT count(*) FROM sqlite_master WHERE name = 'events_ticket'"),
            std::vector<std::string>{"0|"});
  EXPECT_FALSE(Rows(db, "SELECT * FROM deferred_indexes").empty());
  { ASSERT_TRUE(SqliteStore::Open(db).ok()); }
  EXPECT_EQ(Rows(db, schema), before);
  EXPECT_TRUE(Rows(db, "SELECT * FROM deferred_indexes").empty());
}

// The rule: indexes are deferred while the stored tickets are at most twice those to come.
TEST(DeferredIndexes, SmallImportIntoALargerStoreKeepsIndexes) {
  testing::TempDir dir;
  auto store = SqliteStore::Open(dir.File("l.db"));
  ASSERT_TRUE(store.ok());
  bool small = true, large = false;
  ASSERT_TRUE((*store)
                  ->Write([&](UnitOfWork& uow) -> Status {
                    Customer c;
                    c.name = "c";
                    LD_RETURN_IF_ERROR(uow.InsertCustomer(c));
                    for (int i = 0; i < 3; ++i) {
                      Ticket t;
                      t.customer_id = c.id;
                      t.subject = "s";
                      t.created_at = t.updated_at = 1;
                      LD_RETURN_IF_ERROR(uow.InsertTicket(t));
                    }
                    LD_ASSIGN_OR_RETURN(small, uow.bulk_import()->DeferIndexes(1));  // 3 > 2
                    LD_ASSIGN_OR_RETURN(large, uow.bulk_import()->DeferIndexes(2));  // 3 <= 4
                    return Status::Ok();
                  })
                  .ok());
  EXPECT_FALSE(small);
  EXPECT_TRUE(large);
}

}  // namespace
}  // namespace loopdesk
