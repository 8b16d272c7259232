// Customer analytics members of Service (docs/reports.md): churn risk and the at-risk list.
// Everything is computed at the service clock's `now`, from the in-memory customer index
// (app/cust_feed.h: refreshed from the store for every customer an event touched, before each
// report) when it is wired and loaded, else from a read snapshot of the store (the SQL path);
// the answers are the same, so a new order, survey answer or alert shows in the next request.

#include <algorithm>
#include <climits>

#include "analytics/kpi.h"
#include "app/cost_model.h"
#include "app/cust_feed.h"
#include "app/service.h"

namespace loopdesk {

Result<analytics::ChurnRisk> Service::CustomerChurn(const Principal&, Id customer_id) {
  const TimeMs now = clock_.Now();
  std::vector<analytics::CustomerSignals> rows;
  LD_RETURN_IF_ERROR(store_.Read([&](UnitOfWork& uow) {
    LD_ASSIGN_OR_RETURN(rows, uow.cust().CustomerSignals(now, customer_id));
    return Status::Ok();
  }));
  if (rows.empty()) return Status::NotFound("no customer with id " + std::to_string(customer_id));
  return analytics::ScoreChurn(rows.front(), now);
}

Result<AtRiskPage> Service::AtRiskCustomers(const Principal&, const AtRiskQuery& q) {
  int min_rank = 1, max_rank = 2;
  if (q.level) {
    const int r = analytics::ChurnLevelRank(*q.level);
    if (r < 0) return Status::Invalid("level must be one of low, medium, high", "level");
    min_rank = max_rank = r;
  }
  const int limit = q.limit <= 0 ? 50 : std::min(q.limit, 500);
  const TimeMs now = clock_.Now();
  std::vector<analytics::CustomerSignals> rows;
  bool indexed = false;
  if (CustFeed* feed = cust_feed())
    indexed = feed->With(store_, [&](const analytics::CustIndex& ix) { rows = ix.Signals(now); })
                  .ok();
  if (!indexed) {
    LD_RETURN_IF_ERROR(store_.Read([&](UnitOfWork& uow) {
      LD_ASSIGN_OR_RETURN(rows, uow.cust().CustomerSignals(now, std::nullopt));
      return Status::Ok();
    }));
  }

  AtRiskPage page;
  page.scanned = static_cast<int64_t>(rows.size());
  // (rank key, row) of the matches; only the page's items are moved out. Keys are unique
  // (they hold the customer id), so the order is the one of sorting the items by key.
  // The whole base is ranked by ChurnScore (the score without the reasons' texts); the
  // reasons and actions are built for the page's items only.
  std::vector<std::pair<int64_t, size_t>> hits;
  for (size_t i = 0; i < rows.size(); ++i) {
    const auto& c = rows[i];
    if (q.tier && c.tier != *q.tier) continue;
    const int score = analytics::ChurnScore(c, now);
    const int rank = analytics::ChurnLevelRank(analytics::ChurnLevel(score));
    if (rank < min_rank || rank > max_rank) continue;
    hits.emplace_back(AtRiskKey(score, c.customer_id), i);
  }
  page.total = static_cast<int64_t>(hits.size());
  std::sort(hits.begin(), hits.end());
  auto it = std::upper_bound(hits.begin(), hits.end(), q.after,
                             [](int64_t k, const std::pair<int64_t, size_t>& x) {
                               return k < x.first;
                             });
  for (; it != hits.end() && static_cast<int>(page.items.size()) < limit; ++it) {
    analytics::ChurnRisk risk = analytics::ScoreChurn(rows[it->second], now);  // before the move
    page.items.push_back({std::move(rows[it->second]), std::move(risk)});
  }
  if (it != hits.end() && !page.items.empty())
    page.next_cursor = it[-1].first;
  return page;
}

}  // namespace loopdesk

// ---------------------------------------------------------------------------- service value

namespace loopdesk {

namespace {

Value Num(const std::optional<double>& v) { return v ? Value(*v) : Value(); }

Value Rate(const analytics::RateCell& c) {
  Value v = Value::MakeObject();
  v.Set("n", c.n);
  v.Set("hits", c.hits);
  v.Set("rate", Num(c.rate()));
  return v;
}

Value CostDoc(const analytics::CostSide& c) {
  Value v = Value::MakeObject();
  v.Set("tickets", c.tickets);
  v.Set("resolved", c.resolved);
  v.Set("fcr_tickets", c.fcr_tickets);
  v.Set("total_cost", c.total_cost);
  v.Set("cost_per_contact", Num(c.cost_per_contact));
  v.Set("cost_per_resolved", Num(c.cost_per_resolved));
  v.Set("rule_actions", c.rule_actions);
  v.Set("auto_assignments", c.auto_assignments);
  v.Set("automation_hours_saved", c.automation_hours_saved);
  v.Set("automation_savings", c.automation_savings);
  v.Set("repeat_cost_avoided", c.repeat_cost_avoided);
  Value by = Value::MakeArray();
  for (const auto& [ch, tc] : c.by_channel) {
    Value r = Value::MakeObject();
    r.Set("channel", ch);
    r.Set("tickets", tc.first);
    r.Set("cost", tc.second);
    r.Set("cost_per_contact", tc.first ? Value(tc.second / static_cast<double>(tc.first)) : Value());
    by.Push(std::move(r));
  }
  v.Set("by_channel", std::move(by));
  return v;
}

Value BandsDoc(const std::vector<analytics::BandValue>& bands) {
  Value a = Value::MakeArray();
  for (const auto& b : bands) {
    Value r = Value::MakeObject();
    r.Set("band", b.band);
    r.Set("customers", b.repurchase.n);
    r.Set("repurchase", Rate(b.repurchase));
    r.Set("upsell", Rate(b.upsell));
    a.Push(std::move(r));
  }
  return a;
}

Value ValueDoc(const analytics::ValueSide& v) {
  Value d = Value::MakeObject();
  d.Set("repurchase_served", Rate(v.repurchase_served));
  d.Set("repurchase_control", Rate(v.repurchase_control));
  d.Set("repurchase_control_tier_adjusted", Num(v.control_tier_adjusted));
  d.Set("repurchase_lift", Num(v.repurchase_lift));
  d.Set("upsell_served", Rate(v.upsell_served));
  d.Set("upsell_control", Rate(v.upsell_control));
  d.Set("retention", Rate(v.retention));
  d.Set("clv", Num(v.clv));
  Value tiers = Value::MakeArray();
  for (const auto& t : v.by_tier) {
    Value r = Value::MakeObject();
    r.Set("tier", std::string(Name(t.tier)));
    r.Set("customers", t.customers);
    r.Set("repurchase_served", Rate(t.repurchase_served));
    r.Set("repurchase_control", Rate(t.repurchase_control));
    r.Set("upsell_served", Rate(t.upsell_served));
    r.Set("upsell_control", Rate(t.upsell_control));
    r.Set("retention", Rate(t.retention));
    r.Set("clv", Num(t.clv));
    tiers.Push(std::move(r));
  }
  d.Set("by_tier", std::move(tiers));
  d.Set("by_csat", BandsDoc(v.by_csat));
  d.Set("by_nps", BandsDoc(v.by_nps));
  return d;
}

// current − previous for the numbers (rates: their `rate`) both periods have.
Value ChangeDoc(const Value& cur, const Value& prev) {
  Value d = Value::MakeObject();
  for (const auto& [k, c] : cur.as_object()) {
    const Value* p = prev.Find(k);
    if (!p) continue;
    const Value* cv = &c;
    if (c.is_object() && c.Find("rate")) {
      cv = c.Find("rate");
      p = p->Find("rate");
    }
    if ((cv->is_int() || cv->is_double()) && p && (p->is_int() || p->is_double()))
      d.Set(k, cv->as_double() - p->as_double());
    else if (cv->is_null() || (p && p->is_null()))
      d.Set(k, Value());
  }
  return d;
}

Value Formulas() {
  Value f = Value::MakeObject();
  f.Set("ticket_cost", "cost_per_contact[channel] + handle_minutes[channel] / 60 × agent_hourly_cost[team]");
  f.Set("total_cost", "Σ ticket_cost over tickets created in the period");
  f.Set("cost_per_contact", "total_cost ÷ tickets");
  f.Set("cost_per_resolved", "total_cost ÷ tickets of the period that reached resolved");
  f.Set("automation_hours_saved", "(rule_actions × minutes_saved_per_rule_action + auto_assignments × minutes_saved_per_auto_assignment) ÷ 60");
  f.Set("automation_savings", "automation_hours_saved × agent_hourly_cost[\"*\"]");
  f.Set("repeat_cost_avoided", "fcr_tickets × repeat_contacts_avoided_per_fcr × cost_per_contact");
  f.Set("repurchase_served", "served customers (a ticket resolved in the period) with an order within 90 days after their first resolution in the period ÷ served customers");
  f.Set("repurchase_control", "customers with an order before `from` and no ticket created or resolved in the period, with an order within 90 days after `from` ÷ such customers");
  f.Set("repurchase_control_tier_adjusted", "Σ_tier served_n × control_rate ÷ Σ_tier served_n (tiers with both groups)");
  f.Set("repurchase_lift", "repurchase_served − repurchase_control_tier_adjusted");
  f.Set("upsell", "repurchasers whose order value in the 90-day window exceeds their mean order value before the anchor ÷ customers of the group with an earlier order");
  f.Set("retention", "customers with an order in the previous equal-length window who order again in the period ÷ customers with an order in the previous window");
  f.Set("clv", "order value placed before `to` ÷ customers (of the tier)");
  f.Set("by_csat", "served customers by their latest CSAT answer in the period: satisfied 4–5, neutral 3, dissatisfied 1–2, none");
  f.Set("by_nps", "served customers by their latest NPS answer in the period: promoter 9–10, passive 7–8, detractor 0–6, none");
  f.Set("change", "current − previous (rates: difference of the fractions)");
  return f;
}

Status RequireCostManager(const Principal& who) {
  if (who.role != Role::kAdmin && who.role != Role::kSupervisor)
    return Status::Denied("only an admin or a supervisor may change the cost model");
  return Status::Ok();
}

}  // namespace

Result<analytics::CostModel> Service::LoadCostModel() {
  std::optional<Value> doc;
  LD_RETURN_IF_ERROR(store_.Read([&](UnitOfWork& uow) {
    LD_ASSIGN_OR_RETURN(doc, uow.GetConfig(kCostModelKey));
    return Status::Ok();
  }));
  if (!doc) return analytics::CostModel{};
  return CostModelFromValue(*doc);
}

Result<Value> Service::GetCostModel(const Principal&) {
  LD_ASSIGN_OR_RETURN(analytics::CostModel m, LoadCostModel());
  return CostModelToValue(m);
}

Result<Value> Service::PutCostModel(const Principal& who, const Value& body) {
  LD_RETURN_IF_ERROR(RequireCostManager(who));
  LD_ASSIGN_OR_RETURN(analytics::CostModel m, CostModelFromValue(body));
  const Value doc = CostModelToValue(m);
  const TimeMs now = clock_.Now();
  std::lock_guard lock(settings_mu_);
  LD_RETURN_IF_ERROR(Write([&](Operations& ops) {
    LD_RETURN_IF_ERROR(ops.uow().PutConfig(kCostModelKey, doc, now));
    return ops.Emit(who.actor(), "settings.cost_model_saved", now, 0, 0, Value::MakeObject());
  }));
  return doc;
}

Result<Value> Service::ServiceValueReport(const Principal&, TimeMs from, TimeMs to) {
  if (from >= to) return Status::Invalid("from must be before to", "from");
  LD_ASSIGN_OR_RETURN(analytics::CostModel model, LoadCostModel());
  const TimeMs now = clock_.Now();
  const TimeMs span = to - from;
  analytics::ServiceValueRows cur, prev;
  bool indexed = false;
  if (CustFeed* feed = cust_feed()) {
    indexed = feed->With(store_, [&](const analytics::CustIndex& ix) {
                      cur = ix.ValueRows(from, to, to + analytics::kRepurchaseWindowMs);
                      prev = ix.ValueRows(from - span, from,
                                          from + analytics::kRepurchaseWindowMs);
                    }).ok();
    // The event counts: two indexed COUNTs per period (docs/reports.md).
    if (indexed) {
      LD_RETURN_IF_ERROR(store_.Read([&](UnitOfWork& uow) {
        LD_ASSIGN_OR_RETURN(auto c, uow.cust().CountAutomation(from, to));
        cur.rule_actions = c.rule_actions;
        cur.auto_assignments += c.system_assignments;
        LD_ASSIGN_OR_RETURN(auto p, uow.cust().CountAutomation(from - span, from));
        prev.rule_actions = p.rule_actions;
        prev.auto_assignments += p.system_assignments;
        return Status::Ok();
      }));
    }
  }
  if (!indexed) {
    LD_RETURN_IF_ERROR(store_.Read([&](UnitOfWork& uow) {
      LD_ASSIGN_OR_RETURN(cur, uow.cust().ServiceValueRows(
                                   from, to, to + analytics::kRepurchaseWindowMs));
      LD_ASSIGN_OR_RETURN(prev, uow.cust().ServiceValueRows(
                                    from - span, from, from + analytics::kRepurchaseWindowMs));
      return Status::Ok();
    }));
  }
  auto side = [&](const analytics::ServiceValueRows& rows, TimeMs f, TimeMs t, Value* cost,
                  Value* value) {
    *cost = CostDoc(analytics::ComputeCost(model, rows.groups, rows.rule_actions,
                                           rows.auto_assignments));
    *value = ValueDoc(analytics::ComputeValue(rows.customers, rows.orders, f, t, now));
  };
  Value cost_cur, cost_prev, value_cur, value_prev;
  side(cur, from, to, &cost_cur, &value_cur);
  side(prev, from - span, from, &cost_prev, &value_prev);

  Value out = Value::MakeObject();
  out.Set("from", FormatIso8601(from));
  out.Set("to", FormatIso8601(to));
  Value p = Value::MakeObject();
  p.Set("from", FormatIso8601(from - span));
  p.Set("to", FormatIso8601(from));
  out.Set("previous_period", std::move(p));
  out.Set("currency", model.currency);
  Value cost = Value::MakeObject();
  cost.Set("change", ChangeDoc(cost_cur, cost_prev));
  cost.Set("current", std::move(cost_cur));
  cost.Set("previous", std::move(cost_prev));
  out.Set("cost", std::move(cost));
  Value value = Value::MakeObject();
  value.Set("change", ChangeDoc(value_cur, value_prev));
  value.Set("current", std::move(value_cur));
  value.Set("previous", std::move(value_prev));
  out.Set("value", std::move(value));
  out.Set("cost_model", CostModelToValue(model));
  out.Set("formulas", Formulas());
  return out;
}

}  // namespace loopdesk

// ---------------------------------------------------------------------------- journey

namespace loopdesk {

namespace {

Value TouchpointDoc(const analytics::Touchpoint& p) {
  Value v = Value::MakeObject();
  v.Set("at", FormatIso8601(p.at));
  v.Set("kind", p.kind);
  v.Set("stage", p.stage);
  v.Set("ref_id", p.ref_id);
  v.Set("detail", p.detail);
  v.Set("complaint", p.complaint);
  v.Set("repeat", p.repeat);
  v.Set("negative", p.negative);
  return v;
}

}  // namespace

Result<Value> Service::JourneyReport(const Principal&, TimeMs from, TimeMs to) {
  if (from >= to) return Status::Invalid("from must be before to", "from");
  analytics::JourneyReport r;
  bool indexed = false;
  if (CustFeed* feed = cust_feed())
    indexed = feed->With(store_, [&](const analytics::CustIndex& ix) {
                      r = ix.Journey(from, to);
                    }).ok();
  if (!indexed) {
    std::vector<analytics::JourneyInput> rows;
    LD_RETURN_IF_ERROR(store_.Read([&](UnitOfWork& uow) {
      LD_ASSIGN_OR_RETURN(rows, uow.cust().JourneyRows(to, std::nullopt));
      return Status::Ok();
    }));
    r = analytics::ComputeJourney(rows, from, to);
  }
  Value out = Value::MakeObject();
  out.Set("from", FormatIso8601(from));
  out.Set("to", FormatIso8601(to));
  out.Set("churn_days", analytics::kJourneyChurnDays);
  out.Set("customers", r.customers);
  out.Set("churned", r.churned);
  Value stages = Value::MakeArray();
  for (const auto& s : r.stages) {
    Value v = Value::MakeObject();
    v.Set("stage", s.stage);
    v.Set("touchpoints", s.touchpoints);
    v.Set("customers", s.customers);
    v.Set("contacts", s.contacts);
    v.Set("complaints", s.complaints);
    v.Set("repeat_contacts", s.repeat_contacts);
    v.Set("surveys", s.surveys);
    v.Set("negative_surveys", s.negative_surveys);
    v.Set("orders", s.orders);
    v.Set("churned", s.churned);
    v.Set("complaint_rate", Num(s.complaint_rate()));
    v.Set("repeat_rate", Num(s.repeat_rate()));
    v.Set("negative_survey_rate", Num(s.negative_survey_rate()));
    stages.Push(std::move(v));
  }
  out.Set("stages", std::move(stages));
  Value bps = Value::MakeArray();
  for (const auto& b : r.breakpoints) {
    for (const auto& s : r.stages) {
      if (s.stage != b) continue;
      Value v = Value::MakeObject();
      v.Set("stage", b);
      v.Set("complaint_rate", Num(s.complaint_rate()));
      v.Set("repeat_rate", Num(s.repeat_rate()));
      v.Set("contacts", s.contacts);
      bps.Push(std::move(v));
    }
  }
  out.Set("breakpoints", std::move(bps));
  // Repeat-request and complaint-conversion rates are /api/v1/metrics KPIs: reused as they
  // are (same slice: tickets created in [from, to)).
  Value metrics = Value::MakeObject();
  if (AnalyticsFeed* feed = analytics()) {
    analytics::KpiQuery q;
    q.from = from;
    q.to = to;
    q.now = clock_.Now();
    auto groups = analytics::KpiEngine(feed->facts()).Run(q);
    const analytics::Kpis k = groups.empty() ? analytics::Kpis{} : groups.front().kpis;
    metrics.Set("tickets", k.tickets);
    metrics.Set("repeat_request_rate", Num(k.repeat_request_rate));
    metrics.Set("complaint_conversion_rate", Num(k.complaint_conversion_rate));
  }
  out.Set("metrics", std::move(metrics));
  return out;
}

Result<Value> Service::CustomerJourney(const Principal&, Id customer_id, int limit, int64_t after) {
  const TimeMs now = clock_.Now();
  std::vector<analytics::JourneyInput> rows;
  LD_RETURN_IF_ERROR(store_.Read([&](UnitOfWork& uow) {
    LD_ASSIGN_OR_RETURN(rows, uow.cust().JourneyRows(now + 1, customer_id));
    return Status::Ok();
  }));
  if (rows.empty()) return Status::NotFound("no customer with id " + std::to_string(customer_id));
  // Future warranty ends are part of the journey too (what is coming).
  const auto timeline = analytics::CustomerTimeline(rows.front(), INT64_MAX);
  Value items = Value::MakeArray();
  Value stages = Value::MakeObject();
  for (const auto& s : analytics::JourneyStages()) stages.Set(s, int64_t{0});
  for (const auto& p : timeline) {
    const Value* n = stages.Find(p.stage);
    stages.Set(p.stage, n->as_int() + 1);
  }
  const int64_t start = std::max<int64_t>(after, 0);
  int64_t i = start;
  for (; i < static_cast<int64_t>(timeline.size()) && i - start < limit; ++i)
    items.Push(TouchpointDoc(timeline[static_cast<size_t>(i)]));
  Value out = Value::MakeObject();
  out.Set("customer_id", customer_id);
  out.Set("stages", std::move(stages));
  out.Set("items", std::move(items));
  out.Set("next_cursor", i < static_cast<int64_t>(timeline.size()) ? Value(i) : Value());
  return out;
}

}  // namespace loopdesk
