#include "storage/sqlite/connection.h"

#include <sqlite3.h>

#include <system_error>

namespace loopdesk::sqlite {

namespace {

// "UNIQUE constraint failed: customers.phone, customers.x" -> "phone".
std::string ConstraintColumn(std::string_view msg) {
  auto colon = msg.find(": ");
  if (colon == std::string_view::npos) {
    return {};
  }
  std::string_view cols = msg.substr(colon + 2);
  cols = cols.substr(0, cols.find(','));
  auto dot = cols.find('.');
  if (dot != std::string_view::npos) {
    cols = cols.substr(dot + 1);
  }
  return std::string(cols);
}

std::string OsReason(sqlite3* db) {
  int err = db ? sqlite3_system_errno(db) : 0;
  if (err == 0) {
    return {};
  }
  return std::error_code(err, std::generic_category()).message();
}

}  // namespace

Status SqliteError(sqlite3* db, int rc, std::string_view context) {
  std::string detail = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  std::string msg = std::string(context) + ": " + detail;
  switch (rc & 0xff) {
    case SQLITE_CONSTRAINT:
      if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY) {
        std::string field = ConstraintColumn(detail);
        // The message reaches API clients: name the field, keep SQL details out.
        if (field.empty()) {
          return Status::Conflict(msg);
        }
        return Status::Conflict(field + " already exists (" + std::string(context) + ")", field);
      }
      if (rc == SQLITE_CONSTRAINT_FOREIGNKEY) {
        return Status::Invalid(msg + " (a referenced row does not exist)");
      }
      return Status::Invalid(msg);
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Status::Unavailable(msg + " (database is busy)");
    case SQLITE_FULL:
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_NOLFS:
    case SQLITE_NOMEM:
    case SQLITE_PROTOCOL: {
      std::string os = OsReason(db);
      return Status::Unavailable(os.empty() ? msg : msg + " (" + os + ")");
    }
    default:
      return Status::Internal(msg);
  }
}

// ------------------------------------------------------------------------------------ Stmt

SqliteStmt::~SqliteStmt() { sqlite3_finalize(stmt_); }

void SqliteStmt::Release() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  next_param_ = 1;
  bind_rc_ = 0;
}

void SqliteStmt::BindInt(int64_t v) { Check(sqlite3_bind_int64(stmt_, next_param_++, v)); }

void SqliteStmt::BindDouble(double v) { Check(sqlite3_bind_double(stmt_, next_param_++, v)); }

void SqliteStmt::BindText(std::string_view v) {
  Check(sqlite3_bind_text64(stmt_, next_param_++, v.data(), v.size(), SQLITE_TRANSIENT,
                            SQLITE_UTF8));
}

void SqliteStmt::BindTextView(std::string_view v) {
  Check(sqlite3_bind_text64(stmt_, next_param_++, v.data(), v.size(), SQLITE_STATIC,
                            SQLITE_UTF8));
}

void SqliteStmt::BindNull(sql::ParamType) { Check(sqlite3_bind_null(stmt_, next_param_++)); }

Result<bool> SqliteStmt::Step(std::string_view context) {
  if (bind_rc_ != 0) {
    return Status::Internal(std::string(context) + ": bind failed: " + sqlite3_errstr(bind_rc_));
  }
  if (next_param_ - 1 != sqlite3_bind_parameter_count(stmt_)) {
    // A bug in the adapter: an unbound parameter would silently read as NULL.
    return Status::Internal(std::string(context) + ": bound " + std::to_string(next_param_ - 1) +
                            " of " + std::to_string(sqlite3_bind_parameter_count(stmt_)) +
                            " parameters");
  }
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) {
    return true;
  }
  if (rc == SQLITE_DONE) {
    return false;
  }
  return SqliteError(conn_->raw(), rc, context);
}

bool SqliteStmt::IsNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }

int64_t SqliteStmt::Int(int col) const { return sqlite3_column_int64(stmt_, col); }

double SqliteStmt::Double(int col) const { return sqlite3_column_double(stmt_, col); }

std::string SqliteStmt::Text(int col) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
  if (p == nullptr) {
    return {};
  }
  return std::string(p, static_cast<size_t>(sqlite3_column_bytes(stmt_, col)));
}

// ------------------------------------------------------------------------------ Connection

Result<std::unique_ptr<Connection>> Connection::Open(const std::string& path, Mode mode,
                                                     int busy_timeout_ms) {
  // Before SQLite initialises (the first open): no global memory statistics, whose mutex
  // every allocation would otherwise take (nothing here reads them).
  static const bool configured = [] {
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    return true;
  }();
  (void)configured;
  int flags = SQLITE_OPEN_NOMUTEX;
  flags |=
      mode == Mode::kReadOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    Status st = SqliteError(db, rc, "cannot open SQLite database " + path);
    sqlite3_close_v2(db);  // a handle is allocated even when opening fails
    return Status::Unavailable(st.message());
  }
  std::unique_ptr<Connection> conn(new Connection(db, path));
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, busy_timeout_ms);
  return conn;
}

Connection::~Connection() {
  cache_.clear();  // finalizes every statement
  sqlite3_close_v2(db_);
}

Result<Stmt> Connection::Prepare(const std::string& sql) {
  auto it = cache_.find(sql);
  if (it == cache_.end()) {
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size() + 1),
                                SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) {
      sqlite3_finalize(stmt);
      return SqliteError(db_, rc, "prepare `" + sql + "`");
    }
    it = cache_.emplace(sql, std::make_unique<SqliteStmt>(stmt, this)).first;
  }
  return Stmt(it->second.get());
}

Status Connection::ExecScript(const std::string& sql) {
  char* err = nullptr;
  int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err);
  sqlite3_free(err);  // the same text is still available from sqlite3_errmsg
  if (rc != SQLITE_OK) {
    return SqliteError(db_, rc, "exec");
  }
  return Status::Ok();
}

Result<std::string> Connection::QueryText(const std::string& sql) {
  sqlite3_stmt* raw = nullptr;
  int rc = sqlite3_prepare_v2(db_, sql.c_str(), -1, &raw, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(raw);
    return SqliteError(db_, rc, sql);
  }
  std::string out;
  rc = sqlite3_step(raw);
  if (rc == SQLITE_ROW) {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(raw, 0));
    if (p) {
      out = p;
    }
  } else if (rc != SQLITE_DONE) {
    Status st = SqliteError(db_, rc, sql);
    sqlite3_finalize(raw);
    return st;
  }
  sqlite3_finalize(raw);
  return out;
}

bool Connection::InTransaction() const { return sqlite3_get_autocommit(db_) == 0; }

int64_t Connection::LastInsertId() { return sqlite3_last_insert_rowid(db_); }

int64_t Connection::Changes() const { return sqlite3_changes64(db_); }

}  // namespace loopdesk::sqlite
