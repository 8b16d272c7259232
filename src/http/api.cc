#include "http/api.h"

#include <spdlog/spdlog.h>

#include "common/utf8.h"
#include "codec/value_json.h"
#include "http/json_io.h"
#include "http/feedback_routes.h"
#include "http/metrics_routes.h"
#include "http/forecast_routes.h"
#include "http/auth_routes.h"
#include "http/cust_routes.h"
#include "http/qa_routes.h"
#include "http/rules_routes.h"
#include "http/feedback_cause_routes.h"
#include "http/knowledge_routes.h"
#include "http/ticket_status_routes.h"
#include "http/categories_routes.h"
#include "http/voc_routes.h"
#include "http/analyze_routes.h"

namespace loopdesk::http {

namespace {

Response BadBody(const Status& st) {
  return ErrorResponse(400, "bad_request", st.message(), st.field());
}

// Authenticated handler: receives the caller.
using AuthedFn = std::function<Response(Request&, const Principal&)>;

#define LD_TRY(lhs, expr)                                \
  auto LD_CONCAT(_r_, __LINE__) = (expr);                \
  if (!LD_CONCAT(_r_, __LINE__).ok()) return StatusResponse(LD_CONCAT(_r_, __LINE__).status()); \
  lhs = std::move(LD_CONCAT(_r_, __LINE__)).value()

#define LD_BODY(var)                                           \
  auto var##_res = ParseJsonObject(req);                       \
  if (!var##_res.ok()) return BadBody(var##_res.status());     \
  const json& var = var##_res.value()

#define LD_CHECK_READER(r) \
  if (!(r).ok()) return StatusResponse((r).status())

std::optional<TaskStatus> ParseTaskStatusFn(std::string_view s) { return ParseTaskStatus(s); }

NewAgent ReadNewAgent(FieldReader& r) {
  NewAgent a;
  a.name = r.String("name", true).value_or("");
  a.email = r.String("email").value_or("");
  a.team = r.String("team").value_or("");
  if (auto role = r.Enum<Role>("role", ParseRole, RoleNames())) a.role = *role;
  a.skills = r.Strings("skills").value_or(std::vector<std::string>{});
  a.languages = r.Strings("languages").value_or(std::vector<std::string>{});
  if (auto c = r.Int("capacity", false, 0, 1000)) a.capacity = static_cast<int>(*c);
  a.location = r.Geo("location");
  if (auto st = r.Enum<AgentStatus>("status", ParseAgentStatus, AgentStatusNames())) a.status = *st;
  return a;
}

NewCustomer ReadNewCustomer(FieldReader& r) {
  NewCustomer c;
  c.name = r.String("name", true).value_or("");
  c.salutation = r.String("salutation").value_or("");
  c.phone = r.String("phone").value_or("");
  c.email = r.String("email").value_or("");
  c.wechat_id = r.String("wechat_id").value_or("");
  if (auto t = r.Enum<Tier>("tier", ParseTier, TierNames())) c.tier = *t;
  c.region = r.String("region").value_or("");
  c.location = r.Geo("location");
  c.tags = r.Strings("tags").value_or(std::vector<std::string>{});
  c.language = r.String("language").value_or("zh");
  c.external_id = r.String("external_id").value_or("");
  c.account_manager_id = r.IdOf("account_manager_id");
  c.dedicated_team = r.String("dedicated_team").value_or("");
  return c;
}

}  // namespace

Api::Api(Service& svc, std::string web_root, QaService* qa, LiveEvents* live,
         KnowledgeService* knowledge)
    : svc_(svc), qa_(qa), static_(std::move(web_root)), live_(live), knowledge_(knowledge) {
  AddRoutes();
}

Response Api::Handle(Request& req) {
  try {
    if (req.path == "/healthz") {
      if (req.method != "GET" && req.method != "HEAD")
        return ErrorResponse(405, "method_not_allowed", "use GET");
      return JsonResponse(200, json{{"status", "ok"}});
    }
    // The web application owns every path outside /api that no route claims.
    if (req.path.rfind("/api/", 0) != 0 && req.path != "/api" && !router_.Matches(req.path))
      return static_.Serve(req);
    return router_.Dispatch(req);
  } catch (const std::exception& e) {
    spdlog::error("request {} {} {} failed: {}", req.request_id, req.method, req.path, e.what());
  } catch (...) {
    spdlog::error("request {} {} {} failed with an unknown exception", req.request_id,
                  req.method, req.path);
  }
  return ErrorResponse(500, "internal", "internal error; request id " + req.request_id);
}

void Api::AddRoutes() {
  Service& svc = svc_;
  // Wraps a handler with authentication: a bearer token, or the browser session cookie
  // with its CSRF token on writes (auth_routes.h).
  auto authed = [&svc](AuthedFn fn) {
    return [&svc, fn = std::move(fn)](Request& req) -> Response {
      Response error;
      auto who = AuthenticateRequest(svc, req, &error);
      if (!who) return error;
      return fn(req, *who);
    };
  };
  auto& R = router_;

  // ------------------------------------------------------------------------ agents
  R.Add("GET", "/api/v1/me", authed([&svc](Request&, const Principal& who) {
          LD_TRY(Agent a, svc.GetAgent(who, who.agent_id));
          return JsonResponse(200, ToJson(a));
        }));
  R.Add("POST", "/api/v1/agents", authed([&svc](Request& req, const Principal& who) {
          if (who.role != Role::kAdmin)
            return ErrorResponse(403, "permission_denied", "only an admin may create agents");
          LD_BODY(body);
          FieldReader r(body);
          NewAgent in = ReadNewAgent(r);
          LD_CHECK_READER(r);
          LD_TRY(CreatedAgent out, svc.CreateAgent(who, in));
          json j = ToJson(out.agent);
          j["api_token"] = out.api_token;
          return JsonResponse(201, j);
        }));
  R.Add("GET", "/api/v1/agents", authed([&svc](Request& req, const Principal& who) {
          AgentFilter f;
          LD_TRY(f.limit, QueryLimit(req));
          LD_TRY(f.after_id, DecodeCursor(req));
          if (auto* t = req.Query("team"); t && !t->empty()) f.team = *t;
          if (auto* r = req.Query("role"); r && !r->empty()) {
            f.role = ParseRole(*r);
            if (!f.role)
              return ErrorResponse(422, "invalid_argument",
                                   "role must be one of " + std::string(RoleNames()), "role");
          }
          LD_TRY(auto page, svc.ListAgents(who, f));
          return JsonResponse(200, PageJson(page));
        }));
  R.Add("GET", "/api/v1/agents/{id}", authed([&svc](Request& req, const Principal& who) {
          LD_TRY(Id id, PathId(req));
          LD_TRY(Agent a, svc.GetAgent(who, id));
          return JsonResponse(200, ToJson(a));
        }));
  R.Add("PATCH", "/api/v1/agents/{id}", authed([&svc](Request& req, const Principal& who) {
          LD_TRY(Id id, PathId(req));
          LD_BODY(body);
          FieldReader r(body);
          AgentPatch p;
          p.name = r.String("name");
          p.email = r.String("email");
          p.team = r.String("team");
          p.role = r.Enum<Role>("role", ParseRole, RoleNames());
          p.skills = r.Strings("skills");
          p.languages = r.Strings("languages");
          if (auto c = r.Int("capacity", false, 0, 1000)) p.capacity = static_cast<int>(*c);
          p.status = r.Enum<AgentStatus>("status", ParseAgentStatus, AgentStatusNames());
          if (r.IsNull("location")) p.location = std::optional<GeoPoint>();
          else if (auto g = r.Geo("location")) p.location = g;
          LD_CHECK_READER(r);
          LD_TRY(Agent a, svc.UpdateAgent(who, id, p));
          return JsonResponse(200, ToJson(a));
        }));

  // ------------------------------------------------------------------------ customers
  AddCustRoutes(R, svc, authed);  // before /customers/{id}: /customers/at-risk
  R.Add("POST", "/api/v1/customers", authed([&svc](Request& req, const Principal& who) {
          LD_BODY(body);
          FieldReader r(body);
          NewCustomer in = ReadNewCustomer(r);
          LD_CHECK_READER(r);
          LD_TRY(Customer c, svc.CreateCustomer(who, in));
          return JsonResponse(201, ToJson(c));
        }));
  R.Add("GET", "/api/v1/customers", authed([&svc](Request& req, const Principal& who) {
          const std::string* phone = req.Query("phone");
          const std::string* email = req.Query("email");
          const std::string* wechat = req.Query("wechat_id");
          if ((phone && !phone->empty()) || (email && !email->empty()) ||
              (wechat && !wechat->empty())) {
            // Identity lookup across channels: at most one customer owns a contact id.
            LD_TRY(auto found, svc.FindCustomerByContact(who, phone ? *phone : "",
                                                         email ? AsciiLower(*email) : "",
                                                         wechat ? *wechat : ""));
            json items = json::array();
            if (found) items.push_back(ToJson(*found));
            return JsonResponse(200, json{{"items", items}, {"next_cursor", nullptr}});
          }
          CustomerFilter f;
          LD_TRY(f.limit, QueryLimit(req));
          LD_TRY(f.before_id, DecodeCursor(req));
          if (auto* q = req.Query("q")) f.q = *q;
          if (auto* t = req.Query("tier"); t && !t->empty()) {
            f.tier = ParseTier(*t);
            if (!f.tier)
              return ErrorResponse(422, "invalid_argument",
                                   "tier must be one of " + std::string(TierNames()), "tier");
          }
          LD_TRY(auto page, svc.ListCustomers(who, f));
          return JsonResponse(200, PageJson(page));
        }));
  R.Add("GET", "/api/v1/customers/{id}", authed([&svc](Request& req, const Principal& who) {
          LD_TRY(Id id, PathId(req));
          LD_TRY(Customer360 v, svc.GetCustomer360(who, id));
          json tickets = json::array(), orders = json::array(), assets = json::array();
          for (const auto& t : v.tickets) tickets.push_back(ToJson(t));
          for (const auto& o : v.orders) orders.push_back(ToJson(o));
          for (const auto& a : v.assets) assets.push_back(ToJson(a));
          json comps = json::array();
          for (const auto& c : v.compensations) comps.push_back(ToJson(c));
          json out{{"customer", ToJson(v.customer)},
                   {"tickets", tickets},
                   {"orders", orders},
                   {"assets", assets},
                   {"compensations", comps}};
          AddVocToCustomer(svc, who, id, out);
          AddChurnToCustomer(svc, who, id, out);
          return JsonResponse(200, out);
        }));
  R.Add("PATCH", "/api/v1/customers/{id}", authed([&svc](Request& req, const Principal& who) {
          LD_TRY(Id id, PathId(req));
          LD_BODY(body);
          FieldReader r(body);
          CustomerPatch p;
          p.name = r.String("name");
          p.salutation = r.String("salutation");
          p.phone = r.String("phone");
          p.email = r.String("email");
          p.wechat_id = r.String("wechat_id");
          p.tier = r.Enum<Tier>("tier", ParseTier, TierNames());
          p.region = r.String("region");
          if (r.IsNull("location")) p.location = std::optional<GeoPoint>();
          else if (auto g = r.Geo("location")) p.location = g;
          p.tags = r.Strings("tags");
          p.language = r.String("language");
          p.account_manager_id = r.NullableId("account_manager_id");
          p.dedicated_team = r.String("dedicated_team");
          LD_CHECK_READER(r);
          LD_TRY(Customer c, svc.UpdateCustomer(who, id, p));
          return JsonResponse(200, ToJson(c));
        }));
  R.Add("POST", "/api/v1/customers/{id}/orders",
        authed([&svc](Request& req, const Principal& who) {
          LD_TRY(Id id, PathId(req));
          LD_BODY(body);
          FieldReader r(body);
          NewOrder in;
          in.number = r.String("number").value_or("");
          in.product = r.String("product", true).value_or("");
          in.amount = r.Number("amount", true).value_or(0);
          in.ordered_at = r.Time("ordered_at");
          LD_CHECK_READER(r);
          LD_TRY(Order o, svc.AddOrder(who, id, in));
          return JsonResponse(201, ToJson(o));
        }));
  R.Add("POST", "/api/v1/customers/{id}/assets",
        authed([&svc](Request& req, const Principal& who) {
          LD_TRY(Id id, PathId(req));
          LD_BODY(body);
          FieldReader r(body);
          NewAsset in;
          in.product = r.String("product", true).value_or("");
          in.serial = r.String("serial").value_or("");
          in.installed_at = r.Time("installed_at");
          in.warranty_end = r.Time("warranty_end");
          LD_CHECK_READER(r);
          LD_TRY(Asset a, svc.AddAsset(who, id, in));
          return JsonResponse(201, ToJson(a));
        }));

  // ------------------------------------------------------------------------ tickets
  R.Add("POST", "/api/v1/tickets", authed([&svc](Request& req, const Principal& who) {
          LD_BODY(body);
          FieldReader r(body);
          NewTicket in;
          in.customer_id = r.IdOf("customer_id", true).value_or(0);
          if (auto c = r.Enum<Channel>("channel", ParseChannel, ChannelNames(), true))
            in.channel = *c;
          in.subject = r.String("subject", true).value_or("");
          in.description = r.String("description", true).value_or("");
          in.priority = r.Enum<Priority>("priority", ParsePriority, PriorityNames());
          in.category = r.String("category");
          in.tags = r.Strings("tags").value_or(std::vector<std::string>{});
          in.assignee_id = r.IdOf("assignee_id");
          in.team = r.String("team");
          in.external_id = r.String("external_id").value_or("");
          LD_CHECK_READER(r);
          LD_TRY(CreatedTicket out, svc.CreateTicket(who, in));
          json j = ToJson(out.ticket);
          j["sla"] = out.sla ? SlaToJson(*out.sla) : json();
          if (out.inferred_priority || out.inferred_category) {
            json inf = json::object();
            if (out.inferred_priority)
              inf["priority"] = {{"value", out.inferred_priority->value},
                                 {"reason", out.inferred_priority->reason}};
            if (out.inferred_category)
              inf["category"] = {{"value", out.inferred_category->value},
                                 {"reason", out.inferred_category->reason}};
            j["inferred"] = inf;
          }
          return JsonResponse(201, j);
        }));
  R.Add("GET", "/api/v1/tickets", authed([&svc](Request& req, const Principal& who) {
          TicketFilter f;
          LD_TRY(f.limit, QueryLimit(req));
          LD_TRY(f.before_id, DecodeCursor(req));
          LD_TRY(f.assignee_id, QueryId(req, "assignee_id"));
          LD_TRY(f.customer_id, QueryId(req, "customer_id"));
          if (auto* s = req.Query("status"); s && !s->empty()) {
            f.status = ParseTicketStatus(*s);
            if (!f.status)
              return ErrorResponse(422, "invalid_argument",
                                   "status must be one of " + std::string(TicketStatusNames()),
                                   "status");
          }
          if (auto* c = req.Query("channel"); c && !c->empty()) {
            f.channel = ParseChannel(*c);
            if (!f.channel)
              return ErrorResponse(422, "invalid_argument",
                                   "channel must be one of " + std::string(ChannelNames()),
                                   "channel");
          }
          if (auto* t = req.Query("team"); t && !t->empty()) f.team = *t;
          if (auto* q = req.Query("q")) {
            if (!IsValidUtf8(*q))
              return ErrorResponse(400, "bad_request", "q is not valid UTF-8", "q");
            f.q = *q;
          }
          LD_TRY(auto page, svc.ListTickets(who, f));
          return JsonResponse(200, PageJson(page));
        }));
  R.Add("GET", "/api/v1/tickets/{id}", authed([&svc](Request& req, const Principal& who) {
          LD_TRY(Id id, PathId(req));
          LD_TRY(TicketView v, svc.GetTicket(who, id));
          json j = ToJson(v.ticket);
          j["sla"] = v.sla ? SlaToJson(*v.sla) : json();
          json msgs = json::array(), trs = json::array(), tasks = json::array(),
               transfers = json::array();
          for (const auto& m : v.messages) msgs.push_back(ToJson(m));
          for (const auto& t : v.transcripts) trs.push_back(ToJson(t));
          for (const auto& t : v.tasks) tasks.push_back(ToJson(t));
          for (const auto& t : v.transfers) transfers.push_back(ToJson(t));
          j["messages"] = std::move(msgs);
          j["transcripts"] = std::move(trs);
          j["tasks"] = std::move(tasks);
          j["transfers"] = std::move(transfers);
          json comps = json::array();
          for (const auto& c : v.compensations) comps.push_back(ToJson(c));
          j["compensations"] = std::move(comps);
          AddVocToTicket(svc, who, id, j);
          return JsonResponse(200, j);
        }));
  R.Add("PATCH", "/api/v1/tickets/{id}", authed([&svc](Request& req, const Principal& who) {
          LD_TRY(Id id, PathId(req));
          LD_BODY(body);
          FieldReader r(body);
          TicketPatch p;
          p.status = r.Enum<TicketStatus>("status", ParseTicketStatus, TicketStatusNames());
          p.priority = r.Enum<Priority>("priority", ParsePriority, PriorityNames());
          p.assignee_id = r.NullableId("assignee_id");
          p.team = r.String("team");
          p.category = r.String("category");
          p.tags = r.Strings("tags");
          p.subject = r.String("subject");
          p.reason = r.String("reason").value_or("");
          LD_CHECK_READER(r);
          LD_TRY(TicketRow t, svc.UpdateTicket(who, id, p));
          return JsonResponse(200, ToJson(t));
        }));
  R.Add("GET", "/api/v1/tickets/{id}/messages",
        authed([&svc](Request& req, const Principal& who) {
          LD_TRY(Id id, PathId(req));
          LD_TRY(TicketView v, svc.GetTicket(who, id, /*with_sla=*/false));
          json items = json::array();
          for (const auto& m : v.messages) items.push_back(ToJson(m));
          return JsonResponse(200, json{{"items", items}, {"next_cursor", nullptr}});
        }));
  R.Add("POST", "/api/v1/tickets/{id}/messages",
        authed([&svc](Request& req, const Principal& who) {
          LD_TRY(Id id, PathId(req));
          LD_BODY(body);
          FieldReader r(body);
          NewMessage in;
          if (auto a = r.Enum<AuthorKind>("author", ParseAuthorKind, "agent | customer", true)) {
            in.author = *a;
            if (in.author == AuthorKind::kSystem)
              r.Fail("author", "must be agent or customer");
          }
          in.body = r.String("body", true).value_or("");
          in.internal = r.Bool("internal").value_or(false);
          LD_CHECK_READER(r);
          LD_TRY(Message m, svc.AddMessage(who, id, in));
          return JsonResponse(201, ToJson(m));
        }));
  R.Add("GET", "/api/v1/tickets/{id}/transcripts",
        authed([&svc](Request& req, const Principal& who) {
          LD_TRY(Id id, PathId(req));
          LD_TRY(TicketView v, svc.GetTicket(who, id, /*with_sla=*/false));
          json items = json::array();
          for (const auto& t : v.transcripts) items.push_back(ToJson(t));
          return JsonResponse(200, json{{"items", items}, {"next_cursor", nullptr}});
        }));
  R.Add("POST", "/api/v1/tickets/{id}/transcripts",
        authed([&svc](Request& req, const Principal& who) {
          LD_TRY(Id id, PathId(req));
          LD_BODY(body);
          FieldReader r(body);
          NewTranscript in;
          if (!body.contains("turns") || !body["turns"].is_array()) {
            r.Fail("turns", "must be an array of {speaker, start_ms, text}");
          } else {
            size_t i = 0;
            for (const auto& t : body["turns"]) {
              std::string prefix = "turns[" + std::to_string(i++) + "].";
              if (!t.is_object()) {
                r.Fail("turns", "each turn must be an object {speaker, start_ms, text}");
                break;
              }
              FieldReader tr(t, prefix);
              TranscriptTurn turn;
              if (auto s = tr.Enum<AuthorKind>("speaker", ParseAuthorKind, "agent | customer", true)) {
                turn.speaker = *s;
                if (turn.speaker == AuthorKind::kSystem)
                  tr.Fail("speaker", "must be agent or customer");
              }
              turn.start_ms = tr.Int("start_ms", true, 0).value_or(0);
              turn.end_ms = tr.Int("end_ms", false, 0);
              turn.text = tr.String("text", true).value_or("");
              if (!tr.ok()) return StatusResponse(tr.status());
              in.turns.push_back(std::move(turn));
            }
          }
          LD_CHECK_READER(r);
          LD_TRY(Transcript t, svc.AddTranscript(who, id, in));
          return JsonResponse(201, ToJson(t));
        }));
  R.Add("GET", "/api/v1/tickets/{id}/events", authed([&svc](Request& req, const Principal& who) {
          LD_TRY(Id id, PathId(req));
          LD_TRY(int limit, QueryLimit(req));
          LD_TRY(Id after, DecodeCursor(req));
          LD_TRY(auto page, svc.ListTicketEvents(who, id, after, limit));
          return JsonResponse(200, PageJson(page));
        }));
  R.Add("GET", "/api/v1/tickets/{id}/transfers",
        authed([&svc](Request& req, const Principal& who) {
          LD_TRY(Id id, PathId(req));
          LD_TRY(TicketView v, svc.GetTicket(who, id, /*with_sla=*/false));
          json items = json::array();
          for (const auto& t : v.transfers) items.push_back(ToJson(t));
          return JsonResponse(200, json{{"items", items}, {"next_cursor", nullptr}});
        }));
  R.Add("GET", "/api/v1/tickets/{id}/tasks", authed([&svc](Request& req, const Principal& who) {
          LD_TRY(Id id, PathId(req));
          LD_TRY(TicketView v, svc.GetTicket(who, id, /*with_sla=*/false));
          json items = json::array();
          for (const auto& t : v.tasks) items.push_back(ToJson(t));
          return JsonResponse(200, json{{"items", items}, {"next_cursor", nullptr}});
        }));
  R.Add("POST", "/api/v1/tickets/{id}/tasks", authed([&svc](Request& req, const Principal& who) {
          LD_TRY(Id id, PathId(req));
          LD_BODY(body);
          FieldReader r(body);
          NewTask in;
          in.department = r.String("department", true).value_or("");
          in.title = r.String("title", true).value_or("");
          in.note = r.String("note").value_or("");
          in.assignee_id = r.IdOf("assignee_id");
          in.due_at = r.Time("due_at");
          LD_CHECK_READER(r);
          LD_TRY(Task t, svc.CreateTask(who, id, in));
          return JsonResponse(201, ToJson(t));
        }));
  R.Add("PATCH", "/api/v1/tasks/{id}", authed([&svc](Request& req, const Principal& who) {
          LD_TRY(Id id, PathId(req));
          LD_BODY(body);
          FieldReader r(body);
          TaskPatch p;
          p.status = r.Enum<TaskStatus>("status", ParseTaskStatusFn, TaskStatusNames());
          p.assignee_id = r.NullableId("assignee_id");
          p.note = r.String("note");
          p.title = r.String("title");
          LD_CHECK_READER(r);
          LD_TRY(Task t, svc.UpdateTask(who, id, p));
          return JsonResponse(200, ToJson(t));
        }));

  // ------------------------------------------------------------------------ commitments
  R.Add("GET", "/api/v1/commitments", authed([&svc](Request&, const Principal& who) {
          LD_TRY(Value v, svc.GetCommitments(who));
          return JsonResponse(200, DocToJson(v));
        }));
  R.Add("PUT", "/api/v1/commitments", authed([&svc](Request& req, const Principal& who) {
          if (!IsValidUtf8(req.body))
            return ErrorResponse(400, "bad_request", "request body is not valid UTF-8", "body");
          json body = json::parse(req.body, nullptr, false);
          if (body.is_discarded())
            return ErrorResponse(400, "bad_request", "request body is not valid JSON", "body");
          LD_TRY(Value v, svc.PutCommitments(who, FromJson(body)));
          return JsonResponse(200, DocToJson(v));
        }));
  R.Add("GET", "/api/v1/compensations", authed([&svc](Request& req, const Principal& who) {
          LD_TRY(auto ticket_id, QueryId(req, "ticket_id"));
          LD_TRY(auto customer_id, QueryId(req, "customer_id"));
          LD_TRY(int limit, QueryLimit(req));
          LD_TRY(auto items, svc.ListCompensations(who, ticket_id.value_or(0),
                                                   customer_id.value_or(0), limit));
          json arr = json::array();
          for (const auto& c : items) arr.push_back(ToJson(c));
          return JsonResponse(200, json{{"items", arr}, {"next_cursor", nullptr}});
        }));
  R.Add("PATCH", "/api/v1/compensations/{id}", authed([&svc](Request& req, const Principal& who) {
          LD_TRY(Id id, PathId(req));
          LD_BODY(body);
          FieldReader r(body);
          std::string status = r.String("status", true).value_or("");
          std::string note = r.String("note").value_or("");
          LD_CHECK_READER(r);
          LD_TRY(Compensation c, svc.DecideCompensation(who, id, status, note));
          return JsonResponse(200, ToJson(c));
        }));

  // ------------------------------------------------------------------------ routing
  R.Add("GET", "/api/v1/routing", authed([&svc](Request&, const Principal& who) {
          LD_TRY(Value v, svc.GetRoutingSettings(who));
          return JsonResponse(200, DocToJson(v));
        }));
  R.Add("PUT", "/api/v1/routing", authed([&svc](Request& req, const Principal& who) {
          LD_BODY(body);
          LD_TRY(Value v, svc.PutRoutingSettings(who, FromJson(body)));
          return JsonResponse(200, DocToJson(v));
        }));

  // ------------------------------------------------------------------------ SLA settings
  R.Add("GET", "/api/v1/calendars", authed([&svc](Request&, const Principal& who) {
          LD_TRY(Value items, svc.GetCalendars(who));
          return JsonResponse(200, json{{"items", DocToJson(items)}, {"next_cursor", nullptr}});
        }));
  R.Add("PUT", "/api/v1/calendars/{name}", authed([&svc](Request& req, const Principal& who) {
          LD_BODY(body);
          LD_TRY(Value cal, svc.PutCalendar(who, req.params["name"], FromJson(body)));
          return JsonResponse(200, DocToJson(cal));
        }));
  R.Add("GET", "/api/v1/sla-policies", authed([&svc](Request&, const Principal& who) {
          LD_TRY(Value items, svc.GetSlaPolicies(who));
          return JsonResponse(200, DocToJson(items));
        }));
  R.Add("PUT", "/api/v1/sla-policies", authed([&svc](Request& req, const Principal& who) {
          if (!IsValidUtf8(req.body))
            return ErrorResponse(400, "bad_request", "request body is not valid UTF-8", "body");
          json body = json::parse(req.body, nullptr, false);
          if (body.is_discarded())
            return ErrorResponse(400, "bad_request", "request body is not valid JSON", "body");
          // Accept the bare list (API.md) or {"items": [...]} as GET returns elsewhere.
          if (body.is_object() && body.contains("items")) body = body["items"];
          LD_TRY(Value saved, svc.PutSlaPolicies(who, FromJson(body)));
          return JsonResponse(200, DocToJson(saved));
        }));
  R.Add("POST", "/api/v1/sla/preview", authed([&svc](Request& req, const Principal& who) {
          LD_BODY(body);
          FieldReader r(body);
          SlaContext ctx;
          if (auto t = r.Enum<Tier>("tier", ParseTier, TierNames())) ctx.tier = *t;
          if (auto p = r.Enum<Priority>("priority", ParsePriority, PriorityNames())) ctx.priority = *p;
          if (auto c = r.Enum<Channel>("channel", ParseChannel, ChannelNames())) ctx.channel = *c;
          ctx.category = r.String("category").value_or("");
          auto created = r.Time("created_at");
          LD_CHECK_READER(r);
          LD_TRY(Value v, svc.PreviewSla(who, ctx, created.value_or(svc.clock().Now())));
          return JsonResponse(200, DocToJson(v));
        }));

  // ------------------------------------------------------------------------ rules
  AddRuleRoutes(R, svc, authed);
  AddVocRoutes(R, svc, authed);
  AddFeedbackCauseRoutes(R, svc, authed);
  AddTicketStatusRoutes(R, svc, authed);  // customer status links and /t/{token}
  AddCategoryRoutes(R, authed);           // the category and feedback-cause taxonomies

  // ------------------------------------------------------------------------ text analysis
  if (svc.analyzer()) AddAnalyzeRoutes(R, *svc.analyzer(), authed);
  AddMetricsRoutes(R, svc, authed);  // metrics, drill-down, import
  AddForecastRoutes(R, svc, authed);  // forecast, insights, scorecards, KPI targets
  AddFeedbackRoutes(R, svc, authed);  // feedback clusters and keywords
  AddAuthRoutes(R, svc, authed);
  if (qa_) AddQaRoutes(R, *qa_, authed);
  if (live_) AddStreamRoutes(R, *live_, authed);
  if (knowledge_) AddKnowledgeRoutes(R, *knowledge_, authed);
}

}  // namespace loopdesk::http
