#pragma once
// The SQLite adapter of the store port (ports/store.h).
//
// One database file in WAL mode. Writes go through a single writer thread that owns the
// only read-write connection and commits concurrent Write calls together (group commit):
// one BEGIN IMMEDIATE ... COMMIT (one fsync, synchronous=FULL) per batch, each call inside
// its own SAVEPOINT so a failing call loses only its own changes. Reads run on a pool of
// read-only connections, each Read in its own snapshot transaction, concurrently with the
// writer and with each other.

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "common/status.h"
#include "ports/store.h"

namespace loopdesk {

namespace sqlite {
class Connection;
}

struct SqliteOptions {
  // How long a statement waits for a lock held by another process before failing with
  // kUnavailable.
  int busy_timeout_ms = 5000;
  // Most Write calls committed in one transaction. Larger batches amortise the fsync
  // further but make every caller in the batch wait for the slowest call.
  int max_batch = 256;
  // Most read-only connections kept open; concurrent Read calls beyond this wait for one.
  int max_readers = 8;
  // A bulk load (the historical import of the command line): when no other connection has
  // the file open, the writer leaves WAL for a rollback journal (journal_mode=TRUNCATE) until
  // the store closes. Pages the load appends to the file are then written once — WAL writes
  // every page twice, to the log and again at the checkpoint — and crash safety is the
  // rollback journal's: a killed load's last transaction is rolled back when the file is next
  // opened, which also restores WAL. With another connection open, WAL stays.
  bool bulk_load = false;
};

// Counters since Open, for logs, metrics and tests.
struct SqliteStats {
  int64_t write_calls = 0;  // Write calls that reached the writer thread
  int64_t commits = 0;      // physical transactions attempted (write_calls / commits = batching)
};

class SqliteStore final : public Store {
 public:
  // Opens or creates the database file at `path` (its directory must exist), sets
  // journal_mode=WAL, synchronous=FULL, foreign_keys=ON and busy_timeout, applies pending
  // schema migrations and starts the writer thread.
  // Fails with kInvalidArgument for an empty or in-memory path or nonsensical options, and
  // with kUnavailable (message naming the path and the OS reason) when the file cannot be
  // opened or written, is not a database, or has a schema newer than this binary.
  static Result<std::unique_ptr<SqliteStore>> Open(const std::string& path,
                                                   const SqliteOptions& opts = {});

  // Stops accepting writes, commits every queued Write, stops the writer and closes all
  // connections. No Read or Write call may still be running on another thread.
  ~SqliteStore() override;

  SqliteStore(const SqliteStore&) = delete;
  SqliteStore& operator=(const SqliteStore&) = delete;

  // Queues `fn` for the writer thread and blocks until the batch holding it has committed
  // (OK: durable) or failed. `fn` runs on the writer thread and should use only its
  // UnitOfWork: a Write inside it fails with kInternal (instead of deadlocking), and a Read
  // inside it neither sees the uncommitted batch nor should wait on other readers. Returns fn's
  // error when fn fails or throws (its changes are discarded, other calls in the batch are
  // unaffected); kUnavailable/kInternal when the batch could not be committed; kUnavailable after
  // the store started closing. Thread-safe.
  Status Write(const TxFn& fn) override;

  // Runs `fn` on a read-only connection inside BEGIN ... COMMIT: a consistent snapshot of
  // the last commit before fn's first query. Write methods of the UnitOfWork fail with
  // kInternal. Exceptions from fn become kInternal. Thread-safe.
  Status Read(const TxFn& fn) override;

  // "sqlite:<path>".
  std::string Describe() const override;

  // A snapshot of the counters. Thread-safe.
  SqliteStats Stats() const;

 private:
  // One queued Write call; lives on the caller's stack until `done`.
  struct Request {
    const TxFn* fn;
    Status result;      // guarded by queue_mu_ once queued
    bool done = false;  // guarded by queue_mu_
  };

  SqliteStore(std::string path, const SqliteOptions& opts,
              std::unique_ptr<sqlite::Connection> writer);

  void WriterLoop();
  // Runs one batch on the write connection and hands every request its result.
  void CommitBatch(const std::vector<Request*>& batch);
  // Rolls back whatever is open and answers every request of `batch` with `st`.
  void FailBatch(const std::vector<Request*>& batch, const Status& st);
  // Runs one call inside SAVEPOINT on the write connection; keeps or undoes its changes.
  Status RunInSavepoint(const TxFn& fn);
  // A batch of one request: no savepoint (a failure rolls the whole transaction back).
  Status RunAlone(const TxFn& fn);

  Result<std::unique_ptr<sqlite::Connection>> AcquireReader();
  void ReleaseReader(std::unique_ptr<sqlite::Connection> conn);

  const std::string path_;
  const SqliteOptions opts_;
  std::unique_ptr<sqlite::Connection> writer_conn_;  // used only by writer_

  mutable std::mutex queue_mu_;
  std::condition_variable queue_cv_;  // writer waits for requests
  std::condition_variable done_cv_;   // callers wait for their request's `done`
  std::deque<Request*> queue_;        // guarded by queue_mu_
  bool stopping_ = false;             // guarded by queue_mu_
  SqliteStats stats_;                 // guarded by queue_mu_

  std::mutex readers_mu_;
  std::condition_variable readers_cv_;
  std::vector<std::unique_ptr<sqlite::Connection>> idle_readers_;  // guarded by readers_mu_
  int open_readers_ = 0;                                           // guarded by readers_mu_

  std::thread writer_;  // last: starts after every other member is constructed
};

}  // namespace loopdesk
