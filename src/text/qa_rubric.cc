#include "text/qa_rubric.h"

#include <set>

#include "common/utf8.h"

namespace loopdesk::text {

namespace {

struct KindInfo {
  RubricKind kind;
  const char* name;
  CueScope default_scope;
  bool needs_cues;
};
constexpr KindInfo kKinds[] = {
    {RubricKind::kGreeting, "greeting", CueScope::kFirst, true},
    {RubricKind::kIdentityCheck, "identity_check", CueScope::kAny, true},
    {RubricKind::kListening, "listening", CueScope::kAny, true},
    {RubricKind::kEmpathy, "empathy", CueScope::kAny, true},
    {RubricKind::kSolution, "solution", CueScope::kAny, false},
    {RubricKind::kForbidden, "forbidden", CueScope::kAny, true},
    {RubricKind::kConfirmation, "confirmation", CueScope::kAny, true},
    {RubricKind::kClosing, "closing", CueScope::kLast, true},
    {RubricKind::kLatency, "latency", CueScope::kAny, false},
};
constexpr const char* kScopeNames[] = {"first", "last", "any"};

const KindInfo& Info(RubricKind k) {
  for (const KindInfo& i : kKinds)
    if (i.kind == k) return i;
  return kKinds[0];
}

std::string KindList() {
  std::string s;
  for (const KindInfo& i : kKinds) s += (s.empty() ? "" : ", ") + std::string(i.name);
  return s;
}

std::string At(const std::string& base, const std::string& key) { return base + "." + key; }

Result<std::vector<std::string>> ParseCueList(const Value& v, const std::string& field) {
  if (!v.is_array()) return Status::Invalid(field + " must be an array of strings", field);
  if (v.as_array().size() > 500) return Status::Invalid(field + " has more than 500 cues", field);
  std::vector<std::string> out;
  for (size_t i = 0; i < v.as_array().size(); ++i) {
    const Value& c = v.as_array()[i];
    std::string f = field + "[" + std::to_string(i) + "]";
    if (!c.is_string() || TrimAscii(c.as_string()).empty())
      return Status::Invalid(f + " must be a non-empty string", f);
    if (Utf8Length(c.as_string()) > 100)
      return Status::Invalid(f + " is longer than 100 characters", f);
    out.push_back(AsciiLower(TrimAscii(c.as_string())));
  }
  return out;
}

Result<double> ParseNumber(const Value& v, const std::string& field, double lo, double hi) {
  if (!v.is_int() && !v.is_double()) return Status::Invalid(field + " must be a number", field);
  double d = v.as_double();
  if (!(d > lo) || d > hi)
    return Status::Invalid(field + " must be greater than " + std::to_string(static_cast<int>(lo)) +
                               " and at most " + std::to_string(static_cast<int>(hi)),
                           field);
  return d;
}

Result<RubricItem> ParseItem(const Value& v, const std::string& base) {
  if (!v.is_object()) return Status::Invalid(base + " must be an object", base);
  RubricItem it;
  static const std::set<std::string> kKeys = {"name", "kind",     "weight",        "scope",
                                              "cues", "target_s", "call_target_s", "description"};
  for (const auto& [k, _] : v.as_object())
    if (!kKeys.count(k)) return Status::Invalid("unknown key " + At(base, k), At(base, k));
  const Value* name = v.Find("name");
  if (!name || !name->is_string() || TrimAscii(name->as_string()).empty() ||
      Utf8Length(name->as_string()) > 64)
    return Status::Invalid(
        At(base, "name") + " must be a non-empty string of at most 64 characters",
        At(base, "name"));
  it.name = std::string(TrimAscii(name->as_string()));
  const Value* kind = v.Find("kind");
  const KindInfo* info = nullptr;
  if (kind && kind->is_string())
    for (const KindInfo& i : kKinds)
      if (kind->as_string() == i.name) info = &i;
  if (!info)
    return Status::Invalid(At(base, "kind") + " must be one of " + KindList(), At(base, "kind"));
  it.kind = info->kind;
  it.scope = info->default_scope;
  const Value* weight = v.Find("weight");
  if (!weight) return Status::Invalid(At(base, "weight") + " is required", At(base, "weight"));
  LD_ASSIGN_OR_RETURN(it.weight, ParseNumber(*weight, At(base, "weight"), 0, 100));
  if (const Value* sc = v.Find("scope")) {
    bool ok = false;
    for (int i = 0; i < 3; ++i)
      if (sc->is_string() && sc->as_string() == kScopeNames[i]) {
        it.scope = static_cast<CueScope>(i);
        ok = true;
      }
    if (!ok)
      return Status::Invalid(At(base, "scope") + " must be first, last or any", At(base, "scope"));
  }
  if (const Value* cues = v.Find("cues")) {
    std::string f = At(base, "cues");
    if (!cues->is_object())
      return Status::Invalid(f + " must be an object {zh:[...], en:[...]}", f);
    for (const auto& [k, list] : cues->as_object()) {
      if (k == "zh") {
        LD_ASSIGN_OR_RETURN(it.cues_zh, ParseCueList(list, At(f, "zh")));
      } else if (k == "en") {
        LD_ASSIGN_OR_RETURN(it.cues_en, ParseCueList(list, At(f, "en")));
      } else {
        return Status::Invalid("unknown key " + At(f, k) + " (use zh and en)", At(f, k));
      }
    }
  }
  if (info->needs_cues && it.cues_zh.empty() && it.cues_en.empty())
    return Status::Invalid(
        At(base, "cues") + " needs at least one zh or en cue for kind " + info->name,
        At(base, "cues"));
  if (const Value* t = v.Find("target_s")) {
    LD_ASSIGN_OR_RETURN(it.target_s, ParseNumber(*t, At(base, "target_s"), 0, 7 * 86400));
  }
  if (const Value* t = v.Find("call_target_s")) {
    LD_ASSIGN_OR_RETURN(it.call_target_s, ParseNumber(*t, At(base, "call_target_s"), 0, 3600));
  }
  if (const Value* d = v.Find("description")) {
    if (!d->is_string())
      return Status::Invalid(At(base, "description") + " must be a string",
                             At(base, "description"));
    it.description = d->as_string();
  }
  return it;
}

Value CueArray(const std::vector<std::string>& cues) {
  Value a = Value::MakeArray();
  for (const auto& c : cues) a.Push(c);
  return a;
}

}  // namespace

const char* RubricKindName(RubricKind k) { return Info(k).name; }

Result<Rubric> ParseRubric(const Value& doc) {
  if (!doc.is_object()) return Status::Invalid("the rubric must be a JSON object {items:[...]}");
  for (const auto& [k, _] : doc.as_object())
    if (k != "items" && k != "version" && k != "updated_at")
      return Status::Invalid("unknown key " + k, k);
  const Value* items = doc.Find("items");
  if (!items || !items->is_array() || items->as_array().empty())
    return Status::Invalid("items must be a non-empty array of rubric items", "items");
  if (items->as_array().size() > 50)
    return Status::Invalid("items holds more than 50 rubric items", "items");
  Rubric r;
  std::set<std::string> names;
  for (size_t i = 0; i < items->as_array().size(); ++i) {
    std::string base = "items[" + std::to_string(i) + "]";
    LD_ASSIGN_OR_RETURN(RubricItem it, ParseItem(items->as_array()[i], base));
    if (!names.insert(it.name).second)
      return Status::Invalid(At(base, "name") + " repeats the item name '" + it.name + "'",
                             At(base, "name"));
    r.items.push_back(std::move(it));
  }
  return r;
}

Value RubricToValue(const Rubric& r) {
  Value doc = Value::MakeObject();
  doc.Set("version", r.version);
  Value items = Value::MakeArray();
  for (const RubricItem& it : r.items) {
    Value v = Value::MakeObject();
    v.Set("name", it.name);
    v.Set("kind", RubricKindName(it.kind));
    v.Set("weight", it.weight);
    v.Set("scope", kScopeNames[static_cast<int>(it.scope)]);
    if (Info(it.kind).needs_cues || !it.cues_zh.empty() || !it.cues_en.empty()) {
      Value cues = Value::MakeObject();
      cues.Set("zh", CueArray(it.cues_zh));
      cues.Set("en", CueArray(it.cues_en));
      v.Set("cues", std::move(cues));
    }
    if (it.kind == RubricKind::kLatency) {
      v.Set("target_s", it.target_s);
      v.Set("call_target_s", it.call_target_s);
    }
    if (!it.description.empty()) v.Set("description", it.description);
    items.Push(std::move(v));
  }
  doc.Set("items", std::move(items));
  return doc;
}

}  // namespace loopdesk::text
