#pragma once
// QaService: conversation analysis and automatic quality inspection of tickets (docs/qa.md).
// - GetTicketQa scores the ticket's conversation (its transcript turns, or else its public
//   messages in order) on read, so the answer is never stale.
// - A background worker re-scores a ticket after every committed message, transcript or
//   status change (Notify from the EventBus; never on the request's thread) and stores the
//   result in qa_results, so every conversation has a stored score for aggregates.
// - The rubric is a config document ("qa_rubric"; the built-in default until changed).
// - Manual reviews are stored with the automatic scores they correct; Calibration reports
//   per-item agreement between the two.
// Thread-safe.

#include <condition_variable>
#include <memory>
#include <mutex>
#include <set>
#include <thread>

#include "app/event_bus.h"
#include "app/inputs.h"
#include "common/time.h"
#include "ports/store.h"
#include "text/qa.h"
#include "text/turn_scorer.h"

namespace loopdesk {

class QaService {
 public:
  // `scorer` must outlive the service.
  QaService(Store& store, const Clock& clock, EventBus& bus, const text::TurnScorer& scorer);
  ~QaService();
  QaService(const QaService&) = delete;
  QaService& operator=(const QaService&) = delete;

  // Loads the stored rubric, if any (a stored rubric that no longer validates is an error).
  Status Load();

  // The rubric document (data/qa_rubric.json form plus version). Every role may read.
  Result<Value> GetRubric(const Principal& who);
  // Replaces the rubric (admin or supervisor, else kPermissionDenied); invalid documents fail
  // with kInvalidArgument naming the field. Appends qa.rubric_updated. Returns the stored form.
  Result<Value> PutRubric(const Principal& who, const Value& body);

  // {ticket_id, score, rubric_version, items:[{name, kind, score, max, applicable, note,
  // evidence:[{turn, text, cue}]}], turning_points:[{turn, from, to, cause_turn}],
  // hidden_dissatisfaction, hidden_dissatisfaction_reason, trajectory:[...], conversation:
  // {source, turns:[{speaker, text}]}, review, computed_at}. kNotFound for an unknown ticket.
  Result<Value> GetTicketQa(const Principal& who, Id ticket_id);

  // A manual review {items:[{name, score}], note?} by an admin or supervisor: each name an item
  // of the current rubric, each score 0..its max. Stored with the automatic scores of the
  // moment; appends qa.reviewed. Returns the stored review.
  Result<Value> Review(const Principal& who, Id ticket_id, const Value& body);

  // Per rubric item over the newest review of each reviewed ticket (at most `limit` reviews):
  // {reviews, items:[{name, reviewed, agreement, mean_abs_diff}]}; agreement compares
  // pass/fail (≥ half the max), mean_abs_diff is |manual − automatic| ÷ max.
  Result<Value> Calibration(const Principal& who, int limit);

  // Over the stored results (kept by the background worker, so a change shows once the
  // worker has scored it): {scored, average_score, resolved, hidden_dissatisfaction,
  // hidden_dissatisfaction_rate} — the rate is hidden ÷ resolved-or-closed scored tickets.
  Result<Value> Summary(const Principal& who);

  // Background scoring. Notify is the EventBus handler (cheap: records the ticket id).
  // Start also scores, in ascending id order, every ticket that has no stored result yet
  // (history: demo data, imports, stores older than the worker) when nothing new is waiting,
  // 64 at a time, resting as long as each batch took so that it uses at most half a core.
  void Notify(const Event& e);
  void Start();
  void Stop();
  // Scores tickets and stores their results in one transaction (what the worker does; unknown
  // tickets are skipped); public for tests.
  Status ScoreAndStore(Id ticket_id);
  Status ScoreAndStore(const std::vector<Id>& ticket_ids);
  // For tests: blocks until no ticket is waiting or being scored and the history is scored
  // (returns at once when the worker is not running).
  void WaitIdle();
  // Tickets scored by the history pass since Start (for logs and tests).
  int64_t backfilled() const;

 private:
  // One ticket's conversation and what the analysis made of it.
  struct Computed {
    Ticket ticket;
    std::vector<text::Turn> turns;
    bool is_call = false;
    std::string source;  // "transcripts" | "messages"
    text::ConversationAnalysis analysis;
    text::QaResult qa;
    int rubric_version = 0;
  };
  Result<Computed> Compute(UnitOfWork& uow, Id ticket_id, const text::Rubric& rubric);
  std::shared_ptr<const text::Rubric> RubricSnapshot() const;
  void Run();
  // One batch of the history pass: false when nothing is left.
  bool BackfillBatch();

  Store& store_;
  const Clock& clock_;
  EventBus& bus_;
  const text::TurnScorer& scorer_;

  mutable std::mutex rubric_mu_;
  std::shared_ptr<const text::Rubric> rubric_;
  std::mutex rubric_write_mu_;

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::condition_variable idle_cv_;
  std::set<Id> pending_;
  bool busy_ = false;
  bool stop_ = false;
  bool backfill_open_ = false;  // the history pass has tickets left to look at
  Id backfill_after_ = 0;       // its cursor: the last ticket id it looked at
  int64_t backfilled_ = 0;
  static constexpr size_t kBatch = 64;
  std::thread worker_;
};

}  // namespace loopdesk
