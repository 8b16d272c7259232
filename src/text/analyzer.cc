#include "text/analyzer.h"

namespace loopdesk::text {

struct Analyzer::Impl {
  AnalyzerOptions options;
};

Analyzer::Analyzer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Analyzer::~Analyzer() = default;

Result<std::unique_ptr<Analyzer>> Analyzer::Load(const AnalyzerOptions& options) {
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  return std::unique_ptr<Analyzer>(new Analyzer(std::move(impl)));
}

Analysis Analyzer::Analyze(std::string_view text) const {
  Analysis a;
  a.sentiment = SentimentOf(text);
  return a;
}

Sentiment Analyzer::SentimentOf(std::string_view) const { return Sentiment{}; }

std::string Analyzer::Normalize(std::string_view text) const { return std::string(text); }

std::vector<std::string> Analyzer::Words(std::string_view normalized) const {
  return {std::string(normalized)};
}

bool Analyzer::has_model() const { return false; }

}  // namespace loopdesk::text
