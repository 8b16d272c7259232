#pragma once
// XapianIndex: the TextIndex port over an in-memory Xapian database (Xapian 1.4, BM25).
// Terms per document: title words with wdf `title_weight` (the title boost), body words
// with wdf 1, both with positions; Chinese by the CjkMode chosen (search/text_index.h).
// Filter tags are boolean terms ("X" + tag); the id is the unique term "Q" + id.
// Queries are the OR of the query text's terms, made by the same tokenisation as the
// documents (no query syntax: user text never becomes an operator), ranked by BM25.
// The index lives in memory: the owner rebuilds it from the store at start.
// Thread-safe: one mutex around the database (Xapian objects are not thread-safe).

#include <memory>
#include <mutex>

#include "search/text_index.h"

namespace loopdesk::search {

struct XapianIndexOptions {
  CjkMode mode = CjkMode::kWords;
  // Title terms count this many times the body's (wdf increment).
  int title_weight = 3;
  // Keep the body for snippets (the similar-ticket index does not need it).
  bool store_body = true;
};

class XapianIndex final : public TextIndex {
 public:
  // `tokenizer` (may be null: then kWords and kBoth fall back to kNgram on raw text) must
  // outlive the index. kUnavailable when Xapian cannot open an in-memory database.
  static Result<std::unique_ptr<XapianIndex>> Create(const Tokenizer* tokenizer,
                                                     XapianIndexOptions options = {});
  ~XapianIndex() override;

  Status Put(const IndexDoc& doc) override;
  Status Remove(DocId id) override;
  Status Clear() override;
  Result<std::vector<Hit>> Search(const Query& q) const override;
  int64_t size() const override;

  struct Impl;

 private:
  explicit XapianIndex(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace loopdesk::search
