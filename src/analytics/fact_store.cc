#include <algorithm>
#include <mutex>

#include "analytics/fact_cube.h"
#include "analytics/fact_postings.h"
#include "analytics/facts.h"

namespace loopdesk::analytics {

namespace {
constexpr int64_t kRepeatRequestWindowS = 7 * 86400;
constexpr int64_t kRepeatComplaintWindowS = 30 * 86400;

int32_t Dur(const std::optional<int64_t>& v) {
  if (!v) return kNoDuration;
  return static_cast<int32_t>(std::clamp<int64_t>(*v, 0, INT32_MAX));
}
uint32_t Seconds(TimeMs t) {
  return static_cast<uint32_t>(std::clamp<int64_t>(t / 1000, 0, UINT32_MAX));
}
template <typename T>
T Sat(int v) {
  return static_cast<T>(std::clamp<int>(v, 0, std::numeric_limits<T>::max()));
}
}  // namespace

std::optional<Dim> ParseDim(std::string_view s) {
  static constexpr std::pair<std::string_view, Dim> kDims[] = {
      {"none", Dim::kNone},       {"day", Dim::kDay},           {"week", Dim::kWeek},
      {"channel", Dim::kChannel}, {"team", Dim::kTeam},         {"agent", Dim::kAgent},
      {"tier", Dim::kTier},       {"category", Dim::kCategory}, {"region", Dim::kRegion}};
  for (auto [name, d] : kDims)
    if (name == s) return d;
  return std::nullopt;
}

std::string_view DimName(Dim d) {
  switch (d) {
    case Dim::kNone:
      return "none";
    case Dim::kDay:
      return "day";
    case Dim::kWeek:
      return "week";
    case Dim::kChannel:
      return "channel";
    case Dim::kTeam:
      return "team";
    case Dim::kAgent:
      return "agent";
    case Dim::kTier:
      return "tier";
    case Dim::kCategory:
      return "category";
    case Dim::kRegion:
      return "region";
  }
  return "none";
}

uint32_t Dictionary::Code(const std::string& s) {
  auto it = codes_.find(s);
  if (it != codes_.end()) return it->second;
  uint32_t c = static_cast<uint32_t>(values_.size());
  values_.push_back(s);
  codes_.emplace(s, c);
  return c;
}

std::optional<uint32_t> Dictionary::Find(const std::string& s) const {
  auto it = codes_.find(s);
  if (it == codes_.end()) return std::nullopt;
  return it->second;
}

void FactColumns::Resize(size_t n) {
#define X(c) c.resize(n);
  LD_FACT_COLUMNS(X)
#undef X
}

void FactColumns::Reserve(size_t n) {
#define X(c) c.reserve(n);
  LD_FACT_COLUMNS(X)
#undef X
}

size_t FactColumns::MemoryBytes() const {
  size_t b = 0;
#define X(c) b += c.capacity() * sizeof(c[0]);
  LD_FACT_COLUMNS(X)
#undef X
  return b;
}

FactStore::FactStore()
    : cube_(std::make_unique<DayChannelCube>()), postings_(std::make_unique<FactPostings>()) {
  agents_.push_back(0);
  agent_code_[0] = 0;
  complaint_code_ = categories_.Code(std::string(kComplaintCategory));
}

FactStore::~FactStore() = default;

void FactStore::RebuildDerived() {
  std::unique_lock lock(mu_);
  RebuildDerivedLocked();
}

void FactStore::RebuildDerivedLocked() {
  const size_t n = cols_.size();
  const size_t zones = (n + kZoneRows - 1) / kZoneRows;
  zone_min_.assign(zones, UINT32_MAX);
  zone_max_.assign(zones, 0);
  for (size_t r = 0; r < n; ++r) {
    const size_t z = r / kZoneRows;
    zone_min_[z] = std::min(zone_min_[z], cols_.created_s[r]);
    zone_max_[z] = std::max(zone_max_[z], cols_.created_s[r]);
  }
  cube_->Build(cols_);
  postings_->Build(cols_);
}

bool FactStore::DerivedConsistent() const {
  std::shared_lock lock(mu_);
  DayChannelCube fresh;
  fresh.Build(cols_);
  if (!(fresh == *cube_)) return false;
  if (!postings_->Covers(cols_)) return false;
  // The zone map may be wider than the rows (widened on change, never narrowed), never narrower.
  for (size_t r = 0; r < cols_.size(); ++r) {
    const size_t z = r / kZoneRows;
    if (z >= zone_min_.size() || cols_.created_s[r] < zone_min_[z] ||
        cols_.created_s[r] > zone_max_[z])
      return false;
  }
  return true;
}

size_t FactStore::size() const {
  std::shared_lock lock(mu_);
  return cols_.size();
}

size_t FactStore::MemoryBytes() const {
  std::shared_lock lock(mu_);
  size_t b = cols_.MemoryBytes() + cube_->MemoryBytes() + postings_->MemoryBytes();
  b += row_of_.size() * (sizeof(Id) + sizeof(uint32_t) + 16);  // node estimate
  for (const auto& [c, rows] : rows_of_customer_) b += 48 + rows.capacity() * sizeof(uint32_t);
  return b;
}

void FactStore::Reserve(size_t n) {
  std::unique_lock lock(mu_);
  cols_.Reserve(n);
  row_of_.reserve(n);
}

void FactStore::Upsert(const TicketFact& f) {
  std::unique_lock lock(mu_);
  auto [it, inserted] = row_of_.try_emplace(f.ticket_id, static_cast<uint32_t>(cols_.size()));
  const uint32_t r = it->second;
  Id old_customer = 0;
  if (inserted) {
    cols_.Resize(cols_.size() + 1);
  } else {
    old_customer = cols_.customer_id[r];
    cube_->Remove(cols_, r);  // the old fact's contribution
    postings_->Remove(cols_, r);
  }
  SetRow(r, f);
  cube_->Add(cols_, r);
  postings_->Add(cols_, r);
  const size_t z = r / kZoneRows;
  if (z >= zone_min_.size()) {
    zone_min_.resize(z + 1, UINT32_MAX);
    zone_max_.resize(z + 1, 0);
  }
  zone_min_[z] = std::min(zone_min_[z], cols_.created_s[r]);
  zone_max_[z] = std::max(zone_max_[z], cols_.created_s[r]);
  if (inserted || old_customer != f.customer_id) {
    if (!inserted) {
      auto& old_rows = rows_of_customer_[old_customer];
      old_rows.erase(std::remove(old_rows.begin(), old_rows.end(), r), old_rows.end());
      RefreshCustomer(old_customer);
    }
    auto& rows = rows_of_customer_[f.customer_id];
    // The common case (rows arrive in time order) refreshes only the new row.
    const bool in_order = rows.empty() || cols_.created_s[rows.back()] <= cols_.created_s[r];
    rows.push_back(r);
    if (in_order) {
      RefreshRows(rows, rows.size() - 1);
      return;
    }
  }
  RefreshCustomer(f.customer_id);
}

void FactStore::SetRow(size_t r, const TicketFact& f) {
  FactColumns& c = cols_;
  c.ticket_id[r] = f.ticket_id;
  c.customer_id[r] = f.customer_id;
  c.created_s[r] = Seconds(f.created_at);
  c.day[r] = static_cast<uint16_t>(c.created_s[r] / 86400);
  c.channel[r] = static_cast<uint8_t>(f.channel);
  c.team[r] = static_cast<uint16_t>(teams_.Code(f.team));
  auto [ait, added] = agent_code_.try_emplace(f.agent_id, static_cast<uint32_t>(agents_.size()));
  if (added) agents_.push_back(f.agent_id);
  c.agent[r] = ait->second;
  c.tier[r] = static_cast<uint8_t>(f.tier);
  c.category[r] = static_cast<uint16_t>(categories_.Code(f.category));
  c.region[r] = static_cast<uint16_t>(regions_.Code(f.region));
  uint16_t flags = c.flags[r] & (kFlagRepeatRequest | kFlagRepeatComplaint);
  flags &= ~(kFlagActive | kFlagEverResolved | kFlagComplaint | kFlagConverted);
  if (f.active) flags |= kFlagActive;
  if (f.ever_resolved) flags |= kFlagEverResolved;
  if (c.category[r] == complaint_code_) flags |= kFlagComplaint;
  if (f.converted_to_complaint) flags |= kFlagConverted;
  c.flags[r] = flags;
  c.frt_s[r] = Dur(f.frt_s);
  c.resolution_s[r] = Dur(f.resolution_s);
  c.replies[r] = Sat<uint16_t>(f.replies);
  c.reopens[r] = Sat<uint8_t>(f.reopens);
  c.transfers[r] = Sat<uint8_t>(f.transfers);
  c.sla_response[r] = static_cast<uint8_t>(f.sla_response);
  c.sla_resolution[r] = static_cast<uint8_t>(f.sla_resolution);
  c.sla_response_due_s[r] = Seconds(f.sla_response_due);
  c.sla_resolution_due_s[r] = Seconds(f.sla_resolution_due);
  c.surveys_sent[r] = Sat<uint8_t>(f.surveys_sent);
  c.surveys_answered[r] = Sat<uint8_t>(std::min(f.surveys_answered, f.surveys_sent));
  c.csat[r] = f.csat && *f.csat >= 1 && *f.csat <= 5 ? static_cast<int8_t>(*f.csat) : kNoScore;
  c.nps[r] = f.nps && *f.nps >= 0 && *f.nps <= 10 ? static_cast<int8_t>(*f.nps) : kNoScore;
  EncodeOutcomes(r);
}

void FactStore::EncodeOutcomes(size_t r) {
  FactColumns& c = cols_;
  const uint16_t f = c.flags[r];
  const bool ever = f & kFlagEverResolved, reopened = c.reopens[r] > 0;
  uint8_t c1 = 0;
  if (f & kFlagActive) c1 |= kC1Active;
  if (ever) c1 |= kC1Ever;
  if (ever && reopened) c1 |= kC1Reopened;
  if (ever && !reopened && c.replies[r] == 1) c1 |= kC1Fcr;
  if (c.frt_s[r] >= 0) c1 |= kC1HasFrt;
  if (f & kFlagComplaint) c1 |= kC1Complaint;
  uint8_t c2 = 0;
  if (c.csat[r] >= 0) c2 |= c.csat[r] >= 4 ? 1 : 2;
  if (c.nps[r] >= 0) c2 |= (c.nps[r] >= 9 ? 1 : c.nps[r] >= 7 ? 2 : 3) << 2;
  if (f & kFlagConverted) c2 |= kC2Converted;
  if (f & kFlagRepeatRequest) c2 |= kC2RepeatRequest;
  uint8_t c3 = static_cast<uint8_t>((c.sla_response[r] & 3) | ((c.sla_resolution[r] & 3) << 2));
  if (f & kFlagRepeatComplaint) c3 |= kC3RepeatComplaint;
  if (c.resolution_s[r] >= 0) c3 |= kC3HasResolution;
  c.code1[r] = c1;
  c.code2[r] = c2;
  c.code3[r] = c3;
}

// Repeat request: another ticket of the customer in the same category created within the
// 7 days before this one. Repeat complaint: another complaint within the 30 days before.
// Ties in created time count for the later row only (by row order), so a pair is counted
// once.
void FactStore::RefreshCustomer(Id customer_id) {
  auto it = rows_of_customer_.find(customer_id);
  if (it == rows_of_customer_.end()) return;
  std::vector<uint32_t>& rows = it->second;
  const FactColumns& c = cols_;
  std::sort(rows.begin(), rows.end(), [&](uint32_t a, uint32_t b) {
    return c.created_s[a] != c.created_s[b] ? c.created_s[a] < c.created_s[b] : a < b;
  });
  RefreshRows(rows, 0);
}

void FactStore::RefreshRows(const std::vector<uint32_t>& rows, size_t first) {
  FactColumns& c = cols_;
  for (size_t i = first; i < rows.size(); ++i) {
    const uint32_t r = rows[i];
    bool repeat = false, repeat_complaint = false;
    const bool complaint = c.flags[r] & kFlagComplaint;
    for (size_t j = i; j-- > 0;) {
      const uint32_t p = rows[j];
      const int64_t gap = int64_t{c.created_s[r]} - int64_t{c.created_s[p]};
      if (gap > kRepeatComplaintWindowS) break;
      if (gap <= kRepeatRequestWindowS && c.category[p] == c.category[r]) repeat = true;
      if (complaint && (c.flags[p] & kFlagComplaint)) repeat_complaint = true;
      if (repeat && (repeat_complaint || !complaint)) break;
    }
    uint16_t f = c.flags[r] & ~(kFlagRepeatRequest | kFlagRepeatComplaint);
    if (repeat) f |= kFlagRepeatRequest;
    if (repeat_complaint) f |= kFlagRepeatComplaint;
    if (c.flags[r] != f) {
      cube_->Remove(c, r);
      c.flags[r] = f;
      EncodeOutcomes(r);
      cube_->Add(c, r);
    }
  }
}

}  // namespace loopdesk::analytics
