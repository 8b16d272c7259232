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
