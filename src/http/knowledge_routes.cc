#include "http/knowledge_routes.h"

#include <charconv>

#include "common/time.h"
#include "http/json_io.h"

namespace loopdesk::http {

namespace {

json ArticleJson(const Article& a) {
  return json{{"id", a.id},
              {"title", a.title},
              {"body", a.body},
              {"category", a.category},
              {"tags", a.tags},
              {"language", a.language},
              {"status", std::string(Name(a.status))},
              {"author_id", a.author_id ? json(a.author_id) : json()},
              {"version", a.version},
              {"created_at", FormatIso8601(a.created_at)},
              {"updated_at", FormatIso8601(a.updated_at)}};
}

json HitJson(const ArticleHit& h, bool with_snippet) {
  json j{{"id", h.id}, {"title", h.title}};
  if (with_snippet) j["snippet"] = h.snippet;
  j["score"] = h.score;
  return j;
}

// Helpers take the raw query value (req.Query("name") stays visible in each handler, where
// tests/e2e/test_openapi.py looks for the parameters a route reads).
Result<int> IntParam(const std::string* s, const char* name, int def, int min, int max) {
  if (!s || s->empty()) return def;
  int v = 0;
  auto [p, ec] = std::from_chars(s->data(), s->data() + s->size(), v);
  if (ec != std::errc() || p != s->data() + s->size() || v < min || v > max)
    return Status::Invalid(std::string(name) + " must be an integer from " + std::to_string(min) +
                               " to " + std::to_string(max),
                           name);
  return v;
}

Result<std::optional<ArticleStatus>> StatusParam(const std::string* s) {
  if (!s || s->empty()) return std::optional<ArticleStatus>();
  auto st = ParseArticleStatus(*s);
  if (!st)
    return Status::Invalid("unknown value \"" + *s + "\"; expected one of " +
                               std::string(kArticleStatusNames),
                           "status");
  return st;
}

std::string StringParam(const std::string* s) {
  return s ? *s : std::string();
}

Response BodyError(const Status& st) {
  return ErrorResponse(400, "bad_request", st.message(), st.field());
}

// The fields of a create (all) or patch (given ones) body. Unknown keys are refused so a typo
// ("titel") does not silently do nothing.
Status CheckKeys(const json& body) {
  static const char* kKeys[] = {"title", "body", "category", "tags", "language", "status",
                                "id", "version", "author_id", "created_at", "updated_at"};
  for (auto it = body.begin(); it != body.end(); ++it) {
    bool known = false;
    for (const char* k : kKeys) known = known || it.key() == k;
    if (!known) return Status::Invalid("unknown field \"" + it.key() + "\"", it.key());
  }
  return Status::Ok();
}

}  // namespace

void AddKnowledgeRoutes(Router& R, KnowledgeService& kb, const Authenticate& authed) {
  R.Add("POST", "/api/v1/articles", authed([&kb](Request& req, const Principal& who) {
          auto body = ParseJsonObject(req);
          if (!body.ok()) return BodyError(body.status());
          if (Status st = CheckKeys(*body); !st.ok()) return StatusResponse(st);
          FieldReader r(*body);
          NewArticle in;
          in.title = r.String("title", true).value_or("");
          in.body = r.String("body", true).value_or("");
          in.category = r.String("category").value_or("");
          in.tags = r.Strings("tags").value_or(std::vector<std::string>{});
          in.language = r.String("language").value_or("zh");
          if (auto s = r.Enum<ArticleStatus>("status", ParseArticleStatus,
                                                      "draft | published | archived"))
            in.status = *s;
          if (!r.ok()) return StatusResponse(r.status());
          auto a = kb.Create(who, in);
          if (!a.ok()) return StatusResponse(a.status());
          return JsonResponse(201, ArticleJson(*a));
        }));
  R.Add("GET", "/api/v1/articles", authed([&kb](Request& req, const Principal& who) {
          auto limit = QueryLimit(req);
          if (!limit.ok()) return StatusResponse(limit.status());
          auto cursor = DecodeCursor(req);
          if (!cursor.ok()) return StatusResponse(cursor.status());
          auto status = StatusParam(req.Query("status"));
          if (!status.ok()) return StatusResponse(status.status());
          ArticleFilter f;
          f.limit = *limit;
          f.before_id = *cursor;
          f.status = *status;
          f.category = StringParam(req.Query("category"));
          f.tag = StringParam(req.Query("tag"));
          f.language = StringParam(req.Query("language"));
          auto page = kb.List(who, f);
          if (!page.ok()) return StatusResponse(page.status());
          json items = json::array();
          for (const auto& a : page->items) items.push_back(ArticleJson(a));
          return JsonResponse(200, json{{"items", std::move(items)},
                                        {"next_cursor", page->next_cursor
                                                            ? json(EncodeCursor(*page->next_cursor))
                                                            : json()}});
        }));
  R.Add("GET", "/api/v1/articles/search", authed([&kb](Request& req, const Principal& who) {
          const std::string* q = req.Query("q");
          if (!q || q->find_first_not_of(" \t\r\n") == std::string::npos)
            return ErrorResponse(422, "invalid_argument", "q is required", "q");
          auto limit = IntParam(req.Query("limit"), "limit", 10, 1, 50);
          if (!limit.ok()) return StatusResponse(limit.status());
          auto status = StatusParam(req.Query("status"));
          if (!status.ok()) return StatusResponse(status.status());
          auto hits = kb.Search(who, *q, *limit, StringParam(req.Query("category")), *status);
          if (!hits.ok()) return StatusResponse(hits.status());
          json items = json::array();
          for (const auto& h : *hits) items.push_back(HitJson(h, true));
          return JsonResponse(200, json{{"items", std::move(items)}});
        }));
  R.Add("GET", "/api/v1/articles/{id}", authed([&kb](Request& req, const Principal& who) {
          auto id = PathId(req);
          if (!id.ok()) return StatusResponse(id.status());
          auto a = kb.Get(who, *id);
          if (!a.ok()) return StatusResponse(a.status());
          return JsonResponse(200, ArticleJson(*a));
        }));
  R.Add("PATCH", "/api/v1/articles/{id}", authed([&kb](Request& req, const Principal& who) {
          auto id = PathId(req);
          if (!id.ok()) return StatusResponse(id.status());
          auto body = ParseJsonObject(req);
          if (!body.ok()) return BodyError(body.status());
          if (Status st = CheckKeys(*body); !st.ok()) return StatusResponse(st);
          FieldReader r(*body);
          ArticlePatch p;
          p.title = r.String("title");
          p.body = r.String("body");
          p.category = r.String("category");
          p.tags = r.Strings("tags");
          p.language = r.String("language");
          p.status = r.Enum<ArticleStatus>("status", ParseArticleStatus,
                                                      "draft | published | archived");
          if (!r.ok()) return StatusResponse(r.status());
          auto a = kb.Update(who, *id, p);
          if (!a.ok()) return StatusResponse(a.status());
          return JsonResponse(200, ArticleJson(*a));
        }));
  R.Add("DELETE", "/api/v1/articles/{id}", authed([&kb](Request& req, const Principal& who) {
          auto id = PathId(req);
          if (!id.ok()) return StatusResponse(id.status());
          Status st = kb.Delete(who, *id);
          if (!st.ok()) return StatusResponse(st);
          Response r;
          r.status = 204;
          return r;
        }));
  R.Add("GET", "/api/v1/tickets/{id}/suggestions",
        authed([&kb](Request& req, const Principal& who) {
          auto id = PathId(req);
          if (!id.ok()) return StatusResponse(id.status());
          auto limit = IntParam(req.Query("limit"), "limit", 5, 1, 20);
          if (!limit.ok()) return StatusResponse(limit.status());
          auto s = kb.Suggest(who, *id, *limit);
          if (!s.ok()) return StatusResponse(s.status());
          json articles = json::array(), scripts = json::array(), similar = json::array();
          for (const auto& h : s->articles) articles.push_back(HitJson(h, true));
          for (const auto& h : s->scripts) scripts.push_back(HitJson(h, true));
          for (const auto& t : s->similar)
            similar.push_back(json{{"ticket_id", t.ticket_id},
                                   {"subject", t.subject},
                                   {"resolution_s", t.resolution_s},
                                   {"score", t.score}});
          json avg = s->similar_avg_resolution_s ? json(*s->similar_avg_resolution_s) : json();
          return JsonResponse(200, json{{"articles", std::move(articles)},
                                        {"scripts", std::move(scripts)},
                                        {"similar", std::move(similar)},
                                        {"similar_avg_resolution_s", std::move(avg)}});
        }));
}

}  // namespace loopdesk::http
