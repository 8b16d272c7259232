#include "analytics/benchmarks.h"

namespace loopdesk::analytics {

const std::vector<BenchmarkProfile>& DefaultBenchmarkProfiles() {
  static const std::vector<BenchmarkProfile> kProfiles = {
      {"internet",
       {{"csat", 0.85, 0.85, "CSAT internet 85 %"},
        {"nps", 30, 50, "NPS B2C 30-50"},
        {"fcr", 0.80, 0.80, "FCR simple issues 80 %"}}},
      {"retail",
       {{"csat", 0.80, 0.80, "CSAT retail 80 %"},
        {"nps", 30, 50, "NPS B2C 30-50"},
        {"fcr", 0.80, 0.80, "FCR simple issues 80 %"}}},
      {"b2b",
       {{"csat", 0.85, 0.85, "CSAT internet 85 %"},
        {"nps", 50, 70, "NPS B2B 50-70"},
        {"fcr", 0.60, 0.60, "FCR complex issues 60 %"}}},
      {"complex",
       {{"csat", 0.80, 0.80, "CSAT retail 80 %"},
        {"nps", 30, 50, "NPS B2C 30-50"},
        {"fcr", 0.60, 0.60, "FCR complex issues 60 %"}}},
  };
  return kProfiles;
}

const BenchmarkProfile* FindBenchmarkProfile(std::string_view industry) {
  for (const auto& p : DefaultBenchmarkProfiles())
    if (p.industry == industry) return &p;
  return nullptr;
}

std::string BenchmarkIndustryNames() {
  std::string s;
  for (const auto& p : DefaultBenchmarkProfiles()) {
    if (!s.empty()) s += " | ";
    s += p.industry;
  }
  return s;
}

}  // namespace loopdesk::analytics
