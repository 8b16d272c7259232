#pragma once
// Historical import (API.md "Import format"): tickets with their history from another help
// desk or a spreadsheet, written so that every metric works on them exactly as on live
// tickets. The NDJSON decoding lives at the edge (http/import_codec.h); this is the use case.
//
// Each record becomes, in one transaction with its events:
// - its customer, found by external_id, else by phone/email, else created (customer.created);
// - agents named by agent_external_id, found by external_id or created (agent.created,
//   role agent, capacity 0, offline) — an import never routes;
// - the ticket, inserted once with its final state (status, first_response_at, resolved_at,
//   reopen and reply counts) and `ticket.created` at created_at, assigned to the agent of its
//   last reply (or the record's agent_external_id);
// - its history replayed in time order with the live rules of the state machine: each
//   message/reply/note becomes a message and `message.created` (a public agent reply opens a
//   new ticket, a customer message reopens a resolved one: `ticket.status_changed` with the
//   same reasons as live), each status move `ticket.status_changed` (an illegal move is an
//   error of the record);
// - its survey as one row of the surveys table (kind, channel, status answered/sent, sent_at,
//   answered_at, score, comment with its cause, the customer's language, a fresh token),
//   inserted once with its final state, and `survey.sent` / `survey.answered` carrying its id.
//   History sends nothing: no outbox message, no early-warning alert, no rules, and an
//   unanswered one is marked reminded at sent_at so the scheduler never reminds about it.
// SLA state rows and escalation notices are not written: historical tickets must not fire
// escalations today; GET /tickets/{id} computes the SLA live, and analytics computes its own.
//
// Idempotent: a ticket whose external_id is already stored (or seen earlier in the same
// import) is skipped and counted as a duplicate. A record that fails validation is reported
// with its line and the rest is still imported; with `strict`, any error imports nothing.

#include <functional>
#include <future>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "app/service.h"

namespace loopdesk {

struct ImportCustomer {
  std::string external_id;
  std::string name;
  std::optional<Tier> tier;
  std::string phone, email, wechat_id, region;
};

struct ImportEvent {
  enum class Type { kMessage, kReply, kNote, kStatus };
  Type type = Type::kMessage;
  TimeMs at = 0;
  AuthorKind author = AuthorKind::kCustomer;  // messages: customer | agent
  std::string agent_external_id;              // replies and notes
  std::string body;
  TicketStatus to = TicketStatus::kOpen;  // status events
};

struct ImportSurvey {
  std::string kind;  // csat | nps | ces
  std::optional<TimeMs> sent_at;
  std::optional<int> score;  // absent: sent, not answered
  std::optional<TimeMs> answered_at;
  std::string comment;
};

struct ImportRecord {
  int line = 0;
  std::string external_id;
  ImportCustomer customer;
  Channel channel = Channel::kWeb;
  std::string subject, description;
  std::optional<Priority> priority;
  std::optional<std::string> category;
  std::optional<std::string> team;
  std::string agent_external_id;  // the assignee when given
  TimeMs created_at = 0;
  std::vector<ImportEvent> events;
  std::optional<ImportSurvey> survey;
};

struct ImportError {
  int line = 0;
  std::string message;
};

// What the bulk writer needs of a record beyond the record itself, computed on the decoding
// thread (import.cc): the final state, the agents it names, its messages and events with
// their payloads encoded — everything that does not depend on the store.
struct RecordPlan;

struct ImportSummary {
  int64_t tickets = 0;    // imported now
  int64_t customers = 0;  // created now
  int64_t agents = 0;     // created now
  int64_t duplicates = 0;
  std::vector<ImportError> errors;
};

// Buffers records and writes them in large transactions (Service::RunBatch). Not
// thread-safe; one Importer per import.
class Importer {
 public:
  // `batch` records per transaction (non-strict); strict imports write everything in one.
  // With `bulk`, tickets, messages and events go through the store's BulkImportSink
  // (ports/bulk_import.h) when it has one: the same rows and events, several times faster,
  // but the events are not published on the EventBus (only the customers and agents created
  // on the way are). For the CLI import, where no one listens; the server's import keeps
  // bulk off so that the analytics and live views see every imported event.
  //
  // A bulk, non-strict import is pipelined: each full batch is written on a thread of its
  // own while the caller decodes and validates the next one (at most one batch in flight);
  // the errors are reported sorted by line.
  Importer(Service& svc, bool strict, int batch = 5000, bool bulk = false);
  // Waits for the batch in flight; rebuilds deferred indexes if Finish did not run.
  ~Importer();
  Importer(const Importer&) = delete;
  Importer& operator=(const Importer&) = delete;

  // Bulk only: about how many records are coming (e.g. the file size / 1 KiB). From
  // kDeferIndexesMin on, the store may drop its query-only indexes for the import and build
  // them once in Finish (BulkImportSink::DeferIndexes). 0 (the default): never.
  void ExpectRecords(int64_t n) { expected_ = n; }
  static constexpr int64_t kDeferIndexesMin = 10000;

  // A line that could not be decoded.
  void AddError(int line, std::string message);
  // Queues a decoded record; may write a batch. Returns an error only when the store fails
  // (the summary then holds what was committed before).
  Status Add(ImportRecord r);
  // Writes what is queued. Strict: commits everything only when no line had an error.
  Status Finish();
  const ImportSummary& summary() const { return summary_; }

 private:
  // Records queued for one transaction; `plans` (bulk only) parallel to `records`.
  struct Batch {
    Batch();
    ~Batch();
    Batch(Batch&&) noexcept;
    Batch& operator=(Batch&&) noexcept;
    std::vector<ImportRecord> records;
    std::vector<RecordPlan> plans;
  };
  // One record of a batch, with its plan when it has one.
  struct Item {
    const ImportRecord* record;
    const RecordPlan* plan;  // null: the generic path
  };

  Status Flush();
  // Writes the records; a record failing on write is isolated (one by one) into `errors`.
  Status WriteRecords(const Batch& batch, std::vector<ImportError>& errors);
  // Waits for the batch in flight and takes over its errors.
  Status Join();
  Status RestoreIndexes();
  // Writes the records as one transaction; `failed_line` names the record that failed.
  Status WriteBatch(const std::vector<Item>& items, int* failed_line);

  Service& svc_;
  bool strict_;
  size_t batch_;
  bool bulk_;
  int64_t expected_ = 0;
  bool indexes_checked_ = false;   // DeferIndexes was asked (and committed)
  bool indexes_deferred_ = false;  // ... and dropped some: RestoreIndexes is owed
  std::future<Status> in_flight_;  // the batch being written (pipelined imports)
  std::vector<ImportError> in_flight_errors_;  // its errors; only its thread touches them
  Batch queue_;
  ImportSummary summary_;
  bool agents_loaded_ = false;
  std::unordered_map<std::string, Agent> agents_;  // by external id (committed only)
  struct KnownCustomer {
    Id id = 0;
    bool english = false;  // language "en…": the survey's language
  };
  std::unordered_map<std::string, KnownCustomer> customers_;  // by external id (committed only)
};

// Validates a record and computes the ticket's history without touching the store (the
// first step of the import; exposed for tests). Errors name the field, e.g. "events[2].to".
Status ValidateImportRecord(const ImportRecord& r);

}  // namespace loopdesk
