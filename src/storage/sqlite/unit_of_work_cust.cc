// The customer-analytics queries of the SQLite UnitOfWork (ports/cust_store.h): one GROUP BY
// query per source table, merged per customer in memory. Every query is a single scan of its
// table's rows in the window (orders by their customer index; tickets and surveys by a
// scan), so the whole customer base is scored in a handful of statements.

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

class SqliteCustStore final : public CustStore {
 public:
  explicit SqliteCustStore(Connection& conn) : conn_(conn) {}

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
            Stmt s, conn_.Prepare("SELECT customer_id, kind, COUNT(*), SUM(score), "
                                  "SUM(score <= 6) FROM surveys WHERE score IS NOT NULL AND "
                                  "answered_at >= ? AND answered_at < ?" +
                                  One(customer, "customer_id") + " GROUP BY customer_id, kind"));
        s.Bind(recent).Bind(now);
        if (customer) s.Bind(*customer);
        for (;;) {
          LD_ASSIGN_OR_RETURN(bool row, s.Step("customer signals: surveys"));
          if (!row) break;
          auto* c = row_of(s.Int(0));
          if (!c) continue;
          if (s.Text(1) == "csat") {
            c->csat_answers = static_cast<int>(s.Int(2));
            c->csat_sum = static_cast<int>(s.Int(3));
          } else if (s.Text(1) == "nps") {
            c->nps_answers = static_cast<int>(s.Int(2));
            c->nps_detractors = static_cast<int>(s.Int(4));
          }
        }
      }
      {  // Tickets of the last 90 days: count, negative sentiment, complaints (category
         // `complaint` or recorded as a complaint by the text engine).
        LD_ASSIGN_OR_RETURN(
            Stmt s,
            conn_.Prepare("SELECT t.customer_id, COUNT(*), "
                          "SUM(COALESCE(t.sentiment_label, '') = 'negative'), "
                          "SUM(t.category = 'complaint' OR c.ticket_id IS NOT NULL) "
                          "FROM tickets t LEFT JOIN complaints c ON c.ticket_id = t.id "
                          "WHERE t.created_at >= ? AND t.created_at < ?" +
                          One(customer, "t.customer_id") + " GROUP BY t.customer_id"));
        s.Bind(recent).Bind(now);
        if (customer) s.Bind(*customer);
        for (;;) {
          LD_ASSIGN_OR_RETURN(bool row, s.Step("customer signals: tickets"));
          if (!row) break;
          if (auto* c = row_of(s.Int(0))) {
            c->tickets_recent = static_cast<int>(s.Int(1));
            c->tickets_negative = static_cast<int>(s.Int(2));
            c->complaints = static_cast<int>(s.Int(3));
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
                                "AND actor = 'system' AND at >= ? AND at < ?",
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
        LD_ASSIGN_OR_RETURN(
            Stmt s, conn_.Prepare("SELECT customer_id, MIN(resolved_at) FROM tickets WHERE "
                                  "resolved_at >= ? AND resolved_at < ? GROUP BY customer_id"));
        s.Bind(from).Bind(to);
        for (;;) {
          LD_ASSIGN_OR_RETURN(bool row, s.Step("service value: resolutions"));
          if (!row) break;
          if (auto* c = row_of(s.Int(0))) c->first_resolution = s.Int(1);
        }
      }
      {
        LD_ASSIGN_OR_RETURN(
            Stmt s, conn_.Prepare("SELECT DISTINCT customer_id FROM tickets WHERE "
                                  "created_at >= ? AND created_at < ?"));
        s.Bind(from).Bind(to);
        for (;;) {
          LD_ASSIGN_OR_RETURN(bool row, s.Step("service value: contacts"));
          if (!row) break;
          if (auto* c = row_of(s.Int(0))) c->contacted = true;
        }
      }
      {  // The latest answer of each kind in the period wins.
        LD_ASSIGN_OR_RETURN(
            Stmt s, conn_.Prepare("SELECT customer_id, kind, score FROM surveys WHERE score IS "
                                  "NOT NULL AND answered_at >= ? AND answered_at < ? "
                                  "ORDER BY customer_id, answered_at, id"));
        s.Bind(from).Bind(to);
        for (;;) {
          LD_ASSIGN_OR_RETURN(bool row, s.Step("service value: surveys"));
          if (!row) break;
          auto* c = row_of(s.Int(0));
          if (!c) continue;
          if (s.Text(1) == "csat") c->csat = static_cast<int>(s.Int(2));
          if (s.Text(1) == "nps") c->nps = static_cast<int>(s.Int(2));
        }
      }
      {
        LD_ASSIGN_OR_RETURN(
            Stmt s, conn_.Prepare("SELECT customer_id, ordered_at, amount FROM orders WHERE "
                                  "ordered_at < ? ORDER BY customer_id, ordered_at, id"));
        s.Bind(orders_until);
        for (;;) {
          LD_ASSIGN_OR_RETURN(bool row, s.Step("service value: orders"));
          if (!row) break;
          out.orders.push_back({s.Int(0), s.Int(1), s.Double(2)});
        }
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
            Stmt s, conn_.Prepare("SELECT t.id, t.customer_id, t.created_at, t.channel, "
                                  "t.category, t.category = 'complaint' OR c.ticket_id IS NOT "
                                  "NULL FROM tickets t LEFT JOIN complaints c ON c.ticket_id = "
                                  "t.id WHERE t.created_at < ?" +
                                  One(customer, "t.customer_id") +
                                  " ORDER BY t.customer_id, t.created_at, t.id"));
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
            Stmt s, conn_.Prepare("SELECT id, customer_id, ordered_at, amount, product FROM "
                                  "orders WHERE ordered_at < ?" +
                                  One(customer, "customer_id") +
                                  " ORDER BY customer_id, ordered_at, id"));
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
            Stmt s, conn_.Prepare("SELECT id, customer_id, answered_at, kind, score FROM surveys "
                                  "WHERE score IS NOT NULL AND answered_at < ?" +
                                  One(customer, "customer_id") +
                                  " ORDER BY customer_id, answered_at, id"));
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
      for (auto& [_, in] : by) out.push_back(std::move(in));
      return out;
    });
  }

 private:
  Connection& conn_;
};

}  // namespace

CustStore& SqliteUnitOfWork::cust() {
  if (!cust_) cust_ = std::make_unique<SqliteCustStore>(conn_);
  return *cust_;
}

}  // namespace loopdesk::sqlite
