#pragma once
// Knowledge base articles (DESIGN.md §1 H): help articles and reply scripts (话术). Pure data;
// storage in ports/knowledge_store.h, search in src/search, use cases in app/knowledge_service.h.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "common/time.h"
#include "domain/entities.h"

namespace loopdesk {

// draft: being written, visible to editors only; published: visible to every role and
// searchable by agents; archived: kept for reference, visible to editors only.
enum class ArticleStatus { kDraft, kPublished, kArchived };

std::string_view Name(ArticleStatus s);
std::optional<ArticleStatus> ParseArticleStatus(std::string_view s);
inline constexpr std::string_view kArticleStatusNames = "draft, published, archived";

// The category that marks reply scripts (话术): suggestions list them apart from articles.
inline constexpr std::string_view kScriptCategory = "script";

struct Article {
  Id id = 0;
  std::string title;     // 1..200 bytes
  std::string body;      // 1..100,000 bytes
  std::string category;  // free text ("warranty", "script", ...), '' = none
  std::vector<std::string> tags;
  std::string language = "zh";  // BCP 47-ish ("zh", "en")
  ArticleStatus status = ArticleStatus::kPublished;
  Id author_id = 0;  // the agent who created it (0: the system, e.g. demo data)
  int version = 1;   // raised by one on every change
  TimeMs created_at = 0;
  TimeMs updated_at = 0;
};

}  // namespace loopdesk
