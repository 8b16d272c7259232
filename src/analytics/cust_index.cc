#include "analytics/cust_index.h"

#include <algorithm>
#include <climits>
#include <tuple>
#include <utility>

namespace loopdesk::analytics {

namespace {

template <typename T>
bool ByTime(const T& a, const T& b) {
  return a.at != b.at ? a.at < b.at : a.id < b.id;
}

template <typename T>
size_t VecBytes(const std::vector<T>& v) {
  return v.capacity() * sizeof(T);
}

size_t StrBytes(const std::string& s) {
  return s.capacity() > 15 ? s.capacity() + 1 : 0;  // beyond the small-string buffer
}

}  // namespace

CustIndex::Sym CustIndex::Intern(const std::string& s) {
  auto it = sym_of_.find(s);
  if (it != sym_of_.end()) return it->second;
  const Sym id = static_cast<Sym>(syms_.size());
  syms_.push_back(s);
  sym_of_.emplace(s, id);
  return id;
}

void CustIndex::Clear() {
  customers_.clear();
  tickets_ = 0;
  orders_ = 0;
}

void CustIndex::Put(CustomerFacts f) {
  auto it = std::lower_bound(customers_.begin(), customers_.end(), f.id,
                             [](const std::pair<Id, Customer>& x, Id id) { return x.first < id; });
  const bool found = it != customers_.end() && it->first == f.id;
  if (found) {
    tickets_ -= it->second.tickets.size();
    orders_ -= it->second.orders.size();
  }
  if (!f.exists && f.tickets.empty() && f.orders.empty() && f.assets.empty() &&
      f.surveys.empty()) {
    if (found) customers_.erase(it);
    return;
  }
  Customer c;
  c.exists = f.exists;
  c.name = std::move(f.name);
  c.tier = f.tier;
  c.language = std::move(f.language);
  c.tickets.reserve(f.tickets.size());
  for (const auto& t : f.tickets) {
    Ticket x;
    x.id = t.id;
    x.created_at = t.created_at;
    x.has_resolved_at = t.resolved_at.has_value();
    x.resolved_at = t.resolved_at.value_or(0);
    x.channel = Intern(t.channel);
    x.category = Intern(t.category);
    x.team = Intern(t.team);
    x.complaint = t.complaint;
    x.negative = t.negative;
    x.resolved = t.resolved;
    x.fcr = t.fcr;
    x.routed = t.routed;
    c.tickets.push_back(x);
  }
  std::sort(c.tickets.begin(), c.tickets.end(), [](const Ticket& a, const Ticket& b) {
    return a.created_at != b.created_at ? a.created_at < b.created_at : a.id < b.id;
  });
  c.orders = std::move(f.orders);
  std::sort(c.orders.begin(), c.orders.end(), ByTime<CustomerFacts::Order>);
  c.assets = std::move(f.assets);
  std::sort(c.assets.begin(), c.assets.end(),
            [](const JourneyAsset& a, const JourneyAsset& b) { return a.id < b.id; });
  c.surveys.reserve(f.surveys.size());
  for (const auto& s : f.surveys) c.surveys.push_back({s.id, s.at, Intern(s.kind), s.score});
  std::sort(c.surveys.begin(), c.surveys.end(), ByTime<Survey>);
  c.open_alerts = std::move(f.open_alerts);
  c.tickets.shrink_to_fit();
  c.surveys.shrink_to_fit();
  c.orders.shrink_to_fit();
  tickets_ += c.tickets.size();
  orders_ += c.orders.size();
  if (found)
    it->second = std::move(c);
  else
    customers_.emplace(it, f.id, std::move(c));
}

size_t CustIndex::ApproxBytes() const {
  size_t n = customers_.capacity() * sizeof(std::pair<Id, Customer>);
  for (const auto& [_, c] : customers_) {
    n += StrBytes(c.name) + StrBytes(c.language) + VecBytes(c.tickets) + VecBytes(c.orders) +
         VecBytes(c.assets) + VecBytes(c.surveys) + VecBytes(c.open_alerts) +
         (c.timeline ? VecBytes(*c.timeline) : 0);
    for (const auto& o : c.orders) n += StrBytes(o.product);
    for (const auto& a : c.assets) n += StrBytes(a.product);
  }
  for (const auto& s : syms_) n += sizeof(std::string) * 2 + StrBytes(s) * 2 + 16;
  return n;
}

std::vector<CustomerSignals> CustIndex::Signals(TimeMs now) const {
  std::vector<CustomerSignals> out;
  out.reserve(customers_.size());
  const TimeMs recent = now - kChurnWindowMs;
  const TimeMs before = now - 2 * kChurnWindowMs;
  const auto csat = sym_of_.find("csat"), nps = sym_of_.find("nps");
  const std::optional<Sym> csat_sym =
      csat == sym_of_.end() ? std::nullopt : std::optional<Sym>(csat->second);
  const std::optional<Sym> nps_sym =
      nps == sym_of_.end() ? std::nullopt : std::optional<Sym>(nps->second);
  for (const auto& [id, c] : customers_) {
    if (!c.exists) continue;
    CustomerSignals s;
    s.customer_id = id;
    s.name = c.name;
    s.tier = c.tier;
    s.language = c.language;
    // The earliest warranty end in [now, now + 30 d] (ties: the higher asset id, as the
    // SQL's last row).
    for (const auto& a : c.assets) {
      if (!a.warranty_end || *a.warranty_end < now ||
          *a.warranty_end > now + kWarrantyHorizonMs)
        continue;
      if (!s.warranty_end || *a.warranty_end <= *s.warranty_end) {
        s.warranty_end = *a.warranty_end;
        s.warranty_product = a.product;
      }
    }
    for (const auto& v : c.surveys) {  // by time: the window is one range
      if (v.at < recent) continue;
      if (v.at >= now) break;
      if (csat_sym && v.kind == *csat_sym) {
        ++s.csat_answers;
        s.csat_sum += v.score;
      } else if (nps_sym && v.kind == *nps_sym) {
        ++s.nps_answers;
        if (v.score <= 6) ++s.nps_detractors;
      }
    }
    auto t = std::lower_bound(c.tickets.begin(), c.tickets.end(), recent,
                              [](const Ticket& x, TimeMs at) { return x.created_at < at; });
    for (; t != c.tickets.end() && t->created_at < now; ++t) {
      ++s.tickets_recent;
      if (t->negative) ++s.tickets_negative;
      if (t->complaint) ++s.complaints;
    }
    // Sums in (time, id) order, as SQLite walks orders_customer (customer_id, ordered_at, id).
    double recent_sum = 0, before_sum = 0;
    for (const auto& o : c.orders) {
      if (o.at < before) continue;
      if (o.at >= now) break;
      if (o.at >= recent) {
        ++s.orders_recent;
        recent_sum += o.amount;
        before_sum += 0.0;
      } else {
        ++s.orders_before;
        before_sum += o.amount;
        recent_sum += 0.0;
      }
    }
    s.value_recent = recent_sum;
    s.value_before = before_sum;
    for (TimeMs at : c.open_alerts)
      if (at < now) ++s.open_alerts;
    out.push_back(std::move(s));
  }
  return out;
}

ServiceValueRows CustIndex::ValueRows(TimeMs from, TimeMs to, TimeMs orders_until) const {
  ServiceValueRows out;
  // (channel, team) → counts, in the byte order of the names (SQL GROUP BY, BINARY).
  std::unordered_map<uint64_t, TicketGroup> by_sym;  // (channel << 32 | team) → counts
  int64_t routed = 0;
  const auto csat = sym_of_.find("csat"), nps = sym_of_.find("nps");
  out.customers.reserve(customers_.size());
  out.orders.reserve(orders_);
  for (const auto& [id, c] : customers_) {
    ValueCustomer v;
    v.id = id;
    v.tier = c.tier;
    auto t = std::lower_bound(c.tickets.begin(), c.tickets.end(), from,
                              [](const Ticket& x, TimeMs at) { return x.created_at < at; });
    for (; t != c.tickets.end() && t->created_at < to; ++t) {
      auto& g = by_sym[uint64_t{t->channel} << 32 | t->team];
      ++g.tickets;
      if (t->resolved) ++g.resolved;
      if (t->fcr) ++g.fcr;
      if (t->routed) ++routed;
      v.contacted = true;
    }
    if (!c.exists) continue;
    for (const auto& x : c.tickets) {  // resolutions of the period, any creation time
      if (x.has_resolved_at && x.resolved_at >= from && x.resolved_at < to)
        v.first_resolution =
            v.first_resolution ? std::min(*v.first_resolution, x.resolved_at) : x.resolved_at;
    }
    // Surveys are in (time, id) order: the last of each kind in the period is the latest.
    for (const auto& s : c.surveys) {
      if (s.at < from) continue;
      if (s.at >= to) break;
      if (csat != sym_of_.end() && s.kind == csat->second) v.csat = s.score;
      else if (nps != sym_of_.end() && s.kind == nps->second) v.nps = s.score;
    }
    out.customers.push_back(v);
    for (const auto& o : c.orders) {
      if (o.at >= orders_until) break;
      out.orders.push_back({id, o.at, o.amount});
    }
  }
  std::vector<TicketGroup> groups;
  groups.reserve(by_sym.size());
  for (auto& [k, g] : by_sym) {
    g.channel = syms_[static_cast<Sym>(k >> 32)];
    g.team = syms_[static_cast<Sym>(k & 0xffffffffu)];
    groups.push_back(std::move(g));
  }
  std::sort(groups.begin(), groups.end(), [](const TicketGroup& a, const TicketGroup& b) {
    return std::tie(a.channel, a.team) < std::tie(b.channel, b.team);
  });
  out.groups = std::move(groups);
  out.auto_assignments = routed;
  return out;
}

JourneyInput CustIndex::InputOf(Id id, const Customer& c, TimeMs until) const {
  JourneyInput in;
  in.customer_id = id;
  for (const auto& t : c.tickets) {
    if (t.created_at >= until) break;
    in.tickets.push_back({t.id, t.created_at, syms_[t.channel], syms_[t.category], t.complaint});
  }
  for (const auto& o : c.orders) {
    if (o.at >= until) break;
    in.orders.push_back({o.id, o.at, o.amount, o.product});
  }
  in.assets = c.assets;
  for (const auto& s : c.surveys) {
    if (s.at >= until) break;
    in.surveys.push_back({s.id, s.at, syms_[s.kind], s.score});
  }
  return in;
}

std::vector<JourneyInput> CustIndex::JourneyRows(TimeMs until) const {
  std::vector<JourneyInput> out;
  for (const auto& [id, c] : customers_) {
    JourneyInput in = InputOf(id, c, until);
    if (in.tickets.empty() && in.orders.empty() && in.assets.empty() && in.surveys.empty())
      continue;
    out.push_back(std::move(in));
  }
  return out;
}

const std::vector<CompactTouchpoint>& CustIndex::TimelineOf(Id id, const Customer& c) const {
  if (!c.timeline) {
    c.timeline = CompactTimeline(InputOf(id, c, INT64_MAX), INT64_MAX);
    c.timeline->shrink_to_fit();
  }
  return *c.timeline;
}

void CustIndex::WarmJourney() const {
  for (const auto& [id, c] : customers_) TimelineOf(id, c);
}

JourneyReport CustIndex::Journey(TimeMs from, TimeMs to) const {
  JourneyAccumulator acc(from, to);
  for (const auto& [id, c] : customers_) acc.Add(TimelineOf(id, c));
  return std::move(acc).Finish();
}

}  // namespace loopdesk::analytics
