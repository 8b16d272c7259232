#include "app/feedback_insights.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <unordered_set>

#include "common/time.h"
#include "common/utf8.h"
#include "text/analyzer.h"
#include "text/cluster.h"

namespace loopdesk {

namespace {

constexpr size_t kCacheMax = 400000;    // prepared texts kept (then the cache starts over)
constexpr size_t kTicketIdsMax = 100;   // ticket ids listed per cluster
constexpr size_t kExampleChars = 200;   // characters of the example text

// Monday 00:00 UTC of the week holding t (1970-01-01 was a Thursday).
TimeMs WeekStart(TimeMs t) {
  int64_t day = t >= 0 ? t / kDayMs : (t - kDayMs + 1) / kDayMs;
  int64_t monday = day - ((day + 3) % 7 + 7) % 7;
  return monday * kDayMs;
}

std::string Date(TimeMs t) { return FormatIso8601(t).substr(0, 10); }

std::string Truncate(const std::string& s, size_t chars) {
  std::string_view p = Utf8Prefix(s, chars);
  return p.size() < s.size() ? std::string(p) + "…" : s;
}

// A stable id for a cluster: FNV-1a of its label keywords.
std::string ClusterId(const std::vector<std::string>& keywords) {
  uint64_t h = 1469598103934665603ull;
  for (const auto& k : keywords) {
    for (unsigned char c : k) h = (h ^ c) * 1099511628211ull;
    h = (h ^ 0x1f) * 1099511628211ull;
  }
  char buf[24];
  std::snprintf(buf, sizeof buf, "c%012llx", static_cast<unsigned long long>(h & 0xffffffffffffull));
  return buf;
}

// The top three keywords, words of two or more characters first (the segmenter splits an
// unknown product name such as 净水器 into single characters, which make a poor label).
std::string Label(const std::vector<std::string>& keywords) {
  std::vector<std::string> pick;
  for (int pass = 0; pass < 2; ++pass)
    for (const auto& k : keywords)
      if (pick.size() < 3 && (Utf8Length(k) >= 2) == (pass == 0)) pick.push_back(k);
  std::string s;
  for (size_t i = 0; i < pick.size(); ++i) s += (i ? " · " : "") + pick[i];
  return s;
}

// Words every service conversation uses (请问, 麻烦, 解决): not keywords of a problem.
bool IsServiceFiller(const std::string& w) {
  static const std::unordered_set<std::string> kFiller = {
      "请问", "麻烦", "解决", "问题", "咨询", "你好", "您好", "谢谢", "帮忙", "一下", "处理",
      "需要", "客服", "希望", "情况", "please", "help", "thanks", "hello", "issue", "problem"};
  return kFiller.count(w) > 0;
}

bool IsAsciiWord(const std::string& w) {
  for (unsigned char c : w)
    if (c >= 0x80) return false;
  return true;
}

Status Allowed(const Principal& who) {
  if (who.agent_id <= 0) return Status::Denied("sign in first");
  return Status::Ok();
}

}  // namespace

FeedbackInsights::FeedbackInsights(Store& store, const text::Analyzer& analyzer)
    : store_(store), analyzer_(analyzer) {}

Result<std::vector<FeedbackText>> FeedbackInsights::Load(TimeMs from, TimeMs to) {
  std::vector<FeedbackText> out;
  LD_RETURN_IF_ERROR(store_.Read([&](UnitOfWork& uow) -> Status {
    LD_ASSIGN_OR_RETURN(out, uow.ListFeedbackTexts(from, to, kMaxTexts));
    return Status::Ok();
  }));
  return out;
}

std::vector<std::shared_ptr<const FeedbackInsights::Prepared>> FeedbackInsights::Prepare(
    const std::vector<FeedbackText>& texts) {
  std::vector<std::shared_ptr<const Prepared>> out(texts.size());
  std::vector<size_t> missing;
  {
    std::lock_guard lock(mu_);
    for (size_t i = 0; i < texts.size(); ++i) {
      auto it = cache_.find(texts[i].kind + ":" + std::to_string(texts[i].id));
      if (it != cache_.end()) out[i] = it->second;
      else missing.push_back(i);
    }
  }
  for (size_t i : missing) {
    auto p = std::make_shared<Prepared>();
    p->terms = text::FeedbackTerms(analyzer_, texts[i].text);
    std::unordered_set<std::string> seen;
    for (const auto& t : p->terms)
      if ((IsAsciiWord(t) || Utf8Length(t) >= 2) && !IsServiceFiller(t) && seen.insert(t).second)
        p->keywords.push_back(t);
    p->cause = texts[i].cause.empty() ? analyzer_.Analyze(texts[i].text).cause.label
                                      : texts[i].cause;
    out[i] = std::move(p);
  }
  if (!missing.empty()) {
    std::lock_guard lock(mu_);
    if (cache_.size() + missing.size() > kCacheMax) cache_.clear();
    for (size_t i : missing) cache_[texts[i].kind + ":" + std::to_string(texts[i].id)] = out[i];
  }
  return out;
}

Result<Value> FeedbackInsights::Clusters(const Principal& who, const ClusterQuery& q) {
  LD_RETURN_IF_ERROR(Allowed(who));
  auto started = std::chrono::steady_clock::now();
  LD_ASSIGN_OR_RETURN(std::vector<FeedbackText> texts, Load(q.from, q.to));
  auto prepared = Prepare(texts);
  std::vector<std::vector<std::string>> docs;
  docs.reserve(prepared.size());
  for (const auto& p : prepared) docs.push_back(p->terms);
  auto clusters = text::ClusterDocs(docs);

  // Weeks of the period, for the trend (every week listed while the period is ≤ 2 years).
  std::vector<TimeMs> weeks;
  if (q.to - q.from <= 104 * 7 * kDayMs)
    for (TimeMs w = WeekStart(q.from); w < q.to; w += 7 * kDayMs) weeks.push_back(w);

  Value items = Value::MakeArray();
  size_t clustered = 0;
  for (const auto& c : clusters) {
    if (static_cast<int>(c.members.size()) < q.min_size) break;  // sorted by size
    clustered += c.members.size();
    std::map<std::string, int> causes;
    std::map<TimeMs, int64_t> per_week;
    std::map<std::string, int64_t> sources = {{"survey", 0}, {"ticket", 0}, {"message", 0}};
    std::set<Id> tickets;
    for (size_t d : c.members) {
      causes[prepared[d]->cause] += 1;
      per_week[WeekStart(texts[d].at)] += 1;
      sources[texts[d].kind] += 1;
      if (texts[d].ticket_id) tickets.insert(*texts[d].ticket_id);
    }
    auto top = std::max_element(causes.begin(), causes.end(),
                                [](auto& a, auto& b) { return a.second < b.second; });
    if (!q.cause.empty() && top->first != q.cause) continue;
    if (static_cast<int>(items.as_array().size()) >= q.limit) continue;  // keep counting

    Value item = Value::MakeObject();
    item.Set("id", ClusterId(c.keywords));
    const FeedbackText& central = texts[c.central];
    item.Set("label", c.keywords.empty() ? Truncate(central.text, 30) : Label(c.keywords));
    item.Set("size", static_cast<int64_t>(c.members.size()));
    Value kw = Value::MakeArray();
    for (const auto& k : c.keywords) kw.Push(k);
    item.Set("keywords", std::move(kw));
    item.Set("cause", top->first);
    item.Set("cause_share", std::round(1000.0 * top->second / c.members.size()) / 1000);
    Value trend = Value::MakeArray();
    for (TimeMs w : weeks) {
      Value point = Value::MakeObject();
      point.Set("week", Date(w));
      auto it = per_week.find(w);
      point.Set("count", it == per_week.end() ? int64_t{0} : it->second);
      trend.Push(std::move(point));
    }
    if (weeks.empty())
      for (auto& [w, n] : per_week) {
        Value point = Value::MakeObject();
        point.Set("week", Date(w));
        point.Set("count", n);
        trend.Push(std::move(point));
      }
    item.Set("trend", std::move(trend));
    Value ids = Value::MakeArray();
    for (Id id : tickets) {
      if (ids.as_array().size() >= kTicketIdsMax) break;
      ids.Push(id);
    }
    item.Set("ticket_ids", std::move(ids));
    item.Set("ticket_count", static_cast<int64_t>(tickets.size()));
    Value src = Value::MakeObject();
    for (auto& [k, n] : sources) src.Set(k, n);
    item.Set("sources", std::move(src));
    Value ex = Value::MakeObject();
    ex.Set("kind", central.kind);
    ex.Set("id", central.id);
    ex.Set("ticket_id", central.ticket_id ? Value(*central.ticket_id) : Value(nullptr));
    ex.Set("text", Truncate(central.text, kExampleChars));
    item.Set("example", std::move(ex));
    item.Set("cohesion", std::round(c.cohesion * 1000) / 1000);
    items.Push(std::move(item));
  }

  Value out = Value::MakeObject();
  out.Set("from", FormatIso8601(q.from));
  out.Set("to", FormatIso8601(q.to));
  out.Set("texts", static_cast<int64_t>(texts.size()));
  out.Set("clustered", static_cast<int64_t>(clustered));
  out.Set("items", std::move(items));
  auto took = std::chrono::steady_clock::now() - started;
  out.Set("took_ms", std::chrono::duration<double, std::milli>(took).count());
  return out;
}

}  // namespace loopdesk
