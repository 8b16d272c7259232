// The tables behind demo_texts.h. Plain data; keep lines short, natural and varied — every
// screen of the demo shows them, and the text engines (sentiment, QA, turning points) read
// them as if they were real conversations.
#include "app/demo_texts.h"

namespace loopdesk::demo {
namespace {

using SV = std::string_view;

// -------------------------------------------------------------------------------- names

constexpr NamePart kSurnames[] = {
    {"王", "wang"},     {"李", "li"},     {"张", "zhang"},   {"刘", "liu"},         {"陈", "chen"},
    {"杨", "yang"},     {"黄", "huang"},  {"赵", "zhao"},    {"吴", "wu"},          {"周", "zhou"},
    {"徐", "xu"},       {"孙", "sun"},    {"马", "ma"},      {"朱", "zhu"},         {"胡", "hu"},
    {"郭", "guo"},      {"何", "he"},     {"高", "gao"},     {"林", "lin"},         {"罗", "luo"},
    {"郑", "zheng"},    {"梁", "liang"},  {"谢", "xie"},     {"宋", "song"},        {"唐", "tang"},
    {"许", "xu"},       {"韩", "han"},    {"冯", "feng"},    {"邓", "deng"},        {"曹", "cao"},
    {"彭", "peng"},     {"曾", "zeng"},   {"肖", "xiao"},    {"田", "tian"},        {"董", "dong"},
    {"袁", "yuan"},     {"潘", "pan"},    {"于", "yu"},      {"蒋", "jiang"},       {"蔡", "cai"},
    {"余", "yu"},       {"杜", "du"},     {"叶", "ye"},      {"程", "cheng"},       {"苏", "su"},
    {"魏", "wei"},      {"吕", "lv"},     {"丁", "ding"},    {"任", "ren"},         {"沈", "shen"},
    {"姚", "yao"},      {"卢", "lu"},     {"姜", "jiang"},   {"崔", "cui"},         {"钟", "zhong"},
    {"谭", "tan"},      {"陆", "lu"},     {"汪", "wang"},    {"范", "fan"},         {"金", "jin"},
    {"石", "shi"},      {"廖", "liao"},   {"贾", "jia"},     {"夏", "xia"},         {"韦", "wei"},
    {"付", "fu"},       {"方", "fang"},   {"白", "bai"},     {"邹", "zou"},         {"孟", "meng"},
    {"熊", "xiong"},    {"秦", "qin"},    {"邱", "qiu"},     {"江", "jiang"},       {"尹", "yin"},
    {"薛", "xue"},      {"闫", "yan"},    {"段", "duan"},    {"雷", "lei"},         {"侯", "hou"},
    {"龙", "long"},     {"史", "shi"},    {"陶", "tao"},     {"黎", "li"},          {"贺", "he"},
    {"顾", "gu"},       {"毛", "mao"},    {"郝", "hao"},     {"龚", "gong"},        {"邵", "shao"},
    {"欧阳", "ouyang"}, {"司马", "sima"}, {"诸葛", "zhuge"}, {"上官", "shangguan"},
};

constexpr NamePart kFemaleGiven[] = {
    {"芳", "fang"},      {"娜", "na"},         {"敏", "min"},        {"静", "jing"},
    {"丽", "li"},        {"艳", "yan"},        {"娟", "juan"},       {"霞", "xia"},
    {"婷", "ting"},      {"雪", "xue"},        {"琳", "lin"},        {"颖", "ying"},
    {"秀英", "xiuying"}, {"桂英", "guiying"},  {"玉兰", "yulan"},    {"晓燕", "xiaoyan"},
    {"丽娟", "lijuan"},  {"海燕", "haiyan"},   {"慧敏", "huimin"},   {"雅琴", "yaqin"},
    {"思琪", "siqi"},    {"雨桐", "yutong"},   {"欣怡", "xinyi"},    {"梓涵", "zihan"},
    {"诗涵", "shihan"},  {"佳怡", "jiayi"},    {"婉婷", "wanting"},  {"嘉欣", "jiaxin"},
    {"晓丽", "xiaoli"},  {"春梅", "chunmei"},  {"美玲", "meiling"},  {"凤", "feng"},
    {"倩", "qian"},      {"蕾", "lei"},        {"璐", "lu"},         {"瑶", "yao"},
    {"梦洁", "mengjie"}, {"梦瑶", "mengyao"},  {"若溪", "ruoxi"},    {"紫萱", "zixuan"},
    {"文静", "wenjing"}, {"晓彤", "xiaotong"}, {"佩玲", "peiling"},  {"淑华", "shuhua"},
    {"红梅", "hongmei"}, {"丹丹", "dandan"},   {"晶晶", "jingjing"}, {"一诺", "yinuo"},
};

constexpr NamePart kMaleGiven[] = {
    {"伟", "wei"},         {"强", "qiang"},      {"磊", "lei"},       {"军", "jun"},
    {"洋", "yang"},        {"勇", "yong"},       {"杰", "jie"},       {"涛", "tao"},
    {"斌", "bin"},         {"超", "chao"},       {"明", "ming"},      {"刚", "gang"},
    {"建华", "jianhua"},   {"志强", "zhiqiang"}, {"建国", "jianguo"}, {"海涛", "haitao"},
    {"国栋", "guodong"},   {"晓东", "xiaodong"}, {"文博", "wenbo"},   {"子轩", "zixuan"},
    {"浩然", "haoran"},    {"宇航", "yuhang"},   {"俊杰", "junjie"},  {"家豪", "jiahao"},
    {"志明", "zhiming"},   {"德华", "dehua"},    {"振宇", "zhenyu"},  {"明轩", "mingxuan"},
    {"天佑", "tianyou"},   {"鹏", "peng"},       {"飞", "fei"},       {"鑫", "xin"},
    {"凯", "kai"},         {"亮", "liang"},      {"波", "bo"},        {"辉", "hui"},
    {"立新", "lixin"},     {"永刚", "yonggang"}, {"建军", "jianjun"}, {"卫东", "weidong"},
    {"浩宇", "haoyu"},     {"思远", "siyuan"},   {"博文", "bowen"},   {"一鸣", "yiming"},
    {"成龙", "chenglong"}, {"嘉诚", "jiacheng"}, {"国庆", "guoqing"}, {"宏伟", "hongwei"},
};

constexpr SV kEnFirstFemale[] = {"Emily",  "Sarah", "Jessica", "Laura", "Hannah", "Olivia",
                                 "Sophie", "Grace", "Emma",    "Chloe", "Rachel", "Megan"};
constexpr SV kEnFirstMale[] = {"James",   "Michael", "David", "Daniel", "Thomas", "Robert",
                               "William", "Oliver",  "Lucas", "Ethan",  "Peter",  "Mark"};
constexpr SV kEnLast[] = {"Smith",  "Johnson", "Brown",  "Taylor", "Wilson",  "Davies",
                          "Evans",  "Miller",  "Clark",  "Walker", "Wright",  "Robinson",
                          "Turner", "Carter",  "Martin", "Becker", "Muller",  "Kim",
                          "Tan",    "Lee",     "Nguyen", "Patel",  "Schmidt", "Dubois"};

// ------------------------------------------------------------------------------- cities

constexpr City kCities[] = {
    {"上海", "Shanghai", "华东", "华东仓", 31.2304, 121.4737, 16},
    {"苏州", "Suzhou", "华东", "华东仓", 31.2990, 120.5853, 7},
    {"杭州", "Hangzhou", "华东", "华东仓", 30.2741, 120.1551, 8},
    {"南京", "Nanjing", "华东", "华东仓", 32.0603, 118.7969, 6},
    {"宁波", "Ningbo", "华东", "华东仓", 29.8683, 121.5440, 4},
    {"合肥", "Hefei", "华东", "华东仓", 31.8206, 117.2272, 3},
    {"济南", "Jinan", "华东", "华北仓", 36.6512, 117.1201, 3},
    {"青岛", "Qingdao", "华东", "华北仓", 36.0671, 120.3826, 3},
    {"福州", "Fuzhou", "华东", "华南仓", 26.0745, 119.2965, 2},
    {"厦门", "Xiamen", "华东", "华南仓", 24.4798, 118.0894, 2},
    {"北京", "Beijing", "华北", "华北仓", 39.9042, 116.4074, 12},
    {"天津", "Tianjin", "华北", "华北仓", 39.3434, 117.3616, 4},
    {"石家庄", "Shijiazhuang", "华北", "华北仓", 38.0428, 114.5149, 2},
    {"太原", "Taiyuan", "华北", "华北仓", 37.8706, 112.5489, 1},
    {"呼和浩特", "Hohhot", "华北", "华北仓", 40.8424, 111.7490, 1},
    {"广州", "Guangzhou", "华南", "华南仓", 23.1291, 113.2644, 9},
    {"深圳", "Shenzhen", "华南", "华南仓", 22.5431, 114.0579, 10},
    {"东莞", "Dongguan", "华南", "华南仓", 23.0207, 113.7518, 3},
    {"佛山", "Foshan", "华南", "华南仓", 23.0215, 113.1214, 2},
    {"南宁", "Nanning", "华南", "华南仓", 22.8170, 108.3665, 1},
    {"海口", "Haikou", "华南", "华南仓", 20.0440, 110.1999, 1},
    {"武汉", "Wuhan", "华中", "华中仓", 30.5928, 114.3055, 5},
    {"长沙", "Changsha", "华中", "华中仓", 28.2282, 112.9388, 3},
    {"郑州", "Zhengzhou", "华中", "华中仓", 34.7466, 113.6254, 3},
    {"南昌", "Nanchang", "华中", "华中仓", 28.6820, 115.8579, 1},
    {"成都", "Chengdu", "西南", "西南仓", 30.5728, 104.0668, 6},
    {"重庆", "Chongqing", "西南", "西南仓", 29.5630, 106.5516, 4},
    {"昆明", "Kunming", "西南", "西南仓", 24.8801, 102.8329, 1},
    {"贵阳", "Guiyang", "西南", "西南仓", 26.6470, 106.6302, 1},
    {"西安", "Xi'an", "西北", "西北仓", 34.3416, 108.9398, 3},
    {"兰州", "Lanzhou", "西北", "西北仓", 36.0611, 103.8343, 1},
    {"乌鲁木齐", "Urumqi", "西北", "西北仓", 43.8256, 87.6168, 1},
    {"沈阳", "Shenyang", "东北", "东北仓", 41.8057, 123.4315, 2},
    {"大连", "Dalian", "东北", "东北仓", 38.9140, 121.6147, 2},
    {"哈尔滨", "Harbin", "东北", "东北仓", 45.8038, 126.5350, 1},
    {"长春", "Changchun", "东北", "东北仓", 43.8171, 125.3235, 1},
};

// ---------------------------------------------------------------------------- companies

constexpr CompanyWord kCompanyPrefixes[] = {
    {"华东", "huadong"},   {"仁和", "renhe"},       {"恒信", "hengxin"},   {"东方", "dongfang"},
    {"金桥", "jinqiao"},   {"瑞康", "ruikang"},     {"博远", "boyuan"},    {"天成", "tiancheng"},
    {"中联", "zhonglian"}, {"汇丰达", "huifengda"}, {"鼎盛", "dingsheng"}, {"新纪元", "xinjiyuan"},
    {"鑫泰", "xintai"},    {"长江", "changjiang"},  {"南方", "nanfang"},   {"北辰", "beichen"},
    {"安泰", "antai"},     {"康宁", "kangning"},    {"宏达", "hongda"},    {"启明", "qiming"},
    {"正泰", "zhengtai"},  {"海川", "haichuan"},    {"润华", "runhua"},    {"德信", "dexin"},
    {"嘉和", "jiahe"},     {"云帆", "yunfan"},      {"远航", "yuanhang"},  {"明德", "mingde"},
    {"锦程", "jincheng"},  {"同济", "tongji"},      {"华夏", "huaxia"},    {"协和", "xiehe"},
};

constexpr Industry kIndustries[] = {
    {"精密制造", "有限公司", "jmzz", "制造业", "设备部", "P900 KX-5 SaaS"},
    {"医疗器械", "有限公司", "ylqx", "经销商", "采购部", "M3 W2"},
    {"人民医院", "", "hospital", "医院", "设备科", "M3 KX-5 W2"},
    {"中医院", "", "tcm", "医院", "设备科", "M3 W2"},
    {"酒店管理", "有限公司", "hotel", "酒店", "工程部", "L7 KX-5 W2"},
    {"物业服务", "有限公司", "wuye", "物业", "工程部", "L7 W2 KX-5"},
    {"电子科技", "股份有限公司", "dzkj", "制造业", "IT部", "SaaS P900"},
    {"包装印务", "有限公司", "print", "制造业", "生产部", "P900 SaaS"},
    {"连锁超市", "有限公司", "retail", "连锁门店", "行政部", "KX-5 SaaS W2"},
    {"教育科技", "有限公司", "edu", "学校", "行政部", "SaaS KX-5 L7"},
    {"商贸", "有限公司", "trade", "经销商", "采购部", "L7 W2 KX-5"},
    {"软件", "股份有限公司", "soft", "", "运维部", "SaaS"},
};

constexpr SV kEnglishCompanies[] = {
    "Pacific Rim Trading Ltd.", "Northbridge Medical Supplies", "Harbor Point Hotels",
    "Evergreen Packaging Co.",  "Bluewave Software GmbH",       "Summit Facility Services",
    "Lakeside Clinic Group",    "Brightline Electronics Inc.",
};

constexpr SV kPersonTags[] = {"会员",     "价格敏感", "线上客户", "经销商",
                              "小微企业", "高频用户", "家庭用户"};

// ----------------------------------------------------------------------------- products

constexpr Product kProducts[] = {
    {"KX-5", "商用空调 KX-5", "KX-5 commercial air conditioner", "KX5", 12800, 24, true,
     "压缩机电容", "compressor capacitor"},
    {"M3", "医用监护仪 M3", "M3 patient monitor", "M3", 36000, 36, false, "血氧探头", "SpO2 probe"},
    {"L7", "智能门锁 L7", "L7 smart lock", "L7", 2299, 12, true, "指纹模组", "fingerprint module"},
    {"P900", "工业打印机 P900", "P900 industrial printer", "P9", 89000, 12, false, "打印头组件",
     "print head assembly"},
    {"W2", "净水器 W2", "W2 water purifier", "W2", 3599, 12, true, "RO 膜滤芯",
     "RO membrane filter"},
    {"SaaS", "SaaS 年度订阅", "SaaS annual subscription", "", 19800, 0, false, "", ""},
    {"FLT", "净水器滤芯套装", "water filter set", "", 399, 0, true, "", ""},
    {"EXT", "延保服务（2 年）", "2-year extended warranty", "", 1200, 0, true, "", ""},
};

}  // namespace

std::span<const NamePart> Surnames() { return kSurnames; }
std::span<const NamePart> GivenNames(bool female) {
  if (female) return kFemaleGiven;
  return kMaleGiven;
}
std::span<const SV> EnglishFirstNames(bool female) {
  if (female) return kEnFirstFemale;
  return kEnFirstMale;
}
std::span<const SV> EnglishLastNames() { return kEnLast; }
std::span<const City> Cities() { return kCities; }
std::string_view WarehouseEn(std::string_view w) {
  if (w == "华东仓") return "East China warehouse";
  if (w == "华北仓") return "North China warehouse";
  if (w == "华南仓") return "South China warehouse";
  if (w == "华中仓") return "Central China warehouse";
  if (w == "西南仓") return "Southwest warehouse";
  if (w == "西北仓") return "Northwest warehouse";
  if (w == "东北仓") return "Northeast warehouse";
  return "central warehouse";
}
std::span<const CompanyWord> CompanyPrefixes() { return kCompanyPrefixes; }
std::span<const Industry> Industries() { return kIndustries; }
std::span<const SV> EnglishCompanies() { return kEnglishCompanies; }
std::span<const SV> PersonTags() { return kPersonTags; }
std::span<const Product> Products() { return kProducts; }

// ------------------------------------------------------------------------------ tickets

namespace {

using P = Priority;
using F = Flow;

constexpr TicketTemplate kTemplates[] = {
    // ---- technical: one product each
    {"technical",
     P::kP2,
     F::kParts,
     "KX-5",
     6,
     {"空调不制冷",
      "您好，我们店里的{product}（序列号 {serial}）从昨天下午开始不制冷，出风口一直吹热风，"
      "店里已经三十多度了，顾客都在抱怨，麻烦尽快派人来看一下。",
      "为了尽快定位问题，麻烦您看一下室内机显示屏上有没有故障代码？另外外机风扇现在还转吗？",
      "显示屏上是 E4，外机风扇好像不转了，能听到嗡嗡的声音。",
      "根据 E4 故障码判断是外机压缩机电容老化，工程师已更换新电容并试机 30 分钟，"
      "出风温度恢复到 12 度左右，制冷正常。"},
     {"Air conditioner not cooling",
      "Hello, the {product} in our shop (serial {serial}) has stopped cooling since yesterday "
      "afternoon. It only blows warm air and it is over 30 degrees inside. Please send someone.",
      "To narrow it down, could you check whether the indoor display shows an error code, and "
      "whether the outdoor fan is still turning?",
      "The display shows E4 and the outdoor fan is not turning, it just hums.",
      "E4 points to a worn compressor capacitor. Our engineer replaced it and ran the unit for "
      "30 minutes; the outlet air is back to about 12 degrees and cooling is normal."}},
    {"technical",
     P::kP3,
     F::kField,
     "KX-5",
     3,
     {"空调外机噪音很大",
      "{product} 外机最近噪音特别大，晚上邻居都来投诉了，序列号 {serial}，能不能安排师傅看看？",
      "请问噪音是一直有，还是只在启动的时候有？外机安装的支架有没有松动？",
      "一直都有，像是什么东西在抖，支架我看不出来。",
      "师傅上门检查发现外机支架螺丝松动、减震垫老化，已重新紧固并更换减震垫，现在运行声音正常。"},
     {"Outdoor unit very noisy",
      "The outdoor unit of our {product} (serial {serial}) has become very loud and the "
      "neighbours complain at night. Could you send a technician?",
      "Is the noise constant or only when it starts? Does the mounting bracket look loose?",
      "It is constant, like something rattling. I can't tell about the bracket.",
      "Our technician found loose bracket bolts and worn dampers; he tightened the bolts and "
      "replaced the dampers, and the unit now runs quietly."}},
    {"technical",
     P::kP2,
     F::kNeedInfo,
     "M3",
     4,
     {"监护仪血氧数值跳动",
      "科室的{product}（序列号 {serial}）血氧饱和度读数一直跳，一会儿 98 一会儿 85，"
      "护士不敢用，请尽快处理。",
      "请问是所有病人都这样，还是个别病人？能否换一个血氧探头试试，并拍一下探头接口的照片发给我们"
      "？",
      "换了备用探头就正常了，原来那个探头线有点破皮，照片已经发到邮箱。",
      "从照片看是原探头线缆破损导致信号干扰，我们已经寄出新的血氧探头（保修期内免费），"
      "更换后请按说明书做一次自检即可。"},
     {"Patient monitor SpO2 readings jumping",
      "The {product} (serial {serial}) on our ward shows SpO2 values jumping between 98 and 85. "
      "The nurses don't trust it. Please help quickly.",
      "Does it happen with every patient? Could you try a spare SpO2 probe and send us a photo "
      "of the probe connector?",
      "With the spare probe it is fine. The old probe cable is damaged, photo sent by email.",
      "The damaged cable caused the interference. A new SpO2 probe is on its way free of charge "
      "under warranty; please run the self-test after fitting it."}},
    {"technical",
     P::kP1,
     F::kTech,
     "M3",
     2,
     {"监护仪开机黑屏，ICU 急用",
      "ICU 的{product}今天早上开机后一直黑屏，电源灯亮但是没有画面，序列号 {serial}，"
      "科室急用，请立即安排处理！",
      "请问屏幕黑屏前有没有异常报警？麻烦长按电源键 10 秒强制重启一次，看看是否有开机画面。",
      "强制重启了还是黑屏，昨天晚上停过一次电。",
      "远程确认是停电导致主板电源模块损坏。工程师已携带备件到院更换电源模块并完成校准，"
      "设备已恢复使用，同时为科室留了一台备用机。"},
     {"Patient monitor black screen, ICU needs it",
      "The {product} (serial {serial}) in our ICU shows a black screen since this morning. The "
      "power light is on but there is no picture. We need it immediately!",
      "Was there any alarm before the screen went black? Please hold the power key for 10 "
      "seconds to force a restart and tell us whether the boot screen appears.",
      "Still black after the forced restart. We had a power cut last night.",
      "The power cut damaged the power module on the main board. Our engineer replaced it on "
      "site and recalibrated the unit; it is back in use and we left a loan unit as backup."}},
    {"technical",
     P::kP1,
     F::kTech,
     "P900",
     3,
     {"设备停机紧急",
      "车间的{product}（序列号 {serial}）突然停机，屏幕报错 0x3E，整条包装线都停了，"
      "每小时损失好几万，请马上派工程师！",
      "收到，我们非常重视。请先拍一下报错界面和设备日志页面发给我们，工程师会远程连线诊断。",
      "照片发过去了，日志里全是 motor overload。",
      "诊断为主驱动电机过载保护，原因是传动皮带打滑。工程师已远程指导复位并更换皮带，"
      "设备已恢复生产，我们会在下周安排一次预防性保养。"},
     {"Production printer down, urgent",
      "Our {product} (serial {serial}) stopped suddenly with error 0x3E and the whole packaging "
      "line is down. We are losing money every hour. Send an engineer immediately!",
      "Understood, this has our full attention. Please send a photo of the error screen and the "
      "log page; an engineer will connect remotely.",
      "Photos sent. The log is full of 'motor overload'.",
      "The main drive motor tripped its overload protection because the belt slipped. Our "
      "engineer reset it remotely and replaced the belt; production is running again, and we "
      "will schedule preventive maintenance next week."}},
    {"technical",
     P::kP3,
     F::kQuick,
     "P900",
     3,
     {"打印机频繁卡纸", "{product} 这周卡纸特别频繁，一天要停好几次，是不是纸的问题？",
      "请问现在用的是什么规格的纸？进纸导轨有没有按纸宽调整？",
      "用的是 80 克的不干胶纸，导轨好像没调过。",
      "卡纸多半是进纸导轨与纸宽不匹配造成的。按说明书第 23 页把导轨调到与纸宽一致，"
      "并清洁一下进纸滚轮，就能明显减少卡纸。"},
     {"Printer keeps jamming", "Our {product} jams several times a day this week. Is it the paper?",
      "Which paper are you using, and has the paper guide been adjusted to its width?",
      "80 g label stock, and I don't think anyone adjusted the guide.",
      "Jams like this usually come from a guide that doesn't match the paper width. Set the "
      "guide to the paper width (manual page 23) and clean the feed rollers; that should fix it."}},
    {"technical",
     P::kP2,
     F::kParts,
     "P900",
     2,
     {"打印头堵塞，打印有白线",
      "{product} 打出来的标签中间有一条白线，清洗了两次还是一样，序列号 {serial}。",
      "请问白线的位置固定吗？麻烦打印一张测试页拍照发给我们。",
      "位置是固定的，测试页照片已经上传了。",
      "测试页显示打印头有一段加热点损坏，清洗无法恢复，已为您更换新的打印头组件，打印效果恢复正常"
      "。"},
     {"Print head clogged, white line on labels",
      "Labels from our {product} (serial {serial}) have a white line in the middle, even after "
      "cleaning twice.",
      "Is the line always in the same place? Please print a test page and send us a photo.",
      "Always in the same place, photo of the test page uploaded.",
      "The test page shows damaged heating dots on the print head, which cleaning cannot fix. "
      "We replaced the print head assembly and the print quality is back to normal."}},
    {"technical",
     P::kP3,
     F::kNeedInfo,
     "L7",
     4,
     {"门锁指纹识别失败",
      "家里的{product}最近指纹经常识别不了，要按好几次才开，老人小孩进门很麻烦。",
      "请问是所有人的指纹都这样，还是个别人？指纹窗口表面是否有划痕或污渍？",
      "主要是我爸的指纹，窗口擦过了也一样。",
      "老人手指纹路较浅时识别率会下降，建议在 App 里为同一手指多录入 2–3 次不同角度的指纹，"
      "并开启“指纹自学习”，一般就能明显改善。"},
     {"Smart lock fingerprint not recognised",
      "Our {product} often fails to read fingerprints; it takes several tries to open the door.",
      "Does it happen for everyone or one person? Is the sensor window scratched or dirty?",
      "Mostly my father's finger. Cleaning the window didn't help.",
      "Older fingers often have shallow ridges. Enrol the same finger 2–3 more times at "
      "different angles in the app and turn on fingerprint self-learning; it usually helps."}},
    {"technical",
     P::kP4,
     F::kQuick,
     "L7",
     2,
     {"门锁电池耗电很快", "{product} 换的新电池才用了一个月就提示低电量了，正常吗？", "", "",
      "正常续航约 8–12 个月。耗电快通常是开启了“常亮猫眼”或 Wi-Fi 常在线，"
      "在 App 设置里把猫眼改为“触发唤醒”即可；另外建议使用碱性电池。"},
     {"Smart lock battery drains fast",
      "The new batteries in my {product} show low battery after only a month. Is that normal?", "",
      "",
      "Normal battery life is 8–12 months. Fast drain usually comes from the always-on peephole "
      "camera or Wi-Fi; set the camera to wake on trigger in the app and use alkaline batteries."}},
    {"technical",
     P::kP2,
     F::kField,
     "W2",
     3,
     {"净水器漏水",
      "厨房柜子里的{product}在漏水，地板都泡了，序列号 {serial}，已经把总阀关了，请尽快上门。",
      "请问漏水点在机器底部还是管路接口？我们先安排最近的师傅。", "好像是进水管接口那里在滴。",
      "师傅上门检查为进水接口密封圈老化，已更换密封圈和快接头，通水测试 20 分钟无渗漏。"},
     {"Water purifier leaking",
      "The {product} (serial {serial}) under our kitchen sink is leaking and the floor is wet. I "
      "closed the main valve. Please send someone.",
      "Is the leak at the bottom of the unit or at a pipe joint? We'll send the nearest "
      "technician.",
      "It drips at the inlet pipe joint.",
      "The inlet seal had worn out. Our technician replaced the seal and the quick connector and "
      "ran water for 20 minutes without any leak."}},
    {"technical",
     P::kP3,
     F::kQuick,
     "W2",
     3,
     {"净水器出水很慢", "{product} 这两周出水越来越慢，接一杯水要等半天。",
      "请问上一次更换滤芯是什么时候？机器面板上的滤芯寿命灯是什么颜色？",
      "滤芯一年多没换了，灯是红色的。",
      "红灯说明 RO 膜滤芯已到寿命，更换后出水速度即可恢复。您可以在 App 下单滤芯套装，"
      "我们也可以安排师傅上门免费更换。"},
     {"Water purifier very slow",
      "Water from my {product} has become very slow over the last two weeks.",
      "When was the filter last changed, and what colour is the filter-life light?",
      "More than a year ago, and the light is red.",
      "A red light means the RO membrane filter is worn out; replacing it restores the flow. You "
      "can order a filter set in the app, and we can send a technician to fit it for free."}},
    {"technical",
     P::kP2,
     F::kTech,
     "SaaS",
     3,
     {"报表导出失败",
      "系统里导出月度报表一直报错“导出失败，请稍后重试”，已经试了一上午，月底要交给老板。",
      "请问是所有报表都导不出，还是只有月度报表？麻烦提供一下报错时间和您的账号。",
      "只有月度报表，账号是公司管理员账号，10 点左右试的。",
      "排查发现月度报表数据量超过了单次导出上限，导致任务超时。我们已为贵司调高导出上限，"
      "并修复了超时后没有提示的问题，现在可以正常导出了。"},
     {"Report export fails",
      "Exporting the monthly report keeps failing with 'Export failed, try again later'. I've "
      "tried all morning and need it for month-end.",
      "Does it fail for every report or only the monthly one? Please tell us your account and "
      "the time of the error.",
      "Only the monthly report, admin account, around 10 am.",
      "The monthly report exceeded the export size limit and the job timed out. We raised the "
      "limit for your company and fixed the missing timeout message; exports work now."}},
    {"technical",
     P::kP3,
     F::kTech,
     "SaaS",
     2,
     {"系统打开特别慢", "这几天系统页面打开特别慢，有时候要一分钟，同事们都没法正常工作。",
      "请问是所有页面都慢，还是特定模块？方便的话请截图浏览器开发者工具里的网络请求。",
      "主要是订单列表页面，截图已经发到工单附件里了。",
      "订单列表的一个筛选条件缺少索引，数据量大时查询变慢。技术团队已在今晚发布修复，"
      "现在订单列表打开时间在 1 秒以内。"},
     {"System very slow",
      "Pages have been loading very slowly for days, sometimes a full minute. My team can't work.",
      "Is every page slow or only some modules? If possible, send a screenshot of the network "
      "tab of the browser's developer tools.",
      "Mostly the order list page. Screenshot attached.",
      "One filter on the order list lacked an index, so queries slowed down with more data. Our "
      "team shipped a fix tonight and the order list now opens within a second."}},
    // ---- account
    {"account",
     P::kP2,
     F::kNeedInfo,
     "",
     5,
     {"账号无法登录", "今天早上开始账号一直登录不上，提示“用户名或密码错误”，可是密码我没改过。",
      "为了保障账号安全，请提供一下注册手机号的后四位，以及最近一次成功登录的大概时间。",
      "后四位是 {n}，昨天晚上还能登录。",
      "核实发现您的账号因连续输错密码被临时锁定。已为您解除锁定并发送重置密码短信，"
      "重置后即可正常登录，建议同时开启短信验证登录。"},
     {"Cannot log in to my account",
      "Since this morning I can't log in; it says 'wrong user name or password' but I haven't "
      "changed my password.",
      "For your security, please confirm the last four digits of your registered phone number "
      "and when you last logged in successfully.",
      "The last four digits are {n}, and I could log in last night.",
      "Your account had been locked after several wrong passwords. We unlocked it and sent a "
      "reset link by SMS; after resetting you can log in. We recommend turning on SMS login."}},
    {"account",
     P::kP4,
     F::kQuick,
     "",
     3,
     {"忘记密码怎么找回", "忘记登录密码了，手机号也换了，怎么找回？", "", "",
      "您可以在登录页点击“忘记密码”，选择“人工申诉”，上传身份证明后我们会在 1 个工作日内审核，"
      "审核通过后即可绑定新手机号并重置密码。"},
     {"Forgot my password",
      "I forgot my password and have a new phone number. How do I recover my account?", "", "",
      "On the login page choose 'Forgot password' and then 'Manual review', upload an ID "
      "document, and we review it within one working day. After that you can bind the new "
      "number and reset the password."}},
    {"account",
     P::kP4,
     F::kNeedInfo,
     "",
     2,
     {"更换绑定手机号", "原来绑定的手机号不用了，想换成新号码，在 App 里找不到入口。",
      "请问原手机号还能接收短信吗？如果不能，需要您提供订单号 {order} 对应的收货人信息做身份核验。",
      "原号码已经注销了，收货人就是我本人。",
      "身份已核验通过，新手机号已绑定成功，原号码已解绑，您可以用新号码登录了。"},
     {"Change my registered phone number",
      "My old phone number is no longer in use and I can't find where to change it in the app.",
      "Can the old number still receive SMS? If not, we need the recipient details of order "
      "{order} to verify your identity.",
      "The old number is cancelled; I was the recipient myself.",
      "Identity verified: the new number is now bound to your account and the old one removed."}},
    {"account",
     P::kP4,
     F::kQuick,
     "SaaS",
     2,
     {"子账号权限怎么设置",
      "我们新来了两个同事，想给他们开子账号，只能看报表不能改数据，怎么设置？", "", "",
      "管理员登录后进入“设置 → 成员与权限”，新建成员时选择“只读报表”角色即可，"
      "每个子账号都可以单独设置可见的门店范围。"},
     {"How to set sub-account permissions",
      "Two new colleagues need sub-accounts that can view reports but not change data.", "", "",
      "As admin, open Settings → Members & permissions and give the new members the 'Report "
      "viewer' role. You can limit each sub-account to certain stores."}},
    // ---- billing
    {"billing",
     P::kP3,
     F::kApproval,
     "",
     5,
     {"发票开错了",
      "订单 {order} 开的发票抬头写错了，公司名称少了一个字，财务没法报销，麻烦重开一张。",
      "请提供正确的发票抬头、税号，以及原发票是否已经认证抵扣？",
      "抬头和税号已经发到邮箱，发票还没认证。",
      "原发票已作废，按新抬头重新开具的电子发票已发送到您的邮箱，请查收。"},
     {"Invoice issued with wrong details",
      "The invoice for order {order} has the wrong company name, so our finance team can't book "
      "it. Please issue a new one.",
      "Please send the correct company name and tax number, and tell us whether the original "
      "invoice has been booked.",
      "Details sent by email; it hasn't been booked.",
      "The original invoice is cancelled and a corrected e-invoice has been sent to your email."}},
    {"billing",
     P::kP2,
     F::kApproval,
     "",
     3,
     {"重复扣费了", "续费的时候银行卡被扣了两次 {amount} 元，订单号 {order}，请尽快退回多扣的钱。",
      "非常抱歉，请提供一下两笔扣款的银行流水截图，我们马上核对。", "截图已经上传。",
      "已核实为支付通道重复扣款，多扣的 {amount} 元已原路退回，预计 1–3 个工作日到账。"},
     {"Charged twice",
      "My card was charged {amount} twice for the renewal, order {order}. Please refund the "
      "duplicate.",
      "We are sorry about that. Please send screenshots of both charges so we can check.",
      "Screenshots uploaded.",
      "Confirmed: the payment gateway charged twice. The duplicate {amount} has been refunded to "
      "your card and should arrive in 1–3 working days."}},
    {"billing",
     P::kP3,
     F::kNeedInfo,
     "SaaS",
     2,
     {"续费金额和合同不一致",
      "系统提示的续费金额是 {amount} 元，但合同上写的是优惠价，是不是算错了？",
      "请把合同编号或者合同里价格条款的截图发给我们，我们和销售核对一下。",
      "合同编号 HT-2024-0318，截图已经发过去了。",
      "已与销售核对，合同优惠价有效，续费账单已按合同价更正，您刷新页面即可看到新的金额。"},
     {"Renewal price differs from contract",
      "The renewal shows {amount}, but our contract has a discounted price. Is it wrong?",
      "Please send the contract number or a screenshot of the price clause so we can check with "
      "sales.",
      "Contract HT-2024-0318, screenshot sent.",
      "Sales confirmed the contract price; the renewal bill has been corrected. Refresh the page "
      "to see the new amount."}},
    {"billing",
     P::kP4,
     F::kQuick,
     "",
     2,
     {"如何开增值税专用发票", "请问订单 {order} 能开增值税专用发票吗？需要提供哪些资料？", "", "",
      "可以开具。请在订单详情页点击“申请发票”，选择“增值税专用发票”，"
      "填写公司名称、税号、开户行及账号、注册地址电话，提交后 3 个工作日内开具。"},
     {"How to get a VAT special invoice",
      "Can I get a VAT special invoice for order {order}? What do you need from us?", "", "",
      "Yes. On the order page click 'Request invoice', choose 'VAT special invoice' and enter "
      "company name, tax number, bank account and registered address; we issue it within 3 "
      "working days."}},
    // ---- refund
    {"refund",
     P::kP3,
     F::kApproval,
     "",
     5,
     {"申请退款", "订单 {order} 买的{product}不想要了，还没拆封，申请退款。",
      "请问商品包装和配件都完整吗？麻烦拍一下外包装照片。", "都完整，照片已经上传。",
      "退货申请已审核通过，快递员明天上门取件，仓库签收后 {amount} 元会原路退回。"},
     {"Refund request",
      "I no longer want the {product} from order {order}. It is unopened; please refund.",
      "Is the packaging complete with all accessories? Please send a photo of the box.",
      "Everything is complete, photo uploaded.",
      "Your return is approved. A courier will collect it tomorrow and {amount} will be refunded "
      "once the warehouse receives it."}},
    {"refund",
     P::kP3,
     F::kApproval,
     "",
     3,
     {"七天无理由退货", "{product} 收到第三天，用着不太合适，想走七天无理由退货。",
      "可以的。请确认商品不影响二次销售，我们会为您生成退货单。", "好的，东西都在，没用几次。",
      "退货单已生成，运费由我们承担，仓库收到验货后 3 个工作日内退款 {amount} 元。"},
     {"Return within 7 days",
      "I received the {product} three days ago and it doesn't suit me. I'd like to return it.",
      "No problem. Please confirm it can be resold; we'll create a return order.",
      "Yes, everything is there, barely used.",
      "The return order is created, we pay the shipping, and {amount} is refunded within 3 "
      "working days after inspection."}},
    {"refund",
     P::kP2,
     F::kNeedInfo,
     "",
     3,
     {"退款一直没到账", "订单 {order} 的退款显示已退款，但是一个星期了钱还没到账，怎么回事？",
      "请问您当时是用什么方式支付的？如果是信用卡，麻烦查看一下信用卡账单里是否有冲正记录。",
      "用的信用卡，账单里没看到。",
      "已联系支付渠道查询，退款 {amount} 元已于 3 天前退至您的信用卡，银行入账需要 5–7 个工作日，"
      "交易参考号已发到您的短信，可凭此向银行查询。"},
     {"Refund not received",
      "Order {order} shows refunded, but after a week the money still isn't in my account.",
      "How did you pay? If by credit card, please check your statement for a reversal.",
      "Credit card, and I can't see it on the statement.",
      "The payment provider confirms {amount} was refunded to your card three days ago; banks "
      "need 5–7 working days to post it. We sent you the reference number by SMS."}},
    // ---- delivery
    {"delivery",
     P::kP3,
     F::kNeedInfo,
     "",
     5,
     {"快递三天没到", "订单 {order} 说好次日达，三天了还没收到，物流也查不到信息。",
      "非常抱歉让您久等了。请确认一下收货地址和联系电话是否正确，我们马上联系快递公司。",
      "地址没错，电话就是这个号码。",
      "已联系快递公司，包裹在{city}中转站滞留，今天已加急派送，预计明天上午送达，"
      "派送员会提前电话联系您。"},
     {"Parcel three days late",
      "Order {order} was promised next-day delivery but hasn't arrived after three days, and the "
      "tracking shows nothing.",
      "Sorry for the wait. Please confirm your address and phone number and we'll chase the "
      "courier right away.",
      "The address is right and this is my number.",
      "The parcel was held at the {city} hub. The courier has expedited it and it should arrive "
      "tomorrow morning; the driver will call ahead."}},
    {"delivery",
     P::kP3,
     F::kQuick,
     "",
     3,
     {"物流信息一直不更新", "订单 {order} 的物流信息两天没更新了，是不是丢件了？", "", "",
      "查询到包裹已到达{city}分拨中心，因近期件量大扫描延迟，实际正在派送中，预计今天送达。"},
     {"Tracking not updated", "Tracking for order {order} hasn't updated for two days. Is it lost?",
      "", "",
      "The parcel has reached the {city} sorting centre; scans are delayed by high volume, but it "
      "is out for delivery and should arrive today."}},
    {"delivery",
     P::kP2,
     F::kApproval,
     "",
     3,
     {"收到的货外包装破损", "今天收到{product}，外箱压坏了，机器外壳也有一道裂纹，订单 {order}。",
      "非常抱歉！请拍一下外箱和机器裂纹的照片，我们立即为您处理换货。",
      "照片已经上传了，外壳裂得挺明显。",
      "已为您办理换新，新机今天从仓库发出，破损件由快递上门取回，运费由我们承担。"},
     {"Item arrived damaged",
      "The {product} from order {order} arrived today with a crushed box and a crack in the "
      "casing.",
      "We are very sorry! Please send photos of the box and the crack and we'll replace it.",
      "Photos uploaded; the crack is clearly visible.",
      "A replacement ships from our warehouse today and the courier will collect the damaged "
      "unit; we cover all shipping."}},
    {"delivery",
     P::kP2,
     F::kApproval,
     "",
     2,
     {"发错货了", "我买的是{product}，收到的却是别的型号，订单 {order}，麻烦尽快换过来。",
      "非常抱歉给您添麻烦了，请拍一下收到商品的型号标签，我们马上安排换货。",
      "型号标签照片已经发了。",
      "已核实为仓库拣货错误，正确的商品今天加急发出，错发的商品快递员送新货时一并取回。"},
     {"Wrong item delivered",
      "I ordered the {product} but received a different model, order {order}. Please exchange it.",
      "Sorry for the trouble. Please send a photo of the model label and we'll arrange the "
      "exchange.",
      "Photo of the label sent.",
      "It was a picking error. The correct item ships express today and the courier will take "
      "the wrong one back on delivery."}},
    // ---- installation
    {"installation",
     P::kP3,
     F::kField,
     "",
     6,
     {"上门安装预约", "订单 {order} 的{product}已经到货了，想预约师傅上门安装，最好是周末。", "",
      "",
      "安装已完成：设备固定牢靠、通电试机正常，师傅已现场讲解使用和保养方法，"
      "保修卡已登记，序列号 {serial}。"},
     {"Installation appointment",
      "The {product} from order {order} has arrived. I'd like a technician to install it, ideally "
      "at the weekend.",
      "", "",
      "Installation done: the unit is mounted securely and tested, the technician explained use "
      "and care, and the warranty is registered under serial {serial}."}},
    {"installation",
     P::kP3,
     F::kField,
     "M3",
     2,
     {"新设备需要安装调试", "医院新采购的{product}到货了，需要厂家工程师来安装调试并做操作培训。",
      "请问科室方便的时间段是哪几天？需要培训的护士大概有多少人？",
      "下周二下午可以，大概十几个护士。",
      "工程师已完成安装调试和参数校准，并为科室 14 名护士做了操作培训，培训签到表已上传。"},
     {"New equipment needs commissioning",
      "Our hospital received the new {product}. We need your engineer to install and commission "
      "it and train the staff.",
      "Which days suit the ward, and how many nurses need training?",
      "Next Tuesday afternoon, about a dozen nurses.",
      "The engineer installed, commissioned and calibrated the unit and trained 14 nurses; the "
      "attendance sheet is uploaded."}},
    {"installation",
     P::kP3,
     F::kQuick,
     "",
     2,
     {"安装师傅迟到了两个小时",
      "约好上午十点安装{product}，师傅到现在还没来，电话也打不通，我请了假在家等着。", "", "",
      "非常抱歉耽误您的时间。师傅上一单延误了，已改派附近的师傅，预计 40 分钟内到达，"
      "本次安装费用为您免除。"},
     {"Installer two hours late",
      "The installer for my {product} was due at 10 am and still isn't here; his phone is off and "
      "I took the day off for this.",
      "", "",
      "We are very sorry for your lost time. The previous job overran; we sent another "
      "technician nearby who will arrive within 40 minutes, and the installation fee is waived."}},
    // ---- complaint
    {"complaint",
     P::kP2,
     F::kComplaint,
     "",
     5,
     {"投诉客服态度差",
      "昨天打电话咨询{product}的问题，客服态度非常差，说话很不耐烦，还直接挂了我电话，我要投诉！",
      "", "", "我们已调取通话录音核实，确实存在服务态度问题，已对相关客服进行处理和培训。"},
     {"Complaint about rude support agent",
      "I called about my {product} yesterday and the agent was rude, impatient and hung up on "
      "me. I want to file a complaint!",
      "", "",
      "We reviewed the call recording and confirmed the problem; the agent has been coached and "
      "we have changed how such calls are checked."}},
    {"complaint",
     P::kP1,
     F::kComplaint,
     "",
     4,
     {"多次报修仍未解决，强烈投诉",
      "{product} 同一个问题已经报修三次了，每次都说修好了，用两天又坏，你们到底能不能解决？"
      "再这样我就去 12315 投诉！",
      "", "", "已安排高级工程师上门彻底检修，更换了故障部件并延长保修一年，后续由专人回访跟进。"},
     {"Repeated repairs, problem still not fixed",
      "This is the third time I report the same fault on my {product}. Each time you say it is "
      "fixed and two days later it fails again. This is unacceptable.",
      "", "",
      "A senior engineer did a full repair, replaced the faulty part and we extended your "
      "warranty by a year; a dedicated manager will follow up."}},
    {"complaint",
     P::kP2,
     F::kComplaint,
     "",
     3,
     {"投诉维修师傅乱收费",
      "师傅上门修{product}，说保修期内免费，结果走的时候又收了 {amount} 元“材料费”，也没给发票。",
      "", "", "经核实该笔费用不符合保修政策，{amount} 元已全额退回，涉事服务商已被处罚。"},
     {"Complaint: technician overcharged",
      "The technician repairing my {product} said it was free under warranty, then charged me "
      "{amount} for 'materials' without a receipt.",
      "", "",
      "We confirmed the charge broke our warranty policy; {amount} has been refunded in full and "
      "the service partner has been penalised."}},
    {"complaint",
     P::kP2,
     F::kComplaint,
     "",
     2,
     {"产品质量太差，要求赔偿",
      "买的{product}不到半年坏了两次，耽误了我们好几天的生意，要求赔偿损失！", "", "",
      "经协商，为您免费更换新机并补偿延保服务，损失补偿方案已发到您的邮箱确认。"},
     {"Poor quality, asking for compensation",
      "My {product} broke twice in less than six months and cost us several days of business. I "
      "demand compensation!",
      "", "",
      "We agreed to replace the unit with a new one free of charge and add an extended warranty; "
      "the compensation offer is in your email."}},
    // ---- inquiry
    {"inquiry",
     P::kP4,
     F::kQuick,
     "",
     6,
     {"咨询保修政策", "请问{product}的保修期是多久？过了保修期维修怎么收费？", "", "",
      "{product}整机保修期以保修卡为准，您的设备 {serial} 的保修信息可以在 App “我的设备”中查看；"
      "过保后上门检测费 80 元，更换配件按配件价格收取，也可以购买延保服务。"},
     {"Question about warranty policy",
      "How long is the warranty on the {product}, and what do repairs cost afterwards?", "", "",
      "The warranty period is on your warranty card; for unit {serial} you can see it under 'My "
      "devices' in the app. After warranty an on-site check costs 80 CNY plus parts, or you can "
      "buy an extended warranty."}},
    {"inquiry",
     P::kP4,
     F::kQuick,
     "",
     4,
     {"咨询批量采购价格", "我们公司想批量采购一批{product}，大概二十台，请问有没有优惠？", "", "",
      "感谢您的关注！20 台以上可享受项目价，已为您安排{city}区域的销售经理在今天内联系您，"
      "报价单会同步发送到您的邮箱。"},
     {"Question about volume pricing",
      "We'd like to buy about twenty units of the {product}. Is there a volume discount?", "", "",
      "Thank you! Orders of 20 units or more get project pricing. Our {city} sales manager will "
      "contact you today and email you a quotation."}},
    {"inquiry",
     P::kP4,
     F::kQuick,
     "W2",
     3,
     {"请问滤芯多久换一次", "家里的{product}用了快一年了，请问滤芯多久换一次？怎么换？", "", "",
      "PP 棉建议 6 个月更换，RO 膜建议 24 个月更换，以机器指示灯为准。"
      "滤芯是快拆式的，按说明书逆时针旋下即可，也可以预约师傅免费上门更换。"},
     {"How often should filters be changed?",
      "My {product} is almost a year old. How often do the filters need changing, and how?", "", "",
      "Change the PP filter every 6 months and the RO membrane every 24 months, or when the light "
      "says so. They twist off anticlockwise; we can also send a technician for free."}},
    {"inquiry",
     P::kP4,
     F::kQuick,
     "",
     2,
     {"咨询延保服务", "我的{product}保修快到期了，请问延保怎么买？包含哪些内容？", "", "",
      "延保服务 2 年 1200 元，包含免费上门维修和配件更换，可在保修到期前 30 天内在 App 直接购买，"
      "也可以由我们为您下单。"},
     {"Question about extended warranty",
      "The warranty on my {product} is about to end. How do I buy an extension and what does it "
      "cover?",
      "", "",
      "The 2-year extended warranty costs 1200 CNY and covers on-site repairs and parts. You can "
      "buy it in the app up to 30 days before expiry, or we can order it for you."}},
    {"inquiry",
     P::kP4,
     F::kQuick,
     "SaaS",
     2,
     {"系统是否支持英文界面", "我们有外籍同事，请问系统能切换成英文界面吗？", "", "",
      "支持的。在右上角头像菜单 → 个人设置 → 语言中选择 English 即可，每个账号可以单独设置。"},
     {"Is there an English interface?",
      "Some colleagues don't read Chinese. Can the system switch to English?", "", "",
      "Yes. Open the avatar menu → Personal settings → Language and choose English; each account "
      "can choose its own language."}},
    // ---- the smart-lock firmware incident (chosen only by the incident, weight 0 elsewhere)
    {"technical",
     P::kP1,
     F::kIncident,
     "L7",
     5,
     {"智能门锁 L7 升级后无法开锁",
      "昨晚 App 提示门锁固件升级，升级完以后指纹、密码都开不了门，只能用机械钥匙，"
      "家里老人钥匙不在身上，现在进不了门！",
      "请问门锁屏幕现在显示什么？固件版本号在 App “设备信息”里能看到，麻烦告诉我们。",
      "屏幕一直显示“系统初始化”，版本号是 3.2.1。",
      "已确认是固件 3.2.1 的缺陷。修复版固件 3.2.2 已推送，请在 App 中点击升级，"
      "升级后指纹和密码即可恢复；如无法升级，我们会安排师傅上门处理。"},
     {"L7 smart lock won't open after update",
      "The app pushed a firmware update to the lock last night. Since then neither fingerprint "
      "nor PIN opens the door and we can only use the physical key!",
      "What does the lock screen show now? Please tell us the firmware version from 'Device "
      "info' in the app.",
      "The screen keeps saying 'Initialising', version 3.2.1.",
      "This is a confirmed defect in firmware 3.2.1. The fixed version 3.2.2 has been pushed; "
      "please update in the app and fingerprint and PIN will work again. If the update fails we "
      "will send a technician."}},
    {"technical",
     P::kP2,
     F::kIncident,
     "L7",
     3,
     {"门锁固件升级后指纹失灵", "{product} 自动升级后，之前录的指纹全部失效，重新录也提示失败。",
      "请问升级后门锁是否重启过？版本号是多少？", "重启过两次，版本 3.2.1。",
      "固件 3.2.1 在部分批次上会清空指纹库，已推送修复版 3.2.2，升级后重新录入指纹即可正常使用。"},
     {"Fingerprints lost after lock firmware update",
      "After the automatic update my {product} lost all enrolled fingerprints and enrolling again "
      "fails.",
      "Has the lock restarted since the update, and which version does it show?",
      "It restarted twice; version 3.2.1.",
      "Firmware 3.2.1 wipes the fingerprint store on some batches. Version 3.2.2 fixes it; after "
      "updating, enrol the fingerprints again."}},
    {"technical",
     P::kP2,
     F::kIncident,
     "L7",
     2,
     {"门锁升级后一直提示低电量打不开",
      "升级以后门锁一直报低电量，换了新电池也一样，密码输进去没反应，现在很着急。",
      "请问更换的是几号电池？门锁固件版本号是多少？", "换的是新的 5 号碱性电池，版本 3.2.1。",
      "这是固件 3.2.1 电量检测的误报问题，修复版 3.2.2 已推送，升级后即可正常开锁，电池无需更换。"},
     {"Lock reports low battery after update and won't open",
      "Since the update the lock keeps reporting low battery even with new batteries, and the "
      "PIN pad doesn't respond.",
      "Which batteries did you fit, and what firmware version is shown?",
      "New AA alkaline batteries; version 3.2.1.",
      "It is a false low-battery reading in firmware 3.2.1. Version 3.2.2 fixes it; after "
      "updating the lock opens normally and the batteries are fine."}},
    // ---- machine alerts through the API (api channel only)
    {"technical",
     P::kP2,
     F::kAlert,
     "P900",
     3,
     {"【设备告警】P900 打印头温度过高",
      "设备 {serial} 上报告警：打印头温度 78℃，超过阈值 70℃，持续 10 分钟。来源：设备监控平台。",
      "", "",
      "监控平台显示贵司 P900（{serial}）打印头温度偏高，远程检查为散热风扇积尘所致。"
      "已按我们的指导清洁风扇滤网，温度已回落至 55℃，告警解除，建议每月清洁一次。"},
     {"[Device alert] P900 print head over temperature",
      "Device {serial} reported: print head at 78°C, above the 70°C threshold for 10 minutes. "
      "Source: device monitoring.",
      "", "",
      "Our monitoring flagged a high print head temperature on your P900 ({serial}); a dusty "
      "cooling fan was the cause. After cleaning the fan filter as we advised, it is back at "
      "55°C and the alert is cleared. We suggest cleaning it monthly."}},
    {"technical",
     P::kP2,
     F::kAlert,
     "KX-5",
     2,
     {"【设备告警】KX-5 压缩机过载保护",
      "设备 {serial} 上报告警：压缩机过载保护触发 3 次/小时。来源：设备监控平台。", "", "",
      "监控平台显示贵司空调（{serial}）压缩机多次过载保护，远程查看为冷凝器脏堵导致高压过高，"
      "已安排师傅上门清洗冷凝器，目前运行恢复正常。"},
     {"[Device alert] KX-5 compressor overload",
      "Device {serial} reported: compressor overload protection tripped 3 times in an hour. "
      "Source: device monitoring.",
      "", "",
      "Our monitoring saw repeated overload trips on your unit ({serial}): a clogged condenser "
      "raised the head pressure. A technician cleaned it and the unit runs normally again."}},
    {"technical",
     P::kP2,
     F::kAlert,
     "M3",
     2,
     {"【设备告警】M3 监护仪离线超过 30 分钟",
      "设备 {serial} 与中央站断开连接超过 30 分钟。来源：设备监控平台。", "", "",
      "监控平台显示贵院监护仪（{serial}）离线，经与信息科确认是科室交换机重启导致断网，"
      "网络恢复后设备已重新上线，监测数据无丢失。"},
     {"[Device alert] M3 monitor offline for 30 minutes",
      "Device {serial} has been disconnected from the central station for over 30 minutes. "
      "Source: device monitoring.",
      "", "",
      "Our monitoring showed your monitor ({serial}) offline. Your IT team confirmed a switch "
      "restart on the ward; the device reconnected when the network came back, with no data "
      "lost."}},
};

}  // namespace

std::span<const TicketTemplate> TicketTemplates() { return kTemplates; }

// ------------------------------------------------------------------------- conversation

namespace {

constexpr SV kGreetingZh[] = {
    "{salutation}您好，我是客服{agent}，很高兴为您服务。",
    "{salutation}，您好！我是售后服务中心的{agent}，您反馈的问题我已经收到了。",
    "您好{salutation}，感谢您联系我们，我是{agent}，接下来由我为您跟进。",
    "{salutation}您好，这里是客户服务中心，我是{agent}，让您久等了。",
};
constexpr SV kGreetingEn[] = {
    "Hello {salutation}, this is {agent} from customer service. Thank you for contacting us.",
    "Hi {salutation}, I'm {agent} and I'll be looking after your request.",
    "Dear {salutation}, thank you for reaching out. My name is {agent} and I'll help you today.",
};
constexpr SV kPhoneGreetingZh[] = {
    "您好，客户服务中心，工号 {n}，我是{agent}，很高兴为您服务，请问有什么可以帮您？",
    "您好，这里是售后服务热线，我是{agent}，请问有什么可以帮您？",
};
constexpr SV kPhoneGreetingEn[] = {
    "Good day, customer service, this is {agent}. How can I help you?",
    "Hello, you're through to support, my name is {agent}. What can I do for you?",
};
constexpr SV kIdentityCheckZh[] = {
    "为了核实身份，麻烦您报一下预留手机号的后四位。",
    "请问是{salutation}本人吗？麻烦提供一下订单号或预留手机号后四位。",
    "先跟您核对一下信息，请问您预留的手机号后四位是多少？",
};
constexpr SV kIdentityCheckEn[] = {
    "To verify your identity, could you tell me the last four digits of your registered phone "
    "number?",
    "Am I speaking with {salutation}? Could you confirm the last four digits of your phone "
    "number?",
};
constexpr SV kIdentityAnswerZh[] = {"对，后四位是 {n}。", "是我本人，手机尾号 {n}。", "尾号 {n}。"};
constexpr SV kIdentityAnswerEn[] = {"Yes, the last four digits are {n}.", "Yes, it's me. {n}."};
constexpr SV kEmpathyZh[] = {
    "非常抱歉给您带来不便，我完全理解您现在的心情。",
    "让您着急了，真的很抱歉，我们会尽快帮您处理。",
    "理解您的困扰，这个问题我会一直跟进到解决为止。",
    "给您添麻烦了，非常抱歉，我马上帮您查。",
};
constexpr SV kEmpathyEn[] = {
    "I'm very sorry for the trouble; I understand how frustrating this is.",
    "Sorry to keep you worried. We'll sort this out as quickly as we can.",
    "I understand, and I'll stay on this until it is solved.",
};
constexpr SV kConfirmZh[] = {
    "麻烦您确认一下，现在使用是否正常？",
    "请问问题是否已经解决？还有其他可以帮您的吗？",
    "您那边测试一下，如果还有问题随时告诉我。",
};
constexpr SV kConfirmEn[] = {
    "Could you confirm that everything works now?",
    "Is the problem solved on your side? Is there anything else I can help with?",
};
constexpr SV kAnythingElseZh[] = {
    "请问还有其他可以帮您的吗？",
    "以上信息是否清楚？如还有疑问随时联系我。",
};
constexpr SV kAnythingElseEn[] = {
    "Is there anything else I can help you with?",
    "Does that answer your question? Just reply if anything is unclear.",
};
constexpr SV kClosingZh[] = {
    "感谢您的耐心，祝您生活愉快！如有问题随时联系我们。",
    "感谢您的支持，稍后会有满意度回访，期待您的评价，再见！",
    "不客气，这是我们应该做的，祝您工作顺利！",
    "感谢您的理解与配合，祝您一切顺利！",
};
constexpr SV kClosingEn[] = {
    "Thank you for your patience and have a great day!",
    "Thanks for your understanding. You'll get a short survey shortly; we'd value your feedback.",
    "You're welcome. Please get in touch any time. Goodbye!",
};
constexpr SV kCarelessZh[] = {
    "这个不归我管，你找售后去。",
    "你自己看说明书，上面都写了。",
    "系统就是这样的，我也没办法。",
    "这个我也不知道，你等通知吧。",
    "都说了重启一下就行，你到底试了没有？",
    "这种情况不在保修范围，没法处理。",
    "你说的这个问题不是我们这边的，找快递去。",
};
constexpr SV kCarelessEn[] = {
    "That's not my department, contact after-sales.",
    "Just read the manual, it's all in there.",
    "That's how the system works, nothing I can do.",
    "I don't know. Wait for a notice.",
    "I already told you to restart it. Did you even try?",
};
constexpr SV kMoodDropZh[] = {
    "太失望了，你们就是这样服务客户的？",
    "什么态度！问题没解决还让我自己看说明书？我要投诉！",
    "我等了这么久，就给我这样的回复？真的太让人失望了。",
    "这就是你们的售后？以后再也不会买你们的东西了。",
    "不归你管归谁管？一个问题推来推去，太气人了！",
};
constexpr SV kMoodDropEn[] = {
    "I'm so disappointed. Is this how you treat customers?",
    "What kind of answer is that? I want to make a complaint.",
    "I waited all this time for this reply? Really disappointing.",
    "If it's not your job, whose is it? This is ridiculous.",
};
constexpr SV kThanksZh[] = {
    "好的，已经正常了，谢谢！",
    "问题解决了，非常感谢你们的耐心帮助！",
    "可以了，效率很高，点赞！",
    "试过了，没问题了，辛苦了！",
};
constexpr SV kThanksEn[] = {
    "It works now, thank you!",
    "Problem solved, thanks a lot for your help.",
    "Great, that was quick. Much appreciated!",
};
constexpr SV kThanksInfoZh[] = {
    "好的，明白了，谢谢你的详细解答。",
    "收到，辛苦了，谢谢！",
    "好的，效率很高，谢谢！",
    "了解了，谢谢。",
};
constexpr SV kThanksInfoEn[] = {
    "Got it, thanks for the clear explanation.",
    "Received, thank you for sorting this out.",
    "Great, that was quick. Much appreciated!",
};
constexpr SV kUnhappyEndZh[] = {
    "算了，就这样吧，反正说了也没用。", "问题是解决了，但是前前后后折腾了这么久，体验真的很差。",
    "行吧，下次不会再买你们的了。",     "你们说解决了就解决了吧，我也懒得再说了。",
    "勉强能用吧，说实话很失望。",
};
constexpr SV kUnhappyEndEn[] = {
    "Fine, whatever. Talking to you doesn't help anyway.",
    "It's fixed, but it took far too long. Really poor experience.",
    "OK. I won't be buying from you again.",
};
constexpr SV kChaserZh[] = {
    "怎么还没人回复？已经等了很久了。",
    "请问处理得怎么样了？能不能快一点？",
    "在吗？我这边还等着用呢。",
};
constexpr SV kChaserEn[] = {
    "Why has nobody replied yet? I've been waiting for ages.",
    "Any update? Please hurry, we need this.",
};
constexpr SV kReopenZh[] = {
    "{product}的问题又出现了，和上次一模一样，麻烦再看一下。",
    "上次说解决了，结果今天又不行了，怎么回事？",
    "用了两天又坏了，这次能不能彻底解决？",
};
constexpr SV kReopenEn[] = {
    "The same problem with my {product} is back. Please take another look.",
    "You said it was fixed, but it's failing again today.",
};
constexpr SV kReopenReplyZh[] = {
    "非常抱歉问题再次出现，我已经重新为您登记，安排高级工程师跟进。",
    "收到，这次我们会彻底排查原因，请您稍等，今天内给您答复。",
};
constexpr SV kReopenReplyEn[] = {
    "I'm sorry the problem is back. I've reopened your case and a senior engineer will follow "
    "up.",
    "Understood. This time we'll find the root cause; you'll hear from us today.",
};
constexpr SV kReopenFixedZh[] = {
    "复查发现上次处理后仍有隐患，这次已彻底处理并观察了 24 小时，{product}运行正常。",
    "已再次处理，根因是{part}批次问题，已整体更换，后续我们会安排专人回访。",
};
constexpr SV kReopenFixedEn[] = {
    "We found what the last repair missed, fixed it for good and monitored your {product} for "
    "24 hours; it runs normally.",
    "Fixed again: the root cause was a faulty batch of the {part}, which we replaced "
    "completely. We'll check in with you next week.",
};
constexpr SV kPendingReasonZh[] = {"等待客户补充信息", "等待客户确认", "等待客户提供照片"};
constexpr SV kPendingReasonEn[] = {"waiting for customer details", "waiting for customer"};
constexpr SV kHoldPartsZh[] = {
    "经过判断需要更换{part}，{warehouse}目前有库存，预计 {n} 天内到货，到货后第一时间联系您。",
    "需要更换{part}，已经为您申请配件，大约 {n} 天到货，期间有任何情况随时联系我。",
};
constexpr SV kHoldPartsEn[] = {
    "The {part} needs replacing. It is in stock at our {warehouse} and should arrive within {n} "
    "days; we'll contact you as soon as it's here.",
};
constexpr SV kHoldNoteZh[] = {
    "已向{warehouse}申请{part} 1 件，物流单号已备注，到货后安排上门。",
    "{warehouse}显示{part}剩余 3 件，已锁定 1 件，走加急物流。",
};
constexpr SV kHoldNoteEn[] = {"Requested 1 {part} from {warehouse}; visit after delivery."};
constexpr SV kPartArrivedZh[] = {
    "{salutation}您好，{part}已经到货，我们马上为您安排处理。",
    "{salutation}，配件（{part}）今天已到，工程师会尽快联系您。",
};
constexpr SV kPartArrivedEn[] = {
    "Hello {salutation}, the {part} has arrived and we're scheduling the repair now.",
};
constexpr SV kFieldBookedZh[] = {
    "已为您预约 {date} 上门，{city}的工程师会提前 30 分钟电话联系您，请保持电话畅通。",
    "师傅已排期，{date} 上门服务，如时间需要调整请随时告诉我们。",
};
constexpr SV kFieldBookedEn[] = {
    "A technician from {city} is booked for {date} and will call 30 minutes before arriving.",
};
constexpr SV kFieldNoteZh[] = {
    "现场处理完成：{product}（{serial}）测试运行正常，已拍照留档，客户已签字确认。",
    "已到达客户现场，故障复现，更换配件后试机正常，旧件已带回。",
};
constexpr SV kFieldNoteEn[] = {
    "On-site work done: {product} ({serial}) tested OK, customer "
    "signed the service report."};
constexpr SV kInstallNoteZh[] = {
    "现场安装调试完成：{product}（{serial}）运行正常，已向客户讲解使用和保养方法，客户已签字。",
    "安装完成，设备已通电试机并登记保修，现场已清理，安装照片已上传。",
};
constexpr SV kInstallNoteEn[] = {
    "Installed and tested {product} ({serial}); customer signed "
    "the report."};
constexpr SV kOnsiteArrivedZh[] = {
    "{salutation}您好，我是工程师{agent}，已到达现场，正在为您处理，有进展随时同步。",
    "{salutation}您好，工程师{agent}已在现场开始检查，预计一小时内给您结果。",
};
constexpr SV kOnsiteArrivedEn[] = {
    "Hello {salutation}, this is {agent}, your engineer. I'm on site and working on it now.",
};
constexpr SV kTechNoteZh[] = {
    "已远程查看日志，{product}（{serial}）报错与知识库 KB-1023 的已知问题一致。",
    "问题已复现，初步判断为硬件故障，已提交研发确认根因。",
    "检查了设备运行数据，排除网络原因，继续跟进。",
};
constexpr SV kTechNoteEn[] = {
    "Checked the logs of {product} ({serial}); matches known issue "
    "KB-1023."};
constexpr SV kAlertNoteZh[] = {
    "收到监控平台告警，已远程查看{product}（{serial}）近 24 小时运行数据。",
    "告警已确认，远程连接{product}（{serial}）排查中，暂不需要停机。",
};
constexpr SV kAlertNoteEn[] = {
    "Alert received; checking the last 24 h of data of {product} "
    "({serial}) remotely."};
constexpr SV kTransferReasonZh[] = {"交接班转交", "原处理人休假，转交同组同事",
                                    "按客户所在区域转交", "客户要求更换处理人"};
constexpr SV kTransferReasonEn[] = {"shift handover", "customer asked for another agent"};
constexpr SV kHandoverNoteZh[] = {
    "交接：客户反馈的问题已完成初步排查，详见上方记录，请勿让客户重复描述。",
    "已和客户沟通过，客户比较着急，请优先处理。",
    "客户信息和故障现象都已核实，附件里有照片，请接手跟进。",
};
constexpr SV kHandoverNoteEn[] = {
    "Handover: first checks done, see above; please don't ask "
    "the customer to repeat."};
constexpr SV kApprovalWaitZh[] = {
    "已为您提交申请，审核需要 {n} 个工作日，审核通过后会第一时间通知您。",
    "申请已提交相关部门审批，预计 {n} 个工作日内处理完成，请您耐心等待。",
};
constexpr SV kApprovalWaitEn[] = {
    "Your request is submitted for approval, which takes about {n} working days. We'll let you "
    "know right away.",
};
constexpr SV kApprovalDoneZh[] = {"已审批：订单 {order}，金额 {amount} 元，已处理。",
                                  "审核通过，订单 {order} 已按流程处理完毕。"};
constexpr SV kApprovalDoneEn[] = {"Approved: order {order}, amount {amount}."};
constexpr SV kApologyZh[] = {
    "{salutation}您好，我是客服主管{agent}"
    "。首先就给您带来的不好体验郑重道歉，您反馈的情况我们已经核实。",
    "{salutation}，非常抱歉让您有这样的经历，我是主管{agent}，这件事由我亲自负责处理。",
};
constexpr SV kApologyEn[] = {
    "Hello {salutation}, I'm {agent}, the team supervisor. I sincerely apologise for your "
    "experience; we have looked into what happened.",
};
constexpr SV kCompensationZh[] = {
    "为表歉意，我们为您申请了一张 200 元代金券，已发放到您的账户。",
    "为弥补给您带来的损失，我们为您免费延长一年保修。",
};
constexpr SV kCompensationEn[] = {
    "As an apology we've added a 200 CNY voucher to your account.",
    "To make up for the trouble, we've extended your warranty by one year free of charge.",
};
constexpr SV kAcceptZh[] = {
    "好吧，你们态度还算诚恳，这次就接受了，希望以后不要再出现。",
    "谢谢主管亲自处理，问题解决了我就满意了。",
};
constexpr SV kAcceptEn[] = {
    "Alright, I appreciate the apology. I hope it won't happen again.",
    "Thank you for handling this personally. I'm satisfied now.",
};
constexpr SV kRepeatComplaintZh[] = {
    "这已经是我第 {n} 次投诉了！",
    "上次投诉的问题根本没有改进，这是第 {n} 次了，你们到底管不管？",
};
constexpr SV kRepeatComplaintEn[] = {"This is complaint number {n}!",
                                     "Nothing has changed since my last complaint. That makes "
                                     "{n} complaints now."};
constexpr SV kIncidentHoldZh[] = {
    "已确认是门锁固件 3.2.1 的问题，研发正在紧急修复，预计 {n} 天内推送修复版本。"
    "期间请先使用机械钥匙开门，给您带来不便非常抱歉。",
};
constexpr SV kIncidentHoldEn[] = {
    "We've confirmed a problem in lock firmware 3.2.1. A fix is being prepared and should be "
    "released within {n} days; please use the physical key until then. We're very sorry.",
};
constexpr SV kIncidentFixNoteZh[] = {"研发已发布固件 3.2.2 修复该问题，可通知客户在 App 中升级。"};
constexpr SV kIncidentFixNoteEn[] = {
    "Firmware 3.2.2 released with the fix; tell the customer "
    "to update in the app."};
constexpr SV kIncidentTaskZh[] = {"L7 固件 3.2.1 升级后无法开锁：定位根因并发布修复版本"};
constexpr SV kIncidentTaskEn[] = {"L7 firmware 3.2.1 lock-out: find root cause and release fix"};
constexpr SV kCloseReasonZh[] = {"已解决超过 3 天无异议，系统自动关闭", "客户已确认解决，关闭工单"};
constexpr SV kCloseReasonEn[] = {"resolved for 3 days, closed automatically"};
constexpr SV kCallSmallTalkZh[] = {"那大概要多久？", "好的，麻烦你们快一点。", "行，我等你们消息。",
                                   "嗯，好的，尽快吧。"};
constexpr SV kCallSmallTalkEn[] = {"How long will it take?", "Fine, please be quick.",
                                   "Okay, I'll wait for your call."};
constexpr SV kCallAckZh[] = {"好的，我试一下，谢谢。", "明白了，谢谢你。", "行，我记一下，谢谢。"};
constexpr SV kCallAckEn[] = {"Okay, I'll try that, thanks.", "Got it, thank you."};
constexpr SV kCallWrapUpZh[] = {
    "好的，我已经为您登记了工单，会尽快安排处理，有进展第一时间联系您。",
    "明白了，问题我都记录下来了，相关同事会在今天内跟进。",
};
constexpr SV kCallWrapUpEn[] = {
    "Alright, I've logged a ticket for you and we'll follow up as soon as possible.",
};
constexpr SV kCallFollowUpZh[] = {
    "{salutation}您好，刚才电话中您反馈的问题已为您登记，处理进展会通过短信通知您。",
    "{salutation}您好，感谢您的来电，通话中确认的处理方案已记录在工单中，如有疑问请直接回复。",
};
constexpr SV kCallFollowUpEn[] = {
    "Hello {salutation}, the issue you reported on the phone is logged; we'll keep you updated "
    "by SMS.",
};
constexpr SV kCarelessOpenZh[] = {"喂，什么事？", "说吧，什么问题。", "嗯，你说。"};
constexpr SV kCarelessOpenEn[] = {"Yeah, what is it?", "Go on, what's the problem."};
constexpr SV kNoReplyResolveZh[] = {
    "{salutation}"
    "您好，由于一直没有收到您的回复，工单先做解决处理，如还有问题直接回复即可，我们会继续跟进。",
};
constexpr SV kNoReplyResolveEn[] = {
    "Hello {salutation}, as we haven't heard back we're marking this as solved. Just reply if "
    "you still need help and we'll pick it up again.",
};
constexpr SV kEscalateNoticeZh[] = {
    "您的反馈我们非常重视，已经升级给客服主管处理，主管稍后会直接联系您。",
    "非常抱歉给您带来不愉快的体验，这个问题我已经提交给主管，今天内一定给您答复。",
};
constexpr SV kTechHandoverZh[] = {
    "已为您转交技术支持同事进一步排查，稍后会有工程师联系您。",
    "这个问题需要技术同事远程诊断，我已经转给技术支持，请您保持电话畅通。",
};
constexpr SV kTechHandoverEn[] = {
    "I've passed this to our technical support team; an engineer will contact you shortly.",
};
constexpr SV kEscalateNoticeEn[] = {
    "We take this very seriously and have escalated it to a supervisor, who will contact you "
    "directly.",
};

// Collaboration task titles per department.
constexpr SV kTaskTechZh[] = {"远程诊断：{product} 故障", "分析设备日志并给出处理方案"};
constexpr SV kTaskTechEn[] = {"Remote diagnosis: {product} fault"};
constexpr SV kTaskFieldZh[] = {"上门服务：{product}（{serial}）", "上门安装调试 {product}"};
constexpr SV kTaskFieldEn[] = {"On-site service: {product} ({serial})"};
constexpr SV kTaskSalesZh[] = {"审批：订单 {order} 退款/换货", "重开发票：订单 {order}",
                               "核对订单 {order} 合同价格与扣款"};
constexpr SV kTaskSalesEn[] = {"Approve: order {order} refund / exchange"};
constexpr SV kTaskProductZh[] = {"反馈产品：{product} 同类故障复盘", "{product} 质量问题分析"};
constexpr SV kTaskProductEn[] = {"Product feedback: {product} recurring fault"};
constexpr SV kTaskServiceZh[] = {"回访客户确认满意度", "投诉处理结果回访"};
constexpr SV kTaskServiceEn[] = {"Call the customer back to confirm satisfaction"};

}  // namespace

std::span<const SV> Lines(Pool pool, bool english) {
#define LD_POOL(P, NAME)             \
  case Pool::P:                      \
    if (english) return k##NAME##En; \
    return k##NAME##Zh;
  switch (pool) {
    LD_POOL(kGreeting, Greeting)
    LD_POOL(kPhoneGreeting, PhoneGreeting)
    LD_POOL(kIdentityCheck, IdentityCheck)
    LD_POOL(kIdentityAnswer, IdentityAnswer)
    LD_POOL(kEmpathy, Empathy)
    LD_POOL(kConfirm, Confirm)
    LD_POOL(kAnythingElse, AnythingElse)
    LD_POOL(kClosing, Closing)
    LD_POOL(kCareless, Careless)
    LD_POOL(kMoodDrop, MoodDrop)
    LD_POOL(kThanks, Thanks)
    LD_POOL(kThanksInfo, ThanksInfo)
    LD_POOL(kUnhappyEnd, UnhappyEnd)
    LD_POOL(kChaser, Chaser)
    LD_POOL(kReopen, Reopen)
    LD_POOL(kReopenReply, ReopenReply)
    LD_POOL(kReopenFixed, ReopenFixed)
    LD_POOL(kPendingReason, PendingReason)
    LD_POOL(kHoldParts, HoldParts)
    LD_POOL(kHoldNote, HoldNote)
    LD_POOL(kPartArrived, PartArrived)
    LD_POOL(kFieldBooked, FieldBooked)
    LD_POOL(kFieldNote, FieldNote)
    LD_POOL(kInstallNote, InstallNote)
    LD_POOL(kOnsiteArrived, OnsiteArrived)
    LD_POOL(kTechNote, TechNote)
    LD_POOL(kAlertNote, AlertNote)
    LD_POOL(kTransferReason, TransferReason)
    LD_POOL(kHandoverNote, HandoverNote)
    LD_POOL(kApprovalWait, ApprovalWait)
    LD_POOL(kApprovalDone, ApprovalDone)
    LD_POOL(kApology, Apology)
    LD_POOL(kCompensation, Compensation)
    LD_POOL(kAccept, Accept)
    LD_POOL(kRepeatComplaint, RepeatComplaint)
    LD_POOL(kIncidentHold, IncidentHold)
    LD_POOL(kIncidentFixNote, IncidentFixNote)
    LD_POOL(kIncidentTask, IncidentTask)
    LD_POOL(kCloseReason, CloseReason)
    LD_POOL(kCallSmallTalk, CallSmallTalk)
    LD_POOL(kCallAck, CallAck)
    LD_POOL(kCallWrapUp, CallWrapUp)
    LD_POOL(kCallFollowUp, CallFollowUp)
    LD_POOL(kCarelessOpen, CarelessOpen)
    LD_POOL(kNoReplyResolve, NoReplyResolve)
    LD_POOL(kEscalateNotice, EscalateNotice)
    LD_POOL(kTechHandover, TechHandover)
  }
#undef LD_POOL
  return kCallSmallTalkZh;  // unreachable: every pool is listed above
}

std::span<const SV> TaskTitles(std::string_view department, bool english) {
  if (department == "tech") return english ? std::span<const SV>(kTaskTechEn) : kTaskTechZh;
  if (department == "field") return english ? std::span<const SV>(kTaskFieldEn) : kTaskFieldZh;
  if (department == "sales") return english ? std::span<const SV>(kTaskSalesEn) : kTaskSalesZh;
  if (department == "product")
    return english ? std::span<const SV>(kTaskProductEn) : kTaskProductZh;
  return english ? std::span<const SV>(kTaskServiceEn) : kTaskServiceZh;
}

}  // namespace loopdesk::demo
