#pragma once
// Schema migrations of the SQLite store: an ordered list of SQL scripts, applied once each
// and recorded in the `schema_version` table. Never edit a released migration; append one.

#include <span>

#include "common/status.h"
#include "storage/sqlite/connection.h"

namespace loopdesk::sqlite {

struct Migration {
  int version;       // 1, 2, 3... in order, no gaps
  const char* name;  // short description, stored beside the version
  const char* sql;   // one or more statements
};

// Every migration this binary knows, in version order.
std::span<const Migration> AllMigrations();

// The highest schema version this binary knows.
int LatestSchemaVersion();

// Brings the database on `conn` (a read-write connection outside any transaction) up to
// LatestSchemaVersion(). Each pending migration runs in its own BEGIN IMMEDIATE transaction
// together with its `schema_version` row, so a crash leaves the database at a whole
// version, and two processes migrating at once apply each script once. Fails with
// kUnavailable when the database is newer than this binary, or with the failing
// migration's error.
Status Migrate(Connection& conn);

// The version recorded in the database (0 for a new file).
Result<int> CurrentSchemaVersion(Connection& conn);

}  // namespace loopdesk::sqlite
