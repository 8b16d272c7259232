#include "storage/postgres/pg_store.h"

#include <exception>

#include "storage/postgres/connection.h"
#include "storage/postgres/migrations.h"
#include "storage/sqlite/unit_of_work.h"

namespace loopdesk {

namespace {

// Key of the transaction-scoped advisory lock every Write takes (see pg_store.h).
constexpr const char* kBeginWrite = "BEGIN; SELECT pg_advisory_xact_lock(7265727)";
constexpr const char* kBeginRead = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";

thread_local bool tl_in_write = false;

Status CallGuarded(const Store::TxFn& fn, UnitOfWork& uow) {
  try {
    return fn(uow);
  } catch (const std::exception& e) {
    return Status::Internal(std::string("exception in transaction: ") + e.what());
  } catch (...) {
    return Status::Internal("unknown exception in transaction");
  }
}

}  // namespace

bool IsPostgresUrl(const std::string& db) {
  return db.rfind("postgresql://", 0) == 0 || db.rfind("postgres://", 0) == 0;
}

Result<std::unique_ptr<PgStore>> PgStore::Open(const std::string& url, const PgOptions& opts) {
  if (opts.max_connections < 1) return Status::Invalid("max_connections must be at least 1");
  LD_ASSIGN_OR_RETURN(auto conn, pg::Connection::Open(url));
  Status st = pg::Migrate(*conn);
  if (!st.ok()) {
    return Status::Unavailable("PostgreSQL database " + conn->Where() + ": " + st.message());
  }
  return std::unique_ptr<PgStore>(new PgStore(url, opts, std::move(conn)));
}

PgStore::PgStore(std::string url, const PgOptions& opts, std::unique_ptr<pg::Connection> first)
    : url_(std::move(url)), opts_(opts) {
  where_ = first->Where();
  idle_.reserve(static_cast<size_t>(opts_.max_connections));
  idle_.push_back(std::move(first));
  open_ = 1;
}

PgStore::~PgStore() { idle_.clear(); }

std::string PgStore::Describe() const { return "postgresql://" + where_; }

Result<std::unique_ptr<pg::Connection>> PgStore::Acquire() {
  {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [this] { return !idle_.empty() || open_ < opts_.max_connections; });
    if (!idle_.empty()) {
      auto conn = std::move(idle_.back());
      idle_.pop_back();
      return conn;
    }
    ++open_;  // reserve the slot; connect outside the lock
  }
  auto conn = pg::Connection::Open(url_);
  if (!conn.ok()) {
    {
      std::lock_guard lock(mu_);
      --open_;
    }
    cv_.notify_one();
    return conn.status();
  }
  return std::move(*conn);
}

void PgStore::Release(std::unique_ptr<pg::Connection> conn) {
  {
    std::lock_guard lock(mu_);
    if (conn && conn->Healthy() && !conn->InTransaction()) {
      idle_.push_back(std::move(conn));  // capacity reserved: cannot throw
    } else {
      conn.reset();  // broken or stuck in a transaction: a new one is opened on demand
      --open_;
    }
  }
  cv_.notify_one();
}

Status PgStore::Run(const TxFn& fn, bool write) {
  LD_ASSIGN_OR_RETURN(auto conn, Acquire());
  struct Lease {
    PgStore* store;
    std::unique_ptr<pg::Connection> conn;
    ~Lease() { store->Release(std::move(conn)); }
  } lease{this, std::move(conn)};
  pg::Connection& c = *lease.conn;
  LD_RETURN_IF_ERROR(c.Exec(write ? kBeginWrite : kBeginRead, write ? "begin write" : "begin read"));
  Status st;
  {
    sqlite::SqliteUnitOfWork uow(c, /*read_only=*/!write);
    if (write) tl_in_write = true;
    st = CallGuarded(fn, uow);
    if (write) tl_in_write = false;
  }
  if (!st.ok()) {
    if (c.Healthy()) (void)c.Exec("ROLLBACK", "rollback");
    return st;
  }
  Status end = c.Exec("COMMIT", write ? "commit" : "end read");
  if (!end.ok()) {
    if (c.Healthy() && c.InTransaction()) (void)c.Exec("ROLLBACK", "rollback");
    if (end.code() != Code::kUnavailable) {
      return Status::Unavailable(end.message());
    }
  }
  return end;
}

Status PgStore::Write(const TxFn& fn) {
  if (tl_in_write) {
    return Status::Internal("Store::Write called inside a Write function (would deadlock)");
  }
  try {
    return Run(fn, /*write=*/true);
  } catch (const std::exception& e) {
    tl_in_write = false;
    return Status::Internal(std::string("write: ") + e.what());
  }
}

Status PgStore::Read(const TxFn& fn) {
  try {
    return Run(fn, /*write=*/false);
  } catch (const std::exception& e) {
    return Status::Internal(std::string("read: ") + e.what());
  }
}

}  // namespace loopdesk
