#pragma once
// Daily and hourly ticket-volume forecast (docs/forecast.md). Pure: the caller passes the
// daily history (UTC days) and the holidays; nothing here reads a clock or a store.
//
// Method: the history's holidays are replaced by their weekday baseline (and the ratio
// actual ÷ baseline on those days is the learnt holiday factor); three models with weekly
// seasonality — seasonal mean + linear trend, Holt-Winters additive and Holt-Winters
// multiplicative (season 7, smoothing constants picked on a small grid by in-sample one-step
// error) — are each fitted on the history without its last `backtest_days` days and scored by
// MAPE on those days; the best is refitted on the whole history. With ≥ 2 years of history a
// yearly factor (the same stretch of the year one and two years before) is applied. Future
// holidays are multiplied by the holiday factor. The interval is ±1.96 σ, σ from the backtest
// residuals, widening with the horizon and never narrower than Poisson noise.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace loopdesk::analytics {

// ISO weekday of a UTC day number (days since 1970-01-01): 0 = Monday … 6 = Sunday.
int WeekdayOfDay(int64_t day);

struct ForecastOptions {
  int horizon_days = 14;              // 1..366
  int backtest_days = 28;             // held out for the MAPE (shortened for short histories)
  std::vector<int64_t> holidays;      // UTC day numbers (past and future), any order
};

struct DayForecast {
  int64_t day = 0;  // UTC day number
  double tickets = 0;
  double low = 0, high = 0;
  bool holiday = false;
};

struct ForecastResult {
  std::string method;            // "seasonal_mean_trend" | "holt_winters_additive" | ...
  std::optional<double> mape;    // fraction (0.08 = 8 %) of the chosen model; null if untested
  int backtest_days = 0;         // days the MAPE covers (0 = no backtest possible)
  // Backtest MAPE of every model tried, by method name.
  std::vector<std::pair<std::string, std::optional<double>>> candidates;
  std::optional<double> holiday_factor;  // learnt from history; null = no past holiday
  bool yearly = false;                   // yearly seasonality applied (≥ 2 years of history)
  std::vector<DayForecast> days;         // horizon_days entries from the day after history
};

// `history[i]` = tickets created on UTC day `first_day + i`; the forecast starts the day after
// the last one. An empty history forecasts zeros (no backtest).
ForecastResult ForecastDaily(const std::vector<double>& history, int64_t first_day,
                             const ForecastOptions& opt);

// Share of a weekday's tickets created in each UTC hour; each row sums to 1.
struct HourlyProfile {
  std::array<std::array<double, 24>, 7> share{};
};
// From ticket creation instants (UTC seconds). A weekday without tickets takes the shape of
// all weekdays together; with no tickets at all every hour gets 1/24.
HourlyProfile BuildHourlyProfile(const std::vector<int64_t>& created_s);

// Mean absolute percentage error over the days with actual > 0 (fraction); nullopt if none.
std::optional<double> Mape(const std::vector<double>& actual, const std::vector<double>& forecast);

}  // namespace loopdesk::analytics
