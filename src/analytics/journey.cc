#include "analytics/journey.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

namespace loopdesk::analytics {

namespace {

std::optional<double> Ratio(int64_t a, int64_t b) {
  return b ? std::optional<double>(static_cast<double>(a) / static_cast<double>(b))
           : std::nullopt;
}

// The stage of a contact (ticket or survey) at `at`; category/channel empty for surveys.
std::string ContactStage(const JourneyInput& in, TimeMs at, const std::string& category,
                         const std::string& channel) {
  if (category == "delivery" || category == "installation") return "delivery_installation";
  for (const JourneyOrder& o : in.orders) {
    if (o.at > at) break;
    bool renewal = false;
    for (const JourneyAsset& a : in.assets)
      if (a.warranty_end && *a.warranty_end < o.at) renewal = true;
    if (renewal && at - o.at <= kJourneyRenewalMs) return "renewal";
  }
  for (const JourneyAsset& a : in.assets)
    if (a.warranty_end && at >= *a.warranty_end - kJourneyWarrantyMs &&
        at <= *a.warranty_end + kJourneyWarrantyMs)
      return "warranty_end";
  for (const JourneyOrder& o : in.orders) {
    if (o.at > at) break;
    if (at - o.at <= kJourneyPurchaseMs) return "purchase";
  }
  if (category == "technical" || channel == "onsite") return "repair";
  return "use";
}

}  // namespace

const std::vector<std::string>& JourneyStages() {
  static const std::vector<std::string> kStages = {
      "purchase", "delivery_installation", "use", "repair", "warranty_end", "renewal"};
  return kStages;
}

std::optional<double> StageStats::complaint_rate() const { return Ratio(complaints, contacts); }
std::optional<double> StageStats::repeat_rate() const { return Ratio(repeat_contacts, contacts); }
std::optional<double> StageStats::negative_survey_rate() const {
  return Ratio(negative_surveys, surveys);
}

std::vector<Touchpoint> CustomerTimeline(const JourneyInput& in, TimeMs until) {
  std::vector<Touchpoint> out;
  for (const JourneyOrder& o : in.orders) {
    if (o.at > until) continue;
    bool renewal = false;
    for (const JourneyAsset& a : in.assets)
      if (a.warranty_end && *a.warranty_end < o.at) renewal = true;
    out.push_back({o.at, "order", renewal ? "renewal" : "purchase", o.id, o.product, false,
                   false, false});
  }
  for (const JourneyAsset& a : in.assets) {
    if (a.installed_at && *a.installed_at <= until)
      out.push_back({*a.installed_at, "installation", "delivery_installation", a.id, a.product,
                     false, false, false});
    if (a.warranty_end && *a.warranty_end <= until)
      out.push_back({*a.warranty_end, "warranty_end", "warranty_end", a.id, a.product, false,
                     false, false});
  }
  std::map<std::string, TimeMs> last_of_category;
  for (const JourneyTicket& t : in.tickets) {
    if (t.at > until) continue;
    Touchpoint p{t.at, "ticket", ContactStage(in, t.at, t.category, t.channel), t.id,
                 t.channel + "/" + t.category, false, false, false};
    p.complaint = t.complaint;
    auto it = last_of_category.find(t.category);
    p.repeat = it != last_of_category.end() && t.at - it->second <= kJourneyRepeatMs;
    last_of_category[t.category] = t.at;
    out.push_back(std::move(p));
  }
  for (const JourneySurvey& s : in.surveys) {
    if (s.at > until) continue;
    Touchpoint p{s.at, "survey", ContactStage(in, s.at, "", ""), s.id,
                 s.kind + ":" + std::to_string(s.score), false, false, false};
    p.negative = (s.kind == "csat" && s.score <= 2) || (s.kind == "nps" && s.score <= 6);
    out.push_back(std::move(p));
  }
  std::stable_sort(out.begin(), out.end(), [](const Touchpoint& a, const Touchpoint& b) {
    return std::tie(a.at, a.kind, a.ref_id) < std::tie(b.at, b.kind, b.ref_id);
  });
  return out;
}

JourneyReport ComputeJourney(const std::vector<JourneyInput>& customers, TimeMs from, TimeMs to,
                             int churn_days) {
  JourneyReport r;
  std::map<std::string, size_t> index;
  for (const auto& s : JourneyStages()) {
    index[s] = r.stages.size();
    StageStats st;
    st.stage = s;
    r.stages.push_back(st);
  }
  const TimeMs silent_since = to - churn_days * kDayMs;
  for (const JourneyInput& in : customers) {
    const auto timeline = CustomerTimeline(in, to - 1);
    std::set<std::string> stages_seen;
    const Touchpoint* last_active = nullptr;  // last order or ticket before `to`
    for (const Touchpoint& p : timeline) {
      if (p.kind == "order" || p.kind == "ticket") last_active = &p;
      if (p.at < from || p.at >= to) continue;
      StageStats& st = r.stages[index[p.stage]];
      ++st.touchpoints;
      stages_seen.insert(p.stage);
      if (p.kind == "ticket") {
        ++st.contacts;
        if (p.complaint) ++st.complaints;
        if (p.repeat) ++st.repeat_contacts;
      } else if (p.kind == "survey") {
        ++st.surveys;
        if (p.negative) ++st.negative_surveys;
      } else if (p.kind == "order") {
        ++st.orders;
      }
    }
    for (const auto& s : stages_seen) ++r.stages[index[s]].customers;
    if (!stages_seen.empty()) ++r.customers;
    if (last_active && last_active->at < silent_since) {
      ++r.stages[index[last_active->stage]].churned;
      ++r.churned;
    }
  }
  std::vector<const StageStats*> ranked;
  for (const auto& s : r.stages)
    if (s.contacts > 0) ranked.push_back(&s);
  std::stable_sort(ranked.begin(), ranked.end(), [](const StageStats* a, const StageStats* b) {
    return a->complaint_rate().value_or(0) + a->repeat_rate().value_or(0) >
           b->complaint_rate().value_or(0) + b->repeat_rate().value_or(0);
  });
  for (size_t i = 0; i < ranked.size() && i < 3; ++i) r.breakpoints.push_back(ranked[i]->stage);
  return r;
}

}  // namespace loopdesk::analytics
