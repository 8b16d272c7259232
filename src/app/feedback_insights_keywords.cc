// Corpus keywords of negative feedback (FeedbackInsights::Keywords): TF-IDF with IDF from the
// store's ticket corpus, and the trend against the previous period.

#include <algorithm>
#include <cmath>
#include <unordered_map>
#include <unordered_set>

#include "app/feedback_insights.h"
#include "common/time.h"
#include "text/analyzer.h"
#include "text/cluster.h"

namespace loopdesk {

Status FeedbackInsights::EnsureIdf(TimeMs now, bool force) {
  {
    std::lock_guard lock(mu_);
    if (!force && idf_ && now - idf_at_ < kIdfMaxAgeMs && now >= idf_at_) return Status::Ok();
  }
  std::vector<std::string> corpus;
  LD_RETURN_IF_ERROR(store_.Read([&](UnitOfWork& uow) -> Status {
    LD_ASSIGN_OR_RETURN(corpus, uow.CorpusTexts(kIdfCorpusLimit));
    return Status::Ok();
  }));
  // Document frequency of each word over the corpus (each word once per document).
  std::unordered_map<std::string, int64_t> df;
  for (const auto& doc : corpus) {
    std::unordered_set<std::string> seen;
    for (auto& w : text::FeedbackTerms(analyzer_, doc))
      if (seen.insert(w).second) df[w] += 1;
  }
  const double n = static_cast<double>(corpus.size());
  auto idf = std::make_shared<std::unordered_map<std::string, float>>();
  idf->reserve(df.size());
  for (auto& [w, k] : df)
    (*idf)[w] = static_cast<float>(std::log((n + 1) / (static_cast<double>(k) + 1)) + 1);
  std::lock_guard lock(mu_);
  idf_ = std::move(idf);
  idf_unseen_ = static_cast<float>(std::log(n + 1) + 1);  // a word the corpus never used
  idf_docs_ = static_cast<int64_t>(corpus.size());
  idf_at_ = now;
  return Status::Ok();
}

Result<Value> FeedbackInsights::Keywords(const Principal& who, const KeywordQuery& q) {
  if (who.agent_id <= 0) return Status::Denied("sign in first");
  LD_RETURN_IF_ERROR(EnsureIdf(q.now, q.refresh_idf));
  std::shared_ptr<const std::unordered_map<std::string, float>> idf;
  float unseen = 1;
  int64_t corpus_docs = 0;
  TimeMs corpus_at = 0;
  {
    std::lock_guard lock(mu_);
    idf = idf_;
    unseen = idf_unseen_;
    corpus_docs = idf_docs_;
    corpus_at = idf_at_;
  }
  const TimeMs span = q.to - q.from;
  const TimeMs prev_from = q.from - span;

  // Documents containing each keyword, in the period and in the one before.
  auto count = [&](TimeMs from, TimeMs to, size_t* texts)
      -> Result<std::unordered_map<std::string, int64_t>> {
    LD_ASSIGN_OR_RETURN(std::vector<FeedbackText> rows, Load(from, to));
    *texts = rows.size();
    std::unordered_map<std::string, int64_t> out;
    for (const auto& p : Prepare(rows))
      for (const auto& k : p->keywords) out[k] += 1;
    return out;
  };
  size_t texts = 0, prev_texts = 0;
  LD_ASSIGN_OR_RETURN(auto now_counts, count(q.from, q.to, &texts));
  LD_ASSIGN_OR_RETURN(auto prev_counts, count(prev_from, q.from, &prev_texts));

  struct Row {
    std::string word;
    int64_t count, previous;
    double score;
  };
  std::vector<Row> rows;
  for (auto& [w, k] : now_counts) {
    if (k < 2 && texts >= 10) continue;  // a word said once is not a top issue
    auto it = idf->find(w);
    double weight = it == idf->end() ? unseen : it->second;
    auto p = prev_counts.find(w);
    rows.push_back({w, k, p == prev_counts.end() ? 0 : p->second, k * weight});
  }
  auto by_score = [](const Row& a, const Row& b) {
    return a.score != b.score ? a.score > b.score : a.word < b.word;
  };
  if (q.rising) {
    std::sort(rows.begin(), rows.end(), [&](const Row& a, const Row& b) {
      int64_t da = a.count - a.previous, db = b.count - b.previous;
      return da != db ? da > db : by_score(a, b);
    });
  } else {
    std::sort(rows.begin(), rows.end(), by_score);
  }

  Value items = Value::MakeArray();
  for (size_t i = 0; i < rows.size() && static_cast<int>(i) < q.limit; ++i) {
    const Row& r = rows[i];
    Value item = Value::MakeObject();
    item.Set("keyword", r.word);
    item.Set("count", r.count);
    item.Set("previous_count", r.previous);
    item.Set("change", r.count - r.previous);
    item.Set("score", std::round(r.score * 1000) / 1000);
    item.Set("share", texts ? std::round(1000.0 * r.count / texts) / 1000 : 0.0);
    items.Push(std::move(item));
  }
  Value out = Value::MakeObject();
  out.Set("from", FormatIso8601(q.from));
  out.Set("to", FormatIso8601(q.to));
  Value prev = Value::MakeObject();
  prev.Set("from", FormatIso8601(prev_from));
  prev.Set("to", FormatIso8601(q.from));
  out.Set("previous", std::move(prev));
  out.Set("texts", static_cast<int64_t>(texts));
  out.Set("previous_texts", static_cast<int64_t>(prev_texts));
  Value corpus = Value::MakeObject();
  corpus.Set("documents", corpus_docs);
  corpus.Set("computed_at", FormatIso8601(corpus_at));
  out.Set("corpus", std::move(corpus));
  out.Set("sort", q.rising ? "rising" : "score");
  out.Set("items", std::move(items));
  return out;
}

}  // namespace loopdesk
