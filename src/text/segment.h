#pragma once
// Segmenter: words of normalised text. Two modes:
// - with a dictionary (SetDictionary; what Analyzer uses once its model is loaded, i.e. in
//   production): forward maximum matching over the model's vocabulary plus the user words;
// - without one (training, or no model file): ICU's dictionary-based word break (the CJ
//   dictionary that ships inside libicu, no extra download); a user dictionary of domain words
//   (data/text/userdict.txt: 不制冷, 退换货, product names...) then joins adjacent ICU pieces
//   whose concatenation it lists (longest first, up to 4 pieces).
// Latin words and numbers come out whole; spaces and punctuation are dropped.
// Thread safety: immutable after Create/SetDictionary; the ICU mode uses a per-thread break
// iterator.

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "common/status.h"
#include "text/flat_map.h"

namespace loopdesk::text {

class Segmenter {
 public:
  // `user_words`: extra dictionary words (normalised form). kUnavailable without ICU data.
  static Result<std::unique_ptr<Segmenter>> Create(std::vector<std::string> user_words);

  // The words of `normalized` (output of Normalizer), as views into it, in order.
  std::vector<std::string_view> Words(std::string_view normalized) const;

  size_t user_word_count() const { return user_.size(); }

  // Fast mode: forward maximum matching over `dictionary` (normalised words; the model
  // file's vocabulary, itself collected from ICU's segmentation of the training corpus) plus
  // the user words, Chinese words up to 6 characters; Latin words and numbers whole. About
  // ten times faster than ICU's dictionary break. Words() uses it once it is set.
  void SetDictionary(const std::vector<std::string>& dictionary);
  bool has_dictionary() const { return dict_.size() > 0; }

  // ICU's segmentation regardless of the mode (training collects the dictionary with it).
  std::vector<std::string_view> IcuWords(std::string_view normalized) const;

 private:
  Segmenter() = default;
  std::vector<std::string> user_storage_;
  std::unordered_set<std::string_view> user_;
  std::vector<std::string> dict_storage_;
  // Dictionary words, and for each two-character prefix the longest dictionary word (in
  // characters) starting with it: most positions start no word, and are decided with one
  // look-up, which also says whether the two characters are a word themselves.
  struct DictEntry {
    uint8_t prefix_max = 0;
    bool word = false;
  };
  FlatStrMap<DictEntry> dict_;
};

// Reads a user dictionary: one word per line, '#' comments, optional trailing fields after a
// space (a frequency, ignored). A missing file yields an empty list.
std::vector<std::string> ReadWordList(const std::string& path);

}  // namespace loopdesk::text
