#include "text/turn_scorer_lexicon.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <string_view>

#include "common/utf8.h"

namespace loopdesk::text {

std::string LabelOf(double score) {
  if (score <= -0.2) return "negative";
  if (score >= 0.2) return "positive";
  return "neutral";
}

namespace {

// Cue words. Weights: ~0.5 mild, 1 clear, 2 strong, 3 very strong. Multi-word cues that
// contain a cue of the opposite sign (真是谢谢你们了, thanks for nothing, 不满意) win because
// matching is longest first.
struct RawCue {
  std::string_view text;
  double weight;
};
// constexpr, so scorers built during static initialisation see the table. A table: several
// cues per line reads better than clang-format's one per line.
// clang-format off
constexpr RawCue kCues[] = {
    // ---- Chinese, positive
    {"谢谢", 1}, {"感谢", 1}, {"多谢", 1}, {"满意", 1.5}, {"太好了", 2}, {"解决了", 1.5},
    {"搞定", 1.2}, {"不错", 1}, {"可以了", 1}, {"好了", 0.8}, {"正常了", 1.2}, {"能用了", 1.2},
    {"好用", 1}, {"棒", 1.5}, {"辛苦", 1}, {"明白了", 0.5}, {"没问题", 0.8}, {"放心", 0.8},
    {"耐心", 1}, {"专业", 1}, {"及时", 1}, {"高兴", 1.5}, {"开心", 1.5}, {"赞", 1.5},
    {"给力", 1.5}, {"靠谱", 1.2}, {"好的", 0.5}, {"解决", 0.8}, {"好评", 2}, {"挺好", 1.2},
    {"很好", 1.2}, {"周到", 1.2}, {"贴心", 1.5}, {"效率", 0.8}, {"没事", 0.3},
    // ---- Chinese, neutral phrases that contain a cue (politeness, approximations)
    {"不好意思", 0}, {"差不多", 0}, {"麻烦您", 0}, {"尽快", 0}, {"快点", -0.8},
    // ---- Chinese, negative
    {"不满意", -2}, {"不满", -1.5}, {"失望", -2}, {"生气", -2}, {"气死", -3}, {"愤怒", -2.5},
    {"投诉", -2}, {"垃圾", -3}, {"差劲", -2}, {"差评", -2.5}, {"差", -1.2}, {"太慢", -1.5},
    {"慢", -0.8}, {"还是不行", -2}, {"不行", -1.2}, {"没用", -1.5}, {"坏了", -1.2},
    {"故障", -0.8}, {"烦", -1.2}, {"算了", -1.5}, {"无语", -2}, {"离谱", -2}, {"退款", -0.8},
    {"骗", -2}, {"敷衍", -2.5}, {"什么态度", -2.5}, {"凭什么", -2}, {"不负责", -2},
    {"推卸", -2}, {"踢皮球", -2.5}, {"等了", -0.8}, {"到现在", -0.8}, {"还没", -1},
    {"没人", -1.2}, {"不理", -1.5}, {"着急", -1.2}, {"急", -0.8}, {"担心", -1}, {"焦虑", -1.5},
    {"崩溃", -2.5}, {"受不了", -2}, {"糟糕", -2}, {"不靠谱", -2}, {"不专业", -2},
    {"呵呵", -2.5}, {"真是谢谢你们了", -3}, {"谢谢你们了啊", -3}, {"好吧", -0.8}, {"行吧", -1},
    {"就这样吧", -1.2}, {"随便吧", -1.5}, {"也就这样", -1}, {"没办法", -1}, {"不想再", -1.5},
    {"再也不", -2}, {"不会再买", -2.5}, {"浪费", -1.5}, {"白跑", -2}, {"白等", -2},
    {"又要", -1}, {"怎么还", -1.5}, {"停机", -1.5}, {"漏水", -1}, {"不制冷", -1.2},
    {"没反应", -1.2}, {"扣费", -1}, {"多扣", -1.5}, {"乱扣", -2}, {"重复扣", -1.5},
    {"不能用", -1.5}, {"用不了", -1.5}, {"打不开", -1.2}, {"延误", -1.2}, {"迟迟", -1.5},
    {"拖", -1.2}, {"欺骗", -2.5}, {"坑", -2}, {"不合理", -1.5}, {"难以接受", -2},
    {"不能接受", -2}, {"不好", -1.2}, {"又坏", -1.5}, {"又出", -1}, {"不准", -1}, {"报错", -1},
    {"难道", -1}, {"怎么回事", -1.2}, {"有病", -2.5}, {"忽悠", -2},
    {"没收到", -1.2}, {"丢件", -1.5}, {"破损", -1.5}, {"错误", -0.8}, {"不对", -1},
    {"又是", -0.6}, {"还要等", -1.5}, {"一直没", -1.5}, {"答非所问", -2.5}, {"听不懂", -1.5},
    {"不耐烦", -2}, {"态度", -0.3}, {"算我倒霉", -2.5}, {"自认倒霉", -2.5}, {"没有解决", -1.8},
    {"没解决", -1.8}, {"不解决", -1.8}, {"解决不了", -1.8},
    // ---- English, positive
    {"thanks", 1}, {"thank you", 1}, {"appreciate", 1.2}, {"great", 1.5}, {"perfect", 1.5},
    {"excellent", 1.5}, {"awesome", 1.5}, {"works", 0.8}, {"working now", 1.2}, {"fixed", 1},
    {"solved", 1.2}, {"resolved", 1}, {"helpful", 1.2}, {"happy", 1.2}, {"good", 0.8},
    {"glad", 1}, {"wonderful", 1.5}, {"love", 1.2}, {"nice", 0.8}, {"sorted", 1},
    {"brilliant", 1.5}, {"amazing", 1.5}, {"satisfied", 1.5}, {"quick", 0.6}, {"fast", 0.6},
    {"lifesaver", 2},
    // ---- English, negative
    {"disappointed", -2}, {"disappointing", -2}, {"angry", -2}, {"furious", -3},
    {"terrible", -2.5}, {"awful", -2.5}, {"horrible", -2.5}, {"useless", -2}, {"ridiculous", -2},
    {"unacceptable", -2.5}, {"worst", -3}, {"waste", -1.5}, {"still not", -1.5},
    {"broken", -1.2}, {"frustrated", -2}, {"frustrating", -2}, {"complaint", -1.5},
    {"complain", -1.5}, {"refund", -0.6}, {"never again", -2.5}, {"joke", -1.5}, {"scam", -2.5},
    {"bad", -1.2}, {"poor", -1.2}, {"slow", -0.8}, {"late", -0.8}, {"wrong", -1},
    {"doesn't work", -1.5}, {"does not work", -1.5}, {"not working", -1.5},
    {"stopped working", -1.5}, {"nobody", -1.2}, {"no one", -1.2}, {"again", -0.5},
    {"annoyed", -1.5}, {"annoying", -1.5}, {"upset", -1.8}, {"fed up", -2}, {"sick of", -2},
    {"hate", -2}, {"unhappy", -2}, {"charged twice", -1.5}, {"overcharged", -1.8},
    {"double charged", -1.5}, {"thanks for nothing", -3.5}, {"thank you for nothing", -3.5},
    {"yeah right", -2}, {"great, just great", -3}, {"just great", -2.5}, {"whatever", -1.5},
    {"i guess", -0.8}, {"if you say so", -1.5}, {"forget it", -1.8}, {"give up", -1.8},
    {"still waiting", -1.5}, {"urgent", -1}, {"asap", -0.8}, {"worried", -1.2},
    {"concerned", -1}, {"leak", -1}, {"leaking", -1}, {"error", -0.8}, {"failed", -1},
    {"fails", -1}, {"crash", -1.2}, {"crashes", -1.2}, {"outage", -1.5}, {"nothing works", -2},
    {"no help", -2}, {"not helpful", -2}, {"pointless", -2}, {"cancel", -0.8},
    {"not fixed", -1.8}, {"not resolved", -1.8}, {"wasted", -1.8}, {"missing", -1},
    {"damaged", -1.5}, {"lost", -0.8}, {"delayed", -1.2}, {"never arrived", -2},
    {"hasn't arrived", -1.5}, {"not arrived", -1.5}, {"down", -0.4}, {"sigh", -1.5},
    {"wow, thanks", -2.5}, {"as usual", -1.2}, {"same answer", -1.5}, {"not impressed", -2},
    {"not happy", -2}, {"really?", -1}, {"seriously", -1.2}, {"lol", -0.5},
    {"are you serious", -1.5}, {"unbelievable", -2}, {"outrageous", -2.5}, {"relief", 1},
};
// clang-format on

// Negators, checked in the few characters/words before a cue within the same clause.
constexpr std::string_view kZhNegators[] = {"不", "没", "别", "无", "未"};
// Words that contain a negator character without negating.
constexpr std::string_view kZhNotNegators[] = {"特别", "别人", "无论", "不过"};
constexpr std::string_view kEnNegators[] = {
    "not",   "no",    "never",  "don't", "doesn't", "didn't", "isn't", "wasn't", "aren't",
    "can't", "won't", "hardly", "dont",  "doesnt",  "didnt",  "isnt",  "cannot", "without"};
struct Degree {
  std::string_view text;
  double factor;
};
constexpr Degree kDegrees[] = {
    {"非常", 1.5},    {"太", 1.5},         {"很", 1.3},    {"特别", 1.5},   {"真", 1.3},
    {"超", 1.4},      {"极", 1.6},         {"十分", 1.5},  {"相当", 1.3},   {"有点", 0.6},
    {"有些", 0.6},    {"very", 1.5},       {"so", 1.3},    {"really", 1.3}, {"extremely", 1.6},
    {"totally", 1.4}, {"absolutely", 1.5}, {"quite", 1.2}, {"bit", 0.6},    {"slightly", 0.6},
    {"super", 1.4}};
// After these, what follows weighs more than what came before (虽然…但是…, but).
constexpr std::string_view kContrast[] = {"但是", "但",  "可是",    "不过",
                                          "然而", "but", "however", "though"};

bool IsAsciiWordChar(unsigned char c) { return std::isalnum(c) || c == '\''; }

bool IsClauseBreak(std::string_view s, size_t i) {
  unsigned char c = s[i];
  if (c == ',' || c == '.' || c == '!' || c == '?' || c == ';' || c == ':' || c == '\n')
    return true;
  for (std::string_view p : {"，", "。", "！", "？", "；", "：", "、"})
    if (s.substr(i, p.size()) == p) return true;
  return false;
}

// Start of the UTF-8 code point before byte offset i (> 0).
size_t PrevCp(std::string_view s, size_t i) {
  do --i;
  while (i > 0 && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80);
  return i;
}

bool AsciiOnly(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// Whether `w` (ASCII) occurs as a whole word in the clause window.
bool HasWord(std::string_view window, std::string_view w) {
  for (size_t p = window.find(w); p != std::string_view::npos; p = window.find(w, p + 1)) {
    bool left = p == 0 || !IsAsciiWordChar(window[p - 1]);
    bool right = p + w.size() >= window.size() || !IsAsciiWordChar(window[p + w.size()]);
    if (left && right) return true;
  }
  return false;
}

}  // namespace

LexiconTurnScorer::LexiconTurnScorer() {
  for (const RawCue& c : kCues) cues_.push_back(Cue{std::string(c.text), c.weight});
  std::stable_sort(cues_.begin(), cues_.end(),
                   [](const Cue& a, const Cue& b) { return a.text.size() > b.text.size(); });
}

double LexiconTurnScorer::RawSum(std::string_view in) const {
  const std::string s = AsciiLower(in);
  const std::string_view sv(s);
  double sum = 0;
  size_t clause_start = 0;
  for (size_t i = 0; i < sv.size();) {
    if (IsClauseBreak(sv, i)) {
      // Repeated question marks read as exasperation (“？？”, "??").
      if (sv.substr(i, 6) == "？？" || sv.substr(i, 2) == "??") sum -= 0.5;
      size_t step = static_cast<unsigned char>(sv[i]) < 0x80 ? 1 : 3;
      i += step;
      clause_start = i;
      continue;
    }
    bool contrast = false;
    for (std::string_view c : kContrast) {
      if (sv.substr(i, c.size()) != c) continue;
      if (AsciiOnly(c) && ((i > 0 && IsAsciiWordChar(sv[i - 1])) ||
                           (i + c.size() < sv.size() && IsAsciiWordChar(sv[i + c.size()]))))
        continue;
      sum *= 0.5;  // what came before the contrast counts half
      i += c.size();
      clause_start = i;
      contrast = true;
      break;
    }
    if (contrast) continue;
    const Cue* hit = nullptr;
    for (const Cue& cue : cues_) {
      if (sv.compare(i, cue.text.size(), cue.text) != 0) continue;
      if (AsciiOnly(cue.text)) {
        bool left = i == 0 || !IsAsciiWordChar(sv[i - 1]);
        size_t e = i + cue.text.size();
        bool right = e >= sv.size() || !IsAsciiWordChar(sv[e]) || !IsAsciiWordChar(cue.text.back());
        if (!left || !right) continue;
      }
      hit = &cue;
      break;
    }
    if (!hit) {
      i += (static_cast<unsigned char>(sv[i]) < 0x80) ? 1
                                                      : (sv[i] & 0x20 ? (sv[i] & 0x10 ? 4 : 3) : 2);
      continue;
    }
    // Window: up to 3 code points (Chinese) or the clause's previous 24 bytes (English words)
    // before the cue, never across a clause break.
    size_t w = i;
    for (int k = 0; k < 3 && w > clause_start; ++k) w = PrevCp(sv, w);
    std::string_view zh_window = sv.substr(w, i - w);
    size_t ew = i > clause_start + 24 ? i - 24 : clause_start;
    std::string_view en_window = sv.substr(ew, i - ew);
    double weight = hit->weight;
    for (const Degree& d : kDegrees) {
      bool found = AsciiOnly(d.text) ? HasWord(en_window, d.text)
                                     : zh_window.find(d.text) != std::string_view::npos;
      if (found) {
        weight *= d.factor;
        break;
      }
    }
    bool negated = false;
    std::string zw(zh_window);
    for (std::string_view n : kZhNotNegators)
      for (size_t p = zw.find(n); p != std::string::npos; p = zw.find(n)) zw.erase(p, n.size());
    for (std::string_view n : kZhNegators)
      if (zw.find(n) != std::string::npos) negated = true;
    for (std::string_view n : kEnNegators)
      if (HasWord(en_window, n)) negated = true;
    if (negated) weight = weight > 0 ? -0.8 * weight : 0.5 * -weight;
    sum += weight;
    i += hit->text.size();
    clause_start = std::max(clause_start, i);  // a cue ends the negation scope
  }
  return sum;
}

TurnScore LexiconTurnScorer::Score(std::string_view text) const {
  double s = RawSum(text);
  double score = s / (std::abs(s) + 1.0);
  return TurnScore{score, LabelOf(score)};
}

}  // namespace loopdesk::text
