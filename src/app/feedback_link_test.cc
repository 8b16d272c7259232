// LinkPendingFeedback (app/feedback_ops.h) over the real SQLite store: the backfill of
// feedback that was stored without the live hooks, batch by batch, and its stop flag (set
// when the server shuts down: the batch in progress commits, the rest waits for the next run).
#include <gtest/gtest.h>

#include <atomic>

#include "app/feedback_ops.h"
#include "tests/support/service_env.h"

namespace loopdesk {
namespace {

class LinkPendingFeedbackTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(env_.Start());
    store_ = env_.store.get();
    NewCustomer c;
    c.name = "王女士";
    c.phone = "13800000000";
    const Id customer = env_.svc->CreateCustomer(env_.admin, c)->id;
    // Five complaints written straight into the store, as an import or an older version
    // would have left them: no feedback item yet.
    for (int i = 0; i < 5; ++i) {
      NewTicket t;
      t.customer_id = customer;
      t.channel = Channel::kPhone;
      t.subject = "安装师傅迟到两个小时，要投诉";
      t.category = "complaint";
      const Id ticket = env_.svc->CreateTicket(env_.admin, t)->ticket.id;
      ASSERT_TRUE(env_.store
                      ->Write([&](UnitOfWork& uow) {
                        return uow.voc().InsertComplaint(ticket, customer, "complaint",
                                                         env_.clock.Now());
                      })
                      .ok());
    }
  }

  size_t Pending() {
    size_t n = 0;
    EXPECT_TRUE(store_
                    ->Read([&](UnitOfWork& uow) -> Status {
                      LD_ASSIGN_OR_RETURN(auto p, uow.feedback().PendingFeedbackItems(100));
                      n = p.size();
                      return Status::Ok();
                    })
                    .ok());
    return n;
  }

  testing::ServiceEnv env_{1795336200000};
  SqliteStore* store_ = nullptr;
};

TEST_F(LinkPendingFeedbackTest, LinksEverythingBatchByBatch) {
  const size_t before = Pending();
  ASSERT_GE(before, 5u);
  auto n = LinkPendingFeedback(*store_, nullptr, /*batch=*/2);
  ASSERT_TRUE(n.ok()) << n.status().ToString();
  EXPECT_EQ(*n, static_cast<int64_t>(before));
  EXPECT_EQ(Pending(), 0u);
  // Nothing left: a second run writes nothing.
  EXPECT_EQ(*LinkPendingFeedback(*store_, nullptr, 2), 0);
}

TEST_F(LinkPendingFeedbackTest, StopsAfterTheBatchInProgressAndTheRestWaits) {
  const size_t before = Pending();
  ASSERT_GE(before, 5u);
  std::atomic<bool> stop{true};
  auto n = LinkPendingFeedback(*store_, nullptr, /*batch=*/2, &stop);
  ASSERT_TRUE(n.ok()) << n.status().ToString();
  EXPECT_EQ(*n, 2);  // one batch, committed
  EXPECT_EQ(Pending(), before - 2);
  stop = false;
  n = LinkPendingFeedback(*store_, nullptr, 2, &stop);
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, static_cast<int64_t>(before - 2));
  EXPECT_EQ(Pending(), 0u);
}

}  // namespace
}  // namespace loopdesk
