#pragma once
// CustIndex (docs/reports.md "How it is fast"): an in-memory per-customer index of the facts
// the three customer reports read — churn risk (CustomerSignals), service value
// (ServiceValueRows) and the journey (JourneyInput) — so that a request aggregates memory
// instead of scanning the tickets, orders and surveys tables. Pure: the caller
// (app/cust_feed.cc) reads each customer's facts from the store (CustStore::CustomerFacts) at
// start and again for every customer an event touched, and hands them over with Put().
//
// The answers are the ones of the SQL path (storage/sqlite/unit_of_work_cust.cc) on the same
// data: the same filters, the same row order where order matters (sums of amounts, ties).
// Not thread-safe: the caller locks.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "analytics/churn.h"
#include "analytics/journey.h"
#include "analytics/service_value.h"

namespace loopdesk::analytics {

// One customer's stored facts as the store reads them (strings; the index interns them).
struct CustomerFacts {
  struct Ticket {
    Id id = 0;
    TimeMs created_at = 0;
    std::optional<TimeMs> resolved_at;
    std::string channel, category, team;
    bool complaint = false;  // category `complaint` or a row in complaints
    bool negative = false;   // sentiment_label = 'negative'
    bool resolved = false;   // resolved_at set or reopened (reached resolved once)
    bool fcr = false;        // resolved, one public agent reply, never reopened
    bool routed = false;     // routing_reason <> '' and an assignee
  };
  struct Order {
    Id id = 0;
    TimeMs at = 0;
    double amount = 0;
    std::string product;
  };
  struct Survey {  // answered (score and answered_at set)
    Id id = 0;
    TimeMs at = 0;
    std::string kind;
    int score = 0;
  };
  Id id = 0;
  bool exists = false;  // a row in customers (tickets of an unknown id still join the journey)
  std::string name;
  Tier tier = Tier::kBasic;
  std::string language;
  std::vector<Ticket> tickets;
  std::vector<Order> orders;
  std::vector<JourneyAsset> assets;   // by id
  std::vector<Survey> surveys;
  std::vector<TimeMs> open_alerts;    // created_at of alerts not resolved
};

class CustIndex {
 public:
  // Replaces what the index holds about customer `f.id` (a customer with no row and no facts
  // is removed).
  void Put(CustomerFacts f);
  void Clear();

  size_t customers() const { return customers_.size(); }
  size_t tickets() const { return tickets_; }
  // Bytes held (approximate: vectors' capacities and strings), for the log and the docs.
  size_t ApproxBytes() const;

  // CustStore::CustomerSignals(now, nullopt): every customer (with a row), by id.
  std::vector<CustomerSignals> Signals(TimeMs now) const;
  // CustStore::ServiceValueRows without the two event counts (rule_actions; the system
  // assignments part of auto_assignments), which the caller adds; `routed` (tickets of the
  // period routed to an agent at creation) is already in out.auto_assignments.
  ServiceValueRows ValueRows(TimeMs from, TimeMs to, TimeMs orders_until) const;
  // CustStore::JourneyRows(until, nullopt).
  std::vector<JourneyInput> JourneyRows(TimeMs until) const;
  // ComputeJourney(JourneyRows(to), from, to), from each customer's full timeline, kept
  // (compact) until the customer's facts change.
  JourneyReport Journey(TimeMs from, TimeMs to) const;
  // Builds the timelines Journey() keeps (at load, so the first report is fast).
  void WarmJourney() const;

 private:
  using Sym = uint32_t;
  struct Ticket {
    Id id = 0;
    TimeMs created_at = 0;
    TimeMs resolved_at = 0;  // valid when has_resolved_at
    Sym channel = 0, category = 0, team = 0;
    bool has_resolved_at = false, complaint = false, negative = false, resolved = false,
         fcr = false, routed = false;
  };
  struct Survey {
    Id id = 0;
    TimeMs at = 0;
    Sym kind = 0;
    int score = 0;
  };
  struct Customer {
    bool exists = false;
    std::string name;
    Tier tier = Tier::kBasic;
    std::string language;
    std::vector<Ticket> tickets;  // by (created_at, id)
    std::vector<CustomerFacts::Order> orders;  // by (at, id)
    std::vector<JourneyAsset> assets;          // by id
    std::vector<Survey> surveys;               // by (at, id)
    std::vector<TimeMs> open_alerts;
    // Journey(): the customer's CompactTimeline of everything (built on first use).
    mutable std::optional<std::vector<CompactTouchpoint>> timeline;
  };

  JourneyInput InputOf(Id id, const Customer& c, TimeMs until) const;
  const std::vector<CompactTouchpoint>& TimelineOf(Id id, const Customer& c) const;

  Sym Intern(const std::string& s);

  // By id (a sorted vector: the reports walk every customer; new ids come at the end).
  std::vector<std::pair<Id, Customer>> customers_;
  size_t orders_ = 0;
  std::vector<std::string> syms_;
  std::unordered_map<std::string, Sym> sym_of_;
  size_t tickets_ = 0;
};

}  // namespace loopdesk::analytics
