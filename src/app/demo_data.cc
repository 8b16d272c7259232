// The demo data generator (app/demo_data.h).
//
// How it works. First a pure plan of the organisation is made in memory (the "world"):
// agents, customers, their orders and assets, each with its historical time. Then the
// ticket window is walked one local day (UTC+8) at a time: a TicketPlanner writes the whole
// story of every ticket created that day — creation, replies, status moves, transfers,
// tasks, transcripts, reopening, closing — as timed actions, each story stopping at `now`.
// The actions wait in a min-heap by time; each day the ones falling before its end are
// applied through Operations in one batch, so the event log is in time order and stories
// that run on carry over to later days. The plan never reads the store, so the same options
// give the same data; a first dry run of the planner counts the steps for `progress`.
//
// Legality: the planner tracks each ticket's status with the domain's own state machine
// (CanTransition, StatusAfterMessage) and only plans moves it allows; closed tickets get no
// customer messages.
#include "app/demo_data.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <iterator>
#include <numbers>
#include <optional>
#include <random>
#include <span>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <variant>
#include <vector>

#include "app/demo_texts.h"
#include "app/demo_voc.h"
#include "app/voc_ops.h"
#include "common/utf8.h"
#include "domain/inference.h"
#include "domain/ticket_state.h"

namespace loopdesk {
namespace {

using demo::Flow;
using demo::Pool;
using demo::TicketTemplate;

// ------------------------------------------------------------------------------ randomness

// std::mt19937_64's output is fixed by the standard; the distributions are not, so they are
// written here to keep the data identical with every standard library.
class Rng {
 public:
  explicit Rng(uint64_t seed) : g_(seed) {}

  // Uniform in [0, 1).
  double Uniform() { return static_cast<double>(g_() >> 11) * 0x1.0p-53; }
  double Uniform(double lo, double hi) { return lo + (hi - lo) * Uniform(); }
  // Uniform integer in [lo, hi], unbiased (rejection of the incomplete last bucket).
  int64_t Int(int64_t lo, int64_t hi) {
    if (hi <= lo) return lo;
    const uint64_t range = static_cast<uint64_t>(hi - lo) + 1;
    const uint64_t limit = range == 0 ? 0 : (~uint64_t{0} - range + 1) % range;
    uint64_t x;
    do {
      x = g_();
    } while (x < limit);
    return lo + static_cast<int64_t>(x % range);
  }
  bool Chance(double p) { return Uniform() < p; }
  // Log-uniform in [lo, hi]: most values small, a long tail (waiting times).
  TimeMs LogUniform(TimeMs lo, TimeMs hi) {
    double a = std::log(static_cast<double>(std::max<TimeMs>(lo, 1)));
    double b = std::log(static_cast<double>(std::max<TimeMs>(hi, lo + 1)));
    return static_cast<TimeMs>(std::exp(Uniform(a, b)));
  }
  template <typename T>
  const T& Pick(std::span<const T> v) {
    return v[static_cast<size_t>(Int(0, static_cast<int64_t>(v.size()) - 1))];
  }
  template <typename T>
  const T& Pick(const std::vector<T>& v) {
    return v[static_cast<size_t>(Int(0, static_cast<int64_t>(v.size()) - 1))];
  }
  // An index drawn with the given non-negative weights (the last one when all are 0).
  size_t Weighted(std::span<const double> w) {
    double total = 0;
    for (double x : w) total += x;
    double r = Uniform() * total;
    for (size_t i = 0; i < w.size(); ++i) {
      if (r < w[i]) return i;
      r -= w[i];
    }
    return w.size() - 1;
  }
  template <typename T>
  void Shuffle(std::vector<T>& v) {
    for (size_t i = v.size(); i > 1; --i)
      std::swap(v[i - 1], v[static_cast<size_t>(Int(0, i - 1))]);
  }

 private:
  std::mt19937_64 g_;
};

// A bijective 64-bit mix (splitmix64's finaliser): distinct inputs give distinct outputs.
uint64_t Mix(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

// -------------------------------------------------------------------------------- time

constexpr TimeMs kLocalOffset = 8 * kHourMs;  // Asia/Shanghai, no daylight saving

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }
int64_t LocalDay(TimeMs t) { return FloorDiv(t + kLocalOffset, kDayMs); }
TimeMs DayStart(int64_t day) { return day * kDayMs - kLocalOffset; }
int LocalHour(TimeMs t) { return static_cast<int>((t - DayStart(LocalDay(t))) / kHourMs); }
// 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday).
int Weekday(int64_t day) { return static_cast<int>(((day + 3) % 7 + 7) % 7); }

std::string DateName(int64_t day) {
  int64_t y;
  unsigned m, d;
  CivilFromDays(day, &y, &m, &d);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(y), m, d);
  return buf;
}

// "9月3日下午" / "Sep 3 (afternoon)" for a visit at `t`.
std::string VisitDate(TimeMs t, bool en) {
  int64_t y;
  unsigned m, d;
  CivilFromDays(LocalDay(t), &y, &m, &d);
  const bool pm = LocalHour(t) >= 12;
  if (en) {
    static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    return std::string(kMonths[m - 1]) + " " + std::to_string(d) +
           (pm ? " (afternoon)" : " (morning)");
  }
  return std::to_string(m) + "月" + std::to_string(d) + "日" + (pm ? "下午" : "上午");
}

// --------------------------------------------------------------------------------- text

// The values of a line's placeholders (demo_texts.h).
struct Vars {
  std::string salutation, agent, product, serial, order, part, city, warehouse, date, n, amount;
};

// Replaces {name} placeholders with their values; unknown ones stay as written.
std::string Fill(std::string_view line, const Vars& v) {
  std::string out;
  out.reserve(line.size() + 32);
  size_t i = 0;
  while (i < line.size()) {
    size_t open = line.find('{', i);
    if (open == std::string_view::npos) break;
    size_t close = line.find('}', open);
    if (close == std::string_view::npos) break;
    out.append(line.substr(i, open - i));
    std::string_view key = line.substr(open + 1, close - open - 1);
    const std::pair<std::string_view, const std::string*> keys[] = {{"salutation", &v.salutation},
                                                                    {"agent", &v.agent},
                                                                    {"product", &v.product},
                                                                    {"serial", &v.serial},
                                                                    {"order", &v.order},
                                                                    {"part", &v.part},
                                                                    {"city", &v.city},
                                                                    {"warehouse", &v.warehouse},
                                                                    {"date", &v.date},
                                                                    {"n", &v.n},
                                                                    {"amount", &v.amount}};
    const std::string* val = nullptr;
    for (const auto& [name, value] : keys)
      if (name == key) val = value;
    out += val ? std::string_view(*val) : line.substr(open, close - open + 1);
    i = close + 1;
  }
  out.append(line.substr(i));
  return out;
}

// Joins non-empty sentences: Chinese text runs on, English gets a space between sentences.
std::string Join(std::initializer_list<std::string> parts, bool en) {
  std::string out;
  for (const auto& p : parts) {
    if (p.empty()) continue;
    if (!out.empty() && en) out += ' ';
    out += p;
  }
  return out;
}

std::string Base36(uint64_t x) {
  static constexpr char kDigits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
  std::string s;
  do {
    s.insert(s.begin(), kDigits[x % 36]);
    x /= 36;
  } while (x);
  return s;
}

std::string Money(double amount) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f", amount);
  return buf;
}

bool HasEnglish(const std::vector<std::string>& languages) {
  return std::find(languages.begin(), languages.end(), "en") != languages.end();
}

// ------------------------------------------------------------------------------ the world

enum TeamIx { kService = 0, kTech, kField, kSuccess, kTeamCount };
constexpr std::string_view kTeamNames[kTeamCount] = {demo::kTeamService, demo::kTeamTech,
                                                     demo::kTeamField, demo::kTeamSuccess};
constexpr std::string_view kDemoEmailDomain = "@demo.loopdesk.local";

struct AgentPlan {
  NewAgent in;
  TimeMs at = 0;
  int team = kService;
  bool careless = false;  // forgets greetings, uses forbidden phrases now and then
  std::string spoken_zh;  // how the agent is named to a customer
  std::string spoken_en;
};

struct CustomerPlan {
  NewCustomer in;
  TimeMs at = 0;
  bool en = false;
  bool company = false;
  int industry = -1;  // companies: index into demo::Industries()
  int city = 0;
  int account_manager = -1;  // strategic/high: the agent who looks after the account
  bool complainer = false;
  std::vector<int> orders;  // indexes into World::orders, by time
  std::vector<int> assets;  // indexes into World::assets, by time
};

struct OrderPlan {
  int customer = 0;
  int product = 0;
  NewOrder in;
  TimeMs at = 0;
};

struct AssetPlan {
  int customer = 0;
  int product = 0;
  NewAsset in;
  TimeMs at = 0;
};

struct World {
  TimeMs now = 0;
  TimeMs history_start = 0;  // customers, orders and assets reach back to here
  TimeMs window_start = 0;   // the first ticket day's start
  int64_t first_day = 0;     // local days of the ticket window, inclusive
  int64_t last_day = 0;
  std::vector<AgentPlan> agents;
  std::vector<CustomerPlan> customers;
  std::vector<OrderPlan> orders;
  std::vector<AssetPlan> assets;

  std::vector<int> members[kTeamCount];  // non-supervisors first choice, all members
  std::vector<int> supervisors[kTeamCount];
  std::vector<int> experts;                // technical experts
  std::vector<int> csms;                   // customer-success managers
  std::vector<double> customer_cumweight;  // who opens tickets how often
  std::vector<int> lock_owners;            // customers with an L7 (the incident)
  std::vector<int> complainers;
};

int ProductIndex(std::string_view code) {
  auto products = demo::Products();
  for (size_t i = 0; i < products.size(); ++i)
    if (products[i].code == code) return static_cast<int>(i);
  return -1;
}

std::vector<std::string_view> SplitSpaces(std::string_view s) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < s.size()) {
    size_t j = s.find(' ', i);
    if (j == std::string_view::npos) j = s.size();
    if (j > i) out.push_back(s.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

std::string LowerAlnum(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c >= 'A' && c <= 'Z') {
      out += static_cast<char>(c + 32);
    } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      out += c;
    }
  }
  return out;
}

int PickCity(Rng& rng) {
  auto cities = demo::Cities();
  std::vector<double> w;
  for (const auto& c : cities) w.push_back(c.weight);
  return static_cast<int>(rng.Weighted(w));
}

GeoPoint Near(const demo::City& c, Rng& rng, double spread) {
  return {c.lat + rng.Uniform(-spread, spread), c.lon + rng.Uniform(-spread, spread)};
}

// A Chinese name: {full name, surname, given, surname pinyin, given pinyin}.
struct ZhName {
  std::string full, surname, given, surname_py, given_py;
};
ZhName MakeZhName(Rng& rng, bool female) {
  const auto& s = rng.Pick(demo::Surnames());
  const auto& g = rng.Pick(demo::GivenNames(female));
  return {std::string(s.han) + std::string(g.han), std::string(s.han), std::string(g.han),
          std::string(s.pinyin), std::string(g.pinyin)};
}

// ---- agents

void PlanAgents(World& w, Rng& rng, int n) {
  int sizes[kTeamCount];
  sizes[kTech] = std::max(1, static_cast<int>(std::lround(n * 0.20)));
  sizes[kField] = std::max(1, static_cast<int>(std::lround(n * 0.17)));
  sizes[kSuccess] = std::max(1, static_cast<int>(std::lround(n * 0.10)));
  sizes[kService] = n - sizes[kTech] - sizes[kField] - sizes[kSuccess];

  // Field engineers are spread over the biggest cities first.
  auto cities = demo::Cities();
  std::vector<int> by_weight(cities.size());
  for (size_t i = 0; i < cities.size(); ++i) by_weight[i] = static_cast<int>(i);
  std::stable_sort(by_weight.begin(), by_weight.end(),
                   [&](int a, int b) { return cities[a].weight > cities[b].weight; });

  // A few agents (about 7 %, at least one) are English-speaking expatriates; never in field
  // service, whose engineers are hired locally.
  std::vector<int> slots;
  for (int i = 0; i < n - sizes[kField] - sizes[kSuccess]; ++i) slots.push_back(i);
  for (int i = n - sizes[kSuccess]; i < n; ++i) slots.push_back(i);
  rng.Shuffle(slots);
  const size_t expats = static_cast<size_t>(std::max<long>(1, std::lround(n * 0.07)));
  std::unordered_set<int> expat(slots.begin(), slots.begin() + std::min(expats, slots.size()));

  std::unordered_set<std::string> names, emails;
  int field_seen = 0;
  for (int team = 0; team < kTeamCount; ++team) {
    const int size = sizes[team];
    const int sup = size >= 2 ? std::max(1, std::min(2, size / 8)) + std::max(0, size / 12 - 2) : 0;
    int csm_left = 2;
    for (int k = 0; k < size; ++k) {
      AgentPlan a;
      a.team = team;
      a.in.team = std::string(kTeamNames[team]);
      // Roles: supervisors first; experts in technical support; two CSMs in customer success.
      if (k < sup) {
        a.in.role = Role::kSupervisor;
      } else if (team == kTech && (k - sup) % 3 == 0) {
        a.in.role = Role::kExpert;
      } else if (team == kSuccess && csm_left > 0) {
        a.in.role = Role::kCsm;
        --csm_left;
      } else {
        a.in.role = Role::kAgent;
      }
      const bool english_native = expat.count(static_cast<int>(w.agents.size())) > 0;
      const bool female = rng.Chance(team == kField ? 0.1 : 0.6);
      std::string email_local;
      for (int attempt = 0; attempt < 30; ++attempt) {
        if (english_native) {
          std::string first(rng.Pick(demo::EnglishFirstNames(female)));
          std::string last(rng.Pick(demo::EnglishLastNames()));
          a.in.name = first + " " + last;
          a.spoken_zh = a.spoken_en = first;
          email_local = LowerAlnum(first) + "." + LowerAlnum(last);
        } else {
          ZhName z = MakeZhName(rng, female);
          a.in.name = z.full;
          a.spoken_zh = z.full;
          a.spoken_en = std::string(rng.Pick(demo::EnglishFirstNames(female)));
          email_local = z.surname_py + "." + z.given_py;
        }
        if (!names.count(a.in.name)) break;
      }
      names.insert(a.in.name);
      std::string email = email_local + std::string(kDemoEmailDomain);
      for (int k2 = 2; emails.count(email); ++k2)
        email = email_local + std::to_string(k2) + std::string(kDemoEmailDomain);
      emails.insert(email);
      a.in.email = email;

      static constexpr std::string_view kServiceSkills[] = {
          "billing", "refund", "delivery", "account", "complaint", "inquiry", "technical"};
      switch (team) {
        case kService: {
          std::vector<std::string> pool(std::begin(kServiceSkills), std::end(kServiceSkills));
          rng.Shuffle(pool);
          pool.resize(static_cast<size_t>(rng.Int(3, 5)));
          if (a.in.role == Role::kSupervisor &&
              std::find(pool.begin(), pool.end(), "complaint") == pool.end())
            pool.push_back("complaint");
          a.in.skills = pool;
          break;
        }
        case kTech:
          a.in.skills = {"technical"};
          if (rng.Chance(0.6)) a.in.skills.push_back("installation");
          if (rng.Chance(0.4)) a.in.skills.push_back("account");
          break;
        case kField:
          a.in.skills = {"installation", "technical"};
          break;
        default:
          a.in.skills = {"complaint", "billing", "inquiry"};
          if (rng.Chance(0.5)) a.in.skills.push_back("account");
          break;
      }
      const double en_share = team == kSuccess ? 0.5 : team == kField ? 0.1 : 0.35;
      // Every team but field service keeps an English speaker for English customers.
      const bool speaks_en = english_native || rng.Chance(en_share) || (k == sup && team != kField);
      a.in.languages =
          speaks_en ? std::vector<std::string>{"zh", "en"} : std::vector<std::string>{"zh"};
      a.in.capacity = a.in.role == Role::kSupervisor ? static_cast<int>(rng.Int(5, 6))
                                                     : static_cast<int>(rng.Int(6, 12));
      const double st = rng.Uniform();
      a.in.status = st < 0.5    ? AgentStatus::kOnline
                    : st < 0.65 ? AgentStatus::kAway
                                : AgentStatus::kOffline;
      if (team == kField) {
        const auto& city = cities[by_weight[field_seen++ % by_weight.size()]];
        a.in.location = Near(city, rng, 0.05);
      }
      a.careless = a.in.role == Role::kAgent && (team == kService || team == kField) &&
                   rng.Chance(team == kService ? 0.25 : 0.12);
      const int idx = static_cast<int>(w.agents.size());
      a.at = w.history_start + idx * 47 * kSecondMs;
      w.members[team].push_back(idx);
      if (a.in.role == Role::kSupervisor) w.supervisors[team].push_back(idx);
      if (a.in.role == Role::kExpert) w.experts.push_back(idx);
      if (a.in.role == Role::kCsm) w.csms.push_back(idx);
      w.agents.push_back(std::move(a));
    }
  }
  // A demo needs someone to show what careless service looks like.
  bool any_careless = false;
  for (const auto& a : w.agents) any_careless |= a.careless;
  if (!any_careless) {
    for (int i : w.members[kService]) {
      if (w.agents[i].in.role == Role::kAgent) {
        w.agents[i].careless = true;
        break;
      }
    }
  }
}

// ---- customers, orders, assets

constexpr std::string_view kPhonePrefixes[] = {"130", "131", "132", "133", "135", "136", "137",
                                               "138", "139", "150", "151", "152", "153", "155",
                                               "156", "157", "158", "159", "180", "181", "182",
                                               "183", "185", "186", "187", "188", "189"};
constexpr std::string_view kNumerals[] = {"一", "二", "三", "四", "五", "六"};

double TierWeight(Tier t) {
  switch (t) {
    case Tier::kStrategic:
      return 12;
    case Tier::kHigh:
      return 5;
    case Tier::kGrowth:
      return 1.5;
    case Tier::kBasic:
      return 0.6;
  }
  return 1;
}

void PlanCustomers(World& w, Rng& rng, int n, uint64_t seed) {
  // Tier shares by quota (every tier present), in random order.
  const int strategic = std::max(1, static_cast<int>(std::lround(n * 0.05)));
  const int high = std::max(1, static_cast<int>(std::lround(n * 0.15)));
  const int growth = std::max(1, static_cast<int>(std::lround(n * 0.30)));
  std::vector<Tier> tiers;
  tiers.insert(tiers.end(), strategic, Tier::kStrategic);
  tiers.insert(tiers.end(), high, Tier::kHigh);
  tiers.insert(tiers.end(), growth, Tier::kGrowth);
  tiers.insert(tiers.end(), n - strategic - high - growth, Tier::kBasic);
  rng.Shuffle(tiers);

  auto cities = demo::Cities();
  auto industries = demo::Industries();
  // Unique contact ids from the index: an affine bijection for phones, Mix for WeChat ids.
  const uint64_t phone_offset = Mix(seed) % 100000000;
  const uint64_t wx_salt = Mix(seed ^ 0x5eed);
  const TimeMs created_lo = w.history_start + 5 * kDayMs;
  const TimeMs created_hi = w.window_start - kDayMs;

  for (int i = 0; i < n; ++i) {
    CustomerPlan c;
    NewCustomer& in = c.in;
    in.tier = tiers[i];
    c.company = in.tier == Tier::kStrategic || in.tier == Tier::kHigh;
    c.en = rng.Chance(0.10);
    in.language = c.en ? "en" : "zh";
    c.city = PickCity(rng);
    const auto& city = cities[c.city];
    in.region = std::string(city.region);
    in.location = Near(city, rng, 0.08);
    c.at = created_lo +
           static_cast<TimeMs>(rng.Uniform() * static_cast<double>(created_hi - created_lo));

    char phone[16];
    std::snprintf(phone, sizeof phone, "%s%08llu",
                  std::string(rng.Pick(std::span<const std::string_view>(kPhonePrefixes))).c_str(),
                  static_cast<unsigned long long>(
                      (static_cast<uint64_t>(i) * 48271 + phone_offset) % 100000000));
    in.phone = phone;
    const std::string idx = std::to_string(i + 1);
    const std::string wx = "wxid_" + Base36(Mix(static_cast<uint64_t>(i) ^ wx_salt));

    if (c.company) {
      c.industry = static_cast<int>(rng.Int(0, static_cast<int64_t>(industries.size()) - 1));
      const auto& ind = industries[c.industry];
      std::string slug;
      if (c.en) {
        std::string_view company = rng.Pick(demo::EnglishCompanies());
        in.name = std::string(company) + " (" + std::string(city.name) + ")";
        const bool female = rng.Chance(0.5);
        std::string last(rng.Pick(demo::EnglishLastNames()));
        in.salutation = (female ? "Ms. " : "Mr. ") + last;
        slug = LowerAlnum(company.substr(0, company.find(' ')));
        in.email = LowerAlnum(rng.Pick(demo::EnglishFirstNames(female))) + "." + LowerAlnum(last) +
                   idx + "@" + slug + ".example.com";
      } else {
        const bool female = rng.Chance(0.4);
        ZhName contact = MakeZhName(rng, female);
        if (ind.han == "人民医院") {
          in.name = std::string(city.name) + "市第" +
                    std::string(rng.Pick(std::span<const std::string_view>(kNumerals))) +
                    "人民医院";
        } else if (ind.han == "中医院") {
          in.name = std::string(city.name) + "市中医院";
        } else {
          // A company named after a region (华东…) is based there.
          std::string_view prefix = rng.Pick(demo::CompanyPrefixes()).han;
          if (prefix == "华东" && city.region != "华东") prefix = "恒信";
          in.name = std::string(prefix) + std::string(ind.han) + std::string(ind.suffix);
        }
        const bool ward = ind.department.ends_with("科");
        in.salutation = std::string(ind.department) + contact.surname + (ward ? "主任" : "经理");
        slug = std::string(ind.slug);
        in.email = contact.surname_py + "." + contact.given_py + idx + "@" + slug + ".example.com";
        if (rng.Chance(0.4)) in.wechat_id = wx;
      }
      in.tags = {"VIP", in.tier == Tier::kStrategic ? "战略客户" : "重点客户"};
      if (!ind.tag.empty()) in.tags.emplace_back(ind.tag);
    } else {
      const bool female = rng.Chance(0.55);
      if (c.en) {
        std::string first(rng.Pick(demo::EnglishFirstNames(female)));
        std::string last(rng.Pick(demo::EnglishLastNames()));
        in.name = first + " " + last;
        in.salutation = (female ? "Ms. " : "Mr. ") + last;
        in.email = LowerAlnum(first) + "." + LowerAlnum(last) + idx + "@example.com";
      } else {
        ZhName z = MakeZhName(rng, female);
        in.name = z.full;
        in.salutation = z.surname + (female ? "女士" : "先生");
        static constexpr std::string_view kDomains[] = {"example.com", "example.net",
                                                        "example.org"};
        if (rng.Chance(0.5))
          in.email = z.surname_py + z.given_py + idx + "@" +
                     std::string(rng.Pick(std::span<const std::string_view>(kDomains)));
        if (rng.Chance(0.6)) in.wechat_id = wx;
      }
      std::vector<std::string_view> tags(demo::PersonTags().begin(), demo::PersonTags().end());
      rng.Shuffle(tags);
      const int k = static_cast<int>(rng.Int(0, 2));
      for (int t = 0; t < k; ++t) in.tags.emplace_back(tags[t]);
    }
    if (w.now - c.at > 365 * kDayMs) in.tags.emplace_back("老客户");
    if (w.now - c.at < 182 * kDayMs) in.tags.emplace_back("新客户");
    w.customers.push_back(std::move(c));
  }

  // Strategic accounts have a dedicated team (customer success) and every strategic or high
  // account a manager of its own (DESIGN.md §1 C), shared out in turn.
  std::vector<int> managers = w.csms;
  if (managers.empty()) managers = w.members[kSuccess];
  size_t next_manager = 0;
  for (auto& c : w.customers) {
    if (!c.company) continue;
    if (c.in.tier == Tier::kStrategic) c.in.dedicated_team = std::string(demo::kTeamSuccess);
    c.account_manager = managers[next_manager++ % managers.size()];
  }

  // Who opens tickets how often: companies with many devices far more than individuals.
  double acc = 0;
  for (const auto& c : w.customers) {
    acc += TierWeight(c.in.tier);
    w.customer_cumweight.push_back(acc);
  }
  // A few customers complain again and again.
  const int complainers = std::clamp(n / 50, 1, 200);
  std::vector<int> ids(n);
  for (int i = 0; i < n; ++i) ids[i] = i;
  rng.Shuffle(ids);
  for (int k = 0; k < complainers; ++k) {
    w.customers[ids[k]].complainer = true;
    w.complainers.push_back(ids[k]);
    w.customers[ids[k]].in.tags.emplace_back("重复投诉");
  }
}

void PlanOrdersAndAssets(World& w, Rng& rng) {
  auto products = demo::Products();
  auto industries = demo::Industries();
  const int kx5 = ProductIndex("KX-5"), l7 = ProductIndex("L7"), w2 = ProductIndex("W2"),
            flt = ProductIndex("FLT"), ext = ProductIndex("EXT");
  const int person_products[] = {l7, w2, kx5, flt, ext};
  const double person_weights[] = {4, 4, 1, 2, 1};

  for (int ci = 0; ci < static_cast<int>(w.customers.size()); ++ci) {
    CustomerPlan& c = w.customers[ci];
    int count = 1;
    int qty_lo = 1, qty_hi = 1;
    switch (c.in.tier) {
      case Tier::kStrategic:
        count = static_cast<int>(rng.Int(3, 6));
        qty_lo = 5;
        qty_hi = 40;
        break;
      case Tier::kHigh:
        count = static_cast<int>(rng.Int(2, 6));
        qty_lo = 2;
        qty_hi = 15;
        break;
      case Tier::kGrowth:
        count = static_cast<int>(rng.Int(1, 4));
        qty_hi = 3;
        break;
      case Tier::kBasic:
        count = static_cast<int>(rng.Int(1, 3));
        break;
    }
    // What the customer buys: a company by its industry, an individual household goods.
    std::vector<int> catalog;
    if (c.company) {
      for (auto code : SplitSpaces(industries[c.industry].products))
        catalog.push_back(ProductIndex(code));
    }
    std::vector<TimeMs> times;
    for (int k = 0; k < count; ++k)
      times.push_back(c.at + kHourMs +
                      static_cast<TimeMs>(rng.Uniform() * static_cast<double>(w.now - 2 * kHourMs -
                                                                              c.at - kHourMs)));
    std::sort(times.begin(), times.end());
    for (TimeMs at : times) {
      OrderPlan o;
      o.customer = ci;
      if (c.company) {
        o.product = rng.Chance(0.12) ? ext : rng.Pick(catalog);
      } else {
        o.product = person_products[rng.Weighted(person_weights)];
      }
      const auto& p = products[o.product];
      const int qty = static_cast<int>(rng.Int(qty_lo, qty_hi));
      o.at = at;
      o.in.product = std::string(c.en ? p.name_en : p.name_zh);
      o.in.amount = std::round(p.price * qty * rng.Uniform(0.85, 1.0));
      o.in.ordered_at = at;
      char number[40];
      int64_t y;
      unsigned m, d;
      CivilFromDays(LocalDay(at), &y, &m, &d);
      std::snprintf(number, sizeof number, "SO%04d%02u%02u%06zu", static_cast<int>(y), m, d,
                    w.orders.size() + 1);
      o.in.number = number;
      const int oi = static_cast<int>(w.orders.size());
      c.orders.push_back(oi);
      w.orders.push_back(std::move(o));

      if (p.warranty_months <= 0) continue;
      const int units = c.company ? std::min(qty, static_cast<int>(rng.Int(1, 3))) : 1;
      for (int u = 0; u < units; ++u) {
        AssetPlan a;
        a.customer = ci;
        a.product = w.orders[oi].product;
        const TimeMs installed = at + rng.Int(1 * kDayMs, 10 * kDayMs) + u * 37 * kMinuteMs;
        if (installed > w.now) continue;  // not installed yet
        TimeMs end = installed + static_cast<TimeMs>(p.warranty_months * 30.4375 * kDayMs);
        // Some warranties (extended ones) end within the next 30 days: churn-risk signals.
        TimeMs soon = w.now + rng.Int(kDayMs, 30 * kDayMs);
        if (rng.Chance(0.10) && soon > installed + 90 * kDayMs) end = soon;
        char serial[48];
        int64_t iy;
        unsigned im, id;
        CivilFromDays(LocalDay(installed), &iy, &im, &id);
        std::snprintf(serial, sizeof serial, "%s-%02d%02u-%06zu",
                      std::string(p.serial_prefix).c_str(), static_cast<int>(iy % 100), im,
                      w.assets.size() + 1);
        a.in.product = w.orders[oi].in.product;
        a.in.serial = serial;
        a.in.installed_at = installed;
        a.in.warranty_end = end;
        a.at = installed;
        c.assets.push_back(static_cast<int>(w.assets.size()));
        if (a.product == l7 && (w.lock_owners.empty() || w.lock_owners.back() != ci))
          w.lock_owners.push_back(ci);
        w.assets.push_back(std::move(a));
      }
    }
    // Assets in time order (several units of one order may interleave with the next).
    std::sort(c.assets.begin(), c.assets.end(),
              [&](int a, int b) { return w.assets[a].at < w.assets[b].at; });
  }
}

// ------------------------------------------------------------------------------- actions

// One planned use-case call. The indexes refer to the plan (World, ticket and task numbers
// of the planner); the executor maps them to the ids the store assigned.
enum class Who { kSystem, kCustomer, kAgent };

struct DoAgent {
  int agent;
};
struct DoCustomer {
  int customer;
};
struct DoOrder {
  int order;
};
struct DoAsset {
  int asset;
};
struct DoCreate {
  int ticket;
  NewTicket in;
  int assignee = -1;
};
struct DoMessage {
  int ticket;
  NewMessage in;
  bool reopens = false;
};
struct DoTranscript {
  int ticket;
  NewTranscript in;
};
struct DoUpdate {
  int ticket;
  TicketPatch in;
  int assignee = -1;
  bool transfer = false;
};
struct DoTask {
  int ticket;
  int task;
  NewTask in;
  int assignee = -1;
};
struct DoTaskUpdate {
  int task;
  TaskPatch in;
};
// Voice of the customer: the answer to the CSAT survey sent on resolution, and the
// supervisor closing the alert an unhappy answer raised.
struct DoAnswer {
  int ticket;
  int score;
  std::string comment;
};
struct DoHandleAlerts {
  int ticket;
  std::string outcome;
};

using What = std::variant<DoAgent, DoCustomer, DoOrder, DoAsset, DoCreate, DoMessage, DoTranscript,
                          DoUpdate, DoTask, DoTaskUpdate, DoAnswer, DoHandleAlerts>;

struct Action {
  TimeMs at = 0;
  uint64_t seq = 0;  // planning order; breaks ties in time
  Who who = Who::kSystem;
  int agent = -1;     // the acting agent when who == kAgent
  int customer = -1;  // the customer concerned (the actor when who == kCustomer)
  What what;
};

// Orders a min-heap (std::push_heap builds a max-heap) by time, then planning order.
struct Later {
  bool operator()(const Action& a, const Action& b) const {
    return a.at != b.at ? a.at > b.at : a.seq > b.seq;
  }
};

const char* OpName(const What& w) {
  static constexpr const char* kNames[] = {
      "CreateAgent", "CreateCustomer", "AddOrder",     "AddAsset",   "CreateTicket",
      "AddMessage",  "AddTranscript",  "UpdateTicket", "CreateTask", "UpdateTask",
      "AnswerSurvey", "HandleAlerts"};
  return kNames[w.index()];
}

// ------------------------------------------------------------------------ ticket planner

enum class Kind { kRegular, kComplaint, kIncident };

constexpr double kWeekdayFactor[7] = {1.15, 1.12, 1.08, 1.06, 1.02, 0.82, 0.75};  // Mon..Sun
// Tickets by local hour: night trickle, peaks at 10:00 and 15:00.
constexpr double kHourWeight[24] = {0.3, 0.2, 0.15, 0.1, 0.1, 0.2, 0.5, 1.2, 2.8, 4.6, 6.2, 5.4,
                                    3.3, 3.9, 5.2,  6.0, 4.8, 3.7, 2.7, 2.4, 2.2, 1.8, 1.2, 0.6};
// By channel (phone, email, web, chat, wechat, app, social, onsite, api) and customer kind.
constexpr double kChannelPersonZh[9] = {22, 5, 10, 18, 24, 14, 5, 2, 0};
constexpr double kChannelCompanyZh[9] = {24, 18, 8, 10, 12, 3, 2, 10, 13};
constexpr double kChannelPersonEn[9] = {10, 35, 20, 25, 0, 6, 4, 0, 0};
constexpr double kChannelCompanyEn[9] = {14, 38, 12, 16, 0, 2, 2, 6, 10};
constexpr double kChannelComplaint[9] = {35, 15, 10, 10, 15, 5, 15, 0, 0};
constexpr double kChannelIncident[9] = {25, 3, 5, 15, 20, 27, 5, 0, 0};
// The incident's extra tickets per day after the release, as a share of the daily volume.
constexpr double kIncidentShape[14] = {0.6,  1.0,  0.9, 0.7,  0.55, 0.42, 0.3,
                                       0.22, 0.15, 0.1, 0.08, 0.05, 0.04, 0.03};
constexpr int kIncidentLead = 19;  // the release was this many days before the last day

struct CategoryWeight {
  std::string_view category;
  double weight;
};
constexpr CategoryWeight kCategories[] = {{"technical", 24}, {"inquiry", 15},     {"billing", 9},
                                          {"delivery", 10},  {"installation", 8}, {"account", 9},
                                          {"refund", 8},     {"complaint", 5}};

bool Mentions(const demo::Script& s, std::string_view key) {
  for (std::string_view f : {s.subject, s.description, s.ask, s.info, s.solution})
    if (f.find(key) != std::string_view::npos) return true;
  return false;
}

class Story;

class TicketPlanner {
 public:
  TicketPlanner(const World& w, const DemoOptions& opt)
      : w_(w),
        opt_(opt),
        rng_(Mix(opt.seed ^ 0x7469636b657473ULL)),
        complaints_(w.customers.size(), 0) {
    for (int team = 0; team < kTeamCount; ++team) {
      for (int en = 0; en < 2; ++en) {
        auto& pool = pool_[team][en];
        for (int i : w_.members[team]) {
          const auto& a = w_.agents[i];
          if (a.in.role == Role::kSupervisor) continue;
          if (en && !HasEnglish(a.in.languages)) continue;
          pool.push_back(i);
        }
        if (pool.empty()) {  // a team of supervisors only, or without English speakers
          for (int i : w_.members[team])
            if (!en || HasEnglish(w_.agents[i].in.languages)) pool.push_back(i);
        }
        if (pool.empty()) pool = pool_[team][0].empty() ? w_.members[team] : pool_[team][0];
      }
    }
    if (opt_.days >= 21) {
      incident_ = true;
      incident_day_ = w_.last_day - kIncidentLead;
      fix_at_ = DayStart(incident_day_ + 5) + 14 * kHourMs;
    }
  }

  // Appends the stories of the tickets opened on local day `day`, each up to `now`.
  void PlanDay(int64_t day, std::vector<Action>* out);

 private:
  friend class Story;

  TimeMs TimeOfDay(int64_t day) {
    const size_t hour = rng_.Weighted(kHourWeight);
    return DayStart(day) + static_cast<TimeMs>(hour) * kHourMs + rng_.Int(0, 3599) * kSecondMs;
  }
  int PickCustomer() {
    const auto& cw = w_.customer_cumweight;
    const double r = rng_.Uniform() * cw.back();
    return static_cast<int>(std::upper_bound(cw.begin(), cw.end(), r) - cw.begin()) %
           static_cast<int>(cw.size());
  }
  // An agent of `team` for the customer's language, busier agents (capacity) more often.
  int PickAgent(int team, bool en) {
    const auto& pool = pool_[team][en ? 1 : 0];
    std::vector<double> weights;
    weights.reserve(pool.size());
    for (int i : pool) weights.push_back(w_.agents[i].in.capacity);
    return pool[rng_.Weighted(weights)];
  }
  int PickSupervisor(int team, int not_this) {
    std::vector<int> c;
    for (int i : w_.supervisors[team])
      if (i != not_this) c.push_back(i);
    if (c.empty())
      for (int t = 0; t < kTeamCount && c.empty(); ++t)
        for (int i : w_.supervisors[t])
          if (i != not_this) c.push_back(i);
    return c.empty() ? -1 : rng_.Pick(c);
  }
  // The nearest field engineer (sometimes the second nearest, who has time).
  int PickEngineer(const CustomerPlan& c) {
    const auto& team = w_.members[kField];
    if (!c.in.location) return rng_.Pick(team);
    std::vector<std::pair<double, int>> d;
    for (int i : team) {
      const auto& loc = w_.agents[i].in.location;
      if (!loc) continue;
      const double dy = loc->lat - c.in.location->lat;
      const double dx =
          (loc->lon - c.in.location->lon) * std::cos(c.in.location->lat * std::numbers::pi / 180);
      d.push_back({dx * dx + dy * dy, i});
    }
    if (d.empty()) return rng_.Pick(team);
    std::sort(d.begin(), d.end());
    return (d.size() > 1 && rng_.Chance(0.25)) ? d[1].second : d[0].second;
  }

  Channel PickChannel(const CustomerPlan& c, Kind kind) {
    const double* w = kind == Kind::kComplaint  ? kChannelComplaint
                      : kind == Kind::kIncident ? kChannelIncident
                      : c.en                    ? (c.company ? kChannelCompanyEn : kChannelPersonEn)
                             : (c.company ? kChannelCompanyZh : kChannelPersonZh);
    double weights[9];
    std::copy(w, w + 9, weights);
    if (c.en) weights[static_cast<int>(Channel::kWechat)] = 0;  // no WeChat abroad
    return AllChannels()[rng_.Weighted(weights)];
  }

  bool Owns(const CustomerPlan& c, int product, TimeMs before) const {
    for (int oi : c.orders)
      if (w_.orders[oi].product == product && w_.orders[oi].at < before) return true;
    return false;
  }

  const TicketTemplate* PickTemplate(const CustomerPlan& c, Channel ch, Kind kind, TimeMs t0);

  const World& w_;
  const DemoOptions& opt_;
  Rng rng_;
  uint64_t seq_ = uint64_t{1} << 40;  // after the setup actions' numbers
  int next_ticket_ = 0;
  int next_task_ = 0;
  std::vector<int> complaints_;           // complaints filed so far, per customer
  std::vector<int> pool_[kTeamCount][2];  // agents to pick from per team, [zh-only ok, en]

  bool incident_ = false;
  int64_t incident_day_ = 0;
  TimeMs fix_at_ = 0;           // when firmware 3.2.2 came out
  bool incident_task_ = false;  // the product task about the incident exists
};

const TicketTemplate* TicketPlanner::PickTemplate(const CustomerPlan& c, Channel ch, Kind kind,
                                                  TimeMs t0) {
  auto all = demo::TicketTemplates();
  auto products = demo::Products();
  std::vector<const TicketTemplate*> cand;
  std::vector<double> weights;
  auto consider = [&](const TicketTemplate& t, double weight) {
    if (weight <= 0) return;
    cand.push_back(&t);
    weights.push_back(weight);
  };
  // How well a template's product fits the customer.
  auto fit = [&](const TicketTemplate& t) -> double {
    if (t.product.empty()) return 1;
    const int p = ProductIndex(t.product);
    if (Owns(c, p, t0)) return 3;
    if (!c.company && !products[p].for_persons) return 0;
    if (c.company && c.industry >= 0 &&
        demo::Industries()[c.industry].products.find(t.product) == std::string_view::npos)
      return 0.1;
    return 0.4;
  };

  if (kind == Kind::kIncident) {
    for (const auto& t : all)
      if (t.flow == Flow::kIncident) consider(t, t.weight);
  } else if (ch == Channel::kApi) {
    for (const auto& t : all)
      if (t.flow == Flow::kAlert) consider(t, t.weight * fit(t));
  } else {
    std::vector<double> cw;
    for (const auto& cat : kCategories) {
      double x = cat.weight;
      if (cat.category == "complaint" && c.complainer) x *= 6;
      if (ch == Channel::kOnsite && cat.category != "technical" && cat.category != "installation")
        x = 0;
      if (kind == Kind::kComplaint) x = cat.category == "complaint" ? 1 : 0;
      cw.push_back(x);
    }
    for (int attempt = 0; attempt < 6 && cand.empty(); ++attempt) {
      const std::string_view category = kCategories[rng_.Weighted(cw)].category;
      for (const auto& t : all) {
        if (t.category != category || t.flow == Flow::kIncident || t.flow == Flow::kAlert) continue;
        double x = t.weight * fit(t);
        if (ch == Channel::kOnsite && (t.product == "SaaS" || t.flow == Flow::kApproval ||
                                       t.flow == Flow::kQuick || t.flow == Flow::kNeedInfo))
          x = 0;
        consider(t, x);
      }
    }
  }
  if (cand.empty()) return nullptr;
  return cand[rng_.Weighted(weights)];
}

// One ticket's story, planned step by step. Every step takes a time not before the previous
// one; the first step that would fall after `now` ends the story (later steps are no-ops).
// The ticket's status is tracked with the domain's state machine so only legal moves are
// planned.
class Story {
 public:
  Story(TicketPlanner& p, std::vector<Action>* out, int customer, Channel ch,
        const TicketTemplate& tpl, Kind kind, TimeMs t0)
      : p_(p),
        w_(p.w_),
        rng_(p.rng_),
        out_(out),
        ci_(customer),
        c_(w_.customers[customer]),
        ch_(ch),
        tpl_(tpl),
        sc_(c_.en ? tpl.en : tpl.zh),
        kind_(kind),
        en_(c_.en),
        t_(t0),
        t0_(t0) {}

  void Run();

 private:
  // ---- time
  // When a step happens, drawn only inside the step: the order in which C++ evaluates a
  // call's arguments is unspecified, so a step's arguments never both draw random numbers
  // (the text may, the time is drawn afterwards). Rule for callers: at most one argument
  // that draws.
  struct When {
    enum Kind { kExactly, kAgent, kCustomer, kSoon } kind;
    TimeMs lo, hi;
  };
  static When Exactly(TimeMs t) { return {When::kExactly, t, t}; }
  // How long an agent takes for the next step of this ticket (scaled by the service pace).
  static When AgentDelay(TimeMs lo = 3 * kMinuteMs, TimeMs hi = 5 * kHourMs) {
    return {When::kAgent, lo, hi};
  }
  static When CustomerDelay(TimeMs lo = 5 * kMinuteMs, TimeMs hi = 24 * kHourMs) {
    return {When::kCustomer, lo, hi};
  }
  static When Soon(TimeMs lo = 10 * kSecondMs, TimeMs hi = 2 * kMinuteMs) {
    return {When::kSoon, lo, hi};
  }
  TimeMs Resolve(When w) {
    switch (w.kind) {
      case When::kExactly:
        return w.lo;
      case When::kAgent:
        return AgentAt(t_ +
                       std::max<TimeMs>(20 * kSecondMs,
                                        static_cast<TimeMs>(rng_.LogUniform(w.lo, w.hi) * speed_)));
      case When::kCustomer: {
        const double f = ch_ == Channel::kChat ? 0.04 : 1.0;
        return CustomerAt(
            t_ +
            std::max<TimeMs>(15 * kSecondMs, static_cast<TimeMs>(rng_.LogUniform(w.lo, w.hi) * f)));
      }
      case When::kSoon:
        return t_ + rng_.Int(w.lo, w.hi);
    }
    return t_;
  }
  // Moves the story clock to the step's time (never backwards, whole seconds); false once
  // the story has passed `now`.
  bool At(When w) {
    if (!alive_) return false;
    TimeMs at = std::max(Resolve(w), t_ + kSecondMs);
    at -= at % kSecondMs;
    if (at > w_.now) {
      alive_ = false;
      return false;
    }
    t_ = at;
    return true;
  }
  // Agents of standard service work 08:00–21:00; strategic/high, chat, phone and P1 are 24×7.
  TimeMs AgentAt(TimeMs t) const {
    if (round_the_clock_) return t;
    const int h = LocalHour(t);
    if (h >= 8 && h < 21) return t;
    const int64_t day = LocalDay(t) + (h >= 21 ? 1 : 0);
    return DayStart(day) + 8 * kHourMs + (t % (90 * kMinuteMs));
  }
  // Routine back-office steps (closing unanswered tickets, approvals) keep office hours
  // whatever the tier.
  static TimeMs OfficeAt(TimeMs t) {
    const int h = LocalHour(t);
    if (h >= 9 && h < 18) return t;
    const int64_t day = LocalDay(t) + (h >= 18 ? 1 : 0);
    return DayStart(day) + 9 * kHourMs + (t % (2 * kHourMs));
  }
  // Customers rarely write between midnight and seven.
  TimeMs CustomerAt(TimeMs t) const {
    const int h = LocalHour(t);
    if (h >= 7) return t;
    return DayStart(LocalDay(t)) + 7 * kHourMs + (t % (150 * kMinuteMs));
  }

  // ---- words
  void Speaker(int agent) {
    if (agent < 0) return;
    v_.agent = en_ ? w_.agents[agent].spoken_en : w_.agents[agent].spoken_zh;
    vi_.agent = w_.agents[agent].spoken_zh;
  }
  void SetN(const std::string& n) { v_.n = vi_.n = n; }
  std::string Line(Pool pool) { return Fill(rng_.Pick(demo::Lines(pool, en_)), v_); }
  // Internal notes and reasons are written by and for the Chinese team.
  std::string Internal(Pool pool) { return Fill(rng_.Pick(demo::Lines(pool, false)), vi_); }
  std::string TaskTitle(std::string_view dept, size_t index) {
    auto titles = demo::TaskTitles(dept, false);
    return Fill(titles[std::min(index, titles.size() - 1)], vi_);
  }
  std::string S(std::string_view s) { return Fill(s, v_); }
  // Confirmation and thanks fit the case: a device that works again, or an answer.
  bool DeviceCase() const {
    return tpl_.category == "technical" || tpl_.category == "installation";
  }
  std::string Confirm() { return Line(DeviceCase() ? Pool::kConfirm : Pool::kAnythingElse); }
  std::string Thanks() { return Line(DeviceCase() ? Pool::kThanks : Pool::kThanksInfo); }
  std::string J(std::initializer_list<std::string> parts) { return Join(parts, en_); }
  // The opening of the first substantive agent message (greeting, empathy), used once.
  std::string Open(std::string content) {
    std::string s = J({std::move(opening_), std::move(content)});
    opening_.clear();
    return s;
  }

  // ---- steps
  void Emit(Who who, int agent, What what) {
    out_->push_back(Action{t_, p_.seq_++, who, agent, ci_, std::move(what)});
  }
  void Track(TicketStatus to) { status_ = to; }
  bool Create(When at, Who who, int agent, NewTicket in, int assignee) {
    if (!At(at)) return false;
    ticket_ = p_.next_ticket_++;
    Emit(who, agent, DoCreate{ticket_, std::move(in), assignee});
    owner_ = assignee;
    return true;
  }
  bool Say(When at, int agent, std::string body) {
    if (!At(at)) return false;
    NewMessage m{AuthorKind::kAgent, std::move(body), false};
    Emit(Who::kAgent, agent, DoMessage{ticket_, std::move(m)});
    if (auto next = StatusAfterMessage(status_, AuthorKind::kAgent, false)) Track(*next);
    return true;
  }
  bool Note(When at, int agent, std::string body) {
    if (!At(at)) return false;
    NewMessage m{AuthorKind::kAgent, std::move(body), true};
    Emit(Who::kAgent, agent, DoMessage{ticket_, std::move(m)});
    return true;
  }
  bool CustomerSays(When at, std::string body) {
    if (status_ == TicketStatus::kClosed) return false;  // closed tickets take no messages
    if (!At(at)) return false;
    NewMessage m{AuthorKind::kCustomer, std::move(body), false};
    const bool reopens = status_ == TicketStatus::kResolved;
    Emit(Who::kCustomer, -1, DoMessage{ticket_, std::move(m), reopens});
    if (auto next = StatusAfterMessage(status_, AuthorKind::kCustomer, false)) Track(*next);
    return true;
  }
  // A status move; a move to the current status is skipped (it is no move).
  bool Move(When at, Who who, int agent, TicketStatus to, std::string reason) {
    if (status_ == to) return alive_;
    if (!At(at)) return false;
    TicketPatch patch;
    patch.status = to;
    patch.reason = std::move(reason);
    Emit(who, agent, DoUpdate{ticket_, std::move(patch)});
    // An illegal move is still planned, so a planner bug fails loudly at Operations.
    Track(to);
    return true;
  }
  bool Assign(When at, Who who, int by, int to, std::string reason, bool transfer) {
    if (to < 0 || to == owner_) return false;
    if (!At(at)) return false;
    TicketPatch patch;
    patch.reason = std::move(reason);
    Emit(who, by, DoUpdate{ticket_, std::move(patch), to, transfer});
    owner_ = to;
    transferred_ |= transfer;
    return true;
  }
  bool Transfer(When at, int by, int to, std::string reason) {
    return Assign(at, Who::kAgent, by, to, std::move(reason), true);
  }
  bool Reclassify(When at, int by, std::string category) {
    if (!At(at)) return false;
    TicketPatch patch;
    patch.category = std::move(category);
    patch.reason = "人工修正分类";
    Emit(Who::kAgent, by, DoUpdate{ticket_, std::move(patch)});
    return true;
  }
  int Task(When at, int by, std::string dept, std::string title, std::string note, int assignee,
           std::optional<TimeMs> due) {
    if (!At(at)) return -1;
    const int task = p_.next_task_++;
    NewTask k;
    k.department = std::move(dept);
    k.title = std::move(title);
    k.note = std::move(note);
    k.due_at = due;
    Emit(Who::kAgent, by, DoTask{ticket_, task, std::move(k), assignee});
    return task;
  }
  bool TaskMove(When at, int by, int task, TaskStatus st, std::string note) {
    if (task < 0 || !At(at)) return false;
    TaskPatch patch;
    patch.status = st;
    if (!note.empty()) patch.note = std::move(note);
    Emit(by >= 0 ? Who::kAgent : Who::kSystem, by, DoTaskUpdate{task, std::move(patch)});
    return true;
  }

  // ---- story parts (below)
  void Prepare();
  NewTicket MakeTicket();
  TimeMs FirstDelay();
  void Call();
  bool Clarify(When& next);
  void FieldVisit(When at, int by, std::string prefix);
  void HandToTech(When at, std::string reason);
  void MaybeHandOver();
  void End(double unhappy_bias = 0);
  void AfterResolved();
  void PlanSurveyAnswer();
  void Flow();

  TicketPlanner& p_;
  const World& w_;
  Rng& rng_;
  std::vector<Action>* out_;
  const int ci_;
  const CustomerPlan& c_;
  const Channel ch_;
  const TicketTemplate& tpl_;
  const demo::Script& sc_;
  const Kind kind_;
  const bool en_;

  TimeMs t_;         // time of the last step
  const TimeMs t0_;  // creation
  bool alive_ = true;
  int ticket_ = -1;
  int owner_ = -1;  // current assignee (plan index)
  TicketStatus status_ = TicketStatus::kNew;
  Vars v_;   // placeholders in the customer's language
  Vars vi_;  // the same in Chinese, for internal notes and task titles
  int product_ = -1;
  double speed_ = 1;  // scales agent delays: < 1 is faster service
  bool round_the_clock_ = false;
  std::string opening_;       // greeting/empathy for the first substantive reply
  When first_at_ = Soon();    // the first substantive agent reply
  bool asked_ = false;        // the clarifying question was already answered (e.g. on the call)
  bool call_solved_ = false;  // the phone call already solved it
  bool reclassify_ = false;   // inference picked another category than an agent would
  bool careless_ = false;     // a careless reply upset the customer
  bool unhappy_ = false;      // the last customer word was unhappy
  bool reopened_ = false;
  bool transferred_ = false;
  bool resolved_ = false;
};

void Story::Prepare() {
  auto products = demo::Products();
  const auto& city = demo::Cities()[c_.city];
  v_.salutation = vi_.salutation = c_.in.salutation;
  v_.city = std::string(en_ ? city.name_en : city.name);
  vi_.city = std::string(city.name);
  v_.warehouse = std::string(en_ ? demo::WarehouseEn(city.warehouse) : city.warehouse);
  vi_.warehouse = std::string(city.warehouse);

  // The product the case is about: the template's, else one the customer bought.
  const bool hardware = Mentions(tpl_.zh, "{serial}") || tpl_.category == "technical" ||
                        tpl_.category == "installation";
  if (!tpl_.product.empty()) {
    product_ = ProductIndex(tpl_.product);
  } else {
    std::vector<int> owned;
    for (int oi : c_.orders) {
      const auto& o = w_.orders[oi];
      if (o.at < t0_ && (!hardware || products[o.product].warranty_months > 0))
        owned.push_back(o.product);
    }
    if (!owned.empty()) {
      product_ = rng_.Chance(0.6) ? owned.back() : rng_.Pick(owned);
    } else {
      std::vector<int> any;
      for (size_t i = 0; i < products.size(); ++i) {
        if (hardware && products[i].warranty_months <= 0) continue;
        if (!c_.company && !products[i].for_persons) continue;
        any.push_back(static_cast<int>(i));
      }
      product_ = rng_.Pick(any);
    }
  }
  const auto& p = products[product_];
  v_.product = std::string(en_ ? p.name_en : p.name_zh);
  vi_.product = std::string(p.name_zh);
  v_.part = std::string(en_ ? p.part_en : p.part_zh);
  vi_.part = std::string(p.part_zh);
  if (v_.part.empty()) v_.part = en_ ? "spare part" : "配件";
  if (vi_.part.empty()) vi_.part = "配件";

  // Its serial number: one of the customer's units, or one bought elsewhere.
  std::vector<int> units;
  for (int ai : c_.assets)
    if (w_.assets[ai].product == product_ && w_.assets[ai].at < t0_) units.push_back(ai);
  if (!units.empty()) {
    v_.serial = w_.assets[rng_.Pick(units)].in.serial;
  } else {
    char serial[48];
    // One draw per statement: the order of a call's argument evaluation is unspecified.
    const int batch = static_cast<int>(rng_.Int(2201, 2512));
    const int unit = static_cast<int>(rng_.Int(0, 999999));
    std::snprintf(serial, sizeof serial, "%s-%04d-%06d",
                  p.serial_prefix.empty() ? "SN" : std::string(p.serial_prefix).c_str(), batch,
                  unit);
    v_.serial = serial;
  }
  vi_.serial = v_.serial;

  // The order: the latest of this product, else the latest at all.
  int order = -1;
  for (auto it = c_.orders.rbegin(); it != c_.orders.rend(); ++it) {
    const auto& o = w_.orders[*it];
    if (o.at >= t0_) continue;
    if (order < 0) order = *it;
    if (o.product == product_) {
      order = *it;
      break;
    }
  }
  if (order >= 0) {
    v_.order = w_.orders[order].in.number;
    v_.amount = Money(w_.orders[order].in.amount);
  } else {
    char number[40];
    int64_t y;
    unsigned m, d;
    CivilFromDays(LocalDay(t0_ - 5 * kDayMs), &y, &m, &d);
    std::snprintf(number, sizeof number, "SO%04d%02u%02u%06d", static_cast<int>(y), m, d,
                  static_cast<int>(rng_.Int(100000, 999999)));
    v_.order = number;
    v_.amount = Money(p.price);
  }
  // A technician's "materials fee" is small, not the price of the machine.
  if (tpl_.category == "complaint") v_.amount = Money(static_cast<double>(rng_.Int(2, 8) * 50));
  vi_.order = v_.order;
  vi_.amount = v_.amount;
  // Software and services have no serial number; their contract is the order.
  if (p.serial_prefix.empty()) v_.serial = vi_.serial = v_.order;

  // The pace of service: tier and channel.
  double tier = 1;
  switch (c_.in.tier) {
    case Tier::kStrategic:
      tier = 0.35;
      break;
    case Tier::kHigh:
      tier = 0.6;
      break;
    case Tier::kGrowth:
      tier = 1.0;
      break;
    case Tier::kBasic:
      tier = 1.4;
      break;
  }
  double channel = 1;
  if (ch_ == Channel::kChat)
    channel = 0.08;
  else if (ch_ == Channel::kPhone)
    channel = 0.3;
  else if (ch_ == Channel::kWechat || ch_ == Channel::kApp)
    channel = 0.5;
  speed_ = tier * channel;
  round_the_clock_ = c_.in.tier == Tier::kStrategic || c_.in.tier == Tier::kHigh ||
                     ch_ == Channel::kChat || ch_ == Channel::kPhone ||
                     tpl_.priority == Priority::kP1;
}

NewTicket Story::MakeTicket() {
  NewTicket in;
  in.channel = ch_;
  in.subject = S(sc_.subject);
  in.description = S(sc_.description);
  if (tpl_.category == "complaint" && (c_.complainer || kind_ == Kind::kComplaint)) {
    const int n = ++p_.complaints_[ci_];
    if (n >= 2) {
      SetN(std::to_string(n));
      in.description = J({Line(Pool::kRepeatComplaint), in.description});
      in.tags.emplace_back("重复投诉");
    }
  }
  const bool agent_made = ch_ == Channel::kPhone || ch_ == Channel::kOnsite || ch_ == Channel::kApi;
  if (rng_.Chance(agent_made ? 0.85 : 0.35)) {
    Priority prio = tpl_.priority;
    if (c_.in.tier == Tier::kStrategic && prio > Priority::kP2 && rng_.Chance(0.5))
      prio = Priority::kP2;
    in.priority = prio;
    in.category = std::string(tpl_.category);
  } else {
    reclassify_ = InferCategory(in.subject + "\n" + in.description).value != tpl_.category;
  }
  if (c_.in.tier == Tier::kStrategic || c_.in.tier == Tier::kHigh) in.tags.emplace_back("VIP");
  if (tpl_.flow == Flow::kIncident) in.tags.emplace_back("L7固件3.2.1");
  if (tpl_.priority == Priority::kP1) in.tags.emplace_back("加急");
  return in;
}

// The first response keeps the tier's promise (DESIGN.md §1 C: strategic immediately,
// high ≤ 30 min, growth ≤ 2 h, basic ≤ 24 h) on most days; a busy day now and then breaks
// it.
TimeMs Story::FirstDelay() {
  struct Range {
    TimeMs lo, hi;
  };
  // [tier][0: e-mail, web, social; 1: WeChat, app]
  static constexpr Range kRanges[4][2] = {
      {{3 * kMinuteMs, 14 * kMinuteMs}, {kMinuteMs, 8 * kMinuteMs}},         // strategic
      {{5 * kMinuteMs, 28 * kMinuteMs}, {2 * kMinuteMs, 15 * kMinuteMs}},    // high
      {{15 * kMinuteMs, 110 * kMinuteMs}, {5 * kMinuteMs, 60 * kMinuteMs}},  // growth
      {{kHourMs, 18 * kHourMs}, {20 * kMinuteMs, 5 * kHourMs}}};             // basic
  Range r{15 * kSecondMs, 3 * kMinuteMs};
  if (ch_ != Channel::kChat) {
    const bool messaging = ch_ == Channel::kWechat || ch_ == Channel::kApp;
    r = kRanges[static_cast<int>(c_.in.tier)][messaging ? 1 : 0];
  }
  TimeMs d = rng_.LogUniform(r.lo, r.hi);
  if (rng_.Chance(0.08)) d = static_cast<TimeMs>(d * rng_.Uniform(2, 4));  // a busy day
  if (tpl_.priority == Priority::kP1) d = std::min(d, 15 * kMinuteMs);
  return d;
}

// A phone ticket: the agent opens it when the call starts and files the transcript when it
// ends, then confirms in writing (the first response).
void Story::Call() {
  const auto& agent = w_.agents[owner_];
  Speaker(owner_);
  const bool sloppy = agent.careless && rng_.Chance(0.35);
  const bool solves = !sloppy && (tpl_.flow == Flow::kQuick || tpl_.flow == Flow::kNeedInfo);
  std::vector<TranscriptTurn> turns;
  int64_t ms = rng_.Int(800, 2500);
  auto say = [&](AuthorKind who, std::string text) {
    if (text.empty()) return;
    TranscriptTurn turn;
    turn.speaker = who;
    turn.start_ms = ms;
    const int64_t chars = static_cast<int64_t>(Utf8Length(text));
    const int64_t dur = 500 + chars * (en_ ? 65 : 220) + rng_.Int(0, 800);
    turn.end_ms = ms + dur;
    turn.text = std::move(text);
    turns.push_back(std::move(turn));
    ms += dur + rng_.Int(300, 2500);
  };
  const AuthorKind kAg = AuthorKind::kAgent, kCu = AuthorKind::kCustomer;
  SetN(std::to_string(1001 + owner_));  // the agent's work number
  say(kAg, sloppy ? Line(Pool::kCarelessOpen) : Line(Pool::kPhoneGreeting));
  say(kCu, S(sc_.description));
  if (sloppy) {
    say(kAg, Line(Pool::kCareless));
    say(kCu, Line(Pool::kMoodDrop));
    say(kAg, Line(Pool::kCallWrapUp));
    careless_ = true;
  } else {
    say(kAg, Line(Pool::kIdentityCheck));
    SetN(c_.in.phone.substr(c_.in.phone.size() - 4));
    say(kCu, Line(Pool::kIdentityAnswer));
    say(kAg, J({Line(Pool::kEmpathy), S(sc_.ask)}));
    if (!sc_.ask.empty()) {
      say(kCu, S(sc_.info));
      asked_ = true;
    }
    say(kAg, solves ? S(sc_.solution) : Line(Pool::kCallWrapUp));
    say(kCu, solves ? Line(Pool::kCallAck) : Line(Pool::kCallSmallTalk));
    say(kAg, Line(Pool::kClosing));
  }
  if (!At(Exactly(t0_ + ms))) return;
  Emit(Who::kAgent, owner_, DoTranscript{ticket_, NewTranscript{std::move(turns)}});
  Say(Soon(30 * kSecondMs, 4 * kMinuteMs), owner_, Line(Pool::kCallFollowUp));
  call_solved_ = solves;
  first_at_ = AgentDelay(5 * kMinuteMs, 3 * kHourMs);
}

// Asks the template's question and waits (pending) for the answer. False when the story
// took another turn (the customer never answered and the ticket was resolved).
bool Story::Clarify(When& next) {
  if (asked_ || sc_.ask.empty()) return true;
  asked_ = true;
  Say(next, owner_, Open(S(sc_.ask)));
  Move(Soon(), Who::kAgent, owner_, TicketStatus::kPending, Internal(Pool::kPendingReason));
  if (rng_.Chance(0.06)) {  // the customer never answers
    const TimeMs later = OfficeAt(t_ + rng_.Int(2 * kDayMs, 4 * kDayMs));
    Say(Exactly(later), owner_, Line(Pool::kNoReplyResolve));
    resolved_ = Move(Soon(), Who::kAgent, owner_, TicketStatus::kResolved, "客户未回复");
    return false;
  }
  CustomerSays(CustomerDelay(5 * kMinuteMs, 20 * kHourMs), S(sc_.info));
  next = AgentDelay();
  return true;
}

// Books the nearest field engineer, who visits and reports on a collaboration task.
void Story::FieldVisit(When at, int by, std::string prefix) {
  const int eng = p_.PickEngineer(c_);
  const int64_t day = LocalDay(t_) + rng_.Int(1, 3);
  const TimeMs visit = DayStart(day) + rng_.Int(9 * 60, 16 * 60) * kMinuteMs;
  v_.date = VisitDate(visit, en_);
  vi_.date = VisitDate(visit, false);
  Say(at, by, Open(J({std::move(prefix), Line(Pool::kFieldBooked)})));
  const int task = Task(Soon(), by, "field", TaskTitle("field", tpl_.category == "installation"),
                        "", eng, visit + 4 * kHourMs);
  // Waiting for the visit is waiting on a third party: the SLA clock pauses.
  Move(Soon(), Who::kAgent, by, TicketStatus::kOnHold, "等待工程师上门");
  TaskMove(Exactly(visit), eng, task, TaskStatus::kInProgress, "");
  const TimeMs done = visit + rng_.Int(40, 120) * kMinuteMs;
  Note(Exactly(done), eng,
       Internal(tpl_.category == "installation" ? Pool::kInstallNote : Pool::kFieldNote));
  TaskMove(Soon(), eng, task, TaskStatus::kDone, "");
  Move(Soon(), Who::kAgent, eng, TicketStatus::kOpen, "上门服务已完成");
}

// First line tells the customer and hands the ticket to technical support.
void Story::HandToTech(When at, std::string reason) {
  if (owner_ >= 0 && w_.agents[owner_].team == kTech) return;
  Say(at, owner_, Open(Line(Pool::kTechHandover)));
  Note(Soon(), owner_, Internal(Pool::kHandoverNote));
  const int tech = p_.PickAgent(kTech, en_);
  Transfer(Soon(30 * kSecondMs, 10 * kMinuteMs), owner_, tech, std::move(reason));
  Speaker(owner_);
}

// Now and then a ticket changes hands within the team (shift end, leave, region).
void Story::MaybeHandOver() {
  if (owner_ < 0 || !rng_.Chance(0.03)) return;
  const int to = p_.PickAgent(w_.agents[owner_].team, en_);
  if (to == owner_) return;
  Note(Soon(kMinuteMs, 30 * kMinuteMs), owner_, Internal(Pool::kHandoverNote));
  Transfer(Soon(), owner_, to, Internal(Pool::kTransferReason));
  Speaker(owner_);
}

// The customer's last word, the agent's goodbye, and the move to resolved.
void Story::End(double unhappy_bias) {
  const double unhappy = 0.06 + unhappy_bias + (careless_ ? 0.35 : 0) + (c_.complainer ? 0.2 : 0) +
                         (reopened_ ? 0.15 : 0);
  const double r = rng_.Uniform();
  // Unless the customer answers on the spot (chat), the agent waits for the confirmation.
  if (rng_.Chance(ch_ == Channel::kChat ? 0.1 : 0.7)) {
    Move(Soon(), Who::kAgent, owner_, TicketStatus::kPending, "等待客户确认");
    if (r >= unhappy + 0.6) {  // no answer: solved after a few days
      const TimeMs later = OfficeAt(t_ + rng_.Int(2 * kDayMs, 3 * kDayMs));
      Say(Exactly(later), owner_, Line(Pool::kNoReplyResolve));
    }
  }
  if (r < unhappy) {
    // Hidden dissatisfaction: the ticket is resolved all the same.
    CustomerSays(CustomerDelay(), Line(Pool::kUnhappyEnd));
    unhappy_ = true;
  } else if (r < unhappy + 0.6) {
    CustomerSays(CustomerDelay(), Thanks());
    unhappy_ = false;
    // About a third of agents answer the thanks with a goodbye (a second public reply, so
    // the ticket no longer counts as resolved on first contact); careless ones mostly skip it.
    if (rng_.Chance(0.35) && (!w_.agents[owner_].careless || rng_.Chance(0.3)))
      Say(AgentDelay(30 * kSecondMs, 20 * kMinuteMs), owner_, Line(Pool::kClosing));
  }
  resolved_ =
      Move(AgentDelay(kMinuteMs, 40 * kMinuteMs), Who::kAgent, owner_, TicketStatus::kResolved, "");
}

// About 7 in 10 customers answer the CSAT survey sent on resolution, within two days, with a
// score that follows the story (an unhappy ending scores 1–3, a reopened or carelessly
// handled ticket 2–4, the rest mostly 4–5); most alerts a low score raises are handled by a
// supervisor within a day. Its own random stream, so the rest of the story is unchanged.
void Story::PlanSurveyAnswer() {
  Rng r(Mix(p_.opt_.seed ^ 0x737572766579ULL ^ (static_cast<uint64_t>(ticket_) << 20)));
  if (!r.Chance(c_.in.tier == Tier::kStrategic || c_.in.tier == Tier::kHigh ? 0.8 : 0.7)) return;
  int score;
  if (unhappy_) {
    score = static_cast<int>(r.Int(1, 3));
  } else if (reopened_ || careless_) {
    score = static_cast<int>(r.Int(2, 4));
  } else {
    const double u = r.Uniform();
    score = u < 0.62 ? 5 : u < 0.92 ? 4 : 3;
  }
  const TimeMs at = t_ + static_cast<TimeMs>(r.LogUniform(10 * kMinuteMs, 2 * kDayMs));
  if (at > w_.now) return;
  out_->push_back(Action{at, p_.seq_++, Who::kCustomer, -1, ci_,
                         DoAnswer{ticket_, score, demo::SurveyComment(score, en_, r.Int(0, 1 << 30))}});
  if (score > 3 || !r.Chance(0.85)) return;  // no alert, or one left for the live demo
  const TimeMs handled = at + static_cast<TimeMs>(r.LogUniform(kHourMs, 20 * kHourMs));
  if (handled > w_.now) return;
  out_->push_back(Action{handled, p_.seq_++, Who::kSystem, -1, ci_,
                         DoHandleAlerts{ticket_, demo::AlertOutcome(r.Int(0, 1 << 30))}});
}

// Resolved: some customers come back (reopened), most tickets are closed a few days later.
void Story::AfterResolved() {
  if (!resolved_) return;
  if (!reopened_ && rng_.Chance(0.065 + (unhappy_ ? 0.1 : 0))) {
    reopened_ = true;
    const TimeMs back = CustomerAt(t_ + rng_.LogUniform(4 * kHourMs, 4 * kDayMs));
    if (!CustomerSays(Exactly(back), Line(Pool::kReopen))) return;
    resolved_ = false;
    Speaker(owner_);
    Say(AgentDelay(5 * kMinuteMs, 3 * kHourMs), owner_, Line(Pool::kReopenReply));
    Move(Soon(), Who::kAgent, owner_, TicketStatus::kOpen, "客户反馈问题复现");
    const bool device = demo::Products()[product_].warranty_months > 0;
    if (device && tpl_.category == "technical" && ch_ != Channel::kOnsite && rng_.Chance(0.4)) {
      FieldVisit(Soon(kMinuteMs, 20 * kMinuteMs), owner_, "");
    } else {
      Note(AgentDelay(), owner_, Internal(Pool::kTechNote));
    }
    Say(AgentDelay(20 * kMinuteMs, kDayMs), owner_, J({Line(Pool::kReopenFixed), Confirm()}));
    End(0.1);
    if (!resolved_) return;
  }
  PlanSurveyAnswer();
  if (!rng_.Chance(0.88)) return;  // some stay resolved
  if (rng_.Chance(0.3)) {
    const TimeMs at = OfficeAt(t_ + rng_.Int(kDayMs, 2 * kDayMs));
    Move(Exactly(at), Who::kAgent, owner_, TicketStatus::kClosed,
         std::string(demo::Lines(Pool::kCloseReason, false)[1]));
  } else {
    const TimeMs at = t_ + 3 * kDayMs + rng_.Int(0, 6 * kHourMs);
    Move(Exactly(at), Who::kSystem, -1, TicketStatus::kClosed,
         std::string(demo::Lines(Pool::kCloseReason, false)[0]));
  }
}

void Story::Flow() {
  Speaker(owner_);
  const bool sloppy = owner_ >= 0 && w_.agents[owner_].careless;
  if (ch_ != Channel::kPhone && ch_ != Channel::kOnsite) {
    const bool greet = !(sloppy && rng_.Chance(0.5));
    // Complaints get their apology from the escalation lines instead.
    const bool upset =
        tpl_.category != "complaint" && (tpl_.priority <= Priority::kP2 ||
                                         tpl_.category == "delivery" || tpl_.category == "refund");
    const bool empathy = upset && rng_.Chance(0.7);
    opening_ = J({greet ? Line(Pool::kGreeting) : std::string(),
                  empathy ? Line(Pool::kEmpathy) : std::string()});
  }
  When next = first_at_;
  if (call_solved_) {  // the call already solved it
    End();
    AfterResolved();
    return;
  }
  if (sloppy && ch_ != Channel::kPhone && ch_ != Channel::kApi && ch_ != Channel::kOnsite &&
      rng_.Chance(0.35)) {
    // A careless first reply, and the customer's mood drops right after it.
    Say(next, owner_, Line(Pool::kCareless));
    careless_ = true;
    opening_.clear();
    CustomerSays(CustomerDelay(kMinuteMs, kHourMs), Line(Pool::kMoodDrop));
    const int sup = p_.PickSupervisor(w_.agents[owner_].team, owner_);
    if (sup >= 0 && rng_.Chance(0.4)) {
      Transfer(AgentDelay(5 * kMinuteMs, kHourMs), sup, sup, "客户不满，升级主管处理");
      Speaker(owner_);
      opening_ = Line(Pool::kApology);
    }
    next = AgentDelay(5 * kMinuteMs, 2 * kHourMs);
  }
  if (reclassify_ && rng_.Chance(0.6)) Reclassify(next, owner_, std::string(tpl_.category));

  const bool device = demo::Products()[product_].warranty_months > 0;
  switch (tpl_.flow) {
    case Flow::kQuick:
      Say(next, owner_, Open(J({S(sc_.solution), Confirm()})));
      End();
      break;
    case Flow::kNeedInfo:
      if (!Clarify(next)) break;
      MaybeHandOver();
      Say(next, owner_, Open(J({S(sc_.solution), Confirm()})));
      End();
      break;
    case Flow::kParts: {
      if (!Clarify(next)) break;
      const int days = static_cast<int>(rng_.Int(1, 4));
      SetN(std::to_string(days));
      Say(next, owner_, Open(Line(Pool::kHoldParts)));
      Note(Soon(), owner_, Internal(Pool::kHoldNote));
      Move(Soon(), Who::kAgent, owner_, TicketStatus::kOnHold, "等待配件到货");
      const TimeMs arrived =
          AgentAt(t_ + static_cast<TimeMs>(days * kDayMs * rng_.Uniform(0.6, 1.0)));
      Move(Exactly(arrived), Who::kAgent, owner_, TicketStatus::kOpen, "配件已到货");
      if (device && ch_ != Channel::kOnsite && rng_.Chance(0.5)) {
        FieldVisit(Soon(kMinuteMs, 20 * kMinuteMs), owner_, Line(Pool::kPartArrived));
      } else {
        Say(Soon(kMinuteMs, 20 * kMinuteMs), owner_, Line(Pool::kPartArrived));
      }
      Say(AgentDelay(10 * kMinuteMs, 3 * kHourMs), owner_, J({S(sc_.solution), Confirm()}));
      End();
      break;
    }
    case Flow::kField:
      if (!Clarify(next)) break;
      if (ch_ == Channel::kOnsite) {  // the engineer is on site already
        Note(AgentDelay(20 * kMinuteMs, 2 * kHourMs), owner_,
             Internal(tpl_.category == "installation" ? Pool::kInstallNote : Pool::kFieldNote));
        Say(Soon(kMinuteMs, 10 * kMinuteMs), owner_, Open(J({S(sc_.solution), Confirm()})));
      } else {
        FieldVisit(next, owner_, "");
        Say(AgentDelay(10 * kMinuteMs, 2 * kHourMs), owner_, J({S(sc_.solution), Confirm()}));
      }
      End();
      break;
    case Flow::kTech: {
      if (!Clarify(next)) break;
      HandToTech(next, "转技术支持排查");
      Note(AgentDelay(10 * kMinuteMs, 4 * kHourMs), owner_, Internal(Pool::kTechNote));
      if (tpl_.priority == Priority::kP1 && device && rng_.Chance(0.5))
        FieldVisit(Soon(5 * kMinuteMs, kHourMs), owner_, "");
      if (rng_.Chance(0.25)) {
        const int expert = w_.experts.empty() ? -1 : rng_.Pick(w_.experts);
        Task(Soon(), owner_, "product", TaskTitle("product", 0),
             "同类问题近期多次出现，请产品评估是否需要设计改进。", expert, std::nullopt);
      }
      Say(AgentDelay(20 * kMinuteMs, 8 * kHourMs), owner_, Open(J({S(sc_.solution), Confirm()})));
      End();
      break;
    }
    case Flow::kApproval: {
      if (!Clarify(next)) break;
      MaybeHandOver();
      const int days = static_cast<int>(rng_.Int(1, 3));
      SetN(std::to_string(days));
      Say(next, owner_, Open(Line(Pool::kApprovalWait)));
      Move(Soon(), Who::kAgent, owner_, TicketStatus::kOnHold, "等待审批");
      const TimeMs approved =
          OfficeAt(t_ + static_cast<TimeMs>(days * kDayMs * rng_.Uniform(0.4, 1.0)));
      if (rng_.Chance(0.6)) {  // sales approves on a collaboration task
        const int approver = !w_.csms.empty() && rng_.Chance(0.5) ? rng_.Pick(w_.csms) : -1;
        const size_t title = tpl_.category == "billing"
                                 ? (tpl_.zh.subject.find("发票") != std::string_view::npos ? 1 : 2)
                                 : 0;
        const int task = Task(Soon(), owner_, "sales", TaskTitle("sales", title), "", approver,
                              AgentAt(t_ + days * kDayMs));
        TaskMove(Exactly(approved), approver >= 0 ? approver : owner_, task, TaskStatus::kDone,
                 Internal(Pool::kApprovalDone));
      } else {  // approved in the back office; the agent notes it
        Note(Exactly(approved), owner_, Internal(Pool::kApprovalDone));
      }
      Move(Soon(), Who::kAgent, owner_, TicketStatus::kOpen, "审批通过");
      Say(AgentDelay(10 * kMinuteMs, 3 * kHourMs), owner_, J({S(sc_.solution), Confirm()}));
      End();
      break;
    }
    case Flow::kComplaint: {
      const bool is_sup = w_.agents[owner_].in.role == Role::kSupervisor;
      const int sup = is_sup ? owner_ : p_.PickSupervisor(kService, owner_);
      if (!is_sup && sup >= 0) {
        Say(next, owner_, Open(Line(Pool::kEscalateNotice)));
        Note(Soon(), owner_, Internal(Pool::kHandoverNote));
        Transfer(AgentDelay(5 * kMinuteMs, kHourMs), owner_, sup, "投诉升级主管处理");
        Speaker(owner_);
        Say(AgentDelay(5 * kMinuteMs, 2 * kHourMs), owner_, Line(Pool::kApology));
      } else {
        Say(next, owner_, Open(Line(Pool::kApology)));
      }
      // A repeat complainer is not calmed by one more apology.
      if (c_.complainer) CustomerSays(CustomerDelay(), Line(Pool::kMoodDrop));
      Say(AgentDelay(30 * kMinuteMs, kDayMs), owner_,
          J({S(sc_.solution), Line(Pool::kCompensation)}));
      if (!w_.csms.empty() && rng_.Chance(0.5)) {
        const int csm = rng_.Pick(w_.csms);
        Task(Soon(), owner_, "service", TaskTitle("service", 1), "", csm, AgentAt(t_ + 2 * kDayMs));
      }
      const double unhappy = 0.2 + (c_.complainer ? 0.3 : 0) + (careless_ ? 0.2 : 0);
      if (rng_.Chance(unhappy)) {
        CustomerSays(CustomerDelay(), Line(Pool::kUnhappyEnd));
        unhappy_ = true;
      } else if (rng_.Chance(0.8)) {
        CustomerSays(CustomerDelay(), Line(Pool::kAccept));
      }
      resolved_ = Move(AgentDelay(5 * kMinuteMs, 2 * kHourMs), Who::kAgent, owner_,
                       TicketStatus::kResolved, "");
      break;
    }
    case Flow::kIncident: {
      if (!Clarify(next)) break;
      HandToTech(next, "转技术支持排查：L7 固件升级问题");
      Note(AgentDelay(5 * kMinuteMs, kHourMs), owner_, Internal(Pool::kTechNote));
      if (t_ < p_.fix_at_) {
        int task = -1, expert = owner_;
        if (!p_.incident_task_) {
          if (!w_.experts.empty()) expert = rng_.Pick(w_.experts);
          task = Task(Soon(), owner_, "product", Internal(Pool::kIncidentTask),
                      "多位客户反馈 L7 升级固件 3.2.1 后无法开锁，请研发紧急排查并评估回滚。",
                      expert, p_.fix_at_);
          p_.incident_task_ = task >= 0;
        }
        SetN(std::to_string(std::max<int64_t>(1, (p_.fix_at_ - t_ + kDayMs - 1) / kDayMs)));
        Say(Soon(kMinuteMs, 15 * kMinuteMs), owner_, Line(Pool::kIncidentHold));
        Move(Soon(), Who::kAgent, owner_, TicketStatus::kOnHold, "等待研发修复固件");
        TaskMove(Exactly(p_.fix_at_ - 30 * kMinuteMs), expert, task, TaskStatus::kDone,
                 "固件 3.2.2 已发布，问题修复");
        const TimeMs noticed = std::max(p_.fix_at_, t_) + rng_.Int(0, 2 * kHourMs);
        Note(Exactly(noticed), owner_, Internal(Pool::kIncidentFixNote));
        Move(Soon(), Who::kAgent, owner_, TicketStatus::kOpen, "修复固件 3.2.2 已发布");
      }
      Say(AgentDelay(5 * kMinuteMs, 2 * kHourMs), owner_, Open(J({S(sc_.solution), Confirm()})));
      End(0.2);
      break;
    }
    case Flow::kAlert:
      Note(next, owner_, Internal(Pool::kAlertNote));
      Say(Soon(kMinuteMs, 6 * kMinuteMs), owner_, Open(S(sc_.solution)));
      End(-0.03);
      break;
  }
  AfterResolved();
}

void Story::Run() {
  Prepare();
  // Who takes it first: technical support for machine alerts, the nearest engineer on
  // site, customer success for part of the strategic and high-value accounts.
  int team = kService;
  if (tpl_.flow == Flow::kAlert) {
    team = kTech;
  } else if (ch_ == Channel::kOnsite) {
    team = kField;
  } else if (c_.in.tier == Tier::kStrategic && rng_.Chance(0.6)) {
    team = kSuccess;
  } else if (c_.in.tier == Tier::kHigh && rng_.Chance(0.3)) {
    team = kSuccess;
  }
  int first = team == kField ? p_.PickEngineer(c_) : p_.PickAgent(team, en_);
  // The account manager takes the account's tickets when the case is theirs to handle.
  if (team == kSuccess && c_.account_manager >= 0 && rng_.Chance(0.7) &&
      (!en_ || HasEnglish(w_.agents[c_.account_manager].in.languages)))
    first = c_.account_manager;
  if (tpl_.flow == Flow::kComplaint && rng_.Chance(0.6)) {
    const int sup = p_.PickSupervisor(kService, -1);
    if (sup >= 0) first = sup;
  }
  NewTicket in = MakeTicket();

  switch (ch_) {
    case Channel::kPhone:
      if (!Create(Exactly(t0_), Who::kAgent, first, std::move(in), first)) return;
      Call();
      break;
    case Channel::kOnsite:
      if (!Create(Exactly(t0_), Who::kAgent, first, std::move(in), first)) return;
      Speaker(first);
      Say(Soon(kMinuteMs, 5 * kMinuteMs), first, Line(Pool::kOnsiteArrived));
      first_at_ = Soon(5 * kMinuteMs, 40 * kMinuteMs);
      asked_ = true;  // the engineer sees the problem; no remote questions
      break;
    case Channel::kApi:
      if (!Create(Exactly(t0_), Who::kSystem, -1, std::move(in), first)) return;
      first_at_ = Exactly(t0_ + rng_.LogUniform(2 * kMinuteMs, 8 * kMinuteMs));
      break;
    default: {
      // Written channels: the customer opens it, routing assigns it, an agent answers.
      if (!Create(Exactly(t0_), Who::kCustomer, -1, std::move(in), -1)) return;
      const TimeMs answer = AgentAt(t0_ + FirstDelay());
      if (answer - t0_ > 3 * kHourMs && rng_.Chance(0.35)) {
        const TimeMs chase =
            CustomerAt(t0_ + static_cast<TimeMs>((answer - t0_) * rng_.Uniform(0.3, 0.7)));
        if (chase < answer - 10 * kMinuteMs) CustomerSays(Exactly(chase), Line(Pool::kChaser));
      }
      const TimeMs assign = ch_ == Channel::kChat ? t0_ + rng_.Int(5, 40) * kSecondMs
                                                  : std::max(t0_ + 30 * kSecondMs,
                                                             answer - rng_.Int(1, 10) * kMinuteMs);
      Assign(Exactly(assign), Who::kSystem, -1, first, "按技能、语言与负载自动分配", false);
      first_at_ = Exactly(answer);
      break;
    }
  }
  if (!alive_) return;
  Flow();
}

void TicketPlanner::PlanDay(int64_t day, std::vector<Action>* out) {
  if (day < w_.first_day || day > w_.last_day) return;
  auto plan = [&](TimeMs t0, int ci, Kind kind) {
    if (t0 > w_.now) return;  // today, later than now
    const CustomerPlan& c = w_.customers[ci];
    Channel ch = PickChannel(c, kind);
    const TicketTemplate* tpl = PickTemplate(c, ch, kind, t0);
    if (!tpl && ch == Channel::kApi) {  // no monitored device: the customer writes instead
      ch = Channel::kEmail;
      tpl = PickTemplate(c, ch, kind, t0);
    }
    if (!tpl) return;
    Story(*this, out, ci, ch, *tpl, kind, t0).Run();
  };
  auto count = [&](double mean) {
    const int n = static_cast<int>(std::floor(mean));
    return n + (rng_.Chance(mean - n) ? 1 : 0);
  };

  const double mean =
      opt_.tickets_per_day * kWeekdayFactor[Weekday(day)] * rng_.Uniform(0.85, 1.15);
  const int n = count(mean);
  for (int k = 0; k < n; ++k) {
    const TimeMs t0 = TimeOfDay(day);
    const int ci = PickCustomer();
    plan(t0, ci, Kind::kRegular);
  }
  // Repeat complainers write again.
  if (!w_.complainers.empty()) {
    const double per =
        std::min(0.25, 0.04 * opt_.tickets_per_day / static_cast<double>(w_.complainers.size()));
    for (int ci : w_.complainers) {
      if (!rng_.Chance(per)) continue;
      const TimeMs t0 = TimeOfDay(day);
      plan(t0, ci, Kind::kComplaint);
    }
  }
  // The firmware incident: a spike of smart-lock tickets after the release.
  if (incident_ && day >= incident_day_ && day < incident_day_ + 14) {
    const int extra = count(opt_.tickets_per_day * 0.3 * kIncidentShape[day - incident_day_]);
    for (int k = 0; k < extra; ++k) {
      const TimeMs t0 = TimeOfDay(day);
      int ci;
      if (!w_.lock_owners.empty() && rng_.Chance(0.85)) {
        ci = rng_.Pick(w_.lock_owners);
      } else {
        ci = PickCustomer();
      }
      plan(t0, ci, Kind::kIncident);
    }
  }
}

// ------------------------------------------------------------------------------ executor

// Applies planned actions through Operations, mapping plan indexes to the stored ids.
class Executor {
 public:
  explicit Executor(const World& w)
      : w_(w), agent_ids_(w.agents.size()), customer_ids_(w.customers.size()) {}

  Status Apply(Operations& ops, const Action& a, DemoSummary& s) {
    return std::visit([&](const auto& what) { return Do(ops, a, what, s); }, a.what);
  }

 private:
  Actor ActorOf(const Action& a) const {
    switch (a.who) {
      case Who::kAgent:
        return Actor::OfAgent(agent_ids_[a.agent]);
      case Who::kCustomer:
        return Actor::OfCustomer(customer_ids_[a.customer]);
      case Who::kSystem:
        break;
    }
    return Actor::System();
  }
  template <typename V>
  static void Put(V& v, int index, Id id) {
    if (static_cast<size_t>(index) >= v.size()) v.resize(static_cast<size_t>(index) + 1);
    v[index] = id;
  }

  Status Do(Operations& ops, const Action& a, const DoAgent& d, DemoSummary& s) {
    LD_ASSIGN_OR_RETURN(Agent agent, ops.CreateAgent(Actor::System(), w_.agents[d.agent].in, a.at));
    agent_ids_[d.agent] = agent.id;
    ++s.agents;
    return Status::Ok();
  }
  Status Do(Operations& ops, const Action& a, const DoCustomer& d, DemoSummary& s) {
    const CustomerPlan& plan = w_.customers[d.customer];
    NewCustomer in = plan.in;
    if (plan.account_manager >= 0) in.account_manager_id = agent_ids_[plan.account_manager];
    LD_ASSIGN_OR_RETURN(Customer c, ops.CreateCustomer(Actor::System(), in, a.at));
    customer_ids_[d.customer] = c.id;
    ++s.customers;
    return Status::Ok();
  }
  Status Do(Operations& ops, const Action& a, const DoOrder& d, DemoSummary& s) {
    const OrderPlan& o = w_.orders[d.order];
    LD_RETURN_IF_ERROR(
        ops.AddOrder(Actor::System(), customer_ids_[o.customer], o.in, a.at).status());
    ++s.orders;
    return Status::Ok();
  }
  Status Do(Operations& ops, const Action& a, const DoAsset& d, DemoSummary& s) {
    const AssetPlan& x = w_.assets[d.asset];
    LD_RETURN_IF_ERROR(
        ops.AddAsset(Actor::System(), customer_ids_[x.customer], x.in, a.at).status());
    ++s.assets;
    return Status::Ok();
  }
  Status Do(Operations& ops, const Action& a, const DoCreate& d, DemoSummary& s) {
    NewTicket in = d.in;
    in.customer_id = customer_ids_[a.customer];
    if (d.assignee >= 0) in.assignee_id = agent_ids_[d.assignee];
    LD_ASSIGN_OR_RETURN(CreatedTicket t, ops.CreateTicket(ActorOf(a), in, a.at));
    Put(ticket_ids_, d.ticket, t.ticket.id);
    ++s.tickets;
    return Status::Ok();
  }
  Status Do(Operations& ops, const Action& a, const DoMessage& d, DemoSummary& s) {
    LD_RETURN_IF_ERROR(ops.AddMessage(ActorOf(a), ticket_ids_[d.ticket], d.in, a.at).status());
    ++s.messages;
    if (d.reopens) ++s.reopened;
    return Status::Ok();
  }
  Status Do(Operations& ops, const Action& a, const DoTranscript& d, DemoSummary& s) {
    LD_RETURN_IF_ERROR(ops.AddTranscript(ActorOf(a), ticket_ids_[d.ticket], d.in, a.at).status());
    ++s.transcripts;
    return Status::Ok();
  }
  Status Do(Operations& ops, const Action& a, const DoUpdate& d, DemoSummary& s) {
    TicketPatch patch = d.in;
    if (d.assignee >= 0) patch.assignee_id = std::optional<Id>(agent_ids_[d.assignee]);
    LD_RETURN_IF_ERROR(ops.UpdateTicket(ActorOf(a), ticket_ids_[d.ticket], patch, a.at).status());
    if (d.transfer) ++s.transfers;
    return Status::Ok();
  }
  Status Do(Operations& ops, const Action& a, const DoTask& d, DemoSummary& s) {
    NewTask in = d.in;
    if (d.assignee >= 0) in.assignee_id = agent_ids_[d.assignee];
    LD_ASSIGN_OR_RETURN(Task k, ops.CreateTask(ActorOf(a), ticket_ids_[d.ticket], in, a.at));
    Put(task_ids_, d.task, k.id);
    ++s.tasks;
    return Status::Ok();
  }
  Status Do(Operations& ops, const Action& a, const DoTaskUpdate& d, DemoSummary&) {
    return ops.UpdateTask(ActorOf(a), task_ids_[d.task], d.in, a.at).status();
  }
  // The survey may be missing (CSAT off for the channel) or expired (a long reopen): then
  // the customer simply did not answer.
  Status Do(Operations& ops, const Action& a, const DoAnswer& d, DemoSummary&) {
    LD_ASSIGN_OR_RETURN(auto s, ops.uow().voc().FindTicketSurvey(ticket_ids_[d.ticket],
                                                                 SurveyKind::kCsat));
    if (!s || s->status != "sent" || a.at < s->sent_at || a.at >= s->expires_at)
      return Status::Ok();
    return AnswerSurvey(ops, s->token, d.score, d.comment, a.at).status();
  }
  Status Do(Operations& ops, const Action& a, const DoHandleAlerts& d, DemoSummary&) {
    AlertFilter f;
    f.ticket_id = ticket_ids_[d.ticket];
    f.limit = 20;
    LD_ASSIGN_OR_RETURN(auto open, ops.uow().voc().ListAlerts(f));
    for (const Alert& al : open) {
      if (!al.survey_id || al.status == "resolved") continue;
      LD_RETURN_IF_ERROR(
          ChangeAlert(ops, Actor::System(), al.id, "resolved", d.outcome, a.at).status());
    }
    return Status::Ok();
  }

  const World& w_;
  std::vector<Id> agent_ids_, customer_ids_, ticket_ids_, task_ids_;
};

// The store must hold no customer and no demo agent (a second run must not mix with the
// first).
Status CheckEmpty(UnitOfWork& uow) {
  CustomerFilter any;
  any.limit = 1;
  LD_ASSIGN_OR_RETURN(auto customers, uow.ListCustomers(any));
  if (!customers.empty())
    return Status::Conflict("the store already holds customers; demo data needs an empty store");
  constexpr int kPage = 500;
  Id after = 0;
  for (;;) {
    AgentFilter f;
    f.after_id = after;
    f.limit = kPage;
    LD_ASSIGN_OR_RETURN(auto agents, uow.ListAgents(f));
    for (const auto& a : agents)
      if (a.email.ends_with(kDemoEmailDomain))
        return Status::Conflict("the store already holds demo agents (" + a.email + ")");
    if (static_cast<int>(agents.size()) < kPage) break;
    after = agents.back().id;
  }
  return Status::Ok();
}

Status CheckOptions(const DemoOptions& o) {
  if (o.customers < 4 || o.customers > 1000000)
    return Status::Invalid("customers must be between 4 and 1,000,000", "customers");
  if (o.agents < 4 || o.agents > 10000)
    return Status::Invalid("agents must be between 4 and 10,000", "agents");
  if (o.days < 1 || o.days > 3650)
    return Status::Invalid("days must be between 1 and 3,650", "days");
  if (!std::isfinite(o.tickets_per_day) || o.tickets_per_day < 0)
    return Status::Invalid("tickets_per_day must be a number ≥ 0", "tickets_per_day");
  return Status::Ok();
}

World PlanWorld(const DemoOptions& opt, TimeMs now) {
  World w;
  w.now = now;
  w.last_day = LocalDay(now);
  w.first_day = w.last_day - opt.days + 1;
  w.window_start = DayStart(w.first_day);
  w.history_start = std::min(now - 730 * kDayMs, w.window_start - 30 * kDayMs);
  Rng rng(Mix(opt.seed));
  PlanAgents(w, rng, opt.agents);
  PlanCustomers(w, rng, opt.customers, opt.seed);
  PlanOrdersAndAssets(w, rng);
  return w;
}

void AddUp(DemoSummary& to, const DemoSummary& d) {
  to.agents += d.agents;
  to.customers += d.customers;
  to.orders += d.orders;
  to.assets += d.assets;
  to.tickets += d.tickets;
  to.messages += d.messages;
  to.transcripts += d.transcripts;
  to.tasks += d.tasks;
  to.transfers += d.transfers;
  to.reopened += d.reopened;
}

}  // namespace

Status GenerateDemoData(Service& svc, TimeMs now, const DemoOptions& opt, DemoSummary* out,
                        const std::function<void(int done, int total)>& progress) {
  if (out) *out = DemoSummary{};
  LD_RETURN_IF_ERROR(CheckOptions(opt));
  const World w = PlanWorld(opt, now);

  // Setup: agents, customers, and the orders and assets before the ticket window, in time
  // order. Later orders and assets join the daily batches.
  std::vector<Action> setup, pending;
  uint64_t seq = 0;
  for (int i = 0; i < static_cast<int>(w.agents.size()); ++i)
    setup.push_back(Action{w.agents[i].at, seq++, Who::kSystem, -1, -1, DoAgent{i}});
  for (int i = 0; i < static_cast<int>(w.customers.size()); ++i)
    setup.push_back(Action{w.customers[i].at, seq++, Who::kSystem, -1, i, DoCustomer{i}});
  for (int i = 0; i < static_cast<int>(w.orders.size()); ++i) {
    Action a{w.orders[i].at, seq++, Who::kSystem, -1, w.orders[i].customer, DoOrder{i}};
    (a.at < w.window_start ? setup : pending).push_back(std::move(a));
  }
  for (int i = 0; i < static_cast<int>(w.assets.size()); ++i) {
    Action a{w.assets[i].at, seq++, Who::kSystem, -1, w.assets[i].customer, DoAsset{i}};
    (a.at < w.window_start ? setup : pending).push_back(std::move(a));
  }
  std::sort(setup.begin(), setup.end(), [](const Action& a, const Action& b) {
    return a.at != b.at ? a.at < b.at : a.seq < b.seq;
  });

  // A dry run of the ticket planner counts the steps for `progress`.
  int64_t total = static_cast<int64_t>(setup.size() + pending.size());
  {
    TicketPlanner dry(w, opt);
    std::vector<Action> buf;
    for (int64_t day = w.first_day; day <= w.last_day; ++day) {
      buf.clear();
      dry.PlanDay(day, &buf);
      total += static_cast<int64_t>(buf.size());
    }
  }

  Executor exec(w);
  DemoSummary sum{};
  int64_t done = 0;
  auto run = [&](const std::string& name, const std::vector<Action>& batch, bool first) {
    DemoSummary part{};
    Status st = svc.RunBatch([&](Operations& ops) -> Status {
      part = DemoSummary{};
      if (first) LD_RETURN_IF_ERROR(CheckEmpty(ops.uow()));
      for (const Action& a : batch) {
        Status s = exec.Apply(ops, a, part);
        if (!s.ok())
          return Status(
              s.code(),
              std::string(OpName(a.what)) + " at " + FormatIso8601(a.at) + ": " + s.message(),
              s.field());
      }
      return Status::Ok();
    });
    if (!st.ok())
      return Status(st.code(), "demo data: batch " + name + " failed: " + st.message(), st.field());
    AddUp(sum, part);
    if (out) *out = sum;
    done += static_cast<int64_t>(batch.size());
    if (progress)
      progress(static_cast<int>(std::min<int64_t>(done, INT32_MAX)),
               static_cast<int>(std::min<int64_t>(total, INT32_MAX)));
    return Status::Ok();
  };

  constexpr size_t kSetupBatch = 5000;
  const size_t setup_batches = (setup.size() + kSetupBatch - 1) / kSetupBatch;
  for (size_t b = 0; b < setup_batches; ++b) {
    const auto from = setup.begin() + static_cast<std::ptrdiff_t>(b * kSetupBatch);
    const auto to =
        setup.begin() + static_cast<std::ptrdiff_t>(std::min(setup.size(), (b + 1) * kSetupBatch));
    const std::vector<Action> batch(std::make_move_iterator(from), std::make_move_iterator(to));
    LD_RETURN_IF_ERROR(
        run("setup " + std::to_string(b + 1) + "/" + std::to_string(setup_batches), batch, b == 0));
  }

  // One batch per local day: everything due before the day ends, in time order.
  TicketPlanner planner(w, opt);
  std::vector<Action> heap = std::move(pending);
  std::make_heap(heap.begin(), heap.end(), Later{});
  std::vector<Action> planned, batch;
  for (int64_t day = w.first_day; day <= w.last_day; ++day) {
    planned.clear();
    planner.PlanDay(day, &planned);
    for (Action& a : planned) {
      heap.push_back(std::move(a));
      std::push_heap(heap.begin(), heap.end(), Later{});
    }
    const TimeMs end = DayStart(day + 1);
    batch.clear();
    while (!heap.empty() && heap.front().at < end) {
      std::pop_heap(heap.begin(), heap.end(), Later{});
      batch.push_back(std::move(heap.back()));
      heap.pop_back();
    }
    if (batch.empty()) continue;
    LD_RETURN_IF_ERROR(run("day " + DateName(day), batch, false));
  }
  return Status::Ok();
}

}  // namespace loopdesk
