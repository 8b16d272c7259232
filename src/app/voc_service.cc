// Service members of the voice of the customer: settings, surveys, outbox, alerts,
// improvements and their background jobs (service.h).

#include <algorithm>

#include "app/paging.h"
#include "app/service.h"

namespace loopdesk {

namespace {

int Clamp(int limit) { return ClampPageLimit(limit); }

Status RequireManager(const Principal& who, const char* what) {
  if (who.role != Role::kAdmin && who.role != Role::kSupervisor)
    return Status::Denied(std::string("only an admin or a supervisor may ") + what);
  return Status::Ok();
}

}  // namespace

void Service::SetAnalyzer(const text::Analyzer* a) {
  analyzer_ = a;
  text_classifier_ = a ? std::make_unique<TextFeedbackClassifier>(*a) : nullptr;
  std::lock_guard lock(voc_mu_);
  if (!voc_) return;
  auto ctx = std::make_shared<VocContext>(*voc_);
  ctx->classifier = FeedbackClassifierInUse();
  voc_ = std::move(ctx);
}

const FeedbackClassifier* Service::FeedbackClassifierInUse() const {
  if (text_classifier_) return text_classifier_.get();
  return &classifier_;
}

Status Service::LoadVoc() {
  std::optional<Value> doc;
  LD_RETURN_IF_ERROR(store_.Read([&](UnitOfWork& uow) {
    LD_ASSIGN_OR_RETURN(doc, uow.GetConfig(kVocSettingsKey));
    return Status::Ok();
  }));
  VocSettings s;
  if (doc) {
    LD_ASSIGN_OR_RETURN(s, VocSettingsFromValue(*doc));
  }
  std::lock_guard lock(voc_mu_);
  voc_stored_ = s;
  auto ctx = std::make_shared<VocContext>();
  ctx->settings = s;
  if (!voc_webhook_.empty()) ctx->settings.notify_webhook = voc_webhook_;
  ctx->secrets = &secrets_;
  ctx->classifier = FeedbackClassifierInUse();
  ctx->base_url = voc_base_url_;
  voc_ = std::move(ctx);
  return Status::Ok();
}

std::shared_ptr<const VocContext> Service::VocSnapshot() const {
  std::lock_guard lock(voc_mu_);
  return voc_;
}

void Service::ConfigureVoc(const std::string& base_url, const std::string& webhook,
                           NotificationSender* sender) {
  std::lock_guard lock(voc_mu_);
  voc_base_url_ = base_url;
  voc_webhook_ = webhook;
  sender_ = sender;
  auto ctx = std::make_shared<VocContext>(voc_ ? *voc_ : VocContext{});
  ctx->settings = voc_stored_;
  if (!webhook.empty()) ctx->settings.notify_webhook = webhook;
  ctx->secrets = &secrets_;
  ctx->classifier = FeedbackClassifierInUse();
  ctx->base_url = base_url;
  voc_ = std::move(ctx);
}

Result<Value> Service::GetVocSettings(const Principal&) {
  auto ctx = VocSnapshot();
  return VocSettingsToValue(ctx ? ctx->settings : VocSettings{});
}

Result<Value> Service::PutVocSettings(const Principal& who, const Value& body) {
  LD_RETURN_IF_ERROR(RequireManager(who, "change survey and alert settings"));
  LD_ASSIGN_OR_RETURN(VocSettings s, VocSettingsFromValue(body));
  std::lock_guard lock(settings_mu_);
  const Value doc = VocSettingsToValue(s);
  const TimeMs now = clock_.Now();
  LD_RETURN_IF_ERROR(Write([&](Operations& ops) {
    LD_RETURN_IF_ERROR(ops.uow().PutConfig(kVocSettingsKey, doc, now));
    return ops.Emit(who.actor(), "settings.voc_saved", now, 0, 0, Value::MakeObject());
  }));
  LD_RETURN_IF_ERROR(LoadVoc());
  return GetVocSettings(who);
}

Result<Survey> Service::GetTicketSurvey(const Principal&, Id ticket_id) {
  std::optional<Survey> out;
  LD_RETURN_IF_ERROR(store_.Read([&](UnitOfWork& uow) {
    LD_RETURN_IF_ERROR(uow.GetTicket(ticket_id).status());
    LD_ASSIGN_OR_RETURN(out, uow.voc().FindTicketSurvey(ticket_id, SurveyKind::kCsat));
    return Status::Ok();
  }));
  if (!out) return Status::NotFound("no survey was sent for ticket " + std::to_string(ticket_id));
  return *out;
}

Result<Survey> Service::CreateSurvey(const Principal& who, const SurveyRequest& in) {
  Survey out;
  const TimeMs now = clock_.Now();
  LD_RETURN_IF_ERROR(Write([&](Operations& ops) {
    LD_ASSIGN_OR_RETURN(out, loopdesk::SendSurvey(ops, who.actor(), in, now));
    return Status::Ok();
  }));
  return out;
}

Result<Page<Survey>> Service::ListSurveys(const Principal&, const SurveyFilter& f) {
  SurveyFilter q = f;
  q.limit = Clamp(f.limit) + 1;
  q.now = clock_.Now();
  std::vector<Survey> rows;
  LD_RETURN_IF_ERROR(store_.Read([&](UnitOfWork& uow) {
    LD_ASSIGN_OR_RETURN(rows, uow.voc().ListSurveys(q));
    return Status::Ok();
  }));
  return PageOf(std::move(rows), Clamp(f.limit), [](const Survey& s) { return s.id; });
}

Result<Value> Service::SurveyStats(const Principal&, TimeMs from, TimeMs to,
                                   const std::string& group_by) {
  std::vector<SurveyGroupCounts> groups;
  LD_RETURN_IF_ERROR(store_.Read([&](UnitOfWork& uow) {
    LD_ASSIGN_OR_RETURN(groups, uow.voc().CountSurveys(from, to, group_by));
    return Status::Ok();
  }));
  Value items = Value::MakeArray();
  auto ratio = [](int64_t a, int64_t b) { return b > 0 ? Value(static_cast<double>(a) / b) : Value(); };
  for (const auto& g : groups) {
    Value v = Value::MakeObject();
    v.Set("key", group_by == "none" ? Value() : Value(g.key));
    v.Set("sent", g.sent);
    v.Set("answered", g.answered);
    v.Set("response_rate", ratio(g.answered, g.sent));
    v.Set("csat", ratio(g.csat_satisfied, g.csat_answers));
    v.Set("csat_answers", g.csat_answers);
    v.Set("nps", g.nps_answers > 0 ? Value(100.0 * (g.nps_promoters - g.nps_detractors) /
                                           static_cast<double>(g.nps_answers))
                                   : Value());
    v.Set("nps_answers", g.nps_answers);
    items.Push(std::move(v));
  }
  Value out = Value::MakeObject();
  out.Set("from", FormatIso8601(from));
  out.Set("to", FormatIso8601(to));
  out.Set("group_by", group_by);
  out.Set("groups", std::move(items));
  return out;
}

Result<Survey> Service::FindPublicSurvey(const std::string& token) {
  std::optional<Survey> out;
  LD_RETURN_IF_ERROR(store_.Read([&](UnitOfWork& uow) {
    LD_ASSIGN_OR_RETURN(out, uow.voc().FindSurveyByToken(token));
    return Status::Ok();
  }));
  if (!out) return Status::NotFound("no survey with this link");
  return *out;
}

Result<Survey> Service::AnswerSurvey(const std::string& token, int score,
                                     const std::string& comment) {
  Survey out;
  const TimeMs now = clock_.Now();
  LD_RETURN_IF_ERROR(Write([&](Operations& ops) {
    LD_ASSIGN_OR_RETURN(out, loopdesk::AnswerSurvey(ops, token, score, comment, now));
    return Status::Ok();
  }));
  return out;
}

std::string Service::SurveyLink(const Survey& s) {
  if (!s.url.empty() && s.url.front() != '/') return s.url;  // the link the customer got
  auto ctx = VocSnapshot();
  std::string base;
  if (ctx) base = ctx->settings.public_base_url.empty() ? ctx->base_url : ctx->settings.public_base_url;
  return base + "/s/" + s.token;
}

Result<Page<OutboxMessage>> Service::ListOutbox(const Principal&, const std::string& status,
                                                Id before_id, int limit) {
  std::vector<OutboxMessage> rows;
  LD_RETURN_IF_ERROR(store_.Read([&](UnitOfWork& uow) {
    LD_ASSIGN_OR_RETURN(rows, uow.voc().ListOutbox(status, before_id, Clamp(limit) + 1));
    return Status::Ok();
  }));
  return PageOf(std::move(rows), Clamp(limit), [](const OutboxMessage& m) { return m.id; });
}

Result<Page<Alert>> Service::ListAlerts(const Principal&, const AlertFilter& f) {
  AlertFilter q = f;
  q.limit = Clamp(f.limit) + 1;
  std::vector<Alert> rows;
  LD_RETURN_IF_ERROR(store_.Read([&](UnitOfWork& uow) {
    LD_ASSIGN_OR_RETURN(rows, uow.voc().ListAlerts(q));
    return Status::Ok();
  }));
  return PageOf(std::move(rows), Clamp(f.limit), [](const Alert& a) { return a.id; });
}

Result<Alert> Service::UpdateAlert(const Principal& who, Id id, const std::string& status,
                                   const std::string& outcome) {
  if (who.role == Role::kAgent)
    return Status::Denied("alerts are handled by supervisors, experts and customer-success managers");
  Alert out;
  const TimeMs now = clock_.Now();
  LD_RETURN_IF_ERROR(Write([&](Operations& ops) {
    LD_ASSIGN_OR_RETURN(out, ChangeAlert(ops, who.actor(), id, status, outcome, now));
    return Status::Ok();
  }));
  return out;
}

Result<Page<Improvement>> Service::ListImprovements(const Principal&, Id before_id, int limit) {
  std::vector<Improvement> rows;
  LD_RETURN_IF_ERROR(store_.Read([&](UnitOfWork& uow) {
    LD_ASSIGN_OR_RETURN(rows, uow.voc().ListImprovements(before_id, Clamp(limit) + 1));
    return Status::Ok();
  }));
  return PageOf(std::move(rows), Clamp(limit), [](const Improvement& i) { return i.id; });
}

Result<Improvement> Service::GetImprovement(const Principal&, Id id) {
  Improvement out;
  LD_RETURN_IF_ERROR(store_.Read([&](UnitOfWork& uow) {
    LD_ASSIGN_OR_RETURN(out, uow.voc().GetImprovement(id));
    return Status::Ok();
  }));
  return out;
}

Result<Improvement> Service::SaveImprovement(const Principal& who, Id id, const Value& body) {
  Improvement out;
  const TimeMs now = clock_.Now();
  LD_RETURN_IF_ERROR(Write([&](Operations& ops) {
    LD_ASSIGN_OR_RETURN(out, loopdesk::SaveImprovement(ops, who.actor(), id, body, now));
    return Status::Ok();
  }));
  return out;
}

Result<Improvement> Service::VerifyImprovement(const Principal& who, Id id) {
  Improvement out;
  const TimeMs now = clock_.Now();
  LD_RETURN_IF_ERROR(Write([&](Operations& ops) {
    LD_ASSIGN_OR_RETURN(out, loopdesk::VerifyImprovement(ops, who.actor(), id, now));
    return Status::Ok();
  }));
  return out;
}

Result<int> Service::NotifyImprovementCustomers(const Principal& who, Id id,
                                                const std::string& message) {
  int out = 0;
  const TimeMs now = clock_.Now();
  LD_RETURN_IF_ERROR(Write([&](Operations& ops) {
    LD_ASSIGN_OR_RETURN(out, loopdesk::NotifyImprovementCustomers(ops, who.actor(), id, message, now));
    return Status::Ok();
  }));
  return out;
}

Result<int> Service::RunVocJobs(TimeMs now) {
  auto ctx = VocSnapshot();
  if (!ctx) return 0;
  int done = 0;
  // One reminder per unanswered survey after reminder_after_h.
  if (ctx->settings.reminder_after_h > 0) {
    std::vector<Survey> due;
    LD_RETURN_IF_ERROR(store_.Read([&](UnitOfWork& uow) {
      LD_ASSIGN_OR_RETURN(due, uow.voc().SurveysNeedingReminder(
                                   now - ctx->settings.reminder_after_h * kHourMs, now, 200));
      return Status::Ok();
    }));
    for (const Survey& s : due) {
      LD_RETURN_IF_ERROR(Write([&](Operations& ops) { return SendSurveyReminder(ops, s.id, now); }));
      ++done;
    }
  }
  // Alerts left unhandled past their due time move up a level (each in its own transaction,
  // re-checked inside it).
  std::vector<Alert> overdue;
  LD_RETURN_IF_ERROR(store_.Read([&](UnitOfWork& uow) {
    LD_ASSIGN_OR_RETURN(overdue, uow.voc().DueAlerts(now, 200));
    return Status::Ok();
  }));
  for (const Alert& a : overdue) {
    bool moved = false;
    LD_RETURN_IF_ERROR(Write([&](Operations& ops) {
      LD_ASSIGN_OR_RETURN(moved, EscalateAlert(ops, a.id, now));
      return Status::Ok();
    }));
    done += moved ? 1 : 0;
  }
  LD_ASSIGN_OR_RETURN(int sent, DeliverOutbox(now));
  return done + sent;
}

Result<int> Service::DeliverOutbox(TimeMs now) {
  NotificationSender* sender = nullptr;
  std::string endpoint;
  {
    std::lock_guard lock(voc_mu_);
    sender = sender_;
    if (voc_) endpoint = voc_->settings.notify_webhook;
  }
  // Without an endpoint, messages stay pending (and listable) until one is set; a rule's
  // webhook messages carry their own URL (app/notify_ops.h).
  if (!sender) return 0;
  std::vector<OutboxMessage> due;
  LD_RETURN_IF_ERROR(store_.Read([&](UnitOfWork& uow) {
    LD_ASSIGN_OR_RETURN(due, uow.voc().DueOutbox(now, 50, /*webhooks_only=*/endpoint.empty()));
    return Status::Ok();
  }));
  constexpr int kMaxAttempts = 5;
  int sent = 0;
  for (OutboxMessage m : due) {
    // Delivery happens outside any transaction; its outcome is recorded afterwards. A crash
    // in between delivers the message again (at least once), never loses it.
    Status st = sender->Send(m, m.channel == "webhook" ? m.recipient : endpoint);
    ++m.attempts;
    if (st.ok()) {
      m.status = "sent";
      m.sent_at = now;
      m.last_error.clear();
      ++sent;
    } else {
      m.last_error = st.message().substr(0, 500);
      if (m.attempts >= kMaxAttempts) {
        m.status = "failed";
      } else {
        m.next_attempt_at = now + (TimeMs{10} << m.attempts) * kSecondMs;  // 20 s, 40 s, ...
      }
    }
    LD_RETURN_IF_ERROR(Write([&](Operations& ops) {
      LD_RETURN_IF_ERROR(ops.uow().voc().UpdateOutbox(m));
      if (m.status == "pending") return Status::Ok();
      Value d = Value::MakeObject();
      d.Set("outbox_id", m.id);
      d.Set("channel", m.channel);
      d.Set("purpose", m.purpose);
      d.Set("attempts", static_cast<int64_t>(m.attempts));
      if (m.survey_id) d.Set("survey_id", *m.survey_id);
      if (m.status == "failed") d.Set("error", m.last_error);
      return ops.Emit(Actor::System(), m.status == "sent" ? "notification.sent" : "notification.failed",
                      now, 0, m.customer_id, std::move(d));
    }));
  }
  return sent;
}

}  // namespace loopdesk
