#include "app/voc_ops.h"

#include "app/feedback_ops.h"

#include <cmath>
#include <cstdio>

#include "common/utf8.h"
#include "ports/secrets.h"

namespace loopdesk {

namespace {

const VocContext* Voc(const Operations& ops) { return ops.context().voc.get(); }

Value OptIdValue(const std::optional<Id>& v) { return v ? Value(*v) : Value(); }

bool Contains(const auto& list, const auto& x) {
  for (const auto& y : list)
    if (y == x) return true;
  return false;
}

bool IsEnglish(const std::string& language) { return language.rfind("en", 0) == 0; }

Value AlertData(const Alert& a) {
  Value d = Value::MakeObject();
  d.Set("alert_id", a.id);
  d.Set("level", static_cast<int64_t>(a.level));
  d.Set("reason", a.reason);
  d.Set("owner_role", a.owner_role);
  d.Set("status", a.status);
  return d;
}

// The outbox message of a survey (first send or reminder) on the customer's best channel.
Status QueueSurveyMessage(Operations& ops, const Survey& s, const Customer& c, bool reminder,
                          TimeMs now) {
  OutboxMessage m;
  if (!c.email.empty()) {
    m.channel = "email";
    m.recipient = c.email;
  } else if (!c.phone.empty()) {
    m.channel = "sms";
    m.recipient = c.phone;
  } else if (!c.wechat_id.empty()) {
    m.channel = "wechat";
    m.recipient = c.wechat_id;
  } else {
    m.channel = "app";
    m.recipient = "customer:" + std::to_string(c.id);
  }
  const std::string url = SurveyUrl(ops, s);
  const std::string who = c.salutation.empty() ? c.name : c.salutation;
  std::string ticket_ref = s.ticket_id ? " #" + std::to_string(*s.ticket_id) : "";
  if (IsEnglish(s.language)) {
    m.subject = reminder ? "Reminder: how did we do?" : "How did we do?";
    m.body = "Dear " + who + ",\n" +
             (s.kind == SurveyKind::kNps
                  ? std::string("How likely are you to recommend us to a friend or colleague?")
                  : "Your request" + ticket_ref + " was resolved. How satisfied are you?") +
             "\nOne tap to answer: " + url + "\nThank you!";
  } else {
    m.subject = reminder ? "提醒：请为我们的服务评分" : "请为我们的服务评分";
    m.body = who + "，您好！\n" +
             (s.kind == SurveyKind::kNps ? std::string("您有多大可能向朋友或同事推荐我们？")
                                         : "您的服务请求" + ticket_ref + "已处理完毕，您对本次服务满意吗？") +
             "\n点击链接评分：" + url + "\n感谢您的反馈！";
  }
  m.purpose = reminder ? "reminder" : "survey";
  m.survey_id = s.id;
  m.customer_id = c.id;
  m.created_at = now;
  m.next_attempt_at = now;
  return ops.uow().voc().InsertOutbox(m);
}

// Complaint text per the classifier (the text engine later), or nothing without one.
bool ComplaintText(const Operations& ops, const Ticket& t) {
  const VocContext* voc = Voc(ops);
  if (!voc || !voc->classifier) return false;
  return voc->classifier->Classify(t.subject + "\n" + t.description).complaint;
}

}  // namespace

std::string SurveyUrl(const Operations& ops, const Survey& s) {
  if (!s.url.empty() && s.url.front() != '/') return s.url;  // as first sent
  const VocContext* voc = Voc(ops);
  std::string base;
  if (voc) base = voc->settings.public_base_url.empty() ? voc->base_url : voc->settings.public_base_url;
  return base + "/s/" + s.token;
}

std::string SurveyQuestion(SurveyKind kind, const std::string& language) {
  const bool en = IsEnglish(language);
  switch (kind) {
    case SurveyKind::kCsat:
      return en ? "How satisfied are you with how we handled your request?"
                : "您对本次服务满意吗？";
    case SurveyKind::kNps:
      return en ? "How likely are you to recommend us to a friend or colleague?"
                : "您有多大可能向朋友或同事推荐我们？";
    case SurveyKind::kCes:
      return en ? "It was easy to get my issue resolved." : "这次解决问题的过程很轻松。";
  }
  return "";
}

Status VocAfterTicketChange(Operations& ops, const Ticket* before, const Ticket& t, TimeMs now) {
  const VocContext* voc = Voc(ops);
  if (!voc) return Status::Ok();
  const VocSettings& cfg = voc->settings;

  // CSAT on resolution, never twice for one ticket.
  const bool resolved_now = t.status == TicketStatus::kResolved &&
                            (!before || before->status != TicketStatus::kResolved);
  if (resolved_now && cfg.csat_on_resolve && voc->secrets &&
      !Contains(cfg.csat_skip_channels, t.channel) &&
      !Contains(cfg.csat_skip_categories, t.category)) {
    LD_ASSIGN_OR_RETURN(auto existing, ops.uow().voc().FindTicketSurvey(t.id, SurveyKind::kCsat));
    if (!existing) {
      SurveyRequest req;
      req.kind = SurveyKind::kCsat;
      req.customer_id = t.customer_id;
      req.ticket_id = t.id;
      LD_RETURN_IF_ERROR(SendSurvey(ops, Actor::System(), req, now).status());
    }
  }

  // Complaints: recorded once per ticket; a repeat in the window raises level 3.
  const bool category_moved = !before || before->category != t.category;
  if (!category_moved) return Status::Ok();
  if (t.category != "complaint" && !(before == nullptr && ComplaintText(ops, t)))
    return Status::Ok();
  Status ins = ops.uow().voc().InsertComplaint(t.id, t.customer_id, t.category, now);
  if (ins.code() == Code::kConflict) return Status::Ok();  // already counted
  LD_RETURN_IF_ERROR(ins);
  PendingFeedback fb;
  fb.source = "complaint";
  fb.source_id = t.id;
  fb.ticket_id = t.id;
  fb.customer_id = t.customer_id;
  fb.at = now;
  fb.text = t.subject + "\n" + t.description;
  fb.negative = true;
  LD_RETURN_IF_ERROR(RecordFeedback(ops, fb));
  const TimeMs since = now - cfg.thresholds.repeat_window_days * kDayMs;
  LD_ASSIGN_OR_RETURN(int64_t earlier,
                      ops.uow().voc().CountComplaints(t.customer_id, t.category, since, t.id));
  Value d = Value::MakeObject();
  d.Set("category", t.category);
  d.Set("earlier_in_window", earlier);
  LD_RETURN_IF_ERROR(ops.Emit(Actor::System(), "complaint.recorded", now, t.id, t.customer_id,
                              std::move(d)));
  auto w = WarnForComplaint(static_cast<int>(earlier), cfg.thresholds, now);
  if (!w) return Status::Ok();
  const std::string detail = "repeat complaint: " + std::to_string(earlier) +
                             " earlier complaint(s) in category " + t.category + " within " +
                             std::to_string(cfg.thresholds.repeat_window_days) + " days";
  return RaiseAlert(ops, *w, t.customer_id, t.id, std::nullopt, detail, now).status();
}

Result<Survey> SendSurvey(Operations& ops, const Actor& actor, const SurveyRequest& in,
                          TimeMs now) {
  const VocContext* voc = Voc(ops);
  if (!voc || !voc->secrets) return Status::Unavailable("surveys are not configured");
  const VocSettings& cfg = voc->settings;
  auto customer = ops.uow().GetCustomer(in.customer_id);
  if (!customer.ok()) {
    if (customer.status().code() == Code::kNotFound)
      return Status::Invalid("no customer with id " + std::to_string(in.customer_id),
                             "customer_id");
    return customer.status();
  }
  Survey s;
  s.kind = in.kind;
  s.customer_id = customer->id;
  s.language = IsEnglish(customer->language) ? "en" : "zh";
  // Without a ticket, the channel the survey reaches the customer on.
  s.channel = !customer->email.empty()       ? Channel::kEmail
              : !customer->wechat_id.empty() ? Channel::kWechat
              : !customer->phone.empty()     ? Channel::kPhone
                                             : Channel::kApp;
  if (in.ticket_id) {
    auto t = ops.uow().GetTicket(*in.ticket_id);
    if (!t.ok()) {
      if (t.status().code() == Code::kNotFound)
        return Status::Invalid("no ticket with id " + std::to_string(*in.ticket_id), "ticket_id");
      return t.status();
    }
    if (t->customer_id != customer->id)
      return Status::Invalid("the ticket belongs to another customer", "ticket_id");
    s.ticket_id = t->id;
    s.channel = t->channel;
    LD_ASSIGN_OR_RETURN(auto existing, ops.uow().voc().FindTicketSurvey(t->id, in.kind));
    if (existing)
      return Status::Conflict("ticket " + std::to_string(t->id) + " already has a " +
                                  std::string(Name(in.kind)) + " survey",
                              "ticket_id");
  } else if (in.kind != SurveyKind::kNps) {
    return Status::Invalid(std::string(Name(in.kind)) + " surveys are about a ticket: give ticket_id",
                           "ticket_id");
  }
  if (in.kind == SurveyKind::kNps && cfg.nps_fatigue_days > 0) {
    LD_ASSIGN_OR_RETURN(auto last, ops.uow().voc().LastSurveySentAt(customer->id, SurveyKind::kNps));
    if (last && now - *last < cfg.nps_fatigue_days * kDayMs) {
      const int64_t days = (now - *last) / kDayMs;
      return Status::Conflict("customer " + std::to_string(customer->id) +
                                  " was sent an NPS survey " + std::to_string(days) +
                                  " day(s) ago; at most one every " +
                                  std::to_string(cfg.nps_fatigue_days) + " days",
                              "customer_id");
    }
  }
  s.token = voc->secrets->NewToken();
  s.url = SurveyUrl(ops, s);
  s.sent_at = now;
  s.expires_at = now + cfg.survey_ttl_days * kDayMs;
  LD_RETURN_IF_ERROR(ops.uow().voc().InsertSurvey(s));
  if (!ops.context().bulk) LD_RETURN_IF_ERROR(QueueSurveyMessage(ops, s, *customer, false, now));
  Value d = Value::MakeObject();
  d.Set("survey_id", s.id);
  d.Set("kind", std::string(Name(s.kind)));
  d.Set("channel", std::string(Name(s.channel)));
  LD_RETURN_IF_ERROR(
      ops.Emit(actor, "survey.sent", now, s.ticket_id.value_or(0), s.customer_id, std::move(d)));
  return s;
}

static Status RaiseScoreAlert(Operations& ops, const Survey& s, int score, double scaled,
                              const WarningDecision& w, const WarningThresholds& th, TimeMs now);

Result<Survey> AnswerSurvey(Operations& ops, const std::string& token, int score,
                            const std::string& comment, TimeMs now) {
  LD_ASSIGN_OR_RETURN(auto found, ops.uow().voc().FindSurveyByToken(token));
  if (!found) return Status::NotFound("no survey with this link");
  Survey s = std::move(*found);
  if (s.status == "answered") return Status::Conflict("this survey was already answered");
  if (EffectiveStatus(s, now) == "expired")
    return Status(Code::kGone, "this survey link expired on " + FormatIso8601(s.expires_at));
  const ScoreRange r = RangeOf(s.kind);
  if (score < r.min || score > r.max)
    return Status::Invalid("score must be an integer from " + std::to_string(r.min) + " to " +
                               std::to_string(r.max),
                           "score");
  LD_RETURN_IF_ERROR(CheckText(comment, "comment", 4000, false));
  const VocContext* voc = Voc(ops);
  s.status = "answered";
  s.score = score;
  s.comment = comment;
  s.answered_at = now;
  double confidence = 0;
  if (!comment.empty() && voc && voc->classifier) {
    FeedbackLabel l = voc->classifier->Classify(comment);
    s.cause = l.cause;
    confidence = l.confidence;
  }
  LD_RETURN_IF_ERROR(ops.uow().voc().UpdateSurvey(s));
  if (!s.cause.empty()) {
    PendingFeedback fb;
    fb.source = "survey";
    fb.source_id = s.id;
    fb.ticket_id = s.ticket_id;
    fb.customer_id = s.customer_id;
    fb.at = now;
    fb.text = comment;
    fb.cause = s.cause;
    fb.confidence = confidence;
    fb.negative = ScaledScore(s.kind, score) < kNegativeBelow;
    LD_RETURN_IF_ERROR(RecordFeedback(ops, fb));
  }
  const double scaled = ScaledScore(s.kind, score);
  Value d = Value::MakeObject();
  d.Set("survey_id", s.id);
  d.Set("kind", std::string(Name(s.kind)));
  d.Set("score", static_cast<int64_t>(score));
  d.Set("scaled", scaled);
  d.Set("comment", comment);
  if (!s.cause.empty()) d.Set("cause", s.cause);
  LD_RETURN_IF_ERROR(ops.Emit(Actor::OfCustomer(s.customer_id), "survey.answered", now,
                              s.ticket_id.value_or(0), s.customer_id, std::move(d)));
  const WarningThresholds th = voc ? voc->settings.thresholds : WarningThresholds{};
  if (auto w = WarnForScore(scaled, th, now)) {
    LD_RETURN_IF_ERROR(RaiseScoreAlert(ops, s, score, scaled, *w, th, now));
  }
  // Rules on survey.answered (docs/rules.md) run for answers about a ticket.
  if (s.ticket_id) {
    LD_ASSIGN_OR_RETURN(Ticket t, ops.uow().GetTicket(*s.ticket_id));
    LD_RETURN_IF_ERROR(ops.RunRules(rules::kEventSurveyAnswered, t, t.id, nullptr, now));
  }
  return s;
}

// The level-1/2 alert of a low score, with a detail a person can read.
static Status RaiseScoreAlert(Operations& ops, const Survey& s, int score, double scaled,
                              const WarningDecision& w, const WarningThresholds& th,
                              TimeMs now) {
  char buf[160];
  std::snprintf(buf, sizeof buf, "%s %d/%d (%.1f on 0-10) below %.1f",
                s.kind == SurveyKind::kCsat ? "CSAT" : s.kind == SurveyKind::kNps ? "NPS" : "CES",
                score, RangeOf(s.kind).max, scaled,
                w.level == 2 ? th.level2_below : th.level1_below);
  std::string detail = buf;
  if (!s.cause.empty()) detail += "; cause " + s.cause;
  return RaiseAlert(ops, w, s.customer_id, s.ticket_id, s.id, detail, now).status();
}

Result<Alert> RaiseAlert(Operations& ops, const WarningDecision& d, Id customer_id,
                         std::optional<Id> ticket_id, std::optional<Id> survey_id,
                         const std::string& detail, TimeMs now) {
  Alert a;
  a.level = d.level;
  a.reason = d.reason;
  a.ticket_id = ticket_id;
  a.customer_id = customer_id;
  a.survey_id = survey_id;
  a.owner_role = d.owner_role;
  a.detail = detail;
  a.created_at = a.updated_at = now;
  a.due_at = d.due_at;
  if (ticket_id) {
    // The callback task (回访) lands on the ticket for the owner role's department.
    NewTask task;
    task.department = d.level == 2 ? "tech" : "service";
    const char* what = d.level == 1 ? "Callback by a supervisor"
                       : d.level == 2 ? "Expert follow-up"
                                      : "Customer-success review";
    task.title = std::string(what) + " (level " + std::to_string(d.level) + " alert)";
    task.note = detail;
    task.due_at = d.due_at;
    LD_ASSIGN_OR_RETURN(Task k, ops.CreateTask(Actor::System(), *ticket_id, task, now));
    a.task_id = k.id;
  }
  LD_RETURN_IF_ERROR(ops.uow().voc().InsertAlert(a));
  Value data = AlertData(a);
  data.Set("survey_id", OptIdValue(a.survey_id));
  data.Set("due_at", a.due_at);
  LD_RETURN_IF_ERROR(ops.Emit(Actor::System(), "alert.created", now, a.ticket_id.value_or(0),
                              a.customer_id, std::move(data)));
  return a;
}

Result<Alert> ChangeAlert(Operations& ops, const Actor& actor, Id id, const std::string& status,
                          const std::string& outcome, TimeMs now) {
  if (status != "acknowledged" && status != "resolved")
    return Status::Invalid("status must be acknowledged or resolved", "status");
  LD_RETURN_IF_ERROR(CheckText(outcome, "outcome", 4000, false));
  if (status == "resolved" && TrimAscii(outcome).empty())
    return Status::Invalid("resolving an alert needs an outcome (what was done)", "outcome");
  LD_ASSIGN_OR_RETURN(Alert a, ops.uow().voc().GetAlert(id));
  if (a.status == "resolved") return Status::Conflict("the alert is already resolved", "status");
  if (a.status == status && outcome.empty()) return a;
  a.status = status;
  if (!outcome.empty()) a.outcome = outcome;
  a.updated_at = now;
  if (status == "resolved") a.resolved_at = now;
  LD_RETURN_IF_ERROR(ops.uow().voc().UpdateAlert(a));
  Value d = AlertData(a);
  if (!a.outcome.empty()) d.Set("outcome", a.outcome);
  LD_RETURN_IF_ERROR(ops.Emit(actor, "alert.updated", now, a.ticket_id.value_or(0),
                              a.customer_id, std::move(d)));
  return a;
}

Result<bool> EscalateAlert(Operations& ops, Id alert_id, TimeMs now) {
  LD_ASSIGN_OR_RETURN(Alert a, ops.uow().voc().GetAlert(alert_id));
  const VocContext* voc = Voc(ops);
  const WarningThresholds th = voc ? voc->settings.thresholds : WarningThresholds{};
  auto e = EscalationOf(a, th, now);
  if (!e) return false;
  const int from = a.level;
  a.level = e->level;
  a.owner_role = e->owner_role;
  a.due_at = e->due_at;
  a.updated_at = now;
  ++a.escalations;
  a.detail += "; escalated from level " + std::to_string(from) + " (unhandled past due)";
  LD_RETURN_IF_ERROR(ops.uow().voc().UpdateAlert(a));
  Value d = AlertData(a);
  d.Set("escalated_from", static_cast<int64_t>(from));
  d.Set("due_at", a.due_at);
  LD_RETURN_IF_ERROR(ops.Emit(Actor::System(), "alert.updated", now, a.ticket_id.value_or(0),
                              a.customer_id, std::move(d)));
  return true;
}

Status SendSurveyReminder(Operations& ops, Id survey_id, TimeMs now) {
  LD_ASSIGN_OR_RETURN(Survey s, ops.uow().voc().GetSurvey(survey_id));
  if (s.status != "sent" || s.reminder_sent_at || now >= s.expires_at) return Status::Ok();
  LD_ASSIGN_OR_RETURN(Customer c, ops.uow().GetCustomer(s.customer_id));
  s.reminder_sent_at = now;
  LD_RETURN_IF_ERROR(ops.uow().voc().UpdateSurvey(s));
  LD_RETURN_IF_ERROR(QueueSurveyMessage(ops, s, c, true, now));
  Value d = Value::MakeObject();
  d.Set("survey_id", s.id);
  d.Set("kind", std::string(Name(s.kind)));
  return ops.Emit(Actor::System(), "survey.reminded", now, s.ticket_id.value_or(0),
                  s.customer_id, std::move(d));
}

}  // namespace loopdesk
