#pragma once
// Feedback causes by product and period (docs/voc.md): every classified survey comment and
// complaint becomes a feedback item linked to one of the customer's orders or assets
// (domain/feedback_link.h), so the top causes can be counted by product and period.
//
// Live answers and complaints are linked in their own transaction (RecordFeedback, called by
// voc_ops.cc); history written without the hooks (import, older databases) is linked by
// LinkPendingFeedback, which the server runs at start and after each import.

#include <atomic>
#include <optional>
#include <string>
#include <vector>

#include "app/feedback.h"
#include "app/operations.h"
#include "common/value.h"
#include "ports/feedback_store.h"

namespace loopdesk {

// Classifies (when `p.cause` is empty; "other" without a classifier), links to a product and
// stores the item. An item that already exists is left as it is (no error).
Status RecordFeedback(Operations& ops, const PendingFeedback& p);

// Links every pending piece of feedback, `batch` per transaction. Returns how many items it
// wrote. When `stop` is given and becomes true, it returns after the batch in progress (what
// is left stays pending for the next run: every batch is its own transaction).
Result<int64_t> LinkPendingFeedback(Store& store, const FeedbackClassifier* classifier,
                                    int batch = 500, const std::atomic<bool>* stop = nullptr);

// GET /api/v1/feedback/causes: counts of feedback items in [filter.from, filter.to) grouped by
// any of cause, product, period (UTC week starting Monday, or calendar month).
enum class FeedbackPeriod { kDay, kWeek, kMonth };
struct FeedbackCauseQuery {
  FeedbackFilter filter;
  bool by_cause = true, by_product = false, by_period = false;
  FeedbackPeriod period = FeedbackPeriod::kMonth;
};
struct FeedbackCauseGroup {
  std::string cause, product, period;  // set for the dimensions grouped by
  int64_t count = 0, surveys = 0, complaints = 0;
  double share = 0;  // of all items in the period and filter
};
struct FeedbackCauseReport {
  int64_t total = 0;
  std::vector<FeedbackCauseGroup> groups;  // by period, then count descending
};
Result<FeedbackCauseReport> CountFeedbackCauses(UnitOfWork& uow, const FeedbackCauseQuery& q);

// The period label of an instant: "2026-11-23", "2026-W47" (ISO week) or "2026-11".
std::string FeedbackPeriodKey(FeedbackPeriod p, int64_t utc_day);

}  // namespace loopdesk
