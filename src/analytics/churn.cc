#include "analytics/churn.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace loopdesk::analytics {

namespace {

std::string Fixed1(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

std::string Date(TimeMs t) { return FormatIso8601(t).substr(0, 10); }

std::string Pct(double f) { return std::to_string(static_cast<int>(std::lround(f * 100))) + "%"; }

}  // namespace

std::string_view ChurnLevel(int score) {
  if (score >= 60) return "high";
  if (score >= 30) return "medium";
  return "low";
}

int ChurnLevelRank(std::string_view level) {
  if (level == "low") return 0;
  if (level == "medium") return 1;
  if (level == "high") return 2;
  return -1;
}

namespace {

// The reasons that apply and their weights; with kTexts also their texts (ScoreChurn), without
// only the capped sum (ChurnScore, to rank the whole base). One code path for both, so the two
// scores cannot differ. The text lambdas run only with kTexts.
template <bool kTexts>
int Reasons(const CustomerSignals& s, TimeMs now, std::vector<ChurnReason>* out) {
  int sum = 0;
  bool any = false;
  auto add = [&](const char* code, auto zh, auto en, int weight) {
    sum += weight;
    any = true;
    if constexpr (kTexts) out->push_back({code, zh(), en(), weight});
  };

  if (s.warranty_end && *s.warranty_end >= now && *s.warranty_end <= now + kWarrantyHorizonMs) {
    const int64_t days = (*s.warranty_end - now + kDayMs - 1) / kDayMs;
    auto what = [&s] { return s.warranty_product.empty() ? "" : s.warranty_product + " "; };
    add("warranty_ending",
        [&] {
          return what() + "保修将于 " + std::to_string(days) + " 天后到期（" +
                 Date(*s.warranty_end) + "）";
        },
        [&] {
          return "warranty of " + what() + "ends in " + std::to_string(days) + " days (" +
                 Date(*s.warranty_end) + ")";
        },
        25);
  }
  if (s.csat_answers > 0) {
    const double mean = static_cast<double>(s.csat_sum) / s.csat_answers;
    if (mean < 3.5) {
      add("low_csat",
          [&] {
            return "近 90 天满意度均分 " + Fixed1(mean) + "（" + std::to_string(s.csat_answers) +
                   " 份评价）";
          },
          [&] {
            return "mean CSAT " + Fixed1(mean) + " over " + std::to_string(s.csat_answers) +
                   " answers in the last 90 days";
          },
          mean <= 2.0 ? 30 : 20);
    }
  }
  if (s.nps_detractors > 0) {
    add("nps_detractor", [] { return std::string("近 90 天 NPS 评分为贬损者（0–6 分）"); },
        [] { return std::string("NPS detractor (0–6) in the last 90 days"); }, 20);
  }
  if (s.complaints == 1) {
    add("complaint", [] { return std::string("近 90 天有 1 次投诉"); },
        [] { return std::string("1 complaint in the last 90 days"); }, 8);
  } else if (s.complaints >= 2) {
    add("repeat_complaints",
        [&] { return "近 90 天重复投诉 " + std::to_string(s.complaints) + " 次"; },
        [&] { return std::to_string(s.complaints) + " complaints in the last 90 days"; },
        std::min(30, 15 + 5 * (s.complaints - 2)));
  }
  if (s.orders_before > 0 && s.value_before > 0) {
    const double drop = 1.0 - std::max(0.0, s.value_recent) / s.value_before;
    if (drop >= 0.3) {
      add("falling_orders",
          [&] {
            return "近 90 天订单 " + std::to_string(s.orders_recent) + " 笔，较前 90 天（" +
                   std::to_string(s.orders_before) + " 笔）金额下降 " + Pct(drop);
          },
          [&] {
            return std::to_string(s.orders_recent) + " orders in the last 90 days vs " +
                   std::to_string(s.orders_before) + " before; order value down " + Pct(drop);
          },
          static_cast<int>(std::lround(25 * std::min(1.0, drop))));
    }
  }
  if (s.open_alerts > 0) {
    add("open_alerts",
        [&] { return std::to_string(s.open_alerts) + " 条预警尚未处理完毕"; },
        [&] { return std::to_string(s.open_alerts) + " unresolved early-warning alerts"; },
        std::min(20, 10 * s.open_alerts));
  }
  if (s.tickets_recent >= 2) {
    const double share = static_cast<double>(s.tickets_negative) / s.tickets_recent;
    if (share >= 0.5) {
      add("negative_sentiment",
          [&] {
            return "近 90 天 " + std::to_string(s.tickets_recent) + " 张工单中 " +
                   std::to_string(s.tickets_negative) + " 张情绪负面";
          },
          [&] {
            return std::to_string(s.tickets_negative) + " of " +
                   std::to_string(s.tickets_recent) + " tickets in the last 90 days were negative";
          },
          static_cast<int>(std::lround(15 * share)));
    }
  }
  if (any) {
    if (s.tier == Tier::kStrategic)
      add("tier", [] { return std::string("战略客户，流失影响大"); },
          [] { return std::string("strategic customer"); }, 10);
    if (s.tier == Tier::kHigh)
      add("tier", [] { return std::string("高价值客户"); },
          [] { return std::string("high-value customer"); }, 5);
  }
  return std::min(100, sum);
}

}  // namespace

int ChurnScore(const CustomerSignals& s, TimeMs now) { return Reasons<false>(s, now, nullptr); }

ChurnRisk ScoreChurn(const CustomerSignals& s, TimeMs now) {
  ChurnRisk r;
  r.score = Reasons<true>(s, now, &r.reasons);
  r.level = std::string(ChurnLevel(r.score));
  std::stable_sort(r.reasons.begin(), r.reasons.end(),
                   [](const ChurnReason& a, const ChurnReason& b) { return a.weight > b.weight; });

  // Proactive care (关怀动作): what to do, by when.
  auto has = [&r](std::string_view code) {
    return std::any_of(r.reasons.begin(), r.reasons.end(),
                       [code](const ChurnReason& x) { return x.code == code; });
  };
  auto act = [&r](std::string code, std::string zh, std::string en, TimeMs due) {
    r.actions.push_back({std::move(code), std::move(zh), std::move(en), due});
  };
  if (has("warranty_ending")) {
    act("extended_warranty_offer", "主动提供延保/续保方案", "offer an extended warranty",
        std::max(now, *s.warranty_end - kWarrantyHorizonMs));
  }
  if (r.level == "high") {
    act("csm_callback", "客户成功经理 24 小时内回访", "customer-success manager calls back",
        now + kDayMs);
  }
  if (has("open_alerts")) {
    act("resolve_alerts", "跟进未关闭的预警", "follow up the open alerts", now + kDayMs);
  }
  if (has("low_csat") || has("nps_detractor")) {
    act("satisfaction_callback", "主管回访，了解不满原因", "supervisor callback on dissatisfaction",
        now + 2 * kDayMs);
  }
  if (has("repeat_complaints")) {
    act("root_cause_review", "复盘重复投诉的根因", "review the root cause of repeat complaints",
        now + 3 * kDayMs);
  }
  if (has("falling_orders")) {
    act("win_back_offer", "销售跟进复购/挽回方案", "sales follow-up with a win-back offer",
        now + 7 * kDayMs);
  }
  std::stable_sort(r.actions.begin(), r.actions.end(),
                   [](const CareAction& a, const CareAction& b) { return a.due < b.due; });
  return r;
}

}  // namespace loopdesk::analytics
