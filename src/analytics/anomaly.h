#pragma once
// Spike detection on a daily count series against its own weekly-seasonal baseline
// (docs/forecast.md, "Insights"). Pure; thread-safe.
//
// The last `recent_days` (7) days are compared with the same weekdays of the `baseline_weeks`
// (8) weeks before: the expected count E is the sum of the per-weekday baseline means, the
// observed O the recent sum. Two tests must agree before a spike is reported:
//  - Poisson: p = P(X ≥ O | X ~ Poisson(E)) below `max_p` (0.001);
//  - robust z: (O − median of the baseline weeks' totals) ÷ (1.4826 · MAD) above `min_z` (3.5)
//    — this guards against series noisier than Poisson; skipped when the MAD is 0;
// and the effect must matter: O ≥ `min_ratio` (1.5) × E and O − E ≥ `min_excess` (5).

#include <cstdint>
#include <optional>
#include <vector>

namespace loopdesk::analytics {

struct SpikeOptions {
  int recent_days = 7;
  int baseline_weeks = 8;
  double max_p = 0.001;
  double min_z = 3.5;
  double min_ratio = 1.5;
  double min_excess = 5;
};

struct SpikeResult {
  bool spike = false;
  double observed = 0;  // O
  double expected = 0;  // E
  double p_value = 1;   // Poisson upper tail
  std::optional<double> robust_z;  // null when the baseline's MAD is 0
  // "Since when": the first recent day (index into the series) noticeably above its weekday
  // baseline (Poisson tail < 5 %), else the window's first day; -1 without a spike.
  int64_t since_index = -1;
};

// `series` holds consecutive daily counts, the newest last; it must cover
// recent_days + 7 × baseline_weeks days (else no spike and p = 1).
SpikeResult DetectSpike(const std::vector<double>& series, const SpikeOptions& opt = {});

// P(X ≥ k) for X ~ Poisson(lambda); 1 when k <= 0.
double PoissonUpperTail(double k, double lambda);

// P(Z ≥ z) for a standard normal Z.
double NormalUpperTail(double z);

}  // namespace loopdesk::analytics
