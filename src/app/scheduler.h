#pragma once
// Scheduler: a background thread that fires SLA escalation notices when they come due,
// within one second. Deadlines live in the store (sla_notices), so a restart loses none,
// and each notice is marked fired in the same transaction as its effects, so a restart
// never fires one twice. It also runs the `schedule` rules every `rules_interval_ms`.

#include <condition_variable>
#include <mutex>
#include <thread>

#include "app/service.h"

namespace loopdesk {

class Scheduler {
 public:
  explicit Scheduler(Service& svc, TimeMs rules_interval_ms = 60'000)
      : svc_(svc), rules_interval_ms_(rules_interval_ms) {}
  ~Scheduler() { Stop(); }
  void Start();
  // Stops the thread; returns after the current round finished.
  void Stop();

 private:
  void Loop();

  Service& svc_;
  const TimeMs rules_interval_ms_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace loopdesk
