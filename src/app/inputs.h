#pragma once
// The commands and query results of the application layer. The http adapter decodes
// requests into these (types and enum names already checked there); the use cases check
// the rest (required values, lengths, references).

#include <optional>
#include <string>
#include <vector>

#include "domain/entities.h"
#include "domain/inference.h"

namespace loopdesk {

// The authenticated caller.
struct Principal {
  Id agent_id = 0;
  Role role = Role::kAgent;
  std::string name;
  std::string team;
  Actor actor() const { return Actor::OfAgent(agent_id); }
};

// A page of a list; `next_cursor` is the cursor id to pass for the next page.
template <typename T>
struct Page {
  std::vector<T> items;
  std::optional<Id> next_cursor;
};

struct NewAgent {
  std::string name;
  std::string email;
  std::string team;
  Role role = Role::kAgent;
  std::vector<std::string> skills;
  std::vector<std::string> languages;
  int capacity = 5;
  std::optional<GeoPoint> location;
  AgentStatus status = AgentStatus::kOffline;
  std::string external_id;
};

struct AgentPatch {
  std::optional<std::string> name;
  std::optional<std::string> email;
  std::optional<std::string> team;
  std::optional<Role> role;
  std::optional<std::vector<std::string>> skills;
  std::optional<std::vector<std::string>> languages;
  std::optional<int> capacity;
  std::optional<AgentStatus> status;
  std::optional<std::optional<GeoPoint>> location;  // set to nullopt-inside to clear
};

struct CreatedAgent {
  Agent agent;
  std::string api_token;  // shown once; only its hash is stored
};

struct NewCustomer {
  std::string name;
  std::string salutation;
  std::string phone;
  std::string email;
  std::string wechat_id;
  Tier tier = Tier::kBasic;
  std::string region;
  std::optional<GeoPoint> location;
  std::vector<std::string> tags;
  std::string language = "zh";
  std::string external_id;
  std::optional<Id> account_manager_id;
  std::string dedicated_team;
};

struct CustomerPatch {
  std::optional<std::string> name;
  std::optional<std::string> salutation;
  std::optional<std::string> phone;
  std::optional<std::string> email;
  std::optional<std::string> wechat_id;
  std::optional<Tier> tier;
  std::optional<std::string> region;
  std::optional<std::optional<GeoPoint>> location;
  std::optional<std::vector<std::string>> tags;
  std::optional<std::string> language;
  std::optional<std::optional<Id>> account_manager_id;
  std::optional<std::string> dedicated_team;
};

struct Customer360 {
  Customer customer;
  std::vector<Ticket> tickets;  // newest first, at most 200
  std::vector<Order> orders;
  std::vector<Asset> assets;
  std::vector<Compensation> compensations;
};

struct NewOrder {
  std::string number;
  std::string product;
  double amount = 0;
  std::optional<TimeMs> ordered_at;  // default: now
};

struct NewAsset {
  std::string product;
  std::string serial;
  std::optional<TimeMs> installed_at;
  std::optional<TimeMs> warranty_end;
};

struct NewTicket {
  Id customer_id = 0;
  Channel channel = Channel::kWeb;
  std::string subject;
  std::string description;
  std::optional<Priority> priority;   // inferred when absent
  std::optional<std::string> category;  // inferred when absent
  std::vector<std::string> tags;
  std::optional<Id> assignee_id;
  std::optional<std::string> team;
  std::string external_id;
};

struct CreatedTicket {
  Ticket ticket;
  std::optional<TicketSla> sla;
  std::optional<Inferred> inferred_priority;  // set when the priority was inferred
  std::optional<Inferred> inferred_category;
};

struct TicketPatch {
  std::optional<TicketStatus> status;
  std::optional<Priority> priority;
  std::optional<std::optional<Id>> assignee_id;  // inner nullopt: unassign
  std::optional<std::string> team;
  std::optional<std::string> category;
  std::optional<std::vector<std::string>> tags;
  std::optional<std::string> subject;
  std::string reason;  // why (recorded on transfers and in the event)
};

struct NewMessage {
  AuthorKind author = AuthorKind::kCustomer;
  std::string body;
  bool internal = false;
};

struct NewTranscript {
  std::vector<TranscriptTurn> turns;
};

struct NewTask {
  std::string department;
  std::string title;
  std::string note;
  std::optional<Id> assignee_id;
  std::optional<TimeMs> due_at;
};

struct TaskPatch {
  std::optional<TaskStatus> status;
  std::optional<std::optional<Id>> assignee_id;
  std::optional<std::string> note;
  std::optional<std::string> title;
};

// A ticket with its stored SLA state (lists) or a live computation (single reads).
struct TicketRow {
  Ticket ticket;
  std::optional<TicketSla> sla;
};

struct TicketView {
  Ticket ticket;
  std::optional<TicketSla> sla;  // computed at read time
  std::vector<Message> messages;
  std::vector<Transcript> transcripts;
  std::vector<Task> tasks;
  std::vector<Transfer> transfers;
  std::vector<Compensation> compensations;
};

}  // namespace loopdesk
