#pragma once
// The closed vocabularies of the domain, with their wire names. Parse* returns nullopt for
// an unknown name so the edge can name the offending field.

#include <optional>
#include <span>
#include <string_view>

namespace loopdesk {

enum class Channel { kPhone, kEmail, kWeb, kChat, kWechat, kApp, kSocial, kOnsite, kApi };
enum class Priority { kP1 = 1, kP2, kP3, kP4 };
enum class TicketStatus { kNew, kOpen, kPending, kOnHold, kResolved, kClosed, kReopened };
enum class Role { kAgent, kSupervisor, kExpert, kCsm, kAdmin };
enum class Tier { kStrategic, kHigh, kGrowth, kBasic };
enum class AgentStatus { kOnline, kAway, kOffline };
enum class AuthorKind { kCustomer, kAgent, kSystem };
enum class TaskStatus { kOpen, kInProgress, kDone, kCancelled };

std::string_view Name(Channel v);
std::string_view Name(Priority v);
std::string_view Name(TicketStatus v);
std::string_view Name(Role v);
std::string_view Name(Tier v);
std::string_view Name(AgentStatus v);
std::string_view Name(AuthorKind v);
std::string_view Name(TaskStatus v);

std::optional<Channel> ParseChannel(std::string_view s);
std::optional<Priority> ParsePriority(std::string_view s);
std::optional<TicketStatus> ParseTicketStatus(std::string_view s);
std::optional<Role> ParseRole(std::string_view s);
std::optional<Tier> ParseTier(std::string_view s);
std::optional<AgentStatus> ParseAgentStatus(std::string_view s);
std::optional<AuthorKind> ParseAuthorKind(std::string_view s);
std::optional<TaskStatus> ParseTaskStatus(std::string_view s);

// Every value in declaration order (for generators, validation messages and UIs).
std::span<const Channel> AllChannels();
std::span<const TicketStatus> AllTicketStatuses();
std::span<const Tier> AllTiers();
std::span<const Role> AllRoles();

// "a | b | c" list of the wire names, for error messages.
std::string_view ChannelNames();
std::string_view PriorityNames();
std::string_view TicketStatusNames();
std::string_view RoleNames();
std::string_view TierNames();
std::string_view AgentStatusNames();
std::string_view TaskStatusNames();

}  // namespace loopdesk
