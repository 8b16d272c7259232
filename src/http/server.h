#pragma once
// HttpServer: an HTTP/1.1 server on Boost.Beast with keep-alive. Requests are read on I/O
// threads and handled on a separate worker pool (handlers may block on the store), then
// written back on the connection's strand. Bodies over `max_body_bytes` get 413.
// Beast stays inside server.cc: this header is light.

#include <functional>
#include <memory>
#include <string>

#include "common/status.h"
#include "http/request.h"

namespace loopdesk::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;  // 0 picks a free port
  int io_threads = 2;
  int worker_threads = 64;
  size_t max_body_bytes = 1 << 20;
  // Called once when shutdown begins, before in-flight requests are awaited.
  std::function<void()> on_stop;
};

class HttpServer {
 public:
  using Handler = std::function<Response(Request&)>;
  HttpServer(ServerOptions opts, Handler handler);
  ~HttpServer();

  // Binds and listens. kUnavailable with a clear message when the address is taken or
  // invalid.
  Status Start();
  // The bound port (after Start).
  int port() const;
  // Blocks until SIGINT/SIGTERM arrives or Stop() is called, then closes the listener,
  // lets in-flight requests finish and returns.
  void RunUntilSignal();
  void Stop();

  struct Impl;  // defined in server.cc

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace loopdesk::http
