// The text engine behind the feedback classifier port (app/feedback.h).

#include <algorithm>

#include "app/feedback.h"
#include "text/analyzer.h"

namespace loopdesk {

FeedbackLabel TextFeedbackClassifier::Classify(std::string_view text) const {
  const text::Analysis a = analyzer_.Analyze(text);
  FeedbackLabel out;
  const auto causes = FeedbackCauses();
  if (std::find(causes.begin(), causes.end(), a.cause.label) != causes.end()) {
    out.cause = a.cause.label;
    out.confidence = std::clamp(a.cause.confidence, 0.0, 1.0);
  }
  if (out.cause == "other" && a.cause.label != "other") out.confidence = 0;
  out.complaint = a.is_complaint;
  for (const std::string& r : a.reasons)
    if (r.rfind("model ", 0) != 0) out.evidence.push_back(r);
  return out;
}

}  // namespace loopdesk
