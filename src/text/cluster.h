#pragma once
// Clustering of short feedback texts (issue 7: "clusters of negative feedback"), pure code over
// the words of each text. docs/text-quality.md ("Feedback clusters") gives the measurements
// behind the choices.
//
// Method (deterministic, one thread):
//   1. Each text becomes a TF-IDF vector over its terms (FeedbackTerms: the segmenter's words
//      without stop words, plus, optionally, the character bigrams of Chinese runs); IDF is
//      computed over the batch itself; terms in one document only are dropped (they cannot
//      link two texts), vectors are L2-normalised.
//   2. Leader clustering: texts in input order join the cluster whose centroid is most
//      similar (cosine ≥ `join`), found through an inverted index of centroid terms, or start
//      a new cluster. Exact and near duplicates (cosine ≈ 1) always land together.
//   3. Refinement: every text is reassigned once to its most similar final centroid (a k-means
//      step), which removes most of the input-order effect of step 2.
//   4. Merge: clusters whose centroids have cosine ≥ `merge` are joined (union-find), so one
//      problem said in two ways is one cluster.
// Cost: about linear in the number of texts times the postings of their terms (measured in
// docs/text-quality.md: 10 k and 100 k texts).

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace loopdesk::text {

class Analyzer;

// The words of a stop list shared with the keyword extractor (的, 了, the, and …).
bool IsStopword(std::string_view word);

struct TermOptions {
  bool cjk_bigrams = false;  // add character bigrams of Chinese runs ("送餐慢" → 送餐, 餐慢)
};

// Clustering terms of a text: Analyzer::Normalize, Analyzer::Words, without stop words,
// punctuation, numbers and 1–2 letter ASCII words. Thread-safe.
std::vector<std::string> FeedbackTerms(const Analyzer& analyzer, std::string_view text,
                                       const TermOptions& options = {});

struct ClusterOptions {
  double join = 0.20;   // cosine to the centroid for a text to join a cluster
  double merge = 0.40;  // cosine between centroids for two clusters to merge
  // Terms present in more than this share of the documents weigh nothing for similarity
  // (they say "this is feedback", not which problem). 1 keeps every term.
  double max_df = 0.5;
  size_t keywords = 5;  // keywords reported per cluster
};

struct TextCluster {
  std::vector<size_t> members;        // indices into the input, ascending
  std::vector<std::string> keywords;  // the centroid's heaviest terms, best first
  size_t central = 0;                 // the member most similar to the centroid
  double cohesion = 0;                // mean cosine of the members to the centroid, 0 … 1
};

// Clusters `docs` (the terms of each text, e.g. from FeedbackTerms). Returns every cluster,
// singletons included, largest first (ties: smallest first member). Documents without a
// usable term form singleton clusters with no keywords. Deterministic for a given input.
std::vector<TextCluster> ClusterDocs(const std::vector<std::vector<std::string>>& docs,
                                     const ClusterOptions& options = {});

// Agreement of a clustering with reference labels (labels[i] for document i; every document
// in exactly one cluster): purity (share of documents in their cluster's majority label) and
// normalised mutual information (arithmetic-mean normalisation), both 0 … 1.
struct ClusterAgreement {
  double purity = 0;
  double nmi = 0;
};
ClusterAgreement MeasureClusters(const std::vector<TextCluster>& clusters,
                                 const std::vector<std::string>& labels);

}  // namespace loopdesk::text
