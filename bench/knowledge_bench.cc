// Knowledge search benchmark (docs/knowledge.md, docs/benchmarks.md):
//  1. quality of each CjkMode on the labelled query set (bench/knowledge_queries.h) over the
//     demo articles: hit@1, hit@3, MRR;
//  2. quality of similar-ticket lookup per mode: tickets generated from the demo ticket
//     templates, queried with the customer's follow-up line (other words, same problem);
//     precision@5 = share of the top 5 from the same template;
//  3. latency: article search over --articles synthetic articles and similar-ticket lookup
//     over --tickets synthetic tickets (p50/p99), with index build rates and RSS.
// Usage: knowledge_bench [--articles 10000] [--tickets 100000] [--mode words|ngram|both]

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "app/demo_knowledge.h"
#include "app/demo_texts.h"
#include "app/knowledge_tokenizer.h"
#include "bench/knowledge_queries.h"
#include "search/xapian/xapian_index.h"
#include "text/analyzer.h"

using namespace loopdesk;
using Steady = std::chrono::steady_clock;

namespace {

const char* ModeName(search::CjkMode m) {
  switch (m) {
    case search::CjkMode::kWords: return "words";
    case search::CjkMode::kNgram: return "ngram";
    case search::CjkMode::kBoth: return "both";
  }
  return "?";
}

std::unique_ptr<search::XapianIndex> NewIndex(const search::Tokenizer& tok, search::CjkMode mode,
                                              bool store_body) {
  search::XapianIndexOptions o;
  o.mode = mode;
  o.store_body = store_body;
  auto idx = search::XapianIndex::Create(&tok, o);
  if (!idx.ok()) {
    std::fprintf(stderr, "%s\n", idx.status().ToString().c_str());
    std::exit(1);
  }
  return std::move(*idx);
}

std::string Fill(std::string_view s, std::mt19937& rng) {
  static const char* kProducts[] = {"商用空调 KX-5", "医用监护仪 M3", "智能门锁 L7",
                                    "工业打印机 P900", "净水器 W2"};
  std::string out(s);
  auto repl = [&](const std::string& key, const std::string& val) {
    for (size_t p = out.find(key); p != std::string::npos; p = out.find(key, p + val.size()))
      out.replace(p, key.size(), val);
  };
  repl("{product}", kProducts[rng() % 5]);
  repl("{serial}", "SN" + std::to_string(100000 + rng() % 900000));
  repl("{order}", "DD" + std::to_string(10000000 + rng() % 90000000));
  repl("{amount}", std::to_string(100 + rng() % 20000));
  repl("{city}", "上海");
  return out;
}

double Pct(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * (v.size() - 1) + 0.5))];
}

long RssMb() {
  std::ifstream f("/proc/self/status");
  std::string line;
  while (std::getline(f, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::atol(line.c_str() + 6) / 1024;
  return -1;
}

void ArticleQuality(const search::Tokenizer& tok, search::CjkMode mode) {
  auto idx = NewIndex(tok, mode, true);
  std::vector<std::string> titles;
  int64_t id = 0;
  for (const DemoArticle& a : DemoArticles()) {
    search::IndexDoc d{++id, std::string(a.title), std::string(a.body), {}, 0};
    (void)idx->Put(d);
    titles.emplace_back(a.title);
  }
  int n = 0, at1 = 0, at3 = 0;
  double mrr = 0;
  std::string misses;
  for (const auto& q : bench::kLabelledQueries) {
    ++n;
    search::Query sq;
    sq.text = std::string(q.query);
    sq.limit = 10;
    auto hits = idx->Search(sq);
    int rank = 0;
    if (hits.ok())
      for (size_t i = 0; i < hits->size(); ++i)
        if ((*hits)[i].title == q.title) {
          rank = static_cast<int>(i) + 1;
          break;
        }
    if (rank == 1) ++at1;
    if (rank >= 1 && rank <= 3) ++at3;
    if (rank) mrr += 1.0 / rank;
    if (rank != 1) misses += " " + std::string(q.query) + "(" + std::to_string(rank) + ")";
  }
  std::printf("articles  %-5s  queries %d  hit@1 %.2f  hit@3 %.2f  MRR %.3f  terms %s\n",
              ModeName(mode), n, double(at1) / n, double(at3) / n, mrr / n, "");
  std::printf("          misses (rank, 0 = not in top 10):%s\n", misses.c_str());
}

struct GenTicket {
  std::string subject, description, follow_up;
  int tpl = 0;
};

GenTicket MakeTicket(std::mt19937& rng, bool noise) {
  auto tpls = demo::TicketTemplates();
  GenTicket t;
  t.tpl = static_cast<int>(rng() % tpls.size());
  const demo::Script& s = (rng() % 4 == 0) ? tpls[t.tpl].en : tpls[t.tpl].zh;
  t.subject = Fill(s.subject, rng);
  t.description = Fill(s.description, rng);
  if (noise) {  // another case's line: real descriptions wander
    const auto& o = tpls[rng() % tpls.size()].zh;
    t.description += " " + Fill(o.info.empty() ? o.ask : o.info, rng);
  }
  t.follow_up = Fill(s.info.empty() ? s.ask : s.info, rng);
  return t;
}

void SimilarQuality(const search::Tokenizer& tok, search::CjkMode mode) {
  auto idx = NewIndex(tok, mode, false);
  std::mt19937 rng(7);
  std::vector<int> tpl_of(1);
  for (int i = 1; i <= 3000; ++i) {
    GenTicket t = MakeTicket(rng, true);
    (void)idx->Put({i, t.subject, t.description, {}, 0});
    tpl_of.push_back(t.tpl);
  }
  int queries = 0, same = 0, returned = 0;
  for (int i = 0; i < 300; ++i) {
    GenTicket t = MakeTicket(rng, false);
    if (t.follow_up.empty()) continue;
    search::Query q;
    q.text = t.follow_up;
    q.limit = 5;
    auto hits = idx->Search(q);
    ++queries;
    if (!hits.ok()) continue;
    for (const auto& h : *hits) {
      ++returned;
      if (tpl_of[h.id] == t.tpl) ++same;
    }
  }
  std::printf("similar   %-5s  queries %d  precision@5 %.3f  (hits %d)\n", ModeName(mode),
              queries, returned ? double(same) / returned : 0.0, returned);
}

void Latency(const search::Tokenizer& tok, search::CjkMode mode, int n_articles, int n_tickets) {
  std::mt19937 rng(11);
  auto tpls = demo::TicketTemplates();
  auto arts = NewIndex(tok, mode, true);
  auto t0 = Steady::now();
  for (int i = 1; i <= n_articles; ++i) {
    const auto& a = tpls[rng() % tpls.size()].zh;
    std::string body;
    for (int k = 0; k < 4; ++k) {
      const auto& s = tpls[rng() % tpls.size()].zh;
      body += Fill(k % 2 ? s.solution : s.description, rng) + "\n";
    }
    const DemoArticle& d = DemoArticles()[rng() % DemoArticles().size()];
    body += std::string(d.body);
    (void)arts->Put({i, Fill(a.subject, rng) + " " + std::to_string(i), body,
                     {"status:published"}, 0});
  }
  double build_s = std::chrono::duration<double>(Steady::now() - t0).count();
  std::vector<double> ms;
  for (int r = 0; r < 20; ++r)
    for (const auto& q : bench::kLabelledQueries) {
      search::Query sq;
      sq.text = std::string(q.query);
      sq.limit = 10;
      sq.all_tags = {"status:published"};
      sq.snippet_chars = 120;
      auto s0 = Steady::now();
      auto hits = arts->Search(sq);
      ms.push_back(std::chrono::duration<double, std::milli>(Steady::now() - s0).count());
      if (!hits.ok()) std::exit(2);
    }
  std::printf("latency   %-5s  article search over %d articles: p50 %.2f ms  p99 %.2f ms  "
              "(%zu queries, build %.0f docs/s)\n",
              ModeName(mode), n_articles, Pct(ms, 0.5), Pct(ms, 0.99), ms.size(),
              n_articles / build_s);

  auto tix = NewIndex(tok, mode, false);
  t0 = Steady::now();
  for (int i = 1; i <= n_tickets; ++i) {
    GenTicket t = MakeTicket(rng, true);
    (void)tix->Put({i, t.subject, t.description, {}, static_cast<int64_t>(rng() % 86400)});
  }
  build_s = std::chrono::duration<double>(Steady::now() - t0).count();
  ms.clear();
  for (int r = 0; r < 1000; ++r) {
    GenTicket t = MakeTicket(rng, true);
    search::Query q;
    q.text = t.subject + "\n" + t.description;
    q.limit = 5;
    q.exclude = {static_cast<int64_t>(r + 1)};
    auto s0 = Steady::now();
    auto hits = tix->Search(q);
    ms.push_back(std::chrono::duration<double, std::milli>(Steady::now() - s0).count());
    if (!hits.ok()) std::exit(2);
  }
  std::printf("latency   %-5s  similar tickets over %d tickets: p50 %.2f ms  p99 %.2f ms  "
              "(1000 lookups, build %.0f docs/s, RSS %ld MB)\n",
              ModeName(mode), n_tickets, Pct(ms, 0.5), Pct(ms, 0.99), n_tickets / build_s,
              RssMb());
}

}  // namespace

int main(int argc, char** argv) {
  int n_articles = 10000, n_tickets = 100000;
  std::string only;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--articles")) n_articles = std::atoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--tickets")) n_tickets = std::atoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--mode")) only = argv[i + 1];
  }
  auto analyzer = text::Analyzer::Load();
  if (!analyzer.ok()) {
    std::fprintf(stderr, "%s\n", analyzer.status().ToString().c_str());
    return 1;
  }
  AnalyzerTokenizer tok(**analyzer);
  const search::CjkMode modes[] = {search::CjkMode::kWords, search::CjkMode::kNgram,
                                   search::CjkMode::kBoth};
  for (auto m : modes) ArticleQuality(tok, m);
  for (auto m : modes) SimilarQuality(tok, m);
  for (auto m : modes)
    if (only.empty() || only == ModeName(m)) Latency(tok, m, n_articles, n_tickets);
  return 0;
}
