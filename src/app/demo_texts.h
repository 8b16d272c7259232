#pragma once
// The words of the demo data set (app/demo_data.h): people's and companies' names, cities,
// products, ticket scripts and conversation lines, in Chinese and English. Data only — the
// generator in demo_data.cc decides who says what and when.
//
// Lines may hold placeholders the generator fills in: {salutation} (how the customer is
// addressed, e.g. 王女士), {agent} (the agent's name as said to the customer), {product},
// {serial}, {order}, {part}, {city}, {warehouse}, {date}, {n} (a number), {amount}. A placeholder
// without a value is left as it is, so every line here uses only the ones its pool lists.
//
// All tables are static constants: the spans stay valid for the program's lifetime.

#include <span>
#include <string_view>

#include "domain/enums.h"

namespace loopdesk::demo {

// ----------------------------------------------------------------------------- people

// A Chinese surname or given name with its pinyin (for e-mail addresses and English use).
struct NamePart {
  std::string_view han;
  std::string_view pinyin;
};

std::span<const NamePart> Surnames();
std::span<const NamePart> GivenNames(bool female);
std::span<const std::string_view> EnglishFirstNames(bool female);
std::span<const std::string_view> EnglishLastNames();

// ------------------------------------------------------------------------------ places

struct City {
  std::string_view name;       // 上海
  std::string_view name_en;    // Shanghai
  std::string_view region;     // 华东 | 华北 | 华南 | 华中 | 西南 | 西北 | 东北
  std::string_view warehouse;  // the spare-parts warehouse serving it, e.g. 华东仓
  double lat;
  double lon;
  int weight;  // relative share of customers
};

// The English name of a warehouse (华东仓 → East China warehouse).
std::string_view WarehouseEn(std::string_view warehouse);

std::span<const City> Cities();

// ----------------------------------------------------------------------------- companies

// The first part of a company name: a place or a brand word (华东, 仁和) with a slug for
// its e-mail domain.
struct CompanyWord {
  std::string_view han;
  std::string_view slug;
};

// What a company does; decides its name, tags, contact title and what it buys.
struct Industry {
  std::string_view han;         // 精密制造
  std::string_view suffix;      // 有限公司
  std::string_view slug;        // for the e-mail domain
  std::string_view tag;         // a customer tag (医院, 经销商, ...) or ""
  std::string_view department;  // the contact person's department (采购部, 设备科)
  std::string_view products;    // product codes it buys, space separated
};

std::span<const CompanyWord> CompanyPrefixes();
std::span<const Industry> Industries();
// English-speaking companies (strategic/high customers with language en).
std::span<const std::string_view> EnglishCompanies();

// Tags for customers, by kind; the generator adds tier and industry tags itself.
std::span<const std::string_view> PersonTags();

// ------------------------------------------------------------------------------ products

struct Product {
  std::string_view code;           // KX-5, used by templates to require a product
  std::string_view name_zh;        // 商用空调 KX-5
  std::string_view name_en;        // KX-5 commercial air conditioner
  std::string_view serial_prefix;  // KX5
  double price;                    // unit price, CNY
  int warranty_months;             // 0: no asset (software, consumables, services)
  bool for_persons;                // individual customers buy it too
  std::string_view part_zh;        // a spare part cases of it need ("" when none)
  std::string_view part_en;
};

std::span<const Product> Products();

// -------------------------------------------------------------------------------- tickets

// How a ticket's story goes after the first reply.
enum class Flow {
  kQuick,      // answered and resolved in one or two replies
  kNeedInfo,   // the agent asks, the ticket waits (pending) for the customer's answer
  kParts,      // waits on hold for a spare part, then resolved
  kField,      // a field engineer visits (collaboration task), then resolved
  kTech,       // handed over to technical support, sometimes a task for product
  kApproval,   // a refund / invoice needs another department's approval (task)
  kComplaint,  // a complaint: a supervisor takes over, apologises, compensates
  kIncident,   // the smart-lock firmware incident (see demo_data.h)
  kAlert,      // a machine alert through the API
};

// One language's lines of a ticket script. {product}, {serial}, {order}, {city}, {amount}
// may appear in any of them.
struct Script {
  std::string_view subject;
  std::string_view description;
  std::string_view ask;       // the agent's clarifying question
  std::string_view info;      // the customer's answer to it
  std::string_view solution;  // the agent's answer that solves the case
};

struct TicketTemplate {
  std::string_view category;  // a default category slug
  Priority priority;          // what an agent would set
  Flow flow;
  std::string_view product;  // product code the case is about, "" = any product
  int weight;                // relative frequency within the category
  Script zh;
  Script en;
};

std::span<const TicketTemplate> TicketTemplates();

// --------------------------------------------------------------------------- conversation

enum class Pool {
  kGreeting,         // agent's opening ({salutation}, {agent})
  kPhoneGreeting,    // agent's opening on a call ({agent})
  kIdentityCheck,    // agent checks who is calling / which order ({salutation})
  kIdentityAnswer,   // customer answers the identity check ({n}: four digits)
  kEmpathy,          // agent acknowledges the trouble
  kConfirm,          // agent checks the solution worked (devices, systems)
  kAnythingElse,     // agent checks the answer was enough (questions, orders, invoices)
  kClosing,          // agent's goodbye
  kCareless,         // a careless reply: forbidden phrases, no greeting
  kMoodDrop,         // customer's reaction to a careless reply
  kThanks,           // customer confirms it works again, satisfied
  kThanksInfo,       // customer thanks for an answer or an arrangement
  kUnhappyEnd,       // customer's last line on a "resolved" ticket: still unhappy
  kChaser,           // customer chasing a slow answer
  kReopen,           // customer comes back after resolution ({product})
  kReopenReply,      // agent answers the reopened ticket
  kReopenFixed,      // agent: fixed for good this time ({product}, {part})
  kPendingReason,    // reason on the move to pending
  kHoldParts,        // agent: a part is needed ({part}, {warehouse}, {n} days)
  kHoldNote,         // internal note on ordering the part ({part}, {warehouse})
  kPartArrived,      // agent: the part arrived, we continue ({part})
  kFieldBooked,      // agent: engineer booked ({date}, {city})
  kFieldNote,        // field engineer's internal note after a repair ({product}, {serial})
  kInstallNote,      // field engineer's internal note after an installation
  kOnsiteArrived,    // engineer on site tells the customer the work has started ({agent})
  kTechNote,         // technical support's internal note ({product}, {serial})
  kAlertNote,        // internal note on a machine alert ({product}, {serial})
  kTransferReason,   // why a ticket changed hands (generic)
  kHandoverNote,     // internal note for the next owner
  kApprovalWait,     // agent: waiting for another department's approval ({n} days)
  kApprovalDone,     // the approving department's note on its task ({amount}, {order})
  kApology,          // supervisor apologises (complaint)
  kCompensation,     // supervisor offers compensation
  kAccept,           // customer accepts the apology
  kRepeatComplaint,  // a repeat complainer's extra line ({n}: how many times)
  kIncidentHold,     // agent: firmware fix on the way
  kIncidentFixNote,  // internal note: the fixed firmware is out
  kIncidentTask,     // title of the product task about the incident
  kCloseReason,      // system reason for closing
  kCallSmallTalk,    // customer waiting for the next steps on a call
  kCallAck,          // customer acknowledges a solution given on a call
  kCallWrapUp,       // agent ends the call's business part: ticket registered, next steps
  kCallFollowUp,     // agent's written note to the customer after a call ({salutation})
  kCarelessOpen,     // a careless call opening: no greeting
  kNoReplyResolve,   // agent resolves a pending ticket the customer never answered
  kEscalateNotice,   // first-line agent: the complaint goes to a supervisor
  kTechHandover,     // first-line agent: technical support takes over
};

// The lines of a pool in the given language (never empty).
std::span<const std::string_view> Lines(Pool pool, bool english);

// Titles (zh, en) of collaboration tasks per department slug (tech, field, sales, product,
// service); {product}, {order}, {serial} may appear.
std::span<const std::string_view> TaskTitles(std::string_view department, bool english);

// Words for an agent's team and role as stored (the UI shows team names as they are).
inline constexpr std::string_view kTeamService = "客服";
inline constexpr std::string_view kTeamTech = "技术支持";
inline constexpr std::string_view kTeamField = "现场服务";
inline constexpr std::string_view kTeamSuccess = "客户成功";

}  // namespace loopdesk::demo
