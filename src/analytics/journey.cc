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

namespace {

constexpr uint8_t kPurchase = 0, kDeliveryInstallation = 1, kUse = 2, kRepair = 3,
                  kWarrantyEndStage = 4, kRenewal = 5;

const char* KindName(TouchKind k) {
  switch (k) {
    case TouchKind::kOrder: return "order";
    case TouchKind::kInstallation: return "installation";
    case TouchKind::kTicket: return "ticket";
    case TouchKind::kSurvey: return "survey";
    case TouchKind::kWarrantyEnd: return "warranty_end";
  }
  return "";
}

// The stage of a contact (ticket or survey) at `at`; category/channel empty for surveys.
uint8_t ContactStage(const JourneyInput& in, TimeMs at, const std::string& category,
                     const std::string& channel) {
  if (category == "delivery" || category == "installation") return kDeliveryInstallation;
  for (const JourneyOrder& o : in.orders) {
    if (o.at > at) break;
    bool renewal = false;
    for (const JourneyAsset& a : in.assets)
      if (a.warranty_end && *a.warranty_end < o.at) renewal = true;
    if (renewal && at - o.at <= kJourneyRenewalMs) return kRenewal;
  }
  for (const JourneyAsset& a : in.assets)
    if (a.warranty_end && at >= *a.warranty_end - kJourneyWarrantyMs &&
        at <= *a.warranty_end + kJourneyWarrantyMs)
      return kWarrantyEndStage;
  for (const JourneyOrder& o : in.orders) {
    if (o.at > at) break;
    if (at - o.at <= kJourneyPurchaseMs) return kPurchase;
  }
  if (category == "technical" || channel == "onsite") return kRepair;
  return kUse;
}

// One touchpoint with its reference and detail; `Full`: with the strings of a Touchpoint.
struct Draft {
  CompactTouchpoint p;
  Id ref_id = 0;
  int src = 0;        // 0 order, 1 asset, 2 ticket, 3 survey (index into the input list)
  size_t index = 0;
};

std::vector<Draft> Drafts(const JourneyInput& in, TimeMs until) {
  std::vector<Draft> out;
  out.reserve(in.orders.size() + 2 * in.assets.size() + in.tickets.size() + in.surveys.size());
  for (size_t i = 0; i < in.orders.size(); ++i) {
    const JourneyOrder& o = in.orders[i];
    if (o.at > until) continue;
    bool renewal = false;
    for (const JourneyAsset& a : in.assets)
      if (a.warranty_end && *a.warranty_end < o.at) renewal = true;
    out.push_back({{o.at, TouchKind::kOrder, renewal ? kRenewal : kPurchase}, o.id, 0, i});
  }
  for (size_t i = 0; i < in.assets.size(); ++i) {
    const JourneyAsset& a = in.assets[i];
    if (a.installed_at && *a.installed_at <= until)
      out.push_back({{*a.installed_at, TouchKind::kInstallation, kDeliveryInstallation}, a.id,
                     1, i});
    if (a.warranty_end && *a.warranty_end <= until)
      out.push_back({{*a.warranty_end, TouchKind::kWarrantyEnd, kWarrantyEndStage}, a.id, 1, i});
  }
  std::map<std::string, TimeMs> last_of_category;
  for (size_t i = 0; i < in.tickets.size(); ++i) {
    const JourneyTicket& t = in.tickets[i];
    if (t.at > until) continue;
    Draft d{{t.at, TouchKind::kTicket, ContactStage(in, t.at, t.category, t.channel)}, t.id, 2,
            i};
    d.p.complaint = t.complaint;
    auto it = last_of_category.find(t.category);
    d.p.repeat = it != last_of_category.end() && t.at - it->second <= kJourneyRepeatMs;
    last_of_category[t.category] = t.at;
    out.push_back(d);
  }
  for (size_t i = 0; i < in.surveys.size(); ++i) {
    const JourneySurvey& s = in.surveys[i];
    if (s.at > until) continue;
    Draft d{{s.at, TouchKind::kSurvey, ContactStage(in, s.at, "", "")}, s.id, 3, i};
    d.p.negative = (s.kind == "csat" && s.score <= 2) || (s.kind == "nps" && s.score <= 6);
    out.push_back(d);
  }
  // (time, kind name, ref) as the Touchpoint order.
  std::stable_sort(out.begin(), out.end(), [](const Draft& a, const Draft& b) {
    if (a.p.at != b.p.at) return a.p.at < b.p.at;
    const int k = std::string_view(KindName(a.p.kind)).compare(KindName(b.p.kind));
    if (k != 0) return k < 0;
    return a.ref_id < b.ref_id;
  });
  return out;
}

}  // namespace

std::vector<Touchpoint> CustomerTimeline(const JourneyInput& in, TimeMs until) {
  std::vector<Touchpoint> out;
  const auto drafts = Drafts(in, until);
  out.reserve(drafts.size());
  for (const Draft& d : drafts) {
    Touchpoint p;
    p.at = d.p.at;
    p.kind = KindName(d.p.kind);
    p.stage = JourneyStages()[d.p.stage];
    p.ref_id = d.ref_id;
    switch (d.src) {
      case 0: p.detail = in.orders[d.index].product; break;
      case 1: p.detail = in.assets[d.index].product; break;
      case 2: p.detail = in.tickets[d.index].channel + "/" + in.tickets[d.index].category; break;
      default:
        p.detail = in.surveys[d.index].kind + ":" + std::to_string(in.surveys[d.index].score);
    }
    p.complaint = d.p.complaint;
    p.repeat = d.p.repeat;
    p.negative = d.p.negative;
    out.push_back(std::move(p));
  }
  return out;
}

std::vector<CompactTouchpoint> CompactTimeline(const JourneyInput& in, TimeMs until) {
  std::vector<CompactTouchpoint> out;
  const auto drafts = Drafts(in, until);
  out.reserve(drafts.size());
  for (const Draft& d : drafts) out.push_back(d.p);
  return out;
}

JourneyAccumulator::JourneyAccumulator(TimeMs from, TimeMs to, int churn_days)
    : from_(from), to_(to), silent_since_(to - churn_days * kDayMs) {
  for (const auto& s : JourneyStages()) {
    StageStats st;
    st.stage = s;
    r_.stages.push_back(st);
  }
}

void JourneyAccumulator::Add(const std::vector<CompactTouchpoint>& timeline) {
  bool seen[6] = {false, false, false, false, false, false};
  bool any = false;
  const CompactTouchpoint* last_active = nullptr;  // last order or ticket before `to`
  for (const CompactTouchpoint& p : timeline) {
    if (p.at >= to_) break;  // in time order: the rest is later
    if (p.kind == TouchKind::kOrder || p.kind == TouchKind::kTicket) last_active = &p;
    if (p.at < from_) continue;
    StageStats& st = r_.stages[p.stage];
    ++st.touchpoints;
    seen[p.stage] = true;
    any = true;
    if (p.kind == TouchKind::kTicket) {
      ++st.contacts;
      if (p.complaint) ++st.complaints;
      if (p.repeat) ++st.repeat_contacts;
    } else if (p.kind == TouchKind::kSurvey) {
      ++st.surveys;
      if (p.negative) ++st.negative_surveys;
    } else if (p.kind == TouchKind::kOrder) {
      ++st.orders;
    }
  }
  for (int i = 0; i < 6; ++i)
    if (seen[i]) ++r_.stages[static_cast<size_t>(i)].customers;
  if (any) ++r_.customers;
  if (last_active && last_active->at < silent_since_) {
    ++r_.stages[last_active->stage].churned;
    ++r_.churned;
  }
}

JourneyReport JourneyAccumulator::Finish() && {
  std::vector<const StageStats*> ranked;
  for (const auto& s : r_.stages)
    if (s.contacts > 0) ranked.push_back(&s);
  std::stable_sort(ranked.begin(), ranked.end(), [](const StageStats* a, const StageStats* b) {
    return a->complaint_rate().value_or(0) + a->repeat_rate().value_or(0) >
           b->complaint_rate().value_or(0) + b->repeat_rate().value_or(0);
  });
  for (size_t i = 0; i < ranked.size() && i < 3; ++i) r_.breakpoints.push_back(ranked[i]->stage);
  return std::move(r_);
}

JourneyReport ComputeJourney(const std::vector<JourneyInput>& customers, TimeMs from, TimeMs to,
                             int churn_days) {
  JourneyAccumulator acc(from, to, churn_days);
  for (const JourneyInput& in : customers) acc.Add(CompactTimeline(in, to - 1));
  return std::move(acc).Finish();
}

}  // namespace loopdesk::analytics
