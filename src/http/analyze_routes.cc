#include "http/analyze_routes.h"

#include <string>

#include "common/utf8.h"

namespace loopdesk::http {

namespace {

// One text of a request: a string of valid UTF-8 (the body was checked as a whole, but a
// JSON escape can still encode a lone surrogate).
Result<std::string_view> TextAt(const json& v, const std::string& field) {
  if (!v.is_string()) return Status::Invalid(field + " must be a string", field);
  const std::string& s = v.get_ref<const std::string&>();
  if (!IsValidUtf8(s)) return Status(Code::kInvalidArgument, field + " is not valid UTF-8", field);
  return std::string_view(s);
}

Response Unprocessable(const std::string& msg, const std::string& field) {
  return ErrorResponse(422, "invalid_argument", msg, field);
}

}  // namespace

json AnalysisJson(const text::Analysis& a) {
  json emotions = json::array();
  for (const auto& e : a.emotions) emotions.push_back({{"name", e.name}, {"intensity", e.intensity}});
  return json{
      {"language", a.language},
      {"sentiment", {{"label", a.sentiment.label}, {"score", a.sentiment.score}}},
      {"emotions", std::move(emotions)},
      {"category", a.category},
      {"category_confidence", a.category_confidence},
      {"cause", {{"label", a.cause.label}, {"confidence", a.cause.confidence}}},
      {"keywords", a.keywords},
      {"is_complaint", a.is_complaint},
      {"urgency", a.urgency},
      {"priority_hint", a.priority_hint.empty() ? json(nullptr) : json(a.priority_hint)},
      {"reasons", a.reasons},
  };
}

void AddAnalyzeRoutes(Router& R, const text::Analyzer& analyzer, const Authenticate& authed) {
  R.Add("POST", "/api/v1/analyze", authed([&analyzer](Request& req, const Principal&) {
          auto body = ParseJsonObject(req);
          if (!body.ok())
            return ErrorResponse(400, "bad_request", body.status().message(), "body");
          const json& b = *body;
          bool has_text = b.contains("text") && !b["text"].is_null();
          bool has_texts = b.contains("texts") && !b["texts"].is_null();
          if (has_text == has_texts)
            return Unprocessable("give exactly one of text (a string) or texts (a list)", "text");
          auto fail = [](const Status& st) {
            // Invalid UTF-8 inside a string is a malformed request (400); a wrong type is 422.
            if (st.message().find("UTF-8") != std::string::npos)
              return ErrorResponse(400, "bad_request", st.message(), st.field());
            return Unprocessable(st.message(), st.field());
          };
          if (has_text) {
            auto t = TextAt(b["text"], "text");
            if (!t.ok()) return fail(t.status());
            return JsonResponse(200, AnalysisJson(analyzer.Analyze(*t)));
          }
          const json& list = b["texts"];
          if (!list.is_array()) return Unprocessable("texts must be a list of strings", "texts");
          if (list.empty()) return Unprocessable("texts must not be empty", "texts");
          if (list.size() > kMaxAnalyzeTexts)
            return Unprocessable("texts holds at most " + std::to_string(kMaxAnalyzeTexts) +
                                     " texts, got " + std::to_string(list.size()),
                                 "texts");
          // Validate everything first: a bad element fails the whole request.
          std::vector<std::string_view> texts;
          texts.reserve(list.size());
          for (size_t i = 0; i < list.size(); ++i) {
            auto t = TextAt(list[i], "texts[" + std::to_string(i) + "]");
            if (!t.ok()) return fail(t.status());
            texts.push_back(*t);
          }
          json results = json::array();
          for (auto t : texts) results.push_back(AnalysisJson(analyzer.Analyze(t)));
          return JsonResponse(200, json{{"results", std::move(results)}});
        }));
}

}  // namespace loopdesk::http
