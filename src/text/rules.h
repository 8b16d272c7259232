#pragma once
// The explainable layer: cue lexicons (lexicon_data.cc) matched over normalised text by
// longest match, and the rules that turn the matches into a sentiment score, emotions,
// urgency, a complaint flag and cause/category evidence.
//
// Sentiment rules (docs/text-quality.md has examples):
//   - polar words carry a weight (好 +1, 差 −1.2, 垃圾 −2 ...); phrases in the lexicon win over
//     their parts (不错 +, 不满意 −, "not bad" +) because the longest match is taken;
//   - a negator (不, 没, 没有, 并不, 不太, not, never, no) before a polar word in the same clause
//     flips it and halves it (不好 −, 并不差 +0.6);
//   - a degree word multiplies the next polar word (非常 ×1.8, 太 ×1.8, 有点 ×0.6);
//   - contrast: after 但是/可是/不过/but/however the rest counts ×1.5 and what came before ×0.5;
//     a 虽然/although clause counts ×0.5;
//   - a rhetorical question (难道, 凭什么, 有没有搞错, 还好意思) makes its clause negative;
//   - sarcasm markers (呵呵, 真是服了) add a negative cue and dampen the praise around them;
//   - emoji and emoticons (😡 👍 :) :( ) are polar words; '!' strengthens its clause ×1.3.
// Thread safety: the lexicon is immutable; ApplyRules is a pure function.

#include <array>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "text/flat_map.h"

namespace loopdesk::text {

inline constexpr std::array<std::string_view, 5> kEmotionNames = {
    "anger", "anxiety", "disappointment", "satisfaction", "gratitude"};
inline constexpr std::array<std::string_view, 6> kCauseNames = {
    "product_defect", "service_process", "staff", "logistics", "billing", "other"};
// Ticket categories this engine suggests (domain/inference.h's default taxonomy).
inline constexpr std::array<std::string_view, 8> kCategoryNames = {
    "complaint", "refund", "billing", "delivery", "installation", "account", "technical",
    "inquiry"};

// Everything one lexicon entry says about its word or phrase.
struct Cue {
  float polarity = 0;  // sentiment weight, ±
  float degree = 0;    // > 0: a degree word multiplying the next polar word
  bool negator = false;
  int contrast = 0;  // 1: "but" (the rest dominates); 2: "although" (its clause is weak)
  bool sarcasm = false;
  bool rhetorical = false;
  int emotion = -1;  // index into kEmotionNames
  float emotion_weight = 0;
  float urgency = 0;
  bool complaint = false;
  int cause = -1;  // index into kCauseNames
  float cause_weight = 0;
  int category = -1;  // index into kCategoryNames
  float category_weight = 0;
};

class Lexicon {
 public:
  // The built-in lexicon (lexicon_data.cc), built once.
  static const Lexicon& Default();

  const Cue* Find(std::string_view key) const { return cues_.Find(key); }
  // Longest entry (in units) starting with this unit; 0 when no entry starts with it.
  int MaxUnits(std::string_view first_unit) const {
    const int* m = starts_.Find(first_unit);
    return m ? *m : 0;
  }
  // False when no entry starts with the single code point `cp` (a quick filter before
  // MaxUnits; always true above the BMP).
  bool MayStart(char32_t cp) const {
    return cp >= 0x10000 || (first_cp_[cp >> 6] >> (cp & 63)) & 1;
  }
  void Add(std::string_view key, const Cue& cue);  // merges with an existing entry

 private:
  FlatStrMap<Cue> cues_;
  FlatStrMap<int> starts_;
  std::array<uint64_t, 1024> first_cp_{};  // bit per BMP code point that starts an entry
};

struct RuleResult {
  double sentiment = 0;  // raw sum of weighted polar cues (unbounded; 0 = none or balanced)
  int polar_cues = 0;    // how many polar cues contributed
  std::array<double, 5> emotions{};  // raw evidence per emotion
  double urgency = 0;                // max urgency cue, 0 … 1 (a negated one, 不急, is none)
  std::string urgency_cue;           // the cue that gave `urgency`
  bool complaint = false;
  std::array<double, 6> causes{};
  std::array<double, 8> categories{};
  std::vector<std::string> reasons;  // filled only when `explain`
};

// Applies the lexicon and rules to normalised text (Normalizer output).
RuleResult ApplyRules(const Lexicon& lex, std::string_view normalized, bool explain);

}  // namespace loopdesk::text
