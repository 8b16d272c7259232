#include "text/rules.h"

#include <algorithm>
#include <cmath>

#include "text/normalize.h"

namespace loopdesk::text {

namespace {

struct Unit {
  std::string_view text;
  bool word = false;  // an ASCII word (letters, digits, apostrophes)
  bool brk = false;   // a clause break when it matches no entry
  char32_t cp = 0;    // the code point, when not a word
};

bool IsAsciiWordChar(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         c == '\'';
}

bool IsBreak(char32_t c) {
  switch (c) {
    case ',': case '.': case '!': case '?': case ';': case ':': case '~':
    case 0x3002: case 0xFF0C: case 0xFF01: case 0xFF1F: case 0xFF1B: case 0x2026: case 0x3001:
    case '\n':
      return true;
    default:
      return false;
  }
}

void FillUnits(std::string_view s, std::vector<Unit>& units) {
  units.clear();
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (IsAsciiWordChar(c)) {
      size_t j = i;
      while (j < s.size() && IsAsciiWordChar(static_cast<unsigned char>(s[j]))) ++j;
      units.push_back({s.substr(i, j - i), true, false});
      i = j;
      continue;
    }
    if (c == ' ' || c == '\t') {
      ++i;
      continue;
    }
    size_t start = i;
    char32_t cp = NextCodePoint(s, i);
    units.push_back({s.substr(start, i - start), false, IsBreak(cp), cp});
  }
}

std::vector<Unit> Units(std::string_view s) {
  std::vector<Unit> units;
  FillUnits(s, units);
  return units;
}

void AppendKey(std::string& key, const Unit& prev, const Unit& u, bool first) {
  if (!first && prev.word && u.word) key.push_back(' ');
  key.append(u.text);
}

double Sigmoidish(double x) { return 1.0 - std::exp(-x); }

}  // namespace

void Lexicon::Add(std::string_view key, const Cue& c) {
  Cue& e = cues_[key];
  if (c.polarity != 0) e.polarity = c.polarity;
  if (c.degree != 0) e.degree = c.degree;
  e.negator |= c.negator;
  if (c.contrast) e.contrast = c.contrast;
  e.sarcasm |= c.sarcasm;
  e.rhetorical |= c.rhetorical;
  if (c.emotion >= 0) e.emotion = c.emotion, e.emotion_weight = c.emotion_weight;
  e.urgency = std::max(e.urgency, c.urgency);
  e.complaint |= c.complaint;
  if (c.cause >= 0) e.cause = c.cause, e.cause_weight = c.cause_weight;
  if (c.category >= 0) e.category = c.category, e.category_weight = c.category_weight;
  // Register the first unit and the length in units.
  std::vector<Unit> units = Units(key);
  if (units.empty()) return;
  if (!units[0].word && units[0].cp < 0x10000)
    first_cp_[units[0].cp >> 6] |= uint64_t{1} << (units[0].cp & 63);
  int& m = starts_[units[0].text];
  m = std::max(m, static_cast<int>(units.size()));
}

RuleResult ApplyRules(const Lexicon& lex, std::string_view normalized, bool explain) {
  RuleResult r;
  // The units of the text, in a per-thread buffer (ApplyRules does not re-enter itself).
  thread_local std::vector<Unit> units;
  FillUnits(normalized, units);
  std::string key;

  double total = 0;          // sentiment of finished clauses
  double clause = 0;         // sentiment of the current clause
  double clause_mult = 1;    // contrast weight of the current clause
  double after_contrast = 1;  // weight for clauses after a "but"
  bool clause_rhetorical = false;
  bool clause_bang = false;
  bool sarcasm = false;
  int pending_neg = 0;
  double pending_degree = 1;
  double praise = 0;  // positive sentiment, dampened by sarcasm at the end

  auto end_clause = [&]() {
    double c = clause;
    if (clause_rhetorical && c > 0) c = -c;
    if (clause_rhetorical) c -= 0.8;
    if (clause_bang) c *= 1.3;
    total += c * clause_mult;
    if (c > 0) praise += c * clause_mult;
    clause = 0;
    clause_mult = after_contrast;
    clause_rhetorical = clause_bang = false;
    pending_neg = 0;
    pending_degree = 1;
  };

  for (size_t i = 0; i < units.size();) {
    const Cue* cue = nullptr;
    size_t used = 1;
    int max_n = units[i].word || lex.MayStart(units[i].cp) ? lex.MaxUnits(units[i].text) : 0;
    if (max_n > 0) {
      size_t limit = std::min<size_t>(max_n, units.size() - i);
      // Longest match first: build the longest key, then shrink. Units that touch in the
      // text (no space between) form their key as a slice of the text, without copying.
      for (size_t n = limit; n >= 1 && !cue; --n) {
        bool contiguous = true;
        for (size_t k = 1; k < n && contiguous; ++k)
          contiguous = units[i + k].text.data() ==
                       units[i + k - 1].text.data() + units[i + k - 1].text.size();
        if (contiguous) {
          cue = lex.Find(std::string_view(
              units[i].text.data(),
              units[i + n - 1].text.data() + units[i + n - 1].text.size() - units[i].text.data()));
        } else {
          key.clear();
          for (size_t k = 0; k < n; ++k)
            AppendKey(key, units[i + (k ? k - 1 : 0)], units[i + k], k == 0);
          cue = lex.Find(key);
        }
        if (cue) used = n;
      }
    }
    if (!cue) {
      if (units[i].brk) {
        if (units[i].text == "!" || units[i].text == "！") clause_bang = true;
        if (units[i].text == "?" || units[i].text == "？") {
          // A question mark closes a rhetorical clause; otherwise it is just a question.
        }
        end_clause();
      }
      ++i;
      continue;
    }
    std::string_view matched(units[i].text.data(),
                             units[i + used - 1].text.data() + units[i + used - 1].text.size() -
                                 units[i].text.data());
    i += used;
    if (cue->contrast == 1) {
      total *= 0.5;
      praise *= 0.5;
      clause *= 0.5;
      after_contrast = 1.5;
      clause_mult = 1.5;
      if (explain) r.reasons.push_back("contrast: " + std::string(matched));
    } else if (cue->contrast == 2) {
      clause_mult = 0.5;
    }
    if (cue->negator) ++pending_neg;
    if (cue->degree > 0) pending_degree *= cue->degree;
    if (cue->rhetorical) {
      clause_rhetorical = true;
      if (explain) r.reasons.push_back("rhetorical: " + std::string(matched));
    }
    if (cue->sarcasm) {
      sarcasm = true;
      clause -= 0.8;
      if (explain) r.reasons.push_back("sarcasm: " + std::string(matched));
    }
    bool negated = false;
    if (cue->polarity != 0) {
      double w = cue->polarity;
      if (pending_neg % 2 == 1) {
        w = -w * 0.5;
        negated = true;
        if (explain) r.reasons.push_back("negated " + std::string(matched));
      } else {
        w *= pending_degree;
        if (explain && pending_degree != 1)
          r.reasons.push_back("degree ×" + std::to_string(pending_degree).substr(0, 3) + " " +
                              std::string(matched));
      }
      clause += w;
      ++r.polar_cues;
      if (explain && !negated) r.reasons.push_back(std::string(matched) + (w > 0 ? " +" : " −"));
      pending_neg = 0;
      pending_degree = 1;
    }
    // 不急, 别急, "no rush" style negations of an urgency word: no urgency, no anxiety.
    const bool urgency_negated = cue->urgency > 0 && cue->polarity == 0 && pending_neg % 2 == 1;
    if (urgency_negated) {
      pending_neg = 0;
      if (explain) r.reasons.push_back("negated urgency " + std::string(matched));
    }
    if (cue->emotion >= 0 && !(urgency_negated && cue->emotion == 1)) {
      double w = cue->emotion_weight;
      int e = cue->emotion;
      if (negated && (e == 3 || e == 4)) e = 2, w *= 0.7;  // 不满意: disappointment
      else if (negated) w = 0;
      r.emotions[e] += w * (negated ? 1 : std::max(1.0, pending_degree));
    }
    if (cue->urgency > r.urgency && !urgency_negated) {
      r.urgency = cue->urgency;
      r.urgency_cue = std::string(matched);
    }
    if (cue->complaint) {
      r.complaint = true;
      if (explain) r.reasons.push_back("complaint: " + std::string(matched));
    }
    if (cue->cause >= 0) r.causes[cue->cause] += cue->cause_weight;
    if (cue->category >= 0) r.categories[cue->category] += cue->category_weight;
  }
  end_clause();
  if (sarcasm && praise > 0) total -= 1.5 * praise;  // 呵呵, 真好: the praise is ironic
  r.sentiment = total;
  // Emotions as raw evidence; the analyzer maps them to intensities.
  for (double& e : r.emotions) e = e > 0 ? Sigmoidish(e) : 0;
  return r;
}

}  // namespace loopdesk::text
