#include "text/cluster.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <numeric>
#include <unordered_map>

#include "common/utf8.h"
#include "text/normalize.h"
#include "text/analyzer.h"

namespace loopdesk::text {

namespace {

bool IsCjk(char32_t c) {
  return (c >= 0x3400 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0x20000 && c <= 0x2FFFF);
}

// A word worth clustering on: not a stop word, not a number, Latin words of 3+ letters,
// Chinese words of any length (慢, 凉, 贵 carry the complaint).
bool IsTermShape(std::string_view w) {
  if (w.empty() || IsStopword(w)) return false;
  size_t i = 0, n = 0;
  bool digits = true, ascii = true, letter = false;
  while (i < w.size()) {
    char32_t c = NextCodePoint(w, i);
    ++n;
    if (c >= 0x80) ascii = false;
    if (!(c >= '0' && c <= '9') && c != '.') digits = false;
    if ((c >= 'a' && c <= 'z') || IsCjk(c)) letter = true;
  }
  if (digits || !letter) return false;
  return ascii ? n >= 3 : true;
}

// A sparse vector: term ids ascending with weights.
struct Vec {
  std::vector<uint32_t> t;
  std::vector<float> w;
};

// A cluster's sum vector lives in the postings (term → (cluster, weight)); the centroid keeps
// where: term → index in postings[term], so the hot loop reads weights without hashing.
struct Centroid {
  std::unordered_map<uint32_t, uint32_t> slot;
  double norm2 = 0;
  std::vector<uint32_t> members;
};

struct Posting {
  uint32_t cluster;
  float weight;
};

struct UnionFind {
  std::vector<uint32_t> p;
  explicit UnionFind(size_t n) : p(n) { std::iota(p.begin(), p.end(), 0u); }
  uint32_t Find(uint32_t x) {
    while (p[x] != x) x = p[x] = p[p[x]];
    return x;
  }
  void Join(uint32_t a, uint32_t b) {
    a = Find(a), b = Find(b);
    if (a != b) p[std::max(a, b)] = std::min(a, b);
  }
};

}  // namespace

std::vector<std::string> FeedbackTerms(const Analyzer& analyzer, std::string_view text,
                                       const TermOptions& options) {
  std::string norm = analyzer.Normalize(text);
  std::vector<std::string> out;
  for (auto& w : analyzer.Words(norm))
    if (IsTermShape(w)) out.push_back(std::move(w));
  if (options.cjk_bigrams) {
    size_t prev_start = std::string::npos, prev_len = 0;
    for (size_t i = 0; i < norm.size();) {
      size_t start = i;
      char32_t c = NextCodePoint(norm, i);
      if (!IsCjk(c)) {
        prev_start = std::string::npos;
        continue;
      }
      if (prev_start != std::string::npos)
        out.push_back("#" + norm.substr(prev_start, prev_len + (i - start)));
      prev_start = start;
      prev_len = i - start;
    }
  }
  return out;
}

std::vector<TextCluster> ClusterDocs(const std::vector<std::vector<std::string>>& docs,
                                     const ClusterOptions& o) {
  const size_t n = docs.size();
  // Intern terms and count document frequencies.
  std::unordered_map<std::string_view, uint32_t> ids;
  std::vector<std::string_view> names;
  std::vector<uint32_t> df;
  std::vector<std::vector<std::pair<uint32_t, float>>> tf(n);
  for (size_t d = 0; d < n; ++d) {
    std::map<uint32_t, float> counts;
    for (const auto& term : docs[d]) {
      auto [it, fresh] = ids.try_emplace(term, static_cast<uint32_t>(names.size()));
      if (fresh) names.push_back(term), df.push_back(0);
      counts[it->second] += 1;
    }
    for (auto& [t, c] : counts) ++df[t], tf[d].emplace_back(t, c);
  }
  // TF-IDF vectors, L2-normalised; terms of one document, or too common, are dropped.
  std::vector<float> idf(names.size());
  for (size_t t = 0; t < names.size(); ++t)
    idf[t] = static_cast<float>(std::log((1.0 + n) / (1.0 + df[t])) + 1.0);
  const double max_df = o.max_df * static_cast<double>(n);
  std::vector<Vec> vec(n);
  for (size_t d = 0; d < n; ++d) {
    double norm2 = 0;
    for (auto [t, c] : tf[d]) {
      if (df[t] < 2 || (o.max_df < 1 && df[t] > max_df && n >= 20)) continue;
      float w = (1 + std::log(c)) * idf[t];
      vec[d].t.push_back(t), vec[d].w.push_back(w), norm2 += double(w) * w;
    }
    float inv = norm2 > 0 ? static_cast<float>(1 / std::sqrt(norm2)) : 0;
    for (auto& w : vec[d].w) w *= inv;
  }

  // 2. Leader clustering over an inverted index term → (cluster, weight in its sum).
  std::vector<Centroid> cs;
  std::vector<std::vector<Posting>> postings(names.size());
  std::vector<double> acc;
  std::vector<uint32_t> touched;
  std::vector<uint32_t> assign(n, UINT32_MAX);
  auto best_of = [&](const Vec& v, uint32_t skip_cluster) {
    touched.clear();
    for (size_t k = 0; k < v.t.size(); ++k)
      for (const Posting& p : postings[v.t[k]]) {
        if (acc[p.cluster] == 0) touched.push_back(p.cluster);
        acc[p.cluster] += double(v.w[k]) * p.weight;
      }
    uint32_t best = UINT32_MAX;
    double best_cos = 0;
    for (uint32_t c : touched) {
      double cos = c == skip_cluster ? 0 : acc[c] / std::sqrt(cs[c].norm2);
      if (cos > best_cos + 1e-12 || (std::fabs(cos - best_cos) <= 1e-12 && c < best))
        best_cos = cos, best = c;
      acc[c] = 0;
    }
    return std::pair(best, best_cos);
  };
  auto add_to = [&](uint32_t c, const Vec& v) {
    Centroid& ct = cs[c];
    double dot = 0;
    for (size_t k = 0; k < v.t.size(); ++k) {
      auto& list = postings[v.t[k]];
      auto [it, fresh] = ct.slot.try_emplace(v.t[k], static_cast<uint32_t>(list.size()));
      if (fresh) list.push_back({c, 0.0f});
      float& w = list[it->second].weight;
      dot += double(w) * v.w[k];
      w += v.w[k];
    }
    ct.norm2 += 2 * dot + 1;
  };
  for (size_t d = 0; d < n; ++d) {
    if (vec[d].t.empty()) continue;
    acc.resize(cs.size(), 0);
    auto [best, cos] = best_of(vec[d], UINT32_MAX);
    if (best == UINT32_MAX || cos < o.join) {
      best = static_cast<uint32_t>(cs.size());
      cs.emplace_back();
      acc.push_back(0);
    }
    add_to(best, vec[d]);
    assign[d] = best;
  }

  // 3. One reassignment to the most similar final centroid (the centroids stay those of
  // step 2 while reassigning, so the result does not depend on the order again).
  acc.assign(cs.size(), 0);
  std::vector<uint32_t> moved(n, UINT32_MAX);
  for (size_t d = 0; d < n; ++d) {
    if (assign[d] == UINT32_MAX) continue;
    auto [best, cos] = best_of(vec[d], UINT32_MAX);
    moved[d] = best == UINT32_MAX || cos < o.join ? assign[d] : best;
  }
  // Rebuild the centroids from the new assignment.
  for (auto& p : postings) p.clear();
  std::vector<Centroid> old = std::move(cs);
  cs.assign(old.size(), Centroid{});
  for (size_t d = 0; d < n; ++d)
    if (moved[d] != UINT32_MAX) add_to(moved[d], vec[d]), cs[moved[d]].members.push_back(d);

  // 4. Merge similar centroids (each compared with the others through the index).
  UnionFind uf(cs.size());
  acc.assign(cs.size(), 0);
  for (uint32_t c = 0; c < cs.size(); ++c) {
    if (cs[c].members.empty()) continue;
    Vec v;
    double inv = 1 / std::sqrt(cs[c].norm2);
    std::vector<std::pair<uint32_t, float>> terms;
    for (auto [t, pos] : cs[c].slot) terms.emplace_back(t, postings[t][pos].weight);
    std::sort(terms.begin(), terms.end());
    for (auto [t, w] : terms) v.t.push_back(t), v.w.push_back(static_cast<float>(w * inv));
    touched.clear();
    for (size_t k = 0; k < v.t.size(); ++k)
      for (const Posting& p : postings[v.t[k]]) {
        if (p.cluster <= c) continue;  // each pair once
        if (acc[p.cluster] == 0) touched.push_back(p.cluster);
        acc[p.cluster] += double(v.w[k]) * p.weight;
      }
    for (uint32_t o2 : touched) {
      if (acc[o2] / std::sqrt(cs[o2].norm2) >= o.merge) uf.Join(c, o2);
      acc[o2] = 0;
    }
  }

  // Collect the final clusters.
  std::unordered_map<uint32_t, size_t> slot;
  std::vector<TextCluster> out;
  std::vector<std::unordered_map<uint32_t, float>> merged;  // sum vectors of the final clusters
  for (size_t d = 0; d < n; ++d) {
    if (moved[d] == UINT32_MAX) {
      TextCluster single;
      single.members = {d};
      single.central = d;
      single.cohesion = 1;
      out.push_back(std::move(single));
      merged.emplace_back();
      continue;
    }
    uint32_t root = uf.Find(moved[d]);
    auto [it, fresh] = slot.try_emplace(root, out.size());
    if (fresh) out.emplace_back(), merged.emplace_back();
    out[it->second].members.push_back(d);
    auto& m = merged[it->second];
    for (size_t k = 0; k < vec[d].t.size(); ++k) m[vec[d].t[k]] += vec[d].w[k];
  }
  for (size_t i = 0; i < out.size(); ++i) {
    auto& m = merged[i];
    if (m.empty()) continue;
    double norm2 = 0;
    for (auto& [t, w] : m) norm2 += double(w) * w;
    double inv = 1 / std::sqrt(norm2);
    double best = -1, total = 0;
    for (size_t d : out[i].members) {
      double dot = 0;
      for (size_t k = 0; k < vec[d].t.size(); ++k) dot += vec[d].w[k] * m[vec[d].t[k]];
      dot *= inv;
      total += dot;
      if (dot > best + 1e-12) best = dot, out[i].central = d;
    }
    out[i].cohesion = total / out[i].members.size();
    std::vector<std::pair<float, uint32_t>> top;
    for (auto& [t, w] : m) top.emplace_back(w, t);
    size_t k = std::min(o.keywords, top.size());
    std::partial_sort(top.begin(), top.begin() + k, top.end(), [&](auto& a, auto& b) {
      return a.first != b.first ? a.first > b.first : names[a.second] < names[b.second];
    });
    for (size_t j = 0; j < k; ++j) {
      std::string_view name = names[top[j].second];
      if (!name.empty() && name[0] == '#') continue;  // bigrams are not shown as keywords
      out[i].keywords.emplace_back(name);
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const TextCluster& a, const TextCluster& b) {
    return a.members.size() != b.members.size() ? a.members.size() > b.members.size()
                                                : a.members[0] < b.members[0];
  });
  return out;
}

ClusterAgreement MeasureClusters(const std::vector<TextCluster>& clusters,
                                 const std::vector<std::string>& labels) {
  ClusterAgreement r;
  const double n = static_cast<double>(labels.size());
  if (labels.empty()) return r;
  std::map<std::string, double> label_count;
  for (const auto& l : labels) label_count[l] += 1;
  double majority_total = 0, mi = 0, h_clusters = 0, h_labels = 0;
  for (const auto& c : clusters) {
    std::map<std::string, double> in;
    for (size_t d : c.members) in[labels[d]] += 1;
    double size = static_cast<double>(c.members.size()), best = 0;
    for (auto& [l, k] : in) {
      best = std::max(best, k);
      mi += k / n * std::log(k * n / (size * label_count[l]));
    }
    majority_total += best;
    h_clusters -= size / n * std::log(size / n);
  }
  for (auto& [l, k] : label_count) h_labels -= k / n * std::log(k / n);
  r.purity = majority_total / n;
  double mean_h = (h_clusters + h_labels) / 2;
  r.nmi = mean_h > 0 ? mi / mean_h : 1;
  return r;
}

}  // namespace loopdesk::text
