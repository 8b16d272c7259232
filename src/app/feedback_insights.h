#pragma once
// FeedbackInsights: the top issues of a period's negative feedback (issue 7; docs/text-quality.md
// "Feedback clusters" and "Corpus keywords").
// - Clusters: the negative survey comments, complaint or negative tickets and negative customer
//   messages of [from, to) (ports/feedback_texts.h) grouped by text::ClusterDocs, each with a
//   label (its top keywords), size, majority cause, weekly trend and ticket ids.
// - Keywords: TF-IDF keywords of the same texts, IDF from the store's ticket corpus (newest
//   tickets and customer messages), with their count in the previous period of equal length.
// Both are computed on request on a read snapshot. The words and cause of each feedback text
// are cached by its id (texts do not change once stored), so a repeated or overlapping request
// costs the query and the clustering only; the corpus IDF is recomputed when older than
// kIdfMaxAgeMs or on request. Thread-safe.

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "app/inputs.h"
#include "common/value.h"
#include "ports/store.h"

namespace loopdesk {
namespace text {
class Analyzer;
}

class FeedbackInsights {
 public:
  static constexpr TimeMs kIdfMaxAgeMs = 3600 * 1000;  // corpus IDF refreshed hourly
  static constexpr int kIdfCorpusLimit = 5000;        // newest tickets + 5000 messages
  static constexpr int kMaxTexts = 200000;            // feedback texts read per period

  // `analyzer` must outlive this object.
  FeedbackInsights(Store& store, const text::Analyzer& analyzer);

  struct ClusterQuery {
    TimeMs from = 0, to = 0;
    int limit = 20;          // clusters returned, largest first (1 … 100)
    std::string cause;       // "": any; else only clusters whose majority cause is this
    int min_size = 2;        // smaller clusters are not reported
  };
  // {from, to, texts, clustered, items:[{id, label, size, keywords, cause, cause_share,
  //  trend:[{week, count}], ticket_ids, ticket_count, sources:{survey, ticket, message},
  //  example:{kind, id, ticket_id, text}, cohesion}], took_ms}. Every role may read.
  Result<Value> Clusters(const Principal& who, const ClusterQuery& q);

  struct KeywordQuery {
    TimeMs from = 0, to = 0;
    int limit = 20;         // 1 … 200
    bool rising = false;    // rising first (count − previous_count), else by TF-IDF score
    bool refresh_idf = false;
    TimeMs now = 0;
  };
  // {from, to, previous:{from, to}, texts, previous_texts, corpus:{documents, computed_at},
  //  items:[{keyword, count, previous_count, change, score, share}]}.
  Result<Value> Keywords(const Principal& who, const KeywordQuery& q);

 private:
  struct Prepared {
    std::vector<std::string> terms;     // clustering terms (text::FeedbackTerms)
    std::vector<std::string> keywords;  // unique keyword-shaped words
    std::string cause;                  // stored cause, else the analyzer's
  };
  Result<std::vector<FeedbackText>> Load(TimeMs from, TimeMs to);
  // The prepared form of each text, from the cache or computed (outside the lock).
  std::vector<std::shared_ptr<const Prepared>> Prepare(const std::vector<FeedbackText>& texts);
  Status EnsureIdf(TimeMs now, bool force);

  Store& store_;
  const text::Analyzer& analyzer_;
  std::mutex mu_;  // guards cache_ and the IDF fields
  std::unordered_map<std::string, std::shared_ptr<const Prepared>> cache_;
  std::shared_ptr<const std::unordered_map<std::string, float>> idf_;
  float idf_unseen_ = 1;
  int64_t idf_docs_ = 0;
  TimeMs idf_at_ = 0;
};

}  // namespace loopdesk
