#include "app/sla_settings.h"

#include <algorithm>

namespace loopdesk {

namespace {

Status Bad(const std::string& field, const std::string& msg) {
  return Status::Invalid(field + ": " + msg, field);
}

Result<std::vector<std::string>> StringList(const Value* v, const std::string& field) {
  std::vector<std::string> out;
  if (!v || v->is_null()) return out;
  if (!v->is_array()) return Bad(field, "must be an array of strings");
  for (size_t i = 0; i < v->as_array().size(); ++i) {
    const Value& e = v->as_array()[i];
    if (!e.is_string()) return Bad(field + "[" + std::to_string(i) + "]", "must be a string");
    out.push_back(e.as_string());
  }
  return out;
}

Status MatchFromValue(const Value* m, const std::string& at, SlaMatch* out);
Value MatchToValue(const SlaMatch& m);

Result<int64_t> Seconds(const Value* v, const std::string& field, bool required) {
  if (!v || v->is_null()) {
    if (required) return Bad(field, "is required (seconds)");
    return int64_t{-1};
  }
  if (!v->is_int()) return Bad(field, "must be an integer number of seconds");
  return v->as_int();
}

}  // namespace

Result<CalendarSpec> CalendarSpecFromValue(const std::string& name, const Value& v) {
  if (!v.is_object()) return Bad("body", "a calendar is an object {timezone, hours, holidays, workdays}");
  CalendarSpec spec;
  spec.name = name;
  if (const Value* tz = v.Find("timezone"); tz && !tz->is_null()) {
    if (!tz->is_string()) return Bad("timezone", "must be an IANA time zone name");
    spec.timezone = tz->as_string();
  }
  const Value* hours = v.Find("hours");
  if (!hours || !hours->is_object())
    return Bad("hours", "is required: {mon:[[\"09:00\",\"18:00\"]], tue:[...], ...}");
  for (const auto& [key, day] : hours->as_object()) {
    int idx = -1;
    for (int i = 0; i < 7; ++i)
      if (WeekdayKey(i) == key) idx = i;
    if (idx < 0) return Bad("hours." + key, "unknown day; use mon tue wed thu fri sat sun");
    if (!day.is_array()) return Bad("hours." + key, "must be an array of [\"HH:MM\",\"HH:MM\"]");
    for (size_t i = 0; i < day.as_array().size(); ++i) {
      std::string f = "hours." + key + "[" + std::to_string(i) + "]";
      const Value& iv = day.as_array()[i];
      if (!iv.is_array() || iv.as_array().size() != 2 || !iv.as_array()[0].is_string() ||
          !iv.as_array()[1].is_string())
        return Bad(f, "must be a pair [\"HH:MM\",\"HH:MM\"]");
      auto a = ParseHhMm(iv.as_array()[0].as_string());
      auto b = ParseHhMm(iv.as_array()[1].as_string());
      if (!a || !b) return Bad(f, "times are HH:MM from 00:00 to 24:00");
      spec.hours[idx].emplace_back(*a, *b);
    }
  }
  LD_ASSIGN_OR_RETURN(spec.holidays, StringList(v.Find("holidays"), "holidays"));
  LD_ASSIGN_OR_RETURN(spec.workdays, StringList(v.Find("workdays"), "workdays"));
  return spec;
}

Value CalendarSpecToValue(const CalendarSpec& spec) {
  Value v = Value::MakeObject();
  v.Set("name", spec.name);
  v.Set("timezone", spec.timezone);
  Value hours = Value::MakeObject();
  for (int i = 0; i < 7; ++i) {
    Value day = Value::MakeArray();
    for (auto [a, b] : spec.hours[i]) {
      Value pair = Value::MakeArray();
      pair.Push(FormatHhMm(a));
      pair.Push(FormatHhMm(b));
      day.Push(std::move(pair));
    }
    hours.Set(std::string(WeekdayKey(i)), std::move(day));
  }
  v.Set("hours", std::move(hours));
  Value hol = Value::MakeArray(), work = Value::MakeArray();
  for (const auto& d : spec.holidays) hol.Push(d);
  for (const auto& d : spec.workdays) work.Push(d);
  v.Set("holidays", std::move(hol));
  v.Set("workdays", std::move(work));
  return v;
}

Value CalendarToValue(const Calendar& cal, const CalendarSpec* spec) {
  if (spec) return CalendarSpecToValue(*spec);
  Value v = Value::MakeObject();
  v.Set("name", cal.name());
  v.Set("timezone", cal.timezone());
  v.Set("always_open", cal.always_open());
  return v;
}

Result<std::vector<SlaPolicy>> PoliciesFromValue(const Value& v) {
  if (!v.is_array()) return Bad("body", "the policies are an ordered array");
  std::vector<SlaPolicy> out;
  const auto& arr = v.as_array();
  for (size_t i = 0; i < arr.size(); ++i) {
    const std::string at = "[" + std::to_string(i) + "].";
    const Value& p = arr[i];
    if (!p.is_object()) return Bad("[" + std::to_string(i) + "]", "must be an object");
    SlaPolicy pol;
    const Value* name = p.Find("name");
    if (!name || !name->is_string() || name->as_string().empty())
      return Bad(at + "name", "is required");
    pol.name = name->as_string();
    LD_RETURN_IF_ERROR(MatchFromValue(p.Find("match"), at, &pol.match));
    LD_ASSIGN_OR_RETURN(pol.first_response_s, Seconds(p.Find("first_response_s"), at + "first_response_s", true));
    LD_ASSIGN_OR_RETURN(pol.resolution_s, Seconds(p.Find("resolution_s"), at + "resolution_s", true));
    LD_ASSIGN_OR_RETURN(int64_t next, Seconds(p.Find("next_response_s"), at + "next_response_s", false));
    if (next >= 0) pol.next_response_s = next;
    if (const Value* c = p.Find("calendar"); c && !c->is_null()) {
      if (!c->is_string()) return Bad(at + "calendar", "must be a calendar name");
      pol.calendar = c->as_string();
    }
    if (const Value* po = p.Find("pause_on"); po && !po->is_null()) {
      LD_ASSIGN_OR_RETURN(auto names, StringList(po, at + "pause_on"));
      pol.pause_on.clear();
      for (size_t k = 0; k < names.size(); ++k) {
        auto st = ParseTicketStatus(names[k]);
        if (!st) return Bad(at + "pause_on[" + std::to_string(k) + "]", "unknown status " + names[k]);
        pol.pause_on.push_back(*st);
      }
    }
    if (const Value* es = p.Find("escalations"); es && !es->is_null()) {
      if (!es->is_array()) return Bad(at + "escalations", "must be an array");
      pol.escalations.clear();
      for (size_t k = 0; k < es->as_array().size(); ++k) {
        const Value& e = es->as_array()[k];
        std::string f = at + "escalations[" + std::to_string(k) + "]";
        if (!e.is_object()) return Bad(f, "must be {target, percent, action}");
        EscalationStep step;
        const Value* t = e.Find("target");
        const Value* pc = e.Find("percent");
        const Value* a = e.Find("action");
        if (!t || !t->is_string()) return Bad(f + ".target", "is required");
        if (!pc || !pc->is_int()) return Bad(f + ".percent", "is required (integer)");
        if (!a || !a->is_string()) return Bad(f + ".action", "is required");
        step.target = t->as_string();
        step.percent = static_cast<int>(std::clamp<int64_t>(pc->as_int(), -1, 100000));
        step.action = a->as_string();
        pol.escalations.push_back(std::move(step));
      }
    } else {
      pol.escalations = DefaultEscalations();
    }
    out.push_back(std::move(pol));
  }
  return out;
}

Value PoliciesToValue(const std::vector<SlaPolicy>& policies) {
  Value arr = Value::MakeArray();
  for (const SlaPolicy& p : policies) {
    Value v = Value::MakeObject();
    v.Set("name", p.name);
    v.Set("match", MatchToValue(p.match));
    v.Set("first_response_s", p.first_response_s);
    v.Set("resolution_s", p.resolution_s);
    v.Set("next_response_s", p.next_response_s ? Value(*p.next_response_s) : Value());
    v.Set("calendar", p.calendar);
    Value pause = Value::MakeArray();
    for (TicketStatus s : p.pause_on) pause.Push(std::string(Name(s)));
    v.Set("pause_on", std::move(pause));
    Value esc = Value::MakeArray();
    for (const auto& e : p.escalations) {
      Value ev = Value::MakeObject();
      ev.Set("target", e.target);
      ev.Set("percent", e.percent);
      ev.Set("action", e.action);
      esc.Push(std::move(ev));
    }
    v.Set("escalations", std::move(esc));
    arr.Push(std::move(v));
  }
  return arr;
}

bool Matches(const SlaMatch& m, const SlaContext& ctx) {
  return (!m.tier || *m.tier == ctx.tier) && (!m.priority || *m.priority == ctx.priority) &&
         (!m.category || *m.category == ctx.category) && (!m.channel || *m.channel == ctx.channel);
}

namespace {
Status MatchFromValue(const Value* m, const std::string& at, SlaMatch* out) {
  if (!m || m->is_null()) return Status::Ok();
  if (!m->is_object()) return Bad(at + "match", "must be an object");
  for (const auto& [k, mv] : m->as_object()) {
    std::string f = at + "match." + k;
    if (mv.is_null()) continue;
    if (!mv.is_string()) return Bad(f, "must be a string");
    const std::string& s = mv.as_string();
    if (k == "tier") {
      out->tier = ParseTier(s);
      if (!out->tier) return Bad(f, "expected one of " + std::string(TierNames()));
    } else if (k == "priority") {
      out->priority = ParsePriority(s);
      if (!out->priority) return Bad(f, "expected one of " + std::string(PriorityNames()));
    } else if (k == "channel") {
      out->channel = ParseChannel(s);
      if (!out->channel) return Bad(f, "expected one of " + std::string(ChannelNames()));
    } else if (k == "category") {
      out->category = s;
    } else {
      return Bad(f, "unknown match field; use tier, priority, category, channel");
    }
  }
  return Status::Ok();
}

Value MatchToValue(const SlaMatch& m) {
  Value v = Value::MakeObject();
  if (m.tier) v.Set("tier", std::string(Name(*m.tier)));
  if (m.priority) v.Set("priority", std::string(Name(*m.priority)));
  if (m.category) v.Set("category", *m.category);
  if (m.channel) v.Set("channel", std::string(Name(*m.channel)));
  return v;
}
}  // namespace

Status CommitmentsFromValue(const Value& v, std::vector<Commitment>* out,
                            std::optional<double>* auto_approve_max) {
  const Value* list = &v;
  if (v.is_object()) {
    if (const Value* a = v.Find("auto_approve_max"); a && !a->is_null()) {
      if (!(a->is_int() || a->is_double()) || a->as_double() < 0)
        return Bad("auto_approve_max", "must be a non-negative number");
      *auto_approve_max = a->as_double();
    }
    list = v.Find("items");
    if (!list) return Status::Ok();
  }
  if (!list->is_array()) return Bad("body", "commitments are an array (or {items, auto_approve_max})");
  out->clear();
  for (size_t i = 0; i < list->as_array().size(); ++i) {
    const std::string at = "[" + std::to_string(i) + "].";
    const Value& e = list->as_array()[i];
    if (!e.is_object()) return Bad("[" + std::to_string(i) + "]", "must be an object");
    Commitment c;
    const Value* name = e.Find("name");
    if (!name || !name->is_string() || name->as_string().empty()) return Bad(at + "name", "is required");
    c.name = name->as_string();
    for (const auto& prev : *out)
      if (prev.name == c.name) return Bad(at + "name", "duplicate commitment name " + c.name);
    LD_RETURN_IF_ERROR(MatchFromValue(e.Find("match"), at, &c.match));
    const Value* target = e.Find("target");
    if (!target || !target->is_string() ||
        (target->as_string() != kFirstResponse && target->as_string() != kResolution))
      return Bad(at + "target", "must be first_response or resolution");
    c.target = target->as_string();
    const Value* comp = e.Find("compensation");
    if (!comp || !comp->is_object()) return Bad(at + "compensation", "is required: {type, amount?, note?}");
    const Value* type = comp->Find("type");
    static const char* kTypes[] = {"credit", "coupon", "apology_call", "refund", "gift", "other"};
    bool known = false;
    if (type && type->is_string())
      for (const char* k : kTypes) known = known || type->as_string() == k;
    if (!known)
      return Bad(at + "compensation.type",
                 "must be one of credit, coupon, apology_call, refund, gift, other");
    c.type = type->as_string();
    if (const Value* amount = comp->Find("amount"); amount && !amount->is_null()) {
      if (!(amount->is_int() || amount->is_double()) || amount->as_double() < 0 ||
          amount->as_double() > 1e9)
        return Bad(at + "compensation.amount", "must be a number from 0 to 1e9");
      c.amount = amount->as_double();
    }
    if (const Value* note = comp->Find("note"); note && !note->is_null()) {
      if (!note->is_string()) return Bad(at + "compensation.note", "must be a string");
      c.note = note->as_string();
    }
    out->push_back(std::move(c));
  }
  return Status::Ok();
}

Value CommitmentsToValue(const std::vector<Commitment>& items) {
  Value arr = Value::MakeArray();
  for (const Commitment& c : items) {
    Value v = Value::MakeObject();
    v.Set("name", c.name);
    v.Set("match", MatchToValue(c.match));
    v.Set("target", c.target);
    Value comp = Value::MakeObject();
    comp.Set("type", c.type);
    comp.Set("amount", c.amount);
    comp.Set("note", c.note);
    v.Set("compensation", std::move(comp));
    arr.Push(std::move(v));
  }
  return arr;
}

Result<std::shared_ptr<const SlaSettings>> BuildSlaSettings(const Value* calendars,
                                                           const Value* policies,
                                                           const Value* commitments) {
  auto s = std::make_shared<SlaSettings>();
  if (calendars && calendars->is_object()) {
    for (const auto& [name, doc] : calendars->as_object()) {
      LD_ASSIGN_OR_RETURN(CalendarSpec spec, CalendarSpecFromValue(name, doc));
      s->calendar_specs.push_back(std::move(spec));
    }
  }
  LD_ASSIGN_OR_RETURN(s->calendars, CalendarSet::Build(s->calendar_specs));
  if (policies) {
    LD_ASSIGN_OR_RETURN(s->policies, PoliciesFromValue(*policies));
  } else {
    s->policies = DefaultPolicies();
  }
  LD_RETURN_IF_ERROR(ValidatePolicies(s->policies, &s->calendars));
  if (commitments) {
    std::optional<double> max;
    LD_RETURN_IF_ERROR(CommitmentsFromValue(*commitments, &s->commitments, &max));
    if (max) s->auto_approve_max = *max;
  }
  return std::shared_ptr<const SlaSettings>(std::move(s));
}

SlaSettingsHolder::SlaSettingsHolder() {
  auto s = std::make_shared<SlaSettings>();
  s->policies = DefaultPolicies();
  current_ = std::move(s);
}

std::shared_ptr<const SlaSettings> SlaSettingsHolder::Get() const {
  std::lock_guard lock(mu_);
  return current_;
}

void SlaSettingsHolder::Set(std::shared_ptr<const SlaSettings> s) {
  std::lock_guard lock(mu_);
  current_ = std::move(s);
}

}  // namespace loopdesk
