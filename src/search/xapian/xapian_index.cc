#include "search/xapian/xapian_index.h"

#include <xapian.h>

#include <map>
#include <set>

#include "search/snippet.h"

namespace loopdesk::search {

namespace {

constexpr Xapian::valueno kIdSlot = 0;
constexpr Xapian::valueno kValueSlot = 1;
// Xapian refuses terms longer than 245 bytes; longer "words" are noise anyway.
constexpr size_t kMaxTermBytes = 120;
constexpr Xapian::termcount kEliteTerms = 12;

std::string IdTerm(DocId id) { return "Q" + std::to_string(id); }
std::string TagTerm(const std::string& tag) { return "X" + tag.substr(0, kMaxTermBytes); }

// Index terms start with a lower-case letter, a digit or a multi-byte character; prefixed
// terms (Q, X) are upper case, so user words never collide with them.
bool UsableTerm(const std::string& t) {
  if (t.empty() || t.size() > kMaxTermBytes) return false;
  unsigned char c = static_cast<unsigned char>(t[0]);
  return !(c >= 'A' && c <= 'Z');
}

}  // namespace

struct XapianIndex::Impl {
  const Tokenizer* tokenizer = nullptr;
  XapianIndexOptions options;
  mutable std::mutex mu;
  Xapian::WritableDatabase db;

  bool UseWords() const { return tokenizer && options.mode != CjkMode::kNgram; }
  bool UseNgrams() const { return !tokenizer || options.mode != CjkMode::kWords; }
  std::string Norm(std::string_view s) const {
    return tokenizer ? tokenizer->Normalize(s) : std::string(s);
  }

  // Adds the terms of `text` to `doc` with wdf `wdf` each, positions from `*pos`.
  void AddText(Xapian::Document& doc, const std::string& normalized, int wdf,
               Xapian::termpos* pos) const {
    if (UseWords()) {
      for (const std::string& w : tokenizer->Words(normalized))
        if (UsableTerm(w)) doc.add_posting(w, ++*pos, wdf);
    }
    if (UseNgrams()) {
      Xapian::TermGenerator tg;
      tg.set_flags(Xapian::TermGenerator::FLAG_CJK_NGRAM);
      tg.set_document(doc);
      tg.set_termpos(*pos);
      tg.index_text(normalized, wdf);
      *pos = tg.get_termpos();
      doc = tg.get_document();
    }
    *pos += 100;  // no phrase spans title and body
  }

  // The query terms of `text` (same tokenisation as documents) with their counts.
  std::map<std::string, int> QueryTerms(const std::string& text) const {
    std::map<std::string, int> out;
    const std::string n = Norm(text);
    if (UseWords())
      for (const std::string& w : tokenizer->Words(n))
        if (UsableTerm(w)) ++out[w];
    if (UseNgrams()) {
      Xapian::TermGenerator tg;
      tg.set_flags(Xapian::TermGenerator::FLAG_CJK_NGRAM);
      Xapian::Document scratch;
      tg.set_document(scratch);
      tg.index_text(n);
      Xapian::Document d = tg.get_document();
      for (auto it = d.termlist_begin(); it != d.termlist_end(); ++it)
        if (UsableTerm(*it)) out[*it] += static_cast<int>(it.get_wdf());
    }
    return out;
  }
};

Result<std::unique_ptr<XapianIndex>> XapianIndex::Create(const Tokenizer* tokenizer,
                                                         XapianIndexOptions options) {
  auto impl = std::make_unique<Impl>();
  impl->tokenizer = tokenizer;
  impl->options = options;
  try {
    impl->db = Xapian::WritableDatabase(std::string(), Xapian::DB_BACKEND_INMEMORY);
  } catch (const Xapian::Error& e) {
    return Status::Unavailable("cannot open an in-memory Xapian database: " + e.get_msg());
  }
  return std::unique_ptr<XapianIndex>(new XapianIndex(std::move(impl)));
}

XapianIndex::XapianIndex(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
XapianIndex::~XapianIndex() = default;

Status XapianIndex::Put(const IndexDoc& in) {
  if (in.id <= 0) return Status::Invalid("document ids are positive", "id");
  try {
    Xapian::Document doc;
    Xapian::termpos pos = 0;
    impl_->AddText(doc, impl_->Norm(in.title), impl_->options.title_weight, &pos);
    impl_->AddText(doc, impl_->Norm(in.body), 1, &pos);
    for (const std::string& t : in.tags) doc.add_boolean_term(TagTerm(t));
    const std::string id_term = IdTerm(in.id);
    doc.add_boolean_term(id_term);
    doc.add_value(kIdSlot, std::to_string(in.id));
    doc.add_value(kValueSlot, std::to_string(in.value));
    std::string data = in.title;
    if (impl_->options.store_body) {
      data += '\0';
      data += in.body;
    }
    doc.set_data(data);
    std::lock_guard lock(impl_->mu);
    impl_->db.replace_document(id_term, doc);
    return Status::Ok();
  } catch (const Xapian::Error& e) {
    return Status::Internal("xapian put: " + e.get_description());
  }
}

Status XapianIndex::Remove(DocId id) {
  try {
    std::lock_guard lock(impl_->mu);
    impl_->db.delete_document(IdTerm(id));
    return Status::Ok();
  } catch (const Xapian::Error& e) {
    return Status::Internal("xapian remove: " + e.get_description());
  }
}

Status XapianIndex::Clear() {
  try {
    std::lock_guard lock(impl_->mu);
    impl_->db = Xapian::WritableDatabase(std::string(), Xapian::DB_BACKEND_INMEMORY);
    return Status::Ok();
  } catch (const Xapian::Error& e) {
    return Status::Internal("xapian clear: " + e.get_description());
  }
}

int64_t XapianIndex::size() const {
  std::lock_guard lock(impl_->mu);
  return static_cast<int64_t>(impl_->db.get_doccount());
}

Result<std::vector<Hit>> XapianIndex::Search(const Query& q) const {
  std::vector<Hit> hits;
  if (q.limit <= 0) return hits;
  try {
    const std::map<std::string, int> terms = impl_->QueryTerms(q.text);
    if (terms.empty()) return hits;
    std::vector<Xapian::Query> parts;
    parts.reserve(terms.size());
    for (const auto& [term, count] : terms) parts.emplace_back(term, count);
    // A long query (a whole ticket) is cut to its most informative terms: OR-ing 30 terms
    // walks most posting lists of a large index for little change in the top hits.
    Xapian::Query query = parts.size() > kEliteTerms
                              ? Xapian::Query(Xapian::Query::OP_ELITE_SET, parts.begin(),
                                              parts.end(), kEliteTerms)
                              : Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
    for (const std::string& t : q.all_tags)
      query = Xapian::Query(Xapian::Query::OP_FILTER, query, Xapian::Query(TagTerm(t)));
    std::vector<Xapian::Query> out;
    for (const std::string& t : q.none_tags) out.emplace_back(TagTerm(t));
    for (DocId id : q.exclude) out.emplace_back(IdTerm(id));
    if (!out.empty())
      query = Xapian::Query(Xapian::Query::OP_AND_NOT, query,
                            Xapian::Query(Xapian::Query::OP_OR, out.begin(), out.end()));

    std::lock_guard lock(impl_->mu);
    Xapian::Enquire enquire(impl_->db);
    enquire.set_query(query);
    enquire.set_weighting_scheme(Xapian::BM25Weight());
    Xapian::MSet mset = enquire.get_mset(0, static_cast<Xapian::doccount>(q.limit));
    hits.reserve(mset.size());
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      Xapian::Document doc = it.get_document();
      Hit h;
      h.id = std::stoll(doc.get_value(kIdSlot));
      h.value = std::stoll(doc.get_value(kValueSlot));
      h.score = it.get_weight();
      const std::string data = doc.get_data();
      const size_t nul = data.find('\0');
      h.title = data.substr(0, nul);
      if (q.snippet_chars > 0 && nul != std::string::npos) {
        std::vector<std::string> matched;
        for (auto t = enquire.get_matching_terms_begin(it); t != enquire.get_matching_terms_end(it);
             ++t)
          matched.push_back(*t);
        h.snippet = MakeSnippet(std::string_view(data).substr(nul + 1), matched, q.snippet_chars);
      }
      hits.push_back(std::move(h));
    }
    return hits;
  } catch (const Xapian::Error& e) {
    return Status::Internal("xapian search: " + e.get_description());
  } catch (const std::exception& e) {
    return Status::Internal(std::string("search: ") + e.what());
  }
}

}  // namespace loopdesk::search
