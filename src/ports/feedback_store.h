#pragma once
// The feedback-item part of the store port (docs/voc.md "Feedback causes by product and
// period"): classified survey comments and complaints linked to a product. Items are derived
// from surveys and complaints already in the event log, so they carry no events of their own.

#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "domain/feedback_link.h"

namespace loopdesk {

struct FeedbackFilter {
  TimeMs from = 0;  // at >= from
  TimeMs to = 0;    // at < to
  std::string source;   // "" | survey | complaint
  std::string cause;    // "" = any
  std::optional<std::string> product;  // nullopt = any; "" = items without a product
  std::string link;     // "" = any link kind
  std::optional<bool> negative;  // nullopt = both
  Id before_id = 0;     // cursor for ListFeedbackItems; newest id first
  int limit = 50;
};

// Counts per (cause, product, source, UTC day) in the filter's period.
struct FeedbackDayCount {
  std::string cause;
  std::string product;
  std::string source;
  int64_t day = 0;  // UTC days since 1970-01-01
  int64_t count = 0;
};

// What still needs an item: answered surveys with a classified comment, and complaints
// (recorded complaints, or tickets in category `complaint`), without a feedback item yet.
struct PendingFeedback {
  std::string source;  // survey | complaint
  Id source_id = 0;
  std::optional<Id> ticket_id;
  Id customer_id = 0;
  TimeMs at = 0;
  std::string text;    // the comment, or the ticket's subject and description
  std::string cause;   // the survey's stored cause ("" for complaints: classify the text)
  std::optional<double> confidence;  // of `cause` when known (else classified again)
  bool negative = false;  // complaint, or survey scaled below kNegativeBelow
};

class FeedbackStore {
 public:
  virtual ~FeedbackStore() = default;
  // Assigns `id`; kConflict when (source, source_id) already has an item.
  virtual Status InsertFeedbackItem(FeedbackItem& item) = 0;
  virtual Result<std::vector<FeedbackItem>> ListFeedbackItems(const FeedbackFilter& f) = 0;
  virtual Result<std::vector<FeedbackDayCount>> CountFeedbackByDay(const FeedbackFilter& f) = 0;
  // At most `limit` pending pieces of feedback, oldest first.
  virtual Result<std::vector<PendingFeedback>> PendingFeedbackItems(int limit) = 0;
};

}  // namespace loopdesk
