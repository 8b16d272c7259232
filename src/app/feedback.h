#pragma once
// Feedback classification: the cause of a survey comment or complaint in the feedback
// taxonomy (product_defect | service_process | staff | logistics | billing | other) and
// whether a text is a complaint (投诉, 差评, "I want to complain"…).
//
// One interface, so the text engine (src/text, branch text) can replace the keyword
// classifier here without touching its callers.

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace loopdesk {

// The default cause labels, in order; "other" when nothing points anywhere.
std::span<const std::string_view> FeedbackCauses();

struct FeedbackLabel {
  std::string cause = "other";
  double confidence = 0;  // 0..1; 0 for "other" by default
  bool complaint = false;
  std::vector<std::string> evidence;  // the cues that decided (keywords)
};

class FeedbackClassifier {
 public:
  virtual ~FeedbackClassifier() = default;
  // Classifies UTF-8 text (Chinese, English or mixed). Thread-safe, never fails.
  virtual FeedbackLabel Classify(std::string_view text) const = 0;
};

// An honest keyword classifier: each cause has Chinese and English cue words; the cause with
// the most cues wins (ties: taxonomy order), confidence = its share of all cues found,
// damped for a single cue. A complaint is a complaint cue not preceded by a negation
// ("不是投诉", "not a complaint").
class KeywordFeedbackClassifier final : public FeedbackClassifier {
 public:
  FeedbackLabel Classify(std::string_view text) const override;
};

namespace text {
class Analyzer;
}

// The text engine (text::Analyzer) as a feedback classifier: its cause {label, confidence}
// and is_complaint. The engine's labels are the same six as FeedbackCauses(); a label outside
// that set (a newer engine) is reported as "other". Evidence: the engine's rule reasons
// (negations, contrasts…) without the model's entry. The analyzer must outlive this object.
class TextFeedbackClassifier final : public FeedbackClassifier {
 public:
  explicit TextFeedbackClassifier(const text::Analyzer& analyzer) : analyzer_(analyzer) {}
  FeedbackLabel Classify(std::string_view text) const override;

 private:
  const text::Analyzer& analyzer_;
};

}  // namespace loopdesk
