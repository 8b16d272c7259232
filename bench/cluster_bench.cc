// Quality and cost of the feedback clustering (text/cluster.h; docs/text-quality.md).
//
// Quality: the negative e-commerce reviews of ../shared/data (online_shopping_10_cats, label
// "category|0") clustered, compared with their product category (purity, NMI). Even rows are
// the validation part on which options are chosen (--grid prints every option tried); odd
// rows are reported once with the chosen options. Also the hand-labelled cause set
// (data/eval/cause_eval.tsv) against its cause labels.
// Cost: CPU seconds to extract terms and to cluster 10,000 and 100,000 negative reviews of the
// three sets (repeated to reach 100,000: real feedback repeats itself too).
//
//   cluster_bench [--data DIR] [--grid] [--timing] [--join X] [--merge Y] [--bigrams 0|1] [--max-df F]

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <string>
#include <vector>

#include "text/analyzer.h"
#include "text/cluster.h"

using namespace loopdesk::text;

namespace {

struct Labelled {
  std::vector<std::string> texts, labels;
};

// label<TAB>text rows; `negative_only` keeps "category|0" rows and labels them by category.
Labelled Read(const std::string& path, bool shopping, int cause_eval) {
  Labelled out;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    auto tab = line.find('\t');
    if (tab == std::string::npos) continue;
    std::string label = line.substr(0, tab), text = line.substr(tab + 1);
    if (cause_eval) text = text.substr(text.find('\t') + 1);  // cause, source set, text
    if (shopping) {
      auto bar = label.find('|');
      if (bar == std::string::npos || label.substr(bar + 1) != "0") continue;
      label = label.substr(0, bar);
    }
    out.labels.push_back(label);
    out.texts.push_back(text);
  }
  return out;
}

double Cpu() { return double(std::clock()) / CLOCKS_PER_SEC; }

void Evaluate(const Analyzer& a, const char* what, const Labelled& set, int parity,
              const ClusterOptions& o, const TermOptions& to) {
  std::vector<std::vector<std::string>> docs;
  std::vector<std::string> labels;
  for (size_t i = 0; i < set.texts.size(); ++i) {
    if (parity >= 0 && int(i % 2) != parity) continue;
    docs.push_back(FeedbackTerms(a, set.texts[i], to));
    labels.push_back(set.labels[i]);
  }
  double t0 = Cpu();
  auto cs = ClusterDocs(docs, o);
  double t = Cpu() - t0;
  auto m = MeasureClusters(cs, labels);
  size_t big = 0, covered = 0;
  for (const auto& c : cs)
    if (c.members.size() >= 5) ++big, covered += c.members.size();
  std::printf("%-22s n=%6zu max_df=%.2f join=%.2f merge=%.2f bigrams=%d  clusters=%5zu (>=5: %4zu holding "
              "%4.1f%%, largest %4.1f%%)  purity=%.3f  NMI=%.3f  %.2f s CPU\n",
              what, docs.size(), o.max_df, o.join, o.merge, int(to.cjk_bigrams), cs.size(), big,
              100.0 * covered / docs.size(),
              cs.empty() ? 0.0 : 100.0 * cs[0].members.size() / docs.size(), m.purity, m.nmi, t);
}

}  // namespace

int main(int argc, char** argv) {
  std::string dir = LOOPDESK_SHARED_DATA_DIR;
  bool grid = false, timing = false;
  ClusterOptions o;
  TermOptions to;
  for (int i = 1; i < argc; ++i) {
    auto arg = [&] { return i + 1 < argc ? argv[++i] : ""; };
    if (!std::strcmp(argv[i], "--data")) dir = arg();
    else if (!std::strcmp(argv[i], "--grid")) grid = true;
    else if (!std::strcmp(argv[i], "--timing")) timing = true;
    else if (!std::strcmp(argv[i], "--join")) o.join = std::atof(arg());
    else if (!std::strcmp(argv[i], "--merge")) o.merge = std::atof(arg());
    else if (!std::strcmp(argv[i], "--max-df")) o.max_df = std::atof(arg());
    else if (!std::strcmp(argv[i], "--bigrams")) to.cjk_bigrams = std::atoi(arg()) != 0;
  }
  auto analyzer = Analyzer::Load();
  if (!analyzer.ok()) {
    std::fprintf(stderr, "cluster_bench: %s\n", analyzer.status().message().c_str());
    return 1;
  }
  const Analyzer& a = **analyzer;
  Labelled shop = Read(dir + "/online_shopping_10_cats.train.tsv", true, 0);
  Labelled cause = Read(std::string(LOOPDESK_TEXT_DATA_DIR) + "/../eval/cause_eval.tsv", false, 1);
  if (shop.texts.empty()) {
    std::fprintf(stderr, "cluster_bench: no reviews under %s\n", dir.c_str());
    return 1;
  }
  if (grid) {
    for (int bigrams : {0, 1})
      for (double join : {0.2, 0.25, 0.3, 0.35, 0.4})
        for (double merge : {0.4, 0.5, 0.6}) {
          ClusterOptions g = o;
          g.join = join, g.merge = merge;
          TermOptions gt;
          gt.cjk_bigrams = bigrams;
          Evaluate(a, "shopping validation", shop, 0, g, gt);
        }
  } else {
    Evaluate(a, "shopping validation", shop, 0, o, to);
    Evaluate(a, "shopping held-out", shop, 1, o, to);
    Evaluate(a, "cause_eval (all)", cause, -1, o, to);
  }
  if (timing) {
    std::vector<std::string> pool;
    for (const char* f : {"waimai_10k", "chnsenticorp_htl", "online_shopping_10_cats"}) {
      std::ifstream in(dir + "/" + f + ".train.tsv");
      std::string line;
      while (std::getline(in, line)) {
        auto tab = line.find('\t');
        if (tab == std::string::npos) continue;
        std::string label = line.substr(0, tab);
        if (label == "0" || label.ends_with("|0")) pool.push_back(line.substr(tab + 1));
      }
    }
    for (size_t n : {size_t{10000}, size_t{100000}}) {
      double t0 = Cpu();
      std::vector<std::vector<std::string>> docs;
      size_t bytes = 0;
      for (size_t i = 0; i < n; ++i) {
        bytes += pool[i % pool.size()].size();
        docs.push_back(FeedbackTerms(a, pool[i % pool.size()], to));
      }
      double t1 = Cpu();
      auto cs = ClusterDocs(docs, o);
      double t2 = Cpu();
      std::printf("timing n=%6zu (%.1f MB, %zu distinct texts): terms %.2f s CPU, clustering "
                  "%.2f s CPU, %zu clusters\n",
                  n, bytes / 1e6, std::min(n, pool.size()), t1 - t0, t2 - t1, cs.size());
    }
  }
  return 0;
}
