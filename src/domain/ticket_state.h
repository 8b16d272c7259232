#pragma once
// The ticket state machine (DESIGN.md §1 A).
//
//   new ──► open ◄──► pending / on_hold        (any active state may move among these)
//    │        │
//    └────────┴──► resolved ──► closed          (closed is final)
//                     │
//                     └──► reopened ──► open / pending / on_hold / resolved
//
// Active states are new, open, pending, on_hold and reopened. `reopened` is entered only
// from `resolved` (the customer came back); a closed ticket is never reopened — the customer
// opens a new one, which keeps closed-period statistics stable.

#include "common/status.h"
#include "domain/entities.h"

namespace loopdesk {

// True when a ticket in `from` may move to `to`. A move to the same state is not a move.
bool CanTransition(TicketStatus from, TicketStatus to);

// Whether work on the ticket is still expected (not resolved or closed).
bool IsActive(TicketStatus s);

// Moves `t` to `to` at `now`, maintaining resolved_at / closed_at / reopen_count.
// Fails with kConflict (ticket unchanged) when the move is illegal.
Status ApplyTransition(Ticket& t, TicketStatus to, TimeMs now);

// The status a ticket takes automatically when a message arrives, or nullopt when it stays:
// a public agent reply opens a new ticket; a customer reply re-opens a pending one, and a
// customer coming back to a resolved ticket reopens it.
std::optional<TicketStatus> StatusAfterMessage(TicketStatus current, AuthorKind author,
                                               bool internal);

}  // namespace loopdesk
