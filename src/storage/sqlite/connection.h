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

// A prepared statement borrowed from a Connection's cache. Parameters are bound left to
// right with Bind(); Step() advances; the column getters read the current row (0-based).
// The destructor resets the statement and clears its bindings so the cache can hand it out
// again. Move-only; must not outlive its Connection; at most one Stmt per SQL text may be
// alive at a time on one connection (the cache hands out the same sqlite3_stmt).
class Stmt {
 public:
  Stmt(sqlite3_stmt* stmt, Connection* conn) : stmt_(stmt), conn_(conn) {}
  Stmt(Stmt&& other) noexcept;
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  Stmt& operator=(Stmt&&) = delete;
  ~Stmt();

  // Binding never fails at the call; the first failure is reported by Step()/Run().
  Stmt& Bind(int64_t v);
  Stmt& Bind(int v) { return Bind(static_cast<int64_t>(v)); }
  Stmt& Bind(bool v) = delete;  // use BindBool: bool converts too easily
  Stmt& BindBool(bool v) { return Bind(static_cast<int64_t>(v ? 1 : 0)); }
  Stmt& Bind(double v);
  Stmt& Bind(std::string_view v);  // copied by SQLite
  Stmt& Bind(const std::string& v) { return Bind(std::string_view(v)); }
  Stmt& Bind(const char* v) { return Bind(std::string_view(v)); }
  Stmt& BindNull();
  template <typename T>
  Stmt& Bind(const std::optional<T>& v) {
    return v ? Bind(*v) : BindNull();
  }

  // Advances to the next row: true when a row is available, false when done, an error
  // Status (see SqliteError) otherwise. `context` names the operation for error messages.
  Result<bool> Step(std::string_view context);
  // Steps to completion, ignoring any rows.
  Status Run(std::string_view context);

  bool IsNull(int col) const;
  int64_t Int(int col) const;
  double Double(int col) const;
  std::string Text(int col) const;
  std::optional<int64_t> OptInt(int col) const;
  std::optional<double> OptDouble(int col) const;

 private:
  sqlite3_stmt* stmt_;
  Connection* conn_;
  int next_param_ = 1;
  int bind_rc_ = 0;  // first failing sqlite3_bind_* code, 0 when all succeeded
};

// One sqlite3 handle. Not copyable; the destructor finalizes every cached statement and
// closes the handle.
class Connection {
 public:
  enum class Mode { kReadWrite, kReadOnly };

  // Opens (kReadWrite: creating if missing) the database file at `path`, enables extended
  // result codes and sets busy_timeout. Fails with kUnavailable naming the path and the OS
  // reason (e.g. "No such file or directory") when the file cannot be opened.
  static Result<std::unique_ptr<Connection>> Open(const std::string& path, Mode mode,
                                                  int busy_timeout_ms);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // A cached prepared statement for `sql` (prepared on first use, SQLITE_PREPARE_PERSISTENT).
  // Fails when `sql` does not compile.
  Result<Stmt> Prepare(const std::string& sql);
  // Runs one statement through the cache, ignoring any result rows (BEGIN, SAVEPOINT...).
  Status Run(const std::string& sql);
  // Runs a script of one or more statements without caching (migrations, PRAGMAs).
  Status ExecScript(const std::string& sql);
  // Runs a one-row query and returns its first column as text ("" for NULL or no row).
  Result<std::string> QueryText(const std::string& sql);

  // True while a transaction is open. SQLite may end a transaction on its own after some
  // errors (I/O error, full disk); callers check this to learn that the work is lost.
  bool InTransaction() const;
  // Id of the last inserted row on this connection.
  int64_t LastInsertId() const;
  // Rows changed by the last INSERT/UPDATE/DELETE.
  int64_t Changes() const;

  sqlite3* raw() const { return db_; }
  const std::string& path() const { return path_; }

 private:
  Connection(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}

  sqlite3* db_;
  std::string path_;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
};

}  // namespace loopdesk::sqlite
