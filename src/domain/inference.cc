#include "domain/inference.h"

#include <array>
#include <cstdio>

#include "common/utf8.h"

namespace loopdesk {
namespace {

struct Rule {
  std::string_view value;
  std::array<std::string_view, 14> keywords;
};

// Order matters: the first rule with a matching keyword wins.
constexpr std::array<Rule, 3> kPriorityRules{{
    {"P1", {"紧急", "十万火急", "停机", "宕机", "瘫痪", "马上", "立即", "urgent", "emergency",
            "outage", "asap", "system down", "immediately", "critical"}},
    {"P2", {"投诉", "故障", "无法", "不能用", "报错", "失败", "急", "complain", "broken",
            "not working", "error", "failed", "cannot", "can't"}},
    {"P4", {"咨询", "请问", "建议", "了解一下", "how to", "how do", "question", "suggestion",
            "feedback", "wondering", "", "", "", ""}},
}};

constexpr std::array<Rule, 8> kCategoryRules{{
    {"complaint", {"投诉", "差评", "曝光", "12315", "complain", "unacceptable", "disgrace",
                   "", "", "", "", "", "", ""}},
    {"refund", {"退款", "退货", "退钱", "退换", "refund", "money back", "return the", "", "", "",
                "", "", "", ""}},
    {"billing", {"账单", "发票", "扣费", "收费", "多扣", "续费", "invoice", "billing", "charged",
                 "payment", "bill", "", "", ""}},
    {"delivery", {"物流", "快递", "发货", "配送", "送货", "到货", "delivery", "shipping",
                  "shipment", "tracking", "courier", "", "", ""}},
    {"installation", {"安装", "上门", "调试", "install", "setup", "set up", "on-site", "", "", "",
                      "", "", "", ""}},
    {"account", {"账号", "账户", "密码", "登录", "登陆", "password", "login", "log in",
                 "account", "sign in", "", "", "", ""}},
    {"technical", {"故障", "无法", "不能", "报错", "坏了", "死机", "不制冷", "error", "bug",
                   "crash", "not working", "broken", "fault", "doesn't work"}},
    {"inquiry", {"咨询", "请问", "怎么", "如何", "question", "how to", "how do", "what is",
                 "information", "", "", "", "", ""}},
}};

// Priority keywords that only say "urgent": with the text engine's signals they are judged
// by it (it knows 不急 and 非常急), not by substring.
constexpr std::array<std::string_view, 16> kUrgencyWords = {
    "紧急", "十万火急", "停机", "宕机", "瘫痪", "马上", "立即", "急", "urgent", "emergency",
    "outage", "asap", "system down", "immediately", "critical", ""};

bool IsUrgencyWord(std::string_view k) {
  for (auto u : kUrgencyWords)
    if (!u.empty() && u == k) return true;
  return false;
}

template <size_t N>
Inferred Match(const std::array<Rule, N>& rules, std::string_view text, std::string_view dflt,
               bool skip_urgency_words = false) {
  std::string lower = AsciiLower(text);
  for (const Rule& r : rules) {
    for (std::string_view k : r.keywords) {
      if (skip_urgency_words && IsUrgencyWord(k)) continue;
      if (!k.empty() && lower.find(k) != std::string::npos) {
        return {std::string(r.value), "keyword " + std::string(k)};
      }
    }
  }
  return {std::string(dflt), "default"};
}

}  // namespace

std::string_view DefaultCategoryNames() {
  return "complaint | refund | billing | delivery | installation | account | technical | "
         "inquiry | general";
}

Inferred InferPriority(std::string_view text, const TextSignals* signals) {
  if (!signals) return Match(kPriorityRules, text, "P3");
  Inferred keyword = Match(kPriorityRules, text, "P3", true);
  Inferred engine;
  char buf[32];
  if (signals->urgency >= 0.3) {
    engine.value = signals->urgency >= 0.6 ? "P1" : "P2";
    std::snprintf(buf, sizeof buf, "urgency %.1f", signals->urgency);
    engine.reason = buf;
    if (!signals->urgency_cue.empty()) engine.reason += ": " + signals->urgency_cue;
  } else if (signals->anxiety >= 0.7) {
    engine.value = "P2";
    std::snprintf(buf, sizeof buf, "anxiety %.2f", signals->anxiety);
    engine.reason = buf;
  }
  // "P1" < "P2" < … : the more urgent answer wins; on a tie the keyword (more specific).
  if (!engine.value.empty() && engine.value < keyword.value) return engine;
  return keyword;
}

Inferred InferCategory(std::string_view text, const TextSignals* signals) {
  if (signals && signals->complaint && signals->anger >= 0.2) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "complaint cue + anger %.2f", signals->anger);
    return {"complaint", buf};
  }
  return Match(kCategoryRules, text, "general");
}

bool IsValidCategory(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  return true;
}

}  // namespace loopdesk
