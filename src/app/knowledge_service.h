#pragma once
// KnowledgeService: the knowledge base (DESIGN.md §1 H, docs/knowledge.md).
// - Articles: create, read, change, delete (soft), list with filters. Every change is one
//   durable transaction with its event (article.created | article.updated | article.deleted
//   {article_id, version, changes?}), published on the EventBus after commit.
// - Search over articles (search::TextIndex, BM25 with title boost, Chinese without spaces),
//   kept current after every committed change and rebuilt from the store by Load().
// - Suggestions for a ticket: matching articles, reply scripts (category "script") and
//   similar resolved tickets with their resolution time; the ticket index is rebuilt by Load()
//   and kept current from committed ticket events (Notify).
// Roles: every role reads published articles and searches them; admins and supervisors also
// see drafts and archived articles and are the only ones who create, change or delete.
// Thread-safe.

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "app/event_bus.h"
#include "app/inputs.h"
#include "common/time.h"
#include "ports/store.h"
#include "search/text_index.h"

namespace loopdesk {

struct NewArticle {
  std::string title;
  std::string body;
  std::string category;
  std::vector<std::string> tags;
  std::string language = "zh";
  ArticleStatus status = ArticleStatus::kPublished;
};

struct ArticlePatch {
  std::optional<std::string> title, body, category, language;
  std::optional<std::vector<std::string>> tags;
  std::optional<ArticleStatus> status;
};

struct ArticleHit {
  Id id = 0;
  std::string title;
  std::string snippet;  // HTML-escaped, matches in <mark>…</mark>
  double score = 0;
};

struct SimilarTicket {
  Id ticket_id = 0;
  std::string subject;
  int64_t resolution_s = 0;  // resolved_at − created_at, wall-clock seconds
  double score = 0;
};

struct Suggestions {
  std::vector<ArticleHit> articles;  // not scripts
  std::vector<ArticleHit> scripts;   // category "script"
  std::vector<SimilarTicket> similar;
  std::optional<int64_t> similar_avg_resolution_s;  // mean over `similar`; none when empty
};

class KnowledgeService {
 public:
  // The indexes must outlive the service; `articles` keeps snippets (store_body).
  KnowledgeService(Store& store, const Clock& clock, EventBus& bus, search::TextIndex& articles,
                   search::TextIndex& tickets);
  ~KnowledgeService();  // stops a background ticket load at its next page and waits for it
  KnowledgeService(const KnowledgeService&) = delete;
  KnowledgeService& operator=(const KnowledgeService&) = delete;

  // Rebuilds both indexes from the store (articles; resolved and closed tickets). With
  // `tickets_in_background` the ticket index is built on a thread of its own (so a server
  // with many tickets starts at once) and Suggest waits for it; call once.
  Status Load(bool tickets_in_background = false);

  // Writes need admin or supervisor (kPermissionDenied). Validation fails with
  // kInvalidArgument naming the field: title 1..200 characters, body 1..100,000, category
  // ≤ 64, language ≤ 16, tags as tickets' (≤ 50, each 1..64).
  Result<Article> Create(const Principal& who, const NewArticle& in);
  Result<Article> Update(const Principal& who, Id id, const ArticlePatch& in);
  Status Delete(const Principal& who, Id id);
  // kNotFound for unknown or deleted ids, and for unpublished articles read by agents.
  Result<Article> Get(const Principal& who, Id id);
  // Newest first. Agents see published articles only (a status filter other than published
  // gives them an empty page).
  Result<Page<Article>> List(const Principal& who, const ArticleFilter& f);

  // Best first, at most `limit` (1..50). Agents search published articles; editors every
  // status unless `status` is given. `category` '' = any.
  Result<std::vector<ArticleHit>> Search(const Principal& who, const std::string& q, int limit,
                                         const std::string& category = {},
                                         std::optional<ArticleStatus> status = std::nullopt);

  // Suggestions for ticket `ticket_id` (kNotFound when unknown): the query is its subject,
  // description and latest customer message; published articles and scripts only; similar
  // tickets are other resolved or closed tickets.
  Result<Suggestions> Suggest(const Principal& who, Id ticket_id, int limit = 5);

  // EventBus handler: remembers tickets whose status or text changed; they are re-indexed
  // before the next suggestion (or in bulk once many are waiting). Cheap.
  void Notify(const Event& e);
  // Re-indexes the remembered tickets now (what Suggest does first); public for tests.
  Status Flush();

  int64_t article_count() const { return articles_.size(); }
  int64_t ticket_count() const { return tickets_.size(); }

 private:
  Status IndexArticle(const Article& a);
  Status IndexTickets(UnitOfWork& uow, const std::vector<Id>& ids);
  // Indexes every resolved and closed ticket, one read transaction per page under flush_mu_
  // (so a Flush of a later change always lands after the page that read the older state).
  Status LoadTickets();
  Status WaitForTickets();

  Store& store_;
  const Clock& clock_;
  EventBus& bus_;
  search::TextIndex& articles_;
  search::TextIndex& tickets_;

  std::mutex pending_mu_;
  std::set<Id> pending_;  // tickets to re-index
  std::mutex flush_mu_;   // one flush at a time

  std::mutex load_mu_;
  std::condition_variable load_cv_;
  bool tickets_loaded_ = true;  // guarded by load_mu_
  Status load_status_;          // guarded by load_mu_
  std::atomic<bool> stop_loading_{false};  // set by the destructor: the loader stops at a page
  std::thread loader_;
};

// Resolution seconds of a resolved or closed ticket (resolved_at, else closed_at, minus
// created_at), or nullopt for other tickets.
std::optional<int64_t> ResolutionSeconds(const Ticket& t);

}  // namespace loopdesk
