#pragma once
// What the feedback clusters and corpus keywords (app/feedback_insights.h) read from the store:
// the negative feedback of a period, and a sample of the ticket corpus for IDF.

#include <optional>
#include <string>

#include <vector>

#include "common/time.h"
#include "domain/entities.h"

namespace loopdesk {

// One piece of negative feedback:
// - kind "survey":  an answered survey with a comment and a low score (CSAT 1–3, NPS 0–6),
//                   at = answered_at, cause = the survey's stored cause ("" when none);
// - kind "ticket":  a ticket that is a complaint (category complaint or a complaints record) or
//                   whose own text is negative, at = created_at, text = subject + "\n" +
//                   description;
// - kind "message": a public customer message with negative sentiment, at = created_at.
struct FeedbackText {
  std::string kind;
  Id id = 0;  // of the survey, ticket or message
  std::optional<Id> ticket_id;
  Id customer_id = 0;
  TimeMs at = 0;
  std::string text;
  std::string cause;
};

}  // namespace loopdesk
