#pragma once
// Training and evaluation of the sentiment model (`loopdesk train`, docs/text-quality.md).
//
// Data: the review sets in ../shared/data (README there): waimai_10k, chnsenticorp_htl and the
// sentiment part of online_shopping_10_cats, `label<TAB>text` per line. Each set is split by a
// seeded hash of the text (HeldOutPart), so the split is the same on every machine and an
// identical text (the hotel reviews present in two sets) always lands on the same side:
//   part 0: held out (15 %) — reported, never used to choose anything;
//   part 1: validation (10 %) — used while developing to choose hyper-parameters;
//   part 2: training (75 %).
// The shipped model is trained on parts 1 and 2 of all three sets together.
// Training is deterministic: single-threaded AdaGrad logistic regression, examples shuffled by
// a fixed-seed generator, so the same data gives a byte-identical model file.

#include <functional>
#include <string>
#include <vector>

#include "common/status.h"
#include "text/sentiment_model.h"

namespace loopdesk::text {

class Analyzer;

struct Example {
  std::string text;
  int label = 0;  // 1 positive, 0 negative
};

struct Dataset {
  std::string name;                       // "waimai_10k"
  std::vector<Example> train, valid, test;  // parts 2, 1, 0
};

// 0 (held out), 1 (validation) or 2 (training) for a text.
int HeldOutPart(std::string_view text);

// Reads the review sets from `dir`; kNotFound when a file is missing.
Result<std::vector<Dataset>> LoadSentimentData(const std::string& dir);

struct TrainOptions {
  // Chosen on the validation part (docs/text-quality.md); the held-out part was not looked at.
  int epochs = 3;
  double learning_rate = 0.2;
  double l2 = 1e-7;
  uint64_t seed = 20261123;
  bool nb_scaling = false;         // NB log-count-ratio feature scaling (NBSVM)
  bool balance_sets = true;        // every set weighs the same in the loss
  // Extra loss weight per set, in the order of LoadSentimentData (waimai, hotels, e-commerce);
  // multiplies the balancing weight. Hotels ×4: chosen on the validation part (the best mean
  // validation accuracy of the three sets, docs/text-quality.md). Empty: all 1.
  std::vector<double> set_weight = {1, 4, 1};
  // Models trained with seeds seed, seed+1, … (different example orders) and averaged.
  int bag = 1;
  // Weights averaged over the ends of epochs from this one on (1-based; 0: the last weights).
  int average_from = 0;
  // Hashed feature buckets: 2^hash_bits (the model file holds 2^hash_bits int8 weights).
  int hash_bits = kHashBits;
  bool include_validation = true;  // false while choosing hyper-parameters
  std::string user_dict;           // path of userdict.txt (the segmenter must match Analyzer)
};

using Log = std::function<void(const std::string&)>;

// Trains a model on the sets' training (and validation) parts.
Result<SentimentModel> TrainSentiment(const std::vector<Dataset>& sets, const TrainOptions& o,
                                      const Log& log);

struct Scores {
  size_t n = 0;
  double accuracy = 0;
  double macro_f1 = 0;
};

// Binary scores (positive when score > 0) of predictions against labels.
Scores Score(const std::vector<int>& predicted, const std::vector<int>& truth);

// Sentiment accuracy of an analyzer on examples: positive iff SentimentOf(text).score > 0.
Scores EvaluateAnalyzer(const Analyzer& a, const std::vector<Example>& examples);

// The README's baseline: character-bigram multinomial naive Bayes, add-one smoothing,
// trained on `train`, scored on `test`.
Scores NaiveBayesBaseline(const std::vector<Example>& train, const std::vector<Example>& test);

struct CauseReport {
  size_t n = 0;
  double accuracy = 0;
  double macro_f1 = 0;  // over the six cause labels
  size_t confident = 0;         // predictions with confidence ≥ 0.5
  double confident_accuracy = 0;
};

// Scores Analyze(text).cause against a hand-labelled file (`cause<TAB>set<TAB>text` per line,
// '#' comments): data/eval/cause_eval.tsv. kNotFound when the file is missing.
Result<CauseReport> EvaluateCause(const Analyzer& a, const std::string& path);

struct SetReport {
  std::string name;
  size_t train_n = 0, eval_n = 0;
  Scores model, rules_only, baseline;
};

// `loopdesk train`: loads the sets from `data_dir`, trains, writes the model to `out_path`,
// then scores it (through a fresh Analyzer, as served) on each set's held-out part — or on
// the validation part when o.include_validation is false — beside the rules layer alone and
// the naive Bayes baseline (trained on the same training part).
Result<std::vector<SetReport>> TrainAndReport(const std::string& data_dir,
                                              const std::string& out_path, const TrainOptions& o,
                                              const Log& log);

}  // namespace loopdesk::text
