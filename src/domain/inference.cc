#include "domain/inference.h"

#include <array>

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

template <size_t N>
Inferred Match(const std::array<Rule, N>& rules, std::string_view text, std::string_view dflt) {
  std::string lower = AsciiLower(text);
  for (const Rule& r : rules) {
    for (std::string_view k : r.keywords) {
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

Inferred InferPriority(std::string_view text) { return Match(kPriorityRules, text, "P3"); }
Inferred InferCategory(std::string_view text) { return Match(kCategoryRules, text, "general"); }

bool IsValidCategory(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  return true;
}

}  // namespace loopdesk
