#include "app/knowledge_tokenizer.h"

#include <string_view>
#include <unordered_set>

namespace loopdesk {

namespace {

bool IsStopword(const std::string& w) {
  static const std::unordered_set<std::string_view> kStop = {
      "的", "了", "吗", "呢", "啊", "吧", "呀", "是", "在", "和", "与", "就", "都", "也",
      "还", "又", "我", "你", "您", "他", "她", "它", "我们", "你们", "这", "那", "这个",
      "那个", "一个", "有", "请", "请问", "怎么", "什么", "多久", "如何", "怎样", "怎么办",
      "为什么", "哪里", "哪些", "多少", "是否", "可以", "能", "能不能", "会", "要", "a", "an", "the", "is", "are",
      "was", "be", "to", "of", "and", "or", "in", "on", "at", "for", "with", "my", "it",
      "this", "that", "i", "you", "we", "please", "do", "does", "how", "what", "can"};
  return kStop.count(w) > 0;
}

}  // namespace

std::string AnalyzerTokenizer::Normalize(std::string_view text) const {
  return analyzer_.Normalize(text);
}

std::vector<std::string> AnalyzerTokenizer::Words(std::string_view normalized) const {
  std::vector<std::string> out;
  for (std::string& w : analyzer_.Words(normalized))
    if (!IsStopword(w)) out.push_back(std::move(w));
  return out;
}

}  // namespace loopdesk
