#include "rules/facts.h"

#include "domain/enums.h"

namespace loopdesk::rules {

MapFacts& MapFacts::Set(std::string field, Value v) {
  current_.insert_or_assign(std::move(field), std::move(v));
  return *this;
}

MapFacts& MapFacts::SetPrevious(std::string field, Value v) {
  previous_.insert_or_assign(std::move(field), std::move(v));
  return *this;
}

std::optional<Value> MapFacts::Get(std::string_view field) const {
  auto it = current_.find(field);
  if (it == current_.end()) return std::nullopt;
  return it->second;
}

std::optional<Value> MapFacts::Previous(std::string_view field) const {
  auto it = previous_.find(field);
  if (it == previous_.end()) return std::nullopt;
  return it->second;
}

namespace {

Value StringOrNull(const std::string& s) { return s.empty() ? Value() : Value(s); }

Value Strings(const std::vector<std::string>& list) {
  Value out = Value::MakeArray();
  for (const auto& s : list) out.Push(s);
  return out;
}

template <typename Put>
void PutTicket(const Ticket& t, Put put) {
  put("ticket.id", Value(t.id));
  put("ticket.status", Value(std::string(Name(t.status))));
  put("ticket.priority", Value(std::string(Name(t.priority))));
  put("ticket.category", StringOrNull(t.category));
  put("ticket.channel", Value(std::string(Name(t.channel))));
  put("ticket.subject", Value(t.subject));
  put("ticket.description", Value(t.description));
  put("ticket.tags", Strings(t.tags));
  put("ticket.assignee_id", t.assignee_id ? Value(*t.assignee_id) : Value());
  put("ticket.team", StringOrNull(t.team));
  put("ticket.customer_id", Value(t.customer_id));
  put("ticket.reopen_count", Value(t.reopen_count));
  put("ticket.transfer_count", Value(t.transfer_count));
  put("ticket.agent_reply_count", Value(t.agent_reply_count));
}

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

}  // namespace

void AddTicketFacts(const Ticket& t, MapFacts* facts) {
  PutTicket(t, [facts](const char* k, Value v) { facts->Set(k, std::move(v)); });
}

void AddPreviousTicketFacts(const Ticket& before, MapFacts* facts) {
  PutTicket(before, [facts](const char* k, Value v) { facts->SetPrevious(k, std::move(v)); });
}

void AddTicketTimeFacts(const Ticket& t, TimeMs now, int64_t utc_offset_ms, MapFacts* facts) {
  const TimeMs local = t.created_at + utc_offset_ms;
  const int64_t days = FloorDiv(local, kDayMs);
  const int64_t hour = (local - days * kDayMs) / kHourMs;
  const int64_t weekday = ((days % 7) + 7 + 3) % 7 + 1;  // 1970-01-01 was a Thursday (4)
  facts->Set("ticket.created_hour", Value(hour));
  facts->Set("ticket.created_weekday", Value(weekday));
  facts->Set("ticket.age_hours", Value(static_cast<double>(now - t.created_at) / kHourMs));
  facts->Set("ticket.idle_hours", Value(static_cast<double>(now - t.updated_at) / kHourMs));
}

void AddCustomerFacts(const Customer& c, MapFacts* facts) {
  facts->Set("customer.id", Value(c.id));
  facts->Set("customer.name", Value(c.name));
  facts->Set("customer.tier", Value(std::string(Name(c.tier))));
  facts->Set("customer.region", StringOrNull(c.region));
  facts->Set("customer.tags", Strings(c.tags));
  facts->Set("customer.language", StringOrNull(c.language));
}

void AddMessageFacts(const Message& m, MapFacts* facts) {
  facts->Set("message.body", Value(m.body));
  facts->Set("message.author", Value(std::string(Name(m.author))));
  facts->Set("message.internal", Value(m.internal));
}

}  // namespace loopdesk::rules
