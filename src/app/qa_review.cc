// QaService: manual reviews and calibration (docs/qa.md).
#include <cmath>
#include <map>
#include <set>

#include "app/qa_service.h"

namespace loopdesk {

namespace {

double R3(double v) { return std::round(v * 1000.0) / 1000.0; }

struct ReviewItem {
  std::string name;
  double score = 0;
};

// Validates {items:[{name, score}], note?} against the rubric; errors name the field.
Result<std::vector<ReviewItem>> ParseReview(const Value& body, const text::Rubric& rubric,
                                            std::string* note) {
  if (!body.is_object()) return Status::Invalid("the review must be an object {items, note}");
  for (const auto& [k, _] : body.as_object())
    if (k != "items" && k != "note") return Status::Invalid("unknown key " + k, k);
  if (const Value* n = body.Find("note"); n && !n->is_null()) {
    if (!n->is_string()) return Status::Invalid("note must be a string", "note");
    if (n->as_string().size() > 4000)
      return Status::Invalid("note is longer than 4000 bytes", "note");
    *note = n->as_string();
  }
  const Value* items = body.Find("items");
  if (!items || !items->is_array() || items->as_array().empty())
    return Status::Invalid("items must be a non-empty array of {name, score}", "items");
  std::vector<ReviewItem> out;
  std::set<std::string> seen;
  for (size_t i = 0; i < items->as_array().size(); ++i) {
    const Value& it = items->as_array()[i];
    const std::string base = "items[" + std::to_string(i) + "]";
    if (!it.is_object()) return Status::Invalid(base + " must be an object {name, score}", base);
    for (const auto& [k, _] : it.as_object())
      if (k != "name" && k != "score")
        return Status::Invalid("unknown key " + base + "." + k, base + "." + k);
    const Value* name = it.Find("name");
    const text::RubricItem* ri = nullptr;
    if (name && name->is_string())
      for (const auto& r : rubric.items)
        if (r.name == name->as_string()) ri = &r;
    if (!ri)
      return Status::Invalid(base + ".name must name an item of the current rubric",
                             base + ".name");
    if (!seen.insert(ri->name).second)
      return Status::Invalid(base + ".name repeats '" + ri->name + "'", base + ".name");
    const Value* score = it.Find("score");
    if (!score || (!score->is_int() && !score->is_double()) || score->as_double() < 0 ||
        score->as_double() > ri->weight)
      return Status::Invalid(base + ".score must be a number from 0 to " +
                                 std::to_string(static_cast<int>(ri->weight)) + " (the item's max)",
                             base + ".score");
    out.push_back(ReviewItem{ri->name, score->as_double()});
  }
  return out;
}

}  // namespace

Result<Value> QaService::Review(const Principal& who, Id ticket_id, const Value& body) {
  if (who.role != Role::kAdmin && who.role != Role::kSupervisor)
    return Status::Denied("only an admin or a supervisor may review QA scores");
  auto rubric = RubricSnapshot();
  std::string note;
  LD_ASSIGN_OR_RETURN(std::vector<ReviewItem> items, ParseReview(body, *rubric, &note));
  const TimeMs now = clock_.Now();
  QaReviewRecord rec;
  Event e;
  LD_RETURN_IF_ERROR(store_.Write([&](UnitOfWork& uow) -> Status {
    LD_ASSIGN_OR_RETURN(Computed c, Compute(uow, ticket_id, *rubric));  // kNotFound if unknown
    Value doc = Value::MakeObject();
    Value arr = Value::MakeArray();
    for (const ReviewItem& ri : items) {
      Value v = Value::MakeObject();
      v.Set("name", ri.name);
      v.Set("score", R3(ri.score));
      for (const text::QaItemResult& r : c.qa.items) {
        if (r.name != ri.name) continue;
        v.Set("auto_score", r.applicable ? Value(R3(r.score)) : Value());
        v.Set("max", R3(r.max));
      }
      arr.Push(std::move(v));
    }
    doc.Set("items", std::move(arr));
    doc.Set("note", note);
    doc.Set("rubric_version", rubric->version);
    rec = QaReviewRecord{0, ticket_id, who.agent_id, now, std::move(doc)};
    LD_RETURN_IF_ERROR(uow.InsertQaReview(rec));
    e.type = "qa.reviewed";
    e.at = now;
    e.actor = who.actor().ToString();
    e.ticket_id = ticket_id;
    e.customer_id = c.ticket.customer_id;
    Value data = Value::MakeObject();
    data.Set("review_id", rec.id);
    data.Set("items", static_cast<int64_t>(items.size()));
    e.data = std::move(data);
    return uow.AppendEvent(e);
  }));
  bus_.Publish({e});
  Value out = rec.doc;
  out.Set("id", rec.id);
  out.Set("ticket_id", ticket_id);
  out.Set("reviewer_id", rec.reviewer_id);
  out.Set("at", FormatIso8601(rec.at));
  return out;
}

Result<Value> QaService::Calibration(const Principal&, int limit) {
  std::vector<QaReviewRecord> reviews;
  LD_RETURN_IF_ERROR(store_.Read([&](UnitOfWork& uow) -> Status {
    LD_ASSIGN_OR_RETURN(reviews, uow.ListQaReviews(0, limit));
    return Status::Ok();
  }));
  struct Acc {
    int reviewed = 0, agree = 0;
    double abs_diff = 0;
  };
  std::map<std::string, Acc> acc;
  std::set<Id> tickets;
  int used = 0;
  for (const QaReviewRecord& r : reviews) {  // newest first: one review per ticket
    if (!tickets.insert(r.ticket_id).second) continue;
    ++used;
    const Value* items = r.doc.Find("items");
    if (!items || !items->is_array()) continue;
    for (const Value& it : items->as_array()) {
      const Value* name = it.Find("name");
      const Value* score = it.Find("score");
      const Value* aut = it.Find("auto_score");
      const Value* max = it.Find("max");
      if (!name || !score || !aut || !max || aut->is_null() || max->as_double() <= 0) continue;
      Acc& a = acc[name->as_string()];
      ++a.reviewed;
      double m = max->as_double();
      if (text::Passed(score->as_double(), m) == text::Passed(aut->as_double(), m)) ++a.agree;
      a.abs_diff += std::abs(score->as_double() - aut->as_double()) / m;
    }
  }
  Value out = Value::MakeObject();
  out.Set("reviews", used);
  Value items = Value::MakeArray();
  for (const text::RubricItem& ri : RubricSnapshot()->items) {
    Value v = Value::MakeObject();
    v.Set("name", ri.name);
    auto it = acc.find(ri.name);
    const Acc a = it == acc.end() ? Acc{} : it->second;
    v.Set("reviewed", a.reviewed);
    v.Set("agreement", a.reviewed ? Value(R3(static_cast<double>(a.agree) / a.reviewed)) : Value());
    v.Set("mean_abs_diff", a.reviewed ? Value(R3(a.abs_diff / a.reviewed)) : Value());
    items.Push(std::move(v));
  }
  out.Set("items", std::move(items));
  return out;
}

}  // namespace loopdesk
