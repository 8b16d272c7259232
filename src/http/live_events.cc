#include "http/live_events.h"

#include <charconv>

#include "http/json_io.h"

namespace loopdesk::http {

LiveEvents::LiveEvents(EventBus& bus) {
  bus.Subscribe([this](const Event& e) { Add(e); });
}

void LiveEvents::Add(const Event& e) {
  {
    std::lock_guard lock(mu_);
    if (e.seq <= last_seq_) return;  // publishing threads may interleave; keep seq order
    events_.push_back(e);
    last_seq_ = e.seq;
    while (events_.size() > kCapacity) events_.pop_front();
  }
  cv_.notify_all();
}

Id LiveEvents::LastSeq() const {
  std::lock_guard lock(mu_);
  return last_seq_;
}

void LiveEvents::Stop() {
  {
    std::lock_guard lock(mu_);
    stopped_ = true;
  }
  cv_.notify_all();
}

std::vector<Event> LiveEvents::After(Id after, std::chrono::milliseconds wait, size_t max) {
  std::unique_lock lock(mu_);
  cv_.wait_for(lock, wait, [&] { return stopped_ || last_seq_ > after; });
  std::vector<Event> out;
  for (const Event& e : events_) {
    if (e.seq <= after) continue;
    out.push_back(e);
    if (out.size() >= max) break;
  }
  return out;
}

namespace {

Result<int64_t> NonNegative(const std::string* s, const char* name, int64_t def, int64_t max) {
  if (!s || s->empty()) return def;
  int64_t v = 0;
  auto [p, ec] = std::from_chars(s->data(), s->data() + s->size(), v);
  if (ec != std::errc() || p != s->data() + s->size() || v < 0 || v > max)
    return Status::Invalid(
        std::string(name) + " must be an integer from 0 to " + std::to_string(max), name);
  return v;
}

std::string Frame(const Event& e) {
  // One line of JSON per data field: dump() never emits a raw newline.
  return "id: " + std::to_string(e.seq) + "\nevent: " + e.type + "\ndata: " + ToJson(e).dump() +
         "\n\n";
}

}  // namespace

void AddStreamRoutes(Router& R, LiveEvents& live, const Authenticate& authed) {
  R.Add("GET", "/api/v1/stream", authed([&live](Request& req, const Principal&) {
          const std::string* after_s = req.Query("after");
          if ((!after_s || after_s->empty()) && !req.last_event_id.empty())
            after_s = &req.last_event_id;
          auto after = NonNegative(after_s, "after", -1, INT64_MAX);
          if (!after.ok()) return StatusResponse(after.status());
          auto wait = NonNegative(req.Query("wait_ms"), "wait_ms", 20000, 25000);
          if (!wait.ok()) return StatusResponse(wait.status());
          Response r;
          r.content_type = "text/event-stream; charset=utf-8";
          r.headers.emplace_back("Cache-Control", "no-store");
          // Reconnect quickly: each answer carries what arrived and then ends.
          r.body = "retry: 300\n\n";
          if (*after < 0) {
            const Id seq = live.LastSeq();
            r.body += "id: " + std::to_string(seq) +
                      "\nevent: ready\ndata: {\"seq\":" + std::to_string(seq) + "}\n\n";
            return r;
          }
          for (const Event& e : live.After(*after, std::chrono::milliseconds(*wait)))
            r.body += Frame(e);
          return r;
        }));
}

}  // namespace loopdesk::http
