// FactStore::CreatedSeconds: a plain scan of the creation column for the forecast's hourly
// profile. Kept apart from fact_store.cc, whose internals are tuned for the KPI queries.
#include "analytics/facts.h"

#include <mutex>

namespace loopdesk::analytics {

std::vector<int64_t> FactStore::CreatedSeconds(int64_t from_s, int64_t to_s,
                                               std::optional<Channel> channel,
                                               const std::optional<std::string>& team) const {
  std::shared_lock lock(mu_);
  std::vector<int64_t> out;
  std::optional<uint32_t> team_code;
  if (team) {
    auto c = teams_.Find(*team);
    if (!c) return out;
    team_code = *c;
  }
  const size_t n = cols_.size();
  for (size_t r = 0; r < n; ++r) {
    const int64_t t = cols_.created_s[r];
    if (t < from_s || t >= to_s) continue;
    if (channel && cols_.channel[r] != static_cast<uint8_t>(*channel)) continue;
    if (team_code && cols_.team[r] != *team_code) continue;
    out.push_back(t);
  }
  return out;
}

}  // namespace loopdesk::analytics
