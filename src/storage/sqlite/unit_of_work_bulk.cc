// The SQLite BulkImportSink (ports/bulk_import.h): the historical import's rows on the unit
// of work's connection, in its transaction. Tickets and messages go through the unit of
// work's own prepared inserts (one row each, so their ids interleave with the customers and
// agents the import creates on the way); events are bound straight from the pre-encoded
// payload, without the Value → JSON → text round trip of UnitOfWork::AppendEvent.

#include "storage/sqlite/connection.h"
#include "storage/sqlite/deferred_indexes.h"
#include "storage/sqlite/guard.h"
#include "storage/sqlite/unit_of_work.h"

namespace loopdesk::sqlite {

namespace {

class SqliteBulkImportSink final : public BulkImportSink {
 public:
  SqliteBulkImportSink(SqliteUnitOfWork& uow, sql::Db& conn) : uow_(uow), conn_(conn) {}

  Status InsertTicket(Ticket& t) override { return uow_.InsertTicket(t); }
  Status InsertMessage(Message& m) override { return uow_.InsertMessage(m); }

  Result<Id> AppendEvent(const EncodedEvent& e) override {
    return Guard("append event", [&]() -> Result<Id> {
      // The same statement text as SqliteUnitOfWork::AppendEvent, so one cached statement.
      static const std::string kSql =
          "INSERT INTO events (type, at, actor, ticket_id, customer_id, data) "
          "VALUES (?, ?, ?, ?, ?, ?)";
      LD_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kSql));
      s.BindView(e.type).Bind(e.at).BindView(e.actor).Bind(e.ticket_id).Bind(e.customer_id);
      s.BindView(e.data_json);
      LD_RETURN_IF_ERROR(s.Run("append event"));
      return conn_.LastInsertId();
    });
  }

  Result<bool> HasTicket(const std::string& external_id) override {
    return Guard("find ticket", [&]() -> Result<bool> {
      static const std::string kSql = "SELECT 1 FROM tickets WHERE external_id = ? AND external_id <> ''";  // the partial index
      LD_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kSql));
      s.Bind(external_id);
      LD_ASSIGN_OR_RETURN(bool row, s.Step("find ticket"));
      return row;
    });
  }

  // Rebuilding an index costs about one sorted pass over the table; maintaining it costs a
  // B-tree insert per imported row (≈ 2.5 µs, docs/benchmarks.md). Rebuilding wins while the
  // rows already stored are not many more than those to come: at most twice as many.
  Result<bool> DeferIndexes(int64_t incoming_tickets) override {
    return Guard("defer indexes", [&]() -> Result<bool> {
      // SQLite only (sqlite_master, the index rebuild at open); PostgreSQL keeps its indexes.
      if (incoming_tickets <= 0 || conn_.is_postgres()) return false;
      auto& lite = static_cast<Connection&>(conn_);
      LD_ASSIGN_OR_RETURN(std::string stored,
                          lite.QueryText("SELECT COALESCE(MAX(id), 0) FROM tickets"));
      if (std::stoll(stored) > 2 * incoming_tickets) return false;
      LD_ASSIGN_OR_RETURN(int dropped, sqlite::DeferIndexes(lite));
      return dropped > 0;
    });
  }

  Status RestoreIndexes() override {
    return Guard("restore indexes", [&]() -> Status {
      if (conn_.is_postgres()) return Status::Ok();
      return sqlite::RestoreDeferredIndexes(static_cast<Connection&>(conn_)).status();
    });
  }

 private:
  SqliteUnitOfWork& uow_;
  sql::Db& conn_;
};

}  // namespace

BulkImportSink* SqliteUnitOfWork::bulk_import() {
  if (read_only_) return nullptr;
  if (!bulk_) bulk_ = std::make_unique<SqliteBulkImportSink>(*this, conn_);
  return bulk_.get();
}

}  // namespace loopdesk::sqlite
