#include "analytics/forecast.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <set>

namespace loopdesk::analytics {

int WeekdayOfDay(int64_t day) {
  // 1970-01-01 was a Thursday (ISO weekday index 3).
  int64_t w = (day + 3) % 7;
  return static_cast<int>(w < 0 ? w + 7 : w);
}

std::optional<double> Mape(const std::vector<double>& actual, const std::vector<double>& forecast) {
  double sum = 0;
  int n = 0;
  for (size_t i = 0; i < actual.size() && i < forecast.size(); ++i) {
    if (actual[i] <= 0) continue;
    sum += std::fabs(actual[i] - forecast[i]) / actual[i];
    ++n;
  }
  if (n == 0) return std::nullopt;
  return sum / n;
}

namespace {

constexpr int kSeason = 7;
using Series = std::vector<double>;
// A model fits `y` and returns `h` values after its end.
using Model = std::function<Series(const Series& y, int h)>;

double Mean(const Series& y, size_t from, size_t to) {
  double s = 0;
  for (size_t i = from; i < to; ++i) s += y[i];
  return to > from ? s / static_cast<double>(to - from) : 0;
}

// Seasonal mean + trend: each weekday's mean over the last (up to) four weeks, moved by the
// per-day slope between the last four weeks and the four before.
Series SeasonalMeanTrend(const Series& y, int h) {
  const size_t n = y.size();
  Series out(h, 0);
  if (n == 0) return out;
  if (n < kSeason) {
    std::fill(out.begin(), out.end(), Mean(y, 0, n));
    return out;
  }
  const size_t weeks = std::min<size_t>(4, n / kSeason);
  const size_t span = weeks * kSeason;
  std::array<double, kSeason> season{};
  for (size_t i = n - span; i < n; ++i) season[(i - (n - span)) % kSeason] += y[i];
  for (double& s : season) s /= static_cast<double>(weeks);
  double slope = 0;
  if (n >= 2 * span) slope = (Mean(y, n - span, n) - Mean(y, n - 2 * span, n - span)) / span;
  const double centre = (static_cast<double>(span) - 1) / 2;  // the mean's day before the end
  for (int k = 0; k < h; ++k) {
    const double v = season[(span + k) % kSeason] + slope * (centre + 1 + k);
    out[k] = std::max(0.0, v);
  }
  return out;
}

struct HwFit {
  double sse = std::numeric_limits<double>::infinity();
  double level = 0, trend = 0;
  std::array<double, kSeason> season{};
};

// One Holt-Winters pass with season 7; `mult` selects multiplicative seasonality.
HwFit HoltWinters(const Series& y, double alpha, double beta, double gamma, bool mult) {
  HwFit f;
  const size_t n = y.size();
  double level = Mean(y, 0, kSeason);
  double trend = n >= 2 * kSeason ? (Mean(y, kSeason, 2 * kSeason) - level) / kSeason : 0;
  if (mult && level <= 0) return f;  // multiplicative seasonality needs a positive level
  std::array<double, kSeason> season{};
  for (int i = 0; i < kSeason; ++i) season[i] = mult ? y[i] / level : y[i] - level;
  double sse = 0;
  for (size_t t = kSeason; t < n; ++t) {
    const int s = static_cast<int>(t % kSeason);
    const double pred = mult ? (level + trend) * season[s] : level + trend + season[s];
    sse += (y[t] - pred) * (y[t] - pred);
    const double prev = level;
    if (mult) {
      level = alpha * (season[s] > 1e-9 ? y[t] / season[s] : y[t]) + (1 - alpha) * (level + trend);
      if (level <= 1e-9) level = 1e-9;
      season[s] = gamma * y[t] / level + (1 - gamma) * season[s];
    } else {
      level = alpha * (y[t] - season[s]) + (1 - alpha) * (level + trend);
      season[s] = gamma * (y[t] - level) + (1 - gamma) * season[s];
    }
    trend = beta * (level - prev) + (1 - beta) * trend;
  }
  f.sse = sse;
  f.level = level;
  f.trend = trend;
  // Rotate so season[k] belongs to day n + k.
  for (int k = 0; k < kSeason; ++k) f.season[k] = season[(n + k) % kSeason];
  return f;
}

Series HoltWintersForecast(const Series& y, int h, bool mult) {
  if (y.size() < 2 * kSeason) return SeasonalMeanTrend(y, h);
  HwFit best;
  for (double a : {0.1, 0.2, 0.3, 0.5})
    for (double b : {0.0, 0.05, 0.1})
      for (double g : {0.05, 0.1, 0.3}) {
        HwFit f = HoltWinters(y, a, b, g, mult);
        if (f.sse < best.sse) best = f;
      }
  if (!std::isfinite(best.sse)) return SeasonalMeanTrend(y, h);
  Series out(h);
  for (int k = 0; k < h; ++k) {
    const double base = best.level + best.trend * (k + 1);
    const double s = best.season[k % kSeason];
    out[k] = std::max(0.0, mult ? base * s : base + s);
  }
  return out;
}

// Mean of y around index i (7 days centred, clipped to the series).
double LevelAt(const Series& y, int64_t i) {
  const int64_t n = static_cast<int64_t>(y.size());
  const int64_t a = std::max<int64_t>(0, i - 3), b = std::min<int64_t>(n, i + 4);
  return b > a ? Mean(y, a, b) : 0;
}

// Yearly factors for the h days after y (364 days keep the weekday): how the level moved from
// "today" to each future day one and two years before, averaged. Empty when < 2 years.
Series YearlyFactors(const Series& y, int h) {
  const int64_t n = static_cast<int64_t>(y.size());
  if (n < 2 * 364 + kSeason) return {};
  Series f(h, 1.0);
  for (int k = 0; k < h; ++k) {
    double sum = 0;
    int m = 0;
    for (int yr = 1; yr <= 2; ++yr) {
      const double base = LevelAt(y, n - 1 - 364 * yr);
      const double then = LevelAt(y, n + k - 364 * yr);
      if (base > 0) {
        sum += then / base;
        ++m;
      }
    }
    if (m > 0) f[k] = sum / m;
  }
  return f;
}

}  // namespace

ForecastResult ForecastDaily(const std::vector<double>& history, int64_t first_day,
                             const ForecastOptions& opt) {
  ForecastResult r;
  const int h = std::max(1, opt.horizon_days);
  const size_t n = history.size();
  const std::set<int64_t> holidays(opt.holidays.begin(), opt.holidays.end());
  auto is_holiday = [&](size_t i) { return holidays.count(first_day + static_cast<int64_t>(i)); };

  // De-holiday the history: a holiday's baseline is the mean of the same weekday up to four
  // weeks either side (non-holidays only).
  Series y = history;
  double hol_actual = 0, hol_base = 0;
  for (size_t i = 0; i < n; ++i) {
    if (!is_holiday(i)) continue;
    double sum = 0;
    int m = 0;
    for (int w = -4; w <= 4; ++w) {
      const int64_t j = static_cast<int64_t>(i) + 7 * w;
      if (w == 0 || j < 0 || j >= static_cast<int64_t>(n) || is_holiday(j)) continue;
      sum += history[j];
      ++m;
    }
    if (m == 0) continue;
    y[i] = sum / m;
    hol_actual += history[i];
    hol_base += y[i];
  }
  if (hol_base > 0) r.holiday_factor = hol_actual / hol_base;

  const std::vector<std::pair<std::string, Model>> models = {
      {"seasonal_mean_trend", SeasonalMeanTrend},
      {"holt_winters_additive", [](const Series& s, int k) { return HoltWintersForecast(s, k, false); }},
      {"holt_winters_multiplicative",
       [](const Series& s, int k) { return HoltWintersForecast(s, k, true); }}};
  auto with_yearly = [](const Series& base, const Series& f) {
    Series out = f;
    const Series yf = YearlyFactors(base, static_cast<int>(f.size()));
    for (size_t k = 0; k < yf.size(); ++k) out[k] *= yf[k];
    return out;
  };

  // Backtest: hold out the last H days (28, or what a short history allows keeping at least
  // two weeks to fit on).
  int H = std::min<int>(opt.backtest_days, static_cast<int>(n) - 2 * kSeason);
  size_t best = 0;
  Series best_errors;
  if (H >= kSeason) {
    r.backtest_days = H;
    const Series train(y.begin(), y.end() - H);
    const Series actual(history.end() - H, history.end());
    double best_mape = std::numeric_limits<double>::infinity();
    for (size_t m = 0; m < models.size(); ++m) {
      Series f = with_yearly(train, models[m].second(train, H));
      for (int k = 0; k < H; ++k)
        if (is_holiday(n - H + k) && r.holiday_factor) f[k] *= *r.holiday_factor;
      auto mape = Mape(actual, f);
      r.candidates.emplace_back(models[m].first, mape);
      const double v = mape.value_or(std::numeric_limits<double>::infinity());
      if (v < best_mape || best_errors.empty()) {
        if (v < best_mape) best_mape = v;
        best = m;
        best_errors.assign(H, 0);
        for (int k = 0; k < H; ++k) best_errors[k] = actual[k] - f[k];
      }
    }
    r.mape = std::isfinite(best_mape) ? std::optional<double>(best_mape) : std::nullopt;
  }
  r.method = models[best].first;
  r.yearly = !YearlyFactors(y, 1).empty();

  Series f = with_yearly(y, models[best].second(y, h));
  double var = 0;
  for (double e : best_errors) var += e * e;
  if (!best_errors.empty()) var /= static_cast<double>(best_errors.size());
  for (int k = 0; k < h; ++k) {
    DayForecast d;
    d.day = first_day + static_cast<int64_t>(n) + k;
    d.holiday = holidays.count(d.day) > 0;
    d.tickets = f[k] * (d.holiday && r.holiday_factor ? *r.holiday_factor : 1.0);
    const double v = std::max(var * (1.0 + static_cast<double>(k) / 28.0), d.tickets);
    const double half = 1.96 * std::sqrt(v);
    d.low = std::max(0.0, d.tickets - half);
    d.high = d.tickets + half;
    r.days.push_back(d);
  }
  return r;
}

HourlyProfile BuildHourlyProfile(const std::vector<int64_t>& created_s) {
  std::array<std::array<double, 24>, 7> count{};
  std::array<double, 24> all{};
  for (int64_t s : created_s) {
    const int64_t day = s >= 0 ? s / 86400 : (s - 86399) / 86400;
    const int hour = static_cast<int>((s - day * 86400) / 3600);
    count[WeekdayOfDay(day)][hour] += 1;
    all[hour] += 1;
  }
  double all_total = 0;
  for (double c : all) all_total += c;
  HourlyProfile p;
  for (int w = 0; w < 7; ++w) {
    double total = 0;
    for (double c : count[w]) total += c;
    for (int hr = 0; hr < 24; ++hr) {
      if (total > 0)
        p.share[w][hr] = count[w][hr] / total;
      else if (all_total > 0)
        p.share[w][hr] = all[hr] / all_total;
      else
        p.share[w][hr] = 1.0 / 24;
    }
  }
  return p;
}

}  // namespace loopdesk::analytics
