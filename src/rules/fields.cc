#include "rules/fields.h"

#include "domain/enums.h"
#include "rules/model.h"

namespace loopdesk::rules {

std::string_view TypeName(FieldType type) {
  switch (type) {
    case FieldType::kString:
      return "string";
    case FieldType::kEnum:
      return "enum";
    case FieldType::kNumber:
      return "number";
    case FieldType::kId:
      return "id";
    case FieldType::kBool:
      return "bool";
    case FieldType::kStringList:
      return "list";
  }
  return "string";
}

namespace {

template <typename E>
std::vector<std::string> Names(std::span<const E> all) {
  std::vector<std::string> out;
  for (E v : all) out.emplace_back(Name(v));
  return out;
}

std::vector<std::string> PriorityValues() {
  std::vector<std::string> out;
  for (int p = 1; p <= 4; ++p) out.emplace_back(Name(static_cast<Priority>(p)));
  return out;
}

FieldRegistry BuildDefault() {
  using T = FieldType;
  const std::vector<std::string> message_only = {std::string(kEventMessageCreated)};
  const std::vector<std::string> survey_only = {std::string(kEventSurveyAnswered)};
  FieldRegistry r;
  // The ticket's own fields: `changed` works on them (ticket.updated carries the previous
  // values). Derived ones (hour, age) are computed by the app and cannot "change".
  auto ticket = [&r](std::string name, T type, std::string doc, bool settable = false,
                     std::vector<std::string> values = {}) {
    r.Add({"ticket." + name, type, std::move(values), true, settable, {}, std::move(doc)});
  };
  ticket("id", T::kId, "ticket id");
  ticket("status", T::kEnum, "ticket status", true, Names(AllTicketStatuses()));
  ticket("priority", T::kEnum, "priority P1 (highest) … P4", true, PriorityValues());
  ticket("category", T::kString, "category of the configured taxonomy", true);
  ticket("channel", T::kEnum, "intake channel", false, Names(AllChannels()));
  ticket("subject", T::kString, "subject line");
  ticket("description", T::kString, "first description by the customer");
  ticket("tags", T::kStringList, "ticket tags");
  ticket("assignee_id", T::kId, "assigned agent id (null when unassigned)");
  ticket("team", T::kString, "assigned team");
  ticket("customer_id", T::kId, "customer id");
  ticket("reopen_count", T::kNumber, "times reopened");
  ticket("transfer_count", T::kNumber, "times transferred");
  ticket("agent_reply_count", T::kNumber, "public agent replies");
  auto derived = [&r](std::string name, std::string doc) {
    r.Add({"ticket." + name, T::kNumber, {}, false, false, {}, std::move(doc)});
  };
  derived("created_hour", "hour of creation 0–23, local time of the business calendar");
  derived("created_weekday", "weekday of creation 1 (Monday) … 7, local time");
  derived("age_hours", "hours since creation");
  derived("idle_hours", "hours since the last update");

  auto add = [&r](std::string name, T type, std::string doc, std::vector<std::string> values = {},
                  std::vector<std::string> events = {}, bool settable = false) {
    r.Add({std::move(name), type, std::move(values), false, settable, std::move(events),
           std::move(doc)});
  };
  add("customer.id", T::kId, "customer id");
  add("customer.name", T::kString, "customer name");
  add("customer.tier", T::kEnum, "service tier", Names(AllTiers()), {}, true);
  add("customer.region", T::kString, "region");
  add("customer.tags", T::kStringList, "customer tags");
  add("customer.language", T::kEnum, "preferred language", {"zh", "en"});

  add("message.body", T::kString, "text of the new message", {}, message_only);
  add("message.author", T::kEnum, "who wrote it", {"customer", "agent", "system"}, message_only);
  add("message.internal", T::kBool, "an internal note", {}, message_only);

  add("sentiment.label", T::kEnum,
      "sentiment of the new message (message.created) or of the ticket's latest customer text",
      {"negative", "neutral", "positive"});
  add("sentiment.score", T::kNumber, "sentiment score −1 … 1");
  add("sentiment.emotions", T::kStringList,
      "emotions found: anger, anxiety, disappointment, satisfaction, gratitude");
  add("text.language", T::kString, "detected language: zh, en, mixed");
  add("text.cause", T::kString,
      "feedback cause: product_defect, service_process, staff, logistics, billing, other");
  add("text.keywords", T::kStringList, "keywords extracted from the text");

  add("sla.state", T::kEnum, "SLA state", {"ok", "warning", "breached", "met"});
  add("sla.target", T::kEnum, "the target the SLA event is about (sla.warning / sla.breached)",
      {"first_response", "next_response", "resolution"});
  add("sla.policy", T::kString, "name of the SLA policy");
  add("sla.elapsed_pct", T::kNumber, "percent of the target's time used (100 = due)");

  add("survey.kind", T::kEnum, "survey kind", {"csat", "nps", "ces"}, survey_only);
  add("survey.score", T::kNumber, "answer score (CSAT 1–5, NPS 0–10)", {}, survey_only);
  add("survey.comment", T::kString, "free-text comment", {}, survey_only);
  return r;
}

}  // namespace

const FieldRegistry& FieldRegistry::Default() {
  static const FieldRegistry kDefault = BuildDefault();
  return kDefault;
}

void FieldRegistry::Add(FieldSpec spec) {
  for (auto& f : fields_) {
    if (f.name == spec.name) {
      f = std::move(spec);
      return;
    }
  }
  fields_.push_back(std::move(spec));
}

const FieldSpec* FieldRegistry::Find(std::string_view name) const {
  for (const auto& f : fields_)
    if (f.name == name) return &f;
  return nullptr;
}

bool OperatorAllowed(const FieldSpec& spec, std::string_view op) {
  const FieldType t = spec.type;
  if (op == kOpEq || op == kOpNe) return t != FieldType::kStringList;
  if (op == kOpIn) return true;
  if (op == kOpContains) return t == FieldType::kString || t == FieldType::kStringList;
  if (op == kOpMatches) return t == FieldType::kString;
  if (op == kOpGt || op == kOpLt) return t == FieldType::kNumber;
  if (op == kOpChanged) return spec.changeable;
  return false;
}

std::vector<std::string_view> OperatorsFor(const FieldSpec& spec) {
  std::vector<std::string_view> out;
  for (auto op : KnownOperators())
    if (OperatorAllowed(spec, op)) out.push_back(op);
  return out;
}

Value RegistryToValue(const FieldRegistry& registry) {
  Value out = Value::MakeArray();
  for (const auto& f : registry.fields()) {
    Value item = Value::MakeObject();
    item.Set("name", f.name);
    item.Set("type", std::string(TypeName(f.type)));
    if (f.type == FieldType::kEnum) {
      Value values = Value::MakeArray();
      for (const auto& v : f.values) values.Push(v);
      item.Set("values", std::move(values));
    }
    Value ops = Value::MakeArray();
    for (auto op : OperatorsFor(f)) ops.Push(std::string(op));
    item.Set("operators", std::move(ops));
    item.Set("settable", f.settable);
    if (!f.events.empty()) {
      Value events = Value::MakeArray();
      for (const auto& e : f.events) events.Push(e);
      item.Set("events", std::move(events));
    }
    item.Set("doc", f.doc);
    out.Push(std::move(item));
  }
  return out;
}

}  // namespace loopdesk::rules
