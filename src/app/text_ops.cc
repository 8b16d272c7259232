// Text analysis inside the use cases (issue 7): the sentiment stored on tickets and messages.
#include "app/operations.h"

namespace loopdesk {

std::optional<SentimentTag> AnalyzeSentiment(const text::Analyzer* analyzer,
                                             std::string_view text) {
  if (!analyzer) return std::nullopt;
  text::Sentiment s = analyzer->SentimentOf(text);
  return SentimentTag{std::move(s.label), s.score};
}

std::optional<TextSignals> TextSignalsOf(const text::Analyzer* analyzer, std::string_view text) {
  if (!analyzer) return std::nullopt;
  text::Analysis a = analyzer->Analyze(text);
  TextSignals s;
  s.urgency = a.urgency;
  s.urgency_cue = a.urgency_cue;
  s.complaint = a.is_complaint;
  for (const auto& e : a.emotions) {
    if (e.name == "anxiety") s.anxiety = e.intensity;
    if (e.name == "anger") s.anger = e.intensity;
  }
  return s;
}

}  // namespace loopdesk

namespace loopdesk {

void AddTextFacts(const text::Analyzer* analyzer, const Ticket& t, const Message* msg,
                  rules::MapFacts* facts) {
  if (!analyzer) return;
  // message.created: the new message; otherwise the ticket's own text. (Reading the latest
  // customer message would cost a query per rule run; the ticket text is what it opened with.)
  text::Analysis a = analyzer->Analyze(msg ? msg->body : t.subject + "\n" + t.description);
  facts->Set("sentiment.label", Value(a.sentiment.label));
  facts->Set("sentiment.score", Value(a.sentiment.score));
  Value::Array emotions;
  for (const auto& e : a.emotions) emotions.emplace_back(e.name);
  facts->Set("sentiment.emotions", Value(std::move(emotions)));
  facts->Set("text.language", Value(a.language));
  facts->Set("text.cause", Value(a.cause.label));
  Value::Array keywords;
  for (const auto& k : a.keywords) keywords.emplace_back(k);
  facts->Set("text.keywords", Value(std::move(keywords)));
}

}  // namespace loopdesk
