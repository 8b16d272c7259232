// Service members of the feedback-cause report (service.h, app/feedback_ops.h).

#include "app/service.h"

namespace loopdesk {

Result<FeedbackCauseReport> Service::FeedbackCauses(const Principal&, const FeedbackCauseQuery& q) {
  FeedbackCauseReport out;
  LD_RETURN_IF_ERROR(store_.Read([&](UnitOfWork& uow) {
    LD_ASSIGN_OR_RETURN(out, CountFeedbackCauses(uow, q));
    return Status::Ok();
  }));
  return out;
}

Result<Page<FeedbackItem>> Service::ListFeedbackItems(const Principal&, const FeedbackFilter& f) {
  const int limit = f.limit <= 0 ? 50 : (f.limit > 500 ? 500 : f.limit);
  FeedbackFilter q = f;
  q.limit = limit + 1;
  Page<FeedbackItem> page;
  LD_RETURN_IF_ERROR(store_.Read([&](UnitOfWork& uow) {
    LD_ASSIGN_OR_RETURN(page.items, uow.feedback().ListFeedbackItems(q));
    return Status::Ok();
  }));
  if (static_cast<int>(page.items.size()) > limit) {
    page.items.resize(limit);
    page.next_cursor = page.items.back().id;
  }
  return page;
}

Result<int64_t> Service::LinkPendingFeedback(const std::atomic<bool>* stop) {
  return loopdesk::LinkPendingFeedback(store_, FeedbackClassifierInUse(), 500, stop);
}

}  // namespace loopdesk
