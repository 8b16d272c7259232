// AnalyticsFeed warm start (app/analytics_feed.h, docs/analytics-snapshot.md): the fact
// snapshot file written and read through analytics/fact_snapshot.h, the feed's own block in
// it (customers' tier and region, the identity of the last covered event), the inputs hash
// that invalidates it, and the re-reading of a snapshot ticket's history when an event
// touches it.
#include <cstring>

#include "analytics/fact_snapshot.h"
#include "app/analytics_feed.h"

namespace loopdesk {

namespace {

// Bump when Fold() or Compute() change how a fact is derived from the events.
constexpr uint64_t kFeedVersion = 1;
// A periodic snapshot may have been taken while an event with a smaller seq than the largest
// applied one was committed but not yet published (several writer threads): the replay after
// such a snapshot starts this many events earlier (re-reading is idempotent).
constexpr Id kInexactOverlap = 1000;

using analytics::HashBytes;
using analytics::HashString;

uint64_t HashValue(const Value& v, uint64_t h) {
  if (v.is_null()) return HashString("n", h);
  if (v.is_bool()) return HashString(v.as_bool() ? "t" : "f", h);
  if (v.is_int()) {
    int64_t i = v.as_int();
    return HashBytes(&i, sizeof i, HashString("i", h));
  }
  if (v.is_double()) {
    double d = v.as_double();
    return HashBytes(&d, sizeof d, HashString("d", h));
  }
  if (v.is_string()) return HashString(v.as_string(), HashString("s", h));
  if (v.is_array()) {
    h = HashString("[", h);
    for (const Value& x : v.as_array()) h = HashValue(x, h);
    return HashString("]", h);
  }
  h = HashString("{", h);
  for (const auto& [k, x] : v.as_object()) h = HashValue(x, HashString(k, h));
  return HashString("}", h);
}

uint64_t EventIdentity(const Event& e) {
  uint64_t h = HashString(e.type, static_cast<uint64_t>(e.seq));
  int64_t nums[3] = {e.at, e.ticket_id, e.customer_id};
  return HashBytes(nums, sizeof nums, h);
}

template <typename T>
void Put(std::string* out, T v) {
  out->append(reinterpret_cast<const char*>(&v), sizeof v);
}
template <typename T>
bool Get(std::string_view* in, T* v) {
  if (in->size() < sizeof(T)) return false;
  std::memcpy(v, in->data(), sizeof(T));
  in->remove_prefix(sizeof(T));
  return true;
}

}  // namespace

void AnalyticsFeed::SetSnapshot(std::string path, uint64_t schema_version) {
  snapshot_path_ = std::move(path);
  schema_version_ = schema_version;
}

std::string AnalyticsFeed::load_note() const {
  std::lock_guard lock(mu_);
  return load_note_;
}

uint64_t AnalyticsFeed::InputsHash(const SlaSettings& s) const {
  uint64_t h = analytics::FactLayoutHash();
  const uint64_t nums[2] = {kFeedVersion, schema_version_};
  h = HashBytes(nums, sizeof nums, h);
  h = HashValue(PoliciesToValue(s.policies), h);
  for (const CalendarSpec& c : s.calendar_specs) h = HashValue(CalendarSpecToValue(c), h);
  return h;
}

void AnalyticsFeed::NoteEvent(const Event& e) {
  if (e.seq > max_seq_) {
    max_seq_ = e.seq;
    anchor_ = EventIdentity(e);
  }
  applied_since_snapshot_.fetch_add(1, std::memory_order_relaxed);
}

Status AnalyticsFeed::Hydrate(UnitOfWork& uow, Id ticket_id) {
  tracks_.erase(ticket_id);
  Id after = 0;
  for (;;) {
    LD_ASSIGN_OR_RETURN(auto events, uow.ListTicketEvents(ticket_id, after, 1000));
    for (const Event& e : events) Fold(e);
    if (events.size() < 1000) break;
    after = events.back().seq;
  }
  return Status::Ok();
}

void AnalyticsFeed::HydrateLive(Id ticket_id) {
  // The event being applied is committed, so a new read transaction sees it (and maybe later
  // ones of the same ticket, which Fold then ignores when they arrive). On a read error the
  // ticket keeps its snapshot fact until the next start.
  Status st = store_->Read([&](UnitOfWork& uow) { return Hydrate(uow, ticket_id); });
  if (!st.ok()) tracks_.erase(ticket_id);
}

void AnalyticsFeed::RecomputeCustomer(Id customer_id) {
  auto settings = settings_();
  for (Id t : facts_.TicketsOfCustomer(customer_id)) {
    if (!tracks_.count(t)) {
      if (!store_) continue;
      HydrateLive(t);
    }
    auto it = tracks_.find(t);
    if (it != tracks_.end() && it->second.created)
      facts_.Upsert(Compute(t, it->second, *settings));
  }
}

Status AnalyticsFeed::SaveSnapshot(bool exact) {
  if (snapshot_path_.empty()) return Status::Ok();
  std::lock_guard save(save_mu_);
  analytics::FactSnapshotInfo info;
  std::string payload;
  {
    // Held only while the state is copied: live Apply() waits for this much, never for the
    // checksum or the file.
    std::lock_guard lock(mu_);
    if (loading_ || warming()) return Status::Unavailable("analytics is still loading");
    if (InputsHash(*settings_()) != facts_inputs_)
      return Status::Conflict(
          "the SLA settings changed since the facts were computed; no snapshot is written and "
          "the next start replays the event log");
    info.flags = exact ? analytics::kSnapshotExact : 0;
    info.covered_seq = static_cast<uint64_t>(max_seq_);
    info.inputs_hash = facts_inputs_;
    std::string& x = info.extra;
    Put<uint64_t>(&x, anchor_);
    Put<uint64_t>(&x, customers_.size());
    for (const auto& [id, c] : customers_) {
      Put<int64_t>(&x, id);
      Put<uint8_t>(&x, static_cast<uint8_t>(c.tier));
      Put<uint32_t>(&x, static_cast<uint32_t>(c.region.size()));
      x += c.region;
    }
    payload = analytics::FactSnapshot::Capture(facts_);
    applied_since_snapshot_.store(0);
  }
  const std::string bytes = analytics::FactSnapshot::Seal(std::move(payload), info);
  return analytics::FactSnapshot::WriteFile(snapshot_path_, bytes);
}

bool AnalyticsFeed::LoadSnapshot(UnitOfWork& uow, const SlaSettings& settings, Id* after) {
  (void)settings;
  auto fail = [&](const std::string& why) {
    load_note_ = "full replay (" + why + ")";
    return false;
  };
  auto info = analytics::FactSnapshot::Read(snapshot_path_, facts_inputs_, &facts_);
  if (!info.ok()) return fail(info.status().message());
  // The feed's block: anchor, customers.
  std::string_view in(info->extra);
  uint64_t anchor = 0, customers = 0;
  std::unordered_map<Id, CustomerInfo> restored;
  bool ok = Get(&in, &anchor) && Get(&in, &customers) && customers <= in.size();
  for (uint64_t i = 0; ok && i < customers; ++i) {
    int64_t id = 0;
    uint8_t tier = 0;
    uint32_t len = 0;
    ok = Get(&in, &id) && Get(&in, &tier) && Get(&in, &len) && len <= in.size() &&
         tier <= static_cast<uint8_t>(Tier::kBasic);
    if (!ok) break;
    CustomerInfo& c = restored[id];
    c.tier = static_cast<Tier>(tier);
    c.region.assign(in.data(), len);
    in.remove_prefix(len);
  }
  auto reset = [&](const std::string& why) {
    facts_.Clear();
    return fail(why);
  };
  if (!ok || !in.empty()) return reset("fact snapshot " + snapshot_path_ + " has a bad feed block");
  // The covered event must still be in the log, unchanged (a restored or replaced database
  // would otherwise be mixed with facts of another history).
  const Id covered = static_cast<Id>(info->covered_seq);
  if (covered > 0) {
    auto ev = uow.ListEventsAfter(covered - 1, 1);
    if (!ev.ok()) return reset("cannot read the event log: " + ev.status().message());
    if (ev->empty() || ev->front().seq != covered || EventIdentity(ev->front()) != anchor)
      return reset("the event log does not contain the snapshot's last event " +
                   std::to_string(covered) + " (another database?)");
  }
  customers_ = std::move(restored);
  max_seq_ = covered;
  anchor_ = anchor;
  const bool exact = info->flags & analytics::kSnapshotExact;
  *after = exact ? covered : std::max<Id>(0, covered - kInexactOverlap);
  load_note_ = "snapshot (covered seq " + std::to_string(covered) + (exact ? "" : ", inexact");
  return true;
}

}  // namespace loopdesk
