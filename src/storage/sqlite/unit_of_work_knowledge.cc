// The articles table of the SQLite UnitOfWork (migration 15): knowledge base articles,
// soft-deleted (deleted_at), with a version raised on every change. Tags are a JSON array.

#include <nlohmann/json.hpp>
#include <string>

#include "storage/sqlite/guard.h"
#include "storage/sqlite/unit_of_work.h"

namespace loopdesk::sqlite {

namespace {

Status ArticleNotFound(Id id) {
  return Status::NotFound("no article with id " + std::to_string(id));
}

Result<std::string> EncodeTags(const std::vector<std::string>& tags) {
  nlohmann::json a = nlohmann::json::array();
  for (const auto& t : tags) a.push_back(t);
  try {
    return a.dump();
  } catch (const nlohmann::json::exception&) {
    return Status::Invalid("tags hold text that is not valid UTF-8", "tags");
  }
}

constexpr const char* kSelect =
    "SELECT id, title, body, category, tags, language, status, author_id, version, created_at, "
    "updated_at FROM articles ";

Result<Article> ReadArticle(const Stmt& s) {
  Article a;
  a.id = s.Int(0);
  a.title = s.Text(1);
  a.body = s.Text(2);
  a.category = s.Text(3);
  const std::string tags = s.Text(4);
  auto j = nlohmann::json::parse(tags, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_array())
    return Status::Internal("corrupt value in articles.tags: '" + tags.substr(0, 100) + "'");
  for (const auto& e : j) {
    if (!e.is_string())
      return Status::Internal("corrupt value in articles.tags: '" + tags.substr(0, 100) + "'");
    a.tags.push_back(e.get<std::string>());
  }
  a.language = s.Text(5);
  const std::string status = s.Text(6);
  auto st = ParseArticleStatus(status);
  if (!st) return Status::Internal("corrupt value in articles.status: '" + status + "'");
  a.status = *st;
  a.author_id = s.Int(7);
  a.version = static_cast<int>(s.Int(8));
  a.created_at = s.Int(9);
  a.updated_at = s.Int(10);
  return a;
}

class SqliteKnowledgeStore final : public KnowledgeStore {
 public:
  SqliteKnowledgeStore(sql::Db& conn, bool read_only) : conn_(conn), read_only_(read_only) {}

  Status InsertArticle(Article& a) override {
    return Guard("insert article", [&]() -> Status {
      LD_RETURN_IF_ERROR(CheckWritable());
      LD_ASSIGN_OR_RETURN(std::string tags, EncodeTags(a.tags));
      LD_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(
                                      "INSERT INTO articles (title, body, category, tags, "
                                      "language, status, author_id, version, created_at, "
                                      "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?)"));
      s.Bind(a.title).Bind(a.body).Bind(a.category).Bind(tags).Bind(a.language);
      s.Bind(Name(a.status)).Bind(a.author_id).Bind(a.created_at).Bind(a.updated_at);
      LD_RETURN_IF_ERROR(s.Run("insert article"));
      a.id = conn_.LastInsertId();
      a.version = 1;
      return Status::Ok();
    });
  }

  Status UpdateArticle(Article& a) override {
    return Guard("update article", [&]() -> Status {
      LD_RETURN_IF_ERROR(CheckWritable());
      LD_ASSIGN_OR_RETURN(std::string tags, EncodeTags(a.tags));
      LD_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(
                                      "UPDATE articles SET title = ?, body = ?, category = ?, "
                                      "tags = ?, language = ?, status = ?, version = version + 1, "
                                      "updated_at = ? WHERE id = ? AND deleted_at IS NULL "
                                      "RETURNING version"));
      s.Bind(a.title).Bind(a.body).Bind(a.category).Bind(tags).Bind(a.language);
      s.Bind(Name(a.status)).Bind(a.updated_at).Bind(a.id);
      LD_ASSIGN_OR_RETURN(bool row, s.Step("update article"));
      if (!row) return ArticleNotFound(a.id);
      a.version = static_cast<int>(s.Int(0));
      LD_ASSIGN_OR_RETURN(bool more, s.Step("update article"));
      (void)more;
      return Status::Ok();
    });
  }

  Status DeleteArticle(Id id, TimeMs at) override {
    return Guard("delete article", [&]() -> Status {
      LD_RETURN_IF_ERROR(CheckWritable());
      LD_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(
                                      "UPDATE articles SET deleted_at = ?, updated_at = ?, "
                                      "version = version + 1 WHERE id = ? AND deleted_at IS NULL"));
      s.Bind(at).Bind(at).Bind(id);
      LD_RETURN_IF_ERROR(s.Run("delete article"));
      if (conn_.Changes() == 0) return ArticleNotFound(id);
      return Status::Ok();
    });
  }

  Result<Article> GetArticle(Id id) override {
    return Guard("get article", [&]() -> Result<Article> {
      LD_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(std::string(kSelect) +
                                                "WHERE id = ? AND deleted_at IS NULL"));
      s.Bind(id);
      LD_ASSIGN_OR_RETURN(bool row, s.Step("get article"));
      if (!row) return ArticleNotFound(id);
      return ReadArticle(s);
    });
  }

  Result<std::vector<Article>> ListArticles(const ArticleFilter& f) override {
    return Guard("list articles", [&]() -> Result<std::vector<Article>> {
      std::string sql = std::string(kSelect) + "WHERE deleted_at IS NULL";
      if (f.status) sql += " AND status = ?";
      if (!f.category.empty()) sql += " AND category = ?";
      if (!f.language.empty()) sql += " AND language = ?";
      if (!f.tag.empty()) {
        sql += conn_.is_postgres()
                   ? " AND EXISTS (SELECT 1 FROM json_array_elements_text(tags::json) AS j (value) "
                     "WHERE value = ?)"
                   : " AND EXISTS (SELECT 1 FROM json_each(tags) WHERE value = ?)";
      }
      if (f.oldest_first) {
        if (f.after_id > 0) sql += " AND id > ?";
        sql += " ORDER BY id ASC LIMIT ?";
      } else {
        if (f.before_id > 0) sql += " AND id < ?";
        sql += " ORDER BY id DESC LIMIT ?";
      }
      LD_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(sql));
      if (f.status) s.Bind(Name(*f.status));
      if (!f.category.empty()) s.Bind(f.category);
      if (!f.language.empty()) s.Bind(f.language);
      if (!f.tag.empty()) s.Bind(f.tag);
      if (f.oldest_first && f.after_id > 0) s.Bind(f.after_id);
      if (!f.oldest_first && f.before_id > 0) s.Bind(f.before_id);
      s.Bind(f.limit);
      std::vector<Article> out;
      for (;;) {
        LD_ASSIGN_OR_RETURN(bool row, s.Step("list articles"));
        if (!row) return out;
        LD_ASSIGN_OR_RETURN(Article a, ReadArticle(s));
        out.push_back(std::move(a));
      }
    });
  }

 private:
  Status CheckWritable() const {
    if (read_only_) return Status::Internal("read-only transaction: writes need Store::Write");
    return Status::Ok();
  }
  sql::Db& conn_;
  const bool read_only_;
};

}  // namespace

KnowledgeStore& SqliteUnitOfWork::knowledge() {
  if (!knowledge_) knowledge_ = std::make_unique<SqliteKnowledgeStore>(conn_, read_only_);
  return *knowledge_;
}

}  // namespace loopdesk::sqlite
