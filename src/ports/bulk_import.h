#pragma once
// BulkImportSink: the write path of a large historical import (app/import.h). The rows an
// import writes per ticket (the ticket, its messages, its events) arrive fully formed — the
// event payload is already JSON text — so an adapter can insert them with its cheapest
// statements and skip the generic per-row work (Value trees, JSON encoding, copies for the
// event bus).
//
// Contract: the sink belongs to the UnitOfWork that handed it out (UnitOfWork::bulk_import())
// and writes inside that same transaction, interleaved in call order with the unit of work's
// own writes (customers and agents created on the way). Every method assigns ids exactly as
// UnitOfWork::InsertTicket / InsertMessage / AppendEvent do, and stores the same rows they
// would: a ticket or message written here reads back identically, and an event's `data` is
// stored as the given text verbatim (it must be a JSON object, as ValueToJsonText would
// write it). Events written here are not published on any bus: the caller decides who must
// learn of them (the CLI import needs nobody; the server's import uses the generic path).

#include <string>
#include <string_view>

#include "common/status.h"
#include "domain/entities.h"

namespace loopdesk {

// One event whose payload is already encoded.
struct EncodedEvent {
  std::string_view type;
  TimeMs at = 0;
  std::string_view actor;  // Actor::ToString()
  Id ticket_id = 0;
  Id customer_id = 0;
  std::string_view data_json;  // a JSON object
};

class BulkImportSink {
 public:
  virtual ~BulkImportSink() = default;
  // Assigns t.id.
  virtual Status InsertTicket(Ticket& t) = 0;
  // Assigns m.id.
  virtual Status InsertMessage(Message& m) = 0;
  // Returns the event's seq.
  virtual Result<Id> AppendEvent(const EncodedEvent& e) = 0;
  // Whether a ticket with this (non-empty) external_id is stored, including those written
  // earlier in this transaction: the import's duplicate check, without reading the ticket.
  virtual Result<bool> HasTicket(const std::string& external_id) = 0;

  // A large import into an empty or small store: the adapter may drop the secondary indexes
  // that only queries use and build them once in RestoreIndexes (every query still answers
  // the same meanwhile, only slower). `incoming_tickets` estimates the tickets still to come;
  // the adapter decides whether rebuilding beats maintaining. Returns whether it deferred
  // anything. Runs in the unit of work's transaction: rolled back, nothing was deferred. An
  // adapter must get the indexes back by itself if RestoreIndexes never runs (a killed
  // import), at the latest when the store is next opened.
  virtual Result<bool> DeferIndexes(int64_t /*incoming_tickets*/) { return false; }
  // Builds what DeferIndexes deferred; nothing when nothing was.
  virtual Status RestoreIndexes() { return Status::Ok(); }
};

}  // namespace loopdesk
