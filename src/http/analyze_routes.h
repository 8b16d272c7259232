#pragma once
// POST /api/v1/analyze (API.md "Text analysis"), added by Api::AddRoutes.
//   {text}            → one analysis
//   {texts:[...]}     → {results:[...]} in order, 1 … 1000 texts
// 422 when neither or both are given, a text is not a string or the list is empty or longer
// than 1000; 400 for a body that is not JSON or a text that is not valid UTF-8.

#include "http/json_io.h"
#include "http/router.h"
#include "http/rules_routes.h"
#include "text/analyzer.h"

namespace loopdesk::http {

inline constexpr size_t kMaxAnalyzeTexts = 1000;

// The wire form of one analysis: {language, sentiment:{label, score}, emotions:[{name,
// intensity}], category, category_confidence, cause:{label, confidence}, keywords,
// is_complaint, urgency, priority_hint, reasons}.
json AnalysisJson(const text::Analysis& a);

void AddAnalyzeRoutes(Router& router, const text::Analyzer& analyzer, const Authenticate& authed);

}  // namespace loopdesk::http
