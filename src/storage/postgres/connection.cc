#include "storage/postgres/connection.h"

#include <libpq-fe.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <cstring>

namespace loopdesk::pg {

namespace {

constexpr Oid kInt8 = 20;
constexpr Oid kFloat8 = 701;
constexpr Oid kText = 25;

std::string Trimmed(const char* s) {
  std::string out = s ? s : "";
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

// "Key (phone)=(123) already exists." -> "phone"; "Key (a, b)=..." -> "a".
std::string KeyColumn(const char* detail) {
  if (detail == nullptr) return {};
  std::string_view d(detail);
  auto open = d.find("Key (");
  if (open == std::string_view::npos) return {};
  d = d.substr(open + 5);
  auto end = d.find_first_of(",)");
  if (end == std::string_view::npos) return {};
  return std::string(d.substr(0, end));
}

void IgnoreNotice(void*, const char*) {}

}  // namespace

Status PgError(PGconn* conn, PGresult* res, std::string_view context) {
  std::string reason = res ? Trimmed(PQresultErrorMessage(res)) : "";
  if (reason.empty() && conn) reason = Trimmed(PQerrorMessage(conn));
  if (reason.rfind("ERROR:  ", 0) == 0) reason = reason.substr(8);
  auto nl = reason.find('\n');
  if (nl != std::string::npos) reason = reason.substr(0, nl);
  std::string msg = std::string(context) + ": " + reason;
  const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  std::string code = state ? state : "";
  if (code.empty() || (conn && PQstatus(conn) != CONNECTION_OK)) {
    return Status::Unavailable(msg + " (PostgreSQL connection)");
  }
  if (code == "23505") {
    std::string field = KeyColumn(PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL));
    if (field.empty()) return Status::Conflict(msg);
    return Status::Conflict(field + " already exists (" + std::string(context) + ")", field);
  }
  if (code == "23503") return Status::Invalid(msg + " (a referenced row does not exist)");
  if (code.rfind("23", 0) == 0 || code.rfind("22", 0) == 0) return Status::Invalid(msg);
  if (code.rfind("08", 0) == 0 || code.rfind("57P", 0) == 0 || code.rfind("53", 0) == 0 ||
      code == "40001" || code == "40P01") {
    return Status::Unavailable(msg);
  }
  return Status::Internal(msg + " [" + code + "]");
}

namespace {

bool IsIdent(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

bool HasCi(std::string_view s, std::string_view what) {
  for (size_t i = 0; i + what.size() <= s.size(); ++i) {
    size_t k = 0;
    while (k < what.size() && std::toupper(static_cast<unsigned char>(s[i + k])) == what[k]) ++k;
    if (k == what.size()) return true;
  }
  return false;
}

// SQLite sums booleans (`SUM(a = 1 AND b)` counts rows); PostgreSQL has no sum(boolean):
// SUM(<condition>) -> SUM(CASE WHEN <condition> THEN 1 ELSE 0 END). A condition is an
// argument with a comparison or logical operator that is not already a CASE.
std::string SumOfConditions(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 32);
  char quote = 0;
  for (size_t i = 0; i < sql.size(); ++i) {
    char c = sql[i];
    if (quote) {
      out += c;
      if (c == quote) quote = 0;
      continue;
    }
    if (c == '\'' || c == '"') {
      quote = c;
      out += c;
      continue;
    }
    bool at_sum = (i == 0 || !IsIdent(sql[i - 1])) && i + 4 <= sql.size() &&
                  HasCi(sql.substr(i, 4), "SUM(");
    if (!at_sum) {
      out += c;
      continue;
    }
    // Find the matching parenthesis.
    size_t depth = 0, j = i + 3;
    char q = 0;
    for (; j < sql.size(); ++j) {
      char d = sql[j];
      if (q) {
        if (d == q) q = 0;
      } else if (d == '\'' || d == '"') {
        q = d;
      } else if (d == '(') {
        ++depth;
      } else if (d == ')' && --depth == 0) {
        break;
      }
    }
    if (j >= sql.size()) {
      out += c;
      continue;
    }
    std::string_view arg = sql.substr(i + 4, j - i - 4);
    std::string_view trimmed = arg.substr(std::min(arg.size(), arg.find_first_not_of(" (")));
    bool is_case = HasCi(trimmed.substr(0, 4), "CASE");
    bool is_condition = !is_case && (arg.find_first_of("=<>") != std::string_view::npos ||
                                     HasCi(arg, " IS ") || HasCi(arg, " IN ") ||
                                     HasCi(arg, " AND ") || HasCi(arg, " OR ") ||
                                     HasCi(arg, "EXISTS"));
    std::string inner = SumOfConditions(arg);
    out.append(sql.substr(i, 4));
    if (is_condition) {
      out += "CASE WHEN " + inner + " THEN 1 ELSE 0 END)";
    } else {
      out += inner + ")";
    }
    i = j;
  }
  return out;
}

}  // namespace

std::string ToPostgresSql(std::string_view raw, int* params) {
  std::string sql = SumOfConditions(raw);
  // SQLite's planner hint `FROM t NOT INDEXED` has no PostgreSQL spelling: dropped.
  for (size_t at; (at = sql.find(" NOT INDEXED")) != std::string::npos;) sql.erase(at, 12);
  std::string out;
  out.reserve(sql.size() + 16);
  int n = 0;
  char quote = 0;
  for (size_t i = 0; i < sql.size(); ++i) {
    char c = sql[i];
    if (quote) {
      out += c;
      if (c == quote) quote = 0;
      continue;
    }
    if (c == '\'' || c == '"') {
      quote = c;
      out += c;
    } else if (c == '?') {
      out += '$';
      if (i + 1 < sql.size() && std::isdigit(static_cast<unsigned char>(sql[i + 1]))) {
        int k = 0;  // SQLite's numbered parameter ?NNN: the same $NNN
        while (i + 1 < sql.size() && std::isdigit(static_cast<unsigned char>(sql[i + 1]))) {
          k = k * 10 + (sql[++i] - '0');
          out += sql[i];
        }
        n = std::max(n, k);
      } else {
        out += std::to_string(++n);
      }
    } else if ((c == ' ' || c == '(') && sql.compare(i + 1, 5, "LIKE ") == 0) {
      out += c;
      out += "ILIKE ";
      i += 5;
    } else {
      out += c;
    }
  }
  if (params) *params = n;
  return out;
}

// ----------------------------------------------------------------------------------- PgStmt

PgStmt::~PgStmt() {
  if (res_) PQclear(res_);
}

void PgStmt::Release() {
  if (res_) PQclear(res_);
  res_ = nullptr;
  next_ = 0;
  too_many_ = false;
  has_nul_ = false;
  row_ = -1;
  rows_ = 0;
  executed_ = false;
}

bool PgStmt::Slot(sql::ParamType type) {
  if (next_ >= params_) {
    too_many_ = true;
    return false;
  }
  switch (type) {
    case sql::ParamType::kInt: types_[next_] = kInt8; break;
    case sql::ParamType::kDouble: types_[next_] = kFloat8; break;
    case sql::ParamType::kText: types_[next_] = kText; break;
    case sql::ParamType::kUnknown: types_[next_] = 0; break;
  }
  nulls_[next_] = 0;
  return true;
}

void PgStmt::BindInt(int64_t v) {
  if (Slot(sql::ParamType::kInt)) values_[next_++] = std::to_string(v);
}

void PgStmt::BindDouble(double v) {
  if (Slot(sql::ParamType::kDouble)) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    values_[next_++] = buf;
  }
}

void PgStmt::BindText(std::string_view v) {
  // PostgreSQL text cannot hold NUL (libpq would cut the value there): refused at Step.
  if (v.find('\0') != std::string_view::npos) has_nul_ = true;
  if (Slot(sql::ParamType::kText)) values_[next_++].assign(v.data(), v.size());
}

void PgStmt::BindNull(sql::ParamType type) {
  if (Slot(type)) {
    nulls_[next_] = 1;
    values_[next_++].clear();
  }
}

Result<bool> PgStmt::Execute(std::string_view context) {
  if (too_many_ || next_ != params_) {
    return Status::Internal(std::string(context) + ": bound " + std::to_string(next_) + " of " +
                            std::to_string(params_) + " parameters");
  }
  if (has_nul_) {
    return Status::Invalid(std::string(context) +
                           ": text contains a NUL character, which PostgreSQL cannot store");
  }
  PGconn* pc = conn_->conn_;
  std::string sig(params_, 'u');
  for (int i = 0; i < params_; ++i) {
    sig[i] = types_[i] == kInt8 ? 'i' : types_[i] == kFloat8 ? 'd' : types_[i] == kText ? 't' : 'u';
  }
  auto it = names_.find(sig);
  if (it == names_.end()) {
    std::string name = "ld" + std::to_string(conn_->next_name_++);
    PGresult* r = PQprepare(pc, name.c_str(), text_.c_str(), params_,
                            reinterpret_cast<const Oid*>(types_.data()));
    if (PQresultStatus(r) != PGRES_COMMAND_OK) {
      // The reason first: callers' messages may be cut short.
      Status err = PgError(pc, r, context);
      Status st(err.code(), err.message() + " (preparing `" + text_ + "`)", err.field());
      PQclear(r);
      return st;
    }
    PQclear(r);
    it = names_.emplace(sig, std::move(name)).first;
  }
  std::vector<const char*> vals(params_);
  for (int i = 0; i < params_; ++i) vals[i] = nulls_[i] ? nullptr : values_[i].c_str();
  // Statement-level atomicity inside a transaction (see connection.h).
  const bool guard = is_write_ && conn_->InTransaction();
  if (guard) {
    PGresult* r = PQexec(pc, "SAVEPOINT ld_stmt");
    bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    if (!ok) {
      Status st = PgError(pc, r, context);
      PQclear(r);
      return st;
    }
    PQclear(r);
  }
  res_ = PQexecPrepared(pc, it->second.c_str(), params_, vals.data(), nullptr, nullptr, 0);
  ExecStatusType status = PQresultStatus(res_);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    Status st = PgError(pc, res_, context);
    PQclear(res_);
    res_ = nullptr;
    if (guard && PQstatus(pc) == CONNECTION_OK) {
      PQclear(PQexec(pc, "ROLLBACK TO SAVEPOINT ld_stmt; RELEASE SAVEPOINT ld_stmt"));
    }
    return st;
  }
  if (guard) PQclear(PQexec(pc, "RELEASE SAVEPOINT ld_stmt"));
  const char* changed = PQcmdTuples(res_);
  if (changed && *changed) conn_->changes_ = std::strtoll(changed, nullptr, 10);
  rows_ = status == PGRES_TUPLES_OK ? PQntuples(res_) : 0;
  row_ = -1;
  executed_ = true;
  return true;
}

Result<bool> PgStmt::Step(std::string_view context) {
  if (!executed_) {
    LD_ASSIGN_OR_RETURN(bool ok, Execute(context));
    (void)ok;
  }
  if (row_ < rows_) ++row_;
  return row_ < rows_;
}

bool PgStmt::IsNull(int col) const { return res_ == nullptr || PQgetisnull(res_, row_, col); }

int64_t PgStmt::Int(int col) const {
  if (IsNull(col)) return 0;
  const char* v = PQgetvalue(res_, row_, col);
  if (v[0] == 't' && v[1] == 0) return 1;
  if (v[0] == 'f' && v[1] == 0) return 0;
  if (std::strpbrk(v, ".eE")) return static_cast<int64_t>(std::strtod(v, nullptr));
  return std::strtoll(v, nullptr, 10);
}

double PgStmt::Double(int col) const {
  if (IsNull(col)) return 0;
  return std::strtod(PQgetvalue(res_, row_, col), nullptr);
}

std::string PgStmt::Text(int col) const {
  if (IsNull(col)) return {};
  return std::string(PQgetvalue(res_, row_, col),
                     static_cast<size_t>(PQgetlength(res_, row_, col)));
}

// ------------------------------------------------------------------------------- Connection

Result<std::unique_ptr<Connection>> Connection::Open(const std::string& url) {
  char* err = nullptr;
  PQconninfoOption* opts = PQconninfoParse(url.c_str(), &err);
  if (opts == nullptr) {
    std::string why = Trimmed(err ? err : "out of memory");
    PQfreemem(err);
    return Status::Invalid("bad PostgreSQL URL: " + why);
  }
  PQconninfoFree(opts);
  // connect_timeout first so that one in the URL wins (later keywords override).
  const char* keys[] = {"connect_timeout", "application_name", "dbname", nullptr};
  const char* vals[] = {"10", "loopdesk", url.c_str(), nullptr};
  PGconn* pc = PQconnectdbParams(keys, vals, 1);
  if (pc == nullptr) return Status::Unavailable("cannot connect to PostgreSQL: out of memory");
  std::unique_ptr<Connection> conn(new Connection(pc));
  if (PQstatus(pc) != CONNECTION_OK) {
    return Status::Unavailable("cannot connect to PostgreSQL at " + conn->Where() + ": " +
                               Trimmed(PQerrorMessage(pc)));
  }
  PQsetNoticeProcessor(pc, IgnoreNotice, nullptr);
  LD_RETURN_IF_ERROR(conn->Exec("SET client_min_messages = warning; SET TIME ZONE 'UTC'",
                                "configure session"));
  return conn;
}

Connection::~Connection() {
  cache_.clear();
  PQfinish(conn_);
}

std::string Connection::Where() const {
  const char* host = PQhost(conn_);
  const char* port = PQport(conn_);
  const char* db = PQdb(conn_);
  std::string h = host && *host ? host : "localhost";
  if (h.find('/') != std::string::npos) h = "socket " + h;
  return h + ":" + (port && *port ? port : "5432") + "/" + (db ? db : "");
}

bool Connection::Healthy() const { return PQstatus(conn_) == CONNECTION_OK; }

Result<sql::Stmt> Connection::Prepare(const std::string& sql) {
  auto it = cache_.find(sql);
  if (it == cache_.end()) {
    int params = 0;
    std::string text = ToPostgresSql(sql, &params);
    size_t start = text.find_first_not_of(" \n(");
    std::string_view head = start == std::string::npos ? "" : std::string_view(text).substr(start, 6);
    bool is_write = head == "INSERT" || head == "UPDATE" || head == "DELETE";
    it = cache_.emplace(sql, std::make_unique<PgStmt>(this, std::move(text), params, is_write)).first;
  }
  return sql::Stmt(it->second.get());
}

bool Connection::InTransaction() const {
  return PQtransactionStatus(conn_) != PQTRANS_IDLE;
}

int64_t Connection::LastInsertId() {
  auto v = QueryText("SELECT lastval()");
  return v.ok() ? std::strtoll(v->c_str(), nullptr, 10) : 0;
}

Status Connection::Exec(const std::string& sql, std::string_view context) {
  PGresult* r = PQexec(conn_, sql.c_str());
  ExecStatusType s = PQresultStatus(r);
  if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK) {
    Status st = PgError(conn_, r, context);
    PQclear(r);
    return st;
  }
  PQclear(r);
  return Status::Ok();
}

Result<std::string> Connection::QueryText(const std::string& sql) {
  PGresult* r = PQexec(conn_, sql.c_str());
  if (PQresultStatus(r) != PGRES_TUPLES_OK) {
    Status st = PgError(conn_, r, sql);
    PQclear(r);
    return st;
  }
  std::string out;
  if (PQntuples(r) > 0 && !PQgetisnull(r, 0, 0)) out = PQgetvalue(r, 0, 0);
  PQclear(r);
  return out;
}

}  // namespace loopdesk::pg
