#include "http/voc_routes.h"

#include "codec/value_json.h"
#include "common/time.h"
#include "common/utf8.h"
#include "http/query_params.h"

namespace loopdesk::http {

namespace {

#define VOC_TRY(lhs, expr)                                                          \
  auto LD_CONCAT(_v_, __LINE__) = (expr);                                           \
  if (!LD_CONCAT(_v_, __LINE__).ok())                                               \
    return StatusResponse(LD_CONCAT(_v_, __LINE__).status());                       \
  lhs = std::move(LD_CONCAT(_v_, __LINE__)).value()

Response BadBody(const Status& st) { return ErrorResponse(400, "bad_request", st.message(), st.field()); }

json OutboxJson(const OutboxMessage& m) {
  return json{{"id", m.id},
              {"channel", m.channel},
              {"recipient", m.recipient},
              {"subject", m.subject},
              {"body", m.body},
              {"purpose", m.purpose},
              {"survey_id", m.survey_id ? json(*m.survey_id) : json()},
              {"customer_id", m.customer_id},
              {"status", m.status},
              {"attempts", m.attempts},
              {"last_error", m.last_error},
              {"created_at", FormatIso8601(m.created_at)},
              {"next_attempt_at", FormatIso8601(m.next_attempt_at)},
              {"sent_at", TimeOrNull(m.sent_at)}};
}

json ImprovementJson(const Improvement& i) { return DocToJson(ImprovementToValue(i)); }

template <typename T, typename F>
json ListJson(const Page<T>& page, F to_json) {
  json items = json::array();
  for (const auto& x : page.items) items.push_back(to_json(x));
  return json{{"items", std::move(items)},
              {"next_cursor", page.next_cursor ? json(EncodeCursor(*page.next_cursor)) : json()}};
}

// The public view of a survey: what the customer needs to answer it.
json PublicSurveyJson(Service& svc, const Survey& s) {
  const ScoreRange r = RangeOf(s.kind);
  return json{{"kind", std::string(Name(s.kind))},
              {"question", SurveyQuestion(s.kind, s.language)},
              {"scale", json{{"min", r.min}, {"max", r.max}}},
              {"status", EffectiveStatus(s, svc.clock().Now())},
              {"language", s.language},
              {"expires_at", FormatIso8601(s.expires_at)}};
}

}  // namespace

json SurveyJson(Service& svc, const Survey& s) {
  return json{{"id", s.id},
              {"token", s.token},
              {"url", svc.SurveyLink(s)},
              {"kind", std::string(Name(s.kind))},
              {"ticket_id", s.ticket_id ? json(*s.ticket_id) : json()},
              {"customer_id", s.customer_id},
              {"channel", std::string(Name(s.channel))},
              {"status", EffectiveStatus(s, svc.clock().Now())},
              {"sent_at", FormatIso8601(s.sent_at)},
              {"expires_at", FormatIso8601(s.expires_at)},
              {"answered_at", TimeOrNull(s.answered_at)},
              {"score", s.score ? json(*s.score) : json()},
              {"scaled", s.score ? json(ScaledScore(s.kind, *s.score)) : json()},
              {"comment", s.comment},
              {"cause", s.cause.empty() ? json() : json(s.cause)},
              {"reminder_sent_at", TimeOrNull(s.reminder_sent_at)},
              {"language", s.language}};
}

json AlertJson(const Alert& a) {
  return json{{"id", a.id},
              {"level", a.level},
              {"reason", a.reason},
              {"ticket_id", a.ticket_id ? json(*a.ticket_id) : json()},
              {"customer_id", a.customer_id},
              {"survey_id", a.survey_id ? json(*a.survey_id) : json()},
              {"task_id", a.task_id ? json(*a.task_id) : json()},
              {"owner_role", a.owner_role},
              {"status", a.status},
              {"outcome", a.outcome},
              {"detail", a.detail},
              {"escalations", a.escalations},
              {"created_at", FormatIso8601(a.created_at)},
              {"due_at", FormatIso8601(a.due_at)},
              {"updated_at", FormatIso8601(a.updated_at)},
              {"resolved_at", TimeOrNull(a.resolved_at)}};
}

void AddVocToTicket(Service& svc, const Principal& who, Id ticket_id, json& j) {
  auto s = svc.GetTicketSurvey(who, ticket_id);
  j["survey"] = s.ok() ? SurveyJson(svc, *s) : json();
  AlertFilter f;
  f.ticket_id = ticket_id;
  f.limit = 100;
  auto alerts = svc.ListAlerts(who, f);
  json items = json::array();
  if (alerts.ok())
    for (const auto& a : alerts->items) items.push_back(AlertJson(a));
  j["alerts"] = std::move(items);
}

void AddVocToCustomer(Service& svc, const Principal& who, Id customer_id, json& j) {
  SurveyFilter sf;
  sf.customer_id = customer_id;
  sf.limit = 200;
  auto surveys = svc.ListSurveys(who, sf);
  json items = json::array();
  if (surveys.ok())
    for (const auto& s : surveys->items) items.push_back(SurveyJson(svc, s));
  j["surveys"] = std::move(items);
  AlertFilter af;
  af.customer_id = customer_id;
  af.limit = 200;
  auto alerts = svc.ListAlerts(who, af);
  json al = json::array();
  if (alerts.ok())
    for (const auto& a : alerts->items) al.push_back(AlertJson(a));
  j["alerts"] = std::move(al);
}

void AddVocRoutes(Router& R, Service& svc, const Authenticate& authed) {
  // ------------------------------------------------------------------------ settings
  R.Add("GET", "/api/v1/settings/voc", authed([&svc](Request&, const Principal& who) {
          VOC_TRY(Value v, svc.GetVocSettings(who));
          return JsonResponse(200, loopdesk::ToJson(v));
        }));
  R.Add("PUT", "/api/v1/settings/voc", authed([&svc](Request& req, const Principal& who) {
          auto body = ParseJsonObject(req);
          if (!body.ok()) return BadBody(body.status());
          VOC_TRY(Value v, svc.PutVocSettings(who, FromJson(*body)));
          return JsonResponse(200, loopdesk::ToJson(v));
        }));

  // ------------------------------------------------------------------------- surveys
  R.Add("GET", "/api/v1/tickets/{id}/survey", authed([&svc](Request& req, const Principal& who) {
          VOC_TRY(Id id, PathId(req));
          VOC_TRY(Survey s, svc.GetTicketSurvey(who, id));
          return JsonResponse(200, SurveyJson(svc, s));
        }));
  R.Add("POST", "/api/v1/surveys", authed([&svc](Request& req, const Principal& who) {
          auto body = ParseJsonObject(req);
          if (!body.ok()) return BadBody(body.status());
          FieldReader r(*body);
          SurveyRequest in;
          in.customer_id = r.IdOf("customer_id", true).value_or(0);
          in.kind = r.Enum<SurveyKind>("kind", ParseSurveyKind, "csat | nps | ces", true)
                        .value_or(SurveyKind::kNps);
          in.ticket_id = r.IdOf("ticket_id");
          if (!r.ok()) return StatusResponse(r.status());
          VOC_TRY(Survey s, svc.CreateSurvey(who, in));
          return JsonResponse(201, SurveyJson(svc, s));
        }));
  R.Add("GET", "/api/v1/surveys", authed([&svc](Request& req, const Principal& who) {
          SurveyFilter f;
          VOC_TRY(f.limit, QueryLimit(req));
          VOC_TRY(f.before_id, DecodeCursor(req));
          VOC_TRY(f.customer_id, QueryId(req, "customer_id"));
          VOC_TRY(f.ticket_id, QueryId(req, "ticket_id"));
          if (const std::string* st = req.Query("status"); st && !st->empty()) {
            if (*st != "sent" && *st != "answered" && *st != "expired")
              return ErrorResponse(422, "invalid_argument",
                                   "status must be one of sent | answered | expired", "status");
            f.status = *st;
          }
          VOC_TRY(auto page, svc.ListSurveys(who, f));
          return JsonResponse(200, ListJson(page, [&svc](const Survey& s) { return SurveyJson(svc, s); }));
        }));
  R.Add("GET", "/api/v1/surveys/stats", authed([&svc](Request& req, const Principal& who) {
          const TimeMs now = svc.clock().Now();
          VOC_TRY(TimeMs from, QueryTime(req.Query("from"), "from", now - 30 * kDayMs));
          VOC_TRY(TimeMs to, QueryTime(req.Query("to"), "to", now + 1));
          if (to <= from) return ErrorResponse(422, "invalid_argument", "to must be after from", "to");
          std::string group_by = "channel";
          if (const std::string* g = req.Query("group_by"); g && !g->empty()) group_by = *g;
          if (group_by != "channel" && group_by != "team" && group_by != "kind" && group_by != "none")
            return ErrorResponse(422, "invalid_argument",
                                 "group_by must be one of channel | team | kind | none", "group_by");
          VOC_TRY(Value v, svc.SurveyStats(who, from, to, group_by));
          return JsonResponse(200, DocToJson(v));
        }));

  // -------------------------------------------------------------- public (no auth)
  R.Add("GET", "/api/v1/public/surveys/{token}", [&svc](Request& req) {
    VOC_TRY(Survey s, svc.FindPublicSurvey(req.params["token"]));
    if (EffectiveStatus(s, svc.clock().Now()) == "expired")
      return ErrorResponse(410, "gone", "this survey link expired on " + FormatIso8601(s.expires_at));
    return JsonResponse(200, PublicSurveyJson(svc, s));
  });
  R.Add("POST", "/api/v1/public/surveys/{token}", [&svc](Request& req) {
    auto body = ParseJsonObject(req);
    if (!body.ok()) return BadBody(body.status());
    FieldReader r(*body);
    auto score = r.Int("score", true, INT32_MIN, INT32_MAX);
    auto comment = r.String("comment");
    if (!r.ok()) return StatusResponse(r.status());
    VOC_TRY(Survey s, svc.AnswerSurvey(req.params["token"], static_cast<int>(*score),
                                       comment.value_or("")));
    json j = PublicSurveyJson(svc, s);
    j["score"] = *s.score;
    j["scaled"] = ScaledScore(s.kind, *s.score);
    return JsonResponse(201, j);
  });
  R.Add("GET", "/s/{token}", [&svc](Request& req) { return SurveyPageGet(svc, req); });
  R.Add("POST", "/s/{token}", [&svc](Request& req) { return SurveyPagePost(svc, req); });

  // -------------------------------------------------------------------------- outbox
  R.Add("GET", "/api/v1/outbox", authed([&svc](Request& req, const Principal& who) {
          VOC_TRY(int limit, QueryLimit(req));
          VOC_TRY(Id before, DecodeCursor(req));
          std::string status;
          if (const std::string* st = req.Query("status"); st && !st->empty()) {
            if (*st != "pending" && *st != "sent" && *st != "failed")
              return ErrorResponse(422, "invalid_argument",
                                   "status must be one of pending | sent | failed", "status");
            status = *st;
          }
          VOC_TRY(auto page, svc.ListOutbox(who, status, before, limit));
          return JsonResponse(200, ListJson(page, OutboxJson));
        }));

  // -------------------------------------------------------------------------- alerts
  R.Add("GET", "/api/v1/alerts", authed([&svc](Request& req, const Principal& who) {
          AlertFilter f;
          VOC_TRY(f.limit, QueryLimit(req));
          VOC_TRY(f.before_id, DecodeCursor(req));
          VOC_TRY(f.customer_id, QueryId(req, "customer_id"));
          VOC_TRY(f.ticket_id, QueryId(req, "ticket_id"));
          if (const std::string* l = req.Query("level"); l && !l->empty()) {
            if (*l != "1" && *l != "2" && *l != "3")
              return ErrorResponse(422, "invalid_argument", "level must be 1, 2 or 3", "level");
            f.level = (*l)[0] - '0';
          }
          if (const std::string* st = req.Query("status"); st && !st->empty()) {
            if (*st != "open" && *st != "acknowledged" && *st != "resolved")
              return ErrorResponse(422, "invalid_argument",
                                   "status must be one of open | acknowledged | resolved", "status");
            f.status = *st;
          }
          if (const std::string* o = req.Query("owner_role"); o && !o->empty()) {
            if (*o != "supervisor" && *o != "expert" && *o != "csm")
              return ErrorResponse(422, "invalid_argument",
                                   "owner_role must be one of supervisor | expert | csm", "owner_role");
            f.owner_role = *o;
          }
          VOC_TRY(auto page, svc.ListAlerts(who, f));
          return JsonResponse(200, ListJson(page, AlertJson));
        }));
  R.Add("PATCH", "/api/v1/alerts/{id}", authed([&svc](Request& req, const Principal& who) {
          VOC_TRY(Id id, PathId(req));
          auto body = ParseJsonObject(req);
          if (!body.ok()) return BadBody(body.status());
          FieldReader r(*body);
          auto status = r.String("status", true);
          auto outcome = r.String("outcome");
          if (!r.ok()) return StatusResponse(r.status());
          VOC_TRY(Alert a, svc.UpdateAlert(who, id, *status, outcome.value_or("")));
          return JsonResponse(200, AlertJson(a));
        }));

  // -------------------------------------------------------------------- improvements
  R.Add("GET", "/api/v1/improvements", authed([&svc](Request& req, const Principal& who) {
          VOC_TRY(int limit, QueryLimit(req));
          VOC_TRY(Id before, DecodeCursor(req));
          VOC_TRY(auto page, svc.ListImprovements(who, before, limit));
          return JsonResponse(200, ListJson(page, ImprovementJson));
        }));
  R.Add("POST", "/api/v1/improvements", authed([&svc](Request& req, const Principal& who) {
          auto body = ParseJsonObject(req);
          if (!body.ok()) return BadBody(body.status());
          VOC_TRY(Improvement i, svc.SaveImprovement(who, 0, FromJson(*body)));
          return JsonResponse(201, ImprovementJson(i));
        }));
  R.Add("GET", "/api/v1/improvements/{id}", authed([&svc](Request& req, const Principal& who) {
          VOC_TRY(Id id, PathId(req));
          VOC_TRY(Improvement i, svc.GetImprovement(who, id));
          return JsonResponse(200, ImprovementJson(i));
        }));
  R.Add("PATCH", "/api/v1/improvements/{id}", authed([&svc](Request& req, const Principal& who) {
          VOC_TRY(Id id, PathId(req));
          auto body = ParseJsonObject(req);
          if (!body.ok()) return BadBody(body.status());
          VOC_TRY(Improvement i, svc.SaveImprovement(who, id, FromJson(*body)));
          return JsonResponse(200, ImprovementJson(i));
        }));
  R.Add("POST", "/api/v1/improvements/{id}/notify",
        authed([&svc](Request& req, const Principal& who) {
          VOC_TRY(Id id, PathId(req));
          auto body = ParseJsonObject(req);
          if (!body.ok()) return BadBody(body.status());
          FieldReader r(*body);
          auto message = r.String("message");
          if (!r.ok()) return StatusResponse(r.status());
          VOC_TRY(int queued, svc.NotifyImprovementCustomers(who, id, message.value_or("")));
          return JsonResponse(200, json{{"queued", queued}});
        }));
  R.Add("POST", "/api/v1/improvements/{id}/verify",
        authed([&svc](Request& req, const Principal& who) {
          VOC_TRY(Id id, PathId(req));
          VOC_TRY(Improvement i, svc.VerifyImprovement(who, id));
          return JsonResponse(200, ImprovementJson(i));
        }));
}

}  // namespace loopdesk::http
