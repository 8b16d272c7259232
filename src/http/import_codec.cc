#include "http/import_codec.h"

#include "common/utf8.h"
#include "http/json_io.h"

namespace loopdesk::http {

namespace {

// The error of a sub-object's reader, with the sub-object's path in front.
Status Nested(const Status& st) { return st; }

Result<ImportCustomer> DecodeCustomer(const json& j) {
  if (!j.is_object()) return Status::Invalid("must be an object", "customer");
  FieldReader r(j, "customer.");
  ImportCustomer c;
  c.external_id = r.String("external_id").value_or("");
  c.name = r.String("name").value_or("");
  c.tier = r.Enum<Tier>("tier", ParseTier, TierNames());
  c.phone = r.String("phone").value_or("");
  c.email = r.String("email").value_or("");
  c.wechat_id = r.String("wechat_id").value_or("");
  c.region = r.String("region").value_or("");
  if (!r.ok()) return Nested(r.status());
  return c;
}

Result<ImportEvent> DecodeEvent(const json& j, size_t i) {
  const std::string prefix = "events[" + std::to_string(i) + "].";
  if (!j.is_object())
    return Status::Invalid("must be an object", prefix.substr(0, prefix.size() - 1));
  FieldReader r(j, prefix);
  ImportEvent e;
  auto type = r.String("type", true);
  auto at = r.Time("at", true);
  if (!r.ok()) return r.status();
  e.at = *at;
  if (*type == "message") {
    e.type = ImportEvent::Type::kMessage;
    e.author = r.Enum<AuthorKind>("author", ParseAuthorKind, "customer | agent")
                   .value_or(AuthorKind::kCustomer);
    if (r.ok() && e.author == AuthorKind::kSystem) r.Fail("author", "must be customer or agent");
  } else if (*type == "reply") {
    e.type = ImportEvent::Type::kReply;
    e.author = AuthorKind::kAgent;
  } else if (*type == "note") {
    e.type = ImportEvent::Type::kNote;
    e.author = AuthorKind::kAgent;
  } else if (*type == "status") {
    e.type = ImportEvent::Type::kStatus;
    auto to = r.Enum<TicketStatus>("to", ParseTicketStatus, TicketStatusNames(), true);
    if (to) e.to = *to;
    if (to == TicketStatus::kNew) r.Fail("to", "a ticket cannot move back to new");
  } else {
    r.Fail("type",
           "unknown value \"" + *type + "\"; expected one of message | reply | note | status");
  }
  if (e.type != ImportEvent::Type::kStatus) {
    e.body = r.String("body", true).value_or("");
    e.agent_external_id = r.String("agent_external_id").value_or("");
  }
  if (!r.ok()) return r.status();
  return e;
}

Result<ImportSurvey> DecodeSurvey(const json& j) {
  if (!j.is_object()) return Status::Invalid("must be an object", "survey");
  FieldReader r(j, "survey.");
  ImportSurvey s;
  s.kind = r.String("kind", true).value_or("");
  s.sent_at = r.Time("sent_at");
  if (r.Has("score") && !r.IsNull("score")) {
    auto score = r.Int("score", false, 0, 10);
    if (score) s.score = static_cast<int>(*score);
  }
  if (r.Has("answered_at") && !r.IsNull("answered_at")) s.answered_at = r.Time("answered_at");
  s.comment = r.String("comment").value_or("");
  if (!r.ok()) return r.status();
  return s;
}

}  // namespace

Result<ImportRecord> DecodeImportLine(std::string_view line, int line_no) {
  if (!IsValidUtf8(line)) return Status::Invalid("the line is not valid UTF-8");
  if (auto rec = FastDecodeImportLine(line, line_no)) return std::move(*rec);
  return DecodeImportLineGeneric(line, line_no);
}

Result<ImportRecord> DecodeImportLineGeneric(std::string_view line, int line_no) {
  if (!IsValidUtf8(line)) return Status::Invalid("the line is not valid UTF-8");
  json j = json::parse(line.begin(), line.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return Status::Invalid("the line is not valid JSON");
  if (!j.is_object()) return Status::Invalid("the line must be a JSON object");
  FieldReader r(j);
  ImportRecord rec;
  rec.line = line_no;
  rec.external_id = r.String("external_id", true).value_or("");
  auto channel = r.Enum<Channel>("channel", ParseChannel, ChannelNames(), true);
  if (channel) rec.channel = *channel;
  rec.subject = r.String("subject", true).value_or("");
  rec.description = r.String("description").value_or("");
  rec.priority = r.Enum<Priority>("priority", ParsePriority, PriorityNames());
  rec.category = r.String("category");
  rec.team = r.String("team");
  rec.agent_external_id = r.String("agent_external_id").value_or("");
  auto created = r.Time("created_at", true);
  if (created) rec.created_at = *created;
  if (!r.ok()) return r.status();
  auto cust = j.find("customer");
  if (cust == j.end() || cust->is_null()) return Status::Invalid("is required", "customer");
  LD_ASSIGN_OR_RETURN(rec.customer, DecodeCustomer(*cust));
  if (auto ev = j.find("events"); ev != j.end() && !ev->is_null()) {
    if (!ev->is_array()) return Status::Invalid("must be an array", "events");
    rec.events.reserve(ev->size());
    for (size_t i = 0; i < ev->size(); ++i) {
      LD_ASSIGN_OR_RETURN(ImportEvent e, DecodeEvent((*ev)[i], i));
      rec.events.push_back(std::move(e));
    }
  }
  if (auto sv = j.find("survey"); sv != j.end() && !sv->is_null()) {
    LD_ASSIGN_OR_RETURN(ImportSurvey s, DecodeSurvey(*sv));
    rec.survey = std::move(s);
  }
  return rec;
}

Result<int> ImportNdjson(std::string_view text, int first_line, Importer& importer) {
  int line_no = first_line;
  size_t pos = 0;
  int consumed = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    std::string_view line =
        text.substr(pos, nl == std::string_view::npos ? text.size() - pos : nl - pos);
    pos = nl == std::string_view::npos ? text.size() : nl + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const int this_line = line_no++;
    ++consumed;
    if (TrimAscii(line).empty()) continue;
    auto rec = DecodeImportLine(line, this_line);
    if (!rec.ok()) {
      const Status& st = rec.status();
      importer.AddError(this_line,
                        st.field().empty() ? st.message() : st.field() + ": " + st.message());
      continue;
    }
    LD_RETURN_IF_ERROR(importer.Add(std::move(*rec)));
  }
  return consumed;
}

}  // namespace loopdesk::http
