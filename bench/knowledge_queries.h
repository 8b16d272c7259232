#pragma once
// The labelled query set of the knowledge search (docs/knowledge.md): colloquial questions as
// an agent or customer types them, each with the title of the demo article
// (app/demo_knowledge_data.cc) that answers it. Used by bench/knowledge_bench.cc.

#include <string_view>

namespace loopdesk::bench {

struct LabelledQuery {
  std::string_view query;
  std::string_view title;  // the expected article
};

inline constexpr LabelledQuery kLabelledQueries[] = {
    {"保修期多久", "产品保修期政策说明"},
    {"空调显示E4不制冷", "KX-5 故障码 E4：外机风扇不转 / 压缩机电容"},
    {"延保怎么买", "延保服务（2 年）说明"},
    {"过保了维修要钱吗", "保修期过了还能免费维修吗"},
    {"序列号在哪里看", "如何查询设备序列号和保修状态"},
    {"七天能退货吗", "七天无理由退货规则"},
    {"退款什么时候到账", "退款多久到账"},
    {"银行卡被扣了两次钱", "重复扣费的处理流程"},
    {"怎么开专票", "如何开具增值税专用发票"},
    {"发票抬头写错了", "发票开错了怎么办"},
    {"收到的货箱子压坏了", "换货流程：发错货或外包装破损"},
    {"快递好几天没更新", "物流信息不更新或快递超时"},
    {"预约师傅上门安装", "上门安装预约说明"},
    {"空调外机安装有什么要求", "商用空调 KX-5 安装要求"},
    {"净水器第一次怎么用", "净水器 W2 安装与首次使用"},
    {"监护仪安装和培训", "医用监护仪 M3 安装调试与操作培训"},
    {"门多厚能装门锁", "智能门锁 L7 安装注意事项"},
    {"空调报E6", "KX-5 故障码 E1、E2、E6 含义"},
    {"空调不凉怎么排查", "空调不制冷的排查步骤"},
    {"外机声音很响", "空调外机噪音大怎么处理"},
    {"血氧数值一直跳", "监护仪 M3 血氧数值跳动"},
    {"监护仪开不了机黑屏", "监护仪 M3 开机黑屏"},
    {"打印机老是卡纸", "打印机 P900 频繁卡纸"},
    {"打印出来有白线", "打印机 P900 打印有白线 / 打印头堵塞"},
    {"指纹锁识别不了指纹", "门锁 L7 指纹识别失败"},
    {"门锁电池没用多久就没电", "门锁 L7 电池耗电快"},
    {"净水器底下漏水", "净水器 W2 漏水处理"},
    {"净水器出水越来越慢", "净水器 W2 出水慢"},
    {"报表导不出来", "系统报表导出失败"},
    {"忘记密码登录不了", "账号无法登录 / 忘记密码"},
    {"想换绑定的手机号", "更换绑定手机号"},
    {"怎么给子账号设置权限", "子账号权限设置"},
    {"how long is the warranty", "Product warranty policy"},
    {"refund not received yet", "When will my refund arrive"},
    {"KX-5 shows E4 and blows warm air", "KX-5 error code E4: air conditioner not cooling"},
    {"fingerprint not recognised", "L7 smart lock fingerprint not recognised"},
};

}  // namespace loopdesk::bench
