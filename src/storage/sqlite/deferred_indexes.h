#pragma once
// Deferred secondary indexes (historical import into an empty or small store, docs/benchmarks.md
// "Historical import"). Inserting a row into an indexed table costs one B-tree insert per
// index; a large import into an almost empty store is cheaper when those indexes are dropped
// first and built once at the end (CREATE INDEX sorts, one pass per index).
//
// Crash safety: DeferIndexes drops the indexes and records their exact definitions (the SQL
// from sqlite_master) in the table deferred_indexes, in the caller's transaction, so a crash
// either keeps both or neither. RestoreDeferredIndexes builds them again and clears the table,
// also in one transaction. SqliteStore::Open calls RestoreDeferredIndexesAtOpen, so a store
// left by a killed import gets its indexes back the next time anything opens it. While they
// are missing every query still gives the same answer (only slower): no index here is UNIQUE.

#include "common/status.h"

namespace loopdesk::sqlite {

class Connection;

// Drops the import-deferrable indexes (non-unique indexes of tickets, messages, events and
// surveys that rows of an import enter; see the list in deferred_indexes.cc) that exist,
// recording them. Must run inside a write transaction. Returns how many were dropped.
Result<int> DeferIndexes(Connection& conn);

// Builds every recorded index again and clears the record. Inside a write transaction.
// Returns how many were built.
Result<int> RestoreDeferredIndexes(Connection& conn);

// The same in a transaction of its own, when anything is recorded (cheap when nothing is).
Status RestoreDeferredIndexesAtOpen(Connection& conn);

// The names of the indexes DeferIndexes drops (for tests).
const char* const* DeferrableIndexNames();

}  // namespace loopdesk::sqlite
