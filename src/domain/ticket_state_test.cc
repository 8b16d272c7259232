#include "domain/ticket_state.h"

#include <gtest/gtest.h>

namespace loopdesk {
namespace {

using S = TicketStatus;

TEST(TicketState, AllowsTheDocumentedMoves) {
  EXPECT_TRUE(CanTransition(S::kNew, S::kOpen));
  EXPECT_TRUE(CanTransition(S::kOpen, S::kPending));
  EXPECT_TRUE(CanTransition(S::kPending, S::kOnHold));
  EXPECT_TRUE(CanTransition(S::kOnHold, S::kResolved));
  EXPECT_TRUE(CanTransition(S::kResolved, S::kReopened));
  EXPECT_TRUE(CanTransition(S::kResolved, S::kClosed));
  EXPECT_TRUE(CanTransition(S::kReopened, S::kResolved));
}

TEST(TicketState, RefusesIllegalMoves) {
  EXPECT_FALSE(CanTransition(S::kNew, S::kClosed));
  EXPECT_FALSE(CanTransition(S::kNew, S::kReopened));
  EXPECT_FALSE(CanTransition(S::kOpen, S::kReopened));
  EXPECT_FALSE(CanTransition(S::kOpen, S::kNew));
  EXPECT_FALSE(CanTransition(S::kResolved, S::kOpen));
  for (S to : AllTicketStatuses()) EXPECT_FALSE(CanTransition(S::kClosed, to));
}

TEST(TicketState, ApplyKeepsTicketUnchangedOnConflict) {
  Ticket t;
  t.status = S::kOpen;
  t.updated_at = 5;
  Status st = ApplyTransition(t, S::kClosed, 100);
  EXPECT_EQ(st.code(), Code::kConflict);
  EXPECT_EQ(st.field(), "status");
  EXPECT_EQ(t.status, S::kOpen);
  EXPECT_EQ(t.updated_at, 5);
  EXPECT_FALSE(t.closed_at.has_value());
}

TEST(TicketState, ApplyMaintainsTimestampsAndReopenCount) {
  Ticket t;
  t.status = S::kOpen;
  ASSERT_TRUE(ApplyTransition(t, S::kResolved, 10).ok());
  EXPECT_EQ(t.resolved_at, 10);
  ASSERT_TRUE(ApplyTransition(t, S::kReopened, 20).ok());
  EXPECT_EQ(t.reopen_count, 1);
  ASSERT_TRUE(ApplyTransition(t, S::kResolved, 30).ok());
  EXPECT_EQ(t.resolved_at, 30);  // the last resolution counts
  ASSERT_TRUE(ApplyTransition(t, S::kClosed, 40).ok());
  EXPECT_EQ(t.closed_at, 40);
}

TEST(TicketState, MessagesMoveTicketsAutomatically) {
  EXPECT_EQ(StatusAfterMessage(S::kNew, AuthorKind::kAgent, false), S::kOpen);
  EXPECT_EQ(StatusAfterMessage(S::kNew, AuthorKind::kAgent, true), std::nullopt);
  EXPECT_EQ(StatusAfterMessage(S::kPending, AuthorKind::kCustomer, false), S::kOpen);
  EXPECT_EQ(StatusAfterMessage(S::kResolved, AuthorKind::kCustomer, false), S::kReopened);
  EXPECT_EQ(StatusAfterMessage(S::kOnHold, AuthorKind::kCustomer, false), std::nullopt);
  EXPECT_EQ(StatusAfterMessage(S::kResolved, AuthorKind::kAgent, false), std::nullopt);
}

}  // namespace
}  // namespace loopdesk
