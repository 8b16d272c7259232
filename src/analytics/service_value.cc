#include "analytics/service_value.h"

#include <algorithm>

namespace loopdesk::analytics {

namespace {

double Lookup(const std::map<std::string, double>& m, const std::string& key) {
  if (auto it = m.find(key); it != m.end()) return it->second;
  if (auto it = m.find("*"); it != m.end()) return it->second;
  return 0;
}

std::string CsatBand(const std::optional<int>& s) {
  if (!s) return "none";
  if (*s >= 4) return "satisfied";
  if (*s == 3) return "neutral";
  return "dissatisfied";
}

std::string NpsBand(const std::optional<int>& s) {
  if (!s) return "none";
  if (*s >= 9) return "promoter";
  if (*s >= 7) return "passive";
  return "detractor";
}

void Count(RateCell& c, bool hit) {
  ++c.n;
  if (hit) ++c.hits;
}

}  // namespace

double CostModel::HourlyCost(const std::string& team) const {
  return Lookup(agent_hourly_cost, team);
}
double CostModel::ContactCost(const std::string& channel) const {
  return Lookup(cost_per_contact, channel);
}
double CostModel::HandleMinutes(const std::string& channel) const {
  return Lookup(handle_minutes, channel);
}

CostSide ComputeCost(const CostModel& m, const std::vector<TicketGroup>& groups,
                     int64_t rule_actions, int64_t auto_assignments) {
  CostSide c;
  for (const TicketGroup& g : groups) {
    const double unit =
        m.ContactCost(g.channel) + m.HandleMinutes(g.channel) / 60.0 * m.HourlyCost(g.team);
    const double cost = unit * static_cast<double>(g.tickets);
    c.tickets += g.tickets;
    c.resolved += g.resolved;
    c.fcr_tickets += g.fcr;
    c.total_cost += cost;
    auto& ch = c.by_channel[g.channel];
    ch.first += g.tickets;
    ch.second += cost;
  }
  if (c.tickets) c.cost_per_contact = c.total_cost / static_cast<double>(c.tickets);
  if (c.resolved) c.cost_per_resolved = c.total_cost / static_cast<double>(c.resolved);
  c.rule_actions = rule_actions;
  c.auto_assignments = auto_assignments;
  c.automation_hours_saved = (static_cast<double>(rule_actions) * m.minutes_saved_per_rule_action +
                              static_cast<double>(auto_assignments) *
                                  m.minutes_saved_per_auto_assignment) /
                             60.0;
  c.automation_savings = c.automation_hours_saved * m.HourlyCost("*");
  c.repeat_cost_avoided = static_cast<double>(c.fcr_tickets) * m.repeat_contacts_avoided_per_fcr *
                          c.cost_per_contact.value_or(0);
  return c;
}

ValueSide ComputeValue(const std::vector<ValueCustomer>& customers,
                       const std::vector<OrderRow>& orders, TimeMs from, TimeMs to, TimeMs now) {
  const TimeMs span = to - from;
  ValueSide v;
  const Tier kTiers[] = {Tier::kStrategic, Tier::kHigh, Tier::kGrowth, Tier::kBasic};
  for (Tier t : kTiers) {
    TierValue tv;
    tv.tier = t;
    v.by_tier.push_back(tv);
  }
  auto tier_row = [&v](Tier t) -> TierValue& {
    for (auto& r : v.by_tier)
      if (r.tier == t) return r;
    return v.by_tier.back();
  };
  std::map<std::string, BandValue> csat, nps;
  for (const char* b : {"satisfied", "neutral", "dissatisfied", "none"}) csat[b].band = b;
  for (const char* b : {"promoter", "passive", "detractor", "none"}) nps[b].band = b;
  double value_total = 0;
  std::map<Tier, double> value_by_tier;

  for (const ValueCustomer& c : customers) {
    auto lo = std::lower_bound(orders.begin(), orders.end(), c.id,
                               [](const OrderRow& o, Id id) { return o.customer_id < id; });
    auto hi = std::upper_bound(orders.begin(), orders.end(), c.id,
                               [](Id id, const OrderRow& o) { return id < o.customer_id; });
    TierValue& tr = tier_row(c.tier);
    ++tr.customers;
    double upto_to = 0;
    bool before_prev = false, in_prev = false, in_cur = false;
    for (auto it = lo; it != hi; ++it) {
      if (it->at < to) upto_to += it->amount;
      if (it->at < from) before_prev = true;
      if (it->at >= from - span && it->at < from) in_prev = true;
      if (it->at >= from && it->at < to) in_cur = true;
    }
    value_total += upto_to;
    value_by_tier[c.tier] += upto_to;
    if (in_prev) {
      Count(tr.retention, in_cur);
      Count(v.retention, in_cur);
    }

    const bool served = c.first_resolution.has_value();
    const bool control = !served && !c.contacted && before_prev;
    if (!served && !control) continue;
    const TimeMs anchor = served ? *c.first_resolution : from;
    double prior_sum = 0, window_sum = 0;
    int prior_n = 0;
    bool repurchased = false;
    for (auto it = lo; it != hi; ++it) {
      if (it->at <= anchor) {
        prior_sum += it->amount;
        ++prior_n;
      } else if (it->at <= anchor + kRepurchaseWindowMs && it->at <= now) {
        window_sum += it->amount;
        repurchased = true;
      }
    }
    const bool upsell = repurchased && prior_n > 0 && window_sum > prior_sum / prior_n;
    if (served) {
      Count(v.repurchase_served, repurchased);
      Count(tr.repurchase_served, repurchased);
      Count(csat[CsatBand(c.csat)].repurchase, repurchased);
      Count(nps[NpsBand(c.nps)].repurchase, repurchased);
      if (prior_n > 0) {
        Count(v.upsell_served, upsell);
        Count(tr.upsell_served, upsell);
        Count(csat[CsatBand(c.csat)].upsell, upsell);
        Count(nps[NpsBand(c.nps)].upsell, upsell);
      }
    } else {
      Count(v.repurchase_control, repurchased);
      Count(tr.repurchase_control, repurchased);
      Count(v.upsell_control, upsell);  // control customers always have a prior order
      Count(tr.upsell_control, upsell);
    }
  }

  int64_t all = 0;
  double weight = 0, weighted = 0;
  for (TierValue& tr : v.by_tier) {
    all += tr.customers;
    if (tr.customers) tr.clv = value_by_tier[tr.tier] / static_cast<double>(tr.customers);
    if (auto rc = tr.repurchase_control.rate(); rc && tr.repurchase_served.n) {
      weight += static_cast<double>(tr.repurchase_served.n);
      weighted += static_cast<double>(tr.repurchase_served.n) * *rc;
    }
  }
  if (all) v.clv = value_total / static_cast<double>(all);
  if (weight > 0) v.control_tier_adjusted = weighted / weight;
  if (auto rs = v.repurchase_served.rate(); rs && v.control_tier_adjusted)
    v.repurchase_lift = *rs - *v.control_tier_adjusted;
  for (const char* b : {"satisfied", "neutral", "dissatisfied", "none"}) v.by_csat.push_back(csat[b]);
  for (const char* b : {"promoter", "passive", "detractor", "none"}) v.by_nps.push_back(nps[b]);
  return v;
}

}  // namespace loopdesk::analytics
