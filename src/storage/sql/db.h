#pragma once
// The dialect-neutral statement interface the unit of work runs on: a Db (one database
// connection) hands out Stmt handles for SQL text written with `?` placeholders. Two
// implementations: sqlite::Connection (storage/sqlite/connection.h) and pg::Connection
// (storage/postgres/connection.h). SQL that differs between the dialects is chosen with
// Db::dialect() at the few places that need it (see docs/architecture.md, "SQL dialects").
//
// Cost on the hot path: one virtual call per Bind/Step/getter; no allocation per call
// (statements are cached per connection and the handle is a pointer).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

#include "common/status.h"

namespace loopdesk::sql {

enum class Dialect { kSqlite, kPostgres };

// The type of a bound parameter. A NULL bound through Bind(std::optional<T>) keeps T's type
// so that a server that infers parameter types (PostgreSQL) can compare it with a column.
enum class ParamType { kUnknown, kInt, kDouble, kText };

// One cached prepared statement of a Db. Implemented per dialect; used through Stmt.
class StmtImpl {
 public:
  virtual ~StmtImpl() = default;
  virtual void BindInt(int64_t v) = 0;
  virtual void BindDouble(double v) = 0;
  virtual void BindText(std::string_view v) = 0;
  // Like BindText, but a dialect may keep pointing at `v` instead of copying it.
  virtual void BindTextView(std::string_view v) { BindText(v); }
  virtual void BindNull(ParamType type) = 0;
  virtual Result<bool> Step(std::string_view context) = 0;
  virtual bool IsNull(int col) const = 0;
  virtual int64_t Int(int col) const = 0;
  virtual double Double(int col) const = 0;
  virtual std::string Text(int col) const = 0;
  // Makes the statement reusable: clears bindings and any pending result.
  virtual void Release() = 0;
};

// A prepared statement borrowed from a Db's cache. Parameters are bound left to right with
// Bind(); Step() advances; the column getters read the current row (0-based). The
// destructor releases the statement so the cache can hand it out again. Move-only; must not
// outlive its Db; at most one Stmt per SQL text may be alive at a time on one Db.
class Stmt {
 public:
  explicit Stmt(StmtImpl* impl) : impl_(impl) {}
  Stmt(Stmt&& other) noexcept : impl_(other.impl_) { other.impl_ = nullptr; }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  Stmt& operator=(Stmt&&) = delete;
  ~Stmt() {
    if (impl_ != nullptr) impl_->Release();
  }

  // Binding never fails at the call; the first failure is reported by Step()/Run().
  Stmt& Bind(int64_t v) {
    impl_->BindInt(v);
    return *this;
  }
  Stmt& Bind(int v) { return Bind(static_cast<int64_t>(v)); }
  Stmt& Bind(bool v) = delete;  // use BindBool: bool converts too easily
  Stmt& BindBool(bool v) { return Bind(static_cast<int64_t>(v ? 1 : 0)); }
  Stmt& Bind(double v) {
    impl_->BindDouble(v);
    return *this;
  }
  Stmt& Bind(std::string_view v) {  // copied
    impl_->BindText(v);
    return *this;
  }
  Stmt& Bind(const std::string& v) { return Bind(std::string_view(v)); }
  // Not copied (where the dialect allows): `v` must stay valid and unchanged until the
  // statement has been stepped for the last time (Run/Step) — for hot paths that bind text
  // they own, such as the historical import's payloads.
  Stmt& BindView(std::string_view v) {
    impl_->BindTextView(v);
    return *this;
  }
  Stmt& Bind(const char* v) { return Bind(std::string_view(v)); }
  Stmt& BindNull(ParamType type = ParamType::kUnknown) {
    impl_->BindNull(type);
    return *this;
  }
  template <typename T>
  Stmt& Bind(const std::optional<T>& v) {
    if (v) return Bind(*v);
    if constexpr (std::is_floating_point_v<T>) {
      return BindNull(ParamType::kDouble);
    } else if constexpr (std::is_integral_v<T>) {
      return BindNull(ParamType::kInt);
    } else {
      return BindNull(ParamType::kText);
    }
  }

  // Advances to the next row: true when a row is available, false when done, an error
  // Status otherwise. `context` names the operation for error messages.
  Result<bool> Step(std::string_view context) { return impl_->Step(context); }
  // Steps to completion, ignoring any rows.
  Status Run(std::string_view context) {
    for (;;) {
      auto row = Step(context);
      if (!row.ok()) return row.status();
      if (!*row) return Status::Ok();
    }
  }

  bool IsNull(int col) const { return impl_->IsNull(col); }
  int64_t Int(int col) const { return impl_->Int(col); }
  double Double(int col) const { return impl_->Double(col); }
  std::string Text(int col) const { return impl_->Text(col); }
  std::optional<int64_t> OptInt(int col) const {
    if (IsNull(col)) return std::nullopt;
    return Int(col);
  }
  std::optional<double> OptDouble(int col) const {
    if (IsNull(col)) return std::nullopt;
    return Double(col);
  }

 private:
  StmtImpl* impl_;
};

// One database connection, used by one thread at a time.
class Db {
 public:
  virtual ~Db() = default;
  virtual Dialect dialect() const = 0;
  // A cached prepared statement for `sql` (`?` placeholders). Fails when `sql` does not
  // compile (PostgreSQL: may fail later, at the first Step).
  virtual Result<Stmt> Prepare(const std::string& sql) = 0;
  // Runs one statement through the cache, ignoring any result rows.
  Status Run(const std::string& sql) {
    LD_ASSIGN_OR_RETURN(Stmt stmt, Prepare(sql));
    return stmt.Run(sql);
  }
  // True while a transaction is open.
  virtual bool InTransaction() const = 0;
  // Id given to the row inserted last on this connection (SQLite: the rowid; PostgreSQL:
  // the value last taken from an identity sequence in this session).
  virtual int64_t LastInsertId() = 0;
  // Rows changed by the last INSERT/UPDATE/DELETE.
  virtual int64_t Changes() const = 0;

  bool is_postgres() const { return dialect() == Dialect::kPostgres; }
};

}  // namespace loopdesk::sql
