#pragma once
// The analytics fact store: one row per ticket in compact columns (docs/metrics.md).
//
// A row holds what the KPI queries need and nothing else: when the ticket was created, its
// dimensions (dictionary-encoded: channel, team, agent, tier, category, region), the business
// durations already computed by the caller (first response, resolution), reply/reopen/transfer
// counts, SLA outcomes and survey outcomes. The store knows no SQL, JSON or calendar: the
// caller (app/analytics_feed.cc, or a benchmark) turns a ticket's history into a TicketFact.
//
// Cross-ticket flags (repeat request, repeat complaint) are derived here, from the rows of the
// same customer, and kept exact when a row is inserted, changed or arrives out of time order.
//
// Thread safety: every public member may be called from several threads; writers take an
// exclusive lock, queries a shared one.

#include <cstdint>
#include <memory>
#include <functional>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/time.h"
#include "domain/entities.h"

namespace loopdesk::analytics {

// The outcome of one SLA target (first response or resolution) of one ticket.
enum class SlaOutcome : uint8_t {
  kNone = 0,     // no policy, or the clock is paused with no due time: not counted
  kMet = 1,      // fulfilled within its target
  kMissed = 2,   // fulfilled late, or its due time passed unfulfilled (known breach)
  kRunning = 3,  // unfulfilled, due at `due`: counted as missed once `due` <= the query's now
};

// What the caller knows about one ticket. Durations are business seconds per the ticket's SLA
// calendar (24×7 when none); nullopt where the ticket has none yet.
struct TicketFact {
  Id ticket_id = 0;
  Id customer_id = 0;
  TimeMs created_at = 0;
  Channel channel = Channel::kWeb;
  std::string team;
  Id agent_id = 0;  // assignee, 0 = none
  Tier tier = Tier::kBasic;
  std::string category;
  std::string region;

  bool active = true;            // new/open/pending/on_hold/reopened
  bool ever_resolved = false;    // reached `resolved` at least once
  std::optional<int64_t> frt_s;  // first public human agent reply − creation
  std::optional<int64_t>
      resolution_s;   // last resolved − creation − paused; only while resolved/closed
  int replies = 0;    // public human agent replies
  int reopens = 0;    // resolved → reopened moves
  int transfers = 0;  // hand-overs between agents or teams

  SlaOutcome sla_response = SlaOutcome::kNone;
  TimeMs sla_response_due = 0;  // for kRunning
  SlaOutcome sla_resolution = SlaOutcome::kNone;
  TimeMs sla_resolution_due = 0;

  int surveys_sent = 0;      // any kind
  int surveys_answered = 0;  // any kind
  std::optional<int> csat;   // latest CSAT answer, 1..5
  std::optional<int> nps;    // latest NPS answer, 0..10

  bool converted_to_complaint = false;  // created as something else, later re-categorised complaint
};

// Group-by dimensions. kDay and kWeek are UTC days and ISO weeks (Monday first).
enum class Dim : uint8_t { kNone, kDay, kWeek, kChannel, kTeam, kAgent, kTier, kCategory, kRegion };
std::optional<Dim> ParseDim(std::string_view s);
std::string_view DimName(Dim d);

// A string dictionary: value ↔ dense code (0 is always "").
class Dictionary {
 public:
  Dictionary() { Code(""); }
  uint32_t Code(const std::string& s);
  std::optional<uint32_t> Find(const std::string& s) const;
  const std::string& Value(uint32_t code) const { return values_[code]; }
  size_t size() const { return values_.size(); }

 private:
  std::unordered_map<std::string, uint32_t> codes_;
  std::vector<std::string> values_;
};

// Bits of FactColumns::flags.
enum FactFlag : uint16_t {
  kFlagActive = 1 << 0,
  kFlagEverResolved = 1 << 1,
  kFlagComplaint = 1 << 2,
  kFlagConverted = 1 << 3,
  kFlagRepeatRequest = 1 << 4,
  kFlagRepeatComplaint = 1 << 5,
};

// Outcome code bits (FactColumns::code1..3).
// code1: active, ever resolved, reopened (resolved and later reopened), FCR, has FRT, complaint.
enum Code1 : uint8_t {
  kC1Active = 1,
  kC1Ever = 2,
  kC1Reopened = 4,
  kC1Fcr = 8,
  kC1HasFrt = 16,
  kC1Complaint = 32
};
// code2: CSAT class (bits 0–1: 0 none, 1 satisfied 4–5, 2 other), NPS class (bits 2–3: 0 none,
// 1 promoter, 2 passive, 3 detractor), converted, repeat request.
enum Code2 : uint8_t { kC2Converted = 16, kC2RepeatRequest = 32 };
// code3: SLA response outcome (bits 0–1), SLA resolution outcome (bits 2–3), repeat complaint,
// has resolution time.
enum Code3 : uint8_t { kC3RepeatComplaint = 16, kC3HasResolution = 32 };

inline constexpr int32_t kNoDuration = -1;
inline constexpr int8_t kNoScore = -1;

// The columns (struct of arrays). Row r describes one ticket.
struct FactColumns {
  std::vector<Id> ticket_id;
  std::vector<Id> customer_id;
  std::vector<uint32_t> created_s;  // UTC seconds (1970–2106; earlier instants count as 1970)
  std::vector<uint16_t> day;        // UTC days since 1970-01-01 (created_s / 86400)
  std::vector<uint8_t> channel;     // Channel enum value
  std::vector<uint16_t> team;       // Dictionary code
  std::vector<uint32_t> agent;      // dense agent code (agents_ dictionary of ids)
  std::vector<uint8_t> tier;        // Tier enum value
  std::vector<uint16_t> category;   // Dictionary code
  std::vector<uint16_t> region;     // Dictionary code
  std::vector<uint16_t> flags;      // FactFlag bits
  std::vector<int32_t> frt_s;       // kNoDuration when none
  std::vector<int32_t> resolution_s;
  std::vector<uint16_t> replies;
  std::vector<uint8_t> reopens;
  std::vector<uint8_t> transfers;
  std::vector<uint8_t> sla_response;  // SlaOutcome
  std::vector<uint8_t> sla_resolution;
  std::vector<uint32_t> sla_response_due_s;  // UTC seconds, for kRunning
  std::vector<uint32_t> sla_resolution_due_s;
  std::vector<uint8_t> surveys_sent;
  std::vector<uint8_t> surveys_answered;
  std::vector<int8_t> csat;  // kNoScore or 1..5
  std::vector<int8_t> nps;   // kNoScore or 0..10
  // Outcome codes (6 bits each, see EncodeOutcomes in fact_store.cc): the categorical
  // outcomes of a row packed so that a query counts them with three histogram increments.
  std::vector<uint8_t> code1, code2, code3;

  size_t size() const { return ticket_id.size(); }
  void Resize(size_t n);
  void Reserve(size_t n);
  size_t MemoryBytes() const;
};

// Every column of FactColumns, in order: X(name) once per column. Code that handles all
// columns alike (resize, reserve, the snapshot file of fact_snapshot.cc) expands this list,
// so a new column is one line here.
#define LD_FACT_COLUMNS(X)                                                                     \
  X(ticket_id)                                                                                 \
  X(customer_id) X(created_s) X(day) X(channel) X(team) X(agent) X(tier) X(category) X(region) \
      X(flags) X(frt_s) X(resolution_s) X(replies) X(reopens) X(transfers) X(sla_response)     \
          X(sla_resolution) X(sla_response_due_s) X(sla_resolution_due_s) X(surveys_sent)      \
              X(surveys_answered) X(csat) X(nps) X(code1) X(code2) X(code3)

class KpiEngine;
class DayChannelCube;  // fact_cube.h: per-(day, channel) pre-aggregates
class FactPostings;    // fact_postings.h: value → rows, for filtered queries
class FactSnapshot;

class FactStore {
 public:
  FactStore();
  ~FactStore();
  // Inserts the ticket's row, or replaces it when the ticket is already known, and refreshes
  // the cross-ticket flags of its customer's rows.
  void Upsert(const TicketFact& f);
  // Reserves room for `n` rows (bulk loads).
  void Reserve(size_t n);
  // Bulk load (fact_bulk.cc): appends `n` rows, fill(i, fact) giving the i-th, then rebuilds
  // the per-customer index and the repeat flags once (no per-row customer refresh or column
  // resize). A ticket already in the store is upserted instead. Same result as n Upserts.
  void BulkAppend(size_t n, const std::function<void(size_t, TicketFact&)>& fill);
  // Back to the empty store (a snapshot that failed its checks after restoring).
  void Clear();
  // True when the ticket has a row.
  bool Has(Id ticket_id) const;
  // The tickets of one customer (any order).
  std::vector<Id> TicketsOfCustomer(Id customer_id) const;
  size_t size() const;
  size_t MemoryBytes() const;
  // Recomputes every derived structure (zone map, per-(day, channel) pre-aggregates, value
  // postings) from the
  // base columns. Upsert keeps them current row by row; a bulk load that fills the columns
  // directly calls this once afterwards.
  void RebuildDerived();
  // True when the incrementally maintained derived structures equal a from-scratch rebuild
  // (tests; O(rows)).
  bool DerivedConsistent() const;
  // Creation instants (UTC seconds) of the tickets created in [from_s, to_s), of `channel`
  // and `team` when given — the forecast's hourly profile (fact_scan.cc).
  std::vector<int64_t> CreatedSeconds(int64_t from_s, int64_t to_s, std::optional<Channel> channel,
                                      const std::optional<std::string>& team) const;
  // The category code that marks a complaint ("complaint").
  static constexpr std::string_view kComplaintCategory = "complaint";

 private:
  friend class KpiEngine;
  friend class FactSnapshot;  // fact_snapshot.cc: writes and restores the base columns
  // Rebuilds row_of_ (when its size disagrees) and rows_of_customer_ (sorted by created time)
  // from the columns; with `repeat_flags` also recomputes the repeat flags. Caller holds mu_
  // and calls RebuildDerived(Locked) afterwards for the zone map and the pre-aggregates.
  void RebuildIndexesLocked(bool repeat_flags);
  void SetRow(size_t r, const TicketFact& f);
  void RefreshCustomer(Id customer_id);
  // Recomputes the repeat flags of rows[first..] (rows sorted by created time).
  void RefreshRows(const std::vector<uint32_t>& rows, size_t first);
  void EncodeOutcomes(size_t r);
  void RebuildDerivedLocked();

  mutable std::shared_mutex mu_;
  FactColumns cols_;
  std::unordered_map<Id, uint32_t> row_of_;  // ticket id → row
  std::unordered_map<Id, std::vector<uint32_t>> rows_of_customer_;
  Dictionary teams_, categories_, regions_;
  std::vector<Id> agents_;  // agent code → agent id (0 = none)
  std::unordered_map<Id, uint32_t> agent_code_;
  uint32_t complaint_code_ = 0;
  // Zone map: the smallest and largest created_s of each block of kZoneRows rows (widened on
  // change, never narrowed), so a query skips the blocks outside its period — tickets
  // arrive roughly in time order, so a period touches few blocks.
  static constexpr size_t kZoneRows = 4096;
  std::vector<uint32_t> zone_min_, zone_max_;
  // Pre-aggregates of the KPI counters per (UTC day, channel), kept current by Upsert
  // (remove the row's old contribution, add the new one); kpi.cc answers whole days from them.
  std::unique_ptr<DayChannelCube> cube_;
  // Per dimension value, the rows that hold it (a superset between rebuilds); kpi.cc walks
  // the most selective filter's rows instead of the whole period.
  std::unique_ptr<FactPostings> postings_;
};

}  // namespace loopdesk::analytics
