// The customer-analytics queries of the SQLite UnitOfWork (ports/cust_store.h): one query per
// source table, merged per customer in memory. For the whole customer base the big tables
// (tickets, surveys, orders) are read by a sequential scan (`NOT INDEXED`) and aggregated here:
// walking them in customer-index order with GROUP BY means one random row lookup per row,
// measured 5-10x slower on 100 k tickets. For one customer the customer indexes are used.

#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>

#include "storage/sqlite/guard.h"
#include "storage/sqlite/unit_of_work.h"

namespace loopdesk::sqlite {

namespace {

// Appends "AND <col> = ?" when one customer is asked for.
std::string One(const std::optional<Id>& customer, std::string_view col) {
  return customer ? " AND " + std::string(col) + " = ?" : std::string();
}

// "NOT INDEXED" (a sequential scan) when every customer is read.
const char* Scan(const std::optional<Id>& customer) { return customer ? "" : " NOT INDEXED"; }

class SqliteCustStore final : public CustStore {
 public:
  explicit SqliteCustStore(sql::Db& conn) : conn_(conn) {}

  Result<std::vector<analytics::CustomerSignals>> CustomerSignals(
      TimeMs now, std::optional<Id> customer) override {
    return Guard("customer signals", [&]() -> Result<std::vector<analytics::CustomerSignals>> {
      std::vector<analytics::CustomerSignals> out;
      std::unordered_map<Id, size_t> at;
      {
        LD_ASSIGN_OR_RETURN(
            Stmt s, conn_.Prepare("SELECT id, name, tier, language FROM customers WHERE 1 = 1" +
                                  One(customer, "id") + " ORDER BY id"));
        if (customer) s.Bind(*customer);
        for (;;) {
          LD_ASSIGN_OR_RETURN(bool row, s.Step("customer signals: customers"));
          if (!row) break;
          analytics::CustomerSignals c;
          c.customer_id = s.Int(0);
          c.name = s.Text(1);
          c.tier = ParseTier(s.Text(2)).value_or(Tier::kBasic);
          c.language = s.Text(3);
          at.emplace(c.customer_id, out.size());
          out.push_back(std::move(c));
        }
      }
      if (customer && out.empty())
        return Status::NotFound("no customer with id " + std::to_string(*customer));
      auto row_of = [&](Id id) -> analytics::CustomerSignals* {
        auto it = at.find(id);
        return it == at.end() ? nullptr : &out[it->second];
      };
      const TimeMs recent = now - analytics::kChurnWindowMs;
      const TimeMs before = now - 2 * analytics::kChurnWindowMs;

      {  // The earliest warranty ending in [now, now + 30 d].
        LD_ASSIGN_OR_RETURN(
            Stmt s, conn_.Prepare("SELECT customer_id, warranty_end, product FROM assets "
                                  "WHERE warranty_end >= ? AND warranty_end <= ?" +
                                  One(customer, "customer_id") +
                                  " ORDER BY customer_id, warranty_end DESC"));
        s.Bind(now).Bind(now + analytics::kWarrantyHorizonMs);
        if (customer) s.Bind(*customer);
        for (;;) {
          LD_ASSIGN_OR_RETURN(bool row, s.Step("customer signals: assets"));
          if (!row) break;
          if (auto* c = row_of(s.Int(0))) {  // the last row per customer is the earliest
            c->warranty_end = s.Int(1);
            c->warranty_product = s.Text(2);
          }
        }
      }
      {  // Survey answers of the last 90 days.
        LD_ASSIGN_OR_RETURN(
            Stmt s, conn_.Prepare(std::string("SELECT customer_id, kind, score FROM surveys") +
                                  Scan(customer) +
                                  " WHERE score IS NOT NULL AND answered_at >= ? AND "
                                  "answered_at < ?" +
                                  One(customer, "customer_id")));
        s.Bind(recent).Bind(now);
        if (customer) s.Bind(*customer);
        for (;;) {
          LD_ASSIGN_OR_RETURN(bool row, s.Step("customer signals: surveys"));
          if (!row) break;
          auto* c = row_of(s.Int(0));
          if (!c) continue;
          const std::string kind = s.Text(1);
          const int score = static_cast<int>(s.Int(2));
          if (kind == "csat") {
            ++c->csat_answers;
            c->csat_sum += score;
          } else if (kind == "nps") {
            ++c->nps_answers;
            if (score <= 6) ++c->nps_detractors;
          }
        }
      }
      {  // Tickets of the last 90 days: count, negative sentiment, complaints (category
         // `complaint` or recorded as a complaint by the text engine).
        LD_ASSIGN_OR_RETURN(
            Stmt s,
            conn_.Prepare(std::string("SELECT t.customer_id, "
                                      "COALESCE(t.sentiment_label, '') = 'negative', "
                                      "t.category = 'complaint' OR c.ticket_id IS NOT NULL "
                                      "FROM tickets t") +
                          Scan(customer) +
                          " LEFT JOIN complaints c ON c.ticket_id = t.id "
                          "WHERE t.created_at >= ? AND t.created_at < ?" +
                          One(customer, "t.customer_id")));
        s.Bind(recent).Bind(now);
        if (customer) s.Bind(*customer);
        for (;;) {
          LD_ASSIGN_OR_RETURN(bool row, s.Step("customer signals: tickets"));
          if (!row) break;
          if (auto* c = row_of(s.Int(0))) {
            ++c->tickets_recent;
            if (s.Int(1)) ++c->tickets_negative;
            if (s.Int(2)) ++c->complaints;
          }
        }
      }
      {  // Orders of the last 180 days, split at now − 90 d.
        LD_ASSIGN_OR_RETURN(
            Stmt s, conn_.Prepare(
                        "SELECT customer_id, SUM(ordered_at >= ?1), "
                        "SUM(CASE WHEN ordered_at >= ?1 THEN amount ELSE 0 END), "
                        "SUM(ordered_at < ?1), "
                        "SUM(CASE WHEN ordered_at < ?1 THEN amount ELSE 0 END) FROM orders "
                        "WHERE ordered_at >= ?2 AND ordered_at < ?3" +
                        std::string(customer ? " AND customer_id = ?4" : "") +
                        " GROUP BY customer_id"));
        s.Bind(recent).Bind(before).Bind(now);
        if (customer) s.Bind(*customer);
        for (;;) {
          LD_ASSIGN_OR_RETURN(bool row, s.Step("customer signals: orders"));
          if (!row) break;
          if (auto* c = row_of(s.Int(0))) {
            c->orders_recent = static_cast<int>(s.Int(1));
            c->value_recent = s.Double(2);
            c->orders_before = static_cast<int>(s.Int(3));
            c->value_before = s.Double(4);
          }
        }
      }
      {  // Early-warning alerts not resolved yet.
        LD_ASSIGN_OR_RETURN(
            Stmt s, conn_.Prepare("SELECT customer_id, COUNT(*) FROM alerts WHERE status <> "
                                  "'resolved' AND created_at < ?" +
                                  One(customer, "customer_id") + " GROUP BY customer_id"));
        s.Bind(now);
        if (customer) s.Bind(*customer);
        for (;;) {
          LD_ASSIGN_OR_RETURN(bool row, s.Step("customer signals: alerts"));
          if (!row) break;
          if (auto* c = row_of(s.Int(0))) c->open_alerts = static_cast<int>(s.Int(1));
        }
      }
      return out;
    });
  }

  Result<analytics::ServiceValueRows> ServiceValueRows(TimeMs from, TimeMs to,
                                                       TimeMs orders_until) override {
    return Guard("service value rows", [&]() -> Result<analytics::ServiceValueRows> {
      analytics::ServiceValueRows out;
      {
        LD_ASSIGN_OR_RETURN(
            Stmt s, conn_.Prepare(
                        "SELECT channel, team, COUNT(*), "
                        "SUM(resolved_at IS NOT NULL OR reopen_count > 0), "
                        "SUM((resolved_at IS NOT NULL OR reopen_count > 0) AND "
                        "agent_reply_count = 1 AND reopen_count = 0) FROM tickets "
                        "WHERE created_at >= ? AND created_at < ? GROUP BY channel, team"));
        s.Bind(from).Bind(to);
        for (;;) {
          LD_ASSIGN_OR_RETURN(bool row, s.Step("service value: tickets"));
          if (!row) break;
          out.groups.push_back({s.Text(0), s.Text(1), s.Int(2), s.Int(3), s.Int(4)});
        }
      }
      auto count = [&](const std::string& sql, std::string_view what) -> Result<int64_t> {
        LD_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(sql));
        s.Bind(from).Bind(to);
        LD_ASSIGN_OR_RETURN(bool row, s.Step(what));
        return row ? s.Int(0) : 0;
      };
      LD_ASSIGN_OR_RETURN(out.rule_actions,
                          count("SELECT COUNT(*) FROM events WHERE type = 'rule.fired' AND "
                                "at >= ? AND at < ?",
                                "service value: rule actions"));
      LD_ASSIGN_OR_RETURN(int64_t routed,
                          count("SELECT COUNT(*) FROM tickets WHERE created_at >= ? AND "
                                "created_at < ? AND routing_reason <> '' AND "
                                "assignee_id IS NOT NULL",
                                "service value: routed"));
      LD_ASSIGN_OR_RETURN(int64_t assigned,
                          count("SELECT COUNT(*) FROM events WHERE type = 'ticket.assigned' "
                                "AND at >= ? AND at < ? AND actor = 'system'",
                                "service value: system assignments"));
      out.auto_assignments = routed + assigned;

      std::unordered_map<Id, size_t> at;
      {
        LD_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare("SELECT id, tier FROM customers ORDER BY id"));
        for (;;) {
          LD_ASSIGN_OR_RETURN(bool row, s.Step("service value: customers"));
          if (!row) break;
          analytics::ValueCustomer c;
          c.id = s.Int(0);
          c.tier = ParseTier(s.Text(1)).value_or(Tier::kBasic);
          at.emplace(c.id, out.customers.size());
          out.customers.push_back(c);
        }
      }
      auto row_of = [&](Id id) -> analytics::ValueCustomer* {
        auto it = at.find(id);
        return it == at.end() ? nullptr : &out.customers[it->second];
      };
      {
        // One scan: resolutions and contacts of the period.
        LD_ASSIGN_OR_RETURN(
            Stmt s, conn_.Prepare("SELECT customer_id, resolved_at, created_at FROM tickets "
                                  "NOT INDEXED WHERE (resolved_at >= ?1 AND resolved_at < ?2) "
                                  "OR (created_at >= ?1 AND created_at < ?2)"));
        s.Bind(from).Bind(to);
        for (;;) {
          LD_ASSIGN_OR_RETURN(bool row, s.Step("service value: resolutions"));
          if (!row) break;
          auto* c = row_of(s.Int(0));
          if (!c) continue;
          if (auto r = s.OptInt(1); r && *r >= from && *r < to)
            c->first_resolution = c->first_resolution ? std::min(*c->first_resolution, *r) : *r;
          if (const int64_t at = s.Int(2); at >= from && at < to) c->contacted = true;
        }
      }
      {  // The latest answer of each kind in the period wins.
        LD_ASSIGN_OR_RETURN(
            Stmt s, conn_.Prepare("SELECT customer_id, kind, score, answered_at, id FROM "
                                  "surveys NOT INDEXED WHERE score IS NOT NULL AND "
                                  "answered_at >= ? AND answered_at < ?"));
        s.Bind(from).Bind(to);
        std::unordered_map<Id, std::pair<TimeMs, Id>> latest_csat, latest_nps;
        for (;;) {
          LD_ASSIGN_OR_RETURN(bool row, s.Step("service value: surveys"));
          if (!row) break;
          auto* c = row_of(s.Int(0));
          if (!c) continue;
          const std::pair<TimeMs, Id> key{s.Int(3), s.Int(4)};
          const std::string kind = s.Text(1);
          auto& latest = kind == "csat" ? latest_csat : latest_nps;
          if (kind != "csat" && kind != "nps") continue;
          auto it = latest.find(c->id);
          if (it != latest.end() && it->second > key) continue;
          latest[c->id] = key;
          (kind == "csat" ? c->csat : c->nps) = static_cast<int>(s.Int(2));
        }
      }
      {
        LD_ASSIGN_OR_RETURN(
            Stmt s, conn_.Prepare("SELECT customer_id, ordered_at, amount FROM orders "
                                  "NOT INDEXED WHERE ordered_at < ?"));
        s.Bind(orders_until);
        for (;;) {
          LD_ASSIGN_OR_RETURN(bool row, s.Step("service value: orders"));
          if (!row) break;
          out.orders.push_back({s.Int(0), s.Int(1), s.Double(2)});
        }
        // Rows come in id order; the value computation wants (customer, time).
        std::stable_sort(out.orders.begin(), out.orders.end(),
                         [](const analytics::OrderRow& a, const analytics::OrderRow& b) {
                           return a.customer_id != b.customer_id ? a.customer_id < b.customer_id
                                                                 : a.at < b.at;
                         });
      }
      return out;
    });
  }

  Result<std::vector<analytics::JourneyInput>> JourneyRows(
      TimeMs until, std::optional<Id> customer) override {
    return Guard("journey rows", [&]() -> Result<std::vector<analytics::JourneyInput>> {
      std::map<Id, analytics::JourneyInput> by;
      auto of = [&by](Id id) -> analytics::JourneyInput& {
        auto& in = by[id];
        in.customer_id = id;
        return in;
      };
      if (customer) {
        LD_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare("SELECT id FROM customers WHERE id = ?"));
        s.Bind(*customer);
        LD_ASSIGN_OR_RETURN(bool row, s.Step("journey: customer"));
        if (!row) return Status::NotFound("no customer with id " + std::to_string(*customer));
        of(*customer);
      }
      {
        LD_ASSIGN_OR_RETURN(
            Stmt s, conn_.Prepare(std::string("SELECT t.id, t.customer_id, t.created_at, "
                                              "t.channel, t.category, t.category = 'complaint' "
                                              "OR c.ticket_id IS NOT NULL FROM tickets t") +
                                  Scan(customer) +
                                  " LEFT JOIN complaints c ON c.ticket_id = t.id WHERE "
                                  "t.created_at < ?" +
                                  One(customer, "t.customer_id")));
        s.Bind(until);
        if (customer) s.Bind(*customer);
        for (;;) {
          LD_ASSIGN_OR_RETURN(bool row, s.Step("journey: tickets"));
          if (!row) break;
          of(s.Int(1)).tickets.push_back(
              {s.Int(0), s.Int(2), s.Text(3), s.Text(4), s.Int(5) != 0});
        }
      }
      {
        LD_ASSIGN_OR_RETURN(
            Stmt s, conn_.Prepare(std::string("SELECT id, customer_id, ordered_at, amount, "
                                              "product FROM orders") +
                                  Scan(customer) + " WHERE ordered_at < ?" +
                                  One(customer, "customer_id")));
        s.Bind(until);
        if (customer) s.Bind(*customer);
        for (;;) {
          LD_ASSIGN_OR_RETURN(bool row, s.Step("journey: orders"));
          if (!row) break;
          of(s.Int(1)).orders.push_back({s.Int(0), s.Int(2), s.Double(3), s.Text(4)});
        }
      }
      {
        LD_ASSIGN_OR_RETURN(
            Stmt s, conn_.Prepare("SELECT id, customer_id, product, installed_at, warranty_end "
                                  "FROM assets WHERE 1 = 1" +
                                  One(customer, "customer_id") + " ORDER BY customer_id, id"));
        if (customer) s.Bind(*customer);
        for (;;) {
          LD_ASSIGN_OR_RETURN(bool row, s.Step("journey: assets"));
          if (!row) break;
          of(s.Int(1)).assets.push_back({s.Int(0), s.Text(2), s.OptInt(3), s.OptInt(4)});
        }
      }
      {
        LD_ASSIGN_OR_RETURN(
            Stmt s, conn_.Prepare(std::string("SELECT id, customer_id, answered_at, kind, "
                                              "score FROM surveys") +
                                  Scan(customer) +
                                  " WHERE score IS NOT NULL AND answered_at < ?" +
                                  One(customer, "customer_id")));
        s.Bind(until);
        if (customer) s.Bind(*customer);
        for (;;) {
          LD_ASSIGN_OR_RETURN(bool row, s.Step("journey: surveys"));
          if (!row) break;
          of(s.Int(1)).surveys.push_back(
              {s.Int(0), s.Int(2), s.Text(3), static_cast<int>(s.Int(4))});
        }
      }
      std::vector<analytics::JourneyInput> out;
      out.reserve(by.size());
      // Each list in (time, id) order (rows were read in table order).
      auto by_time = [](const auto& a, const auto& b) {
        return a.at != b.at ? a.at < b.at : a.id < b.id;
      };
      for (auto& [_, in] : by) {
        std::sort(in.tickets.begin(), in.tickets.end(), by_time);
        std::sort(in.orders.begin(), in.orders.end(), by_time);
        std::sort(in.surveys.begin(), in.surveys.end(), by_time);
        out.push_back(std::move(in));
      }
      return out;
    });
  }

  Result<std::vector<analytics::CustomerFacts>> CustomerFacts(
      const std::vector<Id>* only) override {
    return Guard("customer facts", [&]() -> Result<std::vector<analytics::CustomerFacts>> {
      std::map<Id, analytics::CustomerFacts> by;
      auto of = [&by](Id id) -> analytics::CustomerFacts& {
        auto& f = by[id];
        f.id = id;
        return f;
      };
      // All customers: one sequential scan per table. Listed ones: the customer indexes.
      auto read = [&](std::optional<Id> one) -> Status {
        if (one) of(*one);
        {
          LD_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare("SELECT id, name, tier, language FROM "
                                                    "customers WHERE 1 = 1" +
                                                    One(one, "id")));
          if (one) s.Bind(*one);
          for (;;) {
            LD_ASSIGN_OR_RETURN(bool row, s.Step("customer facts: customers"));
            if (!row) break;
            auto& f = of(s.Int(0));
            f.exists = true;
            f.name = s.Text(1);
            f.tier = ParseTier(s.Text(2)).value_or(Tier::kBasic);
            f.language = s.Text(3);
          }
        }
        {
          LD_ASSIGN_OR_RETURN(
              Stmt s,
              conn_.Prepare(
                  std::string(
                      "SELECT t.id, t.customer_id, t.created_at, t.resolved_at, t.channel, "
                      "t.category, t.team, t.category = 'complaint' OR c.ticket_id IS NOT NULL, "
                      "COALESCE(t.sentiment_label, '') = 'negative', "
                      "t.resolved_at IS NOT NULL OR t.reopen_count > 0, "
                      "(t.resolved_at IS NOT NULL OR t.reopen_count > 0) AND "
                      "t.agent_reply_count = 1 AND t.reopen_count = 0, "
                      "t.routing_reason <> '' AND t.assignee_id IS NOT NULL FROM tickets t") +
                  Scan(one) + " LEFT JOIN complaints c ON c.ticket_id = t.id WHERE 1 = 1" +
                  One(one, "t.customer_id")));
          if (one) s.Bind(*one);
          for (;;) {
            LD_ASSIGN_OR_RETURN(bool row, s.Step("customer facts: tickets"));
            if (!row) break;
            analytics::CustomerFacts::Ticket t;
            t.id = s.Int(0);
            t.created_at = s.Int(2);
            t.resolved_at = s.OptInt(3);
            t.channel = s.Text(4);
            t.category = s.Text(5);
            t.team = s.Text(6);
            t.complaint = s.Int(7) != 0;
            t.negative = s.Int(8) != 0;
            t.resolved = s.Int(9) != 0;
            t.fcr = s.Int(10) != 0;
            t.routed = s.Int(11) != 0;
            of(s.Int(1)).tickets.push_back(std::move(t));
          }
        }
        {
          LD_ASSIGN_OR_RETURN(
              Stmt s, conn_.Prepare(std::string("SELECT id, customer_id, ordered_at, amount, "
                                                "product FROM orders") +
                                    Scan(one) + " WHERE 1 = 1" + One(one, "customer_id")));
          if (one) s.Bind(*one);
          for (;;) {
            LD_ASSIGN_OR_RETURN(bool row, s.Step("customer facts: orders"));
            if (!row) break;
            of(s.Int(1)).orders.push_back({s.Int(0), s.Int(2), s.Double(3), s.Text(4)});
          }
        }
        {
          LD_ASSIGN_OR_RETURN(
              Stmt s, conn_.Prepare("SELECT id, customer_id, product, installed_at, "
                                    "warranty_end FROM assets WHERE 1 = 1" +
                                    One(one, "customer_id")));
          if (one) s.Bind(*one);
          for (;;) {
            LD_ASSIGN_OR_RETURN(bool row, s.Step("customer facts: assets"));
            if (!row) break;
            of(s.Int(1)).assets.push_back({s.Int(0), s.Text(2), s.OptInt(3), s.OptInt(4)});
          }
        }
        {
          LD_ASSIGN_OR_RETURN(
              Stmt s, conn_.Prepare(std::string("SELECT id, customer_id, answered_at, kind, "
                                                "score FROM surveys") +
                                    Scan(one) +
                                    " WHERE score IS NOT NULL AND answered_at IS NOT NULL" +
                                    One(one, "customer_id")));
          if (one) s.Bind(*one);
          for (;;) {
            LD_ASSIGN_OR_RETURN(bool row, s.Step("customer facts: surveys"));
            if (!row) break;
            of(s.Int(1)).surveys.push_back(
                {s.Int(0), s.Int(2), s.Text(3), static_cast<int>(s.Int(4))});
          }
        }
        {
          LD_ASSIGN_OR_RETURN(
              Stmt s, conn_.Prepare("SELECT customer_id, created_at FROM alerts WHERE status "
                                    "<> 'resolved'" +
                                    One(one, "customer_id")));
          if (one) s.Bind(*one);
          for (;;) {
            LD_ASSIGN_OR_RETURN(bool row, s.Step("customer facts: alerts"));
            if (!row) break;
            of(s.Int(0)).open_alerts.push_back(s.Int(1));
          }
        }
        return Status::Ok();
      };
      std::vector<analytics::CustomerFacts> out;
      if (!only) {
        LD_RETURN_IF_ERROR(read(std::nullopt));
        out.reserve(by.size());
        for (auto& [_, f] : by) out.push_back(std::move(f));
        return out;
      }
      out.reserve(only->size());
      for (Id id : *only) {
        by.clear();
        LD_RETURN_IF_ERROR(read(id));
        out.push_back(std::move(by[id]));
      }
      return out;
    });
  }

  Result<AutomationCounts> CountAutomation(TimeMs from, TimeMs to) override {
    return Guard("automation counts", [&]() -> Result<AutomationCounts> {
      auto count = [&](const std::string& sql, std::string_view what) -> Result<int64_t> {
        LD_ASSIGN_OR_RETURN(Stmt s, conn_.Prepare(sql));
        s.Bind(from).Bind(to);
        LD_ASSIGN_OR_RETURN(bool row, s.Step(what));
        return row ? s.Int(0) : 0;
      };
      AutomationCounts out;
      LD_ASSIGN_OR_RETURN(out.rule_actions,
                          count("SELECT COUNT(*) FROM events WHERE type = 'rule.fired' AND "
                                "at >= ? AND at < ?",
                                "automation: rule actions"));
      LD_ASSIGN_OR_RETURN(out.system_assignments,
                          count("SELECT COUNT(*) FROM events WHERE type = 'ticket.assigned' "
                                "AND at >= ? AND at < ? AND actor = 'system'",
                                "automation: system assignments"));
      return out;
    });
  }

 private:
  sql::Db& conn_;
};

}  // namespace

CustStore& SqliteUnitOfWork::cust() {
  if (!cust_) cust_ = std::make_unique<SqliteCustStore>(conn_);
  return *cust_;
}

}  // namespace loopdesk::sqlite
