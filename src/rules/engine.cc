#include "rules/engine.h"

#include <algorithm>
#include <limits>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "common/utf8.h"
#include "rules/pattern.h"

namespace loopdesk::rules {

namespace {

bool IsNumber(const Value& v) { return v.is_int() || v.is_double(); }

bool Present(const std::optional<Value>& v) { return v.has_value() && !v->is_null(); }

bool Equal(const Value& a, const Value& b) {
  if (a.is_int() && b.is_int()) return a.as_int() == b.as_int();
  if (IsNumber(a) && IsNumber(b)) return a.as_double() == b.as_double();
  return a == b;
}

bool InArray(const Value& needle, const Value& array) {
  if (!array.is_array()) return false;
  for (const auto& v : array.as_array())
    if (Equal(needle, v)) return true;
  return false;
}

// Compiled patterns by source. Bounded: cleared when full (rules hold few patterns).
std::shared_ptr<const Pattern> CachedPattern(const std::string& source) {
  static std::mutex mu;
  static std::unordered_map<std::string, std::shared_ptr<const Pattern>> cache;
  constexpr size_t kMaxEntries = 512;
  std::lock_guard<std::mutex> lock(mu);
  if (auto it = cache.find(source); it != cache.end()) return it->second;
  std::shared_ptr<const Pattern> compiled;
  if (auto p = Pattern::Compile(source); p.ok()) {
    compiled = std::make_shared<const Pattern>(std::move(p).value());
  }
  if (cache.size() >= kMaxEntries) cache.clear();
  cache.emplace(source, compiled);
  return compiled;  // nullptr for a pattern that does not compile
}

bool Contains(const Value& fact, const Value& needle) {
  if (!needle.is_string()) return false;
  const std::string lowered = AsciiLower(needle.as_string());
  if (fact.is_string()) return AsciiLower(fact.as_string()).find(lowered) != std::string::npos;
  if (fact.is_array()) {
    for (const auto& v : fact.as_array())
      if (v.is_string() && AsciiLower(v.as_string()) == lowered) return true;
  }
  return false;
}

bool Changed(const Condition& c, const Facts& facts) {
  const std::optional<Value> before = facts.Previous(c.field);
  bool changed = false;
  if (before.has_value()) {
    const Value now = facts.Get(c.field).value_or(Value());
    changed = !Equal(*before, now);
  }
  const bool want = c.value.is_bool() ? c.value.as_bool() : true;
  return changed == want;
}

}  // namespace

bool EvaluateCondition(const Condition& c, const Facts& facts) {
  const std::string& op = c.op;
  if (op == kOpChanged) return Changed(c, facts);
  const std::optional<Value> fact = facts.Get(c.field);
  const bool present = Present(fact);
  if (op == kOpEq) return c.value.is_null() ? !present : present && Equal(*fact, c.value);
  if (op == kOpNe) return c.value.is_null() ? present : !present || !Equal(*fact, c.value);
  if (!present) return false;
  if (op == kOpIn) {
    if (fact->is_array()) {
      for (const auto& v : fact->as_array())
        if (InArray(v, c.value)) return true;
      return false;
    }
    return InArray(*fact, c.value);
  }
  if (op == kOpContains) return Contains(*fact, c.value);
  if (op == kOpMatches) {
    if (!fact->is_string() || !c.value.is_string()) return false;
    auto pattern = CachedPattern(c.value.as_string());
    return pattern != nullptr && pattern->Search(fact->as_string());
  }
  if (op == kOpGt || op == kOpLt) {
    if (!IsNumber(*fact) || !IsNumber(c.value)) return false;
    if (fact->is_int() && c.value.is_int()) {
      return op == kOpGt ? fact->as_int() > c.value.as_int() : fact->as_int() < c.value.as_int();
    }
    return op == kOpGt ? fact->as_double() > c.value.as_double()
                       : fact->as_double() < c.value.as_double();
  }
  return false;  // unknown operator
}

namespace {

// Shared by Evaluate (trace == nullptr: short-circuits) and Explain (visits everything).
bool EvalGroup(const ConditionGroup& g, const Facts& facts, const std::string& path,
               std::vector<ConditionTrace>* trace) {
  using Kind = ConditionGroup::Kind;
  const std::string list = path + "." + std::string(KindName(g.kind));
  int held = 0;
  for (size_t i = 0; i < g.items.size(); ++i) {
    bool r;
    const std::string item_path = trace ? list + "[" + std::to_string(i) + "]" : std::string();
    if (const auto* c = std::get_if<Condition>(&g.items[i])) {
      r = EvaluateCondition(*c, facts);
      if (trace) {
        std::optional<Value> actual = facts.Get(c->field);
        if (actual && actual->is_null()) actual.reset();
        trace->push_back({item_path, c->field, c->op, std::move(actual), r});
      }
    } else {
      r = EvalGroup(std::get<ConditionGroup>(g.items[i]), facts, item_path, trace);
    }
    held += r;
    if (trace == nullptr) {
      if (g.kind == Kind::kAll && !r) return false;
      if (g.kind == Kind::kAny && r) return true;
      if (g.kind == Kind::kNone && r) return false;
    }
  }
  switch (g.kind) {
    case Kind::kAll:
      return held == static_cast<int>(g.items.size());
    case Kind::kAny:
      return held > 0;
    case Kind::kNone:
      return held == 0;
  }
  return false;
}

}  // namespace

bool Evaluate(const ConditionGroup& group, const Facts& facts) {
  return EvalGroup(group, facts, "conditions", nullptr);
}

bool Explain(const ConditionGroup& group, const Facts& facts, std::vector<ConditionTrace>* trace) {
  return EvalGroup(group, facts, "conditions", trace);
}

std::vector<Firing> Match(const std::vector<Rule>& rules, std::string_view event,
                          const Facts& facts) {
  std::vector<const Rule*> candidates;
  for (const auto& r : rules)
    if (r.enabled && r.event == event) candidates.push_back(&r);
  std::stable_sort(candidates.begin(), candidates.end(), [](const Rule* a, const Rule* b) {
    return std::pair(a->position, a->id) < std::pair(b->position, b->id);
  });
  std::vector<Firing> out;
  for (const Rule* r : candidates)
    if (Evaluate(r->conditions, facts)) out.push_back({r->id, r->name, r->version, r->actions});
  return out;
}

bool LoopGuard::Enter() {
  if (depth_ >= max_depth_) return false;
  ++depth_;
  return true;
}

void LoopGuard::Leave() {
  if (depth_ > 0) --depth_;
}

bool LoopGuard::TryFire(Id rule_id, Id origin_event) {
  return fired_.insert({origin_event, rule_id}).second;
}

std::vector<Firing> LoopGuard::Admit(std::vector<Firing> firings, Id origin_event) {
  std::vector<Firing> out;
  for (auto& f : firings)
    if (TryFire(f.rule_id, origin_event)) out.push_back(std::move(f));
  return out;
}

void LoopGuard::Forget(Id origin_event) {
  fired_.erase(fired_.lower_bound({origin_event, std::numeric_limits<Id>::min()}),
               fired_.upper_bound({origin_event, std::numeric_limits<Id>::max()}));
}

}  // namespace loopdesk::rules
