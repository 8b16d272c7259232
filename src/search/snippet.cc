#include "search/snippet.h"

#include <algorithm>
#include <cstdint>
#include <set>

namespace loopdesk::search {

namespace {

bool IsAsciiAlnum(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

struct Match {
  size_t begin = 0, end = 0;  // bytes
  int term = 0;
};

// Byte offsets where code points start, plus text.size() at the end.
std::vector<size_t> CodePointStarts(std::string_view s) {
  std::vector<size_t> out;
  for (size_t i = 0; i < s.size(); ++i)
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) out.push_back(i);
  out.push_back(s.size());
  return out;
}

void AppendEscaped(std::string& out, std::string_view s) {
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\n': case '\r': case '\t': out += ' '; break;
      default: out += c;
    }
  }
}

}  // namespace

std::string MakeSnippet(std::string_view text, const std::vector<std::string>& terms,
                        int max_chars) {
  if (max_chars <= 0 || text.empty()) return {};
  std::string lower(text);
  for (char& c : lower)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');

  std::vector<Match> matches;
  for (size_t t = 0; t < terms.size() && matches.size() < 2000; ++t) {
    std::string term = terms[t];
    if (term.empty()) continue;
    for (char& c : term)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    const bool latin = IsAsciiAlnum(static_cast<unsigned char>(term.front()));
    for (size_t pos = lower.find(term); pos != std::string::npos && matches.size() < 2000;
         pos = lower.find(term, pos + 1)) {
      const size_t end = pos + term.size();
      // Latin terms match whole words only ("in" is not a match inside "install").
      if (latin && ((pos > 0 && IsAsciiAlnum(static_cast<unsigned char>(lower[pos - 1]))) ||
                    (end < lower.size() && IsAsciiAlnum(static_cast<unsigned char>(lower[end])))))
        continue;
      matches.push_back({pos, end, static_cast<int>(t)});
    }
  }
  std::sort(matches.begin(), matches.end(),
            [](const Match& a, const Match& b) { return a.begin < b.begin; });

  const std::vector<size_t> cps = CodePointStarts(text);
  const size_t n_chars = cps.size() - 1;
  const size_t width = static_cast<size_t>(max_chars);
  auto char_index = [&](size_t byte) {
    return static_cast<size_t>(std::upper_bound(cps.begin(), cps.end(), byte) - cps.begin()) - 1;
  };

  // Window start (in characters): a little context before the anchor match whose window
  // holds the most distinct terms.
  size_t best_start = 0;
  size_t best_count = 0;
  const size_t context = width / 5;
  for (size_t i = 0; i < matches.size() && i < 300; ++i) {
    const size_t anchor = char_index(matches[i].begin);
    size_t start = anchor > context ? anchor - context : 0;
    if (n_chars > width) start = std::min(start, n_chars - width);
    const size_t stop_byte = cps[std::min(n_chars, start + width)];
    std::set<int> seen;
    for (size_t j = i; j < matches.size() && matches[j].end <= stop_byte; ++j)
      seen.insert(matches[j].term);
    if (seen.size() > best_count) {
      best_count = seen.size();
      best_start = start;
    }
  }
  const size_t begin_byte = cps[best_start];
  const size_t end_byte = cps[std::min(n_chars, best_start + width)];

  std::string out;
  if (best_start > 0) out += "…";
  size_t at = begin_byte;
  for (size_t i = 0; i < matches.size(); ++i) {
    Match m = matches[i];
    if (m.begin < at || m.end > end_byte) continue;
    // Overlapping (n-grams) and adjacent (保修 + 期) matches become one highlight.
    while (i + 1 < matches.size() && matches[i + 1].begin <= m.end) {
      if (matches[i + 1].end <= end_byte) m.end = std::max(m.end, matches[i + 1].end);
      ++i;
    }
    AppendEscaped(out, text.substr(at, m.begin - at));
    out += "<mark>";
    AppendEscaped(out, text.substr(m.begin, m.end - m.begin));
    out += "</mark>";
    at = m.end;
  }
  AppendEscaped(out, text.substr(at, end_byte - at));
  if (end_byte < text.size()) out += "…";
  return out;
}

}  // namespace loopdesk::search
