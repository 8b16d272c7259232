#include "app/demo_voc.h"

#include <array>
#include <string_view>

namespace loopdesk::demo {

namespace {

constexpr std::array<std::string_view, 8> kLowZh = {
    "等了好几天才有人回复，效率太低", "客服态度很差，一直敷衍",
    "问题反复出现，产品质量有问题", "快递太慢，包装也破损了",
    "多扣了费用到现在还没退款", "转来转去没人真正解决问题",
    "工程师上门迟到还不专业", "机器又坏了，质量太差"};
constexpr std::array<std::string_view, 8> kLowEn = {
    "Waited days for a reply, far too slow", "The agent was rude and unhelpful",
    "The device stopped working again, poor quality", "Delivery was late and the package damaged",
    "I was charged twice and still have no refund", "I was transferred around and nobody fixed it",
    "The technician was late and unprofessional", "It broke again, the quality is bad"};
constexpr std::array<std::string_view, 4> kMidZh = {"解决了，但是等得有点久", "还行，流程有点复杂",
                                                    "问题解决了，希望下次更快", ""};
constexpr std::array<std::string_view, 4> kMidEn = {"Solved, but it took a while",
                                                    "OK, the process was a bit complicated",
                                                    "Fixed, hope it is faster next time", ""};
constexpr std::array<std::string_view, 4> kHighZh = {"服务很好，谢谢！", "工程师很专业，效率高",
                                                     "回复很快，非常满意", ""};
constexpr std::array<std::string_view, 4> kHighEn = {"Great service, thank you!",
                                                     "Quick and friendly, very satisfied",
                                                     "The engineer was very professional", ""};
constexpr std::array<std::string_view, 5> kOutcomes = {
    "已电话回访致歉，客户接受处理方案", "已安排技术专家跟进，问题已解决",
    "已回访并补偿优惠券，客户表示理解", "已回访，问题转产品团队改进", "已回访，客户满意度恢复"};

template <size_t N>
std::string Pick(const std::array<std::string_view, N>& a, uint64_t pick) {
  return std::string(a[pick % N]);
}

}  // namespace

std::string SurveyComment(int score, bool en, uint64_t pick) {
  if (pick % 3 == 0) return "";  // a third leave no comment
  pick /= 3;
  if (score <= 2) return en ? Pick(kLowEn, pick) : Pick(kLowZh, pick);
  if (score == 3) return en ? Pick(kMidEn, pick) : Pick(kMidZh, pick);
  return en ? Pick(kHighEn, pick) : Pick(kHighZh, pick);
}

std::string AlertOutcome(uint64_t pick) { return Pick(kOutcomes, pick); }

}  // namespace loopdesk::demo
