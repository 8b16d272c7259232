#pragma once
// LiveEvents: the committed events for GET /api/v1/stream (Server-Sent Events). Keeps the
// latest kCapacity events from the EventBus in memory; a stream request waits on a worker
// thread until an event newer than the client's Last-Event-ID arrives (or `wait` passes),
// answers them as text/event-stream and ends; the browser's EventSource reconnects at once
// with the last id, so no event is lost while it stays within the buffer (docs/web.md).

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <vector>

#include "app/event_bus.h"
#include "http/request.h"
#include "http/router.h"
#include "http/rules_routes.h"

namespace loopdesk::http {

class LiveEvents {
 public:
  static constexpr size_t kCapacity = 2000;
  // Subscribes to `bus`; must outlive the bus's publishing.
  explicit LiveEvents(EventBus& bus);
  // Events with seq > after (oldest first, at most `max`), waiting up to `wait` for the
  // first; returns early (empty) after Stop(). Thread-safe.
  std::vector<Event> After(Id after, std::chrono::milliseconds wait, size_t max = 200);
  // The newest seq seen (0 before any event).
  Id LastSeq() const;
  // Wakes every waiting stream and makes later waits return at once (server shutdown).
  void Stop();

 private:
  void Add(const Event& e);
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Event> events_;
  Id last_seq_ = 0;
  bool stopped_ = false;
};

//   GET /api/v1/stream   text/event-stream; `after` (or the Last-Event-ID header) is the last
//                        seq the client has; without either the answer is at once a `ready`
//                        event with the current seq. `wait_ms` (0–25000, default 20000).
void AddStreamRoutes(Router& router, LiveEvents& live, const Authenticate& authed);

}  // namespace loopdesk::http
