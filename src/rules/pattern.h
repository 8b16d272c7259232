#pragma once
// Pattern: the small regular-expression matcher behind the rules' `matches` operator.
//
// Why not std::regex: libstdc++'s std::regex backtracks recursively, so a rule such as
// `a*c` overflows the stack on a 30 KB message (SIGSEGV) and `(a*)*c` never finishes on a
// 20-character one. A rule is user data and runs on every event, so the matcher must be
// linear: this one compiles the pattern to a Thompson NFA and runs it as a Pike VM —
// O(text length × program size), no recursion over the text, no backtracking.
//
// Syntax (a subset of ECMAScript / RE2, over Unicode code points of UTF-8 text):
//   literals        any character, including Chinese: 投诉
//   .               any character, newline included
//   [abc] [^a-z]    classes with ranges (code points: [一-龥] works) and \d \w \s inside
//   \d \D \w \W \s \S   ASCII digit / ASCII word char / white space (incl. U+3000)
//   \b \B           ASCII word boundary / not one
//   ^ $             start / end of the whole text (no multi-line mode)
//   ( ) (?: )       groups (nothing is captured)
//   |               alternation
//   * + ? {n} {n,} {n,m}   repetition (n, m ≤ 1000); a trailing ? (lazy) is accepted and
//                   ignored, since only "is there a match" is asked
//   \n \r \t \f \v \uXXXX \xHH, and \ before any ASCII punctuation for the literal
//   (?i) at the very start: ASCII case-insensitive
// Refused with an error: back-references, look-around, named groups, other (?…) flags,
// unknown escapes, a bare `{`, patterns over kMaxPatternBytes, programs over
// kMaxProgramSize instructions (e.g. `(a{1000}){1000}`).

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"

namespace loopdesk::rules {

class Pattern {
 public:
  static constexpr size_t kMaxPatternBytes = 200;
  static constexpr size_t kMaxProgramSize = 2000;

  // Compiles `pattern`. Fails with kInvalidArgument and a message naming the offset of the
  // problem; the Status has no field (the caller knows where the pattern came from).
  static Result<Pattern> Compile(std::string_view pattern);

  // True when the pattern matches somewhere in `text` (unanchored search, like
  // std::regex_search). Bytes that are not valid UTF-8 read as U+FFFD. Never throws;
  // thread-safe on a const Pattern.
  bool Search(std::string_view text) const;

  const std::string& source() const { return source_; }

 private:
  enum class Op : uint8_t {
    kChar,      // consume code point `cp`
    kAny,       // consume any code point
    kClass,     // consume a code point in classes_[arg]
    kSplit,     // continue at x and at y
    kJmp,       // continue at x
    kBegin,     // assert start of text
    kEnd,       // assert end of text
    kWordB,     // assert word boundary
    kNotWordB,  // assert no word boundary
    kMatch,
  };
  struct Inst {
    Op op;
    char32_t cp = 0;
    int x = 0;
    int y = 0;
  };
  struct Class {
    bool negated = false;
    std::vector<std::pair<char32_t, char32_t>> ranges;
  };
  struct Node;
  class Parser;

  bool InClass(const Class& c, char32_t cp) const;

  std::string source_;
  bool icase_ = false;
  std::vector<Inst> prog_;
  std::vector<Class> classes_;
};

}  // namespace loopdesk::rules
