#pragma once
// The search port of the knowledge base and the similar-ticket index (DESIGN.md §1 H): a
// full-text index of documents with a title and a body, ranked by BM25 with the title counted
// more, filtered by exact tags. Pure interface; the Xapian adapter is search/xapian/.
// Language handling is injected as a Tokenizer (the app adapts the text engine's normaliser
// and segmenter), so this library knows only common.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace loopdesk::search {

using DocId = int64_t;

// Turns text into index terms. Implementations must be thread-safe.
class Tokenizer {
 public:
  virtual ~Tokenizer() = default;
  // The normalised form (NFKC, simplified Chinese, lower-cased Latin).
  virtual std::string Normalize(std::string_view text) const = 0;
  // The words of normalised text, in order (Chinese segmented into words, no punctuation).
  virtual std::vector<std::string> Words(std::string_view normalized) const = 0;
};

// How Chinese (CJK) text becomes terms (docs/knowledge.md has the measurement).
enum class CjkMode {
  kWords,  // the Tokenizer's words (dictionary segmentation) are the terms
  kNgram,  // Xapian's CJK n-grams (single characters and bigrams) on normalised text
  kBoth,   // both: words and n-grams are terms of the same document
};

struct IndexDoc {
  DocId id = 0;  // > 0; Put replaces the document with the same id
  std::string title;
  std::string body;
  // Exact filter tags such as "status:published" or "category:script".
  std::vector<std::string> tags;
  int64_t value = 0;  // a number returned with hits (e.g. resolution seconds)
};

struct Query {
  std::string text;
  int limit = 10;
  std::vector<std::string> all_tags;   // hits carry every one of these tags
  std::vector<std::string> none_tags;  // hits carry none of these tags
  std::vector<DocId> exclude;          // ids never returned
  // Length of the snippet in characters (code points); 0 = no snippet.
  int snippet_chars = 0;
};

struct Hit {
  DocId id = 0;
  double score = 0;  // BM25 weight; higher is better, comparable within one query only
  std::string title;
  std::string snippet;  // HTML-escaped body excerpt with matches in <mark>…</mark>
  int64_t value = 0;
};

// A mutable full-text index. Thread-safe: Put/Remove/Search may be called concurrently.
class TextIndex {
 public:
  virtual ~TextIndex() = default;
  virtual Status Put(const IndexDoc& doc) = 0;
  // No error when the id is not indexed.
  virtual Status Remove(DocId id) = 0;
  virtual Status Clear() = 0;
  // Best first, at most q.limit hits. An empty or term-less query yields no hits.
  virtual Result<std::vector<Hit>> Search(const Query& q) const = 0;
  virtual int64_t size() const = 0;
};

}  // namespace loopdesk::search
