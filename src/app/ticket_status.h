#pragma once
// The customer's view of a ticket's progress (服务进度可视化): what the public status page
// /t/{token} and GET /api/v1/public/tickets/{token} show. Built from the ticket, its event
// log and its SLA record only; it never carries internal notes, agent ids, message bodies or
// the SLA policy's name. Agents get the link per ticket (Service::TicketStatusLink).

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "domain/entities.h"

namespace loopdesk {

// One customer-visible step: received | assigned | in_progress | waiting_for_you | resolved |
// reopened | closed. `handler` (assigned only) is an agent's first name or a team name.
struct PublicStatusStep {
  std::string code;
  TimeMs at = 0;
  std::string handler;
};

struct PublicTicketStatus {
  Id ticket_id = 0;
  std::string subject;
  std::string channel;
  std::string stage;     // the latest step's code (received … closed)
  std::string language;  // zh | en: the customer's language
  std::string handler;   // who handles it now (first name or team), may be empty
  TimeMs created_at = 0;
  TimeMs updated_at = 0;
  // The SLA promise: the resolution due time while the ticket is not resolved or closed.
  std::optional<TimeMs> due;
  bool overdue = false;  // `due` has passed (never while paused: the stored due is then moot)
  bool paused = false;   // waiting for the customer or a third party (the clock stops)
  std::vector<PublicStatusStep> steps;  // oldest first
  // The ticket's CSAT survey, when one was sent: sent | answered | expired, and its page
  // ("/s/{token}") while it awaits the answer. Filled by Service::FindPublicTicketStatus.
  std::string survey_status;
  std::string survey_path;
};

// How an agent is named to a customer: the first word of a name with spaces ("Anna Lee" →
// "Anna"), for a name without spaces in CJK script "小" + the surname (the first character:
// "张伟" → "小张"), otherwise the name as it is. Empty for an empty name.
std::string CustomerFacingName(const std::string& agent_name);

// Builds the view. `events` are the ticket's events in order; `agent_name` maps an agent id to
// the name to show (CustomerFacingName of the agent; empty when unknown). Pure.
PublicTicketStatus BuildPublicTicketStatus(const Ticket& t, const std::vector<Event>& events,
                                           const std::optional<TicketSla>& sla,
                                           const std::function<std::string(Id)>& agent_name,
                                           const std::string& language, TimeMs now);

// The link an agent sends the customer.
struct TicketStatusLink {
  Id ticket_id = 0;
  std::string token;
  std::string url;  // absolute when a public base URL is known, else "/t/{token}"
  TimeMs created_at = 0;
};

}  // namespace loopdesk
