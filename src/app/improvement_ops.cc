// Improvement actions (PDCA) and their verification: app/voc_ops.h.

#include <algorithm>
#include <cmath>

#include "app/voc_ops.h"

#include "common/utf8.h"

namespace loopdesk {

namespace {

Status KnownKeys(const Value& body) {
  static constexpr std::string_view kKeys[] = {
      "title", "problem", "ticket_ids", "owner_id", "plan", "stage", "metric",
      "scope", "baseline_days", "change_at", "target"};
  for (const auto& [k, _] : body.as_object()) {
    bool ok = false;
    for (auto n : kKeys) ok = ok || k == n;
    // Output-only keys a client may send back after a GET.
    ok = ok || k == "id" || k == "verification" || k == "created_at" || k == "updated_at";
    if (!ok) return Status::Invalid("unknown field \"" + k + "\"", k);
  }
  return Status::Ok();
}

Result<std::string> TextField(const Value& body, const char* key, size_t max, bool required,
                              const std::string& current) {
  const Value* x = body.Find(key);
  if (!x) {
    if (required && current.empty()) return Status::Invalid(std::string(key) + " is required", key);
    return current;
  }
  if (!x->is_string()) return Status::Invalid(std::string(key) + " must be a string", key);
  LD_RETURN_IF_ERROR(CheckText(x->as_string(), key, max, required));
  return x->as_string();
}

// Applies the body onto `i`, checking every value and reference.
Status ApplyBody(Operations& ops, const Value& body, Improvement& i) {
  if (!body.is_object()) return Status::Invalid("the body must be a JSON object");
  LD_RETURN_IF_ERROR(KnownKeys(body));
  LD_ASSIGN_OR_RETURN(i.problem, TextField(body, "problem", 4000, true, i.problem));
  LD_ASSIGN_OR_RETURN(i.title, TextField(body, "title", 200, false, i.title));
  if (i.title.empty()) i.title = std::string(Utf8Prefix(i.problem, 80));
  LD_ASSIGN_OR_RETURN(i.plan, TextField(body, "plan", 8000, false, i.plan));
  if (const Value* x = body.Find("stage")) {
    if (!x->is_string() || !IsImprovementStage(x->as_string()))
      return Status::Invalid("stage must be one of " + std::string(kImprovementStages), "stage");
    i.stage = x->as_string();
  }
  if (const Value* x = body.Find("metric")) {
    if (!x->is_string() || !IsImprovementMetric(x->as_string()))
      return Status::Invalid("metric must be one of " + std::string(kImprovementMetrics), "metric");
    i.metric = x->as_string();
  }
  if (const Value* x = body.Find("ticket_ids")) {
    if (!x->is_array() || x->as_array().size() > 1000)
      return Status::Invalid("ticket_ids must be a list of at most 1000 ticket ids", "ticket_ids");
    std::vector<Id> ids;
    for (size_t k = 0; k < x->as_array().size(); ++k) {
      const Value& v = x->as_array()[k];
      const std::string field = "ticket_ids[" + std::to_string(k) + "]";
      if (!v.is_int() || v.as_int() <= 0) return Status::Invalid("a ticket id is a positive integer", field);
      auto t = ops.uow().GetTicket(v.as_int());
      if (!t.ok()) {
        if (t.status().code() == Code::kNotFound)
          return Status::Invalid("no ticket with id " + std::to_string(v.as_int()), field);
        return t.status();
      }
      ids.push_back(v.as_int());
    }
    i.ticket_ids = std::move(ids);
  }
  if (const Value* x = body.Find("owner_id")) {
    if (x->is_null()) {
      i.owner_id.reset();
    } else {
      if (!x->is_int() || x->as_int() <= 0)
        return Status::Invalid("owner_id must be an agent id", "owner_id");
      auto a = ops.uow().GetAgent(x->as_int());
      if (!a.ok()) {
        if (a.status().code() == Code::kNotFound)
          return Status::Invalid("no agent with id " + std::to_string(x->as_int()), "owner_id");
        return a.status();
      }
      i.owner_id = x->as_int();
    }
  }
  if (const Value* sc = body.Find("scope")) {
    if (!sc->is_object()) return Status::Invalid("scope must be an object", "scope");
    MetricScope scope;
    for (const auto& [k, v] : sc->as_object()) {
      const std::string field = "scope." + k;
      if (v.is_null()) continue;
      if (!v.is_string() || v.as_string().size() > 200)
        return Status::Invalid(k + " must be a string", field);
      if (k == "category") {
        scope.category = v.as_string();
      } else if (k == "product") {
        scope.product = v.as_string();
      } else if (k == "channel") {
        scope.channel = ParseChannel(v.as_string());
        if (!scope.channel)
          return Status::Invalid("channel must be one of " + std::string(ChannelNames()), field);
      } else {
        return Status::Invalid("unknown scope field \"" + k + "\" (category, channel, product)",
                               field);
      }
    }
    i.scope = std::move(scope);
  }
  if (const Value* x = body.Find("baseline_days")) {
    if (!x->is_int() || x->as_int() < 1 || x->as_int() > 365)
      return Status::Invalid("baseline_days must be an integer from 1 to 365", "baseline_days");
    i.baseline_days = static_cast<int>(x->as_int());
  }
  if (const Value* x = body.Find("change_at")) {
    if (x->is_null()) {
      i.change_at.reset();
    } else {
      std::optional<TimeMs> t = x->is_string() ? ParseIso8601(x->as_string()) : std::nullopt;
      if (!t) return Status::Invalid("change_at must be an ISO 8601 time", "change_at");
      i.change_at = t;
    }
  }
  if (const Value* x = body.Find("target")) {
    if (x->is_null()) {
      i.target.reset();
    } else {
      if (!x->is_int() && !x->is_double()) return Status::Invalid("target must be a number", "target");
      const double v = x->as_double();
      const bool rate = i.metric != "resolution_time";
      if (!std::isfinite(v) || v < 0 || (rate && v > 1))
        return Status::Invalid(rate ? "target of a rate is a fraction from 0 to 1"
                                    : "target of resolution_time is seconds (≥ 0)",
                               "target");
      i.target = v;
    }
  }
  return Status::Ok();
}

bool HigherIsBetter(const std::string& metric) { return metric == "csat" || metric == "fcr"; }

Value Window(TimeMs from, TimeMs to, const MetricSample& m, double value) {
  Value v = Value::MakeObject();
  v.Set("from_at", from);
  v.Set("to_at", to);
  v.Set("n", m.n);
  if (m.n > 0) v.Set("value", value);
  else v.Set("value", Value());
  return v;
}

}  // namespace

Result<Improvement> SaveImprovement(Operations& ops, const Actor& actor, Id id, const Value& body,
                                    TimeMs now) {
  Improvement i;
  if (id != 0) {
    LD_ASSIGN_OR_RETURN(i, ops.uow().voc().GetImprovement(id));
  }
  const std::string stage_before = i.stage;
  LD_RETURN_IF_ERROR(ApplyBody(ops, body, i));
  i.updated_at = now;
  Value d = Value::MakeObject();
  if (id == 0) {
    i.created_at = now;
    LD_RETURN_IF_ERROR(ops.uow().voc().InsertImprovement(i));
  } else {
    LD_RETURN_IF_ERROR(ops.uow().voc().UpdateImprovement(i));
    if (stage_before != i.stage) d.Set("stage_from", stage_before);
  }
  d.Set("improvement_id", i.id);
  d.Set("stage", i.stage);
  d.Set("metric", i.metric);
  LD_RETURN_IF_ERROR(ops.Emit(actor, id == 0 ? "improvement.created" : "improvement.updated", now,
                              0, 0, std::move(d)));
  return i;
}

Result<Improvement> VerifyImprovement(Operations& ops, const Actor& actor, Id id, TimeMs now) {
  LD_ASSIGN_OR_RETURN(Improvement i, ops.uow().voc().GetImprovement(id));
  if (!i.change_at)
    return Status::Conflict("set change_at (when the change went live) before verifying",
                            "change_at");
  const TimeMs change = *i.change_at;
  if (change >= now) return Status::Conflict("the change is not live yet: no after data", "change_at");
  const TimeMs span = i.baseline_days * kDayMs;
  const TimeMs b_from = change - span, b_to = change;
  const TimeMs a_from = change, a_to = std::min(change + span, now);
  LD_ASSIGN_OR_RETURN(MetricSample before, ops.uow().voc().SampleMetric(i.metric, i.scope, b_from, b_to));
  LD_ASSIGN_OR_RETURN(MetricSample after, ops.uow().voc().SampleMetric(i.metric, i.scope, a_from, a_to));

  const bool times = i.metric == "resolution_time";
  auto value_of = [times](const MetricSample& m) {
    if (m.n == 0) return 0.0;
    return times ? m.sum / m.n : static_cast<double>(m.successes) / m.n;
  };
  auto var_of = [](const MetricSample& m) {
    if (m.n < 2) return 0.0;
    const double mean = m.sum / m.n;
    return std::max(0.0, (m.sum_sq - m.n * mean * mean) / (m.n - 1));
  };
  const double v1 = value_of(before), v2 = value_of(after);
  TestResult test = times ? WelchTTest(v1, var_of(before), before.n, v2, var_of(after), after.n)
                          : TwoProportionZTest(before.successes, before.n, after.successes, after.n);
  constexpr double kAlpha = 0.05;
  const bool significant = test.valid && test.p_value < kAlpha;
  const bool better = HigherIsBetter(i.metric) ? v2 > v1 : v2 < v1;
  std::string verdict = !test.valid ? "insufficient_data"
                        : !significant ? "no_significant_change"
                        : better       ? "improved"
                                       : "worsened";
  Value v = Value::MakeObject();
  v.Set("metric", i.metric);
  v.Set("before", Window(b_from, b_to, before, v1));
  v.Set("after", Window(a_from, a_to, after, v2));
  if (before.n > 0 && after.n > 0) v.Set("difference", v2 - v1);
  else v.Set("difference", Value());
  v.Set("test", times ? "welch_t" : "two_proportion_z");
  v.Set("statistic", test.valid ? Value(test.statistic) : Value());
  v.Set("p_value", test.valid ? Value(test.p_value) : Value());
  if (times) v.Set("df", test.valid ? Value(test.df) : Value());
  v.Set("alpha", kAlpha);
  v.Set("significant", significant);
  v.Set("verdict", verdict);
  if (!test.valid) v.Set("why", test.why);
  if (i.target && after.n > 0)
    v.Set("target_met", HigherIsBetter(i.metric) ? v2 >= *i.target : v2 <= *i.target);
  else
    v.Set("target_met", Value());
  v.Set("verified_at", now);
  i.verification = v;
  i.updated_at = now;
  LD_RETURN_IF_ERROR(ops.uow().voc().UpdateImprovement(i));
  Value d = Value::MakeObject();
  d.Set("improvement_id", i.id);
  d.Set("metric", i.metric);
  d.Set("verdict", verdict);
  d.Set("before_n", before.n);
  d.Set("after_n", after.n);
  if (test.valid) d.Set("p_value", test.p_value);
  LD_RETURN_IF_ERROR(ops.Emit(actor, "improvement.verified", now, 0, 0, std::move(d)));
  return i;
}

Result<int> NotifyImprovementCustomers(Operations& ops, const Actor& actor, Id id,
                                       const std::string& message, TimeMs now) {
  LD_ASSIGN_OR_RETURN(Improvement i, ops.uow().voc().GetImprovement(id));
  LD_RETURN_IF_ERROR(CheckText(message, "message", 2000, false));
  if (i.ticket_ids.empty())
    return Status::Conflict("the improvement has no linked tickets, so no customers to tell",
                            "ticket_ids");
  std::vector<Id> customers;
  for (Id tid : i.ticket_ids) {
    LD_ASSIGN_OR_RETURN(Ticket t, ops.uow().GetTicket(tid));
    if (std::find(customers.begin(), customers.end(), t.customer_id) == customers.end())
      customers.push_back(t.customer_id);
  }
  for (Id cid : customers) {
    LD_ASSIGN_OR_RETURN(Customer c, ops.uow().GetCustomer(cid));
    const bool en = c.language.rfind("en", 0) == 0;
    OutboxMessage m;
    if (!c.email.empty()) {
      m.channel = "email", m.recipient = c.email;
    } else if (!c.phone.empty()) {
      m.channel = "sms", m.recipient = c.phone;
    } else if (!c.wechat_id.empty()) {
      m.channel = "wechat", m.recipient = c.wechat_id;
    } else {
      m.channel = "app", m.recipient = "customer:" + std::to_string(c.id);
    }
    const std::string who = c.salutation.empty() ? c.name : c.salutation;
    m.subject = en ? "We acted on your feedback" : "您的反馈已推动我们改进";
    const std::string text =
        !message.empty() ? message
        : en ? "Thank you for telling us about: " + i.title + ". We have changed how we work."
             : "感谢您反馈的问题：" + i.title + "。我们已据此完成改进。";
    m.body = (en ? "Dear " + who + ",\n" : who + "，您好！\n") + text;
    m.purpose = "improvement";
    m.customer_id = c.id;
    m.created_at = m.next_attempt_at = now;
    LD_RETURN_IF_ERROR(ops.uow().voc().InsertOutbox(m));
  }
  Value d = Value::MakeObject();
  d.Set("improvement_id", i.id);
  d.Set("customers", static_cast<int64_t>(customers.size()));
  LD_RETURN_IF_ERROR(ops.Emit(actor, "improvement.notified", now, 0, 0, std::move(d)));
  return static_cast<int>(customers.size());
}

}  // namespace loopdesk
