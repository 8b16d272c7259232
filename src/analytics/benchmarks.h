#pragma once
// Industry reference values shown beside each KPI (DESIGN.md §4, from the source material):
// NPS B2C 30–50, B2B 50–70; CSAT internet 85 %, retail 80 %; FCR simple 80 %, complex 60 %.
// A profile names an industry; each entry gives the metric (as in the metrics response) and a
// reference range (low == high for a single value). Rates are fractions 0–1, NPS −100..100.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace loopdesk::analytics {

struct BenchmarkRef {
  std::string metric;  // e.g. "csat", "nps", "fcr"
  double low = 0;
  double high = 0;
  std::string source;  // where the value comes from, shown in tooltips
};

struct BenchmarkProfile {
  std::string industry;  // "internet" | "retail" | "b2b" | "complex"
  std::vector<BenchmarkRef> refs;
};

// The built-in profiles; the first ("internet") is the default.
const std::vector<BenchmarkProfile>& DefaultBenchmarkProfiles();
// The profile called `industry`, or nullptr.
const BenchmarkProfile* FindBenchmarkProfile(std::string_view industry);
// "internet | retail | b2b | complex", for error messages.
std::string BenchmarkIndustryNames();

}  // namespace loopdesk::analytics
