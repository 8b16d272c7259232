#include "analytics/erlang.h"

#include <cmath>
#include <limits>

namespace loopdesk::analytics {

double TrafficErlangs(double per_hour, double aht_s) {
  if (per_hour <= 0 || aht_s <= 0) return 0;
  return per_hour * aht_s / 3600.0;
}

double ErlangCWait(double a, int n) {
  if (a <= 0) return 0;
  if (n <= 0 || n <= a) return 1;
  // Erlang B by recursion: B(0) = 1, B(k) = A·B(k−1) / (k + A·B(k−1)); then
  // C = N·B / (N − A·(1 − B)). No factorials, so no overflow for large N.
  double b = 1;
  for (int k = 1; k <= n; ++k) b = a * b / (k + a * b);
  return n * b / (n - a * (1 - b));
}

double ErlangServiceLevel(double a, int n, double aht_s, double answer_s) {
  if (a <= 0) return 1;
  if (n <= a || aht_s <= 0) return 0;
  const double sl = 1 - ErlangCWait(a, n) * std::exp(-(n - a) * answer_s / aht_s);
  return sl < 0 ? 0 : sl;
}

double ErlangAsa(double a, int n, double aht_s) {
  if (a <= 0) return 0;
  if (n <= a) return std::numeric_limits<double>::infinity();
  return ErlangCWait(a, n) * aht_s / (n - a);
}

StaffingResult AgentsNeeded(double per_hour, double aht_s, const StaffingTarget& target) {
  StaffingResult r;
  const double a = TrafficErlangs(per_hour, aht_s);
  r.erlangs = a;
  if (a <= 0) return r;
  int n = static_cast<int>(std::floor(a)) + 1;
  if (target.max_occupancy > 0 && target.max_occupancy < 1) {
    const int cap = static_cast<int>(std::ceil(a / target.max_occupancy - 1e-9));
    if (cap > n) n = cap;
  }
  // The service level rises towards 1 as N grows; a target of 1 or more is clamped so the
  // search ends.
  const double want = target.service_level >= 1 ? 0.999999 : target.service_level;
  while (ErlangServiceLevel(a, n, aht_s, target.answer_s) < want) ++n;
  r.agents = n;
  r.service_level = ErlangServiceLevel(a, n, aht_s, target.answer_s);
  r.wait_probability = ErlangCWait(a, n);
  r.occupancy = a / n;
  return r;
}

}  // namespace loopdesk::analytics
