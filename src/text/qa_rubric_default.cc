// The built-in default rubric. data/qa_rubric.json is the same document (qa_rubric_test.cc
// checks that they agree); edit both together.
#include "text/qa_rubric.h"

namespace loopdesk::text {

namespace {

Rubric MakeDefault() {
  Rubric r;
  auto add = [&r](std::string name, RubricKind kind, double weight, CueScope scope,
                  std::vector<std::string> zh, std::vector<std::string> en, std::string desc) {
    RubricItem it;
    it.name = std::move(name);
    it.kind = kind;
    it.weight = weight;
    it.scope = scope;
    it.cues_zh = std::move(zh);
    it.cues_en = std::move(en);
    it.description = std::move(desc);
    r.items.push_back(std::move(it));
  };
  add("greeting", RubricKind::kGreeting, 10, CueScope::kFirst,
      {"您好", "你好", "欢迎", "很高兴为您服务", "工号", "有什么可以帮"},
      {"hello", "hi", "good morning", "good afternoon", "good evening", "thank you for contacting",
       "thanks for contacting", "thank you for calling", "welcome", "how can i help",
       "how may i help"},
      "The agent's first turn greets the customer.");
  add("identity_check", RubricKind::kIdentityCheck, 10, CueScope::kAny,
      {"订单号", "手机号", "身份", "核实", "验证", "序列号", "机身号", "账号", "姓名", "注册",
       "尾号", "型号", "sn码"},
      {"order number", "account", "verify", "verification", "serial number", "date of birth",
       "email address", "phone number", "registered", "order id", "postcode", "zip code",
       "last four digits"},
      "The agent verifies the customer, order, account or device before acting.");
  add("listening", RubricKind::kListening, 10, CueScope::kAny,
      {"您是说", "您的意思是", "我理解", "确认一下", "也就是说", "我复述", "明白您", "了解您的",
       "您遇到的问题是", "您反映的"},
      {"so you're saying", "so you are saying", "if i understand", "just to confirm",
       "let me confirm", "to make sure i understand", "you mentioned", "i understand the issue",
       "so the issue is", "just to clarify", "let me make sure"},
      "The agent restates or confirms the customer's problem.");
  add("empathy", RubricKind::kEmpathy, 15, CueScope::kAny,
      {"抱歉", "对不起", "理解您", "给您带来", "不便", "着急", "辛苦您", "感谢您的耐心",
       "让您久等"},
      {"sorry", "apologize", "apologise", "apologies", "i understand how", "understand your",
       "frustrating", "inconvenience", "i can imagine", "thank you for your patience"},
      "The agent acknowledges the customer's feelings or apologises.");
  add("solution", RubricKind::kSolution, 15, CueScope::kAny, {}, {},
      "The agent's turns cover the key steps of the matched script or knowledge article; not "
      "applicable when the ticket has none.");
  add("forbidden_phrases", RubricKind::kForbidden, 15, CueScope::kAny,
      {"不知道", "不归我管", "你自己看", "您自己看", "不是我的问题", "跟我没关系", "我也没办法",
       "爱买不买", "你听不懂吗", "我已经说过了", "没办法", "找别人", "自己查"},
      {"not my problem", "not my job", "i don't know", "i dont know", "figure it out yourself",
       "nothing i can do", "calm down", "read the manual", "as i already said",
       "that's your problem", "not our problem", "deal with it"},
      "None of the forbidden phrases appears in any agent turn; each occurrence is evidence.");
  add("solution_confirmation", RubricKind::kConfirmation, 10, CueScope::kAny,
      {"解决了吗", "可以了吗", "好了吗", "正常了吗", "能用了吗", "是否解决", "还有问题吗", "试一下",
       "是否正常", "满意吗", "清楚了吗", "明白了吗", "收到了吗"},
      {"does that solve", "did that fix", "is it working", "does it work", "did that help",
       "has that resolved", "is that resolved", "can you try", "could you try", "does that help",
       "working now", "did you receive", "is everything", "does that answer"},
      "The agent checks that the solution worked.");
  add("closing", RubricKind::kClosing, 10, CueScope::kLast,
      {"祝您", "再见", "感谢您的来电", "感谢您的耐心", "还有什么可以帮", "还有其他问题", "随时联系",
       "感谢您的支持", "生活愉快", "感谢"},
      {"have a nice day", "have a great day", "goodbye", "bye", "anything else i can help",
       "anything else", "thank you for contacting", "thanks for contacting", "take care",
       "feel free to contact", "thank you for calling", "thanks for your patience"},
      "The agent's last turns close the conversation politely.");
  RubricItem lat;
  lat.name = "response_latency";
  lat.kind = RubricKind::kLatency;
  lat.weight = 5;
  lat.target_s = 120;
  lat.call_target_s = 20;
  lat.description =
      "Share of customer turns the agent answered within target_s (chat, email) or "
      "call_target_s (call transcripts); not applicable without timestamps.";
  r.items.push_back(std::move(lat));
  return r;
}

}  // namespace

const Rubric& DefaultRubric() {
  static const Rubric kDefault = MakeDefault();
  return kDefault;
}

}  // namespace loopdesk::text
