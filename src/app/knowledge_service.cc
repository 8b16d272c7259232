#include "app/knowledge_service.h"

#include <algorithm>
#include <cmath>

#include "app/operations.h"
#include "app/paging.h"

namespace loopdesk {

namespace {

constexpr int kPageSize = 1000;
// Suggestions keep hits scoring at least this share of the best hit: a query made of a whole
// ticket shares some word with almost every document, and the tail is noise.
constexpr double kRelativeCutoff = 0.35;
constexpr size_t kFlushThreshold = 2000;

bool IsEditor(const Principal& who) {
  return who.role == Role::kAdmin || who.role == Role::kSupervisor;
}

// Demo data and other jobs act as the system (agent id 0).
std::string ActorOf(const Principal& who) {
  return (who.agent_id ? who.actor() : Actor::System()).ToString();
}

double R4(double v) { return std::round(v * 10000.0) / 10000.0; }

Status Validate(const Article& a) {
  LD_RETURN_IF_ERROR(CheckText(a.title, "title", 200, true));
  LD_RETURN_IF_ERROR(CheckText(a.body, "body", 100000, true));
  LD_RETURN_IF_ERROR(CheckText(a.category, "category", 64, false));
  LD_RETURN_IF_ERROR(CheckText(a.language, "language", 16, false));
  if (a.language.empty()) return Status::Invalid("language cannot be empty", "language");
  return CheckTags(a.tags, "tags");
}

Value Strings(const std::vector<std::string>& v) {
  Value a = Value::MakeArray();
  for (const auto& s : v) a.Push(Value(s));
  return a;
}

Value Change(Value from, Value to) {
  Value c = Value::MakeObject();
  c.Set("from", std::move(from));
  c.Set("to", std::move(to));
  return c;
}

std::vector<ArticleHit> ToArticleHits(const std::vector<search::Hit>& hits) {
  std::vector<ArticleHit> out;
  for (const auto& h : hits) {
    ArticleHit a;
    a.id = h.id;
    a.title = h.title;
    a.snippet = h.snippet;
    a.score = R4(h.score);
    out.push_back(std::move(a));
  }
  return out;
}

template <typename T>
void CutTail(std::vector<T>& hits) {
  if (hits.empty()) return;
  const double best = hits.front().score;
  hits.erase(std::remove_if(hits.begin(), hits.end(),
                            [best](const T& h) { return h.score < best * kRelativeCutoff; }),
             hits.end());
}

}  // namespace

std::optional<int64_t> ResolutionSeconds(const Ticket& t) {
  if (t.status != TicketStatus::kResolved && t.status != TicketStatus::kClosed)
    return std::nullopt;
  std::optional<TimeMs> end = t.resolved_at ? t.resolved_at : t.closed_at;
  if (!end) return std::nullopt;
  return std::max<int64_t>(0, (*end - t.created_at) / 1000);
}

KnowledgeService::KnowledgeService(Store& store, const Clock& clock, EventBus& bus,
                                   search::TextIndex& articles, search::TextIndex& tickets)
    : store_(store), clock_(clock), bus_(bus), articles_(articles), tickets_(tickets) {}

Status KnowledgeService::IndexArticle(const Article& a) {
  search::IndexDoc d;
  d.id = a.id;
  d.title = a.title;
  d.body = a.body;
  d.tags.push_back("status:" + std::string(Name(a.status)));
  if (!a.category.empty()) d.tags.push_back("category:" + a.category);
  d.tags.push_back("lang:" + a.language);
  for (const auto& t : a.tags) d.tags.push_back("tag:" + t);
  return articles_.Put(d);
}

Status KnowledgeService::IndexTickets(UnitOfWork& uow, const std::vector<Id>& ids) {
  for (Id id : ids) {
    auto t = uow.GetTicket(id);
    if (!t.ok()) {
      if (t.status().code() != Code::kNotFound) return t.status();
      LD_RETURN_IF_ERROR(tickets_.Remove(id));
      continue;
    }
    std::optional<int64_t> secs = ResolutionSeconds(*t);
    if (!secs) {
      LD_RETURN_IF_ERROR(tickets_.Remove(id));
      continue;
    }
    search::IndexDoc d;
    d.id = t->id;
    d.title = t->subject;
    d.body = t->description;
    d.value = *secs;
    LD_RETURN_IF_ERROR(tickets_.Put(d));
  }
  return Status::Ok();
}

KnowledgeService::~KnowledgeService() {
  stop_loading_ = true;
  if (loader_.joinable()) loader_.join();
}

Status KnowledgeService::Load(bool tickets_in_background) {
  LD_RETURN_IF_ERROR(articles_.Clear());
  LD_RETURN_IF_ERROR(tickets_.Clear());
  LD_RETURN_IF_ERROR(store_.Read([&](UnitOfWork& uow) -> Status {
    ArticleFilter f;
    f.oldest_first = true;
    f.limit = kPageSize;
    for (;;) {
      LD_ASSIGN_OR_RETURN(std::vector<Article> page, uow.knowledge().ListArticles(f));
      for (const Article& a : page) LD_RETURN_IF_ERROR(IndexArticle(a));
      if (static_cast<int>(page.size()) < f.limit) break;
      f.after_id = page.back().id;
    }
    return Status::Ok();
  }));
  if (!tickets_in_background) return LoadTickets();
  {
    std::lock_guard lock(load_mu_);
    tickets_loaded_ = false;
  }
  loader_ = std::thread([this] {
    Status st = LoadTickets();
    std::lock_guard lock(load_mu_);
    load_status_ = st;
    tickets_loaded_ = true;
    load_cv_.notify_all();
  });
  return Status::Ok();
}

Status KnowledgeService::LoadTickets() {
  for (TicketStatus s : {TicketStatus::kResolved, TicketStatus::kClosed}) {
    TicketFilter tf;
    tf.status = s;
    tf.limit = kPageSize;
    for (bool more = true; more;) {
      // Shutting down: a server stopped during its first minutes need not finish the index.
      if (stop_loading_.load(std::memory_order_relaxed))
        return Status::Unavailable("the similar-ticket index load was stopped");
      std::lock_guard flush_lock(flush_mu_);
      LD_RETURN_IF_ERROR(store_.Read([&](UnitOfWork& uow) -> Status {
        LD_ASSIGN_OR_RETURN(std::vector<Ticket> page, uow.ListTickets(tf));
        for (const Ticket& t : page) {
          std::optional<int64_t> secs = ResolutionSeconds(t);
          if (!secs) continue;
          search::IndexDoc d;
          d.id = t.id;
          d.title = t.subject;
          d.body = t.description;
          d.value = *secs;
          LD_RETURN_IF_ERROR(tickets_.Put(d));
        }
        more = static_cast<int>(page.size()) == tf.limit;
        if (more) tf.before_id = page.back().id;
        return Status::Ok();
      }));
    }
  }
  return Status::Ok();
}

Status KnowledgeService::WaitForTickets() {
  std::unique_lock lock(load_mu_);
  load_cv_.wait(lock, [this] { return tickets_loaded_; });
  if (!load_status_.ok())
    return Status::Unavailable("the similar-ticket index could not be built: " +
                               load_status_.message());
  return Status::Ok();
}

Result<Article> KnowledgeService::Create(const Principal& who, const NewArticle& in) {
  if (!IsEditor(who)) return Status::Denied("only an admin or a supervisor may write articles");
  Article a;
  a.title = in.title;
  a.body = in.body;
  a.category = in.category;
  a.tags = in.tags;
  a.language = in.language;
  a.status = in.status;
  a.author_id = who.agent_id;
  a.created_at = a.updated_at = clock_.Now();
  LD_RETURN_IF_ERROR(Validate(a));
  Event e;
  LD_RETURN_IF_ERROR(store_.Write([&](UnitOfWork& uow) -> Status {
    LD_RETURN_IF_ERROR(uow.knowledge().InsertArticle(a));
    e = Event{};
    e.type = "article.created";
    e.at = a.created_at;
    e.actor = ActorOf(who);
    Value d = Value::MakeObject();
    d.Set("article_id", a.id);
    d.Set("version", static_cast<int64_t>(a.version));
    d.Set("title", a.title);
    d.Set("category", a.category);
    d.Set("status", std::string(Name(a.status)));
    e.data = std::move(d);
    return uow.AppendEvent(e);
  }));
  bus_.Publish({e});
  LD_RETURN_IF_ERROR(IndexArticle(a));
  return a;
}

Result<Article> KnowledgeService::Update(const Principal& who, Id id, const ArticlePatch& in) {
  if (!IsEditor(who)) return Status::Denied("only an admin or a supervisor may write articles");
  Article out;
  Event e;
  const TimeMs now = clock_.Now();
  LD_RETURN_IF_ERROR(store_.Write([&](UnitOfWork& uow) -> Status {
    LD_ASSIGN_OR_RETURN(Article a, uow.knowledge().GetArticle(id));
    const Article before = a;
    Value changes = Value::MakeObject();
    if (in.title && *in.title != a.title) {
      changes.Set("title", Change(Value(a.title), Value(*in.title)));
      a.title = *in.title;
    }
    if (in.body && *in.body != a.body) {
      Value c = Value::MakeObject();
      c.Set("changed", true);
      changes.Set("body", std::move(c));
      a.body = *in.body;
    }
    if (in.category && *in.category != a.category) {
      changes.Set("category", Change(Value(a.category), Value(*in.category)));
      a.category = *in.category;
    }
    if (in.language && *in.language != a.language) {
      changes.Set("language", Change(Value(a.language), Value(*in.language)));
      a.language = *in.language;
    }
    if (in.tags && *in.tags != a.tags) {
      changes.Set("tags", Change(Strings(a.tags), Strings(*in.tags)));
      a.tags = *in.tags;
    }
    if (in.status && *in.status != a.status) {
      changes.Set("status", Change(Value(std::string(Name(a.status))),
                                   Value(std::string(Name(*in.status)))));
      a.status = *in.status;
    }
    LD_RETURN_IF_ERROR(Validate(a));
    if (changes.as_object().empty()) {  // nothing to change: no new version, no event
      out = before;
      return Status::Ok();
    }
    a.updated_at = now;
    LD_RETURN_IF_ERROR(uow.knowledge().UpdateArticle(a));
    e.type = "article.updated";
    e.at = now;
    e.actor = ActorOf(who);
    Value d = Value::MakeObject();
    d.Set("article_id", a.id);
    d.Set("version", static_cast<int64_t>(a.version));
    d.Set("changes", std::move(changes));
    e.data = std::move(d);
    LD_RETURN_IF_ERROR(uow.AppendEvent(e));
    out = a;
    return Status::Ok();
  }));
  if (e.type.empty()) return out;
  bus_.Publish({e});
  LD_RETURN_IF_ERROR(IndexArticle(out));
  return out;
}

Status KnowledgeService::Delete(const Principal& who, Id id) {
  if (!IsEditor(who)) return Status::Denied("only an admin or a supervisor may delete articles");
  Event e;
  const TimeMs now = clock_.Now();
  LD_RETURN_IF_ERROR(store_.Write([&](UnitOfWork& uow) -> Status {
    LD_ASSIGN_OR_RETURN(Article a, uow.knowledge().GetArticle(id));
    LD_RETURN_IF_ERROR(uow.knowledge().DeleteArticle(id, now));
    e = Event{};
    e.type = "article.deleted";
    e.at = now;
    e.actor = ActorOf(who);
    Value d = Value::MakeObject();
    d.Set("article_id", id);
    d.Set("version", static_cast<int64_t>(a.version + 1));
    d.Set("title", a.title);
    e.data = std::move(d);
    return uow.AppendEvent(e);
  }));
  bus_.Publish({e});
  return articles_.Remove(id);
}

Result<Article> KnowledgeService::Get(const Principal& who, Id id) {
  Article a;
  LD_RETURN_IF_ERROR(store_.Read([&](UnitOfWork& uow) -> Status {
    LD_ASSIGN_OR_RETURN(a, uow.knowledge().GetArticle(id));
    return Status::Ok();
  }));
  if (!IsEditor(who) && a.status != ArticleStatus::kPublished)
    return Status::NotFound("no article with id " + std::to_string(id));
  return a;
}

Result<Page<Article>> KnowledgeService::List(const Principal& who, const ArticleFilter& f) {
  ArticleFilter q = f;
  const int limit = ClampPageLimit(f.limit);
  q.limit = limit + 1;
  q.oldest_first = false;
  if (!IsEditor(who)) {
    if (q.status && *q.status != ArticleStatus::kPublished) return Page<Article>{};
    q.status = ArticleStatus::kPublished;
  }
  std::vector<Article> rows;
  LD_RETURN_IF_ERROR(store_.Read([&](UnitOfWork& uow) -> Status {
    LD_ASSIGN_OR_RETURN(rows, uow.knowledge().ListArticles(q));
    return Status::Ok();
  }));
  return PageOf(std::move(rows), limit, [](const Article& a) { return a.id; });
}

Result<std::vector<ArticleHit>> KnowledgeService::Search(const Principal& who,
                                                         const std::string& q, int limit,
                                                         const std::string& category,
                                                         std::optional<ArticleStatus> status) {
  LD_RETURN_IF_ERROR(CheckText(q, "q", 1000, false));
  search::Query query;
  query.text = q;
  query.limit = std::clamp(limit, 1, 50);
  query.snippet_chars = 120;
  if (!IsEditor(who)) {
    if (status && *status != ArticleStatus::kPublished) return std::vector<ArticleHit>{};
    status = ArticleStatus::kPublished;
  }
  if (status) query.all_tags.push_back("status:" + std::string(Name(*status)));
  if (!category.empty()) query.all_tags.push_back("category:" + category);
  LD_ASSIGN_OR_RETURN(std::vector<search::Hit> hits, articles_.Search(query));
  return ToArticleHits(hits);
}

void KnowledgeService::Notify(const Event& e) {
  if (!e.ticket_id) return;
  if (e.type != "ticket.status_changed" && e.type != "ticket.updated") return;
  bool flush = false;
  {
    std::lock_guard lock(pending_mu_);
    pending_.insert(e.ticket_id);
    flush = pending_.size() >= kFlushThreshold;
  }
  if (flush) (void)Flush();  // bulk jobs: index as they go; an error is retried on next flush
}

Status KnowledgeService::Flush() {
  std::lock_guard flush_lock(flush_mu_);
  std::vector<Id> ids;
  {
    std::lock_guard lock(pending_mu_);
    ids.assign(pending_.begin(), pending_.end());
    pending_.clear();
  }
  if (ids.empty()) return Status::Ok();
  Status st = store_.Read([&](UnitOfWork& uow) { return IndexTickets(uow, ids); });
  if (!st.ok()) {
    std::lock_guard lock(pending_mu_);
    pending_.insert(ids.begin(), ids.end());
  }
  return st;
}

Result<Suggestions> KnowledgeService::Suggest(const Principal&, Id ticket_id, int limit) {
  LD_RETURN_IF_ERROR(WaitForTickets());
  LD_RETURN_IF_ERROR(Flush());
  Ticket t;
  std::string latest_customer;
  LD_RETURN_IF_ERROR(store_.Read([&](UnitOfWork& uow) -> Status {
    LD_ASSIGN_OR_RETURN(t, uow.GetTicket(ticket_id));
    LD_ASSIGN_OR_RETURN(std::vector<Message> msgs, uow.ListMessages(ticket_id));
    for (auto it = msgs.rbegin(); it != msgs.rend(); ++it)
      if (it->author == AuthorKind::kCustomer && !it->internal) {
        latest_customer = it->body;
        break;
      }
    return Status::Ok();
  }));
  const std::string text = t.subject + "\n" + t.description + "\n" + latest_customer;
  Suggestions out;

  search::Query q;
  q.text = text;
  q.limit = limit;
  q.all_tags = {"status:published"};
  q.none_tags = {"category:" + std::string(kScriptCategory)};
  q.snippet_chars = 120;
  LD_ASSIGN_OR_RETURN(std::vector<search::Hit> articles, articles_.Search(q));
  out.articles = ToArticleHits(articles);
  CutTail(out.articles);

  q.none_tags.clear();
  q.all_tags.push_back("category:" + std::string(kScriptCategory));
  q.limit = 3;
  LD_ASSIGN_OR_RETURN(std::vector<search::Hit> scripts, articles_.Search(q));
  out.scripts = ToArticleHits(scripts);
  CutTail(out.scripts);

  search::Query sq;
  sq.text = t.subject + "\n" + t.description;
  sq.limit = limit;
  sq.exclude = {ticket_id};
  LD_ASSIGN_OR_RETURN(std::vector<search::Hit> similar, tickets_.Search(sq));
  for (const auto& h : similar) {
    SimilarTicket s;
    s.ticket_id = h.id;
    s.subject = h.title;
    s.resolution_s = h.value;
    s.score = R4(h.score);
    out.similar.push_back(std::move(s));
  }
  CutTail(out.similar);
  if (!out.similar.empty()) {
    int64_t sum = 0;
    for (const auto& s : out.similar) sum += s.resolution_s;
    out.similar_avg_resolution_s = sum / static_cast<int64_t>(out.similar.size());
  }
  return out;
}

}  // namespace loopdesk
