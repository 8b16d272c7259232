#pragma once
// The entities of the service core. Plain values: no I/O, no wire format. Ids are assigned
// by the store on insert (0 = not yet stored). Times are UTC milliseconds (common/time.h).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/time.h"
#include "common/value.h"
#include "domain/enums.h"

namespace loopdesk {

using Id = int64_t;

struct GeoPoint {
  double lat = 0;
  double lon = 0;
};

struct Customer {
  Id id = 0;
  std::string external_id;  // id in the source system (import), may be empty
  std::string name;
  std::string salutation;  // preferred form of address (称呼), e.g. "王女士"
  std::string phone;
  std::string email;
  std::string wechat_id;
  Tier tier = Tier::kBasic;
  std::string region;
  std::optional<GeoPoint> location;
  std::vector<std::string> tags;
  std::string language = "zh";  // "zh" | "en"
  // Strategic/high customers: their account manager and dedicated team (routing prefers them).
  std::optional<Id> account_manager_id;
  std::string dedicated_team;
  TimeMs created_at = 0;
  TimeMs updated_at = 0;
};

struct Order {
  Id id = 0;
  Id customer_id = 0;
  std::string number;  // order number as the customer knows it
  std::string product;
  double amount = 0;  // in the account currency
  TimeMs ordered_at = 0;
  TimeMs created_at = 0;
};

struct Asset {
  Id id = 0;
  Id customer_id = 0;
  std::string product;
  std::string serial;
  std::optional<TimeMs> installed_at;
  std::optional<TimeMs> warranty_end;
  TimeMs created_at = 0;
};

struct Agent {
  Id id = 0;
  std::string external_id;
  std::string name;
  std::string email;
  std::string team;
  Role role = Role::kAgent;
  std::vector<std::string> skills;
  std::vector<std::string> languages;
  int capacity = 5;  // open tickets the agent can hold at once
  AgentStatus status = AgentStatus::kOffline;
  std::optional<GeoPoint> location;
  TimeMs created_at = 0;
  TimeMs updated_at = 0;
};

// The sentiment the text engine gave a text (src/text): label negative|neutral|positive,
// score −1 … 1. Absent when no analysis ran (no engine configured, or data from before it).
struct SentimentTag {
  std::string label;
  double score = 0;
};

struct Ticket {
  Id id = 0;
  std::string external_id;
  Id customer_id = 0;
  Channel channel = Channel::kWeb;
  std::string subject;
  std::string description;
  Priority priority = Priority::kP3;
  std::string category;
  std::vector<std::string> tags;
  TicketStatus status = TicketStatus::kNew;
  std::optional<Id> assignee_id;
  std::string team;
  TimeMs created_at = 0;
  TimeMs updated_at = 0;
  std::optional<TimeMs> first_response_at;  // first public reply by a human agent
  std::optional<TimeMs> resolved_at;        // last move to resolved
  std::optional<TimeMs> closed_at;
  int reopen_count = 0;
  int transfer_count = 0;
  int agent_reply_count = 0;  // public human agent replies (FCR counts these)
  std::string routing_reason;  // why the router chose the assignee (or queued the ticket)
  std::optional<SentimentTag> sentiment;  // of subject + description, set on creation
};

struct Message {
  Id id = 0;
  Id ticket_id = 0;
  AuthorKind author = AuthorKind::kCustomer;
  std::optional<Id> author_id;  // agent id or customer id; none for system
  std::string body;
  bool internal = false;  // internal note, never shown to the customer
  TimeMs created_at = 0;
  std::optional<SentimentTag> sentiment;  // of the body, set on creation
};

struct TranscriptTurn {
  AuthorKind speaker = AuthorKind::kCustomer;  // customer | agent
  int64_t start_ms = 0;                        // offset from the start of the call
  std::optional<int64_t> end_ms;
  std::string text;
};

struct Transcript {
  Id id = 0;
  Id ticket_id = 0;
  std::optional<Id> agent_id;
  std::vector<TranscriptTurn> turns;
  TimeMs created_at = 0;
};

// A parallel piece of work for another department on one ticket (协同任务).
struct Task {
  Id id = 0;
  Id ticket_id = 0;
  std::string department;  // service | tech | field | sales | product (or a configured one)
  std::string title;
  std::string note;
  std::optional<Id> assignee_id;
  TaskStatus status = TaskStatus::kOpen;
  std::optional<TimeMs> due_at;
  TimeMs created_at = 0;
  TimeMs updated_at = 0;
};

// One hand-over of a ticket between agents or teams; the history is never rewritten.
struct Transfer {
  Id id = 0;
  Id ticket_id = 0;
  std::optional<Id> from_agent_id;
  std::optional<Id> to_agent_id;
  std::string from_team;
  std::string to_team;
  std::string reason;
  std::string actor;
  TimeMs at = 0;
};

// Who did something: "agent:12", "customer:5", "system".
struct Actor {
  AuthorKind kind = AuthorKind::kSystem;
  Id id = 0;
  std::string ToString() const;
  static Actor System() { return {}; }
  static Actor OfAgent(Id id) { return {AuthorKind::kAgent, id}; }
  static Actor OfCustomer(Id id) { return {AuthorKind::kCustomer, id}; }
};

// An append-only record of one change. The ticket timeline, the audit trail and the source
// of every derived index. `seq` is the store's global order.
struct Event {
  Id seq = 0;
  std::string type;  // e.g. "ticket.created", "ticket.status_changed"
  TimeMs at = 0;
  std::string actor;
  Id ticket_id = 0;    // 0 when not about a ticket
  Id customer_id = 0;  // 0 when not about a customer
  Value data;          // an object
};

// The SLA state of one ticket as last computed from its timeline (a derived record, rewritten
// on every change; the event log stays the truth). `detail` holds the full computation.
struct TicketSla {
  Id ticket_id = 0;
  std::string policy;
  std::string calendar;
  std::optional<TimeMs> first_response_due;
  std::optional<TimeMs> resolution_due;
  int64_t paused_ms = 0;  // business time spent paused
  std::string state;      // ok | warning | breached | met
  Value detail;
  TimeMs updated_at = 0;
};

// A per-ticket change of one SLA target (dynamic SLA: e.g. a rule relaxes resolution by 48 h
// for a remote region). `seconds` replaces the policy's target; else `factor` scales it.
struct SlaOverride {
  std::string target;  // first_response | next_response | resolution
  std::optional<int64_t> seconds;
  std::optional<double> factor;
  std::optional<int64_t> add_seconds;  // added to the policy's target (negative: tighter)
  std::string source;  // who set it, e.g. "rule:7"
  TimeMs at = 0;
};

// One planned escalation step of a ticket's SLA: fires once at `fire_at`.
struct SlaNotice {
  Id ticket_id = 0;
  std::string target;  // first_response | next_response | resolution
  int percent = 0;
  std::string action;  // notify_assignee | notify_supervisor | reassign | escalate
  TimeMs fire_at = 0;
  std::optional<TimeMs> fired_at;
};

// What a customer gets when a service commitment is missed (a credit, coupon, apology…).
struct Compensation {
  Id id = 0;
  Id ticket_id = 0;
  Id customer_id = 0;
  std::string commitment;  // the commitment's name
  std::string target;      // first_response | resolution
  std::string type;        // credit | coupon | apology_call | refund | gift | other
  double amount = 0;
  std::string note;
  std::string status;  // approved | pending_approval | rejected
  std::optional<Id> decided_by;
  std::optional<TimeMs> decided_at;
  TimeMs created_at = 0;
};

// Valid department slugs for collaboration tasks (客服 / 技术 / 现场 / 销售 / 产品).
bool IsKnownDepartment(std::string_view d);
std::string_view DepartmentNames();

}  // namespace loopdesk
