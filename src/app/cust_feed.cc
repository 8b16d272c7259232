#include "app/cust_feed.h"

#include <vector>

namespace loopdesk {

void CustFeed::Apply(const Event& e) {
  if (e.customer_id == 0) return;
  std::lock_guard lock(dirty_mu_);
  dirty_.insert(e.customer_id);
}

Status CustFeed::ReadAll(Store& store) {
  std::vector<analytics::CustomerFacts> all;
  LD_RETURN_IF_ERROR(store.Read([&](UnitOfWork& uow) {
    LD_ASSIGN_OR_RETURN(all, uow.cust().CustomerFacts(nullptr));
    return Status::Ok();
  }));
  index_.Clear();
  for (auto& f : all) index_.Put(std::move(f));
  ++full_reloads_;
  return Status::Ok();
}

Status CustFeed::Load(Store& store) {
  // Reports use the SQL path until ready_; events that arrive during the read stay in
  // dirty_ and are read again at the first report.
  {
    std::lock_guard lock(index_mu_);
    LD_RETURN_IF_ERROR(ReadAll(store));
    index_.WarmJourney();
  }
  ready_.store(true, std::memory_order_release);
  return Status::Ok();
}

Status CustFeed::With(Store& store,
                      const std::function<void(const analytics::CustIndex&)>& fn) {
  if (!ready()) return Status::Unavailable("the customer index is loading");
  std::lock_guard lock(index_mu_);
  std::unordered_set<Id> ids;
  {
    std::lock_guard d(dirty_mu_);
    ids.swap(dirty_);
  }
  auto give_back = [&] {
    std::lock_guard d(dirty_mu_);
    dirty_.merge(ids);
  };
  if (ids.size() > kFullReloadAt) {
    if (Status st = ReadAll(store); !st.ok()) {
      give_back();
      return st;
    }
  } else if (!ids.empty()) {
    const std::vector<Id> list(ids.begin(), ids.end());
    std::vector<analytics::CustomerFacts> facts;
    Status st = store.Read([&](UnitOfWork& uow) {
      LD_ASSIGN_OR_RETURN(facts, uow.cust().CustomerFacts(&list));
      return Status::Ok();
    });
    if (!st.ok()) {
      give_back();
      return st;
    }
    for (auto& f : facts) index_.Put(std::move(f));
    refreshed_ += list.size();
  }
  fn(index_);
  return Status::Ok();
}

CustFeed::Stats CustFeed::stats() const {
  std::lock_guard lock(index_mu_);
  Stats s;
  s.customers = index_.customers();
  s.tickets = index_.tickets();
  s.bytes = index_.ApproxBytes();
  {
    std::lock_guard d(dirty_mu_);
    s.dirty = dirty_.size();
  }
  s.refreshed = refreshed_;
  s.full_reloads = full_reloads_;
  return s;
}

}  // namespace loopdesk
