#pragma once
// Demo knowledge base (`loopdesk serve --demo`): real-sounding articles and reply scripts in
// Chinese and English about the demo products (warranty, returns, installation, error codes),
// so the ticket view shows suggestions.

#include <span>
#include <string_view>

#include "app/knowledge_service.h"

namespace loopdesk {

struct DemoArticle {
  std::string_view title;
  std::string_view category;  // "script" for reply scripts
  std::string_view tags;      // space-separated
  std::string_view language;
  std::string_view body;
};

// The demo articles (demo_knowledge_data.cc).
std::span<const DemoArticle> DemoArticles();

// Creates the demo articles as the system when the knowledge base is empty; returns how
// many it created (0 when articles already exist).
Result<int> SeedDemoKnowledge(KnowledgeService& kb);

}  // namespace loopdesk
