#include "http/server.h"

#include <array>
#include <atomic>
#include <optional>
#include <boost/asio.hpp>
#include <boost/beast.hpp>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

namespace loopdesk::http {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = net::ip::tcp;

namespace {

int FromHex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Percent-decoding; '+' becomes a space only in query strings.
std::string UrlDecode(std::string_view s, bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '%' && i + 2 < s.size()) {
      int hi = FromHex(s[i + 1]), lo = FromHex(s[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    out.push_back(plus_is_space && c == '+' ? ' ' : c);
  }
  return out;
}

void SplitTarget(std::string_view target, Request& req) {
  auto q = target.find('?');
  req.path = UrlDecode(target.substr(0, q), false);
  if (q == std::string_view::npos) return;
  std::string_view qs = target.substr(q + 1);
  while (!qs.empty()) {
    auto amp = qs.find('&');
    std::string_view part = qs.substr(0, amp);
    if (!part.empty()) {
      auto eq = part.find('=');
      std::string key = UrlDecode(part.substr(0, eq), true);
      std::string value = eq == std::string_view::npos ? "" : UrlDecode(part.substr(eq + 1), true);
      req.query.emplace(std::move(key), std::move(value));
    }
    if (amp == std::string_view::npos) break;
    qs.remove_prefix(amp + 1);
  }
}

std::string ErrorJson(const char* code, const char* message) {
  return std::string(R"({"error":{"code":")") + code + R"(","message":")" + message + "\"}}";
}

}  // namespace

struct HttpServer::Impl {
  ServerOptions opts;
  Handler handler;
  net::io_context ioc;
  tcp::acceptor acceptor{ioc};
  net::signal_set signals{ioc};
  // Keeps the I/O threads running while a request is on a worker thread and no socket
  // operation is pending (e.g. after the listener closed at shutdown).
  net::executor_work_guard<net::io_context::executor_type> work_guard{ioc.get_executor()};
  net::thread_pool workers;
  std::vector<std::thread> io_threads;
  std::atomic<bool> stopping{false};
  std::atomic<int64_t> in_flight{0};
  std::atomic<uint64_t> next_request_id{1};
  std::mutex mu;
  std::condition_variable cv;
  bool stop_requested = false;

  Impl(ServerOptions o, Handler h)
      : opts(std::move(o)), handler(std::move(h)), workers(std::max(1, opts.worker_threads)) {}

  void DoAccept();
  void RequestStop() {
    std::lock_guard lock(mu);
    stop_requested = true;
    cv.notify_all();
  }
};

namespace {

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, HttpServer::Impl& srv) : stream_(std::move(socket)), srv_(srv) {}

  void Start() {
    net::dispatch(stream_.get_executor(),
                  beast::bind_front_handler(&Session::DoRead, shared_from_this()));
  }

 private:
  void DoRead() {
    if (srv_.stopping) return DoClose();
    parser_.emplace();
    parser_->body_limit(srv_.opts.max_body_bytes);
    parser_->header_limit(64 * 1024);
    stream_.expires_after(std::chrono::seconds(120));
    bhttp::async_read(stream_, buffer_, *parser_,
                      beast::bind_front_handler(&Session::OnRead, shared_from_this()));
  }

  void OnRead(beast::error_code ec, size_t) {
    if (ec == bhttp::error::end_of_stream || ec == net::error::eof ||
        ec == beast::error::timeout || ec == net::error::connection_reset ||
        ec == net::error::operation_aborted)
      return DoClose();
    if (ec == bhttp::error::body_limit) {
      std::string msg = "request body larger than " + std::to_string(srv_.opts.max_body_bytes) +
                        " bytes";
      return SendRaw(413, ErrorJson("too_large", msg.c_str()), /*drain=*/true);
    }
    if (ec) return SendRaw(400, ErrorJson("bad_request", "malformed HTTP request"), false);

    auto raw = parser_->release();
    keep_alive_ = raw.keep_alive();
    auto req = std::make_shared<Request>();
    req->method = std::string(raw.method_string());
    auto target = raw.target();
    SplitTarget(std::string_view(target.data(), target.size()), *req);
    req->authorization = std::string(raw[bhttp::field::authorization]);
    req->cookie = std::string(raw[bhttp::field::cookie]);
    req->csrf_token = std::string(raw["X-CSRF-Token"]);
    req->if_none_match = std::string(raw[bhttp::field::if_none_match]);
    req->last_event_id = std::string(raw["Last-Event-ID"]);
    req->content_type = std::string(raw[bhttp::field::content_type]);
    req->body = std::move(raw.body());
    req->request_id = std::to_string(srv_.next_request_id++);
    ++srv_.in_flight;
    auto self = shared_from_this();
    net::post(srv_.workers, [self, req]() {
      Response resp;
      try {
        resp = self->srv_.handler(*req);
      } catch (...) {
        resp.status = 500;
        resp.body = ErrorJson("internal", "internal error");
      }
      net::post(self->stream_.get_executor(), [self, resp = std::move(resp)]() mutable {
        self->Write(std::move(resp));
      });
    });
  }

  void Write(Response resp) {
    auto res = std::make_shared<bhttp::response<bhttp::string_body>>();
    res->version(11);
    res->result(static_cast<unsigned>(resp.status));
    res->set(bhttp::field::server, "loopdesk");
    res->set(bhttp::field::content_type, resp.content_type);
    for (auto& [k, v] : resp.headers) res->insert(k, v);  // insert: Set-Cookie repeats
    res->body() = std::move(resp.body);
    res->keep_alive(keep_alive_ && !srv_.stopping);
    res->prepare_payload();
    bhttp::async_write(stream_, *res,
                       [self = shared_from_this(), res](beast::error_code ec, size_t) {
                         --self->srv_.in_flight;
                         if (ec || !res->keep_alive()) return self->DoClose();
                         self->DoRead();
                       });
  }

  // Answers without a handler (parse errors, 413) and closes. With `drain`, reads and
  // discards what the client is still sending so it can read the answer.
  void SendRaw(int status, std::string body, bool drain) {
    auto res = std::make_shared<bhttp::response<bhttp::string_body>>();
    res->version(11);
    res->result(static_cast<unsigned>(status));
    res->set(bhttp::field::server, "loopdesk");
    res->set(bhttp::field::content_type, "application/json");
    res->body() = std::move(body);
    res->keep_alive(false);
    res->prepare_payload();
    bhttp::async_write(stream_, *res,
                       [self = shared_from_this(), res, drain](beast::error_code ec, size_t) {
                         if (ec || !drain) return self->DoClose();
                         beast::error_code ignored;
                         self->stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
                         self->drained_ = 0;
                         self->stream_.expires_after(std::chrono::seconds(10));
                         self->Drain();
                       });
  }

  void Drain() {
    stream_.async_read_some(net::buffer(scratch_),
                            [self = shared_from_this()](beast::error_code ec, size_t n) {
                              self->drained_ += n;
                              if (ec || self->drained_ > (64u << 20)) {
                                beast::error_code ignored;
                                self->stream_.socket().close(ignored);
                                return;
                              }
                              self->Drain();
                            });
  }

  void DoClose() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  HttpServer::Impl& srv_;
  bool keep_alive_ = true;
  std::array<char, 16384> scratch_{};
  size_t drained_ = 0;
};

}  // namespace

void HttpServer::Impl::DoAccept() {
  acceptor.async_accept(net::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
    if (ec) {
      if (ec == net::error::operation_aborted || !acceptor.is_open()) return;
    } else {
      beast::error_code ignored;
      socket.set_option(tcp::no_delay(true), ignored);
      std::make_shared<Session>(std::move(socket), *this)->Start();
    }
    if (!stopping) DoAccept();
  });
}

HttpServer::HttpServer(ServerOptions opts, Handler handler)
    : impl_(std::make_unique<Impl>(std::move(opts), std::move(handler))) {}

HttpServer::~HttpServer() {
  Stop();
  impl_->ioc.stop();
  for (auto& t : impl_->io_threads)
    if (t.joinable()) t.join();
  impl_->workers.join();
}

Status HttpServer::Start() {
  auto& I = *impl_;
  beast::error_code ec;
  auto addr = net::ip::make_address(I.opts.host, ec);
  std::string where = I.opts.host + ":" + std::to_string(I.opts.port);
  if (ec) return Status::Unavailable("cannot listen on " + where + ": not an IP address");
  tcp::endpoint ep(addr, static_cast<unsigned short>(I.opts.port));
  I.acceptor.open(ep.protocol(), ec);
  if (!ec) I.acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) I.acceptor.bind(ep, ec);
  if (!ec) I.acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) return Status::Unavailable("cannot listen on " + where + ": " + ec.message());
  // Catch SIGINT/SIGTERM before anyone can learn the address, so a signal sent right after
  // "listening on" still means a clean shutdown.
  I.signals.add(SIGINT, ec);
  I.signals.add(SIGTERM, ec);
  I.signals.async_wait([&I](beast::error_code e, int) {
    if (!e) I.RequestStop();
  });
  I.DoAccept();
  for (int i = 0; i < std::max(1, I.opts.io_threads); ++i)
    I.io_threads.emplace_back([&I] { I.ioc.run(); });
  return Status::Ok();
}

int HttpServer::port() const { return impl_->acceptor.local_endpoint().port(); }

void HttpServer::RunUntilSignal() {
  auto& I = *impl_;
  {
    std::unique_lock lock(I.mu);
    I.cv.wait(lock, [&I] { return I.stop_requested; });
  }
  I.stopping = true;
  if (I.opts.on_stop) I.opts.on_stop();  // e.g. wake long-waiting event streams
  net::post(I.ioc, [&I] {
    beast::error_code ignored;
    I.acceptor.close(ignored);
  });
  // Let requests already being handled finish and be answered (at most 10 s).
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (I.in_flight > 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  net::post(I.ioc, [&I] {
    beast::error_code ignored;
    I.signals.cancel(ignored);
  });
  I.work_guard.reset();
  I.ioc.stop();
  for (auto& t : I.io_threads)
    if (t.joinable()) t.join();
  I.workers.join();
}

void HttpServer::Stop() { impl_->RequestStop(); }

}  // namespace loopdesk::http
