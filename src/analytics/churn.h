#pragma once
// Churn risk of one customer (docs/reports.md "Churn risk"): a pure, explainable score over
// the customer's facts at an instant `now`. The score is the sum of the weights of the
// reasons that apply, capped at 100, so every point of it is explained by a reason.
//
// Factors (each a reason `code` when it applies; windows end at `now`, exclusive):
//   warranty_ending    an asset's warranty ends within the next 30 days            25
//   low_csat           mean CSAT (1–5) of the last 90 days < 3.5                  20 (≤ 2: 30)
//   nps_detractor      an NPS answer 0–6 in the last 90 days                        20
//   complaint          exactly one complaint in the last 90 days                     8
//   repeat_complaints  ≥ 2 complaints in the last 90 days                15 + 5 per extra, ≤ 30
//   falling_orders     order value of the last 90 days ≥ 30 % below the 90 before
//                      (the earlier window had orders)                 round(25 × drop)
//   open_alerts        unresolved early-warning alerts                       10 each, ≤ 20
//   negative_sentiment ≥ 2 tickets in the last 90 days, ≥ half negative   round(15 × share)
//   tier               strategic +10, high +5 — only when another reason applies
// Level: high ≥ 60, medium ≥ 30, else low.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/time.h"
#include "domain/entities.h"

namespace loopdesk::analytics {

inline constexpr TimeMs kChurnWindowMs = 90 * kDayMs;
inline constexpr TimeMs kWarrantyHorizonMs = 30 * kDayMs;

// What the store knows about one customer, already aggregated over the windows above.
struct CustomerSignals {
  Id customer_id = 0;
  std::string name;
  Tier tier = Tier::kBasic;
  std::string language = "zh";
  std::optional<TimeMs> warranty_end;  // the earliest warranty end in [now, now + 30 d]
  std::string warranty_product;        // that asset's product
  int csat_answers = 0;                // CSAT answers of the last 90 days
  int csat_sum = 0;                    // their scores' sum (1–5 each)
  int nps_answers = 0;
  int nps_detractors = 0;              // NPS 0–6
  int complaints = 0;                  // complaint tickets created in the last 90 days
  int orders_recent = 0;               // orders in [now − 90 d, now)
  double value_recent = 0;
  int orders_before = 0;               // orders in [now − 180 d, now − 90 d)
  double value_before = 0;
  int open_alerts = 0;                 // alerts not resolved
  int tickets_recent = 0;              // tickets created in the last 90 days
  int tickets_negative = 0;            // of them, with negative sentiment
};

struct ChurnReason {
  std::string code;
  std::string text;     // zh-CN
  std::string text_en;  // English
  int weight = 0;
};

// A proactive-care action for an at-risk customer.
struct CareAction {
  std::string code;
  std::string text;     // zh-CN
  std::string text_en;
  TimeMs due = 0;
};

struct ChurnRisk {
  int score = 0;        // 0–100
  std::string level;    // low | medium | high
  std::vector<ChurnReason> reasons;  // heaviest first
  std::vector<CareAction> actions;   // earliest due first
};

// Scores `s` at `now`. Pure and cheap (no allocation beyond the reasons).
ChurnRisk ScoreChurn(const CustomerSignals& s, TimeMs now);
// ScoreChurn(s, now).score without building the reasons' texts (no allocation): ranks the
// whole base in the at-risk list.
int ChurnScore(const CustomerSignals& s, TimeMs now);

// "low" | "medium" | "high" for a score.
std::string_view ChurnLevel(int score);
// Rank of a level name (low 0, medium 1, high 2), or -1 for an unknown name.
int ChurnLevelRank(std::string_view level);

}  // namespace loopdesk::analytics
