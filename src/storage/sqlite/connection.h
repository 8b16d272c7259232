#pragma once
// A thin RAII layer over the sqlite3 C API: one Connection per sqlite3 handle with a cache
// of prepared statements, and Stmt, a borrowed statement that binds, steps and reads columns
// and resets itself when it goes out of scope. Internal to the SQLite adapter.
//
// Thread safety: a Connection and its statements may be used by one thread at a time
// (connections are opened in SQLite's multi-thread mode, SQLITE_OPEN_NOMUTEX).

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/status.h"
#include "storage/sql/db.h"

struct sqlite3;
struct sqlite3_stmt;

namespace loopdesk::sqlite {

// Builds a Status from a failed sqlite3 call on `db` (nullptr when there is no handle):
// - UNIQUE / PRIMARY KEY violations become kConflict with field = the offending column
//   ("UNIQUE constraint failed: customers.phone" -> field "phone");
// - other constraint violations become kInvalidArgument;
// - busy/locked and I/O-ish failures (full disk, cannot open, read-only, I/O error, out of
//   memory) become kUnavailable, with the OS reason when SQLite recorded an errno;
// - everything else becomes kInternal.
// `context` says what was being done, e.g. "insert customer".
Status SqliteError(sqlite3* db, int rc, std::string_view context);

class Connection;

// The statement interface is shared with the PostgreSQL adapter (storage/sql/db.h).
using Stmt = sql::Stmt;

// One cached sqlite3_stmt behind a Stmt handle.
class SqliteStmt final : public sql::StmtImpl {
 public:
  SqliteStmt(sqlite3_stmt* stmt, Connection* conn) : stmt_(stmt), conn_(conn) {}
  ~SqliteStmt() override;
  void BindInt(int64_t v) override;
  void BindDouble(double v) override;
  void BindText(std::string_view v) override;
  void BindTextView(std::string_view v) override;
  void BindNull(sql::ParamType type) override;
  Result<bool> Step(std::string_view context) override;
  bool IsNull(int col) const override;
  int64_t Int(int col) const override;
  double Double(int col) const override;
  std::string Text(int col) const override;
  void Release() override;

 private:
  void Check(int rc) {
    if (rc != 0 && bind_rc_ == 0) bind_rc_ = rc;
  }
  sqlite3_stmt* stmt_;
  Connection* conn_;
  int next_param_ = 1;
  int bind_rc_ = 0;  // first failing sqlite3_bind_* code, 0 when all succeeded
};

// One sqlite3 handle. Not copyable; the destructor finalizes every cached statement and
// closes the handle.
class Connection final : public sql::Db {
 public:
  enum class Mode { kReadWrite, kReadOnly };

  // Opens (kReadWrite: creating if missing) the database file at `path`, enables extended
  // result codes and sets busy_timeout. Fails with kUnavailable naming the path and the OS
  // reason (e.g. "No such file or directory") when the file cannot be opened.
  static Result<std::unique_ptr<Connection>> Open(const std::string& path, Mode mode,
                                                  int busy_timeout_ms);
  ~Connection() override;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // A cached prepared statement for `sql` (prepared on first use, SQLITE_PREPARE_PERSISTENT).
  // Fails when `sql` does not compile.
  Result<Stmt> Prepare(const std::string& sql) override;
  sql::Dialect dialect() const override { return sql::Dialect::kSqlite; }
  // Run(sql) (sql::Db) runs one statement through the cache, ignoring any result rows.
  using sql::Db::Run;
  // Runs a script of one or more statements without caching (migrations, PRAGMAs).
  Status ExecScript(const std::string& sql);
  // Runs a one-row query and returns its first column as text ("" for NULL or no row).
  Result<std::string> QueryText(const std::string& sql);

  // True while a transaction is open. SQLite may end a transaction on its own after some
  // errors (I/O error, full disk); callers check this to learn that the work is lost.
  bool InTransaction() const override;
  // Id of the last inserted row on this connection.
  int64_t LastInsertId() override;
  // Rows changed by the last INSERT/UPDATE/DELETE.
  int64_t Changes() const override;

  sqlite3* raw() const { return db_; }
  const std::string& path() const { return path_; }

 private:
  Connection(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}

  sqlite3* db_;
  std::string path_;
  std::unordered_map<std::string, std::unique_ptr<SqliteStmt>> cache_;
};

}  // namespace loopdesk::sqlite
