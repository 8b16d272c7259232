#include "text/train.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <numeric>
#include <unordered_map>
#include <unordered_set>

#include "text/analyzer.h"
#include "text/normalize.h"
#include "text/rules.h"
#include "text/segment.h"

namespace loopdesk::text {

namespace {

constexpr uint64_t kSplitSeed = 0x6C6F6F706465736Bull;  // "loopdesk"

uint64_t SplitMix(uint64_t& s) {
  uint64_t z = (s += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

struct Prepared {
  FeatureVector f;
  int y = 0;
  float weight = 1;
};

}  // namespace

int HeldOutPart(std::string_view text) {
  uint64_t h = kSplitSeed;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ull;
  }
  uint64_t s = h;
  int bucket = static_cast<int>(SplitMix(s) % 100);
  return bucket < 15 ? 0 : bucket < 25 ? 1 : 2;
}

Result<std::vector<Dataset>> LoadSentimentData(const std::string& dir) {
  const char* names[] = {"waimai_10k", "chnsenticorp_htl", "online_shopping_10_cats"};
  std::vector<Dataset> sets;
  for (const char* name : names) {
    std::string path = dir + "/" + name + ".train.tsv";
    std::ifstream in(path);
    if (!in) return Status::NotFound("cannot read " + path);
    Dataset d;
    d.name = name;
    std::string line;
    while (std::getline(in, line)) {
      auto tab = line.find('\t');
      if (tab == std::string::npos) continue;
      std::string label = line.substr(0, tab);
      auto bar = label.find('|');
      if (bar != std::string::npos) label = label.substr(bar + 1);
      if (label != "0" && label != "1") continue;
      Example e{line.substr(tab + 1), label == "1" ? 1 : 0};
      int part = HeldOutPart(e.text);
      (part == 0 ? d.test : part == 1 ? d.valid : d.train).push_back(std::move(e));
    }
    sets.push_back(std::move(d));
  }
  return sets;
}

Result<SentimentModel> TrainSentiment(const std::vector<Dataset>& sets, const TrainOptions& o,
                                      const Log& log) {
  if (o.hash_bits < kMinHashBits || o.hash_bits > kMaxHashBits)
    return Status::Invalid("hash bits must be " + std::to_string(kMinHashBits) + "…" +
                           std::to_string(kMaxHashBits));
  LD_ASSIGN_OR_RETURN(auto normalizer, Normalizer::Create());
  std::vector<std::string> user;
  for (const auto& w : ReadWordList(o.user_dict)) user.push_back(normalizer->Normalize(w));
  LD_ASSIGN_OR_RETURN(auto segmenter, Segmenter::Create(std::move(user)));
  const Lexicon& lex = Lexicon::Default();

  // Pass 1: normalise, and collect document frequencies of ICU's words: they become the
  // IDF table and the dictionary of the fast segmenter used from here on and when serving.
  struct Pending {
    std::string norm;
    int y;
    float weight;
  };
  std::vector<Pending> pending;
  std::unordered_map<std::string, uint32_t> df;
  auto add = [&](const std::vector<Example>& examples, float weight) {
    for (const auto& e : examples) {
      std::string norm = normalizer->Normalize(e.text);
      auto words = segmenter->IcuWords(norm);
      std::unordered_set<std::string_view> seen(words.begin(), words.end());
      for (auto w : seen) ++df[std::string(w)];
      pending.push_back({std::move(norm), e.label, weight});
    }
  };
  // Each set weighs the same in total (the e-commerce set is five times the hotel set, and
  // the sets differ in their share of positives), so no domain's prior dominates.
  size_t total = 0;
  for (const auto& s : sets) total += s.train.size() + (o.include_validation ? s.valid.size() : 0);
  for (size_t si = 0; si < sets.size(); ++si) {
    const auto& s = sets[si];
    size_t n = s.train.size() + (o.include_validation ? s.valid.size() : 0);
    float weight = o.balance_sets && n ? float(double(total) / (sets.size() * double(n))) : 1.f;
    if (si < o.set_weight.size()) weight *= static_cast<float>(o.set_weight[si]);
    add(s.train, weight);
    if (o.include_validation) add(s.valid, weight);
  }
  // IDF of words seen in at least 3 documents; rarer words get max_idf.
  const double n_docs = static_cast<double>(pending.size());
  std::unordered_map<std::string, float> idf;
  for (auto& [word, count] : df)
    if (count >= 3 && word.size() <= 255)
      idf.emplace(word, static_cast<float>(std::log((n_docs + 1) / (count + 1)) + 1));
  float max_idf = static_cast<float>(std::log(n_docs + 1) + 1);
  std::vector<std::string> vocabulary;
  for (const auto& [w, v] : idf) vocabulary.push_back(w);
  std::sort(vocabulary.begin(), vocabulary.end());
  segmenter->SetDictionary(vocabulary);
  // Pass 2: features exactly as the Analyzer computes them when serving.
  std::vector<Prepared> data;
  data.reserve(pending.size());
  for (const auto& p : pending) {
    RuleResult rules = ApplyRules(lex, p.norm, false);
    auto words = segmenter->Words(p.norm);
    FeatureVector f = Features(p.norm, words, rules.sentiment, o.hash_bits);
    // Sorted, so the floating-point sums of training run in one fixed order.
    std::sort(f.index.begin(), f.index.end());
    data.push_back({std::move(f), p.y, p.weight});
  }
  pending.clear();
  log("training on " + std::to_string(data.size()) + " examples");

  // NB-weighted features (Wang & Manning 2012, "NBSVM"): each hashed feature is scaled by its
  // naive-Bayes log-count ratio r, so the linear model starts from what NB knows and learns
  // corrections. r is folded into the stored weights (w·r), so serving is unchanged.
  const uint32_t dim = 1u << o.hash_bits;
  const uint32_t rule_i = dim;  // the rules-score feature
  const uint32_t nfeat = dim + 1;
  std::vector<float> r(nfeat, 1.f);
  if (o.nb_scaling) {
    std::vector<double> pos(dim, 1.0), neg(dim, 1.0);
    double pos_total = dim, neg_total = dim;
    for (const auto& p : data)
      for (uint32_t i : p.f.index) {
        if (p.y) pos[i] += 1, pos_total += 1;
        else neg[i] += 1, neg_total += 1;
      }
    for (uint32_t i = 0; i < dim; ++i)
      r[i] = static_cast<float>(std::log((pos[i] / pos_total) / (neg[i] / neg_total)));
  }
  std::vector<float> w_sum(nfeat, 0.f);
  double bias_sum = 0;
  const int bag = std::max(1, o.bag);
  float w_rule_last = 0;
  for (int b = 0; b < bag; ++b) {
  std::vector<float> w(nfeat, 0.f);
  std::vector<float> g2(nfeat, 0.f);
  std::vector<float> w_avg;
  double bias_avg = 0;
  int averaged = 0;
  double bias = 0, bias_g2 = 0;
  std::vector<size_t> order(data.size());
  std::iota(order.begin(), order.end(), size_t{0});
  uint64_t rng = o.seed + static_cast<uint64_t>(b);
  const float lr = static_cast<float>(o.learning_rate);
  const float l2 = static_cast<float>(o.l2);
  for (int epoch = 0; epoch < o.epochs; ++epoch) {
    for (size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[SplitMix(rng) % i]);
    double loss = 0;
    for (size_t k : order) {
      const Prepared& p = data[k];
      double z = bias + double(w[rule_i]) * p.f.rule;
      for (uint32_t i : p.f.index) z += double(w[i]) * r[i] * p.f.value;
      double prob = 1 / (1 + std::exp(-z));
      loss += p.y ? -std::log(prob + 1e-12) : -std::log(1 - prob + 1e-12);
      float g = static_cast<float>(prob - p.y) * p.weight;
      for (uint32_t i : p.f.index) {
        float gi = g * r[i] * p.f.value + l2 * w[i];
        g2[i] += gi * gi;
        w[i] -= lr * gi / std::sqrt(g2[i] + 1e-6f);
      }
      float gr = g * p.f.rule;
      g2[rule_i] += gr * gr;
      w[rule_i] -= lr * gr / std::sqrt(g2[rule_i] + 1e-6f);
      bias_g2 += double(g) * g;
      bias -= o.learning_rate * g / std::sqrt(bias_g2 + 1e-6);
    }
    log("epoch " + std::to_string(epoch + 1) + " loss " + std::to_string(loss / data.size()));
    if (o.average_from > 0 && epoch + 1 >= o.average_from) {
      if (w_avg.empty()) w_avg.assign(nfeat, 0.f);
      for (uint32_t i = 0; i < nfeat; ++i) w_avg[i] += w[i];
      bias_avg += bias;
      ++averaged;
    }
  }
  if (averaged > 0) {
    for (uint32_t i = 0; i < nfeat; ++i) w[i] = w_avg[i] / static_cast<float>(averaged);
    bias = bias_avg / averaged;
  }
  if (bag == 1) {
    w_sum = std::move(w);
    bias_sum = bias;
  } else {
    for (uint32_t i = 0; i < nfeat; ++i) w_sum[i] += w[i] / static_cast<float>(bag);
    bias_sum += bias / bag;
  }
  w_rule_last = w_sum[rule_i];
  }
  std::vector<float>& w = w_sum;
  const double bias = bias_sum;
  log("rule-feature weight " + std::to_string(w_rule_last) + ", idf words " +
      std::to_string(idf.size()));
  for (uint32_t i = 0; i < dim; ++i) w[i] *= r[i];
  return SentimentModel::FromWeights(w, static_cast<float>(bias), std::move(idf), max_idf,
                                     o.hash_bits);
}

Scores Score(const std::vector<int>& predicted, const std::vector<int>& truth) {
  Scores s;
  s.n = truth.size();
  if (s.n == 0) return s;
  size_t tp[2] = {0, 0}, fp[2] = {0, 0}, fn[2] = {0, 0}, ok = 0;
  for (size_t i = 0; i < truth.size(); ++i) {
    int p = predicted[i], t = truth[i];
    if (p == t) ++ok, ++tp[t];
    else ++fp[p], ++fn[t];
  }
  s.accuracy = double(ok) / s.n;
  double f1 = 0;
  for (int c = 0; c < 2; ++c) {
    double denom = 2.0 * tp[c] + fp[c] + fn[c];
    f1 += denom > 0 ? 2.0 * tp[c] / denom : 0;
  }
  s.macro_f1 = f1 / 2;
  return s;
}

Scores EvaluateAnalyzer(const Analyzer& a, const std::vector<Example>& examples) {
  std::vector<int> pred, truth;
  for (const auto& e : examples) {
    pred.push_back(a.SentimentOf(e.text).score > 0 ? 1 : 0);
    truth.push_back(e.label);
  }
  return Score(pred, truth);
}

Scores NaiveBayesBaseline(const std::vector<Example>& train, const std::vector<Example>& test) {
  auto bigrams = [](const std::string& s) {
    std::vector<std::string> chars, out;
    for (size_t i = 0; i < s.size();) {
      size_t start = i;
      NextCodePoint(s, i);
      chars.push_back(s.substr(start, i - start));
    }
    for (size_t i = 0; i + 1 < chars.size(); ++i) out.push_back(chars[i] + chars[i + 1]);
    return out;
  };
  std::unordered_map<std::string, double> count[2];
  double total[2] = {0, 0}, docs[2] = {0, 0};
  std::unordered_set<std::string> vocab;
  for (const auto& e : train) {
    docs[e.label] += 1;
    for (auto& b : bigrams(e.text)) {
      count[e.label][b] += 1;
      total[e.label] += 1;
      vocab.insert(b);
    }
  }
  double v = static_cast<double>(vocab.size());
  std::vector<int> pred, truth;
  for (const auto& e : test) {
    double lp[2];
    for (int c = 0; c < 2; ++c) {
      lp[c] = std::log(docs[c] / (docs[0] + docs[1]));
      for (auto& b : bigrams(e.text)) {
        auto it = count[c].find(b);
        lp[c] += std::log(((it == count[c].end() ? 0 : it->second) + 1) / (total[c] + v));
      }
    }
    pred.push_back(lp[1] > lp[0] ? 1 : 0);
    truth.push_back(e.label);
  }
  return Score(pred, truth);
}

}  // namespace loopdesk::text

namespace loopdesk::text {

Result<std::vector<SetReport>> TrainAndReport(const std::string& data_dir,
                                              const std::string& out_path, const TrainOptions& o,
                                              const Log& log) {
  LD_ASSIGN_OR_RETURN(auto sets, LoadSentimentData(data_dir));
  LD_ASSIGN_OR_RETURN(auto model, TrainSentiment(sets, o, log));
  if (auto st = model.Save(out_path); !st.ok()) return st;
  AnalyzerOptions ao;
  ao.model_path = out_path;
  auto ud = o.user_dict.rfind('/');
  if (ud != std::string::npos) ao.data_dir = o.user_dict.substr(0, ud);
  LD_ASSIGN_OR_RETURN(auto analyzer, Analyzer::Load(ao));
  AnalyzerOptions rules_opts = ao;
  rules_opts.model_path = out_path + ".absent";
  LD_ASSIGN_OR_RETURN(auto rules_only, Analyzer::Load(rules_opts));
  std::vector<SetReport> out;
  for (const auto& s : sets) {
    const auto& eval = o.include_validation ? s.test : s.valid;
    SetReport r;
    r.name = s.name;
    r.train_n = s.train.size() + (o.include_validation ? s.valid.size() : 0);
    r.eval_n = eval.size();
    r.model = EvaluateAnalyzer(*analyzer, eval);
    r.rules_only = EvaluateAnalyzer(*rules_only, eval);
    std::vector<Example> nb_train = s.train;
    if (o.include_validation) nb_train.insert(nb_train.end(), s.valid.begin(), s.valid.end());
    r.baseline = NaiveBayesBaseline(nb_train, eval);
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace loopdesk::text

#include "text/rules.h"

namespace loopdesk::text {

Result<CauseReport> EvaluateCause(const Analyzer& a, const std::string& path) {
  std::ifstream in(path);
  if (!in) return Status::NotFound("cannot read " + path);
  CauseReport r;
  const size_t k = kCauseNames.size();
  std::vector<size_t> tp(k, 0), fp(k, 0), fn(k, 0);
  size_t ok = 0, conf_ok = 0;
  std::string line;
  auto index = [&](std::string_view name) {
    for (size_t i = 0; i < k; ++i)
      if (kCauseNames[i] == name) return i;
    return k - 1;
  };
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    auto t1 = line.find('\t');
    auto t2 = line.find('\t', t1 + 1);
    if (t1 == std::string::npos || t2 == std::string::npos) continue;
    size_t truth = index(std::string_view(line).substr(0, t1));
    Cause c = a.Analyze(std::string_view(line).substr(t2 + 1)).cause;
    size_t pred = index(c.label);
    ++r.n;
    if (pred == truth) ++ok, ++tp[truth];
    else ++fp[pred], ++fn[truth];
    if (c.confidence >= 0.5) {
      ++r.confident;
      if (pred == truth) ++conf_ok;
    }
  }
  if (r.n == 0) return r;
  r.accuracy = double(ok) / r.n;
  r.confident_accuracy = r.confident ? double(conf_ok) / r.confident : 0;
  double f1 = 0;
  for (size_t i = 0; i < k; ++i) {
    double d = 2.0 * tp[i] + fp[i] + fn[i];
    f1 += d > 0 ? 2.0 * tp[i] / d : 0;
  }
  r.macro_f1 = f1 / k;
  return r;
}

}  // namespace loopdesk::text
