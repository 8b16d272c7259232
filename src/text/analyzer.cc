#include "text/analyzer.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "common/utf8.h"
#include "text/cluster.h"
#include "text/flat_map.h"
#include "text/normalize.h"
#include "text/rules.h"
#include "text/segment.h"
#include "text/sentiment_model.h"

namespace loopdesk::text {

struct Analyzer::Impl {
  std::unique_ptr<Normalizer> normalizer;
  std::unique_ptr<Segmenter> segmenter;
  const Lexicon* lexicon = nullptr;
  std::optional<SentimentModel> model;
};

namespace {

std::string DataDir(const AnalyzerOptions& o) {
  if (!o.data_dir.empty()) return o.data_dir;
  if (const char* env = std::getenv("LOOPDESK_TEXT_DATA"); env && *env) return env;
  return LOOPDESK_TEXT_DATA_DIR;
}

bool IsCjk(char32_t c) {
  return (c >= 0x3400 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0x20000 && c <= 0x2FFFF);
}

std::string Language(std::string_view s) {
  size_t cjk = 0, latin = 0;
  for (size_t i = 0; i < s.size();) {
    char32_t c = NextCodePoint(s, i);
    if (IsCjk(c)) ++cjk;
    else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) ++latin;
  }
  if (cjk == 0 && latin == 0) return "zh";
  if (cjk == 0) return "en";
  // A few Latin letters (a product code, "OK") do not make Chinese text mixed; a Latin
  // word counts as about as much content as two Chinese characters.
  if (latin >= 6 && latin * 1.0 >= 0.3 * (2.0 * cjk)) return "mixed";
  if (latin >= 6 && cjk <= 2) return "en";
  return "zh";
}

}  // namespace

bool IsStopword(std::string_view w) {
  static const FlatStrMap<char> kStop = [] {
    FlatStrMap<char> m;
    for (std::string_view w : {
      "的", "了", "是", "我", "你", "他", "她", "它", "我们", "你们", "他们", "这", "那",
      "这个", "那个", "就", "也", "都", "还", "在", "有", "和", "与", "及", "或", "但", "但是",
      "很", "非常", "太", "不", "没", "没有", "吗", "吧", "呢", "啊", "哦", "嗯", "呀", "一个",
      "什么", "怎么", "可以", "因为", "所以", "如果", "而且", "已经", "一下", "一直", "还是",
      "就是", "不是", "自己", "这样", "那么", "现在", "时候", "真的", "感觉", "觉得", "比较",
      "the", "and", "for", "you", "your", "are", "was", "were", "this", "that", "with", "have",
      "has", "not", "but", "they", "them", "its", "it's", "our", "from", "been", "very", "too",
      "can", "will", "would", "just", "all", "any", "what", "when", "there", "their", "about"})
      m[w] = 1;
    return m;
  }();
  return kStop.Find(w) != nullptr;
}

namespace {

bool IsKeywordShape(std::string_view w) {
  size_t i = 0;
  size_t n = 0;
  bool all_digits = true;
  bool ascii = true;
  while (i < w.size()) {
    char32_t c = NextCodePoint(w, i);
    ++n;
    if (c >= 0x80) ascii = false;
    if (!(c >= '0' && c <= '9')) all_digits = false;
  }
  if (all_digits) return false;
  return ascii ? n >= 3 : n >= 2;
}

Sentiment ToSentiment(double logit, const RuleResult& rules, std::string_view norm) {
  Sentiment s;
  s.score = std::tanh(logit / 2);
  size_t chars = Utf8Length(norm);
  bool agree = rules.polar_cues > 0 && rules.sentiment * s.score > 0 &&
               std::fabs(rules.sentiment) >= 0.5;
  if (rules.polar_cues == 0 && chars < 15) {
    // A short text with no sentiment cue (an inquiry, "收到"): the review-trained model has
    // little to go on, so the score is damped and the label is neutral.
    s.score *= static_cast<double>(chars) / 30.0;
    s.label = "neutral";
  } else if (std::fabs(s.score) >= 0.3 || agree) {
    // The model is confident, or the rules and the model agree on the direction.
    s.label = s.score > 0 ? "positive" : "negative";
  } else {
    s.label = "neutral";
  }
  s.score = std::round(s.score * 1000) / 1000;
  return s;
}

}  // namespace

Analyzer::Analyzer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Analyzer::~Analyzer() = default;

Result<std::unique_ptr<Analyzer>> Analyzer::Load(const AnalyzerOptions& options) {
  auto impl = std::make_unique<Impl>();
  std::string dir = DataDir(options);
  LD_ASSIGN_OR_RETURN(impl->normalizer, Normalizer::Create());
  // The user dictionary is normalised like the text it will be matched in.
  std::vector<std::string> user;
  for (const auto& w : ReadWordList(dir + "/userdict.txt"))
    user.push_back(impl->normalizer->Normalize(w));
  LD_ASSIGN_OR_RETURN(impl->segmenter, Segmenter::Create(std::move(user)));
  impl->lexicon = &Lexicon::Default();
  auto model = SentimentModel::Load(
      options.model_path.empty() ? dir + "/sentiment.model" : options.model_path);
  if (model.ok()) {
    impl->model = std::move(*model);
    impl->segmenter->SetDictionary(impl->model->Vocabulary());
  } else if (model.status().code() != Code::kNotFound) {
    return model.status();
  }
  return std::unique_ptr<Analyzer>(new Analyzer(std::move(impl)));
}

bool Analyzer::has_model() const { return impl_->model.has_value(); }

std::string Analyzer::Normalize(std::string_view text) const {
  return impl_->normalizer->Normalize(text);
}

std::vector<std::string> Analyzer::Words(std::string_view normalized) const {
  std::vector<std::string> out;
  for (auto w : impl_->segmenter->Words(normalized)) out.emplace_back(w);
  return out;
}

Sentiment Analyzer::SentimentOf(std::string_view text) const {
  std::string norm = impl_->normalizer->Normalize(text);
  RuleResult rules = ApplyRules(*impl_->lexicon, norm, false);
  double logit = rules.sentiment;
  if (impl_->model) {
    auto words = impl_->segmenter->Words(norm);
    logit = impl_->model->Logit(Features(norm, words, rules.sentiment, impl_->model->hash_bits()));
  }
  return ToSentiment(logit, rules, norm);
}

Analysis Analyzer::Analyze(std::string_view text) const {
  Analysis a;
  std::string norm = impl_->normalizer->Normalize(text);
  a.language = Language(norm);
  RuleResult rules = ApplyRules(*impl_->lexicon, norm, true);
  auto words = impl_->segmenter->Words(norm);
  double logit = rules.sentiment;
  if (impl_->model) {
    logit = impl_->model->Logit(Features(norm, words, rules.sentiment, impl_->model->hash_bits()));
    char buf[48];
    std::snprintf(buf, sizeof buf, "model %.2f", std::tanh(logit / 2));
    rules.reasons.emplace_back(buf);
  }
  a.sentiment = ToSentiment(logit, rules, norm);
  a.reasons = std::move(rules.reasons);

  for (size_t e = 0; e < kEmotionNames.size(); ++e) {
    double v = rules.emotions[e];
    if (v >= 0.2) a.emotions.push_back({std::string(kEmotionNames[e]), std::round(v * 100) / 100});
  }
  std::stable_sort(a.emotions.begin(), a.emotions.end(),
                   [](const Emotion& x, const Emotion& y) { return x.intensity > y.intensity; });

  a.urgency = rules.urgency;
  a.urgency_cue = rules.urgency_cue;
  a.priority_hint = rules.urgency >= 0.6 ? "P1" : rules.urgency >= 0.3 ? "P2" : "";
  a.is_complaint = rules.complaint;

  // Cause: the strongest cue group, confident when it dominates and is well supported.
  double total = 0, best = 0;
  size_t best_i = kCauseNames.size() - 1;
  for (size_t i = 0; i + 1 < kCauseNames.size(); ++i) {
    total += rules.causes[i];
    if (rules.causes[i] > best) best = rules.causes[i], best_i = i;
  }
  if (best > 0) {
    a.cause.label = std::string(kCauseNames[best_i]);
    a.cause.confidence = std::round(best / total * (1 - std::exp(-1.5 * best)) * 100) / 100;
  } else if (a.sentiment.label == "negative") {
    // Negative feedback naming no process, person, delivery or money is, most often, about
    // the product itself: a weak guess for a person to check.
    a.cause.label = "product_defect";
    a.cause.confidence = 0.2;
  }

  // Ticket category: an explicit complaint wins; otherwise the strongest cue group, left
  // empty for a person when it is weak or contested.
  total = best = 0;
  size_t cat = 0;
  for (size_t i = 0; i < kCategoryNames.size(); ++i) {
    total += rules.categories[i];
    if (rules.categories[i] > best) best = rules.categories[i], cat = i;
  }
  if (a.is_complaint) {
    a.category = "complaint";
    a.category_confidence = 0.9;
  } else if (best > 0) {
    double conf = best / total * (1 - std::exp(-1.5 * best));
    if (conf >= 0.4) {
      a.category = std::string(kCategoryNames[cat]);
      a.category_confidence = std::round(conf * 100) / 100;
    }
  }

  // Keywords: TF-IDF over the words (IDF from the training corpus when a model is loaded).
  // Term counts by sorting the candidate words (fewer than a hundred in a typical text).
  std::vector<std::string_view> terms;
  terms.reserve(words.size());
  for (auto w : words)
    if (IsKeywordShape(w) && !IsStopword(w)) terms.push_back(w);
  std::sort(terms.begin(), terms.end());
  std::vector<std::pair<double, std::string_view>> scored;
  for (size_t i = 0; i < terms.size();) {
    size_t j = i + 1;
    while (j < terms.size() && terms[j] == terms[i]) ++j;
    double n = static_cast<double>(j - i);
    scored.emplace_back(n * (impl_->model ? impl_->model->Idf(terms[i]) : 1.0), terms[i]);
    i = j;
  }
  std::sort(scored.begin(), scored.end(), [](const auto& x, const auto& y) {
    return x.first != y.first ? x.first > y.first : x.second < y.second;
  });
  for (size_t i = 0; i < scored.size() && i < 8; ++i) a.keywords.emplace_back(scored[i].second);
  return a;
}

}  // namespace loopdesk::text
