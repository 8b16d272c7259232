#include "app/scheduler.h"

#include <algorithm>
#include <chrono>

namespace loopdesk {

void Scheduler::Start() {
  std::lock_guard lock(mu_);
  if (thread_.joinable()) return;
  stop_ = false;
  thread_ = std::thread([this] { Loop(); });
}

void Scheduler::Stop() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Scheduler::Loop() {
  // Poll at most every second (the promised resolution); sleep less when a notice is due
  // sooner. Errors (e.g. a busy disk) are retried on the next round.
  TimeMs next_rules_at = 0;
  for (;;) {
    const TimeMs now = svc_.clock().Now();
    (void)svc_.FireDueNotices(now);
    (void)svc_.RunVocJobs(now);
    if (now >= next_rules_at) {
      (void)svc_.RunScheduledRules(now);
      next_rules_at = now + rules_interval_ms_;
    }
    TimeMs wait_ms = 1000;
    if (auto next = svc_.NextNoticeAt(); next.ok() && next->has_value())
      wait_ms = std::clamp<TimeMs>(**next - svc_.clock().Now(), 10, 1000);
    std::unique_lock lock(mu_);
    if (cv_.wait_for(lock, std::chrono::milliseconds(wait_ms), [this] { return stop_; })) return;
  }
}

}  // namespace loopdesk
