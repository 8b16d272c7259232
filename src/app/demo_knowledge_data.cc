// The demo knowledge base: articles about the demo products (demo_texts.cc) and reply
// scripts (category "script"), Chinese first, then English.

#include "app/demo_knowledge.h"

namespace loopdesk {

namespace {

constexpr DemoArticle kArticles[] = {
    // ---------------------------------------------------------------- warranty and policy
    {"产品保修期政策说明", "warranty", "保修 政策", "zh",
     "保修期自签收之日起计算：商用空调 KX-5 整机保修 24 个月，医用监护仪 M3 保修 36 个月，"
     "智能门锁 L7、净水器 W2、工业打印机 P900 保修 12 个月。保修期内非人为损坏的故障免费维修，"
     "更换的零件（如压缩机电容、指纹模组、打印头组件）同样免费。人为损坏、进水、私自拆机或"
     "使用非原厂配件造成的故障不在保修范围内。查询保修期请提供序列号或订单号。"},
    {"延保服务（2 年）说明", "warranty", "保修 延保", "zh",
     "延保服务在原厂保修期结束后继续提供 2 年保修，须在原保修期内购买。延保期内的维修、上门和"
     "零件费用全免，每年最多报修 4 次。延保不覆盖耗材（滤芯、电池、打印纸）。购买后可在订单"
     "详情中查看延保生效日期。"},
    {"保修期过了还能免费维修吗", "warranty", "保修 过保 收费", "zh",
     "过保后可以付费维修：上门检测费 80 元（维修时抵扣），零件按官方价格收费，维修后的零件"
     "享有 90 天保修。客户等级为战略或高价值的客户，过保 30 天内的故障可申请一次免费维修，"
     "需主管审批。"},
    {"如何查询设备序列号和保修状态", "warranty", "保修 序列号 查询", "zh",
     "序列号印在机身铭牌上：KX-5 在室内机右侧面板，M3 在设备背面，L7 在电池仓盖内侧，W2 在"
     "机身底部。客服可在客户 360° 视图的设备列表中看到序列号、安装日期和保修截止日期。"},
    {"七天无理由退货规则", "returns", "退货 七天无理由 退款", "zh",
     "签收之日起 7 天内，商品完好、配件齐全、不影响二次销售的，可申请七天无理由退货。已安装"
     "使用的净水器、定制商品和已激活的 SaaS 订阅不适用。退货运费由客户承担（质量问题除外）。"
     "仓库收到退货并检验后 1–3 个工作日内原路退款。"},
    {"退款多久到账", "returns", "退款 到账 时间", "zh",
     "退款审核通过后原路退回：微信和支付宝 1–3 个工作日，银行卡 3–7 个工作日，信用卡以发卡行"
     "入账为准，最长 15 个工作日。超过时限仍未到账，请提供订单号和支付流水号，由财务核查。"},
    {"重复扣费的处理流程", "billing", "扣费 退款 财务", "zh",
     "客户反映重复扣费时：1. 核对订单号和银行流水，确认两笔扣款；2. 在财务系统提交重复扣费"
     "退款申请，备注“重复扣费”；3. 告知客户 3–5 个工作日原路退回；4. 创建跟进任务，到期核实"
     "到账情况。重复扣费属于我方责任，可按服务承诺补偿。"},
    {"如何开具增值税专用发票", "billing", "发票 增值税 专票", "zh",
     "开具增值税专用发票需要提供：公司全称、纳税人识别号、注册地址和电话、开户行及账号。"
     "订单完成后 30 天内可在订单详情页申请，电子专票 3 个工作日内发送到预留邮箱。"},
    {"发票开错了怎么办", "billing", "发票 红冲 重开", "zh",
     "发票信息错误需先红冲原发票再重新开具。电子发票无需寄回，纸质专票需寄回原件。重开发票"
     "一般在收到申请后 3 个工作日内完成。"},
    {"换货流程：发错货或外包装破损", "returns", "换货 破损 发错货 物流", "zh",
     "收到商品发现发错型号或外包装破损、机器外壳有裂纹时，请在签收 48 小时内拍照（外箱、"
     "面单、破损部位）并提交换货申请。我们安排快递上门取件并同时发出新货，无需客户垫付运费。"},
    {"物流信息不更新或快递超时", "logistics", "物流 快递 丢件", "zh",
     "物流信息超过 48 小时不更新时，先联系承运商核实包裹位置；确认丢件后立即补发，并为客户"
     "登记运费补偿。承诺次日达而超时送达的订单，可按服务承诺发放优惠券补偿。"},
    // ---------------------------------------------------------------- installation
    {"上门安装预约说明", "installation", "安装 预约 上门", "zh",
     "商品签收后可在 App 或电话预约上门安装，工程师会在 24 小时内电话确认时间，支持周末"
     "预约。安装前请确认：电源插座、进水口（净水器）、安装位置承重（空调外机）。"},
    {"商用空调 KX-5 安装要求", "installation", "安装 KX-5 空调", "zh",
     "KX-5 外机需安装在通风良好的位置，四周留出 50 cm 以上空间；连接管长度不超过 15 m，"
     "超出部分另行收费；必须使用独立的 20 A 空气开关。安装后试机 30 分钟，确认出风温度。"},
    {"净水器 W2 安装与首次使用", "installation", "安装 W2 净水器", "zh",
     "W2 需要接入自来水进水口和厨房下水管，安装约 40 分钟。首次使用请先放水冲洗 10 分钟，"
     "丢弃初始出水。进水压力应在 0.1–0.4 MPa 之间，压力过低会导致出水慢。"},
    {"医用监护仪 M3 安装调试与操作培训", "installation", "安装 M3 监护仪 培训", "zh",
     "医院新采购的 M3 由厂家工程师上门安装调试，包括报警阈值设置、中央站联网和导联校准，并为"
     "护理人员提供 1 小时操作培训。请提前准备好网络端口和设备放置位置。"},
    {"智能门锁 L7 安装注意事项", "installation", "安装 L7 门锁", "zh",
     "L7 适用于 40–120 mm 厚度的门，安装前需测量门厚和导向片尺寸。安装后请录入至少两个"
     "指纹，并设置管理员密码；机械钥匙请妥善保管。"},
    // ---------------------------------------------------------------- troubleshooting
    {"KX-5 故障码 E4：外机风扇不转 / 压缩机电容", "troubleshooting", "KX-5 故障码 E4 不制冷", "zh",
     "室内机显示 E4 表示外机压缩机启动异常，常见原因是压缩机电容老化。现象：空调不制冷、"
     "出风口吹热风、外机风扇不转并有嗡嗡声。处理：安排工程师更换压缩机电容（保修期内免费），"
     "更换后试机 30 分钟，出风温度应降到 12 度左右。"},
    {"KX-5 故障码 E1、E2、E6 含义", "troubleshooting", "KX-5 故障码 E1 E2 E6", "zh",
     "E1：室内温度传感器故障，检查传感器插头；E2：室内盘管传感器故障；E6：通讯故障，检查"
     "室内外机连接线。断电 5 分钟后重启仍报错，请安排上门检测。"},
    {"空调不制冷的排查步骤", "troubleshooting", "空调 不制冷 排查", "zh",
     "1. 确认模式为制冷、设定温度低于室温；2. 查看显示屏故障代码；3. 检查滤网是否堵塞（每月"
     "清洗一次）；4. 检查外机风扇是否转动。无故障码但制冷差，可能是缺氟，需上门检测压力。"},
    {"空调外机噪音大怎么处理", "troubleshooting", "空调 噪音 外机", "zh",
     "外机噪音大常见原因：支架螺丝松动、风扇叶片积尘或变形、压缩机减震垫老化。先检查外机是否"
     "放平、支架是否牢固；仍有异响请预约上门检查，必要时更换减震垫。"},
    {"监护仪 M3 血氧数值跳动", "troubleshooting", "M3 血氧 探头", "zh",
     "血氧（SpO2）数值跳动通常由探头接触不良、患者手指移动或探头老化引起。先清洁探头、换一个"
     "手指测量；数值仍跳动请更换血氧探头。探头属于易损件，保修期内免费更换一次。"},
    {"监护仪 M3 开机黑屏", "troubleshooting", "M3 黑屏 紧急", "zh",
     "开机黑屏先确认电源适配器指示灯和电池电量，长按电源键 10 秒强制重启。仍黑屏属于紧急故障"
     "（ICU 用设备），立即升级为 P1，4 小时内安排工程师上门并提供备用机。"},
    {"打印机 P900 频繁卡纸", "troubleshooting", "P900 卡纸 打印机", "zh",
     "卡纸多与纸张受潮、纸张规格不符或进纸辊磨损有关。请使用 70–90 g 标准纸，纸张存放在干燥"
     "处；清洁进纸辊；每天卡纸超过 3 次请安排工程师更换进纸辊。"},
    {"打印机 P900 打印有白线 / 打印头堵塞", "troubleshooting", "P900 打印头 堵塞 白线", "zh",
     "打印出现白线是打印头喷嘴堵塞。先在设置菜单执行 2 次深度清洗；仍有白线请更换打印头组件。"
     "长时间不用时请每周至少开机打印一次，避免墨水干涸。"},
    {"门锁 L7 指纹识别失败", "troubleshooting", "L7 指纹 识别", "zh",
     "指纹识别失败常见于手指干燥、脱皮或指纹模组表面有污渍。请清洁指纹窗口，重新录入指纹（每个"
     "手指录入 3 次不同角度）；仍失败可能是指纹模组故障，保修期内免费更换。"},
    {"门锁 L7 电池耗电快", "troubleshooting", "L7 电池 耗电", "zh",
     "L7 正常使用 4 节 5 号碱性电池可用 8–12 个月。耗电快的常见原因：使用了碳性电池、开启了"
     "人体感应常亮、门未关严导致电机反复上锁。请更换碱性电池并关闭感应常亮。"},
    {"净水器 W2 漏水处理", "troubleshooting", "W2 漏水 净水器", "zh",
     "发现漏水请立即关闭进水阀并断电。常见原因是滤芯未拧紧或接头老化。重新安装滤芯并检查"
     "快接头；仍漏水请预约上门，保修期内免费更换接头。"},
    {"净水器 W2 出水慢", "troubleshooting", "W2 出水慢 滤芯", "zh",
     "出水慢多为 RO 膜滤芯堵塞或进水压力不足。RO 膜滤芯建议 24 个月更换，PP 棉 6 个月更换。"
     "检查进水阀是否全开；滤芯到期请更换滤芯套装。"},
    {"系统报表导出失败", "troubleshooting", "SaaS 报表 导出", "zh",
     "报表导出失败通常是导出范围过大（超过 10 万行）或浏览器拦截下载。请缩小时间范围分批导出，"
     "或使用异步导出（完成后邮件通知）。"},
    {"账号无法登录 / 忘记密码", "account", "SaaS 账号 登录 密码", "zh",
     "提示“用户名或密码错误”时，先确认大小写和输入法；连续输错 5 次账号锁定 30 分钟。忘记密码"
     "可通过绑定手机号找回；手机号已停用的，请管理员在后台重置密码。"},
    {"更换绑定手机号", "account", "SaaS 账号 手机号", "zh",
     "在 App “我的 → 账号与安全 → 手机号”中可更换；原手机号已停用时，需上传身份证明由客服人工"
     "审核，1 个工作日内完成。"},
    {"子账号权限设置", "account", "SaaS 子账号 权限", "zh",
     "主账号可在“设置 → 成员管理”中添加子账号，按角色分配查看、编辑和审批权限；敏感操作"
     "（导出、删除）建议只授予管理员。"},
    // ---------------------------------------------------------------- reply scripts (话术)
    {"话术：故障报修首次回复", "script", "话术 报修 首次回复", "zh",
     "您好，非常抱歉给您带来不便！为了尽快帮您解决，麻烦提供一下设备序列号和显示屏上的故障"
     "代码，我们会在 2 小时内安排工程师联系您。"},
    {"话术：安抚不满客户", "script", "话术 投诉 安抚", "zh",
     "非常理解您现在的心情，这件事确实是我们做得不够好，给您添麻烦了。我现在就为您加急处理，"
     "并在今天 18 点前给您明确答复。"},
    {"话术：退款进度答复", "script", "话术 退款", "zh",
     "您好，您的退款已于今天审核通过，将原路退回您的支付账户，银行卡一般 3–7 个工作日到账。"
     "如果到期未到账，请随时联系我们，我们会帮您查询。"},
    {"话术：上门安装预约确认", "script", "话术 安装 预约", "zh",
     "您好，已为您预约上门安装，工程师会在 24 小时内电话与您确认具体时间。安装前请确认电源和"
     "安装位置，如需改约请提前一天告知。"},
    {"话术：物流延误致歉", "script", "话术 物流 致歉", "zh",
     "非常抱歉您的包裹延误了！我们已联系快递公司核实，如确认丢件将立即为您补发，并为您登记"
     "运费补偿。"},
    {"话术：过保维修说明", "script", "话术 保修 过保", "zh",
     "您好，您的设备已超出保修期，我们可以提供付费维修：上门检测费 80 元（维修时抵扣），零件"
     "按官方价格收费，维修后享 90 天保修。需要为您预约吗？"},
    {"话术：结案回访", "script", "话术 回访 满意度", "zh",
     "您好，之前反馈的问题已经处理好了，想跟您确认一下现在使用是否正常？稍后您会收到一条满意度"
     "调查，您的评价对我们很重要。"},
    // ---------------------------------------------------------------- English
    {"Product warranty policy", "warranty", "warranty policy", "en",
     "The warranty starts on the delivery date: 24 months for the KX-5 commercial air "
     "conditioner, 36 months for the M3 patient monitor, 12 months for the L7 smart lock, the "
     "W2 water purifier and the P900 industrial printer. Repairs and replacement parts are free "
     "within the warranty unless the damage was caused by misuse, water or unauthorised repair."},
    {"Returns within 7 days", "returns", "returns refund", "en",
     "Unused products with all accessories can be returned within 7 days of delivery. Installed "
     "water purifiers and activated SaaS subscriptions cannot be returned. Refunds go back to "
     "the original payment method within 1-3 business days after the warehouse inspection."},
    {"When will my refund arrive", "returns", "refund", "en",
     "Once approved, refunds reach WeChat Pay and Alipay in 1-3 business days, bank cards in "
     "3-7 business days and credit cards in up to 15 business days."},
    {"KX-5 error code E4: air conditioner not cooling", "troubleshooting", "KX-5 E4 cooling",
     "en",
     "E4 on the indoor display means the outdoor compressor fails to start, usually because of "
     "a worn compressor capacitor. The unit blows warm air and the outdoor fan hums without "
     "turning. Send an engineer to replace the capacitor (free within warranty) and run the "
     "unit for 30 minutes; the outlet air should drop to about 12 degrees."},
    {"M3 patient monitor: unstable SpO2 readings", "troubleshooting", "M3 SpO2 probe", "en",
     "Jumping SpO2 values usually come from a loose or worn probe. Clean the probe, try another "
     "finger, and replace the SpO2 probe if the readings stay unstable."},
    {"L7 smart lock fingerprint not recognised", "troubleshooting", "L7 fingerprint", "en",
     "Clean the fingerprint window and enrol the finger again from three angles. If it still "
     "fails, the fingerprint module may be faulty and is replaced free within the warranty."},
    {"W2 water purifier leaking", "troubleshooting", "W2 leak", "en",
     "Close the inlet valve and unplug the purifier. Leaks usually come from a filter that is "
     "not screwed in tightly or an aged quick connector."},
    {"P900 printer paper jams", "troubleshooting", "P900 paper jam", "en",
     "Use dry 70-90 g paper and clean the feed roller. More than three jams a day means the feed "
     "roller is worn and should be replaced by an engineer."},
    {"Booking an installation", "installation", "installation booking", "en",
     "Book the installation in the app or by phone after delivery; an engineer calls within 24 "
     "hours to confirm the time. Weekend slots are available."},
    {"Script: first reply to a repair request", "script", "script repair", "en",
     "Hello, we are sorry for the trouble! Could you send us the serial number and the error "
     "code on the display? An engineer will contact you within 2 hours."},
    {"Script: apology for a delayed delivery", "script", "script delivery apology", "en",
     "We are very sorry your parcel is late. We have asked the carrier to trace it and will "
     "send a replacement at once if it is lost, with a shipping-fee compensation."},
    {"Script: refund confirmation", "script", "script refund", "en",
     "Your refund was approved today and goes back to your original payment method; bank cards "
     "usually receive it within 3-7 business days."},
};

}  // namespace

std::span<const DemoArticle> DemoArticles() { return kArticles; }

}  // namespace loopdesk
