#pragma once
// A thin RAII layer over libpq implementing the shared statement interface (storage/sql/db.h):
// one Connection per PGconn with a cache of statements. SQL is written for both dialects with
// `?` placeholders; Prepare() rewrites it once per connection (ToPostgresSql) and the first
// Step() prepares it on the server under a generated name, once per combination of
// parameter types (parameters are sent as text with explicit types: int8, float8, text).
// Results are read in text format and parsed by the getters. Internal to the PostgreSQL
// adapter.
//
// Statement-level atomicity: SQLite undoes only the failing statement and the transaction
// goes on (the unit of work relies on it, e.g. a unique violation reported as kConflict);
// PostgreSQL aborts the whole transaction. So inside a transaction every INSERT/UPDATE/
// DELETE runs under a SAVEPOINT that is rolled back when the statement fails.
//
// Thread safety: a Connection and its statements may be used by one thread at a time.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/status.h"
#include "storage/sql/db.h"

struct pg_conn;
struct pg_result;

namespace loopdesk::pg {

// Builds a Status from a failed libpq result (`res`, may be nullptr) on `conn`:
// - unique violations (23505) become kConflict with field = the offending column
//   (from the "Key (phone)=(...)" detail);
// - other integrity violations (23xxx) and bad input (22xxx) become kInvalidArgument;
// - connection failures (08xxx, a broken connection), admin shutdown (57Pxx), serialization
//   failures and deadlocks (40001, 40P01) and insufficient resources (53xxx) become
//   kUnavailable with libpq's reason;
// - everything else becomes kInternal.
Status PgError(pg_conn* conn, pg_result* res, std::string_view context);

// `sql` with `?` placeholders rewritten to $1, $2... (outside quotes) and the few SQLite
// spellings the unit of work uses mapped to PostgreSQL (LIKE -> ILIKE: SQLite's LIKE is
// case-insensitive for ASCII; SUM(condition) -> SUM(CASE WHEN condition THEN 1 ELSE 0 END);
// `NOT INDEXED` dropped). `params` receives the number of placeholders.
std::string ToPostgresSql(std::string_view sql, int* params);

class Connection;

class PgStmt final : public sql::StmtImpl {
 public:
  PgStmt(Connection* conn, std::string text, int params, bool is_write)
      : conn_(conn), text_(std::move(text)), params_(params), is_write_(is_write) {
    values_.resize(params);
    nulls_.resize(params);
    types_.resize(params);
  }
  ~PgStmt() override;
  void BindInt(int64_t v) override;
  void BindDouble(double v) override;
  void BindText(std::string_view v) override;
  void BindNull(sql::ParamType type) override;
  Result<bool> Step(std::string_view context) override;
  bool IsNull(int col) const override;
  int64_t Int(int col) const override;
  double Double(int col) const override;
  std::string Text(int col) const override;
  void Release() override;

 private:
  bool Slot(sql::ParamType type);  // claims the next parameter; false when too many
  Result<bool> Execute(std::string_view context);

  Connection* conn_;
  const std::string text_;
  const int params_;
  const bool is_write_;
  int next_ = 0;
  bool too_many_ = false;
  bool has_nul_ = false;
  std::vector<std::string> values_;
  std::vector<char> nulls_;
  std::vector<unsigned> types_;  // Oid per parameter
  std::unordered_map<std::string, std::string> names_;  // type signature -> server name
  pg_result* res_ = nullptr;
  int row_ = -1;
  int rows_ = 0;
  bool executed_ = false;
};

class Connection final : public sql::Db {
 public:
  // Connects to `url` (postgresql://user:pass@host:port/db or any libpq connection string).
  // Fails with kInvalidArgument for a malformed URL and with kUnavailable naming host:port
  // and libpq's reason when the server cannot be reached or refuses the login.
  static Result<std::unique_ptr<Connection>> Open(const std::string& url);
  ~Connection() override;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  sql::Dialect dialect() const override { return sql::Dialect::kPostgres; }
  Result<sql::Stmt> Prepare(const std::string& sql) override;
  bool InTransaction() const override;
  int64_t LastInsertId() override;
  int64_t Changes() const override { return changes_; }

  // Runs a script of one or more statements without parameters or caching.
  Status Exec(const std::string& sql, std::string_view context);
  // Runs a one-row query and returns its first column as text ("" for NULL or no row).
  Result<std::string> QueryText(const std::string& sql);
  // False once the connection to the server is lost.
  bool Healthy() const;
  // "host:port/db" for messages.
  std::string Where() const;

  pg_conn* raw() const { return conn_; }

 private:
  friend class PgStmt;
  explicit Connection(pg_conn* conn) : conn_(conn) {}

  pg_conn* conn_;
  std::unordered_map<std::string, std::unique_ptr<PgStmt>> cache_;
  int next_name_ = 0;
  int64_t changes_ = 0;
};

}  // namespace loopdesk::pg
