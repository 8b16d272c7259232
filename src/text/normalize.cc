#include "text/normalize.h"

#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>

namespace loopdesk::text {

namespace {

constexpr char32_t kMulti = 0xFFFFFFFF;
constexpr char32_t kCombining = 0xFFFFFFFE;
constexpr char32_t kInvalid = 0xFFFFFFFF;

bool IsSpace(char32_t c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0xA0; }

// Whether a code point is one ICU's Traditional-Simplified transliterator may change.
bool IsHan(char32_t c) {
  return (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
         (c >= 0xF900 && c <= 0xFAFF);
}

}  // namespace

void AppendUtf8(char32_t cp, std::string& out) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

char32_t NextCodePoint(std::string_view s, size_t& i) {
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
    return kInvalid;
  }
  for (int k = 1; k <= n; ++k) {
    if (i + k >= s.size() || (b(i + k) & 0xC0) != 0x80) {
      ++i;
      return kInvalid;
    }
    cp = (cp << 6) | (b(i + k) & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    ++i;
    return kInvalid;
  }
  i += n + 1;
  return cp;
}

Result<std::unique_ptr<Normalizer>> Normalizer::Create() {
  UErrorCode err = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(err);
  if (U_FAILURE(err)) return Status::Unavailable("ICU NFKC data unavailable");
  std::unique_ptr<icu::Transliterator> t2s(icu::Transliterator::createInstance(
      "Traditional-Simplified", UTRANS_FORWARD, err));
  if (U_FAILURE(err) || !t2s) return Status::Unavailable("ICU Traditional-Simplified unavailable");

  std::unique_ptr<Normalizer> n(new Normalizer());
  n->table_.resize(0x10000);
  for (char32_t cp = 0; cp < 0x10000; ++cp) {
    if (cp >= 0xD800 && cp <= 0xDFFF) {
      n->table_[cp] = cp;
      continue;
    }
    if (u_getCombiningClass(cp) != 0) {
      n->table_[cp] = kCombining;
      continue;
    }
    icu::UnicodeString s(static_cast<UChar32>(cp));
    icu::UnicodeString out;
    // Fast path: most code points are their own NFKC form.
    if (nfkc->isNormalized(s, err)) {
      out = s;
    } else {
      out = nfkc->normalize(s, err);
    }
    if (out.length() == 1 && IsHan(out.charAt(0))) t2s->transliterate(out);
    out.foldCase();
    if (out.countChar32() == 1) {
      n->table_[cp] = static_cast<char32_t>(out.char32At(0));
    } else {
      n->table_[cp] = kMulti;
      std::string utf8;
      out.toUTF8String(utf8);
      n->multi_.emplace_back(cp, std::move(utf8));
    }
    if (U_FAILURE(err)) return Status::Unavailable("ICU normalisation failed");
  }
  return n;
}

std::string Normalizer::Normalize(std::string_view text) const {
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  bool slow = false;
  for (size_t i = 0; i < text.size();) {
    char32_t cp = NextCodePoint(text, i);
    if (cp == kInvalid) continue;
    char32_t m = cp < 0x10000 ? table_[cp] : cp;
    if (m == kCombining) {
      slow = true;
      break;
    }
    if (m != kMulti && IsSpace(m)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' '), pending_space = false;
    if (m == kMulti) {
      auto it = std::lower_bound(multi_.begin(), multi_.end(), cp,
                                 [](const auto& e, char32_t c) { return e.first < c; });
      out += it->second;
    } else {
      AppendUtf8(m, out);
    }
  }
  if (!slow) return out;
  // Combining marks: NFKC must see the whole string; then fold per code point as above.
  std::string valid;
  for (size_t i = 0; i < text.size();) {
    char32_t cp = NextCodePoint(text, i);
    if (cp != kInvalid) AppendUtf8(cp, valid);
  }
  UErrorCode err = U_ZERO_ERROR;
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(valid);
  u = icu::Normalizer2::getNFKCInstance(err)->normalize(u, err);
  u.foldCase();
  std::string composed;
  u.toUTF8String(composed);
  out.clear();
  pending_space = false;
  for (size_t i = 0; i < composed.size();) {
    char32_t cp = NextCodePoint(composed, i);
    char32_t m = cp < 0x10000 ? table_[cp] : cp;
    if (m == kCombining || m == kMulti) m = cp;
    if (IsSpace(m)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' '), pending_space = false;
    AppendUtf8(m, out);
  }
  return out;
}

}  // namespace loopdesk::text
