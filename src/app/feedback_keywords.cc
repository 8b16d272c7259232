#include <algorithm>
#include <array>
#include <cctype>

#include "app/feedback.h"

namespace loopdesk {

namespace {

constexpr std::array<std::string_view, 6> kCauses = {
    "product_defect", "service_process", "staff", "logistics", "billing", "other"};

struct Cue {
  std::string_view cause;
  std::string_view word;  // lowercase
};

// Cue words per cause. English words are matched in lowercased text; short English stems
// are avoided where they would match inside unrelated words.
constexpr Cue kCues[] = {
    {"product_defect", "故障"}, {"product_defect", "坏了"}, {"product_defect", "损坏"},
    {"product_defect", "质量"}, {"product_defect", "不工作"}, {"product_defect", "无法开机"},
    {"product_defect", "死机"}, {"product_defect", "漏水"}, {"product_defect", "异响"},
    {"product_defect", "缺陷"}, {"product_defect", "闪退"}, {"product_defect", "报错"},
    {"product_defect", "broken"}, {"product_defect", "defect"}, {"product_defect", "faulty"},
    {"product_defect", "stopped working"}, {"product_defect", "doesn't work"},
    {"product_defect", "does not work"}, {"product_defect", "crash"}, {"product_defect", "bug"},
    {"product_defect", "quality"}, {"product_defect", "malfunction"}, {"product_defect", "leak"},
    {"service_process", "流程"}, {"service_process", "等了"}, {"service_process", "等待"},
    {"service_process", "太慢"}, {"service_process", "没人回复"}, {"service_process", "没有回复"},
    {"service_process", "转来转去"}, {"service_process", "重复"}, {"service_process", "手续"},
    {"service_process", "效率"}, {"service_process", "一直没解决"}, {"service_process", "waited"},
    {"service_process", "waiting"}, {"service_process", "no response"}, {"service_process", "no reply"},
    {"service_process", "too slow"}, {"service_process", "transferred"}, {"service_process", "process"},
    {"service_process", "still not resolved"}, {"service_process", "took too long"},
    {"staff", "态度"}, {"staff", "客服"}, {"staff", "不专业"}, {"staff", "工程师"},
    {"staff", "师傅"}, {"staff", "粗鲁"}, {"staff", "敷衍"}, {"staff", "不耐烦"},
    {"staff", "rude"}, {"staff", "attitude"}, {"staff", "unprofessional"}, {"staff", "agent"},
    {"staff", "technician"}, {"staff", "impolite"}, {"staff", "unhelpful"},
    {"logistics", "物流"}, {"logistics", "快递"}, {"logistics", "配送"}, {"logistics", "发货"},
    {"logistics", "送货"}, {"logistics", "到货"}, {"logistics", "包装"}, {"logistics", "运输"},
    {"logistics", "delivery"}, {"logistics", "shipping"}, {"logistics", "shipment"},
    {"logistics", "courier"}, {"logistics", "package"}, {"logistics", "arrived"},
    {"billing", "账单"}, {"billing", "扣费"}, {"billing", "退款"}, {"billing", "发票"},
    {"billing", "收费"}, {"billing", "价格"}, {"billing", "多扣"}, {"billing", "付款"},
    {"billing", "bill"}, {"billing", "invoice"}, {"billing", "refund"}, {"billing", "charged"},
    {"billing", "charge"}, {"billing", "payment"}, {"billing", "price"}, {"billing", "fee"},
};

constexpr std::string_view kComplaintCues[] = {
    "投诉", "差评", "举报", "12315", "曝光", "要求赔偿", "complain", "complaint", "unacceptable",
    "worst service", "file a claim"};

constexpr std::string_view kNegations[] = {"不是", "没有", "没", "不", "not a ", "not ", "no "};

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

size_t CountOf(const std::string& text, std::string_view word) {
  size_t n = 0;
  for (size_t p = text.find(word); p != std::string::npos; p = text.find(word, p + word.size()))
    ++n;
  return n;
}

bool NegatedAt(const std::string& text, size_t pos) {
  for (auto neg : kNegations) {
    if (pos >= neg.size() && text.compare(pos - neg.size(), neg.size(), neg) == 0) return true;
  }
  return false;
}

}  // namespace

std::span<const std::string_view> FeedbackCauses() { return kCauses; }

FeedbackLabel KeywordFeedbackClassifier::Classify(std::string_view raw) const {
  const std::string text = Lower(raw);
  FeedbackLabel out;
  std::array<size_t, kCauses.size()> hits{};
  size_t total = 0;
  for (const Cue& c : kCues) {
    size_t n = CountOf(text, c.word);
    if (n == 0) continue;
    size_t idx = std::find(kCauses.begin(), kCauses.end(), c.cause) - kCauses.begin();
    hits[idx] += n;
    total += n;
    out.evidence.emplace_back(c.word);
  }
  size_t best = kCauses.size() - 1;  // other
  for (size_t i = 0; i + 1 < kCauses.size(); ++i)
    if (hits[i] > 0 && (best == kCauses.size() - 1 || hits[i] > hits[best])) best = i;
  out.cause = std::string(kCauses[best]);
  if (total > 0 && best != kCauses.size() - 1) {
    double share = static_cast<double>(hits[best]) / static_cast<double>(total);
    out.confidence = hits[best] == 1 ? share * 0.6 : share * 0.9;
  }
  for (auto cue : kComplaintCues) {
    for (size_t p = text.find(cue); p != std::string::npos; p = text.find(cue, p + cue.size())) {
      if (!NegatedAt(text, p)) {
        out.complaint = true;
        out.evidence.emplace_back(cue);
        break;
      }
    }
    if (out.complaint) break;
  }
  return out;
}

}  // namespace loopdesk
