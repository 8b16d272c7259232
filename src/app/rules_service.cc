// The rules members of Service (docs/rules.md): CRUD with validation, versioning and an
// audit event per change, the in-memory snapshot the use cases run, and dry runs.

#include <algorithm>

#include "app/service.h"
#include "rules/engine.h"
#include "rules/fields.h"

namespace loopdesk {

namespace {

Status RequireRuleManager(const Principal& who) {
  if (who.role != Role::kAdmin && who.role != Role::kSupervisor)
    return Status::Denied("only an admin or a supervisor may create, change or delete rules");
  return Status::Ok();
}

// rule.created / rule.updated payload: the whole document, so the event log holds every
// version of every rule.
Value RuleEventData(const rules::Rule& r) {
  Value d = Value::MakeObject();
  d.Set("rule_id", r.id);
  d.Set("version", r.version);
  d.Set("name", r.name);
  d.Set("event", r.event);
  d.Set("rule", rules::RuleToValue(r));
  return d;
}

std::shared_ptr<const std::vector<rules::Rule>> Snapshot(const std::vector<RuleRecord>& rows) {
  auto out = std::make_shared<std::vector<rules::Rule>>();
  out->reserve(rows.size());
  for (const auto& r : rows) out->push_back(r.rule);
  return out;
}

// The body's `id`, when given, must name the addressed rule.
Status CheckBodyId(const Value& body, Id id) {
  const Value* v = body.is_object() ? body.Find("id") : nullptr;
  if (v && !(v->is_int() && v->as_int() == id))
    return Status::Invalid("id in the body differs from the rule addressed", "id");
  return Status::Ok();
}

Value ActionValue(const rules::Action& a) {
  Value v = Value::MakeObject();
  v.Set("type", a.type);
  if (a.params.is_object())
    for (const auto& [k, p] : a.params.as_object()) v.Set(k, p);
  return v;
}


void Change(Value& changes, const char* field, Value from, Value to) {
  if (from == to) return;
  Value c = Value::MakeObject();
  c.Set("from", std::move(from));
  c.Set("to", std::move(to));
  changes.Set(field, std::move(c));
}

Value Tags(const std::vector<std::string>& tags) {
  Value a = Value::MakeArray();
  for (const auto& t : tags) a.Push(t);
  return a;
}

// What an action would do to `t`: its wire form and, for actions that change fields, `changes: {field: {from, to}}`
// named as the rule fields are, with `no_change: true` when the field already has the value.
Value PreviewAction(const rules::Action& a, const Ticket& t, const rules::MapFacts& facts) {
  Value v = ActionValue(a);
  Value changes = Value::MakeObject();
  auto str = [&a](std::string_view key) {
    const Value* p = a.params.Find(key);
    return p && p->is_string() ? p->as_string() : std::string();
  };
  auto fact = [&facts](std::string_view field) { return facts.Get(field).value_or(Value()); };
  bool field_action = true;
  if (a.type == rules::kActSet) {
    const std::string field = str("field");
    const Value* to = a.params.Find("value");
    if (to) Change(changes, field.c_str(), fact(field), *to);
  } else if (a.type == rules::kActAddTag || a.type == rules::kActRemoveTag) {
    std::vector<std::string> tags = t.tags;
    const std::string tag = str("value");
    auto it = std::find(tags.begin(), tags.end(), tag);
    if (a.type == rules::kActAddTag && it == tags.end()) tags.push_back(tag);
    if (a.type == rules::kActRemoveTag && it != tags.end()) tags.erase(it);
    Change(changes, "ticket.tags", Tags(t.tags), Tags(tags));
  } else if (a.type == rules::kActAssign && !a.params.Find("router")) {
    if (const Value* agent = a.params.Find("agent_id"))
      Change(changes, "ticket.assignee_id", fact("ticket.assignee_id"), *agent);
    if (!str("team").empty()) Change(changes, "ticket.team", fact("ticket.team"), str("team"));
  } else if (a.type == rules::kActEscalate) {
    const Priority up = t.priority == Priority::kP1
                            ? t.priority
                            : static_cast<Priority>(static_cast<int>(t.priority) - 1);
    Change(changes, "ticket.priority", std::string(Name(t.priority)), std::string(Name(up)));
    std::vector<std::string> tags = t.tags;
    if (std::find(tags.begin(), tags.end(), "escalated") == tags.end()) tags.push_back("escalated");
    Change(changes, "ticket.tags", Tags(t.tags), Tags(tags));
  } else {
    field_action = false;  // notes, tasks, routing, notifications, surveys, webhooks
  }
  if (field_action) {
    if (changes.as_object().empty()) v.Set("no_change", true);
    v.Set("changes", std::move(changes));
  }
  return v;
}

Value TraceToValue(const std::vector<rules::ConditionTrace>& trace) {
  Value out = Value::MakeArray();
  for (const auto& c : trace) {
    Value v = Value::MakeObject();
    v.Set("path", c.path);
    v.Set("field", c.field);
    v.Set("op", c.op);
    v.Set("actual", c.actual ? *c.actual : Value());
    v.Set("result", c.result);
    out.Push(std::move(v));
  }
  return out;
}

}  // namespace

std::shared_ptr<const std::vector<rules::Rule>> Service::RulesSnapshot() const {
  std::lock_guard lock(rules_mu_);
  return rules_;
}

Status Service::LoadRules() {
  std::vector<RuleRecord> rows;
  LD_RETURN_IF_ERROR(store_.Read([&](UnitOfWork& uow) {
    LD_ASSIGN_OR_RETURN(rows, uow.ListRules());
    return Status::Ok();
  }));
  auto snap = Snapshot(rows);
  std::lock_guard lock(rules_mu_);
  rules_ = std::move(snap);
  return Status::Ok();
}

Value Service::RuleFields() const { return rules::RegistryToValue(rules::FieldRegistry::Default()); }

Result<std::vector<RuleRecord>> Service::ListRules(const Principal&) {
  std::vector<RuleRecord> rows;
  LD_RETURN_IF_ERROR(store_.Read([&](UnitOfWork& uow) {
    LD_ASSIGN_OR_RETURN(rows, uow.ListRules());
    return Status::Ok();
  }));
  return rows;
}

Result<RuleRecord> Service::GetRule(const Principal&, Id id) {
  RuleRecord out;
  LD_RETURN_IF_ERROR(store_.Read([&](UnitOfWork& uow) {
    LD_ASSIGN_OR_RETURN(out, uow.GetRule(id));
    return Status::Ok();
  }));
  return out;
}

Result<RuleRecord> Service::CreateRule(const Principal& who, const Value& body) {
  LD_RETURN_IF_ERROR(RequireRuleManager(who));
  LD_ASSIGN_OR_RETURN(rules::Rule rule,
                      rules::ParseAndValidateRule(body, rules::FieldRegistry::Default()));
  rule.id = 0;  // assigned by the store; a client's id or version is ignored on create
  rule.version = 1;
  std::lock_guard lock(rules_write_mu_);
  RuleRecord out;
  std::vector<RuleRecord> all;
  const TimeMs now = clock_.Now();
  LD_RETURN_IF_ERROR(Write([&](Operations& ops) {
    LD_RETURN_IF_ERROR(ops.uow().InsertRule(rule, now));
    LD_ASSIGN_OR_RETURN(out, ops.uow().GetRule(rule.id));
    LD_RETURN_IF_ERROR(ops.Emit(who.actor(), "rule.created", now, 0, 0, RuleEventData(out.rule)));
    LD_ASSIGN_OR_RETURN(all, ops.uow().ListRules());
    return Status::Ok();
  }));
  auto snap = Snapshot(all);
  std::lock_guard snap_lock(rules_mu_);
  rules_ = std::move(snap);
  return out;
}

Result<RuleRecord> Service::UpdateRule(const Principal& who, Id id, const Value& body) {
  return SaveRule(who, id, body, /*merge=*/false);
}

Result<RuleRecord> Service::PatchRule(const Principal& who, Id id, const Value& body) {
  return SaveRule(who, id, body, /*merge=*/true);
}

Result<RuleRecord> Service::SaveRule(const Principal& who, Id id, const Value& body, bool merge) {
  LD_RETURN_IF_ERROR(RequireRuleManager(who));
  if (!body.is_object()) return Status::Invalid("a rule is a JSON object", "body");
  LD_RETURN_IF_ERROR(CheckBodyId(body, id));
  // Without merging, the body alone is the rule: check it before taking any lock.
  if (!merge)
    LD_RETURN_IF_ERROR(rules::ParseAndValidateRule(body, rules::FieldRegistry::Default()).status());
  std::lock_guard lock(rules_write_mu_);
  RuleRecord out;
  std::vector<RuleRecord> all;
  const TimeMs now = clock_.Now();
  LD_RETURN_IF_ERROR(Write([&](Operations& ops) {
    LD_ASSIGN_OR_RETURN(RuleRecord cur, ops.uow().GetRule(id));
    if (const Value* v = body.Find("version")) {
      if (!v->is_int() || v->as_int() != cur.rule.version)
        return Status::Conflict("rule " + std::to_string(id) + " is at version " +
                                    std::to_string(cur.rule.version) +
                                    "; reload it and apply the change again",
                                "version");
    }
    Value doc = body;
    if (merge) {
      doc = rules::RuleToValue(cur.rule);
      for (const auto& [k, v] : body.as_object()) doc.Set(k, v);
    }
    LD_ASSIGN_OR_RETURN(rules::Rule rule,
                        rules::ParseAndValidateRule(doc, rules::FieldRegistry::Default()));
    rule.id = id;
    rule.version = cur.rule.version;
    if (rule == cur.rule) {  // nothing changed: no new version
      out = cur;
      LD_ASSIGN_OR_RETURN(all, ops.uow().ListRules());
      return Status::Ok();
    }
    LD_RETURN_IF_ERROR(ops.uow().UpdateRule(rule, now));
    LD_ASSIGN_OR_RETURN(out, ops.uow().GetRule(id));
    Value d = RuleEventData(out.rule);
    d.Set("previous_version", cur.rule.version);
    LD_RETURN_IF_ERROR(ops.Emit(who.actor(), "rule.updated", now, 0, 0, std::move(d)));
    LD_ASSIGN_OR_RETURN(all, ops.uow().ListRules());
    return Status::Ok();
  }));
  auto snap = Snapshot(all);
  std::lock_guard snap_lock(rules_mu_);
  rules_ = std::move(snap);
  return out;
}

Status Service::DeleteRule(const Principal& who, Id id) {
  LD_RETURN_IF_ERROR(RequireRuleManager(who));
  std::lock_guard lock(rules_write_mu_);
  std::vector<RuleRecord> all;
  const TimeMs now = clock_.Now();
  LD_RETURN_IF_ERROR(Write([&](Operations& ops) {
    LD_ASSIGN_OR_RETURN(RuleRecord cur, ops.uow().GetRule(id));
    LD_RETURN_IF_ERROR(ops.uow().DeleteRule(id, now));
    Value d = Value::MakeObject();
    d.Set("rule_id", id);
    d.Set("version", cur.rule.version);
    d.Set("name", cur.rule.name);
    d.Set("event", cur.rule.event);
    LD_RETURN_IF_ERROR(ops.Emit(who.actor(), "rule.deleted", now, 0, 0, std::move(d)));
    LD_ASSIGN_OR_RETURN(all, ops.uow().ListRules());
    return Status::Ok();
  }));
  auto snap = Snapshot(all);
  std::lock_guard snap_lock(rules_mu_);
  rules_ = std::move(snap);
  return Status::Ok();
}

Result<Value> Service::DryRunRule(const Principal& who, Id id, int limit, bool explain) {
  LD_ASSIGN_OR_RETURN(RuleRecord rec, GetRule(who, id));
  return DryRun(rec.rule, limit, explain);
}

Result<Value> Service::DryRunRuleBody(const Principal&, const Value& body, int limit,
                                      bool explain) {
  LD_ASSIGN_OR_RETURN(rules::Rule rule,
                      rules::ParseAndValidateRule(body, rules::FieldRegistry::Default()));
  rule.id = 0;
  return DryRun(rule, limit, explain);
}

Result<Value> Service::DryRun(const rules::Rule& rule, int limit, bool explain) {
  if (limit <= 0) limit = 200;
  limit = std::min(limit, 1000);
  const TimeMs now = clock_.Now();
  Value matched = Value::MakeArray();
  Value traces = Value::MakeArray();
  int64_t evaluated = 0;
  LD_RETURN_IF_ERROR(store_.Read([&](UnitOfWork& uow) {
    Operations ops(uow);  // reads only: RuleFacts
    TicketFilter f;
    f.limit = limit;
    LD_ASSIGN_OR_RETURN(auto tickets, uow.ListTickets(f));
    for (const Ticket& t : tickets) {
      // A message rule is tried on the ticket's latest message.
      std::optional<Message> last;
      if (rule.event == rules::kEventMessageCreated) {
        LD_ASSIGN_OR_RETURN(auto msgs, uow.ListMessages(t.id));
        if (!msgs.empty()) last = msgs.back();
      }
      LD_ASSIGN_OR_RETURN(auto facts, ops.RuleFacts(rules::kEventTicketCreated, t, nullptr,
                                                    last ? &*last : nullptr, now));
      ++evaluated;
      bool hit;
      if (explain) {
        std::vector<rules::ConditionTrace> trace;
        hit = rules::Explain(rule.conditions, facts, &trace);
        Value e = Value::MakeObject();
        e.Set("ticket_id", t.id);
        e.Set("matched", hit);
        e.Set("conditions", TraceToValue(trace));
        traces.Push(std::move(e));
      } else {
        hit = rules::Evaluate(rule.conditions, facts);
      }
      if (!hit) continue;
      Value actions = Value::MakeArray();
      for (const auto& a : rule.actions) actions.Push(PreviewAction(a, t, facts));
      Value m = Value::MakeObject();
      m.Set("ticket_id", t.id);
      m.Set("subject", t.subject);
      m.Set("status", std::string(Name(t.status)));
      m.Set("priority", std::string(Name(t.priority)));
      m.Set("actions", std::move(actions));
      matched.Push(std::move(m));
    }
    return Status::Ok();
  }));
  Value out = Value::MakeObject();
  out.Set("rule_id", rule.id ? Value(rule.id) : Value());
  out.Set("event", rule.event);
  out.Set("enabled", rule.enabled);
  out.Set("evaluated", evaluated);
  out.Set("matched_count", static_cast<int64_t>(matched.as_array().size()));
  out.Set("matched", std::move(matched));
  if (explain) out.Set("explain", std::move(traces));
  return out;
}

Result<int> Service::RunScheduledRules(TimeMs now) {
  auto rules = RulesSnapshot();
  const bool any = std::any_of(rules->begin(), rules->end(), [](const rules::Rule& r) {
    return r.enabled && r.event == rules::kEventSchedule;
  });
  if (!any) return 0;
  constexpr int kPage = 500;
  int fired = 0;
  Id after = 0;
  for (;;) {
    // Read pass: which tickets of this page have a schedule rule that would fire now.
    std::vector<Id> candidates;
    size_t page_size = 0;
    LD_RETURN_IF_ERROR(store_.Read([&](UnitOfWork& uow) {
      candidates.clear();
      Operations ops(uow);  // reads only: RuleFacts
      TicketFilter f;
      f.active_only = true;
      f.oldest_first = true;
      f.before_id = after;  // oldest_first: "after"
      f.limit = kPage;
      LD_ASSIGN_OR_RETURN(auto tickets, uow.ListTickets(f));
      page_size = tickets.size();
      for (const Ticket& t : tickets) {
        after = std::max(after, t.id);
        LD_ASSIGN_OR_RETURN(auto facts,
                            ops.RuleFacts(rules::kEventSchedule, t, nullptr, nullptr, now));
        for (const rules::Firing& m : rules::Match(*rules, rules::kEventSchedule, facts)) {
          LD_ASSIGN_OR_RETURN(auto v, uow.ScheduleRunVersion(m.rule_id, t.id));
          if (!v || *v != m.rule_version) {
            candidates.push_back(t.id);
            break;
          }
        }
      }
      return Status::Ok();
    }));
    // Write pass: the rules are evaluated again inside the ticket's transaction.
    for (Id id : candidates) {
      size_t emitted = 0;
      Status st = Write([&](Operations& ops) {
        LD_ASSIGN_OR_RETURN(Ticket t, ops.uow().GetTicket(id));
        LD_RETURN_IF_ERROR(ops.RunRules(rules::kEventSchedule, t, id, nullptr, now));
        emitted = ops.events().size();
        return Status::Ok();
      });
      if (!st.ok()) return st;
      if (emitted > 0) ++fired;
    }
    if (page_size < static_cast<size_t>(kPage)) break;
  }
  return fired;
}

}  // namespace loopdesk
