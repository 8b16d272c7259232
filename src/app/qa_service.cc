#include "app/qa_service.h"

#include <chrono>
#include <cmath>

#include "text/conversation.h"

namespace loopdesk {

namespace {

constexpr const char* kRubricKey = "qa_rubric";

double R3(double v) { return std::round(v * 1000.0) / 1000.0; }

text::Speaker SpeakerOf(AuthorKind k) {
  switch (k) {
    case AuthorKind::kCustomer:
      return text::Speaker::kCustomer;
    case AuthorKind::kAgent:
      return text::Speaker::kAgent;
    case AuthorKind::kSystem:
      return text::Speaker::kSystem;
  }
  return text::Speaker::kSystem;
}

Value OptInt(const std::optional<int>& v) { return v ? Value(*v) : Value(); }

}  // namespace

QaService::QaService(Store& store, const Clock& clock, EventBus& bus,
                     const text::TurnScorer& scorer)
    : store_(store),
      clock_(clock),
      bus_(bus),
      scorer_(scorer),
      rubric_(std::make_shared<const text::Rubric>(text::DefaultRubric())) {}

QaService::~QaService() { Stop(); }

Status QaService::Load() {
  std::optional<Value> doc;
  LD_RETURN_IF_ERROR(store_.Read([&](UnitOfWork& uow) -> Status {
    LD_ASSIGN_OR_RETURN(doc, uow.GetConfig(kRubricKey));
    return Status::Ok();
  }));
  if (!doc) return Status::Ok();
  auto r = text::ParseRubric(*doc);
  if (!r.ok()) return Status::Internal("stored QA rubric is invalid: " + r.status().message());
  if (const Value* v = doc->Find("version"); v && v->is_int())
    r->version = static_cast<int>(v->as_int());
  std::lock_guard lock(rubric_mu_);
  rubric_ = std::make_shared<const text::Rubric>(std::move(r).value());
  return Status::Ok();
}

std::shared_ptr<const text::Rubric> QaService::RubricSnapshot() const {
  std::lock_guard lock(rubric_mu_);
  return rubric_;
}

Result<Value> QaService::GetRubric(const Principal&) {
  return text::RubricToValue(*RubricSnapshot());
}

Result<Value> QaService::PutRubric(const Principal& who, const Value& body) {
  if (who.role != Role::kAdmin && who.role != Role::kSupervisor)
    return Status::Denied("only an admin or a supervisor may change the QA rubric");
  LD_ASSIGN_OR_RETURN(text::Rubric next, text::ParseRubric(body));
  std::lock_guard write_lock(rubric_write_mu_);  // version read-modify-write
  next.version = RubricSnapshot()->version + 1;
  Value doc = text::RubricToValue(next);
  const TimeMs now = clock_.Now();
  Event e;
  LD_RETURN_IF_ERROR(store_.Write([&](UnitOfWork& uow) -> Status {
    LD_RETURN_IF_ERROR(uow.PutConfig(kRubricKey, doc, now));
    e = Event{};
    e.type = "qa.rubric_updated";
    e.at = now;
    e.actor = who.actor().ToString();
    Value data = Value::MakeObject();
    data.Set("version", next.version);
    data.Set("items", static_cast<int64_t>(next.items.size()));
    e.data = std::move(data);
    return uow.AppendEvent(e);
  }));
  {
    std::lock_guard lock(rubric_mu_);
    rubric_ = std::make_shared<const text::Rubric>(std::move(next));
  }
  bus_.Publish({e});
  return doc;
}

Result<QaService::Computed> QaService::Compute(UnitOfWork& uow, Id ticket_id,
                                               const text::Rubric& rubric) {
  Computed c;
  c.rubric_version = rubric.version;
  LD_ASSIGN_OR_RETURN(c.ticket, uow.GetTicket(ticket_id));
  LD_ASSIGN_OR_RETURN(std::vector<Transcript> trs, uow.ListTranscripts(ticket_id));
  // Several transcripts (calls) follow one another: each starts after the previous one ended.
  int64_t base = 0;
  for (const Transcript& tr : trs) {
    int64_t last = base;
    for (const TranscriptTurn& t : tr.turns) {
      text::Turn turn;
      turn.speaker = SpeakerOf(t.speaker);
      turn.at_ms = base + t.start_ms;
      if (t.end_ms) turn.end_ms = base + *t.end_ms;
      turn.text = t.text;
      last = std::max(last, turn.end_ms.value_or(turn.at_ms));
      c.turns.push_back(std::move(turn));
    }
    base = last + 1;
  }
  if (!c.turns.empty()) {
    c.is_call = true;
    c.source = "transcripts";
  } else {
    c.source = "messages";
    LD_ASSIGN_OR_RETURN(std::vector<Message> msgs, uow.ListMessages(ticket_id));
    for (const Message& m : msgs) {
      if (m.internal) continue;  // internal notes are never part of the conversation
      c.turns.push_back(text::Turn{SpeakerOf(m.author), m.created_at, std::nullopt, m.body});
    }
  }
  const bool resolved =
      c.ticket.status == TicketStatus::kResolved || c.ticket.status == TicketStatus::kClosed;
  c.analysis = text::AnalyzeConversation(c.turns, resolved, scorer_);
  text::QaInput in;
  in.turns = &c.turns;
  in.is_call = c.is_call;
  in.customer_upset = text::CustomerUpset(c.analysis);
  c.qa = text::ScoreQa(in, rubric);
  return c;
}

namespace {

Value ResultToValue(Id ticket_id, const std::vector<text::Turn>& turns, const std::string& source,
                    const text::ConversationAnalysis& a, const text::QaResult& q,
                    int rubric_version, TimeMs at) {
  Value out = Value::MakeObject();
  out.Set("ticket_id", ticket_id);
  out.Set("score", q.score ? Value(R3(*q.score)) : Value());
  out.Set("rubric_version", rubric_version);
  Value items = Value::MakeArray();
  for (const text::QaItemResult& r : q.items) {
    Value v = Value::MakeObject();
    v.Set("name", r.name);
    v.Set("kind", text::RubricKindName(r.kind));
    v.Set("score", r.applicable ? Value(R3(r.score)) : Value());
    v.Set("max", R3(r.max));
    v.Set("applicable", r.applicable);
    v.Set("note", r.note);
    Value ev = Value::MakeArray();
    for (const text::Evidence& e : r.evidence) {
      Value x = Value::MakeObject();
      x.Set("turn", e.turn);
      x.Set("text", e.text);
      x.Set("cue", e.cue.empty() ? Value() : Value(e.cue));
      ev.Push(std::move(x));
    }
    v.Set("evidence", std::move(ev));
    items.Push(std::move(v));
  }
  out.Set("items", std::move(items));
  Value tps = Value::MakeArray();
  for (const text::TurningPoint& tp : a.turning_points) {
    Value v = Value::MakeObject();
    v.Set("turn", tp.turn);
    v.Set("from", R3(tp.from));
    v.Set("to", R3(tp.to));
    v.Set("cause_turn", OptInt(tp.cause_turn));
    v.Set("text", turns[tp.turn].text);
    v.Set("cause_text", tp.cause_turn ? Value(turns[*tp.cause_turn].text) : Value());
    tps.Push(std::move(v));
  }
  out.Set("turning_points", std::move(tps));
  out.Set("hidden_dissatisfaction", a.hidden_dissatisfaction);
  out.Set("hidden_dissatisfaction_reason",
          a.hidden_dissatisfaction ? Value(a.hidden_reason) : Value());
  out.Set("hidden_dissatisfaction_turn", OptInt(a.hidden_evidence_turn));
  Value traj = Value::MakeArray();
  for (const text::TrajectoryPoint& p : a.trajectory) {
    Value v = Value::MakeObject();
    v.Set("turn", p.turn);
    v.Set("score", R3(p.score));
    v.Set("label", p.label);
    v.Set("level", R3(p.level));
    traj.Push(std::move(v));
  }
  out.Set("trajectory", std::move(traj));
  Value conv = Value::MakeObject();
  conv.Set("source", source);
  Value ts = Value::MakeArray();
  for (const text::Turn& t : turns) {
    Value v = Value::MakeObject();
    v.Set("speaker", text::SpeakerName(t.speaker));
    v.Set("text", t.text);
    ts.Push(std::move(v));
  }
  conv.Set("turns", std::move(ts));
  out.Set("conversation", std::move(conv));
  out.Set("computed_at", FormatIso8601(at));
  return out;
}

}  // namespace

Result<Value> QaService::GetTicketQa(const Principal&, Id ticket_id) {
  auto rubric = RubricSnapshot();
  const TimeMs now = clock_.Now();
  Value out;
  LD_RETURN_IF_ERROR(store_.Read([&](UnitOfWork& uow) -> Status {
    LD_ASSIGN_OR_RETURN(Computed c, Compute(uow, ticket_id, *rubric));
    out = ResultToValue(ticket_id, c.turns, c.source, c.analysis, c.qa, c.rubric_version, now);
    LD_ASSIGN_OR_RETURN(std::vector<QaReviewRecord> reviews, uow.ListQaReviews(ticket_id, 1));
    if (reviews.empty()) {
      out.Set("review", Value());
    } else {
      Value rv = reviews[0].doc;
      rv.Set("id", reviews[0].id);
      rv.Set("reviewer_id", reviews[0].reviewer_id);
      rv.Set("at", FormatIso8601(reviews[0].at));
      out.Set("review", std::move(rv));
    }
    return Status::Ok();
  }));
  return out;
}

Status QaService::ScoreAndStore(Id ticket_id) { return ScoreAndStore(std::vector<Id>{ticket_id}); }

Status QaService::ScoreAndStore(const std::vector<Id>& ticket_ids) {
  auto rubric = RubricSnapshot();
  const TimeMs now = clock_.Now();
  struct Row {
    Id id;
    Value doc;
    std::optional<double> score;
    bool hidden;
  };
  std::vector<Row> docs;
  LD_RETURN_IF_ERROR(store_.Read([&](UnitOfWork& uow) -> Status {
    for (Id id : ticket_ids) {
      auto c = Compute(uow, id, *rubric);
      if (!c.ok() && c.status().code() == Code::kNotFound) continue;
      if (!c.ok()) return c.status();
      docs.push_back(Row{
          id, ResultToValue(id, c->turns, c->source, c->analysis, c->qa, c->rubric_version, now),
          c->qa.score, c->analysis.hidden_dissatisfaction});
    }
    return Status::Ok();
  }));
  if (docs.empty()) return Status::Ok();
  // One transaction (one fsync) for the whole batch.
  return store_.Write([&](UnitOfWork& uow) -> Status {
    for (const Row& r : docs)
      LD_RETURN_IF_ERROR(uow.PutQaResult(r.id, r.doc, r.score, r.hidden, now));
    return Status::Ok();
  });
}

Result<Value> QaService::Summary(const Principal&) {
  QaSummary s;
  LD_RETURN_IF_ERROR(store_.Read([&](UnitOfWork& uow) -> Status {
    LD_ASSIGN_OR_RETURN(s, uow.SummarizeQaResults());
    return Status::Ok();
  }));
  Value out = Value::MakeObject();
  out.Set("scored", s.scored);
  out.Set("average_score", s.average_score ? Value(R3(*s.average_score)) : Value());
  out.Set("resolved", s.resolved);
  out.Set("hidden_dissatisfaction", s.hidden);
  out.Set("hidden_dissatisfaction_rate",
          s.resolved ? Value(R3(static_cast<double>(s.hidden) / s.resolved)) : Value());
  return out;
}

void QaService::Notify(const Event& e) {
  if (e.ticket_id == 0) return;
  if (e.type != "message.created" && e.type != "transcript.created" &&
      e.type != "ticket.status_changed")
    return;
  {
    std::lock_guard lock(mu_);
    pending_.insert(e.ticket_id);
  }
  cv_.notify_one();
}

void QaService::Start() {
  std::lock_guard lock(mu_);
  if (worker_.joinable()) return;
  stop_ = false;
  backfill_open_ = true;
  worker_ = std::thread([this] { Run(); });
}

void QaService::Stop() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  idle_cv_.notify_all();
  if (worker_.joinable()) worker_.join();
}

void QaService::Run() {
  for (;;) {
    std::vector<Id> batch;
    bool history = false;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [this] { return stop_ || !pending_.empty() || backfill_open_; });
      if (stop_) return;
      while (!pending_.empty() && batch.size() < kBatch) {
        batch.push_back(*pending_.begin());
        pending_.erase(pending_.begin());
      }
      history = batch.empty();
      busy_ = true;
    }
    // A failure (e.g. the store is shutting down) loses only these derived rows; the next
    // change of a ticket scores it again, and GET always computes on read.
    const auto t0 = std::chrono::steady_clock::now();
    bool more = true;
    if (history) more = BackfillBatch();
    else (void)ScoreAndStore(batch);
    const auto took = std::chrono::steady_clock::now() - t0;
    {
      std::unique_lock lock(mu_);
      busy_ = false;
      if (history && !more) backfill_open_ = false;
      idle_cv_.notify_all();
      // The history pass rests as long as it worked (≤ half a core); new changes and Stop
      // end the rest at once.
      if (history && more)
        cv_.wait_for(lock, took, [this] { return stop_ || !pending_.empty(); });
    }
  }
}

bool QaService::BackfillBatch() {
  Id after = 0;
  {
    std::lock_guard lock(mu_);
    after = backfill_after_;
  }
  std::vector<Id> ids;
  Status st = store_.Read([&](UnitOfWork& uow) -> Status {
    LD_ASSIGN_OR_RETURN(ids, uow.ListUnscoredTickets(after, static_cast<int>(kBatch)));
    return Status::Ok();
  });
  if (!st.ok() || ids.empty()) return false;
  // A failing batch is skipped (its tickets are scored when they next change, and GET
  // computes on read); the pass goes on with the next ids.
  (void)ScoreAndStore(ids);
  std::lock_guard lock(mu_);
  backfill_after_ = ids.back();
  backfilled_ += static_cast<int64_t>(ids.size());
  return true;
}

int64_t QaService::backfilled() const {
  std::lock_guard lock(mu_);
  return backfilled_;
}

void QaService::WaitIdle() {
  std::unique_lock lock(mu_);
  idle_cv_.wait(lock, [this] {
    return stop_ || !worker_.joinable() || (pending_.empty() && !busy_ && !backfill_open_);
  });
}

}  // namespace loopdesk
