#pragma once
// The search::Tokenizer of the knowledge indexes over the text engine: its normaliser (NFKC,
// simplified, lower case) and segmenter (Chinese words, Latin words whole), without a short
// list of function words (的, 了, 吗, the, is, ...) that would make every document match.
// Thread-safe (the Analyzer is).

#include "search/text_index.h"
#include "text/analyzer.h"

namespace loopdesk {

class AnalyzerTokenizer final : public search::Tokenizer {
 public:
  // `analyzer` must outlive the tokenizer.
  explicit AnalyzerTokenizer(const text::Analyzer& analyzer) : analyzer_(analyzer) {}
  std::string Normalize(std::string_view text) const override;
  std::vector<std::string> Words(std::string_view normalized) const override;

 private:
  const text::Analyzer& analyzer_;
};

}  // namespace loopdesk
