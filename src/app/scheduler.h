#pragma once
// Scheduler: a background thread that fires SLA escalation notices when they come due,
// within one second. Deadlines live in the store (sla_notices), so a restart loses none,
// and each notice is marked fired in the same transaction as its effects, so a restart
// never fires one twice.

#include <condition_variable>
#include <mutex>
#include <thread>

#include "app/service.h"

namespace loopdesk {

class Scheduler {
 public:
  explicit Scheduler(Service& svc) : svc_(svc) {}
  ~Scheduler() { Stop(); }
  void Start();
  // Stops the thread; returns after the current round finished.
  void Stop();

 private:
  void Loop();

  Service& svc_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace loopdesk
