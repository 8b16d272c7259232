#include "app/event_bus.h"

namespace loopdesk {

void EventBus::Subscribe(Handler h) {
  std::lock_guard lock(mu_);
  handlers_.push_back(std::move(h));
}

void EventBus::Publish(const std::vector<Event>& events) const {
  std::vector<Handler> handlers;
  {
    std::lock_guard lock(mu_);
    handlers = handlers_;
  }
  for (const Event& e : events) {
    for (const Handler& h : handlers) {
      try {
        h(e);
      } catch (...) {
        // A faulty subscriber must not break the request that already committed.
      }
    }
  }
}

}  // namespace loopdesk
