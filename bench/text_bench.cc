// Throughput of the text engine on Chinese text (DESIGN.md §3: ≥ 10 MB/s per core).
//
// Reads the review sets (default ../shared/data, all three sentiment sets: real customer
// reviews, 14 MB) and runs one thread over them: the full Analyzer::Analyze (normalisation,
// segmentation, rules, model, emotions, cause, category, keywords) and SentimentOf alone.
// Reports MB/s of UTF-8 input per CPU-second (per core) and per wall second, and CPU µs
// per text. Warm-up: one pass over the first 2,000 texts.
//
//   text_bench [--data DIR] [--passes N]
//   text_bench --checksum [--data DIR]   one line: a hash of every Analyze and SentimentOf
//                                         result (labels, scores, emotions, category, cause,
//                                         keywords, urgency, reasons) over all texts; a pure
//                                         speed change must leave it unchanged.

#include <chrono>
#include <cstdio>
#include <cstdint>
#include <cstring>
#include <ctime>
#include <fstream>
#include <string>
#include <vector>

#include "text/analyzer.h"
#include "text/rules.h"
#include "text/sentiment_model.h"

using Clock = std::chrono::steady_clock;

int main(int argc, char** argv) {
  std::string dir = LOOPDESK_SHARED_DATA_DIR;
  int passes = 1;
  bool checksum = false;
  for (int i = 1; i < argc; ++i)
    if (!std::strcmp(argv[i], "--checksum")) checksum = true;
  for (int i = 1; i + 1 < argc; ++i) {
    if (!std::strcmp(argv[i], "--data")) dir = argv[i + 1];
    if (!std::strcmp(argv[i], "--passes")) passes = std::atoi(argv[i + 1]);
  }
  std::vector<std::string> texts;
  size_t bytes = 0;
  for (const char* f : {"waimai_10k", "chnsenticorp_htl", "online_shopping_10_cats"}) {
    std::ifstream in(dir + "/" + f + ".train.tsv");
    std::string line;
    while (std::getline(in, line)) {
      auto tab = line.find('\t');
      if (tab == std::string::npos) continue;
      texts.push_back(line.substr(tab + 1));
      bytes += texts.back().size();
    }
  }
  if (texts.empty()) {
    std::fprintf(stderr, "text_bench: no texts under %s\n", dir.c_str());
    return 1;
  }
  auto t0 = Clock::now();
  auto analyzer = loopdesk::text::Analyzer::Load();
  if (!analyzer.ok()) {
    std::fprintf(stderr, "text_bench: %s\n", analyzer.status().message().c_str());
    return 1;
  }
  double load_ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
  const auto& a = **analyzer;
  if (checksum) {
    uint64_t h = 14695981039346656037ull;
    auto mix = [&](std::string_view s) {
      for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
      h = (h ^ 0xFF) * 1099511628211ull;
    };
    auto num = [&](double v) {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.9g", v);
      mix(buf);
    };
    size_t positive = 0;
    for (const auto& t : texts) {
      auto r = a.Analyze(t);
      mix(r.language), mix(r.sentiment.label), num(r.sentiment.score);
      for (const auto& e : r.emotions) mix(e.name), num(e.intensity);
      mix(r.category), num(r.category_confidence), mix(r.cause.label), num(r.cause.confidence);
      for (const auto& k : r.keywords) mix(k);
      mix(r.is_complaint ? "c" : "-"), num(r.urgency), mix(r.priority_hint), mix(r.urgency_cue);
      for (const auto& x : r.reasons) mix(x);
      auto s = a.SentimentOf(t);
      mix(s.label), num(s.score);
      positive += s.score > 0;
    }
    std::printf("checksum %016llx over %zu texts (%zu positive by SentimentOf)\n",
                static_cast<unsigned long long>(h), texts.size(), positive);
    return 0;
  }
  size_t sink = 0;
  for (size_t i = 0; i < texts.size() && i < 2000; ++i) sink += a.Analyze(texts[i]).keywords.size();

  auto run = [&](const char* what, auto fn) {
    auto start = Clock::now();
    std::clock_t cpu0 = std::clock();
    for (int p = 0; p < passes; ++p)
      for (const auto& t : texts) sink += fn(t);
    double cpu = double(std::clock() - cpu0) / CLOCKS_PER_SEC;
    double s = std::chrono::duration<double>(Clock::now() - start).count();
    double mb = double(bytes) * passes / 1e6;
    // Per core = per CPU-second of this (single-threaded) process: on a shared machine the
    // wall-clock figure also counts the time other processes held the core.
    std::printf("%-12s %8.2f MB/s per core (CPU time)  %8.2f MB/s wall  %7.1f µs CPU/text\n",
                what, mb / cpu, mb / s, cpu * 1e6 / (double(texts.size()) * passes));
  };
  std::printf("analyzer load: %.0f ms; model: %s; avg text %.0f bytes\n", load_ms,
              a.has_model() ? "yes" : "no", double(bytes) / texts.size());
  run("Normalize", [&](const std::string& t) { return a.Normalize(t).size(); });
  run("Norm+Words", [&](const std::string& t) { return a.Words(a.Normalize(t)).size(); });
  const auto& lex = loopdesk::text::Lexicon::Default();
  run("Norm+Rules", [&](const std::string& t) {
    return static_cast<size_t>(loopdesk::text::ApplyRules(lex, a.Normalize(t), false).polar_cues);
  });
  run("Norm+RulesX", [&](const std::string& t) {
    return loopdesk::text::ApplyRules(lex, a.Normalize(t), true).reasons.size();
  });
  run("Norm+Words+Feats", [&](const std::string& t) {
    std::string n = a.Normalize(t);
    auto w = a.Words(n);
    std::vector<std::string_view> v(w.begin(), w.end());
    return loopdesk::text::Features(n, v, 0).index.size();
  });
  run("Norm+Feats", [&](const std::string& t) {
    std::string n = a.Normalize(t);
    std::vector<std::string_view> none;
    return loopdesk::text::Features(n, none, 0).index.size();
  });
  run("Analyze", [&](const std::string& t) { return a.Analyze(t).keywords.size(); });
  run("SentimentOf", [&](const std::string& t) {
    return static_cast<size_t>(a.SentimentOf(t).score > 0);
  });
  return sink == 42 ? 2 : 0;  // keeps the work observable
}
