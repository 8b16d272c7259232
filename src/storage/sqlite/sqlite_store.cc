#include "storage/sqlite/sqlite_store.h"

#include <algorithm>
#include <exception>

#include "storage/sqlite/connection.h"
#include "storage/sqlite/deferred_indexes.h"
#include "storage/sqlite/migrations.h"
#include "storage/sqlite/unit_of_work.h"

namespace loopdesk {

using sqlite::Connection;

namespace {

// Runs fn, turning exceptions into kInternal.
Status CallGuarded(const Store::TxFn& fn, UnitOfWork& uow) {
  try {
    return fn(uow);
  } catch (const std::exception& e) {
    return Status::Internal(std::string("exception in transaction: ") + e.what());
  } catch (...) {
    return Status::Internal("unknown exception in transaction");
  }
}

// Opens the write connection and brings the file to the current schema.
Result<std::unique_ptr<Connection>> OpenWriter(const std::string& path, const SqliteOptions& o) {
  LD_ASSIGN_OR_RETURN(auto conn,
                      Connection::Open(path, Connection::Mode::kReadWrite, o.busy_timeout_ms));
  // journal_mode is the first statement to touch the file, so an unwritable directory or a
  // file that is not a database shows up here.
  LD_ASSIGN_OR_RETURN(std::string mode, conn->QueryText("PRAGMA journal_mode=WAL"));
  if (mode != "wal") {
    return Status::Unavailable("cannot switch " + path + " to WAL mode (journal_mode is '" + mode +
                               "')");
  }
  LD_RETURN_IF_ERROR(conn->ExecScript("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"));
  // 64 MiB of page cache for the writer (default 2 MiB): bulk transactions (import, demo)
  // otherwise spill dirty index pages to the WAL mid-transaction and read them back.
  LD_RETURN_IF_ERROR(conn->ExecScript("PRAGMA cache_size=-65536;"));
  LD_RETURN_IF_ERROR(sqlite::Migrate(*conn));
  // A historical import killed while its indexes were dropped (deferred_indexes.h).
  LD_RETURN_IF_ERROR(sqlite::RestoreDeferredIndexesAtOpen(*conn));
  if (o.bulk_load) {
    // Fails (the file stays in WAL) while another connection has it open.
    auto mode = conn->QueryText("PRAGMA journal_mode=TRUNCATE");
    if (!mode.ok() || *mode != "truncate") (void)conn->QueryText("PRAGMA journal_mode=WAL");
  }
  return conn;
}

}  // namespace

Result<std::unique_ptr<SqliteStore>> SqliteStore::Open(const std::string& path,
                                                       const SqliteOptions& opts) {
  if (path.empty() || path == ":memory:" || path.rfind("file:", 0) == 0) {
    return Status::Invalid("the SQLite store needs a file path, got '" + path + "'", "path");
  }
  if (opts.busy_timeout_ms < 0 || opts.max_batch < 1 || opts.max_readers < 1) {
    return Status::Invalid(
        "SQLite options need busy_timeout_ms >= 0, max_batch >= 1 and max_readers >= 1");
  }
  try {
    auto conn = OpenWriter(path, opts);
    if (!conn.ok()) {
      // Arguments were checked above: what fails now is the file or its environment (or a
      // schema too new), so say which file.
      const Status& st = conn.status();
      if (st.message().find(path) != std::string::npos) {
        return Status::Unavailable(st.message());
      }
      return Status::Unavailable("cannot open SQLite database " + path + ": " + st.message());
    }
    return std::unique_ptr<SqliteStore>(new SqliteStore(path, opts, std::move(conn).value()));
  } catch (const std::exception& e) {
    return Status::Unavailable("cannot open SQLite database " + path + ": " + e.what());
  }
}

SqliteStore::SqliteStore(std::string path, const SqliteOptions& opts,
                         std::unique_ptr<Connection> writer)
    : path_(std::move(path)),
      opts_(opts),
      writer_conn_(std::move(writer)),
      writer_([this] { WriterLoop(); }) {
  // ReleaseReader runs in a destructor and must not allocate.
  idle_readers_.reserve(static_cast<size_t>(opts_.max_readers));
}

SqliteStore::~SqliteStore() {
  {
    std::lock_guard lock(queue_mu_);
    stopping_ = true;
  }
  queue_cv_.notify_all();
  writer_.join();
  // Readers close before the writer connection so the last close checkpoints the WAL.
  idle_readers_.clear();
  if (opts_.bulk_load) (void)writer_conn_->QueryText("PRAGMA journal_mode=WAL");
  writer_conn_.reset();
}

std::string SqliteStore::Describe() const { return "sqlite:" + path_; }

SqliteStats SqliteStore::Stats() const {
  std::lock_guard lock(queue_mu_);
  return stats_;
}

// ------------------------------------------------------------------------------- writes

Status SqliteStore::Write(const TxFn& fn) {
  if (std::this_thread::get_id() == writer_.get_id()) {
    return Status::Internal("Store::Write called inside a Write function (would deadlock)");
  }
  try {
    Request req{&fn, {}, false};
    std::unique_lock lock(queue_mu_);
    if (stopping_) {
      return Status::Unavailable("the SQLite store is closing");
    }
    queue_.push_back(&req);
    queue_cv_.notify_one();
    done_cv_.wait(lock, [&req] { return req.done; });
    return std::move(req.result);
  } catch (const std::exception& e) {
    // Only allocation failures before the request was queued can land here.
    return Status::Internal(std::string("write: ") + e.what());
  }
}

void SqliteStore::WriterLoop() {
  std::vector<Request*> batch;
  batch.reserve(static_cast<size_t>(opts_.max_batch));
  for (;;) {
    {
      std::unique_lock lock(queue_mu_);
      queue_cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) {
        return;  // stopping, and everything queued has been committed
      }
      // No waiting for more: requests that arrive while this batch commits form the next
      // batch, so batches grow with the load and a lone writer pays no extra latency.
      size_t n = std::min(queue_.size(), static_cast<size_t>(opts_.max_batch));
      batch.assign(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(n));
      queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(n));
    }
    try {
      CommitBatch(batch);
    } catch (const std::exception& e) {
      // CommitBatch publishes results only at its end, so no caller has been answered yet.
      // An exception must not end this thread: every later Write would wait forever.
      FailBatch(batch, Status::Internal(std::string("write batch failed: ") + e.what()));
    }
    batch.clear();
  }
}

Status SqliteStore::RunInSavepoint(const TxFn& fn) {
  Connection& conn = *writer_conn_;
  LD_RETURN_IF_ERROR(conn.Run("SAVEPOINT w"));
  Status st;
  {
    sqlite::SqliteUnitOfWork uow(conn, /*read_only=*/false);
    st = CallGuarded(fn, uow);
  }
  if (st.ok()) {
    st = conn.Run("RELEASE w");
    if (st.ok()) {
      return st;
    }
  }
  // Undo this call only. If SQLite already ended the whole transaction (I/O error, full
  // disk), there is nothing to roll back here; CommitBatch notices and fails the batch.
  if (conn.InTransaction()) {
    Status rollback = conn.Run("ROLLBACK TO w");
    Status release = conn.Run("RELEASE w");
    if (!rollback.ok() || !release.ok()) {
      // The savepoint is in an unknown state: give up the whole transaction.
      (void)conn.Run("ROLLBACK");
    }
  }
  return st;
}

// A lone request needs no savepoint: its failure may roll back the whole transaction, which
// holds nothing else. Without `SAVEPOINT w` SQLite keeps no sub-journal of the pages the
// request dirties (large transactions such as the historical import's 5,000-ticket batches
// otherwise copy every touched page into a temporary file).
Status SqliteStore::RunAlone(const TxFn& fn) {
  Connection& conn = *writer_conn_;
  Status st;
  {
    sqlite::SqliteUnitOfWork uow(conn, /*read_only=*/false);
    st = CallGuarded(fn, uow);
  }
  if (!st.ok() && conn.InTransaction()) (void)conn.Run("ROLLBACK");
  return st;
}

void SqliteStore::CommitBatch(const std::vector<Request*>& batch) {
  Connection& conn = *writer_conn_;
  std::vector<Status> results(batch.size());
  size_t tx_start = 0;  // first request of the current physical transaction
  bool in_tx = false;
  int64_t transactions = 0;
  for (size_t i = 0; i < batch.size(); ++i) {
    if (!in_tx) {
      Status begin = conn.Run("BEGIN IMMEDIATE");
      if (!begin.ok()) {
        for (size_t j = i; j < batch.size(); ++j) {
          results[j] = begin;
        }
        break;
      }
      in_tx = true;
      tx_start = i;
      ++transactions;
    }
    results[i] = batch.size() == 1 ? RunAlone(*batch[i]->fn) : RunInSavepoint(*batch[i]->fn);
    if (!conn.InTransaction()) {
      // (RunAlone's own rollback of a failed request lands here too: nothing else is lost.)
      // SQLite rolled the whole transaction back: the earlier calls lost their changes too.
      Status lost = Status::Unavailable(
          "the SQLite transaction was rolled back (" +
          (results[i].ok() ? std::string("unknown cause") : results[i].message()) + ")");
      for (size_t j = tx_start; j <= i; ++j) {
        if (results[j].ok()) {
          results[j] = lost;
        }
      }
      in_tx = false;  // the remaining calls start a fresh transaction
    }
  }
  if (in_tx) {
    Status commit = conn.Run("COMMIT");
    if (!commit.ok()) {
      if (conn.InTransaction()) {
        (void)conn.Run("ROLLBACK");
      }
      Status failed(commit.code() == Code::kUnavailable ? Code::kUnavailable : Code::kInternal,
                    "commit failed: " + commit.message());
      for (size_t j = tx_start; j < batch.size(); ++j) {
        if (results[j].ok()) {
          results[j] = failed;
        }
      }
    }
  }
  {
    // After this block the requests belong to their callers again; never touch them later.
    std::lock_guard lock(queue_mu_);
    stats_.write_calls += static_cast<int64_t>(batch.size());
    stats_.commits += transactions;
    for (size_t i = 0; i < batch.size(); ++i) {
      batch[i]->result = std::move(results[i]);
      batch[i]->done = true;
    }
  }
  done_cv_.notify_all();
}

void SqliteStore::FailBatch(const std::vector<Request*>& batch, const Status& st) {
  if (writer_conn_->InTransaction()) {
    (void)writer_conn_->Run("ROLLBACK");
  }
  {
    std::lock_guard lock(queue_mu_);
    for (Request* r : batch) {
      r->result = st;
      r->done = true;
    }
  }
  done_cv_.notify_all();
}

// -------------------------------------------------------------------------------- reads

Result<std::unique_ptr<Connection>> SqliteStore::AcquireReader() {
  {
    std::unique_lock lock(readers_mu_);
    readers_cv_.wait(
        lock, [this] { return !idle_readers_.empty() || open_readers_ < opts_.max_readers; });
    if (!idle_readers_.empty()) {
      auto conn = std::move(idle_readers_.back());
      idle_readers_.pop_back();
      return conn;
    }
    ++open_readers_;  // reserve the slot; open outside the lock
  }
  auto conn = Connection::Open(path_, Connection::Mode::kReadOnly, opts_.busy_timeout_ms);
  if (!conn.ok()) {
    {
      std::lock_guard lock(readers_mu_);
      --open_readers_;
    }
    readers_cv_.notify_one();
  }
  return conn;
}

void SqliteStore::ReleaseReader(std::unique_ptr<Connection> conn) {
  {
    std::lock_guard lock(readers_mu_);
    if (conn->InTransaction()) {
      // Could not end its transaction: a pinned snapshot would stop WAL checkpoints, so
      // close this connection instead of reusing it.
      conn.reset();
      --open_readers_;
    } else {
      idle_readers_.push_back(std::move(conn));  // capacity reserved: cannot throw
    }
  }
  readers_cv_.notify_one();
}

Status SqliteStore::Read(const TxFn& fn) {
  try {
    LD_ASSIGN_OR_RETURN(auto conn, AcquireReader());
    // Hands the connection back on every path, exceptions included.
    struct Lease {
      SqliteStore* store;
      std::unique_ptr<Connection> conn;
      ~Lease() { store->ReleaseReader(std::move(conn)); }
    } lease{this, std::move(conn)};
    Status st = lease.conn->Run("BEGIN");
    if (!st.ok()) {
      return st;
    }
    {
      sqlite::SqliteUnitOfWork uow(*lease.conn, /*read_only=*/true);
      st = CallGuarded(fn, uow);
    }
    Status end = lease.conn->Run(st.ok() ? "COMMIT" : "ROLLBACK");
    return st.ok() ? end : st;
  } catch (const std::exception& e) {
    return Status::Internal(std::string("read: ") + e.what());
  }
}

}  // namespace loopdesk
