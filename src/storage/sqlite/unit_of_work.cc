#include "storage/sqlite/guard.h"
#include "storage/sqlite/unit_of_work.h"

#include <exception>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "codec/value_json.h"

namespace loopdesk::sqlite {

namespace {

Status Corrupt(std::string_view column, std::string_view value) {
  return Status::Internal("corrupt value in " + std::string(column) + ": '" +
                          std::string(value.substr(0, 100)) + "'");
}

template <typename E>
Result<E> DecodeEnum(std::optional<E> parsed, std::string_view column, const std::string& text) {
  if (!parsed) {
    return Corrupt(column, text);
  }
  return *parsed;
}

// "a, b, c" -> {"a", "b", "c"}.
std::vector<std::string_view> SplitColumns(std::string_view cols) {
  std::vector<std::string_view> out;
  while (!cols.empty()) {
    auto comma = cols.find(',');
    std::string_view c = cols.substr(0, comma);
    while (!c.empty() && c.front() == ' ') {
      c.remove_prefix(1);
    }
    out.push_back(c);
    if (comma == std::string_view::npos) {
      break;
    }
    cols.remove_prefix(comma + 1);
  }
  return out;
}

std::string InsertSql(std::string_view table, std::string_view cols) {
  std::string sql = "INSERT INTO " + std::string(table) + " (" + std::string(cols) + ") VALUES (";
  size_t n = SplitColumns(cols).size();
  for (size_t i = 0; i < n; ++i) {
    sql += i ? ", ?" : "?";
  }
  return sql + ")";
}

// Binds the columns in order and then the id: "UPDATE t SET a = ?, b = ? WHERE id = ?".
std::string UpdateSql(std::string_view table, std::string_view cols) {
  std::string sql = "UPDATE " + std::string(table) + " SET ";
  bool first = true;
  for (auto c : SplitColumns(cols)) {
    if (!first) {
      sql += ", ";
    }
    first = false;
    sql += std::string(c) + " = ?";
  }
  return sql + " WHERE id = ?";
}

std::string SelectSql(std::string_view table, std::string_view cols, std::string_view rest) {
  return "SELECT id, " + std::string(cols) + " FROM " + std::string(table) + " " +
         std::string(rest);
}

// A LIKE pattern matching `q` anywhere, with LIKE's wildcards in `q` taken literally
// (used with ESCAPE '\').
std::string ContainsPattern(std::string_view q) {
  std::string p = "%";
  for (char c : q) {
    if (c == '%' || c == '_' || c == '\\') {
      p += '\\';
    }
    p += c;
  }
  return p + "%";
}

// String lists are stored as JSON arrays of strings.
Result<std::string> EncodeStrings(const std::vector<std::string>& v, const char* field) {
  nlohmann::json a = nlohmann::json::array();
  for (const auto& s : v) {
    a.push_back(s);
  }
  try {
    return a.dump();
  } catch (const nlohmann::json::exception&) {
    return Status::Invalid(std::string(field) + " holds text that is not valid UTF-8", field);
  }
}

Result<std::vector<std::string>> DecodeStrings(const std::string& text, std::string_view column) {
  auto j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_array()) {
    return Corrupt(column, text);
  }
  std::vector<std::string> out;
  out.reserve(j.size());
  for (const auto& e : j) {
    if (!e.is_string()) {
      return Corrupt(column, text);
    }
    out.push_back(e.get<std::string>());
  }
  return out;
}

Result<std::string> EncodeTurns(const std::vector<TranscriptTurn>& turns) {
  nlohmann::json a = nlohmann::json::array();
  for (const auto& t : turns) {
    nlohmann::json o = {
        {"speaker", std::string(Name(t.speaker))}, {"start_ms", t.start_ms}, {"text", t.text}};
    if (t.end_ms) {
      o["end_ms"] = *t.end_ms;
    }
    a.push_back(std::move(o));
  }
  try {
    return a.dump();
  } catch (const nlohmann::json::exception&) {
    return Status::Invalid("transcript text is not valid UTF-8", "turns");
  }
}

Result<std::vector<TranscriptTurn>> DecodeTurns(const std::string& text) {
  constexpr std::string_view kColumn = "transcripts.turns";
  auto j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_array()) {
    return Corrupt(kColumn, text);
  }
  std::vector<TranscriptTurn> out;
  out.reserve(j.size());
  for (const auto& e : j) {
    auto speaker = e.find("speaker");
    auto start = e.find("start_ms");
    auto end = e.find("end_ms");
    auto body = e.find("text");
    if (!e.is_object() || speaker == e.end() || !speaker->is_string() || start == e.end() ||
        !start->is_number_integer() || body == e.end() || !body->is_string() ||
        (end != e.end() && !end->is_number_integer())) {
      return Corrupt(kColumn, text);
    }
    TranscriptTurn t;
    LD_ASSIGN_OR_RETURN(t.speaker,
                        DecodeEnum(ParseAuthorKind(speaker->get<std::string>()), kColumn, text));
    t.start_ms = start->get<int64_t>();
    if (end != e.end()) {
      t.end_ms = end->get<int64_t>();
    }
    t.text = body->get<std::string>();
    out.push_back(std::move(t));
  }
  return out;
}

Stmt& BindGeo(Stmt& s, const std::optional<GeoPoint>& g) {
  if (g) {
    return s.Bind(g->lat).Bind(g->lon);
  }
  return s.BindNull().BindNull();
}

std::optional<GeoPoint> ReadGeo(const Stmt& s, int lat_col) {
  if (s.IsNull(lat_col) || s.IsNull(lat_col + 1)) {
    return std::nullopt;
  }
  return GeoPoint{s.Double(lat_col), s.Double(lat_col + 1)};
}

// Steps through every row of `s`, converting each with `read`.
template <typename T, typename Reader>
Result<std::vector<T>> Collect(Stmt& s, std::string_view context, Reader read) {
  std::vector<T> out;
  for (;;) {
    LD_ASSIGN_OR_RETURN(bool row, s.Step(context));
    if (!row) {
      return out;
    }
    LD_ASSIGN_OR_RETURN(T v, read(s));
    out.push_back(std::move(v));
  }
}

// The first row of `s`, or nullopt.
template <typename T, typename Reader>
Result<std::optional<T>> CollectOne(Stmt& s, std::string_view context, Reader read) {
  LD_ASSIGN_OR_RETURN(bool row, s.Step(context));
  if (!row) {
    return std::optional<T>();
  }
  LD_ASSIGN_OR_RETURN(T v, read(s));
  return std::optional<T>(std::move(v));
}

Status NotFound(std::string_view what, Id id) {
  return Status::NotFound("no " + std::string(what) + " with id " + std::to_string(id));
}

// ------------------------------------------------------------------------- column layouts
// Each k*Cols lists the columns after `id` in the order the Bind*/Read* functions use.

constexpr std::string_view kCustomerCols =
    "external_id, name, salutation, phone, email, wechat_id, tier, region, lat, lon, tags, "
    "language, created_at, updated_at, account_manager_id, dedicated_team";

Status BindCustomer(Stmt& s, const Customer& c) {
  LD_ASSIGN_OR_RETURN(std::string tags, EncodeStrings(c.tags, "tags"));
  s.Bind(c.external_id).Bind(c.name).Bind(c.salutation).Bind(c.phone).Bind(c.email);
  s.Bind(c.wechat_id).Bind(Name(c.tier)).Bind(c.region);
  BindGeo(s, c.location).Bind(tags).Bind(c.language).Bind(c.created_at).Bind(c.updated_at);
  s.Bind(c.account_manager_id).Bind(c.dedicated_team);
  return Status::Ok();
}

Result<Customer> ReadCustomer(const Stmt& s) {
  Customer c;
  c.id = s.Int(0);
  c.external_id = s.Text(1);
  c.name = s.Text(2);
  c.salutation = s.Text(3);
  c.phone = s.Text(4);
  c.email = s.Text(5);
  c.wechat_id = s.Text(6);
  std::string tier = s.Text(7);
  LD_ASSIGN_OR_RETURN(c.tier, DecodeEnum(ParseTier(tier), "customers.tier", tier));
  c.region = s.Text(8);
  c.location = ReadGeo(s, 9);
  LD_ASSIGN_OR_RETURN(c.tags, DecodeStrings(s.Text(11), "customers.tags"));
  c.language = s.Text(12);
  c.created_at = s.Int(13);
  c.updated_at = s.Int(14);
  c.account_manager_id = s.OptInt(15);
  c.dedicated_team = s.Text(16);
  return c;
}

constexpr std::string_view kOrderCols =
    "customer_id, number, product, amount, ordered_at, created_at";

Result<Order> ReadOrder(const Stmt& s) {
  Order o;
  o.id = s.Int(0);
  o.customer_id = s.Int(1);
  o.number = s.Text(2);
  o.product = s.Text(3);
  o.amount = s.Double(4);
  o.ordered_at = s.Int(5);
  o.created_at = s.Int(6);
  return o;
}

constexpr std::string_view kAssetCols =
    "customer_id, product, serial, installed_at, warranty_end, created_at";

Result<Asset> ReadAsset(const Stmt& s) {
  Asset a;
  a.id = s.Int(0);
  a.customer_id = s.Int(1);
  a.product = s.Text(2);
  a.serial = s.Text(3);
  a.installed_at = s.OptInt(4);
  a.warranty_end = s.OptInt(5);
  a.created_at = s.Int(6);
  return a;
}

constexpr std::string_view kAgentCols =
    "external_id, name, email, team, role, skills, languages, capacity, status, lat, lon, "
    "created_at, updated_at";

Status BindAgent(Stmt& s, const Agent& a) {
  LD_ASSIGN_OR_RETURN(std::string skills, EncodeStrings(a.skills, "skills"));
  LD_ASSIGN_OR_RETURN(std::string languages, EncodeStrings(a.languages, "languages"));
  s.Bind(a.external_id).Bind(a.name).Bind(a.email).Bind(a.team).Bind(Name(a.role));
  s.Bind(skills).Bind(languages).Bind(a.capacity).Bind(Name(a.status));
  BindGeo(s, a.location).Bind(a.created_at).Bind(a.updated_at);
  return Status::Ok();
}

Result<Agent> ReadAgent(const Stmt& s) {
  Agent a;
  a.id = s.Int(0);
  a.external_id = s.Text(1);
  a.name = s.Text(2);
  a.email = s.Text(3);
  a.team = s.Text(4);
  std::string role = s.Text(5);
  LD_ASSIGN_OR_RETURN(a.role, DecodeEnum(ParseRole(role), "agents.role", role));
  LD_ASSIGN_OR_RETURN(a.skills, DecodeStrings(s.Text(6), "agents.skills"));
  LD_ASSIGN_OR_RETURN(a.languages, DecodeStrings(s.Text(7), "agents.languages"));
  a.capacity = static_cast<int>(s.Int(8));
  std::string status = s.Text(9);
  LD_ASSIGN_OR_RETURN(a.status, DecodeEnum(ParseAgentStatus(status), "agents.status", status));
  a.location = ReadGeo(s, 10);
  a.created_at = s.Int(12);
  a.updated_at = s.Int(13);
  return a;
}

constexpr std::string_view kTicketCols =
    "external_id, customer_id, channel, subject, description, priority, category, tags, "
    "status, assignee_id, team, created_at, updated_at, first_response_at, resolved_at, "
    "closed_at, reopen_count, transfer_count, agent_reply_count, routing_reason, "
    "sentiment_label, sentiment_score";

// Sentiment columns (migration 7): label NULL when no analysis ran.
void BindSentiment(Stmt& s, const std::optional<SentimentTag>& v) {
  if (v) {
    s.Bind(v->label).Bind(v->score);
  } else {
    s.BindNull().BindNull();
  }
}

std::optional<SentimentTag> ReadSentiment(const Stmt& s, int col) {
  auto score = s.OptDouble(col + 1);
  std::string label = s.Text(col);
  if (label.empty() || !score) return std::nullopt;
  return SentimentTag{std::move(label), *score};
}

Status BindTicket(Stmt& s, const Ticket& t) {
  LD_ASSIGN_OR_RETURN(std::string tags, EncodeStrings(t.tags, "tags"));
  s.Bind(t.external_id).Bind(t.customer_id).Bind(Name(t.channel)).Bind(t.subject);
  s.Bind(t.description).Bind(Name(t.priority)).Bind(t.category).Bind(tags);
  s.Bind(Name(t.status)).Bind(t.assignee_id).Bind(t.team).Bind(t.created_at);
  s.Bind(t.updated_at).Bind(t.first_response_at).Bind(t.resolved_at).Bind(t.closed_at);
  s.Bind(t.reopen_count).Bind(t.transfer_count).Bind(t.agent_reply_count);
  s.Bind(t.routing_reason);
  BindSentiment(s, t.sentiment);
  return Status::Ok();
}

Result<Ticket> ReadTicket(const Stmt& s) {
  Ticket t;
  t.id = s.Int(0);
  t.external_id = s.Text(1);
  t.customer_id = s.Int(2);
  std::string channel = s.Text(3);
  LD_ASSIGN_OR_RETURN(t.channel, DecodeEnum(ParseChannel(channel), "tickets.channel", channel));
  t.subject = s.Text(4);
  t.description = s.Text(5);
  std::string priority = s.Text(6);
  LD_ASSIGN_OR_RETURN(t.priority,
                      DecodeEnum(ParsePriority(priority), "tickets.priority", priority));
  t.category = s.Text(7);
  LD_ASSIGN_OR_RETURN(t.tags, DecodeStrings(s.Text(8), "tickets.tags"));
  std::string status = s.Text(9);
  LD_ASSIGN_OR_RETURN(t.status, DecodeEnum(ParseTicketStatus(status), "tickets.status", status));
  t.assignee_id = s.OptInt(10);
  t.team = s.Text(11);
  t.created_at = s.Int(12);
  t.updated_at = s.Int(13);
  t.first_response_at = s.OptInt(14);
  t.resolved_at = s.OptInt(15);
  t.closed_at = s.OptInt(16);
  t.reopen_count = static_cast<int>(s.Int(17));
  t.transfer_count = static_cast<int>(s.Int(18));
  t.agent_reply_count = static_cast<int>(s.Int(19));
  t.routing_reason = s.Text(20);
  t.sentiment = ReadSentiment(s, 21);
  return t;
}

constexpr std::string_view kMessageCols =
    "ticket_id, author, author_id, body, internal, created_at, sentiment_label, sentiment_score";

Result<Message> ReadMessage(const Stmt& s) {
  Message m;
  m.id = s.Int(0);
  m.ticket_id = s.Int(1);
  std::string author = s.Text(2);
  LD_ASSIGN_OR_RETURN(m.author, DecodeEnum(ParseAuthorKind(author), "messages.author", author));
  m.author_id = s.OptInt(3);
  m.body = s.Text(4);
  m.internal = s.Int(5) != 0;
  m.created_at = s.Int(6);
  m.sentiment = ReadSentiment(s, 7);
  return m;
}

constexpr std::string_view kTranscriptCols = "ticket_id, agent_id, turns, created_at";

Result<Transcript> ReadTranscript(const Stmt& s) {
  Transcript t;
  t.id = s.Int(0);
  t.ticket_id = s.Int(1);
  t.agent_id = s.OptInt(2);
  LD_ASSIGN_OR_RETURN(t.turns, DecodeTurns(s.Text(3)));
  t.created_at = s.Int(4);
  return t;
}

constexpr std::string_view kTaskCols =
    "ticket_id, department, title, note, assignee_id, status, due_at, created_at, updated_at";

void BindTask(Stmt& s, const Task& t) {
  s.Bind(t.ticket_id).Bind(t.department).Bind(t.title).Bind(t.note).Bind(t.assignee_id);
  s.Bind(Name(t.status)).Bind(t.due_at).Bind(t.created_at).Bind(t.updated_at);
}

Result<Task> ReadTask(const Stmt& s) {
  Task t;
  t.id = s.Int(0);
  t.ticket_id = s.Int(1);
  t.department = s.Text(2);
  t.title = s.Text(3);
  t.note = s.Text(4);
  t.assignee_id = s.OptInt(5);
  std::string status = s.Text(6);
  LD_ASSIGN_OR_RETURN(t.status, DecodeEnum(ParseTaskStatus(status), "tasks.status", status));
  t.due_at = s.OptInt(7);
  t.created_at = s.Int(8);
  t.updated_at = s.Int(9);
  return t;
}

constexpr std::string_view kTransferCols =
    "ticket_id, from_agent_id, to_agent_id, from_team, to_team, reason, actor, at";

Result<Transfer> ReadTransfer(const Stmt& s) {
  Transfer t;
  t.id = s.Int(0);
  t.ticket_id = s.Int(1);
  t.from_agent_id = s.OptInt(2);
  t.to_agent_id = s.OptInt(3);
  t.from_team = s.Text(4);
  t.to_team = s.Text(5);
  t.reason = s.Text(6);
  t.actor = s.Text(7);
  t.at = s.Int(8);
  return t;
}

constexpr std::string_view kEventCols = "type, at, actor, ticket_id, customer_id, data";
constexpr std::string_view kEventSelect =
    "SELECT seq, type, at, actor, ticket_id, customer_id, data FROM events ";

Result<Event> ReadEvent(const Stmt& s) {
  Event e;
  e.seq = s.Int(0);
  e.type = s.Text(1);
  e.at = s.Int(2);
  e.actor = s.Text(3);
  e.ticket_id = s.Int(4);
  e.customer_id = s.Int(5);
  std::string data = s.Text(6);
  auto v = ValueFromJsonText(data);
  if (!v.ok()) {
    return Corrupt("events.data", data);
  }
  e.data = std::move(v).value();
  return e;
}

}  // namespace

Status SqliteUnitOfWork::CheckWritable() const {
  if (read_only_) {
    return Status::Internal("read-only transaction: writes need Store::Write");
  }
  return Status::Ok();
}

// ------------------------------------------------------------------------------- customers

Status SqliteUnitOfWork::InsertCustomer(Customer& c) {
  return Guard("insert customer", [&]() -> Status {
    LD_RETURN_IF_ERROR(CheckWritable());
    static const std::string kSql = InsertSql("customers", kCustomerCols);
    LD_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kSql));
    LD_RETURN_IF_ERROR(BindCustomer(s, c));
    LD_RETURN_IF_ERROR(s.Run("insert customer"));
    c.id = conn_.LastInsertId();
    return Status::Ok();
  });
}

Status SqliteUnitOfWork::UpdateCustomer(const Customer& c) {
  return Guard("update customer", [&]() -> Status {
    LD_RETURN_IF_ERROR(CheckWritable());
    static const std::string kSql = UpdateSql("customers", kCustomerCols);
    LD_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kSql));
    LD_RETURN_IF_ERROR(BindCustomer(s, c));
    s.Bind(c.id);
    LD_RETURN_IF_ERROR(s.Run("update customer"));
    if (conn_.Changes() == 0) {
      return NotFound("customer", c.id);
    }
    return Status::Ok();
  });
}

Result<Customer> SqliteUnitOfWork::GetCustomer(Id id) {
  return Guard("get customer", [&]() -> Result<Customer> {
    static const std::string kSql = SelectSql("customers", kCustomerCols, "WHERE id = ?");
    LD_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kSql));
    s.Bind(id);
    LD_ASSIGN_OR_RETURN(auto c, CollectOne<Customer>(s, "get customer", ReadCustomer));
    if (!c) {
      return NotFound("customer", id);
    }
    return std::move(*c);
  });
}

Result<std::optional<Customer>> SqliteUnitOfWork::FindCustomerByContact(
    const std::string& phone, const std::string& email, const std::string& wechat_id) {
  return Guard("find customer by contact", [&]() -> Result<std::optional<Customer>> {
    // One indexed lookup per contact, phone first: the partial unique indexes are only
    // usable when the query repeats their `<> ''` condition.
    static const std::string kByPhone =
        SelectSql("customers", kCustomerCols, "WHERE phone = ? AND phone <> ''");
    static const std::string kByEmail =
        SelectSql("customers", kCustomerCols, "WHERE email = ? AND email <> ''");
    static const std::string kByWechat =
        SelectSql("customers", kCustomerCols, "WHERE wechat_id = ? AND wechat_id <> ''");
    const std::pair<const std::string*, const std::string*> lookups[] = {
        {&kByPhone, &phone}, {&kByEmail, &email}, {&kByWechat, &wechat_id}};
    for (const auto& [sql, value] : lookups) {
      if (value->empty()) {
        continue;
      }
      LD_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(*sql));
      s.Bind(*value);
      LD_ASSIGN_OR_RETURN(auto c, CollectOne<Customer>(s, "find customer", ReadCustomer));
      if (c) {
        return c;
      }
    }
    return std::optional<Customer>();
  });
}

Result<std::optional<Customer>> SqliteUnitOfWork::FindCustomerByExternalId(const std::string& ext) {
  return Guard("find customer by external id", [&]() -> Result<std::optional<Customer>> {
    if (ext.empty()) {
      return std::optional<Customer>();
    }
    static const std::string kSql =
        SelectSql("customers", kCustomerCols, "WHERE external_id = ? AND external_id <> ''");
    LD_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kSql));
    s.Bind(ext);
    return CollectOne<Customer>(s, "find customer", ReadCustomer);
  });
}

Result<std::vector<Customer>> SqliteUnitOfWork::ListCustomers(const CustomerFilter& f) {
  return Guard("list customers", [&]() -> Result<std::vector<Customer>> {
    if (f.limit <= 0) {
      return std::vector<Customer>();
    }
    // The SQL text depends only on which filters are set, so the statement cache holds at
    // most one statement per combination.
    std::string where;
    auto add = [&](std::string_view cond) {
      where += where.empty() ? "WHERE " : " AND ";
      where += cond;
    };
    if (f.tier) {
      add("tier = ?");
    }
    if (!f.q.empty()) {
      add("(name LIKE ? ESCAPE '\\' OR phone LIKE ? ESCAPE '\\' OR email LIKE ? ESCAPE '\\' "
          "OR wechat_id LIKE ? ESCAPE '\\')");
    }
    if (f.before_id > 0) {
      add("id < ?");
    }
    LD_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(SelectSql("customers", kCustomerCols,
                                                        where + " ORDER BY id DESC LIMIT ?")));
    if (f.tier) {
      s.Bind(Name(*f.tier));
    }
    if (!f.q.empty()) {
      const std::string pattern = ContainsPattern(f.q);
      s.Bind(pattern).Bind(pattern).Bind(pattern).Bind(pattern);
    }
    if (f.before_id > 0) {
      s.Bind(f.before_id);
    }
    s.Bind(f.limit);
    return Collect<Customer>(s, "list customers", ReadCustomer);
  });
}

// ---------------------------------------------------------------------------------- orders

Status SqliteUnitOfWork::InsertOrder(Order& o) {
  return Guard("insert order", [&]() -> Status {
    LD_RETURN_IF_ERROR(CheckWritable());
    static const std::string kSql = InsertSql("orders", kOrderCols);
    LD_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kSql));
    s.Bind(o.customer_id).Bind(o.number).Bind(o.product).Bind(o.amount).Bind(o.ordered_at);
    s.Bind(o.created_at);
    LD_RETURN_IF_ERROR(s.Run("insert order"));
    o.id = conn_.LastInsertId();
    return Status::Ok();
  });
}

Result<std::vector<Order>> SqliteUnitOfWork::ListOrders(Id customer_id) {
  return Guard("list orders", [&]() -> Result<std::vector<Order>> {
    static const std::string kSql =
        SelectSql("orders", kOrderCols, "WHERE customer_id = ? ORDER BY ordered_at DESC, id DESC");
    LD_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kSql));
    s.Bind(customer_id);
    return Collect<Order>(s, "list orders", ReadOrder);
  });
}

Status SqliteUnitOfWork::InsertAsset(Asset& a) {
  return Guard("insert asset", [&]() -> Status {
    LD_RETURN_IF_ERROR(CheckWritable());
    static const std::string kSql = InsertSql("assets", kAssetCols);
    LD_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kSql));
    s.Bind(a.customer_id).Bind(a.product).Bind(a.serial).Bind(a.installed_at);
    s.Bind(a.warranty_end).Bind(a.created_at);
    LD_RETURN_IF_ERROR(s.Run("insert asset"));
    a.id = conn_.LastInsertId();
    return Status::Ok();
  });
}

Result<std::vector<Asset>> SqliteUnitOfWork::ListAssets(Id customer_id) {
  return Guard("list assets", [&]() -> Result<std::vector<Asset>> {
    static const std::string kSql =
        SelectSql("assets", kAssetCols, "WHERE customer_id = ? ORDER BY id");
    LD_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kSql));
    s.Bind(customer_id);
    return Collect<Asset>(s, "list assets", ReadAsset);
  });
}

// ---------------------------------------------------------------------------------- agents

Status SqliteUnitOfWork::InsertAgent(Agent& a) {
  return Guard("insert agent", [&]() -> Status {
    LD_RETURN_IF_ERROR(CheckWritable());
    static const std::string kSql = InsertSql("agents", kAgentCols);
    LD_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kSql));
    LD_RETURN_IF_ERROR(BindAgent(s, a));
    LD_RETURN_IF_ERROR(s.Run("insert agent"));
    a.id = conn_.LastInsertId();
    return Status::Ok();
  });
}

Status SqliteUnitOfWork::UpdateAgent(const Agent& a) {
  return Guard("update agent", [&]() -> Status {
    LD_RETURN_IF_ERROR(CheckWritable());
    static const std::string kSql = UpdateSql("agents", kAgentCols);
    LD_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kSql));
    LD_RETURN_IF_ERROR(BindAgent(s, a));
    s.Bind(a.id);
    LD_RETURN_IF_ERROR(s.Run("update agent"));
    if (conn_.Changes() == 0) {
      return NotFound("agent", a.id);
    }
    return Status::Ok();
  });
}

Result<Agent> SqliteUnitOfWork::GetAgent(Id id) {
  return Guard("get agent", [&]() -> Result<Agent> {
    static const std::string kSql = SelectSql("agents", kAgentCols, "WHERE id = ?");
    LD_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kSql));
    s.Bind(id);
    LD_ASSIGN_OR_RETURN(auto a, CollectOne<Agent>(s, "get agent", ReadAgent));
    if (!a) {
      return NotFound("agent", id);
    }
    return std::move(*a);
  });
}

Result<std::optional<Agent>> SqliteUnitOfWork::FindAgentByEmail(const std::string& email) {
  return Guard("find agent by email", [&]() -> Result<std::optional<Agent>> {
    if (email.empty()) {
      return std::optional<Agent>();
    }
    static const std::string kSql =
        SelectSql("agents", kAgentCols, "WHERE email = ? AND email <> ''");
    LD_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kSql));
    s.Bind(email);
    return CollectOne<Agent>(s, "find agent", ReadAgent);
  });
}

Result<std::vector<Agent>> SqliteUnitOfWork::ListAgents(const AgentFilter& f) {
  return Guard("list agents", [&]() -> Result<std::vector<Agent>> {
    if (f.limit <= 0) {
      return std::vector<Agent>();
    }
    std::string where;
    auto add = [&](std::string_view cond) {
      where += where.empty() ? "WHERE " : " AND ";
      where += cond;
    };
    if (f.team) {
      add("team = ?");
    }
    if (f.role) {
      add("role = ?");
    }
    if (f.after_id > 0) {
      add("id > ?");
    }
    LD_ASSIGN_OR_RETURN(
        Stmt s, conn_.Prepare(SelectSql("agents", kAgentCols, where + " ORDER BY id LIMIT ?")));
    if (f.team) {
      s.Bind(*f.team);
    }
    if (f.role) {
      s.Bind(Name(*f.role));
    }
    if (f.after_id > 0) {
      s.Bind(f.after_id);
    }
    s.Bind(f.limit);
    return Collect<Agent>(s, "list agents", ReadAgent);
  });
}

Result<int64_t> SqliteUnitOfWork::CountAgents() {
  return Guard("count agents", [&]() -> Result<int64_t> {
    LD_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare("SELECT count(*) FROM agents"));
    LD_ASSIGN_OR_RETURN(bool row, s.Step("count agents"));
    return row ? s.Int(0) : int64_t{0};
  });
}

// ---------------------------------------------------------------------------------- tokens

Status SqliteUnitOfWork::InsertToken(const std::string& token_hash, Id agent_id,
                                     TimeMs created_at) {
  return Guard("insert token", [&]() -> Status {
    LD_RETURN_IF_ERROR(CheckWritable());
    LD_ASSIGN_OR_RETURN(
        Stmt s, conn_.Prepare(
                    "INSERT INTO api_tokens (token_hash, agent_id, created_at) VALUES (?, ?, ?)"));
    s.Bind(token_hash).Bind(agent_id).Bind(created_at);
    return s.Run("insert token");
  });
}

Result<std::optional<Id>> SqliteUnitOfWork::FindAgentIdByTokenHash(const std::string& token_hash) {
  return Guard("find token", [&]() -> Result<std::optional<Id>> {
    LD_ASSIGN_OR_RETURN(Stmt s,
                        conn_.Prepare("SELECT agent_id FROM api_tokens WHERE token_hash = ?"));
    s.Bind(token_hash);
    LD_ASSIGN_OR_RETURN(bool row, s.Step("find token"));
    if (!row) {
      return std::optional<Id>();
    }
    return std::optional<Id>(s.Int(0));
  });
}

// --------------------------------------------------------------------------------- tickets

Status SqliteUnitOfWork::InsertTicket(Ticket& t) {
  return Guard("insert ticket", [&]() -> Status {
    LD_RETURN_IF_ERROR(CheckWritable());
    static const std::string kSql = InsertSql("tickets", kTicketCols);
    LD_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kSql));
    LD_RETURN_IF_ERROR(BindTicket(s, t));
    LD_RETURN_IF_ERROR(s.Run("insert ticket"));
    t.id = conn_.LastInsertId();
    return Status::Ok();
  });
}

Status SqliteUnitOfWork::UpdateTicket(const Ticket& t) {
  return Guard("update ticket", [&]() -> Status {
    LD_RETURN_IF_ERROR(CheckWritable());
    static const std::string kSql = UpdateSql("tickets", kTicketCols);
    LD_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kSql));
    LD_RETURN_IF_ERROR(BindTicket(s, t));
    s.Bind(t.id);
    LD_RETURN_IF_ERROR(s.Run("update ticket"));
    if (conn_.Changes() == 0) {
      return NotFound("ticket", t.id);
    }
    return Status::Ok();
  });
}

Result<Ticket> SqliteUnitOfWork::GetTicket(Id id) {
  return Guard("get ticket", [&]() -> Result<Ticket> {
    static const std::string kSql = SelectSql("tickets", kTicketCols, "WHERE id = ?");
    LD_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kSql));
    s.Bind(id);
    LD_ASSIGN_OR_RETURN(auto t, CollectOne<Ticket>(s, "get ticket", ReadTicket));
    if (!t) {
      return NotFound("ticket", id);
    }
    return std::move(*t);
  });
}

Result<std::optional<Ticket>> SqliteUnitOfWork::FindTicketByExternalId(const std::string& ext) {
  return Guard("find ticket by external id", [&]() -> Result<std::optional<Ticket>> {
    if (ext.empty()) {
      return std::optional<Ticket>();
    }
    static const std::string kSql =
        SelectSql("tickets", kTicketCols, "WHERE external_id = ? AND external_id <> ''");
    LD_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kSql));
    s.Bind(ext);
    return CollectOne<Ticket>(s, "find ticket", ReadTicket);
  });
}

Result<std::vector<Ticket>> SqliteUnitOfWork::ListTickets(const TicketFilter& f) {
  return Guard("list tickets", [&]() -> Result<std::vector<Ticket>> {
    if (f.limit <= 0) {
      return std::vector<Ticket>();
    }
    // The SQL text depends only on which filters are set, so the statement cache holds at
    // most one statement per combination.
    std::string where;
    auto add = [&](std::string_view cond) {
      where += where.empty() ? "WHERE " : " AND ";
      where += cond;
    };
    if (f.status) {
      add("status = ?");
    }
    if (f.assignee_id) {
      add("assignee_id = ?");
    }
    if (f.customer_id) {
      add("customer_id = ?");
    }
    if (f.team) {
      add("team = ?");
    }
    if (f.channel) {
      add("channel = ?");
    }
    if (f.unassigned_only) {
      add("assignee_id IS NULL");
    }
    if (f.active_only) {
      add("status IN ('new', 'open', 'pending', 'on_hold', 'reopened')");
    }
    if (!f.q.empty()) {
      add("(subject LIKE ? ESCAPE '\\' OR description LIKE ? ESCAPE '\\')");
    }
    if (f.before_id > 0) {
      add(f.oldest_first ? "id > ?" : "id < ?");
    }
    LD_ASSIGN_OR_RETURN(
        Stmt s, conn_.Prepare(SelectSql("tickets", kTicketCols,
                                        where + (f.oldest_first ? " ORDER BY id ASC LIMIT ?"
                                                                : " ORDER BY id DESC LIMIT ?"))));
    if (f.status) {
      s.Bind(Name(*f.status));
    }
    if (f.assignee_id) {
      s.Bind(*f.assignee_id);
    }
    if (f.customer_id) {
      s.Bind(*f.customer_id);
    }
    if (f.team) {
      s.Bind(*f.team);
    }
    if (f.channel) {
      s.Bind(Name(*f.channel));
    }
    if (!f.q.empty()) {
      const std::string pattern = ContainsPattern(f.q);
      s.Bind(pattern).Bind(pattern);
    }
    if (f.before_id > 0) {
      s.Bind(f.before_id);
    }
    s.Bind(f.limit);
    return Collect<Ticket>(s, "list tickets", ReadTicket);
  });
}

Result<int64_t> SqliteUnitOfWork::CountActiveTicketsOf(Id agent_id) {
  return Guard("count active tickets", [&]() -> Result<int64_t> {
    static const std::string kSql = [] {
      std::string in;
      for (TicketStatus st : {TicketStatus::kNew, TicketStatus::kOpen, TicketStatus::kPending,
                              TicketStatus::kOnHold, TicketStatus::kReopened}) {
        in += in.empty() ? "'" : ", '";
        in += std::string(Name(st)) + "'";
      }
      return "SELECT count(*) FROM tickets WHERE assignee_id = ? AND status IN (" + in + ")";
    }();
    LD_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kSql));
    s.Bind(agent_id);
    LD_ASSIGN_OR_RETURN(bool row, s.Step("count active tickets"));
    return row ? s.Int(0) : int64_t{0};
  });
}

// ---------------------------------------------------------------------------- conversation

Status SqliteUnitOfWork::InsertMessage(Message& m) {
  return Guard("insert message", [&]() -> Status {
    LD_RETURN_IF_ERROR(CheckWritable());
    static const std::string kSql = InsertSql("messages", kMessageCols);
    LD_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kSql));
    s.Bind(m.ticket_id).Bind(Name(m.author)).Bind(m.author_id).Bind(m.body);
    s.BindBool(m.internal).Bind(m.created_at);
    BindSentiment(s, m.sentiment);
    LD_RETURN_IF_ERROR(s.Run("insert message"));
    m.id = conn_.LastInsertId();
    return Status::Ok();
  });
}

Result<std::vector<Message>> SqliteUnitOfWork::ListMessages(Id ticket_id) {
  return Guard("list messages", [&]() -> Result<std::vector<Message>> {
    static const std::string kSql =
        SelectSql("messages", kMessageCols, "WHERE ticket_id = ? ORDER BY id");
    LD_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kSql));
    s.Bind(ticket_id);
    return Collect<Message>(s, "list messages", ReadMessage);
  });
}

Status SqliteUnitOfWork::InsertTranscript(Transcript& t) {
  return Guard("insert transcript", [&]() -> Status {
    LD_RETURN_IF_ERROR(CheckWritable());
    LD_ASSIGN_OR_RETURN(std::string turns, EncodeTurns(t.turns));
    static const std::string kSql = InsertSql("transcripts", kTranscriptCols);
    LD_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kSql));
    s.Bind(t.ticket_id).Bind(t.agent_id).Bind(turns).Bind(t.created_at);
    LD_RETURN_IF_ERROR(s.Run("insert transcript"));
    t.id = conn_.LastInsertId();
    return Status::Ok();
  });
}

Result<std::vector<Transcript>> SqliteUnitOfWork::ListTranscripts(Id ticket_id) {
  return Guard("list transcripts", [&]() -> Result<std::vector<Transcript>> {
    static const std::string kSql =
        SelectSql("transcripts", kTranscriptCols, "WHERE ticket_id = ? ORDER BY id");
    LD_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kSql));
    s.Bind(ticket_id);
    return Collect<Transcript>(s, "list transcripts", ReadTranscript);
  });
}

// ------------------------------------------------------------------- tasks and transfers

Status SqliteUnitOfWork::InsertTask(Task& t) {
  return Guard("insert task", [&]() -> Status {
    LD_RETURN_IF_ERROR(CheckWritable());
    static const std::string kSql = InsertSql("tasks", kTaskCols);
    LD_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kSql));
    BindTask(s, t);
    LD_RETURN_IF_ERROR(s.Run("insert task"));
    t.id = conn_.LastInsertId();
    return Status::Ok();
  });
}

Status SqliteUnitOfWork::UpdateTask(const Task& t) {
  return Guard("update task", [&]() -> Status {
    LD_RETURN_IF_ERROR(CheckWritable());
    static const std::string kSql = UpdateSql("tasks", kTaskCols);
    LD_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kSql));
    BindTask(s, t);
    s.Bind(t.id);
    LD_RETURN_IF_ERROR(s.Run("update task"));
    if (conn_.Changes() == 0) {
      return NotFound("task", t.id);
    }
    return Status::Ok();
  });
}

Result<Task> SqliteUnitOfWork::GetTask(Id id) {
  return Guard("get task", [&]() -> Result<Task> {
    static const std::string kSql = SelectSql("tasks", kTaskCols, "WHERE id = ?");
    LD_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kSql));
    s.Bind(id);
    LD_ASSIGN_OR_RETURN(auto t, CollectOne<Task>(s, "get task", ReadTask));
    if (!t) {
      return NotFound("task", id);
    }
    return std::move(*t);
  });
}

Result<std::vector<Task>> SqliteUnitOfWork::ListTasks(Id ticket_id) {
  return Guard("list tasks", [&]() -> Result<std::vector<Task>> {
    static const std::string kSql =
        SelectSql("tasks", kTaskCols, "WHERE ticket_id = ? ORDER BY id");
    LD_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kSql));
    s.Bind(ticket_id);
    return Collect<Task>(s, "list tasks", ReadTask);
  });
}

Status SqliteUnitOfWork::InsertTransfer(Transfer& t) {
  return Guard("insert transfer", [&]() -> Status {
    LD_RETURN_IF_ERROR(CheckWritable());
    static const std::string kSql = InsertSql("transfers", kTransferCols);
    LD_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kSql));
    s.Bind(t.ticket_id).Bind(t.from_agent_id).Bind(t.to_agent_id).Bind(t.from_team);
    s.Bind(t.to_team).Bind(t.reason).Bind(t.actor).Bind(t.at);
    LD_RETURN_IF_ERROR(s.Run("insert transfer"));
    t.id = conn_.LastInsertId();
    return Status::Ok();
  });
}

Result<std::vector<Transfer>> SqliteUnitOfWork::ListTransfers(Id ticket_id) {
  return Guard("list transfers", [&]() -> Result<std::vector<Transfer>> {
    static const std::string kSql =
        SelectSql("transfers", kTransferCols, "WHERE ticket_id = ? ORDER BY id");
    LD_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kSql));
    s.Bind(ticket_id);
    return Collect<Transfer>(s, "list transfers", ReadTransfer);
  });
}

// ---------------------------------------------------------------------------------- events

Status SqliteUnitOfWork::AppendEvent(Event& e) {
  return Guard("append event", [&]() -> Status {
    LD_RETURN_IF_ERROR(CheckWritable());
    std::string data;
    try {
      data = ValueToJsonText(e.data);
    } catch (const nlohmann::json::exception&) {
      return Status::Invalid("event data holds text that is not valid UTF-8", "data");
    }
    // seq is the rowid: one writer connection assigns max(seq)+1 inside the transaction, so
    // seq grows in commit order. A rolled-back seq may be reused, but it was never visible.
    static const std::string kSql = InsertSql("events", kEventCols);
    LD_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kSql));
    s.Bind(e.type).Bind(e.at).Bind(e.actor).Bind(e.ticket_id).Bind(e.customer_id).Bind(data);
    LD_RETURN_IF_ERROR(s.Run("append event"));
    e.seq = conn_.LastInsertId();
    return Status::Ok();
  });
}

Result<std::vector<Event>> SqliteUnitOfWork::ListTicketEvents(Id ticket_id, Id after_seq,
                                                              int limit) {
  return Guard("list ticket events", [&]() -> Result<std::vector<Event>> {
    if (limit <= 0) {
      return std::vector<Event>();
    }
    static const std::string kSql =
        std::string(kEventSelect) + "WHERE ticket_id = ? AND seq > ? ORDER BY seq LIMIT ?";
    LD_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kSql));
    s.Bind(ticket_id).Bind(after_seq).Bind(limit);
    return Collect<Event>(s, "list ticket events", ReadEvent);
  });
}

Result<std::vector<Event>> SqliteUnitOfWork::ListEventsAfter(Id after_seq, int limit) {
  return Guard("list events", [&]() -> Result<std::vector<Event>> {
    if (limit <= 0) {
      return std::vector<Event>();
    }
    static const std::string kSql =
        std::string(kEventSelect) + "WHERE seq > ? ORDER BY seq LIMIT ?";
    LD_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kSql));
    s.Bind(after_seq).Bind(limit);
    return Collect<Event>(s, "list events", ReadEvent);
  });
}

// -------------------------------------------------------------------------- configuration

Result<std::optional<Value>> SqliteUnitOfWork::GetConfig(const std::string& key) {
  return Guard("get config", [&]() -> Result<std::optional<Value>> {
    LD_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare("SELECT doc FROM config WHERE key = ?"));
    s.Bind(key);
    LD_ASSIGN_OR_RETURN(bool row, s.Step("get config"));
    if (!row) {
      return std::optional<Value>();
    }
    std::string text = s.Text(0);
    auto v = ValueFromJsonText(text);
    if (!v.ok()) {
      return Corrupt("config.doc", text);
    }
    return std::optional<Value>(std::move(*v));
  });
}

Status SqliteUnitOfWork::PutConfig(const std::string& key, const Value& doc, TimeMs at) {
  return Guard("put config", [&]() -> Status {
    LD_RETURN_IF_ERROR(CheckWritable());
    LD_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(
                                    "INSERT INTO config (key, doc, updated_at) VALUES (?, ?, ?) "
                                    "ON CONFLICT (key) DO UPDATE SET doc = excluded.doc, "
                                    "updated_at = excluded.updated_at"));
    s.Bind(key).Bind(ValueToJsonText(doc)).Bind(at);
    return s.Run("put config");
  });
}

// ------------------------------------------------------------------------------ SLA state

Status SqliteUnitOfWork::PutTicketSla(const TicketSla& t) {
  return Guard("put ticket sla", [&]() -> Status {
    LD_RETURN_IF_ERROR(CheckWritable());
    LD_ASSIGN_OR_RETURN(
        Stmt s, conn_.Prepare("INSERT INTO ticket_sla (ticket_id, policy, calendar, "
                              "first_response_due, resolution_due, paused_ms, state, detail, "
                              "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                              "ON CONFLICT (ticket_id) DO UPDATE SET policy = excluded.policy, "
                              "calendar = excluded.calendar, first_response_due = "
                              "excluded.first_response_due, resolution_due = "
                              "excluded.resolution_due, paused_ms = excluded.paused_ms, "
                              "state = excluded.state, detail = excluded.detail, "
                              "updated_at = excluded.updated_at"));
    s.Bind(t.ticket_id).Bind(t.policy).Bind(t.calendar).Bind(t.first_response_due);
    s.Bind(t.resolution_due).Bind(t.paused_ms).Bind(t.state).Bind(ValueToJsonText(t.detail));
    s.Bind(t.updated_at);
    return s.Run("put ticket sla");
  });
}

Result<std::optional<TicketSla>> SqliteUnitOfWork::GetTicketSla(Id ticket_id) {
  return Guard("get ticket sla", [&]() -> Result<std::optional<TicketSla>> {
    LD_ASSIGN_OR_RETURN(
        Stmt s, conn_.Prepare("SELECT policy, calendar, first_response_due, resolution_due, "
                              "paused_ms, state, detail, updated_at FROM ticket_sla "
                              "WHERE ticket_id = ?"));
    s.Bind(ticket_id);
    LD_ASSIGN_OR_RETURN(bool row, s.Step("get ticket sla"));
    if (!row) {
      return std::optional<TicketSla>();
    }
    TicketSla t;
    t.ticket_id = ticket_id;
    t.policy = s.Text(0);
    t.calendar = s.Text(1);
    t.first_response_due = s.OptInt(2);
    t.resolution_due = s.OptInt(3);
    t.paused_ms = s.Int(4);
    t.state = s.Text(5);
    std::string detail = s.Text(6);
    auto v = ValueFromJsonText(detail);
    if (!v.ok()) {
      return Corrupt("ticket_sla.detail", detail);
    }
    t.detail = std::move(*v);
    t.updated_at = s.Int(7);
    return std::optional<TicketSla>(std::move(t));
  });
}

Status SqliteUnitOfWork::ReplacePendingNotices(Id ticket_id,
                                               const std::vector<SlaNotice>& planned) {
  return Guard("replace notices", [&]() -> Status {
    LD_RETURN_IF_ERROR(CheckWritable());
    {
      LD_ASSIGN_OR_RETURN(Stmt del, conn_.Prepare("DELETE FROM sla_notices WHERE ticket_id = ? "
                                                  "AND fired_at IS NULL"));
      del.Bind(ticket_id);
      LD_RETURN_IF_ERROR(del.Run("drop pending notices"));
    }
    for (const SlaNotice& n : planned) {
      // DO NOTHING: a notice that already fired keeps its row and is not planned again. Only
      // the earliest unfired one is kept; the rest are planned again when it fires.
      LD_ASSIGN_OR_RETURN(Stmt ins, conn_.Prepare("INSERT INTO sla_notices (ticket_id, "
                                                  "target, percent, action, fire_at) VALUES "
                                                  "(?, ?, ?, ?, ?) ON CONFLICT DO NOTHING"));
      ins.Bind(ticket_id).Bind(n.target).Bind(n.percent).Bind(n.action).Bind(n.fire_at);
      LD_RETURN_IF_ERROR(ins.Run("plan notice"));
      if (conn_.Changes() > 0) break;
    }
    return Status::Ok();
  });
}

Result<std::vector<SlaNotice>> SqliteUnitOfWork::DueNotices(TimeMs now, int limit) {
  return Guard("due notices", [&]() -> Result<std::vector<SlaNotice>> {
    LD_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare("SELECT ticket_id, target, percent, action, "
                                              "fire_at FROM sla_notices WHERE fired_at IS NULL "
                                              "AND fire_at <= ? ORDER BY fire_at LIMIT ?"));
    s.Bind(now).Bind(static_cast<int64_t>(std::max(limit, 0)));
    return Collect<SlaNotice>(s, "due notices", [](Stmt& r) -> Result<SlaNotice> {
      SlaNotice n;
      n.ticket_id = r.Int(0);
      n.target = r.Text(1);
      n.percent = static_cast<int>(r.Int(2));
      n.action = r.Text(3);
      n.fire_at = r.Int(4);
      return n;
    });
  });
}

Result<std::optional<TimeMs>> SqliteUnitOfWork::NextNoticeAt() {
  return Guard("next notice", [&]() -> Result<std::optional<TimeMs>> {
    LD_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare("SELECT MIN(fire_at) FROM sla_notices "
                                              "WHERE fired_at IS NULL"));
    LD_ASSIGN_OR_RETURN(bool row, s.Step("next notice"));
    if (!row) {
      return std::optional<TimeMs>();
    }
    return s.OptInt(0);
  });
}

Status SqliteUnitOfWork::MarkNoticeFired(const SlaNotice& n, TimeMs at) {
  return Guard("mark notice fired", [&]() -> Status {
    LD_RETURN_IF_ERROR(CheckWritable());
    LD_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare("UPDATE sla_notices SET fired_at = ? WHERE "
                                              "ticket_id = ? AND target = ? AND percent = ? AND "
                                              "action = ? AND fired_at IS NULL AND fire_at <= ?"));
    s.Bind(at).Bind(n.ticket_id).Bind(n.target).Bind(n.percent).Bind(n.action).Bind(at);
    LD_RETURN_IF_ERROR(s.Run("mark notice fired"));
    if (conn_.Changes() == 0) {
      return Status::Conflict("notice already fired, re-planned or not due yet");
    }
    return Status::Ok();
  });
}

// --------------------------------------------------------------------------- compensations

namespace {
constexpr std::string_view kCompensationCols =
    "ticket_id, customer_id, commitment, target, type, amount, note, status, decided_by, "
    "decided_at, created_at";

Result<Compensation> ReadCompensation(const Stmt& s) {
  Compensation c;
  c.id = s.Int(0);
  c.ticket_id = s.Int(1);
  c.customer_id = s.Int(2);
  c.commitment = s.Text(3);
  c.target = s.Text(4);
  c.type = s.Text(5);
  c.amount = s.Double(6);
  c.note = s.Text(7);
  c.status = s.Text(8);
  c.decided_by = s.OptInt(9);
  c.decided_at = s.OptInt(10);
  c.created_at = s.Int(11);
  return c;
}
}  // namespace

Status SqliteUnitOfWork::InsertCompensation(Compensation& c) {
  return Guard("insert compensation", [&]() -> Status {
    LD_RETURN_IF_ERROR(CheckWritable());
    static const std::string kSql = InsertSql("compensations", kCompensationCols);
    LD_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kSql));
    s.Bind(c.ticket_id).Bind(c.customer_id).Bind(c.commitment).Bind(c.target).Bind(c.type);
    s.Bind(c.amount).Bind(c.note).Bind(c.status).Bind(c.decided_by).Bind(c.decided_at);
    s.Bind(c.created_at);
    LD_RETURN_IF_ERROR(s.Run("insert compensation"));
    c.id = conn_.LastInsertId();
    return Status::Ok();
  });
}

Status SqliteUnitOfWork::UpdateCompensation(const Compensation& c) {
  return Guard("update compensation", [&]() -> Status {
    LD_RETURN_IF_ERROR(CheckWritable());
    LD_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare("UPDATE compensations SET status = ?, note = ?, "
                                              "amount = ?, decided_by = ?, decided_at = ? "
                                              "WHERE id = ?"));
    s.Bind(c.status).Bind(c.note).Bind(c.amount).Bind(c.decided_by).Bind(c.decided_at).Bind(c.id);
    LD_RETURN_IF_ERROR(s.Run("update compensation"));
    if (conn_.Changes() == 0) return NotFound("compensation", c.id);
    return Status::Ok();
  });
}

Result<Compensation> SqliteUnitOfWork::GetCompensation(Id id) {
  return Guard("get compensation", [&]() -> Result<Compensation> {
    static const std::string kSql = SelectSql("compensations", kCompensationCols, "WHERE id = ?");
    LD_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kSql));
    s.Bind(id);
    LD_ASSIGN_OR_RETURN(auto c, CollectOne<Compensation>(s, "get compensation", ReadCompensation));
    if (!c) return NotFound("compensation", id);
    return std::move(*c);
  });
}

Result<std::vector<Compensation>> SqliteUnitOfWork::ListCompensations(Id ticket_id,
                                                                      Id customer_id, int limit) {
  return Guard("list compensations", [&]() -> Result<std::vector<Compensation>> {
    static const std::string kSql =
        SelectSql("compensations", kCompensationCols,
                  "WHERE (? = 0 OR ticket_id = ?) AND (? = 0 OR customer_id = ?) "
                  "ORDER BY id DESC LIMIT ?");
    LD_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(kSql));
    s.Bind(ticket_id).Bind(ticket_id).Bind(customer_id).Bind(customer_id);
    s.Bind(static_cast<int64_t>(std::max(limit, 0)));
    return Collect<Compensation>(s, "list compensations", ReadCompensation);
  });
}

// ---------------------------------------------------------------------------- SLA overrides

Status SqliteUnitOfWork::PutSlaOverride(Id ticket_id, const SlaOverride& o) {
  return Guard("put sla override", [&]() -> Status {
    LD_RETURN_IF_ERROR(CheckWritable());
    LD_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare("INSERT INTO sla_overrides (ticket_id, target, "
                                              "seconds, factor, add_seconds, source, at) VALUES "
                                              "(?, ?, ?, ?, ?, ?, ?) ON CONFLICT (ticket_id, "
                                              "target) DO UPDATE SET seconds = excluded.seconds, "
                                              "factor = excluded.factor, add_seconds = "
                                              "excluded.add_seconds, source = excluded.source, "
                                              "at = excluded.at"));
    s.Bind(ticket_id).Bind(o.target).Bind(o.seconds).Bind(o.factor).Bind(o.add_seconds);
    s.Bind(o.source).Bind(o.at);
    return s.Run("put sla override");
  });
}

Result<std::vector<SlaOverride>> SqliteUnitOfWork::ListSlaOverrides(Id ticket_id) {
  return Guard("list sla overrides", [&]() -> Result<std::vector<SlaOverride>> {
    LD_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare("SELECT target, seconds, factor, source, at, "
                                              "add_seconds FROM sla_overrides WHERE "
                                              "ticket_id = ? ORDER BY target"));
    s.Bind(ticket_id);
    return Collect<SlaOverride>(s, "list sla overrides", [](Stmt& r) -> Result<SlaOverride> {
      SlaOverride o;
      o.target = r.Text(0);
      o.seconds = r.OptInt(1);
      o.factor = r.OptDouble(2);
      o.source = r.Text(3);
      o.at = r.Int(4);
      o.add_seconds = r.OptInt(5);
      return o;
    });
  });
}

}  // namespace loopdesk::sqlite
