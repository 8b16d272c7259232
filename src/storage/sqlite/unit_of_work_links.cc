// The ticket_links table of the SQLite UnitOfWork (migration 16): one customer status token
// per ticket, unique across tickets.

#include <string>

#include "storage/sqlite/guard.h"
#include "storage/sqlite/unit_of_work.h"

namespace loopdesk::sqlite {

namespace {

Result<std::optional<TicketLinkRecord>> ReadLink(Stmt& s, const char* what) {
  LD_ASSIGN_OR_RETURN(bool row, s.Step(what));
  if (!row) return std::optional<TicketLinkRecord>();
  TicketLinkRecord r;
  r.ticket_id = s.Int(0);
  r.token = s.Text(1);
  r.created_at = s.Int(2);
  return std::optional<TicketLinkRecord>(std::move(r));
}

}  // namespace

Status SqliteUnitOfWork::InsertTicketLink(const TicketLinkRecord& link) {
  return Guard("insert ticket link", [&]() -> Status {
    if (read_only_) return Status::Internal("read-only transaction: writes need Store::Write");
    LD_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare("INSERT INTO ticket_links (ticket_id, token, "
                                              "created_at) VALUES (?, ?, ?)"));
    s.Bind(link.ticket_id).Bind(link.token).Bind(link.created_at);
    return s.Run("insert ticket link");
  });
}

Result<std::optional<TicketLinkRecord>> SqliteUnitOfWork::GetTicketLink(Id ticket_id) {
  return Guard("get ticket link", [&]() -> Result<std::optional<TicketLinkRecord>> {
    LD_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare("SELECT ticket_id, token, created_at FROM "
                                              "ticket_links WHERE ticket_id = ?"));
    s.Bind(ticket_id);
    return ReadLink(s, "get ticket link");
  });
}

Result<std::optional<TicketLinkRecord>> SqliteUnitOfWork::FindTicketLink(const std::string& token) {
  return Guard("find ticket link", [&]() -> Result<std::optional<TicketLinkRecord>> {
    LD_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare("SELECT ticket_id, token, created_at FROM "
                                              "ticket_links WHERE token = ?"));
    s.Bind(token);
    return ReadLink(s, "find ticket link");
  });
}

}  // namespace loopdesk::sqlite
