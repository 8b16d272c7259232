#pragma once
// Normalizer: the first layer of the text engine. Turns any UTF-8 text into the form every
// later layer sees:
//   - invalid UTF-8 bytes dropped (callers at the edge refuse invalid input first);
//   - NFKC (ICU), which folds full-width ASCII and the ideographic space to half-width;
//   - traditional Chinese characters mapped to simplified (ICU "Traditional-Simplified",
//     applied character by character);
//   - ASCII and other cased letters lower-cased; runs of whitespace collapsed to one space.
// Speed: the whole Basic Multilingual Plane is mapped once at construction into a table, so
// normalising is one table look-up per code point; only text containing combining marks
// (where NFKC composes across characters) goes through ICU's full normaliser.
// Thread safety: immutable after Create; Normalize is safe from any thread.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace loopdesk::text {

class Normalizer {
 public:
  // kUnavailable when ICU's normaliser or transliterator data cannot be opened.
  static Result<std::unique_ptr<Normalizer>> Create();

  std::string Normalize(std::string_view text) const;

 private:
  Normalizer() = default;
  // For each BMP code point: the normalised code point, or 0xFFFFFFFF when it maps to several
  // (looked up in multi_), or 0xFFFFFFFE for a combining mark (slow path).
  std::vector<char32_t> table_;
  std::vector<std::pair<char32_t, std::string>> multi_;  // sorted by code point
};

// Appends code point `cp` to `out` as UTF-8.
void AppendUtf8(char32_t cp, std::string& out);

// Decodes the code point at s[i], advancing i; returns 0xFFFFFFFF (and skips one byte) on an
// invalid sequence.
char32_t NextCodePoint(std::string_view s, size_t& i);

}  // namespace loopdesk::text
