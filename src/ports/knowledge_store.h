#pragma once
// The knowledge part of the store port (articles), reached through UnitOfWork::knowledge().
// Same contract as store.h: valid only inside the transaction of its UnitOfWork.

#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "domain/knowledge.h"

namespace loopdesk {

struct ArticleFilter {
  std::optional<ArticleStatus> status;  // none: every status
  std::string category;                 // '' = any
  std::string tag;                      // '' = any; else articles carrying this tag
  std::string language;                 // '' = any
  Id before_id = 0;                     // cursor: only ids below it (0 = from the newest)
  Id after_id = 0;                      // with oldest_first: only ids above it
  bool oldest_first = false;            // id ascending (index rebuilds)
  int limit = 50;
};

class KnowledgeStore {
 public:
  virtual ~KnowledgeStore() = default;

  // Assigns `id`, sets version to 1.
  virtual Status InsertArticle(Article& a) = 0;
  // Replaces the article a.id and raises its stored version by one (a.version is ignored on
  // input and set to the new version). kNotFound when unknown or deleted.
  virtual Status UpdateArticle(Article& a) = 0;
  // Marks it deleted (Get/List/Update then behave as if it never existed). kNotFound when
  // unknown or already deleted.
  virtual Status DeleteArticle(Id id, TimeMs at) = 0;
  virtual Result<Article> GetArticle(Id id) = 0;
  // Newest first (id descending) unless f.oldest_first.
  virtual Result<std::vector<Article>> ListArticles(const ArticleFilter& f) = 0;
};

}  // namespace loopdesk
