// Service members of the feedback-cause report (service.h, app/feedback_ops.h).

#include "app/paging.h"
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
  const int limit = ClampPageLimit(f.limit);
  FeedbackFilter q = f;
  q.limit = limit + 1;
  std::vector<FeedbackItem> rows;
  LD_RETURN_IF_ERROR(store_.Read([&](UnitOfWork& uow) {
    LD_ASSIGN_OR_RETURN(rows, uow.feedback().ListFeedbackItems(q));
    return Status::Ok();
  }));
  return PageOf(std::move(rows), limit, [](const FeedbackItem& i) { return i.id; });
}

Result<int64_t> Service::LinkPendingFeedback(const std::atomic<bool>* stop) {
  return loopdesk::LinkPendingFeedback(store_, FeedbackClassifierInUse(), 500, stop);
}

}  // namespace loopdesk
