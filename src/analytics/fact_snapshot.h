#pragma once
// The fact snapshot file (docs/analytics-snapshot.md): the fact store's base columns and
// dictionaries, plus an opaque block of the caller's own state, with a header that says which
// event it covers and which inputs its facts were computed with.
//
// Layout (little endian): magic "LDFACTS1", u32 format, u32 flags, u64 covered_seq,
// u64 inputs_hash, u64 payload_bytes, u64 payload_checksum, then the payload: row count,
// each column of LD_FACT_COLUMNS (facts.h) as element size + raw values, the three string
// dictionaries, the agent ids, and the caller's block.
//
// Written atomically (a temporary file in the same directory, fsync, rename, fsync of the
// directory). Read fully validated before the store is touched: a missing, truncated,
// corrupt, other-format or other-inputs file is an error (the caller replays the event log).

#include <cstdint>
#include <string>
#include <string_view>

#include "analytics/facts.h"
#include "common/status.h"

namespace loopdesk::analytics {

inline constexpr uint32_t kFactSnapshotFormat = 1;
// Header flag: written when nothing could be in flight (clean shutdown), so the covered seq
// is exact; otherwise the reader replays an overlap before it.
inline constexpr uint32_t kSnapshotExact = 1;

struct FactSnapshotInfo {
  uint32_t flags = 0;
  uint64_t covered_seq = 0;
  uint64_t inputs_hash = 0;
  std::string extra;  // the caller's block
};

// 64-bit hash (not cryptographic) of bytes, chained through `seed`.
uint64_t HashBytes(const void* data, size_t n, uint64_t seed = 0);
inline uint64_t HashString(std::string_view s, uint64_t seed = 0) {
  return HashBytes(s.data(), s.size(), seed);
}
// A hash of the fact layout: the format number, every column's name and element size.
uint64_t FactLayoutHash();

class FactSnapshot {
 public:
  // Serialises `facts` (under its shared lock) into bytes: a copy, so the caller can write
  // the file without holding any lock. Encode = Seal(Capture(...)); a caller that must hold
  // its own lock while the store is read holds it only around Capture.
  static std::string Encode(const FactStore& facts, const FactSnapshotInfo& info);
  static std::string Capture(const FactStore& facts);  // the columns part of the payload
  static std::string Seal(std::string payload, const FactSnapshotInfo& info);
  // Writes bytes from Encode atomically to `path`.
  static Status WriteFile(const std::string& path, const std::string& bytes);
  // Reads `path`; fails (kNotFound when absent, kConflict when of another format or other
  // inputs, kInternal when truncated or damaged) unless the file is whole, of this format and computed with `inputs_hash`. On
  // success replaces the content of `facts` (which should be empty) and returns the header.
  static Result<FactSnapshotInfo> Read(const std::string& path, uint64_t inputs_hash,
                                       FactStore* facts);
};

}  // namespace loopdesk::analytics
