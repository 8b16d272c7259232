#include "text/segment.h"

#include <unicode/brkiter.h>
#include <unicode/utext.h>

#include <fstream>

#include "text/normalize.h"

namespace loopdesk::text {

namespace {

// One break iterator per thread: ICU iterators are not thread-safe, and cloning one per call
// costs more than segmenting a short text.
icu::BreakIterator* ThreadIterator() {
  thread_local std::unique_ptr<icu::BreakIterator> it;
  if (!it) {
    UErrorCode err = U_ZERO_ERROR;
    it.reset(icu::BreakIterator::createWordInstance(icu::Locale::getChinese(), err));
    if (U_FAILURE(err)) it.reset();
  }
  return it.get();
}

}  // namespace

Result<std::unique_ptr<Segmenter>> Segmenter::Create(std::vector<std::string> user_words) {
  if (!ThreadIterator()) return Status::Unavailable("ICU word break data unavailable");
  std::unique_ptr<Segmenter> s(new Segmenter());
  s->user_storage_ = std::move(user_words);
  for (const auto& w : s->user_storage_) s->user_.insert(w);
  return s;
}

namespace {

bool IsHanCp(char32_t c) {
  return (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x2FFFF);
}

bool IsAsciiAlnum(char32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

constexpr size_t kMaxWordChars = 6;

}  // namespace

void Segmenter::SetDictionary(const std::vector<std::string>& dictionary) {
  dict_storage_.clear();
  for (const auto& w : dictionary) {
    size_t i = 0, n = 0;
    bool han = true;
    while (i < w.size()) {
      han &= IsHanCp(NextCodePoint(w, i));
      ++n;
    }
    if (han && n >= 2 && n <= kMaxWordChars) dict_storage_.push_back(w);
  }
  for (const auto& w : user_storage_) dict_storage_.push_back(w);
  dict_.clear();
  dict_.reserve(dict_storage_.size() * 2);
  for (const auto& w : dict_storage_) {
    dict_[w].word = true;
    size_t i = 0, n = 0, second_end = 0;
    while (i < w.size()) {
      NextCodePoint(w, i);
      if (++n == 2) second_end = i;
    }
    if (n < 2) continue;
    uint8_t& m = dict_[std::string_view(w).substr(0, second_end)].prefix_max;
    m = static_cast<uint8_t>(std::max<size_t>(m, n));
  }
}

std::vector<std::string_view> Segmenter::Words(std::string_view text) const {
  if (dict_.size() == 0) return IcuWords(text);
  std::vector<std::string_view> words;
  words.reserve(text.size() / 4 + 1);
  // Byte offsets of the current run of Chinese characters.
  std::vector<uint32_t> run;
  auto flush = [&]() {
    size_t n = run.size() ? run.size() - 1 : 0;  // characters; run holds n + 1 offsets
    for (size_t i = 0; i < n;) {
      size_t take = 1;
      const DictEntry* pre =
          i + 2 <= n ? dict_.Find(text.substr(run[i], run[i + 2] - run[i])) : nullptr;
      if (pre) {
        for (size_t len = std::min<size_t>(pre->prefix_max, n - i); len >= 3; --len) {
          const DictEntry* e = dict_.Find(text.substr(run[i], run[i + len] - run[i]));
          if (e && e->word) {
            take = len;
            break;
          }
        }
        if (take == 1 && pre->word) take = 2;
      }
      words.push_back(text.substr(run[i], run[i + take] - run[i]));
      i += take;
    }
    run.clear();
  };
  for (size_t i = 0; i < text.size();) {
    size_t start = i;
    char32_t cp = NextCodePoint(text, i);
    if (IsHanCp(cp)) {
      if (run.empty()) run.push_back(static_cast<uint32_t>(start));
      run.push_back(static_cast<uint32_t>(i));
      continue;
    }
    flush();
    if (IsAsciiAlnum(cp)) {
      while (i < text.size() && IsAsciiAlnum(static_cast<unsigned char>(text[i]))) ++i;
      words.push_back(text.substr(start, i - start));
    }
  }
  flush();
  // Domain words that mix scripts or are longer than kMaxWordChars still come out whole.
  return words;
}

std::vector<std::string_view> Segmenter::IcuWords(std::string_view text) const {
  std::vector<std::string_view> pieces;
  icu::BreakIterator* bi = ThreadIterator();
  if (!bi || text.empty()) return pieces;
  // ICU's dictionary break runs several times faster over UTF-16 than over a UTF-8 UText,
  // so the text is converted once, keeping each UTF-16 unit's byte offset in `text`.
  icu::UnicodeString u16;
  std::vector<uint32_t> offset;
  offset.reserve(text.size() + 1);
  for (size_t i = 0; i < text.size();) {
    uint32_t at = static_cast<uint32_t>(i);
    char32_t cp = NextCodePoint(text, i);
    if (cp == 0xFFFFFFFF) cp = 0xFFFD;
    u16.append(static_cast<UChar32>(cp));
    offset.push_back(at);
    if (cp >= 0x10000) offset.push_back(at);
  }
  offset.push_back(static_cast<uint32_t>(text.size()));
  bi->setText(u16);
  int32_t start = bi->first();
  for (int32_t end = bi->next(); end != icu::BreakIterator::DONE; start = end, end = bi->next()) {
    if (bi->getRuleStatus() == UBRK_WORD_NONE) continue;  // spaces, punctuation
    pieces.push_back(text.substr(offset[start], offset[end] - offset[start]));
  }
  if (user_.empty()) return pieces;
  // Join adjacent pieces the user dictionary knows, longest first. Pieces are views into
  // `text`; a join is valid only when they are contiguous in it.
  std::vector<std::string_view> words;
  words.reserve(pieces.size());
  for (size_t i = 0; i < pieces.size();) {
    size_t best = 1;
    for (size_t n = std::min<size_t>(4, pieces.size() - i); n >= 2; --n) {
      const char* b = pieces[i].data();
      const char* e = pieces[i + n - 1].data() + pieces[i + n - 1].size();
      bool contiguous = true;
      for (size_t k = i + 1; k < i + n; ++k)
        if (pieces[k].data() != pieces[k - 1].data() + pieces[k - 1].size()) contiguous = false;
      if (contiguous && user_.count(std::string_view(b, e - b))) {
        best = n;
        break;
      }
    }
    const char* b = pieces[i].data();
    const char* e = pieces[i + best - 1].data() + pieces[i + best - 1].size();
    words.emplace_back(b, e - b);
    i += best;
  }
  return words;
}

std::vector<std::string> ReadWordList(const std::string& path) {
  std::vector<std::string> out;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    auto sp = line.find_first_of(" \t\r");
    std::string w = line.substr(0, sp);
    if (!w.empty()) out.push_back(std::move(w));
  }
  return out;
}

}  // namespace loopdesk::text
