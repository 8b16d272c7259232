#include "app/feedback_ops.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <tuple>

#include "app/voc_settings.h"
#include "common/time.h"

namespace loopdesk {

Status RecordFeedback(Operations& ops, const PendingFeedback& p) {
  FeedbackItem item;
  item.source = p.source;
  item.source_id = p.source_id;
  item.ticket_id = p.ticket_id;
  item.customer_id = p.customer_id;
  item.at = p.at;
  item.negative = p.negative;
  const VocContext* voc = ops.context().voc.get();
  const FeedbackClassifier* c = voc ? voc->classifier : nullptr;
  if (!p.cause.empty()) {
    item.cause = p.cause;
    item.confidence = p.confidence ? *p.confidence : c ? c->Classify(p.text).confidence : 0;
  } else if (c) {
    FeedbackLabel l = c->Classify(p.text);
    item.cause = l.cause;
    item.confidence = l.confidence;
  } else {
    item.cause = "other";
  }
  LD_ASSIGN_OR_RETURN(auto orders, ops.uow().ListOrders(p.customer_id));
  LD_ASSIGN_OR_RETURN(auto assets, ops.uow().ListAssets(p.customer_id));
  item.product = LinkToProduct(p.text, p.at, orders, assets);
  Status st = ops.uow().feedback().InsertFeedbackItem(item);
  if (st.code() == Code::kConflict) return Status::Ok();
  return st;
}

Result<int64_t> LinkPendingFeedback(Store& store, const FeedbackClassifier* classifier,
                                    int batch, const std::atomic<bool>* stop) {
  auto ctx = std::make_shared<VocContext>();
  ctx->classifier = classifier;
  OpsContext oc;
  oc.voc = ctx;
  oc.bulk = true;
  int64_t written = 0;
  for (;;) {
    size_t n = 0;
    LD_RETURN_IF_ERROR(store.Write([&](UnitOfWork& uow) -> Status {
      LD_ASSIGN_OR_RETURN(auto pending, uow.feedback().PendingFeedbackItems(batch));
      n = pending.size();
      Operations ops(uow, oc);
      for (const PendingFeedback& p : pending) LD_RETURN_IF_ERROR(RecordFeedback(ops, p));
      return Status::Ok();
    }));
    written += static_cast<int64_t>(n);
    if (n < static_cast<size_t>(batch)) return written;
    if (stop && stop->load(std::memory_order_relaxed)) return written;
  }
}

std::string FeedbackPeriodKey(FeedbackPeriod p, int64_t utc_day) {
  int64_t y = 0;
  unsigned m = 0, d = 0;
  char buf[48];
  switch (p) {
    case FeedbackPeriod::kDay:
      CivilFromDays(utc_day, &y, &m, &d);
      std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(y), m, d);
      return buf;
    case FeedbackPeriod::kMonth:
      CivilFromDays(utc_day, &y, &m, &d);
      std::snprintf(buf, sizeof buf, "%04lld-%02u", static_cast<long long>(y), m);
      return buf;
    case FeedbackPeriod::kWeek: {
      // ISO 8601: the week belongs to the year of its Thursday; 1970-01-01 was a Thursday.
      const int64_t weekday = ((utc_day + 3) % 7 + 7) % 7;  // Monday = 0
      const int64_t thursday = utc_day - weekday + 3;
      CivilFromDays(thursday, &y, &m, &d);
      const int64_t week = (thursday - DaysFromCivil(y, 1, 1)) / 7 + 1;
      std::snprintf(buf, sizeof buf, "%04lld-W%02lld", static_cast<long long>(y),
                    static_cast<long long>(week));
      return buf;
    }
  }
  return "";
}

Result<FeedbackCauseReport> CountFeedbackCauses(UnitOfWork& uow, const FeedbackCauseQuery& q) {
  LD_ASSIGN_OR_RETURN(auto days, uow.feedback().CountFeedbackByDay(q.filter));
  using Key = std::tuple<std::string, std::string, std::string>;  // period, cause, product
  std::map<Key, FeedbackCauseGroup> groups;
  FeedbackCauseReport out;
  for (const FeedbackDayCount& d : days) {
    Key k{q.by_period ? FeedbackPeriodKey(q.period, d.day) : "", q.by_cause ? d.cause : "",
          q.by_product ? d.product : ""};
    FeedbackCauseGroup& g = groups[k];
    g.period = std::get<0>(k);
    g.cause = std::get<1>(k);
    g.product = std::get<2>(k);
    g.count += d.count;
    (d.source == "survey" ? g.surveys : g.complaints) += d.count;
    out.total += d.count;
  }
  for (auto& [k, g] : groups) {
    g.share = out.total > 0 ? static_cast<double>(g.count) / static_cast<double>(out.total) : 0;
    out.groups.push_back(std::move(g));
  }
  std::stable_sort(out.groups.begin(), out.groups.end(),
                   [](const FeedbackCauseGroup& a, const FeedbackCauseGroup& b) {
                     if (a.period != b.period) return a.period < b.period;
                     if (a.count != b.count) return a.count > b.count;
                     return std::tie(a.cause, a.product) < std::tie(b.cause, b.product);
                   });
  return out;
}

}  // namespace loopdesk
