#include "domain/enums.h"

#include <array>

namespace loopdesk {
namespace {

template <typename E, size_t N>
struct Table {
  std::array<E, N> values;
  std::array<std::string_view, N> names;
  std::string_view joined;

  std::string_view NameOf(E v) const {
    for (size_t i = 0; i < N; ++i)
      if (values[i] == v) return names[i];
    return "?";
  }
  std::optional<E> Parse(std::string_view s) const {
    for (size_t i = 0; i < N; ++i)
      if (names[i] == s) return values[i];
    return std::nullopt;
  }
};

constexpr Table<Channel, 9> kChannels{
    {Channel::kPhone, Channel::kEmail, Channel::kWeb, Channel::kChat, Channel::kWechat,
     Channel::kApp, Channel::kSocial, Channel::kOnsite, Channel::kApi},
    {"phone", "email", "web", "chat", "wechat", "app", "social", "onsite", "api"},
    "phone | email | web | chat | wechat | app | social | onsite | api"};
constexpr Table<Priority, 4> kPriorities{{Priority::kP1, Priority::kP2, Priority::kP3, Priority::kP4},
                                         {"P1", "P2", "P3", "P4"},
                                         "P1 | P2 | P3 | P4"};
constexpr Table<TicketStatus, 7> kStatuses{
    {TicketStatus::kNew, TicketStatus::kOpen, TicketStatus::kPending, TicketStatus::kOnHold,
     TicketStatus::kResolved, TicketStatus::kClosed, TicketStatus::kReopened},
    {"new", "open", "pending", "on_hold", "resolved", "closed", "reopened"},
    "new | open | pending | on_hold | resolved | closed | reopened"};
constexpr Table<Role, 5> kRoles{
    {Role::kAgent, Role::kSupervisor, Role::kExpert, Role::kCsm, Role::kAdmin},
    {"agent", "supervisor", "expert", "csm", "admin"},
    "agent | supervisor | expert | csm | admin"};
constexpr Table<Tier, 4> kTiers{{Tier::kStrategic, Tier::kHigh, Tier::kGrowth, Tier::kBasic},
                                {"strategic", "high", "growth", "basic"},
                                "strategic | high | growth | basic"};
constexpr Table<AgentStatus, 3> kAgentStatuses{
    {AgentStatus::kOnline, AgentStatus::kAway, AgentStatus::kOffline},
    {"online", "away", "offline"},
    "online | away | offline"};
constexpr Table<AuthorKind, 3> kAuthors{
    {AuthorKind::kCustomer, AuthorKind::kAgent, AuthorKind::kSystem},
    {"customer", "agent", "system"},
    "customer | agent | system"};
constexpr Table<TaskStatus, 4> kTaskStatuses{
    {TaskStatus::kOpen, TaskStatus::kInProgress, TaskStatus::kDone, TaskStatus::kCancelled},
    {"open", "in_progress", "done", "cancelled"},
    "open | in_progress | done | cancelled"};

}  // namespace

std::string_view Name(Channel v) { return kChannels.NameOf(v); }
std::string_view Name(Priority v) { return kPriorities.NameOf(v); }
std::string_view Name(TicketStatus v) { return kStatuses.NameOf(v); }
std::string_view Name(Role v) { return kRoles.NameOf(v); }
std::string_view Name(Tier v) { return kTiers.NameOf(v); }
std::string_view Name(AgentStatus v) { return kAgentStatuses.NameOf(v); }
std::string_view Name(AuthorKind v) { return kAuthors.NameOf(v); }
std::string_view Name(TaskStatus v) { return kTaskStatuses.NameOf(v); }

std::optional<Channel> ParseChannel(std::string_view s) { return kChannels.Parse(s); }
std::optional<Priority> ParsePriority(std::string_view s) { return kPriorities.Parse(s); }
std::optional<TicketStatus> ParseTicketStatus(std::string_view s) { return kStatuses.Parse(s); }
std::optional<Role> ParseRole(std::string_view s) { return kRoles.Parse(s); }
std::optional<Tier> ParseTier(std::string_view s) { return kTiers.Parse(s); }
std::optional<AgentStatus> ParseAgentStatus(std::string_view s) { return kAgentStatuses.Parse(s); }
std::optional<AuthorKind> ParseAuthorKind(std::string_view s) { return kAuthors.Parse(s); }
std::optional<TaskStatus> ParseTaskStatus(std::string_view s) { return kTaskStatuses.Parse(s); }

std::span<const Channel> AllChannels() { return kChannels.values; }
std::span<const TicketStatus> AllTicketStatuses() { return kStatuses.values; }
std::span<const Tier> AllTiers() { return kTiers.values; }
std::span<const Role> AllRoles() { return kRoles.values; }

std::string_view ChannelNames() { return kChannels.joined; }
std::string_view PriorityNames() { return kPriorities.joined; }
std::string_view TicketStatusNames() { return kStatuses.joined; }
std::string_view RoleNames() { return kRoles.joined; }
std::string_view TierNames() { return kTiers.joined; }
std::string_view AgentStatusNames() { return kAgentStatuses.joined; }
std::string_view TaskStatusNames() { return kTaskStatuses.joined; }

}  // namespace loopdesk
