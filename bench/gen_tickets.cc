// gen_tickets: N realistic tickets with their history as NDJSON (API.md import format), for
// `loopdesk import` and its benchmark. Deterministic for a given --seed.
//
//   gen_tickets --n 100000 --seed 1 --days 365 > tickets.ndjson

#include <CLI/CLI.hpp>
#include <cstdio>
#include <string>

#include "bench/ticket_gen.h"
#include "common/time.h"

using namespace loopdesk;
using namespace loopdesk::bench;

int main(int argc, char** argv) {
  CLI::App app{"generate N realistic tickets as NDJSON (loopdesk import format)"};
  int64_t n = 1000;
  uint64_t seed = 1;
  int days = 365;
  std::string end = "2026-11-01T00:00:00Z";
  app.add_option("--n", n, "tickets")
      ->capture_default_str()
      ->check(CLI::Range(int64_t{0}, int64_t{100000000}));
  app.add_option("--seed", seed, "random seed")->capture_default_str();
  app.add_option("--days", days, "days of history")
      ->capture_default_str()
      ->check(CLI::Range(1, 3650));
  app.add_option("--end", end, "end of the period (ISO 8601 UTC)")->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  auto end_ms = ParseIso8601(end);
  if (!end_ms) {
    std::fprintf(stderr, "gen_tickets: --end must be ISO 8601\n");
    return 2;
  }
  TicketGenerator gen(seed, n, days, *end_ms);
  std::string line;
  static const char* kSubjects[] = {"账单金额不对", "快递还没到",    "安装师傅没来",
                                    "设备无法开机", "账号登录失败",  "产品有质量问题",
                                    "保修期咨询",   "服务太差要投诉"};
  for (int64_t i = 0; i < n; ++i) {
    GenTicket t = gen.Next();
    line.clear();
    line += "{\"external_id\":\"T-" + std::to_string(t.id) +
            "\",\"customer\":{\"external_id\":\"C-" + std::to_string(t.customer) +
            "\",\"name\":\"客户" + std::to_string(t.customer) + "\",\"tier\":\"" + kTiers[t.tier] +
            "\",\"region\":\"" + kRegions[t.region] + "\"},\"channel\":\"" + kChannels[t.channel] +
            "\",\"subject\":\"" + kSubjects[t.category] + "\",\"description\":\"" +
            kSubjects[t.category] + "，请尽快处理\",\"priority\":\"P" +
            std::to_string(1 + (t.id % 7 == 0 ? 1 : 2)) + "\",\"category\":\"" +
            kCategories[t.category] + "\",\"team\":\"" + kTeams[t.team] + "\",\"created_at\":\"" +
            FormatIso8601(t.created_ms) + "\",\"events\":[";
    bool first = true;
    for (const GenEvent& e : t.events) {
      if (!first) line += ",";
      first = false;
      line += "{\"at\":\"" + FormatIso8601(e.at_ms) + "\",";
      switch (e.kind) {
        case GenEvent::kCustomerMessage:
          line += "\"type\":\"message\",\"author\":\"customer\",\"body\":\"还是有问题\"}";
          break;
        case GenEvent::kReply:
          line += "\"type\":\"reply\",\"author\":\"agent\",\"agent_external_id\":\"A-" +
                  std::to_string(e.agent) + "\",\"body\":\"您好，已为您处理\"}";
          break;
        case GenEvent::kStatus:
          line += std::string("\"type\":\"status\",\"to\":\"") + e.to + "\"}";
          break;
      }
    }
    line += "]";
    if (t.survey_kind) {
      line += std::string(",\"survey\":{\"kind\":\"") + (t.survey_kind == 1 ? "csat" : "nps") +
              "\",\"sent_at\":\"" + FormatIso8601(t.survey_sent_ms) + "\"";
      if (t.survey_answered)
        line += ",\"score\":" + std::to_string(t.survey_score) + ",\"answered_at\":\"" +
                FormatIso8601(t.survey_answered_ms) + "\"";
      line += "}";
    }
    line += "}\n";
    std::fwrite(line.data(), 1, line.size(), stdout);
  }
  return 0;
}
