#pragma once
// The PostgreSQL adapter of the store port (ports/store.h): the same unit of work as the
// SQLite adapter (storage/sqlite/unit_of_work.h) run over libpq (storage/postgres/connection.h).
//
// Transactions: every Write is one transaction on a pooled connection (BEGIN ... COMMIT,
// READ COMMITTED, durable on COMMIT with the server's default synchronous_commit=on) that
// first takes a transaction-scoped advisory lock shared by every loopdesk process on the
// database: writers are serialised as under SQLite's single writer, so everything the unit
// of work and the application derive from "nobody else writes meanwhile" (idempotent import
// on external_id, counters, unique numbers, event sequence order = commit order) stays true
// across processes. Reads run concurrently on other pooled connections, each in a
// REPEATABLE READ READ ONLY transaction (one consistent snapshot, like SQLite's).

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "common/status.h"
#include "ports/store.h"

namespace loopdesk {

namespace pg {
class Connection;
}

struct PgOptions {
  // Most connections kept open; concurrent calls beyond this wait for one.
  int max_connections = 8;
};

// True for "postgresql://..." and "postgres://..." (what --db accepts for PostgreSQL).
bool IsPostgresUrl(const std::string& db);

class PgStore final : public Store {
 public:
  // Connects to `url`, applies pending schema migrations and keeps the connection for the
  // pool. Fails with kInvalidArgument for a malformed URL and kUnavailable (naming host:port
  // and libpq's reason) when the server cannot be reached, refuses the login, or has a
  // schema newer than this binary.
  static Result<std::unique_ptr<PgStore>> Open(const std::string& url, const PgOptions& opts = {});
  ~PgStore() override;
  PgStore(const PgStore&) = delete;
  PgStore& operator=(const PgStore&) = delete;

  // Runs `fn` in one transaction holding the writers' lock; commits when fn succeeds. A
  // Write inside fn fails with kInternal (it would wait for the lock fn holds).
  Status Write(const TxFn& fn) override;
  Status Read(const TxFn& fn) override;
  // "postgresql://host:port/db" (no password).
  std::string Describe() const override;

 private:
  PgStore(std::string url, const PgOptions& opts, std::unique_ptr<pg::Connection> first);
  Result<std::unique_ptr<pg::Connection>> Acquire();
  void Release(std::unique_ptr<pg::Connection> conn);
  Status Run(const TxFn& fn, bool write);

  const std::string url_;
  const PgOptions opts_;
  std::string where_;

  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<pg::Connection>> idle_;  // guarded by mu_
  int open_ = 0;                                       // guarded by mu_
};

}  // namespace loopdesk
