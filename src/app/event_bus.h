#pragma once
// In-process publish/subscribe of committed events. Engines that keep derived state (SLA
// timers, rules, analytics, live updates) subscribe here; they see an event only after the
// transaction that wrote it is durable, in commit order per publishing thread.

#include <functional>
#include <mutex>
#include <vector>

#include "domain/entities.h"

namespace loopdesk {

class EventBus {
 public:
  using Handler = std::function<void(const Event&)>;
  // Registers a handler. Call during wiring, before serving.
  void Subscribe(Handler h);
  // Delivers each event to every handler on the calling thread. Handlers must be quick and
  // must not throw (a throwing handler is skipped for that event).
  void Publish(const std::vector<Event>& events) const;

 private:
  mutable std::mutex mu_;
  std::vector<Handler> handlers_;
};

}  // namespace loopdesk
