#include "analytics/anomaly.h"

#include <algorithm>
#include <cmath>

namespace loopdesk::analytics {

double NormalUpperTail(double z) { return 0.5 * std::erfc(z / std::sqrt(2.0)); }

double PoissonUpperTail(double k, double lambda) {
  if (k <= 0) return 1;
  if (lambda <= 0) return 0;
  const int64_t kk = static_cast<int64_t>(std::ceil(k));
  // Sum the lower tail P(X ≤ k − 1) in log space (stable for large lambda).
  double sum = 0;
  const double log_l = std::log(lambda);
  for (int64_t i = 0; i < kk; ++i) sum += std::exp(i * log_l - lambda - std::lgamma(i + 1.0));
  const double upper = 1 - sum;
  if (upper > 1e-12) return upper;
  // The subtraction lost precision: sum the upper tail directly from its first terms.
  double tail = 0;
  for (int64_t i = kk; i < kk + 2000; ++i) {
    const double t = std::exp(i * log_l - lambda - std::lgamma(i + 1.0));
    tail += t;
    if (t < tail * 1e-15) break;
  }
  return tail;
}

namespace {

double Median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const size_t m = v.size() / 2;
  return v.size() % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

}  // namespace

SpikeResult DetectSpike(const std::vector<double>& series, const SpikeOptions& opt) {
  SpikeResult r;
  const int64_t n = static_cast<int64_t>(series.size());
  const int64_t recent = opt.recent_days, weeks = opt.baseline_weeks;
  if (recent <= 0 || weeks <= 0 || n < recent + 7 * weeks) return r;
  const int64_t start = n - recent;  // first recent day
  std::vector<double> base(recent, 0);  // per recent day: mean of the same weekday before
  for (int64_t d = 0; d < recent; ++d) {
    double s = 0;
    for (int64_t w = 1; w <= weeks; ++w) s += series[start + d - 7 * w];
    base[d] = s / static_cast<double>(weeks);
    r.expected += base[d];
    r.observed += series[start + d];
  }
  r.p_value = PoissonUpperTail(r.observed, r.expected);
  // The same `recent`-day window, 1..weeks weeks earlier.
  std::vector<double> totals;
  for (int64_t w = 1; w <= weeks; ++w) {
    double s = 0;
    for (int64_t d = 0; d < recent; ++d) s += series[start + d - 7 * w];
    totals.push_back(s);
  }
  const double med = Median(totals);
  std::vector<double> dev;
  for (double t : totals) dev.push_back(std::fabs(t - med));
  const double mad = Median(dev);
  if (mad > 0) r.robust_z = (r.observed - med) / (1.4826 * mad);
  r.spike = r.p_value < opt.max_p && (!r.robust_z || *r.robust_z > opt.min_z) &&
            r.observed >= opt.min_ratio * r.expected &&
            r.observed - r.expected >= opt.min_excess;
  if (r.spike) {
    // Since: the first recent day noticeably above its baseline (Poisson upper tail below
    // 5 %); the window's first day when none is on its own.
    r.since_index = start;
    for (int64_t d = 0; d < recent; ++d)
      if (PoissonUpperTail(series[start + d], base[d]) < 0.05) {
        r.since_index = start + d;
        break;
      }
  }
  return r;
}

}  // namespace loopdesk::analytics
