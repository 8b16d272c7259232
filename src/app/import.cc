// The historical import use case (app/import.h).

#include "app/import.h"

#include <algorithm>
#include <exception>

#include "app/voc_ops.h"
#include "common/json_text.h"
#include "common/utf8.h"
#include "domain/inference.h"
#include "domain/ticket_state.h"
#include "ports/secrets.h"

namespace loopdesk {

namespace {

constexpr size_t kMaxSubject = 500;
constexpr size_t kMaxBody = 100000;

// One step of a record's history in time order: an event, or the survey being sent/answered.
struct Step {
  TimeMs at = 0;
  int kind = 0;  // 0 event, 1 survey sent, 2 survey answered
  size_t index = 0;
};

TimeMs SurveySentAt(const ImportRecord& r) {
  if (r.survey->sent_at) return *r.survey->sent_at;
  if (r.survey->answered_at) return *r.survey->answered_at;
  TimeMs last = r.created_at;
  for (const auto& e : r.events) last = std::max(last, e.at);
  return last;
}

std::vector<Step> Steps(const ImportRecord& r) {
  std::vector<Step> steps;
  steps.reserve(r.events.size() + 2);
  for (size_t i = 0; i < r.events.size(); ++i) steps.push_back({r.events[i].at, 0, i});
  if (r.survey) {
    TimeMs sent = SurveySentAt(r);
    steps.push_back({sent, 1, 0});
    if (r.survey->score) steps.push_back({r.survey->answered_at.value_or(sent), 2, 0});
  }
  std::stable_sort(steps.begin(), steps.end(),
                   [](const Step& a, const Step& b) { return a.at < b.at; });
  return steps;
}

std::string EventField(size_t i, const char* name = nullptr) {
  std::string f = "events[" + std::to_string(i) + "]";
  if (name) f += std::string(".") + name;
  return f;
}

// Where the replay writes. Dry replays (validation, final state) pass nullptr. Two
// implementations write the same rows and events: GenericWriter through Operations (Value
// payloads, events collected for the bus) and BulkWriter through the store's BulkImportSink
// (payloads encoded straight to JSON text, nothing collected) — see Importer::Options.
class Writer {
 public:
  virtual ~Writer() = default;
  // The agent's id by external id (created when unknown).
  virtual Result<Id> Agent(const std::string& ext) = 0;
  virtual Status TicketCreated(const Ticket& t) = 0;
  virtual Status StatusChanged(const Actor& actor, TimeMs at, const Ticket& t, TicketStatus from,
                               TicketStatus to, const char* reason) = 0;
  // Inserts the message (assigning m.id) and records message.created.
  virtual Status MessageCreated(const Actor& actor, const Ticket& t, Message& m) = 0;
  // Writes the survey row (PersistSurvey) and records survey.sent.
  virtual Status SurveySent(TimeMs at, const ImportRecord& r, const Ticket& t) = 0;
  virtual Status SurveyAnswered(TimeMs at, const ImportRecord& r, const Ticket& t) = 0;
};

// The survey row of an imported survey, inserted once with its final state (like the
// ticket). History: no outbox message, no alert, no reminder (reminder_sent_at is set to
// sent_at so the scheduler never reminds a customer about a survey of the old help desk).
// Without surveys configured (no token secrets) no row is written and survey_id stays null.
// `english`: whether the customer's language is English, when the caller knows it.
Result<std::optional<Id>> PersistSurvey(Operations& ops, const ImportRecord& r, const Ticket& t,
                                        std::optional<bool> english = std::nullopt) {
  const VocContext* voc = ops.context().voc.get();
  if (!voc || !voc->secrets) return std::optional<Id>();
  const ImportSurvey& sv = *r.survey;
  if (!english) {
    LD_ASSIGN_OR_RETURN(Customer c, ops.uow().GetCustomer(t.customer_id));
    english = c.language.rfind("en", 0) == 0;
  }
  Survey s;
  s.kind = *ParseSurveyKind(sv.kind);
  s.ticket_id = t.id;
  s.customer_id = t.customer_id;
  s.channel = t.channel;
  s.language = *english ? "en" : "zh";
  s.token = voc->secrets->NewToken();
  s.url = SurveyUrl(ops, s);
  s.sent_at = SurveySentAt(r);
  s.expires_at = s.sent_at + voc->settings.survey_ttl_days * kDayMs;
  if (sv.score) {
    s.status = "answered";
    s.score = *sv.score;
    s.answered_at = sv.answered_at.value_or(s.sent_at);
    s.comment = sv.comment;
    if (!s.comment.empty() && voc->classifier) s.cause = voc->classifier->Classify(s.comment).cause;
  } else {
    s.reminder_sent_at = s.sent_at;
  }
  LD_RETURN_IF_ERROR(ops.uow().voc().InsertSurvey(s));
  return std::optional<Id>(s.id);
}

double SurveyScaled(const std::string& kind, int score) {
  if (kind == "csat") return (score - 1) * 2.5;
  if (kind == "ces") return (score - 1) * 10.0 / 6.0;
  return static_cast<double>(score);
}

const char* StatusReason(bool agent) { return agent ? "agent replied" : "customer replied"; }

// Replays the record's history on `t` (already holding the creation state). With `w`, each
// step is written (messages, events); without, only `t` changes and errors are found.
Status Replay(const ImportRecord& r, Ticket& t, Writer* w) {
  Actor last_agent = Actor::System();
  for (const Step& s : Steps(r)) {
    if (s.kind == 1 || s.kind == 2) {
      if (!w) continue;
      if (s.kind == 1) {
        LD_RETURN_IF_ERROR(w->SurveySent(s.at, r, t));
      } else {
        LD_RETURN_IF_ERROR(w->SurveyAnswered(s.at, r, t));
      }
      continue;
    }
    const ImportEvent& e = r.events[s.index];
    if (e.type == ImportEvent::Type::kStatus) {
      if (e.to == t.status) continue;  // nothing moves
      if (!CanTransition(t.status, e.to))
        return Status::Invalid(
            "cannot move from " + std::string(Name(t.status)) + " to " + std::string(Name(e.to)),
            EventField(s.index, "to"));
      const TicketStatus before = t.status;
      LD_RETURN_IF_ERROR(ApplyTransition(t, e.to, e.at));
      if (w) LD_RETURN_IF_ERROR(w->StatusChanged(last_agent, e.at, t, before, e.to, "imported"));
      continue;
    }
    const bool agent = e.type != ImportEvent::Type::kMessage || e.author == AuthorKind::kAgent;
    const bool internal = e.type == ImportEvent::Type::kNote;
    if (agent && e.agent_external_id.empty())
      return Status::Invalid("an agent's message needs agent_external_id",
                             EventField(s.index, "agent_external_id"));
    if (t.status == TicketStatus::kClosed && !internal)
      return Status::Invalid("the ticket is closed before this message", EventField(s.index, "at"));
    const AuthorKind author = agent ? AuthorKind::kAgent : AuthorKind::kCustomer;
    Actor actor = Actor::OfCustomer(t.customer_id);
    if (w) {
      if (agent) {
        LD_ASSIGN_OR_RETURN(Id aid, w->Agent(e.agent_external_id));
        actor = Actor::OfAgent(aid);
        if (!internal) last_agent = actor;
      }
      Message m;
      m.ticket_id = t.id;
      m.author = author;
      m.author_id = agent ? actor.id : t.customer_id;
      m.body = e.body;
      m.internal = internal;
      m.created_at = e.at;
      LD_RETURN_IF_ERROR(w->MessageCreated(actor, t, m));
    }
    if (agent && !internal) {
      if (!t.first_response_at) t.first_response_at = e.at;
      ++t.agent_reply_count;
    }
    if (auto next = StatusAfterMessage(t.status, author, internal)) {
      const TicketStatus before = t.status;
      LD_RETURN_IF_ERROR(ApplyTransition(t, *next, e.at));
      if (w) LD_RETURN_IF_ERROR(w->StatusChanged(actor, e.at, t, before, *next, StatusReason(agent)));
    }
  }
  return Status::Ok();
}

// Writes through Operations: Value payloads, events collected (and published by Service).
class GenericWriter final : public Writer {
 public:
  GenericWriter(Operations& ops, std::function<Result<Id>(const std::string&)> agent)
      : ops_(ops), agent_(std::move(agent)) {}
  Result<Id> Agent(const std::string& ext) override { return agent_(ext); }
  Status TicketCreated(const Ticket& t) override {
    Value d = Value::MakeObject();
    d.Set("subject", t.subject);
    d.Set("channel", std::string(Name(t.channel)));
    d.Set("priority", std::string(Name(t.priority)));
    d.Set("category", t.category);
    d.Set("assignee_id", t.assignee_id ? Value(*t.assignee_id) : Value());
    d.Set("team", t.team);
    d.Set("external_id", t.external_id);
    d.Set("imported", true);
    return ops_.Emit(Actor::System(), "ticket.created", t.created_at, t.id, t.customer_id,
                     std::move(d));
  }
  Status StatusChanged(const Actor& actor, TimeMs at, const Ticket& t, TicketStatus from,
                       TicketStatus to, const char* reason) override {
    Value d = Value::MakeObject();
    d.Set("from", std::string(Name(from)));
    d.Set("to", std::string(Name(to)));
    d.Set("reason", reason);
    return ops_.Emit(actor, "ticket.status_changed", at, t.id, t.customer_id, std::move(d));
  }
  Status MessageCreated(const Actor& actor, const Ticket& t, Message& m) override {
    LD_RETURN_IF_ERROR(ops_.uow().InsertMessage(m));
    Value d = Value::MakeObject();
    d.Set("message_id", m.id);
    d.Set("author", std::string(Name(m.author)));
    d.Set("internal", m.internal);
    d.Set("length", static_cast<int64_t>(Utf8Length(m.body)));
    return ops_.Emit(actor, "message.created", m.created_at, t.id, t.customer_id, std::move(d));
  }
  Status SurveySent(TimeMs at, const ImportRecord& r, const Ticket& t) override {
    LD_ASSIGN_OR_RETURN(survey_id_, PersistSurvey(ops_, r, t));
    Value d = Value::MakeObject();
    d.Set("survey_id", survey_id_ ? Value(*survey_id_) : Value());
    d.Set("kind", r.survey->kind);
    d.Set("channel", std::string(Name(t.channel)));
    return ops_.Emit(Actor::System(), "survey.sent", at, t.id, t.customer_id, std::move(d));
  }
  Status SurveyAnswered(TimeMs at, const ImportRecord& r, const Ticket& t) override {
    const ImportSurvey& sv = *r.survey;
    Value d = Value::MakeObject();
    d.Set("survey_id", survey_id_ ? Value(*survey_id_) : Value());
    d.Set("kind", sv.kind);
    d.Set("score", *sv.score);
    d.Set("scaled", SurveyScaled(sv.kind, *sv.score));
    d.Set("comment", sv.comment);
    return ops_.Emit(Actor::OfCustomer(t.customer_id), "survey.answered", at, t.id,
                     t.customer_id, std::move(d));
  }

 private:
  Operations& ops_;
  std::function<Result<Id>(const std::string&)> agent_;
  std::optional<Id> survey_id_;  // the survey row written at survey.sent
};

// The ticket as created (before its history), with inferred priority/category.
Ticket InitialTicket(const ImportRecord& r) {
  Ticket t;
  t.external_id = r.external_id;
  t.channel = r.channel;
  t.subject = std::string(TrimAscii(r.subject));
  t.description = r.description;
  const std::string text = t.subject + "\n" + t.description;
  t.priority = r.priority ? *r.priority : *ParsePriority(InferPriority(text).value);
  t.category = r.category ? *r.category : InferCategory(text).value;
  t.team = r.team.value_or("");
  t.status = TicketStatus::kNew;
  t.created_at = t.updated_at = r.created_at;
  return t;
}

// The agent who owns the imported ticket: the record's, else the last public replier.
std::string OwnerExternalId(const ImportRecord& r) {
  if (!r.agent_external_id.empty()) return r.agent_external_id;
  std::string owner;
  TimeMs at = INT64_MIN;
  for (const auto& e : r.events) {
    const bool reply = e.type == ImportEvent::Type::kReply ||
                       (e.type == ImportEvent::Type::kMessage && e.author == AuthorKind::kAgent);
    if (reply && e.at >= at) {
      at = e.at;
      owner = e.agent_external_id;
    }
  }
  return owner;
}

}  // namespace

// What the bulk writer needs of a record, computed while decoding (import.h). Ids the store
// assigns (customer, agents, ticket, messages, survey) are filled in by the writer: an agent
// is named by its index in `agents`, an event payload that carries a message or survey id is
// kept as the text before and after that number.
struct RecordPlan {
  struct Op {
    enum class Kind : uint8_t { kMessage, kSurvey, kEvent };
    enum class Hole : uint8_t { kNone, kMessageId, kSurveyId };
    Kind kind = Kind::kEvent;
    Hole hole = Hole::kNone;
    AuthorKind actor = AuthorKind::kSystem;  // the event's actor, the message's author
    bool internal = false;                   // messages
    int32_t agent = -1;                      // index in `agents` when the actor is an agent
    const char* type = "";                   // events
    TimeMs at = 0;
    // In `text`: an event's payload is [begin, split) + the id (if any) + [split, end); a
    // message's body is [begin, end).
    uint32_t begin = 0, split = 0, end = 0;
  };
  Ticket initial;      // as created, before its history (no customer, assignee or id yet)
  Ticket final_state;  // after its history
  int32_t owner = -1;  // index in `agents` of the ticket's owner
  std::vector<std::string> agents;
  std::vector<Op> ops;
  std::string text;
};

namespace {

// Records a record's history into its plan (no store): the Writer that Replay drives on the
// decoding thread. Agent "ids" are indexes into plan.agents, plus one (0 stays "none").
class PlanWriter final : public Writer {
 public:
  explicit PlanWriter(RecordPlan& plan) : plan_(plan) {}
  Result<Id> Agent(const std::string& ext) override { return AgentIndex(plan_, ext) + 1; }
  Status TicketCreated(const Ticket&) override { return Status::Ok(); }
  Status StatusChanged(const Actor& actor, TimeMs at, const Ticket&, TicketStatus from,
                       TicketStatus to, const char* reason) override {
    JsonObjectText d(json_);
    d.String("from", Name(from)).String("to", Name(to)).String("reason", reason);
    Event("ticket.status_changed", actor, at, d.Close(), std::string::npos);
    return Status::Ok();
  }
  Status MessageCreated(const Actor& actor, const Ticket&, Message& m) override {
    RecordPlan::Op op;
    op.kind = RecordPlan::Op::Kind::kMessage;
    op.actor = m.author;
    op.agent = actor.kind == AuthorKind::kAgent ? static_cast<int32_t>(actor.id) - 1 : -1;
    op.internal = m.internal;
    op.at = m.created_at;
    op.begin = Offset();
    plan_.text += m.body;
    op.end = Offset();
    plan_.ops.push_back(op);
    // {"message_id":<id>,"author":...}
    JsonObjectText d(json_);
    d.Int("message_id", 0).String("author", Name(m.author)).Bool("internal", m.internal);
    d.Int("length", static_cast<int64_t>(Utf8Length(m.body)));
    Event("message.created", actor, m.created_at, d.Close(), kIdAt("message_id"));
    plan_.ops.back().hole = RecordPlan::Op::Hole::kMessageId;
    return Status::Ok();
  }
  Status SurveySent(TimeMs at, const ImportRecord& r, const Ticket& t) override {
    RecordPlan::Op op;
    op.kind = RecordPlan::Op::Kind::kSurvey;
    op.at = at;
    plan_.ops.push_back(op);
    JsonObjectText d(json_);
    d.Int("survey_id", 0).String("kind", r.survey->kind).String("channel", Name(t.channel));
    Event("survey.sent", Actor::System(), at, d.Close(), kIdAt("survey_id"));
    plan_.ops.back().hole = RecordPlan::Op::Hole::kSurveyId;
    return Status::Ok();
  }
  Status SurveyAnswered(TimeMs at, const ImportRecord& r, const Ticket&) override {
    const ImportSurvey& sv = *r.survey;
    JsonObjectText d(json_);
    d.Int("survey_id", 0).String("kind", sv.kind).Int("score", *sv.score);
    d.Double("scaled", SurveyScaled(sv.kind, *sv.score)).String("comment", sv.comment);
    Event("survey.answered", Actor::OfCustomer(0), at, d.Close(), kIdAt("survey_id"));
    plan_.ops.back().hole = RecordPlan::Op::Hole::kSurveyId;
    return Status::Ok();
  }

  static int32_t AgentIndex(RecordPlan& plan, const std::string& ext) {
    for (size_t i = 0; i < plan.agents.size(); ++i)
      if (plan.agents[i] == ext) return static_cast<int32_t>(i);
    plan.agents.push_back(ext);
    return static_cast<int32_t>(plan.agents.size() - 1);
  }

 private:
  // Where the id goes in `{"<key>":0,...}`: right after the colon (the placeholder 0 is cut).
  static constexpr size_t kIdAt(std::string_view key) { return key.size() + 4; }
  uint32_t Offset() const { return static_cast<uint32_t>(plan_.text.size()); }
  // `hole`: the placeholder "0" at that offset of `data` is left out of the stored text.
  void Event(const char* type, const Actor& actor, TimeMs at, const std::string& data,
             size_t hole) {
    RecordPlan::Op op;
    op.kind = RecordPlan::Op::Kind::kEvent;
    op.type = type;
    op.actor = actor.kind;
    op.agent = actor.kind == AuthorKind::kAgent ? static_cast<int32_t>(actor.id) - 1 : -1;
    op.at = at;
    op.begin = Offset();
    if (hole == std::string::npos) {
      plan_.text += data;
      op.split = op.end = Offset();
    } else {
      plan_.text.append(data, 0, hole);
      op.split = Offset();
      plan_.text.append(data, hole + 1, std::string::npos);
      op.end = Offset();
    }
    plan_.ops.push_back(op);
  }

  RecordPlan& plan_;
  std::string json_;
};

// Plays a record's plan through the store's BulkImportSink once the store's ids are known:
// the same rows and event payloads as GenericWriter (JsonObjectText writes what
// ValueToJsonText writes for the same insertion-ordered object), nothing kept for the bus.
class PlanPlayer {
 public:
  PlanPlayer(Operations& ops, BulkImportSink& sink) : ops_(ops), sink_(sink) {}

  // Finds or creates an agent by external id.
  using AgentFor = std::function<Result<const Agent*>(const std::string&)>;
  // `english`: the customer's language, for the survey. Agents are resolved in the order
  // the generic path resolves them (the owner first, the others when first named), so that
  // agents created on the way get the same ids and their events the same place.
  Status Play(const ImportRecord& r, const RecordPlan& plan, Id customer_id, bool english,
              const AgentFor& agent_for);

 private:
  const std::string& ActorText(AuthorKind kind, int32_t agent) {
    if (kind == AuthorKind::kAgent) return agent_actor_[static_cast<size_t>(agent)];
    if (kind == AuthorKind::kCustomer) return customer_actor_;
    return system_actor_;
  }

  Operations& ops_;
  BulkImportSink& sink_;
  std::string json_, customer_actor_, system_actor_ = Actor::System().ToString();
  std::vector<const Agent*> agents_;  // of the record being played, resolved when first named
  std::vector<std::string> agent_actor_;
  Message message_;
};

Status PlanPlayer::Play(const ImportRecord& r, const RecordPlan& plan, Id customer_id,
                        bool english, const AgentFor& agent_for) {
  agents_.assign(plan.agents.size(), nullptr);
  agent_actor_.resize(plan.agents.size());
  auto agent = [&](int32_t i) -> Result<const Agent*> {
    const size_t k = static_cast<size_t>(i);
    if (!agents_[k]) {
      LD_ASSIGN_OR_RETURN(agents_[k], agent_for(plan.agents[k]));
      agent_actor_[k] = Actor::OfAgent(agents_[k]->id).ToString();
    }
    return agents_[k];
  };
  Ticket t = plan.final_state;
  t.customer_id = customer_id;
  if (plan.owner >= 0) {
    LD_ASSIGN_OR_RETURN(const Agent* owner, agent(plan.owner));
    t.assignee_id = owner->id;
    if (!r.team) t.team = owner->team;
  }
  LD_RETURN_IF_ERROR(sink_.InsertTicket(t));
  customer_actor_ = Actor::OfCustomer(customer_id).ToString();
  {
    const Ticket& c = plan.initial;
    JsonObjectText d(json_);
    d.String("subject", c.subject).String("channel", Name(c.channel));
    d.String("priority", Name(c.priority)).String("category", c.category);
    if (t.assignee_id)
      d.Int("assignee_id", *t.assignee_id);
    else
      d.Null("assignee_id");
    d.String("team", t.team).String("external_id", c.external_id).Bool("imported", true);
    EncodedEvent e{"ticket.created", c.created_at, system_actor_, t.id, customer_id, d.Close()};
    LD_RETURN_IF_ERROR(sink_.AppendEvent(e).status());
  }
  Id message_id = 0;
  std::optional<Id> survey_id;
  char num[24];
  for (const RecordPlan::Op& op : plan.ops) {
    using Kind = RecordPlan::Op::Kind;
    using Hole = RecordPlan::Op::Hole;
    if (op.kind == Kind::kMessage) {
      Message& m = message_;
      m.ticket_id = t.id;
      m.author = op.actor;
      if (op.actor == AuthorKind::kAgent) {
        LD_ASSIGN_OR_RETURN(const Agent* a, agent(op.agent));
        m.author_id = a->id;
      } else {
        m.author_id = customer_id;
      }
      m.body.assign(plan.text, op.begin, op.end - op.begin);
      m.internal = op.internal;
      m.created_at = op.at;
      LD_RETURN_IF_ERROR(sink_.InsertMessage(m));
      message_id = m.id;
      continue;
    }
    if (op.kind == Kind::kSurvey) {
      LD_ASSIGN_OR_RETURN(survey_id, PersistSurvey(ops_, r, t, english));
      continue;
    }
    std::string_view data(plan.text.data() + op.begin, op.end - op.begin);
    if (op.hole != Hole::kNone) {
      json_.assign(plan.text, op.begin, op.split - op.begin);
      const std::optional<Id> id =
          op.hole == Hole::kMessageId ? std::optional<Id>(message_id) : survey_id;
      if (id) {
        const int n = std::snprintf(num, sizeof num, "%lld", static_cast<long long>(*id));
        json_.append(num, static_cast<size_t>(n));
      } else {
        json_ += "null";
      }
      json_.append(plan.text, op.split, op.end - op.split);
      data = json_;
    }
    if (op.actor == AuthorKind::kAgent) LD_RETURN_IF_ERROR(agent(op.agent).status());
    EncodedEvent e{op.type, op.at, ActorText(op.actor, op.agent), t.id, customer_id, data};
    LD_RETURN_IF_ERROR(sink_.AppendEvent(e).status());
  }
  return Status::Ok();
}

// The checks of a record's fields (its history is checked by replaying it).
Status ValidateFields(const ImportRecord& r) {
  if (r.external_id.empty()) return Status::Invalid("external_id is required", "external_id");
  LD_RETURN_IF_ERROR(CheckText(r.external_id, "external_id", 200, true));
  LD_RETURN_IF_ERROR(CheckText(r.subject, "subject", kMaxSubject, true));
  LD_RETURN_IF_ERROR(CheckText(r.description, "description", kMaxBody, false));
  if (r.category && !IsValidCategory(*r.category))
    return Status::Invalid("category must be 1-64 of a-z, 0-9 and _", "category");
  if (r.team) LD_RETURN_IF_ERROR(CheckText(*r.team, "team", 100, false));
  const ImportCustomer& c = r.customer;
  if (c.external_id.empty() && c.phone.empty() && c.email.empty() && c.wechat_id.empty())
    return Status::Invalid("a customer needs an external_id or a phone, email or wechat_id",
                           "customer.external_id");
  LD_RETURN_IF_ERROR(CheckText(c.external_id, "customer.external_id", 200, false));
  for (size_t i = 0; i < r.events.size(); ++i) {
    const ImportEvent& e = r.events[i];
    if (e.at < r.created_at)
      return Status::Invalid("an event cannot precede created_at", EventField(i, "at"));
    if (e.type != ImportEvent::Type::kStatus) {
      Status st = CheckText(e.body, "body", kMaxBody, true);
      if (!st.ok()) return Status::Invalid(st.message(), EventField(i, "body"));
    }
  }
  if (r.survey) {
    const ImportSurvey& s = *r.survey;
    int lo = 0, hi = 10;
    if (s.kind == "csat")
      lo = 1, hi = 5;
    else if (s.kind == "ces")
      lo = 1, hi = 7;
    else if (s.kind != "nps")
      return Status::Invalid("kind must be csat, nps or ces", "survey.kind");
    if (s.score && (*s.score < lo || *s.score > hi))
      return Status::Invalid("score must be from " + std::to_string(lo) + " to " +
                                 std::to_string(hi) + " for " + s.kind,
                             "survey.score");
    if (!s.score && s.answered_at)
      return Status::Invalid("an answered survey needs its score", "survey.score");
    if ((s.sent_at && *s.sent_at < r.created_at) ||
        (s.answered_at && *s.answered_at < r.created_at))
      return Status::Invalid("a survey cannot precede created_at", "survey.sent_at");
    if (s.sent_at && s.answered_at && *s.answered_at < *s.sent_at)
      return Status::Invalid("a survey cannot be answered before it is sent", "survey.answered_at");
    LD_RETURN_IF_ERROR(CheckText(s.comment, "survey.comment", 10000, false));
  }
  return Status::Ok();
}

// Validates the record and plans its bulk write (see RecordPlan).
Status PlanRecord(const ImportRecord& r, RecordPlan& plan) {
  LD_RETURN_IF_ERROR(ValidateFields(r));
  plan.initial = InitialTicket(r);
  // The owner is resolved first, then every agent in the order the history names them: the
  // order in which unknown agents are created (and numbered).
  const std::string owner = OwnerExternalId(r);
  if (!owner.empty()) plan.owner = PlanWriter::AgentIndex(plan, owner);
  Ticket t = plan.initial;
  PlanWriter w(plan);
  LD_RETURN_IF_ERROR(Replay(r, t, &w));
  t.updated_at = std::max(t.updated_at, r.created_at);
  for (const auto& e : r.events) t.updated_at = std::max(t.updated_at, e.at);
  plan.final_state = std::move(t);
  return Status::Ok();
}

}  // namespace

Status ValidateImportRecord(const ImportRecord& r) {
  LD_RETURN_IF_ERROR(ValidateFields(r));
  Ticket t = InitialTicket(r);
  return Replay(r, t, nullptr);
}

// ---- Importer: batches, caches and the write of one record ----

Importer::Batch::Batch() = default;
Importer::Batch::~Batch() = default;
Importer::Batch::Batch(Batch&&) noexcept = default;
Importer::Batch& Importer::Batch::operator=(Batch&&) noexcept = default;

Importer::Importer(Service& svc, bool strict, int batch, bool bulk)
    : svc_(svc), strict_(strict), batch_(static_cast<size_t>(std::max(batch, 1))), bulk_(bulk) {}

Importer::~Importer() {
  // An import abandoned half-way (a failed store, an unreadable input): never leave the
  // store without its indexes (the store would also rebuild them when next opened).
  (void)Join();
  (void)RestoreIndexes();
}

void Importer::AddError(int line, std::string message) {
  summary_.errors.push_back({line, std::move(message)});
}

Status Importer::Add(ImportRecord r) {
  if (queue_.records.empty()) {
    queue_.records.reserve(strict_ ? 1024 : batch_);
    if (bulk_) queue_.plans.reserve(strict_ ? 1024 : batch_);
  }
  Status st;
  if (bulk_) {
    // The bulk writer plays a plan made here, on the decoding thread (see RecordPlan).
    queue_.plans.emplace_back();
    st = PlanRecord(r, queue_.plans.back());
    if (!st.ok()) queue_.plans.pop_back();
  } else {
    st = ValidateImportRecord(r);
  }
  if (!st.ok()) {
    AddError(r.line, st.field().empty() ? st.message() : st.field() + ": " + st.message());
    return Status::Ok();
  }
  queue_.records.push_back(std::move(r));
  if (!strict_ && queue_.records.size() >= batch_) return Flush();
  return Status::Ok();
}

Status Importer::Finish() {
  if (strict_ && !summary_.errors.empty()) {
    queue_ = Batch();  // all or nothing: nothing
    return RestoreIndexes();
  }
  Status st = Flush();
  Status joined = Join();
  if (st.ok()) st = joined;
  Status restored = RestoreIndexes();
  if (st.ok()) st = restored;
  if (bulk_ && !strict_) {
    // Pipelined: a batch's write errors arrive after the next batch's decode errors.
    std::stable_sort(summary_.errors.begin(), summary_.errors.end(),
                     [](const ImportError& a, const ImportError& b) { return a.line < b.line; });
  }
  return st;
}

Status Importer::Join() {
  if (!in_flight_.valid()) return Status::Ok();
  Status st;
  try {
    st = in_flight_.get();
  } catch (const std::exception& e) {
    st = Status::Internal(std::string("import write: ") + e.what());
  }
  for (ImportError& e : in_flight_errors_) summary_.errors.push_back(std::move(e));
  in_flight_errors_.clear();
  return st;
}

Status Importer::RestoreIndexes() {
  if (!indexes_deferred_) return Status::Ok();
  Status st = svc_.RunBatch([](Operations& ops) -> Status {
    BulkImportSink* sink = ops.uow().bulk_import();
    return sink ? sink->RestoreIndexes() : Status::Ok();
  });
  if (st.ok()) indexes_deferred_ = false;
  return st;
}

Status Importer::Flush() {
  if (queue_.records.empty()) return Status::Ok();
  Batch batch = std::move(queue_);
  queue_ = Batch();
  if (!bulk_ || strict_) return WriteRecords(batch, summary_.errors);
  // Pipelined: one batch in flight. The write thread owns the caches (agents_, customers_),
  // the summary's counters and in_flight_errors_ until Join.
  LD_RETURN_IF_ERROR(Join());
  in_flight_ = std::async(std::launch::async, [this, batch = std::move(batch)]() {
    return WriteRecords(batch, in_flight_errors_);
  });
  return Status::Ok();
}

Status Importer::WriteRecords(const Batch& batch, std::vector<ImportError>& errors) {
  std::vector<Item> items;
  items.reserve(batch.records.size());
  const bool planned = batch.plans.size() == batch.records.size();
  for (size_t i = 0; i < batch.records.size(); ++i)
    items.push_back({&batch.records[i], planned ? &batch.plans[i] : nullptr});
  int failed_line = 0;
  Status st = WriteBatch(items, &failed_line);
  if (st.ok() || failed_line == 0) return st;  // 0: the store itself failed
  auto message = [](const Status& s) {
    return s.field().empty() ? s.message() : s.field() + ": " + s.message();
  };
  if (strict_) {
    errors.push_back({failed_line, message(st)});
    return Status::Ok();
  }
  // One record failed while being written (e.g. its customer's phone belongs to another
  // customer): the batch rolled back, so write its records one by one to isolate it.
  for (const Item& item : items) {
    int line = 0;
    Status one = WriteBatch({item}, &line);
    if (one.ok()) continue;
    if (line == 0) return one;
    errors.push_back({line, message(one)});
  }
  return Status::Ok();
}

Status Importer::WriteBatch(const std::vector<Item>& items, int* failed_line) {
  ImportSummary add;
  std::unordered_map<std::string, Agent> new_agents;
  std::unordered_map<std::string, KnownCustomer> new_customers;
  std::unordered_map<std::string, Agent> loaded;
  const bool load_agents = !agents_loaded_;
  const bool check_indexes = bulk_ && !indexes_checked_ && expected_ >= kDeferIndexesMin;
  bool deferred = false;
  Status st = svc_.RunBatch([&](Operations& ops) -> Status {
    // A retried transaction starts afresh.
    add = ImportSummary{};
    new_agents.clear();
    new_customers.clear();
    deferred = false;
    *failed_line = 0;
    UnitOfWork& uow = ops.uow();
    BulkImportSink* sink = bulk_ ? uow.bulk_import() : nullptr;
    if (sink && check_indexes) {
      // Same transaction as the first rows: rolled back together.
      LD_ASSIGN_OR_RETURN(deferred, sink->DeferIndexes(expected_));
    }
    if (load_agents) {
      loaded.clear();
      AgentFilter f;
      f.limit = 500;
      for (;;) {
        LD_ASSIGN_OR_RETURN(auto page, uow.ListAgents(f));
        for (Agent& a : page)
          if (!a.external_id.empty()) loaded.emplace(a.external_id, a);
        if (page.size() < 500) break;
        f.after_id = page.back().id;
      }
    }
    auto find_agent = [&](const std::string& ext) -> const Agent* {
      if (auto it = new_agents.find(ext); it != new_agents.end()) return &it->second;
      const auto& known = load_agents ? loaded : agents_;
      if (auto it = known.find(ext); it != known.end()) return &it->second;
      return nullptr;
    };
    // Pointers into the maps stay valid (unordered_map nodes do not move).
    auto agent_for = [&](const ImportRecord& r, const std::string& ext) -> Result<const Agent*> {
      if (const Agent* a = find_agent(ext)) return a;
      NewAgent na;
      na.name = ext;
      na.external_id = ext;
      na.team = r.team.value_or("");
      na.capacity = 0;
      LD_ASSIGN_OR_RETURN(Agent a, ops.CreateAgent(Actor::System(), na, r.created_at));
      ++add.agents;
      return &new_agents.emplace(ext, std::move(a)).first->second;
    };
    std::optional<PlanPlayer> player;
    for (const Item& item : items) {
      const ImportRecord& r = *item.record;
      *failed_line = r.line;
      if (!r.external_id.empty()) {
        bool dup = false;
        if (sink) {
          LD_ASSIGN_OR_RETURN(dup, sink->HasTicket(r.external_id));
        } else {
          LD_ASSIGN_OR_RETURN(auto found, uow.FindTicketByExternalId(r.external_id));
          dup = found.has_value();
        }
        if (dup) {
          ++add.duplicates;
          continue;
        }
      }
      // The customer.
      const ImportCustomer& ic = r.customer;
      Id customer_id = 0;
      bool english = false;
      auto known = [&](const Customer& c) {
        customer_id = c.id;
        english = c.language.rfind("en", 0) == 0;
      };
      if (!ic.external_id.empty()) {
        if (auto it = new_customers.find(ic.external_id); it != new_customers.end()) {
          customer_id = it->second.id;
          english = it->second.english;
        } else if (auto it2 = customers_.find(ic.external_id); it2 != customers_.end()) {
          customer_id = it2->second.id;
          english = it2->second.english;
        } else {
          LD_ASSIGN_OR_RETURN(auto found, uow.FindCustomerByExternalId(ic.external_id));
          if (found) known(*found);
        }
      }
      if (!customer_id && (!ic.phone.empty() || !ic.email.empty() || !ic.wechat_id.empty())) {
        LD_ASSIGN_OR_RETURN(auto found,
                            uow.FindCustomerByContact(ic.phone, ic.email, ic.wechat_id));
        if (found) known(*found);
      }
      if (!customer_id) {
        NewCustomer nc;
        nc.external_id = ic.external_id;
        nc.name = ic.name.empty() ? ic.external_id : ic.name;
        nc.tier = ic.tier.value_or(Tier::kBasic);
        nc.phone = ic.phone;
        nc.email = ic.email;
        nc.wechat_id = ic.wechat_id;
        nc.region = ic.region;
        auto created = ops.CreateCustomer(Actor::System(), nc, r.created_at);
        if (!created.ok()) {
          const Status& cs = created.status();
          return Status(cs.code(), cs.message(),
                        cs.field().empty() ? "customer" : "customer." + cs.field());
        }
        known(*created);
        ++add.customers;
      }
      if (!ic.external_id.empty()) new_customers[ic.external_id] = {customer_id, english};

      if (sink && item.plan) {
        // The plan made while decoding, with the store's ids.
        if (!player) player.emplace(ops, *sink);
        LD_RETURN_IF_ERROR(player->Play(r, *item.plan, customer_id, english,
                                        [&](const std::string& ext) { return agent_for(r, ext); }));
        ++add.tickets;
        continue;
      }
      // The ticket with its final state, then its history.
      Ticket t = InitialTicket(r);
      t.customer_id = customer_id;
      const std::string owner = OwnerExternalId(r);
      if (!owner.empty()) {
        LD_ASSIGN_OR_RETURN(const Agent* a, agent_for(r, owner));
        t.assignee_id = a->id;
        if (!r.team) t.team = a->team;
      }
      Ticket final_state = t;
      LD_RETURN_IF_ERROR(Replay(r, final_state, nullptr));
      final_state.updated_at = std::max(final_state.updated_at, r.created_at);
      for (const auto& e : r.events)
        final_state.updated_at = std::max(final_state.updated_at, e.at);
      auto agent_id = [&](const std::string& ext) -> Result<Id> {
        LD_ASSIGN_OR_RETURN(const Agent* a, agent_for(r, ext));
        return a->id;
      };
      LD_RETURN_IF_ERROR(uow.InsertTicket(final_state));
      GenericWriter w(ops, agent_id);
      t.id = final_state.id;
      LD_RETURN_IF_ERROR(w.TicketCreated(t));
      LD_RETURN_IF_ERROR(Replay(r, t, &w));
      ++add.tickets;
    }
    *failed_line = 0;
    return Status::Ok();
  });
  if (!st.ok()) return st;
  if (check_indexes) {
    indexes_checked_ = true;
    indexes_deferred_ = deferred;
  }
  if (load_agents) {
    agents_ = std::move(loaded);
    agents_loaded_ = true;
  }
  for (auto& [k, a] : new_agents) agents_.emplace(k, std::move(a));
  for (auto& [k, c] : new_customers) customers_.emplace(k, c);
  summary_.tickets += add.tickets;
  summary_.customers += add.customers;
  summary_.agents += add.agents;
  summary_.duplicates += add.duplicates;
  return Status::Ok();
}

}  // namespace loopdesk
