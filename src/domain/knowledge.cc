#include "domain/knowledge.h"

namespace loopdesk {

std::string_view Name(ArticleStatus s) {
  switch (s) {
    case ArticleStatus::kDraft:
      return "draft";
    case ArticleStatus::kPublished:
      return "published";
    case ArticleStatus::kArchived:
      return "archived";
  }
  return "published";
}

std::optional<ArticleStatus> ParseArticleStatus(std::string_view s) {
  if (s == "draft") return ArticleStatus::kDraft;
  if (s == "published") return ArticleStatus::kPublished;
  if (s == "archived") return ArticleStatus::kArchived;
  return std::nullopt;
}

}  // namespace loopdesk
