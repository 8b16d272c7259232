#include "app/ticket_status.h"

#include <string_view>

namespace loopdesk {

namespace {

const std::string* Str(const Value& d, std::string_view key) {
  const Value* v = d.Find(key);
  return v && v->is_string() ? &v->as_string() : nullptr;
}

std::optional<Id> IdOf(const Value& d, std::string_view key) {
  const Value* v = d.Find(key);
  if (v && v->is_int() && v->as_int() > 0) return v->as_int();
  return std::nullopt;
}

// The customer-visible step a status move is, or "" for none (a move back to "new").
std::string_view StepOfStatus(std::string_view to) {
  if (to == "open" || to == "on_hold") return "in_progress";
  if (to == "pending") return "waiting_for_you";
  if (to == "resolved") return "resolved";
  if (to == "reopened") return "reopened";
  if (to == "closed") return "closed";
  return "";
}

std::string_view StageOf(const Ticket& t, bool has_handler) {
  switch (t.status) {
    case TicketStatus::kNew: return has_handler ? "assigned" : "received";
    case TicketStatus::kOpen:
    case TicketStatus::kOnHold: return "in_progress";
    case TicketStatus::kPending: return "waiting_for_you";
    case TicketStatus::kResolved: return "resolved";
    case TicketStatus::kReopened: return "reopened";
    case TicketStatus::kClosed: return "closed";
  }
  return "received";
}

}  // namespace

std::string CustomerFacingName(const std::string& agent_name) {
  const size_t space = agent_name.find(' ');
  if (space != std::string::npos && space > 0) return agent_name.substr(0, space);
  const unsigned char lead = agent_name.empty() ? 0 : static_cast<unsigned char>(agent_name[0]);
  // A three-byte UTF-8 sequence starting at U+3000 or above: CJK script.
  if (lead >= 0xE3 && lead <= 0xE9 && agent_name.size() >= 3) return "小" + agent_name.substr(0, 3);
  return agent_name;
}

PublicTicketStatus BuildPublicTicketStatus(const Ticket& t, const std::vector<Event>& events,
                                           const std::optional<TicketSla>& sla,
                                           const std::function<std::string(Id)>& agent_name,
                                           const std::string& language, TimeMs now) {
  PublicTicketStatus out;
  out.ticket_id = t.id;
  out.subject = t.subject;
  out.channel = std::string(Name(t.channel));
  out.language = language.rfind("en", 0) == 0 ? "en" : "zh";
  out.created_at = t.created_at;
  out.updated_at = t.updated_at;

  auto handler = [&](std::optional<Id> agent, const std::string* team) {
    std::string h = agent ? agent_name(*agent) : "";
    if (h.empty() && team) h = *team;
    return h;
  };
  auto push = [&out](std::string_view code, TimeMs at, const std::string& who) {
    if (!out.steps.empty() && out.steps.back().code == code && out.steps.back().handler == who)
      return;
    out.steps.push_back({std::string(code), at, who});
  };
  for (const Event& e : events) {
    if (e.type == "ticket.created") {
      push("received", e.at, "");
      std::string h = handler(IdOf(e.data, "assignee_id"), Str(e.data, "team"));
      if (!h.empty()) push("assigned", e.at, h);
    } else if (e.type == "ticket.assigned") {
      std::string h = handler(IdOf(e.data, "assignee_id"), Str(e.data, "team"));
      if (!h.empty()) push("assigned", e.at, h);
    } else if (e.type == "ticket.transferred") {
      std::string h = handler(IdOf(e.data, "to_agent_id"), Str(e.data, "to_team"));
      if (!h.empty()) push("assigned", e.at, h);
    } else if (e.type == "ticket.status_changed") {
      const std::string* to = Str(e.data, "to");
      std::string_view step = to ? StepOfStatus(*to) : "";
      if (!step.empty()) push(step, e.at, "");
    }
  }
  if (out.steps.empty() || out.steps.front().code != "received")
    out.steps.insert(out.steps.begin(), {"received", t.created_at, ""});

  out.handler = handler(t.assignee_id, &t.team);
  out.stage = std::string(StageOf(t, !out.handler.empty()));
  out.paused = t.status == TicketStatus::kPending || t.status == TicketStatus::kOnHold;
  const bool done = t.status == TicketStatus::kResolved || t.status == TicketStatus::kClosed;
  if (!done && sla && sla->resolution_due) {
    out.due = sla->resolution_due;
    out.overdue = !out.paused && *sla->resolution_due < now;
  }
  return out;
}

}  // namespace loopdesk
