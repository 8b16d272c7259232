#include "app/operations.h"
#include "app/voc_ops.h"

#include <algorithm>
#include <cmath>

#include "common/utf8.h"
#include "domain/inference.h"
#include "domain/ticket_state.h"

namespace loopdesk {

namespace {

constexpr size_t kMaxName = 200;
constexpr size_t kMaxSubject = 500;
constexpr size_t kMaxBody = 100000;

Value OptId(std::optional<Id> id) { return id ? Value(*id) : Value(); }

Value StrList(const std::vector<std::string>& v) {
  Value a = Value::MakeArray();
  for (const auto& s : v) a.Push(s);
  return a;
}

Status CheckGeo(const std::optional<GeoPoint>& g, const char* field) {
  if (!g) return Status::Ok();
  if (!std::isfinite(g->lat) || !std::isfinite(g->lon) || g->lat < -90 || g->lat > 90 ||
      g->lon < -180 || g->lon > 180) {
    return Status::Invalid("location needs lat in [-90, 90] and lon in [-180, 180]", field);
  }
  return Status::Ok();
}

Status CheckEmail(const std::string& e, const char* field) {
  if (e.empty()) return Status::Ok();
  auto at = e.find('@');
  if (at == std::string::npos || at == 0 || at + 1 >= e.size() || e.size() > 254 ||
      e.find(' ') != std::string::npos)
    return Status::Invalid("not an email address: " + e, field);
  return Status::Ok();
}

Status CheckPhone(const std::string& p, const char* field) {
  if (p.empty()) return Status::Ok();
  if (p.size() > 32) return Status::Invalid("phone number too long", field);
  int digits = 0;
  for (char c : p) {
    if (c >= '0' && c <= '9') {
      ++digits;
    } else if (c != '+' && c != '-' && c != ' ' && c != '(' && c != ')') {
      return Status::Invalid("a phone number holds digits, spaces and + - ( ) only", field);
    }
  }
  if (digits < 3) return Status::Invalid("a phone number needs at least 3 digits", field);
  return Status::Ok();
}

Status CheckLanguage(const std::string& l, const char* field) {
  if (l == "zh" || l == "en") return Status::Ok();
  return Status::Invalid("language must be zh or en", field);
}

// Records a field change into `changes` when the value differs.
template <typename T, typename F>
void Track(Value& changes, const char* field, const T& from, const T& to, F to_value) {
  if (from == to) return;
  Value c = Value::MakeObject();
  c.Set("from", to_value(from));
  c.Set("to", to_value(to));
  changes.Set(field, std::move(c));
}

}  // namespace

Status CheckText(const std::string& s, const char* field, size_t max_code_points, bool required) {
  if (!IsValidUtf8(s)) return Status::Invalid("text is not valid UTF-8", field);
  if (required && TrimAscii(s).empty()) return Status::Invalid(std::string(field) + " is required", field);
  if (Utf8Length(s) > max_code_points)
    return Status::Invalid(std::string(field) + " is longer than " +
                               std::to_string(max_code_points) + " characters",
                           field);
  return Status::Ok();
}

Status CheckTags(const std::vector<std::string>& tags, const char* field) {
  if (tags.size() > 50) return Status::Invalid("at most 50 tags", field);
  for (const auto& t : tags) {
    if (TrimAscii(t).empty()) return Status::Invalid("a tag cannot be empty", field);
    LD_RETURN_IF_ERROR(CheckText(t, field, 64, true));
  }
  return Status::Ok();
}

TicketPatch EscalationPatch(const Ticket& t) {
  TicketPatch p;
  if (t.priority != Priority::kP1)
    p.priority = static_cast<Priority>(static_cast<int>(t.priority) - 1);
  if (std::find(t.tags.begin(), t.tags.end(), "escalated") == t.tags.end()) {
    p.tags = t.tags;
    p.tags->push_back("escalated");
  }
  return p;
}

Operations::Operations(UnitOfWork& uow, OpsContext ctx) : uow_(uow), ctx_(std::move(ctx)) {
  if (!ctx_.sla) {
    static const auto kDefaults = SlaSettingsHolder().Get();
    ctx_.sla = kDefaults;
  }
}

Status Operations::Emit(const Actor& actor, std::string type, TimeMs at, Id ticket_id,
                        Id customer_id, Value data) {
  Event e;
  e.type = std::move(type);
  e.at = at;
  e.actor = actor.ToString();
  e.ticket_id = ticket_id;
  e.customer_id = customer_id;
  e.data = data.is_object() ? std::move(data) : Value::MakeObject();
  LD_RETURN_IF_ERROR(uow_.AppendEvent(e));
  events_.push_back(std::move(e));
  return Status::Ok();
}

Status Operations::RouteTicket(Ticket& t, const Customer& c) {
  if (!ctx_.router) return Status::Ok();
  RoutingRequest r;
  r.category = t.category;
  r.language = c.language;
  r.tier = c.tier;
  r.channel = t.channel;
  if (!t.team.empty()) r.team = t.team;
  if (c.tier == Tier::kStrategic || c.tier == Tier::kHigh) {
    r.account_manager_id = c.account_manager_id;
    if (!c.dedicated_team.empty()) r.dedicated_team = c.dedicated_team;
  }
  r.customer_location = c.location;
  RoutingDecision d = ctx_.router->RouteAndReserve(r, ctx_.routing_mode);
  if (d.agent_id) {
    t.assignee_id = d.agent_id;
    if (ctx_.reserved) ctx_.reserved->push_back(*d.agent_id);
  }
  t.team = d.team;
  t.routing_reason = d.reason;
  return Status::Ok();
}

Status Operations::CheckAgentRef(std::optional<Id> id, const char* field, Agent* out) {
  if (!id) return Status::Ok();
  auto a = uow_.GetAgent(*id);
  if (!a.ok()) {
    if (a.status().code() == Code::kNotFound)
      return Status::Invalid("no agent with id " + std::to_string(*id), field);
    return a.status();
  }
  if (out) *out = *a;
  return Status::Ok();
}

// ---------------------------------------------------------------------------------- agents

namespace {
Status ValidateAgent(const Agent& a) {
  LD_RETURN_IF_ERROR(CheckText(a.name, "name", kMaxName, true));
  LD_RETURN_IF_ERROR(CheckText(a.email, "email", 254, false));
  LD_RETURN_IF_ERROR(CheckEmail(a.email, "email"));
  LD_RETURN_IF_ERROR(CheckText(a.team, "team", 100, false));
  LD_RETURN_IF_ERROR(CheckTags(a.skills, "skills"));
  LD_RETURN_IF_ERROR(CheckTags(a.languages, "languages"));
  if (a.capacity < 0 || a.capacity > 1000)
    return Status::Invalid("capacity must be between 0 and 1000", "capacity");
  return CheckGeo(a.location, "location");
}

Value AgentData(const Agent& a) {
  Value d = Value::MakeObject();
  d.Set("agent_id", a.id);
  d.Set("name", a.name);
  d.Set("team", a.team);
  d.Set("role", std::string(Name(a.role)));
  d.Set("status", std::string(Name(a.status)));
  d.Set("skills", StrList(a.skills));
  d.Set("capacity", a.capacity);
  return d;
}
}  // namespace

Result<Agent> Operations::CreateAgent(const Actor& actor, const NewAgent& in, TimeMs now) {
  Agent a;
  a.external_id = in.external_id;
  a.name = std::string(TrimAscii(in.name));
  a.email = AsciiLower(TrimAscii(in.email));
  a.team = std::string(TrimAscii(in.team));
  a.role = in.role;
  a.skills = in.skills;
  a.languages = in.languages;
  a.capacity = in.capacity;
  a.status = in.status;
  a.location = in.location;
  a.created_at = a.updated_at = now;
  LD_RETURN_IF_ERROR(ValidateAgent(a));
  if (!a.email.empty()) {
    LD_ASSIGN_OR_RETURN(auto existing, uow_.FindAgentByEmail(a.email));
    if (existing) return Status::Conflict("an agent with this email already exists", "email");
  }
  LD_RETURN_IF_ERROR(uow_.InsertAgent(a));
  LD_RETURN_IF_ERROR(Emit(actor, "agent.created", now, 0, 0, AgentData(a)));
  return a;
}

Result<Agent> Operations::UpdateAgent(const Actor& actor, Id id, const AgentPatch& in,
                                      TimeMs now) {
  LD_ASSIGN_OR_RETURN(Agent a, uow_.GetAgent(id));
  Agent before = a;
  if (in.name) a.name = std::string(TrimAscii(*in.name));
  if (in.email) a.email = AsciiLower(TrimAscii(*in.email));
  if (in.team) a.team = std::string(TrimAscii(*in.team));
  if (in.role) a.role = *in.role;
  if (in.skills) a.skills = *in.skills;
  if (in.languages) a.languages = *in.languages;
  if (in.capacity) a.capacity = *in.capacity;
  if (in.status) a.status = *in.status;
  if (in.location) a.location = *in.location;
  LD_RETURN_IF_ERROR(ValidateAgent(a));
  if (a.email != before.email && !a.email.empty()) {
    LD_ASSIGN_OR_RETURN(auto existing, uow_.FindAgentByEmail(a.email));
    if (existing && existing->id != a.id)
      return Status::Conflict("an agent with this email already exists", "email");
  }
  Value changes = Value::MakeObject();
  auto str = [](const std::string& s) { return Value(s); };
  Track(changes, "name", before.name, a.name, str);
  Track(changes, "email", before.email, a.email, str);
  Track(changes, "team", before.team, a.team, str);
  Track(changes, "role", before.role, a.role, [](Role r) { return Value(std::string(Name(r))); });
  Track(changes, "status", before.status, a.status,
        [](AgentStatus s) { return Value(std::string(Name(s))); });
  Track(changes, "capacity", before.capacity, a.capacity, [](int c) { return Value(c); });
  Track(changes, "skills", before.skills, a.skills, StrList);
  Track(changes, "languages", before.languages, a.languages, StrList);
  if (changes.as_object().empty() && !(in.location)) return a;  // nothing changed
  a.updated_at = now;
  LD_RETURN_IF_ERROR(uow_.UpdateAgent(a));
  Value d = Value::MakeObject();
  d.Set("agent_id", a.id);
  d.Set("changes", std::move(changes));
  LD_RETURN_IF_ERROR(Emit(actor, "agent.updated", now, 0, 0, std::move(d)));
  return a;
}

// ------------------------------------------------------------------------------- customers

namespace {
Status ValidateCustomer(const Customer& c) {
  LD_RETURN_IF_ERROR(CheckText(c.name, "name", kMaxName, true));
  LD_RETURN_IF_ERROR(CheckText(c.salutation, "salutation", 50, false));
  LD_RETURN_IF_ERROR(CheckPhone(c.phone, "phone"));
  LD_RETURN_IF_ERROR(CheckText(c.email, "email", 254, false));
  LD_RETURN_IF_ERROR(CheckEmail(c.email, "email"));
  LD_RETURN_IF_ERROR(CheckText(c.wechat_id, "wechat_id", 64, false));
  LD_RETURN_IF_ERROR(CheckText(c.region, "region", 100, false));
  LD_RETURN_IF_ERROR(CheckTags(c.tags, "tags"));
  LD_RETURN_IF_ERROR(CheckLanguage(c.language, "language"));
  return CheckGeo(c.location, "location");
}

// Refuses a contact id that already belongs to another customer (one identity per contact).
Status CheckContactsFree(UnitOfWork& uow, const Customer& c) {
  struct {
    const std::string* value;
    const char* field;
  } contacts[] = {{&c.phone, "phone"}, {&c.email, "email"}, {&c.wechat_id, "wechat_id"}};
  for (const auto& k : contacts) {
    if (k.value->empty()) continue;
    std::string phone = k.field == std::string_view("phone") ? *k.value : "";
    std::string email = k.field == std::string_view("email") ? *k.value : "";
    std::string wechat = k.field == std::string_view("wechat_id") ? *k.value : "";
    LD_ASSIGN_OR_RETURN(auto other, uow.FindCustomerByContact(phone, email, wechat));
    if (other && other->id != c.id)
      return Status::Conflict(std::string(k.field) + " already belongs to customer " +
                                  std::to_string(other->id),
                              k.field);
  }
  return Status::Ok();
}
}  // namespace

Result<Customer> Operations::CreateCustomer(const Actor& actor, const NewCustomer& in,
                                            TimeMs now) {
  Customer c;
  c.external_id = in.external_id;
  c.name = std::string(TrimAscii(in.name));
  c.salutation = std::string(TrimAscii(in.salutation));
  c.phone = std::string(TrimAscii(in.phone));
  c.email = AsciiLower(TrimAscii(in.email));
  c.wechat_id = std::string(TrimAscii(in.wechat_id));
  c.tier = in.tier;
  c.region = std::string(TrimAscii(in.region));
  c.location = in.location;
  c.tags = in.tags;
  c.language = in.language;
  c.account_manager_id = in.account_manager_id;
  c.dedicated_team = std::string(TrimAscii(in.dedicated_team));
  c.created_at = c.updated_at = now;
  LD_RETURN_IF_ERROR(ValidateCustomer(c));
  LD_RETURN_IF_ERROR(CheckAgentRef(c.account_manager_id, "account_manager_id"));
  LD_RETURN_IF_ERROR(CheckContactsFree(uow_, c));
  LD_RETURN_IF_ERROR(uow_.InsertCustomer(c));
  Value d = Value::MakeObject();
  d.Set("name", c.name);
  d.Set("tier", std::string(Name(c.tier)));
  d.Set("region", c.region);
  LD_RETURN_IF_ERROR(Emit(actor, "customer.created", now, 0, c.id, std::move(d)));
  return c;
}

Result<Customer> Operations::UpdateCustomer(const Actor& actor, Id id, const CustomerPatch& in,
                                            TimeMs now) {
  LD_ASSIGN_OR_RETURN(Customer c, uow_.GetCustomer(id));
  Customer before = c;
  if (in.name) c.name = std::string(TrimAscii(*in.name));
  if (in.salutation) c.salutation = std::string(TrimAscii(*in.salutation));
  if (in.phone) c.phone = std::string(TrimAscii(*in.phone));
  if (in.email) c.email = AsciiLower(TrimAscii(*in.email));
  if (in.wechat_id) c.wechat_id = std::string(TrimAscii(*in.wechat_id));
  if (in.tier) c.tier = *in.tier;
  if (in.region) c.region = std::string(TrimAscii(*in.region));
  if (in.location) c.location = *in.location;
  if (in.tags) c.tags = *in.tags;
  if (in.language) c.language = *in.language;
  if (in.account_manager_id) c.account_manager_id = *in.account_manager_id;
  if (in.dedicated_team) c.dedicated_team = std::string(TrimAscii(*in.dedicated_team));
  LD_RETURN_IF_ERROR(ValidateCustomer(c));
  LD_RETURN_IF_ERROR(CheckAgentRef(c.account_manager_id, "account_manager_id"));
  LD_RETURN_IF_ERROR(CheckContactsFree(uow_, c));
  Value changes = Value::MakeObject();
  auto str = [](const std::string& s) { return Value(s); };
  Track(changes, "name", before.name, c.name, str);
  Track(changes, "salutation", before.salutation, c.salutation, str);
  Track(changes, "phone", before.phone, c.phone, str);
  Track(changes, "email", before.email, c.email, str);
  Track(changes, "wechat_id", before.wechat_id, c.wechat_id, str);
  Track(changes, "tier", before.tier, c.tier, [](Tier t) { return Value(std::string(Name(t))); });
  Track(changes, "region", before.region, c.region, str);
  Track(changes, "tags", before.tags, c.tags, StrList);
  Track(changes, "language", before.language, c.language, str);
  Track(changes, "account_manager_id", before.account_manager_id, c.account_manager_id,
        [](const std::optional<Id>& id) { return id ? Value(*id) : Value(); });
  Track(changes, "dedicated_team", before.dedicated_team, c.dedicated_team, str);
  if (changes.as_object().empty() && !in.location) return c;
  c.updated_at = now;
  LD_RETURN_IF_ERROR(uow_.UpdateCustomer(c));
  if (c.tier != before.tier) {
    // A new tier re-targets the SLA of every active ticket (elapsed time is kept).
    TicketFilter f;
    f.customer_id = c.id;
    f.limit = 100000;
    LD_ASSIGN_OR_RETURN(auto tickets, uow_.ListTickets(f));
    for (const Ticket& t : tickets)
      if (IsActive(t.status)) LD_RETURN_IF_ERROR(RefreshSla(t, now));
  }
  Value d = Value::MakeObject();
  d.Set("changes", std::move(changes));
  LD_RETURN_IF_ERROR(Emit(actor, "customer.updated", now, 0, c.id, std::move(d)));
  return c;
}

Result<Order> Operations::AddOrder(const Actor& actor, Id customer_id, const NewOrder& in,
                                   TimeMs now) {
  LD_ASSIGN_OR_RETURN(Customer c, uow_.GetCustomer(customer_id));
  Order o;
  o.customer_id = c.id;
  o.number = std::string(TrimAscii(in.number));
  o.product = std::string(TrimAscii(in.product));
  o.amount = in.amount;
  o.ordered_at = in.ordered_at.value_or(now);
  o.created_at = now;
  LD_RETURN_IF_ERROR(CheckText(o.product, "product", kMaxName, true));
  LD_RETURN_IF_ERROR(CheckText(o.number, "number", 64, false));
  if (!std::isfinite(o.amount) || o.amount < 0)
    return Status::Invalid("amount must be a non-negative number", "amount");
  LD_RETURN_IF_ERROR(uow_.InsertOrder(o));
  Value d = Value::MakeObject();
  d.Set("order_id", o.id);
  d.Set("product", o.product);
  d.Set("amount", o.amount);
  LD_RETURN_IF_ERROR(Emit(actor, "order.created", now, 0, c.id, std::move(d)));
  return o;
}

Result<Asset> Operations::AddAsset(const Actor& actor, Id customer_id, const NewAsset& in,
                                   TimeMs now) {
  LD_ASSIGN_OR_RETURN(Customer c, uow_.GetCustomer(customer_id));
  Asset a;
  a.customer_id = c.id;
  a.product = std::string(TrimAscii(in.product));
  a.serial = std::string(TrimAscii(in.serial));
  a.installed_at = in.installed_at;
  a.warranty_end = in.warranty_end;
  a.created_at = now;
  LD_RETURN_IF_ERROR(CheckText(a.product, "product", kMaxName, true));
  LD_RETURN_IF_ERROR(CheckText(a.serial, "serial", 100, false));
  if (a.installed_at && a.warranty_end && *a.warranty_end < *a.installed_at)
    return Status::Invalid("warranty_end is before installed_at", "warranty_end");
  LD_RETURN_IF_ERROR(uow_.InsertAsset(a));
  Value d = Value::MakeObject();
  d.Set("asset_id", a.id);
  d.Set("product", a.product);
  d.Set("serial", a.serial);
  LD_RETURN_IF_ERROR(Emit(actor, "asset.created", now, 0, c.id, std::move(d)));
  return a;
}

// --------------------------------------------------------------------------------- tickets

Result<CreatedTicket> Operations::CreateTicket(const Actor& actor, const NewTicket& in,
                                               TimeMs now) {
  CreatedTicket out;
  Ticket& t = out.ticket;
  t.external_id = in.external_id;
  t.channel = in.channel;
  t.subject = std::string(TrimAscii(in.subject));
  t.description = in.description;
  t.tags = in.tags;
  LD_RETURN_IF_ERROR(CheckText(t.subject, "subject", kMaxSubject, true));
  LD_RETURN_IF_ERROR(CheckText(t.description, "description", kMaxBody, false));
  LD_RETURN_IF_ERROR(CheckTags(t.tags, "tags"));
  if (in.customer_id <= 0) return Status::Invalid("customer_id is required", "customer_id");
  auto customer = uow_.GetCustomer(in.customer_id);
  if (!customer.ok()) {
    if (customer.status().code() == Code::kNotFound)
      return Status::Invalid("no customer with id " + std::to_string(in.customer_id),
                             "customer_id");
    return customer.status();
  }
  t.customer_id = customer->id;

  std::string text = t.subject + "\n" + t.description;
  // The text engine supplies signals; domain/inference.cc decides (one place).
  std::optional<TextSignals> signals;
  if (!in.priority || !in.category) signals = TextSignalsOf(ctx_.analyzer, text);
  const TextSignals* sig = signals ? &*signals : nullptr;
  if (in.priority) {
    t.priority = *in.priority;
  } else {
    Inferred p = InferPriority(text, sig);
    t.priority = *ParsePriority(p.value);
    out.inferred_priority = std::move(p);
  }
  if (in.category) {
    if (!IsValidCategory(*in.category))
      return Status::Invalid("category must be 1-64 of a-z, 0-9 and _ (e.g. " +
                                 std::string(DefaultCategoryNames()) + ")",
                             "category");
    t.category = *in.category;
  } else {
    Inferred c = InferCategory(text, sig);
    t.category = c.value;
    out.inferred_category = std::move(c);
  }

  Agent assignee;
  LD_RETURN_IF_ERROR(CheckAgentRef(in.assignee_id, "assignee_id", &assignee));
  t.assignee_id = in.assignee_id;
  if (in.team) {
    LD_RETURN_IF_ERROR(CheckText(*in.team, "team", 100, false));
    t.team = std::string(TrimAscii(*in.team));
  } else if (in.assignee_id) {
    t.team = assignee.team;
  }
  t.status = TicketStatus::kNew;
  t.created_at = t.updated_at = now;
  if (!t.assignee_id) LD_RETURN_IF_ERROR(RouteTicket(t, *customer));
  t.sentiment = AnalyzeSentiment(ctx_.analyzer, t.subject + "\n" + t.description);
  LD_RETURN_IF_ERROR(uow_.InsertTicket(t));

  Value d = Value::MakeObject();
  d.Set("subject", t.subject);
  d.Set("channel", std::string(Name(t.channel)));
  d.Set("priority", std::string(Name(t.priority)));
  d.Set("category", t.category);
  d.Set("assignee_id", OptId(t.assignee_id));
  d.Set("team", t.team);
  if (!t.routing_reason.empty()) d.Set("routing", t.routing_reason);
  if (out.inferred_priority || out.inferred_category) {
    Value inf = Value::MakeObject();
    if (out.inferred_priority) inf.Set("priority", out.inferred_priority->reason);
    if (out.inferred_category) inf.Set("category", out.inferred_category->reason);
    d.Set("inferred", std::move(inf));
  }
  LD_RETURN_IF_ERROR(Emit(actor, "ticket.created", now, t.id, t.customer_id, std::move(d)));
  LD_RETURN_IF_ERROR(RefreshSla(t, now));
  LD_RETURN_IF_ERROR(VocAfterTicketChange(*this, nullptr, t, now));
  LD_RETURN_IF_ERROR(RunRules(rules::kEventTicketCreated, t, t.id, nullptr, now, &t));
  return out;
}

Result<Ticket> Operations::UpdateTicket(const Actor& actor, Id id, const TicketPatch& in,
                                        TimeMs now) {
  LD_ASSIGN_OR_RETURN(Ticket t, uow_.GetTicket(id));
  const Ticket before = t;

  // Validate everything before changing anything.
  if (in.category && !IsValidCategory(*in.category))
    return Status::Invalid("category must be 1-64 of a-z, 0-9 and _", "category");
  if (in.tags) LD_RETURN_IF_ERROR(CheckTags(*in.tags, "tags"));
  if (in.subject) LD_RETURN_IF_ERROR(CheckText(*in.subject, "subject", kMaxSubject, true));
  if (in.team) LD_RETURN_IF_ERROR(CheckText(*in.team, "team", 100, false));
  LD_RETURN_IF_ERROR(CheckText(in.reason, "reason", 1000, false));
  Agent new_assignee;
  if (in.assignee_id && *in.assignee_id)
    LD_RETURN_IF_ERROR(CheckAgentRef(*in.assignee_id, "assignee_id", &new_assignee));

  if (in.status && *in.status != t.status) {
    LD_RETURN_IF_ERROR(ApplyTransition(t, *in.status, now));
    Value d = Value::MakeObject();
    d.Set("from", std::string(Name(before.status)));
    d.Set("to", std::string(Name(t.status)));
    if (!in.reason.empty()) d.Set("reason", in.reason);
    LD_RETURN_IF_ERROR(Emit(actor, "ticket.status_changed", now, t.id, t.customer_id, std::move(d)));
  }

  if (in.priority) t.priority = *in.priority;
  if (in.category) t.category = *in.category;
  if (in.tags) t.tags = *in.tags;
  if (in.subject) t.subject = std::string(TrimAscii(*in.subject));
  if (in.assignee_id) {
    t.assignee_id = *in.assignee_id;
    if (*in.assignee_id && !in.team) t.team = new_assignee.team;
  }
  if (in.team) t.team = std::string(TrimAscii(*in.team));

  // A hand-over from one owner (agent or team) to another is a transfer; the first
  // assignment of an unowned ticket is not.
  bool assignee_changed = t.assignee_id != before.assignee_id;
  bool team_changed = t.team != before.team;
  if (assignee_changed || team_changed) {
    // Taking a ticket from its team's queue is an assignment, not a hand-over.
    bool had_owner = before.assignee_id.has_value() || (!before.team.empty() && team_changed);
    if (had_owner) {
      Transfer tr;
      tr.ticket_id = t.id;
      tr.from_agent_id = before.assignee_id;
      tr.to_agent_id = t.assignee_id;
      tr.from_team = before.team;
      tr.to_team = t.team;
      tr.reason = in.reason;
      tr.actor = actor.ToString();
      tr.at = now;
      LD_RETURN_IF_ERROR(uow_.InsertTransfer(tr));
      ++t.transfer_count;
      Value d = Value::MakeObject();
      d.Set("transfer_id", tr.id);
      d.Set("from_agent_id", OptId(tr.from_agent_id));
      d.Set("to_agent_id", OptId(tr.to_agent_id));
      d.Set("from_team", tr.from_team);
      d.Set("to_team", tr.to_team);
      d.Set("reason", tr.reason);
      LD_RETURN_IF_ERROR(Emit(actor, "ticket.transferred", now, t.id, t.customer_id, std::move(d)));
    } else {
      Value d = Value::MakeObject();
      d.Set("assignee_id", OptId(t.assignee_id));
      d.Set("team", t.team);
      LD_RETURN_IF_ERROR(Emit(actor, "ticket.assigned", now, t.id, t.customer_id, std::move(d)));
    }
  }

  Value changes = Value::MakeObject();
  auto str = [](const std::string& s) { return Value(s); };
  Track(changes, "priority", before.priority, t.priority,
        [](Priority p) { return Value(std::string(Name(p))); });
  Track(changes, "category", before.category, t.category, str);
  Track(changes, "tags", before.tags, t.tags, StrList);
  Track(changes, "subject", before.subject, t.subject, str);
  if (!changes.as_object().empty()) {
    Value d = Value::MakeObject();
    d.Set("changes", std::move(changes));
    if (!in.reason.empty()) d.Set("reason", in.reason);
    LD_RETURN_IF_ERROR(Emit(actor, "ticket.updated", now, t.id, t.customer_id, std::move(d)));
  }
  const bool changed = t.status != before.status || assignee_changed || team_changed ||
                       t.priority != before.priority || t.category != before.category ||
                       t.tags != before.tags || t.subject != before.subject;
  if (!changed) return t;
  t.updated_at = now;
  LD_RETURN_IF_ERROR(uow_.UpdateTicket(t));
  LD_RETURN_IF_ERROR(RefreshSla(t, now));
  LD_RETURN_IF_ERROR(VocAfterTicketChange(*this, &before, t, now));
  LD_RETURN_IF_ERROR(RunRules(rules::kEventTicketUpdated, before, t.id, nullptr, now, &t));
  return t;
}

Result<Message> Operations::AddMessage(const Actor& actor, Id ticket_id, const NewMessage& in,
                                       TimeMs now) {
  LD_ASSIGN_OR_RETURN(Ticket t, uow_.GetTicket(ticket_id));
  LD_RETURN_IF_ERROR(CheckText(in.body, "body", kMaxBody, true));
  if (in.internal && in.author != AuthorKind::kAgent)
    return Status::Invalid("only agents write internal notes", "internal");
  if (t.status == TicketStatus::kClosed && !in.internal)
    return Status::Conflict("the ticket is closed; only internal notes can be added");
  Message m;
  m.ticket_id = t.id;
  m.author = in.author;
  m.body = in.body;
  m.internal = in.internal;
  m.created_at = now;
  if (in.author == AuthorKind::kAgent) {
    if (actor.kind == AuthorKind::kAgent) m.author_id = actor.id;
  } else if (in.author == AuthorKind::kCustomer) {
    m.author_id = t.customer_id;
  }
  m.sentiment = AnalyzeSentiment(ctx_.analyzer, m.body);
  LD_RETURN_IF_ERROR(uow_.InsertMessage(m));

  const TicketStatus before = t.status;
  bool changed = false;
  // Only a public reply by a person counts as a response (system messages never do).
  if (m.author == AuthorKind::kAgent && !m.internal && actor.kind == AuthorKind::kAgent) {
    if (!t.first_response_at) t.first_response_at = now;
    ++t.agent_reply_count;
    changed = true;
  }
  Value d = Value::MakeObject();
  d.Set("message_id", m.id);
  d.Set("author", std::string(Name(m.author)));
  d.Set("internal", m.internal);
  d.Set("length", static_cast<int64_t>(Utf8Length(m.body)));
  LD_RETURN_IF_ERROR(Emit(actor, "message.created", now, t.id, t.customer_id, std::move(d)));

  if (auto next = StatusAfterMessage(t.status, m.author, m.internal)) {
    LD_RETURN_IF_ERROR(ApplyTransition(t, *next, now));
    Value s = Value::MakeObject();
    s.Set("from", std::string(Name(before)));
    s.Set("to", std::string(Name(*next)));
    s.Set("reason", m.author == AuthorKind::kAgent ? "agent replied" : "customer replied");
    LD_RETURN_IF_ERROR(Emit(actor, "ticket.status_changed", now, t.id, t.customer_id, std::move(s)));
    changed = true;
  }
  if (changed || m.author == AuthorKind::kCustomer) {
    t.updated_at = now;
    LD_RETURN_IF_ERROR(uow_.UpdateTicket(t));
  }
  if (!m.internal) LD_RETURN_IF_ERROR(RefreshSla(t, now));
  LD_RETURN_IF_ERROR(RunRules(rules::kEventMessageCreated, t, t.id, &m, now));
  return m;
}

Result<Transcript> Operations::AddTranscript(const Actor& actor, Id ticket_id,
                                             const NewTranscript& in, TimeMs now) {
  LD_ASSIGN_OR_RETURN(Ticket t, uow_.GetTicket(ticket_id));
  if (in.turns.empty()) return Status::Invalid("a transcript needs at least one turn", "turns");
  if (in.turns.size() > 10000) return Status::Invalid("at most 10000 turns", "turns");
  int64_t last = -1;
  for (size_t i = 0; i < in.turns.size(); ++i) {
    const auto& turn = in.turns[i];
    std::string field = "turns[" + std::to_string(i) + "]";
    if (turn.speaker == AuthorKind::kSystem)
      return Status::Invalid("speaker must be agent or customer", field + ".speaker");
    if (turn.start_ms < 0) return Status::Invalid("start_ms must be ≥ 0", field + ".start_ms");
    if (turn.start_ms < last)
      return Status::Invalid("turns must be in time order", field + ".start_ms");
    last = turn.start_ms;
    LD_RETURN_IF_ERROR(CheckText(turn.text, (field + ".text").c_str(), kMaxBody, true));
  }
  Transcript tr;
  tr.ticket_id = t.id;
  if (actor.kind == AuthorKind::kAgent) tr.agent_id = actor.id;
  tr.turns = in.turns;
  tr.created_at = now;
  LD_RETURN_IF_ERROR(uow_.InsertTranscript(tr));
  Value d = Value::MakeObject();
  d.Set("transcript_id", tr.id);
  d.Set("turns", static_cast<int64_t>(tr.turns.size()));
  d.Set("duration_ms", tr.turns.back().start_ms);
  LD_RETURN_IF_ERROR(Emit(actor, "transcript.created", now, t.id, t.customer_id, std::move(d)));
  t.updated_at = now;
  LD_RETURN_IF_ERROR(uow_.UpdateTicket(t));
  return tr;
}

Result<Task> Operations::CreateTask(const Actor& actor, Id ticket_id, const NewTask& in,
                                    TimeMs now) {
  LD_ASSIGN_OR_RETURN(Ticket t, uow_.GetTicket(ticket_id));
  if (!IsKnownDepartment(in.department))
    return Status::Invalid("department must be one of " + std::string(DepartmentNames()),
                           "department");
  LD_RETURN_IF_ERROR(CheckText(in.title, "title", kMaxSubject, true));
  LD_RETURN_IF_ERROR(CheckText(in.note, "note", kMaxBody, false));
  LD_RETURN_IF_ERROR(CheckAgentRef(in.assignee_id, "assignee_id"));
  Task k;
  k.ticket_id = t.id;
  k.department = in.department;
  k.title = std::string(TrimAscii(in.title));
  k.note = in.note;
  k.assignee_id = in.assignee_id;
  k.due_at = in.due_at;
  k.created_at = k.updated_at = now;
  LD_RETURN_IF_ERROR(uow_.InsertTask(k));
  Value d = Value::MakeObject();
  d.Set("task_id", k.id);
  d.Set("department", k.department);
  d.Set("title", k.title);
  d.Set("assignee_id", OptId(k.assignee_id));
  LD_RETURN_IF_ERROR(Emit(actor, "task.created", now, t.id, t.customer_id, std::move(d)));
  return k;
}

Result<Task> Operations::UpdateTask(const Actor& actor, Id task_id, const TaskPatch& in,
                                    TimeMs now) {
  LD_ASSIGN_OR_RETURN(Task k, uow_.GetTask(task_id));
  LD_ASSIGN_OR_RETURN(Ticket t, uow_.GetTicket(k.ticket_id));
  if (in.assignee_id && *in.assignee_id)
    LD_RETURN_IF_ERROR(CheckAgentRef(*in.assignee_id, "assignee_id"));
  if (in.note) LD_RETURN_IF_ERROR(CheckText(*in.note, "note", kMaxBody, false));
  if (in.title) LD_RETURN_IF_ERROR(CheckText(*in.title, "title", kMaxSubject, true));
  Task before = k;
  if (in.status) {
    bool final_state = k.status == TaskStatus::kDone || k.status == TaskStatus::kCancelled;
    if (final_state && *in.status != k.status)
      return Status::Conflict(std::string("the task is already ") + std::string(Name(k.status)),
                              "status");
    k.status = *in.status;
  }
  if (in.assignee_id) k.assignee_id = *in.assignee_id;
  if (in.note) k.note = *in.note;
  if (in.title) k.title = std::string(TrimAscii(*in.title));
  Value changes = Value::MakeObject();
  Track(changes, "status", before.status, k.status,
        [](TaskStatus s) { return Value(std::string(Name(s))); });
  Track(changes, "assignee_id", before.assignee_id, k.assignee_id, OptId);
  Track(changes, "title", before.title, k.title, [](const std::string& s) { return Value(s); });
  if (changes.as_object().empty() && k.note == before.note) return k;
  k.updated_at = now;
  LD_RETURN_IF_ERROR(uow_.UpdateTask(k));
  Value d = Value::MakeObject();
  d.Set("task_id", k.id);
  d.Set("changes", std::move(changes));
  LD_RETURN_IF_ERROR(Emit(actor, "task.updated", now, t.id, t.customer_id, std::move(d)));
  return k;
}

}  // namespace loopdesk
