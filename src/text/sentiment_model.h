#pragma once
// SentimentModel: a binary logistic-regression model over hashed features of normalised text
//   - character 1-, 2- and 3-grams (spaces skipped),
//   - word unigrams and bigrams (Segmenter output),
//   - the rules layer's score (rules.h) as one real-valued feature,
// each binary feature scaled by 1/sqrt(number of features) so long and short texts weigh
// alike. Weights are stored quantised to int8 (one scale per model) in a small file, together
// with the IDF table the keyword extractor uses. `loopdesk train` (train.h) produces it.
// Thread safety: immutable after Load; Logit is safe from any thread.

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/status.h"
#include "text/flat_map.h"

namespace loopdesk::text {

// Default number of hash bits; a model file records its own (kMinHashBits … kMaxHashBits).
inline constexpr int kHashBits = 20;
inline constexpr int kMinHashBits = 16;
inline constexpr int kMaxHashBits = 24;

struct FeatureVector {
  std::vector<uint32_t> index;  // unique hashed indices, in first-seen order (not sorted)
  float value = 0;              // the value of every hashed feature (1/sqrt(n))
  float rule = 0;               // the rules-score feature, already scaled
};

// Scaling of the rules score into the rule feature: tanh(score / 2).
float RuleFeature(double rule_score);

// Hashed features of `normalized` and its `words`, in 2^hash_bits buckets.
FeatureVector Features(std::string_view normalized, const std::vector<std::string_view>& words,
                       double rule_score, int hash_bits = kHashBits);

class SentimentModel {
 public:
  // Reads a model file. kNotFound when absent, kInvalidArgument when malformed.
  static Result<SentimentModel> Load(const std::string& path);
  Status Save(const std::string& path) const;

  // From trained float weights (2^hash_bits hashed ones, then the rules-score weight) and
  // bias: quantises them.
  static SentimentModel FromWeights(const std::vector<float>& w, float bias,
                                    std::unordered_map<std::string, float> idf, float max_idf,
                                    int hash_bits = kHashBits);

  int hash_bits() const { return bits_; }

  double Logit(const FeatureVector& f) const;

  // Inverse document frequency of a word (max_idf for unseen words).
  float Idf(std::string_view word) const;
  // The words of the IDF table, sorted: the segmenter's dictionary (Segmenter::SetDictionary).
  std::vector<std::string> Vocabulary() const;

 private:
  int bits_ = kHashBits;
  std::vector<int8_t> q_;  // 2^bits_ quantised weights
  float scale_ = 0;
  float bias_ = 0;
  float rule_weight_ = 0;
  FlatStrMap<float> idf_;
  float max_idf_ = 0;
};

}  // namespace loopdesk::text
