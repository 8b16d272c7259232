#include "domain/ticket_state.h"

#include <string>

namespace loopdesk {

bool IsActive(TicketStatus s) {
  return s != TicketStatus::kResolved && s != TicketStatus::kClosed;
}

bool CanTransition(TicketStatus from, TicketStatus to) {
  using S = TicketStatus;
  if (from == to) return false;
  switch (from) {
    case S::kNew:
      return to == S::kOpen || to == S::kPending || to == S::kOnHold || to == S::kResolved;
    case S::kOpen:
    case S::kPending:
    case S::kOnHold:
    case S::kReopened:
      return to == S::kOpen || to == S::kPending || to == S::kOnHold || to == S::kResolved;
    case S::kResolved:
      return to == S::kClosed || to == S::kReopened;
    case S::kClosed:
      return false;
  }
  return false;
}

Status ApplyTransition(Ticket& t, TicketStatus to, TimeMs now) {
  if (!CanTransition(t.status, to)) {
    std::string msg = "a ticket cannot move from ";
    msg += Name(t.status);
    msg += " to ";
    msg += Name(to);
    if (t.status == TicketStatus::kClosed) msg += " (closed is final; open a new ticket)";
    if (to == TicketStatus::kReopened) msg += " (only a resolved ticket can be reopened)";
    if (to == TicketStatus::kClosed) msg += " (only a resolved ticket can be closed)";
    return Status::Conflict(msg, "status");
  }
  t.status = to;
  t.updated_at = now;
  switch (to) {
    case TicketStatus::kResolved: t.resolved_at = now; break;
    case TicketStatus::kClosed: t.closed_at = now; break;
    case TicketStatus::kReopened: ++t.reopen_count; break;
    default: break;
  }
  return Status::Ok();
}

std::optional<TicketStatus> StatusAfterMessage(TicketStatus current, AuthorKind author,
                                               bool internal) {
  if (internal) return std::nullopt;
  if (author == AuthorKind::kAgent && current == TicketStatus::kNew) return TicketStatus::kOpen;
  if (author == AuthorKind::kCustomer) {
    if (current == TicketStatus::kPending) return TicketStatus::kOpen;
    if (current == TicketStatus::kResolved) return TicketStatus::kReopened;
  }
  return std::nullopt;
}

}  // namespace loopdesk
