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
[[gnu::always_inline]] inline void AppendUtf8(char32_t cp, std::string& out) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
    return;
  }
  char b[4];
  size_t n;
  if (cp < 0x800) {
    b[0] = static_cast<char>(0xC0 | (cp >> 6));
    b[1] = static_cast<char>(0x80 | (cp & 0x3F));
    n = 2;
  } else if (cp < 0x10000) {
    b[0] = static_cast<char>(0xE0 | (cp >> 12));
    b[1] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    b[2] = static_cast<char>(0x80 | (cp & 0x3F));
    n = 3;
  } else {
    b[0] = static_cast<char>(0xF0 | (cp >> 18));
    b[1] = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    b[2] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    b[3] = static_cast<char>(0x80 | (cp & 0x3F));
    n = 4;
  }
  out.append(b, n);
}

// Decodes the code point at s[i], advancing i; returns 0xFFFFFFFF (and skips one byte) on an
// invalid sequence. Inline: every layer walks the text with it.
inline char32_t NextCodePoint(std::string_view s, size_t& i) {
  auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = b(i);
  if (c < 0x80) {
    ++i;
    return c;
  }
  int n = 0;
  char32_t cp = 0;
  char32_t min = 0;
  if ((c & 0xE0) == 0xC0) {
    n = 1, cp = c & 0x1F, min = 0x80;
  } else if ((c & 0xF0) == 0xE0) {
    n = 2, cp = c & 0x0F, min = 0x800;
  } else if ((c & 0xF8) == 0xF0) {
    n = 3, cp = c & 0x07, min = 0x10000;
  } else {
    ++i;
    return 0xFFFFFFFF;
  }
  for (int k = 1; k <= n; ++k) {
    if (i + k >= s.size() || (b(i + k) & 0xC0) != 0x80) {
      ++i;
      return 0xFFFFFFFF;
    }
    cp = (cp << 6) | (b(i + k) & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    ++i;
    return 0xFFFFFFFF;
  }
  i += n + 1;
  return cp;
}

}  // namespace loopdesk::text
