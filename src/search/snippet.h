#pragma once
// Snippets: the part of a text where query terms occur, HTML-escaped, with every occurrence
// of a term wrapped in <mark>…</mark>. Terms are in normalised form; matching ignores ASCII
// case. Pure and thread-safe.

#include <string>
#include <string_view>
#include <vector>

namespace loopdesk::search {

// The window of about `max_chars` code points of `text` that holds the most distinct terms
// (ties: the earliest), "…" where it cuts the text. Without any match: the start of `text`.
std::string MakeSnippet(std::string_view text, const std::vector<std::string>& terms,
                        int max_chars);

}  // namespace loopdesk::search
