#pragma once
// A seeded generator of realistic ticket histories, shared by bench/gen_tickets (NDJSON for
// `loopdesk import`) and bench/kpi_bench (facts in memory). Deterministic for a given seed:
// std::mt19937_64 with hand-written distributions, no clock.
//
// Shape: channels weighted like a consumer-electronics service desk (chat/wechat/phone
// heavy), four tiers, eight categories (one of them "complaint"), ~5 tickets per customer,
// 200 agents in 5 teams; first replies log-normal around 20 min (slower on email), ~8 %
// without any reply yet, ~85 % resolved, ~9 % of the resolved reopened, ~60 % of resolved
// closed later, CSAT sent on 70 % of resolved with ~45 % answered (skewed to 4–5), NPS on
// ~10 %.

#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace loopdesk::bench {

inline constexpr const char* kChannels[] = {"phone", "email",  "web",    "chat", "wechat",
                                            "app",   "social", "onsite", "api"};
inline constexpr double kChannelWeights[] = {18, 14, 8, 22, 20, 10, 4, 2, 2};
inline constexpr const char* kTiers[] = {"strategic", "high", "growth", "basic"};
inline constexpr double kTierWeights[] = {3, 12, 30, 55};
inline constexpr const char* kCategories[] = {"billing",  "delivery", "installation",
                                              "repair",   "account",  "product_defect",
                                              "warranty", "complaint"};
inline constexpr double kCategoryWeights[] = {16, 14, 12, 18, 10, 12, 10, 8};
inline constexpr const char* kTeams[] = {"care", "tech", "field", "billing", "vip"};
inline constexpr const char* kRegions[] = {"north", "east", "south", "west", "central"};

struct GenEvent {
  enum Kind { kCustomerMessage, kReply, kStatus } kind;
  int64_t at_ms;
  int agent = -1;       // replies
  const char* to = "";  // status
};

struct GenTicket {
  int64_t id = 0;  // 1-based sequence
  int64_t customer = 0;
  int channel = 0, tier = 0, category = 0, region = 0, team = 0, agent = 0;
  int64_t created_ms = 0;
  std::vector<GenEvent> events;
  // Derived outcomes (for in-memory facts): -1 when none.
  int64_t first_reply_ms = -1, resolved_ms = -1;
  int replies = 0, reopens = 0;
  bool active = true, ever_resolved = false, closed = false;
  int survey_kind = 0;  // 0 none, 1 csat, 2 nps
  bool survey_answered = false;
  int survey_score = -1;
  int64_t survey_sent_ms = -1, survey_answered_ms = -1;
};

class TicketGenerator {
 public:
  // Tickets created uniformly (with a weekly rhythm) over `days` days ending at end_ms.
  TicketGenerator(uint64_t seed, int64_t n, int days, int64_t end_ms)
      : rng_(seed), n_(n), days_(days), end_ms_(end_ms), customers_(std::max<int64_t>(1, n / 5)) {}

  GenTicket Next() {
    GenTicket t;
    t.id = ++count_;
    const int64_t span = int64_t{days_} * 86400000;
    // Spread in creation order so that ids ascend with time.
    t.created_ms = end_ms_ - span + (span * (t.id - 1)) / std::max<int64_t>(n_, 1) +
                   static_cast<int64_t>(Uniform() * 60000);
    t.customer = 1 + static_cast<int64_t>(Uniform() * static_cast<double>(customers_));
    t.channel = Pick(kChannelWeights, 9);
    t.tier = static_cast<int>((t.customer * 2654435761u) % 100 < 3    ? 0
                              : (t.customer * 2654435761u) % 100 < 15 ? 1
                              : (t.customer * 2654435761u) % 100 < 45 ? 2
                                                                      : 3);
    t.region = static_cast<int>(t.customer % 5);
    t.category = Pick(kCategoryWeights, 8);
    t.agent = static_cast<int>(Uniform() * 200);
    t.team = t.agent % 5;
    int64_t now = t.created_ms;
    t.events.push_back({GenEvent::kCustomerMessage, now});
    if (Uniform() < 0.08) return t;  // not answered yet
    const double median_min = t.channel == 1 ? 180 : (t.channel == 3 || t.channel == 4 ? 3 : 20);
    now += Minutes(median_min, 1.0);
    t.events.push_back({GenEvent::kReply, now, t.agent});
    t.first_reply_ms = now;
    t.replies = 1;
    int extra = Uniform() < 0.35 ? 1 + static_cast<int>(Uniform() * 3) : 0;
    for (int i = 0; i < extra; ++i) {
      now += Minutes(30, 1.2);
      t.events.push_back({GenEvent::kCustomerMessage, now});
      now += Minutes(median_min, 1.0);
      t.events.push_back({GenEvent::kReply, now, t.agent});
      ++t.replies;
    }
    if (Uniform() < 0.15) return t;  // still being worked
    now += Minutes(120, 1.3);
    t.events.push_back({GenEvent::kStatus, now, -1, "resolved"});
    t.ever_resolved = true;
    t.active = false;
    t.resolved_ms = now;
    if (Uniform() < 0.09) {  // the customer comes back
      now += Minutes(600, 1.0);
      t.events.push_back({GenEvent::kCustomerMessage, now});  // reopens the ticket
      ++t.reopens;
      t.active = true;
      now += Minutes(median_min, 1.0);
      t.events.push_back({GenEvent::kReply, now, t.agent});
      ++t.replies;
      if (Uniform() < 0.8) {
        now += Minutes(120, 1.0);
        t.events.push_back({GenEvent::kStatus, now, -1, "resolved"});
        t.active = false;
        t.resolved_ms = now;
      }
    }
    if (!t.active && Uniform() < 0.7) {
      t.survey_kind = Uniform() < 0.12 ? 2 : 1;
      t.survey_sent_ms = now + 60000;
      if (Uniform() < 0.45) {
        t.survey_answered = true;
        t.survey_answered_ms = t.survey_sent_ms + static_cast<int64_t>(Uniform() * 86400000);
        const double u = Uniform();
        t.survey_score = t.survey_kind == 1
                             ? (u < 0.5    ? 5
                                : u < 0.8  ? 4
                                : u < 0.9  ? 3
                                : u < 0.95 ? 2
                                           : 1)
                             : static_cast<int>(std::min(10.0, std::floor(u * u * -11 + 11)));
      }
    }
    if (!t.active && Uniform() < 0.6) {
      now += 3 * 86400000LL;
      t.events.push_back({GenEvent::kStatus, now, -1, "closed"});
      t.closed = true;
    }
    return t;
  }

  double Uniform() { return static_cast<double>(rng_() >> 11) * 0x1.0p-53; }

 private:
  int Pick(const double* w, int n) {
    double sum = 0;
    for (int i = 0; i < n; ++i) sum += w[i];
    double u = Uniform() * sum;
    for (int i = 0; i < n; ++i) {
      if (u < w[i]) return i;
      u -= w[i];
    }
    return n - 1;
  }
  // Log-normal minutes around `median`, in ms (Box–Muller).
  int64_t Minutes(double median, double sigma) {
    double u1 = std::max(Uniform(), 1e-12), u2 = Uniform();
    double z = std::sqrt(-2 * std::log(u1)) * std::cos(2 * M_PI * u2);
    return 60000 + static_cast<int64_t>(median * std::exp(sigma * z) * 60000);
  }

  std::mt19937_64 rng_;
  int64_t n_;
  int days_;
  int64_t end_ms_;
  int64_t customers_;
  int64_t count_ = 0;
};

}  // namespace loopdesk::bench
