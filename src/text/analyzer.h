#pragma once
// Analyzer: the text engine's entry point (issue 7). One instance is built at start-up (it loads
// the lexicons, the user dictionary and the trained sentiment model once) and is then shared:
// every const member is thread-safe and allocation-local, so request threads may call Analyze
// concurrently without locking.
//
// The layers, in order (docs/text-quality.md explains each choice):
//   1. normalisation  UTF-8 checked, NFKC (full-width → half-width), traditional → simplified,
//                     ASCII lower-cased (normalize.h)
//   2. segmentation   maximum matching over the model's vocabulary and the domain user
//                     dictionary; ICU's dictionary word break when no model is loaded and
//                     while training (segment.h)
//   3. sentiment      an explainable lexicon-and-rules score (negation, degree words, contrast,
//                     rhetorical questions, sarcasm, emoji) combined with a trained linear model
//                     over hashed character and word n-grams (sentiment_model.h)
//   4. emotions, urgency/priority hint, complaint flag, ticket category and feedback cause from
//      cue lexicons; keywords by TF-IDF.
//
// Stable API: fields may be added, never renamed (branch qa builds on it).

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace loopdesk::text {

struct Sentiment {
  std::string label = "neutral";  // "negative" | "neutral" | "positive"
  double score = 0;               // −1 (most negative) … 1 (most positive)
};

struct Emotion {
  std::string name;  // "anger" | "anxiety" | "disappointment" | "satisfaction" | "gratitude"
  double intensity = 0;  // (0, 1]
};

struct Cause {
  // "product_defect" | "service_process" | "staff" | "logistics" | "billing" | "other";
  // "other" with confidence 0 when the text gives no cue.
  std::string label = "other";
  double confidence = 0;  // 0 … 1
};

struct Analysis {
  std::string language = "zh";   // "zh" | "en" | "mixed"
  Sentiment sentiment;
  std::vector<Emotion> emotions;  // strongest first; only those present
  // A ticket category slug (complaint, repair, installation, billing, consultation,
  // logistics, return, ...) or "" when no cue is confident enough (a person decides).
  std::string category;
  double category_confidence = 0;
  Cause cause;
  std::vector<std::string> keywords;  // TF-IDF, best first, at most 8
  bool is_complaint = false;          // an explicit complaint (投诉, 差评, "I want to complain")
  // Urgency 0 … 1 from cue words (设备停机, 急, 马上, ASAP) and the priority it suggests:
  // "P1" (urgent), "P2" (high), or "" (no hint).
  double urgency = 0;
  std::string priority_hint;
  std::string urgency_cue;  // the cue word behind `urgency` ("" when none)
  // Short human-readable reasons from the rules layer ("negated 满意", "contrast: but"), for
  // explaining a score; the model's contribution is one entry "model 0.83".
  std::vector<std::string> reasons;
};

struct AnalyzerOptions {
  // Directory holding sentiment.model and userdict.txt (data/text in the repository). Empty:
  // $LOOPDESK_TEXT_DATA, then the source tree's data/text. A missing model is not an error:
  // sentiment then comes from the lexicon layer alone (Analyzer::has_model() is false).
  std::string data_dir;
  // The model file; empty: data_dir/sentiment.model.
  std::string model_path;
};

class Analyzer {
 public:
  // Loads lexicons, the user dictionary and the model. Fails (kInvalidArgument) only on a
  // model file that exists but is corrupt, or (kUnavailable) when ICU data cannot be opened.
  static Result<std::unique_ptr<Analyzer>> Load(const AnalyzerOptions& options = {});

  ~Analyzer();
  Analyzer(const Analyzer&) = delete;
  Analyzer& operator=(const Analyzer&) = delete;

  // Full analysis of one text. Input that is not valid UTF-8 is repaired (invalid bytes
  // dropped); callers at the edge should refuse it first (IsValidUtf8). Thread-safe.
  Analysis Analyze(std::string_view text) const;

  // Sentiment only (normalisation, segmentation, rules, model): cheaper than Analyze when a
  // caller needs just the score, e.g. per conversation turn. Thread-safe.
  Sentiment SentimentOf(std::string_view text) const;

  // The normalised text (NFKC, simplified, lower-cased ASCII) and its words.
  std::string Normalize(std::string_view text) const;
  std::vector<std::string> Words(std::string_view normalized) const;

  bool has_model() const;

  struct Impl;

 private:
  explicit Analyzer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace loopdesk::text
