// http_load: an open-loop HTTP/1.1 load generator for loopdesk's benchmarks.
//
// Why not wrk: Debian's wrk (4.x) has no fixed-rate mode, and a closed loop hides queueing
// delay (coordinated omission). http_load either holds a fixed total request rate, measuring
// each request's latency from the moment it was *scheduled* to be sent, or saturates the
// server with one outstanding request per keep-alive connection.
//
// Model: one thread runs an Asio event loop; every connection is a C++20 coroutine.
//   * --rate R > 0: request k is scheduled at t0 + k/R. Whichever connection is free takes the
//     next k, waits for its scheduled time and sends it. When every connection is busy the
//     request leaves late, and its latency still counts from the schedule, so a stalled server
//     shows up in the percentiles instead of quietly lowering the rate.
//   * --rate 0: each connection sends its next request as soon as the previous response came
//     back; latency counts from the actual send.
// Requests whose scheduled (fixed rate) or actual (saturation) send time falls in the warm-up
// are sent but not reported. A connection that breaks or times out is counted as an error and
// reconnected; a response with `Connection: close` makes the connection reconnect silently.
//
// This is a measuring tool: it never fails because a number is bad. Exit status: 0 after a
// run (whatever the results), 2 for bad options or an unreachable URL.

#include <CLI/CLI.hpp>
#include <algorithm>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <cinttypes>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using asio::ip::tcp;
using SteadyClock = std::chrono::steady_clock;  // bench code measures real elapsed time

namespace {

struct Options {
  std::string url;
  std::string method = "POST";
  std::string token;
  std::string body_file;
  std::string content_type = "application/json";
  int connections = 16;
  double rate = 0;  // requests/s in total; 0 = saturation
  double duration_s = 10;
  double warmup_s = 2;
  double timeout_s = 10;  // per connect / write / read
  double drain_s = 5;     // how long after the window a backlog of scheduled requests may go on
  uint64_t seq_start = 0;
  bool json = false;
  std::string label;
};

struct Url {
  std::string host;
  std::string port = "80";
  std::string target = "/";
};

// Parses http://host[:port][/target]. Only plain HTTP: the benchmarks run on loopback.
std::optional<Url> ParseUrl(const std::string& s) {
  const std::string scheme = "http://";
  if (s.rfind(scheme, 0) != 0) return std::nullopt;
  std::string rest = s.substr(scheme.size());
  Url u;
  auto slash = rest.find('/');
  std::string authority = rest.substr(0, slash);
  if (slash != std::string::npos) u.target = rest.substr(slash);
  if (!authority.empty() && authority.front() == '[') {  // [v6]:port
    auto close = authority.find(']');
    if (close == std::string::npos) return std::nullopt;
    u.host = authority.substr(1, close - 1);
    if (close + 1 < authority.size()) {
      if (authority[close + 1] != ':') return std::nullopt;
      u.port = authority.substr(close + 2);
    }
  } else {
    auto colon = authority.rfind(':');
    u.host = authority.substr(0, colon);
    if (colon != std::string::npos) u.port = authority.substr(colon + 1);
  }
  if (u.host.empty() || u.port.empty()) return std::nullopt;
  return u;
}

// The request body with every "{{n}}" replaced by a sequence number, so each ticket differs.
class BodyTemplate {
 public:
  explicit BodyTemplate(const std::string& text) {
    const std::string mark = "{{n}}";
    size_t pos = 0;
    for (;;) {
      auto hit = text.find(mark, pos);
      pieces_.push_back(text.substr(pos, hit == std::string::npos ? std::string::npos : hit - pos));
      if (hit == std::string::npos) break;
      pos = hit + mark.size();
    }
  }
  std::string Render(uint64_t n) const {
    std::string num = std::to_string(n), out;
    out.reserve(pieces_.size() * 16 + 256);
    for (size_t i = 0; i < pieces_.size(); ++i) {
      if (i) out += num;
      out += pieces_[i];
    }
    return out;
  }

 private:
  std::vector<std::string> pieces_;
};

// Everything the connections share. Only the event-loop thread touches it: no locks.
struct Run {
  Options opt;
  Url url;
  tcp::resolver::results_type endpoints;
  std::optional<BodyTemplate> body;
  bool fixed = false;
  SteadyClock::duration interval{};  // fixed rate: time between scheduled requests
  SteadyClock::time_point t0, t_measure, t_end, t_give_up;

  uint64_t next_k = 0;    // fixed rate: next request slot
  uint64_t next_seq = 0;  // body sequence number
  uint64_t first_window_k = 0;  // first slot scheduled at or after t_measure
  uint64_t end_k = 0;           // first slot scheduled at or after t_end

  // Counters for requests in the measured window.
  uint64_t sent = 0, ok = 0, not_sent = 0, late_sends = 0;
  std::map<int, uint64_t> by_status;             // non-2xx
  std::map<std::string, uint64_t> io_errors;     // connect/write/read/timeout
  std::map<int, std::string> sample_body;        // first body seen per non-2xx status
  std::vector<int64_t> latencies_us;             // 2xx responses only
  SteadyClock::time_point last_done{};           // last response to a window request
  // Over all phases (warm-up and drain included): for comparing with the rows in the store.
  uint64_t ok_all = 0, sent_all = 0, reconnects = 0;
};

double Seconds(SteadyClock::duration d) { return std::chrono::duration<double>(d).count(); }

std::string Trim(const std::string& s, size_t n) {
  return s.size() <= n ? s : s.substr(0, n) + "...";
}

std::string JsonEscape(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out;
}

// Classifies an I/O error for the report.
std::string IoErrorName(const char* stage, const beast::error_code& ec) {
  if (ec == beast::error::timeout) return std::string(stage) + ": timeout";
  return std::string(stage) + ": " + ec.message();
}

// One keep-alive connection: takes requests from the shared schedule until the run ends.
asio::awaitable<void> Connection(Run& run) {
  auto ex = co_await asio::this_coro::executor;
  std::optional<beast::tcp_stream> stream;
  beast::flat_buffer buffer;
  asio::steady_timer timer(ex);
  const auto timeout = std::chrono::duration_cast<SteadyClock::duration>(
      std::chrono::duration<double>(run.opt.timeout_s));
  http::verb verb = http::string_to_verb(run.opt.method);

  for (;;) {
    SteadyClock::time_point intended;
    if (run.fixed) {
      uint64_t k = run.next_k;
      intended = run.t0 + run.interval * static_cast<int64_t>(k);
      if (intended >= run.t_end) break;
      if (SteadyClock::now() > run.t_give_up) {
        // Too far behind schedule: the rest of the window's slots are never sent.
        run.not_sent += run.end_k - std::max(k, run.first_window_k);
        run.next_k = run.end_k;  // every other connection stops too
        break;
      }
      ++run.next_k;
      if (SteadyClock::now() < intended) {
        timer.expires_at(intended);
        beast::error_code ec;
        co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
      }
    } else {
      if (SteadyClock::now() >= run.t_end) break;
    }

    beast::error_code ec;
    if (!stream) {
      stream.emplace(ex);
      stream->expires_after(timeout);
      co_await stream->async_connect(run.endpoints, asio::redirect_error(asio::use_awaitable, ec));
      if (ec) {
        auto now = SteadyClock::now();
        bool in_window = (run.fixed ? intended : now) >= run.t_measure;
        if (in_window) {
          ++run.sent;
          ++run.io_errors[IoErrorName("connect", ec)];
        }
        stream.reset();
        if (!run.fixed) {  // don't spin on a refused port
          timer.expires_after(std::chrono::milliseconds(10));
          co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
        }
        continue;
      }
      stream->socket().set_option(tcp::no_delay(true), ec);
      buffer.clear();
    }

    http::request<http::string_body> req{verb, run.url.target, 11};
    req.set(http::field::host, run.url.host + ":" + run.url.port);
    req.set(http::field::user_agent, "loopdesk-http_load");
    if (!run.opt.token.empty()) req.set(http::field::authorization, "Bearer " + run.opt.token);
    if (run.body) {
      req.set(http::field::content_type, run.opt.content_type);
      req.body() = run.body->Render(run.opt.seq_start + run.next_seq++);
    }
    req.keep_alive(true);
    req.prepare_payload();

    auto send_time = SteadyClock::now();
    if (!run.fixed) intended = send_time;
    const bool in_window = intended >= run.t_measure;
    if (in_window) {
      ++run.sent;
      if (run.fixed && send_time - intended > std::chrono::milliseconds(1)) ++run.late_sends;
    }
    ++run.sent_all;

    stream->expires_after(timeout);
    co_await http::async_write(*stream, req, asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
      if (in_window) ++run.io_errors[IoErrorName("write", ec)];
      stream.reset();
      ++run.reconnects;
      continue;
    }
    http::response_parser<http::string_body> parser;
    parser.body_limit(64 << 20);
    co_await http::async_read(*stream, buffer, parser,
                              asio::redirect_error(asio::use_awaitable, ec));
    auto done = SteadyClock::now();
    if (ec) {
      if (in_window) ++run.io_errors[IoErrorName("read", ec)];
      stream.reset();
      ++run.reconnects;
      continue;
    }
    const auto& res = parser.get();
    int status = res.result_int();
    bool good = status >= 200 && status < 300;
    if (good) ++run.ok_all;
    if (in_window) {
      run.last_done = std::max(run.last_done, done);
      if (good) {
        ++run.ok;
        run.latencies_us.push_back(
            std::chrono::duration_cast<std::chrono::microseconds>(done - intended).count());
      } else {
        ++run.by_status[status];
        run.sample_body.try_emplace(status, Trim(res.body(), 400));
      }
    }
    if (!res.keep_alive()) {
      beast::error_code ignored;
      stream->socket().shutdown(tcp::socket::shutdown_both, ignored);
      stream.reset();
      ++run.reconnects;
    }
  }
  if (stream) {
    beast::error_code ignored;
    stream->socket().shutdown(tcp::socket::shutdown_both, ignored);
  }
}

struct Percentiles {
  double p50 = 0, p90 = 0, p99 = 0, p999 = 0, max = 0, mean = 0;
};

// Nearest-rank percentiles in milliseconds over the 2xx latencies.
Percentiles Summarize(std::vector<int64_t> v) {
  Percentiles p;
  if (v.empty()) return p;
  std::sort(v.begin(), v.end());
  auto at = [&](double q) {
    size_t rank = static_cast<size_t>(std::ceil(q * static_cast<double>(v.size())));
    if (rank == 0) rank = 1;
    return static_cast<double>(v[std::min(rank, v.size()) - 1]) / 1000.0;
  };
  p.p50 = at(0.50);
  p.p90 = at(0.90);
  p.p99 = at(0.99);
  p.p999 = at(0.999);
  p.max = static_cast<double>(v.back()) / 1000.0;
  double sum = 0;
  for (auto x : v) sum += static_cast<double>(x);
  p.mean = sum / static_cast<double>(v.size()) / 1000.0;
  return p;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  CLI::App app{"http_load — open-loop HTTP/1.1 load generator (keep-alive)"};
  app.add_option("--url", o.url, "target, e.g. http://127.0.0.1:8080/api/v1/tickets")->required();
  app.add_option("--method", o.method, "HTTP method")->capture_default_str();
  app.add_option("--token", o.token, "bearer token for the Authorization header");
  app.add_option("--body-file", o.body_file,
                 "request body template; each {{n}} becomes a sequence number")
      ->check(CLI::ExistingFile);
  app.add_option("--content-type", o.content_type, "Content-Type of the body")
      ->capture_default_str();
  app.add_option("--connections,-c", o.connections, "keep-alive connections")
      ->capture_default_str()
      ->check(CLI::Range(1, 10000));
  app.add_option("--rate,-r", o.rate, "total requests/s; 0 = saturation (closed loop)")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1e7));
  app.add_option("--duration,-d", o.duration_s, "measured seconds")
      ->capture_default_str()
      ->check(CLI::Range(0.1, 86400.0));
  app.add_option("--warmup", o.warmup_s, "seconds of load before measuring")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 3600.0));
  app.add_option("--timeout", o.timeout_s, "seconds allowed for each connect, write and read")
      ->capture_default_str()
      ->check(CLI::Range(0.001, 3600.0));
  app.add_option("--drain", o.drain_s,
                 "fixed rate: seconds after the window during which requests still behind "
                 "schedule are sent; the rest are reported as not sent")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 3600.0));
  app.add_option("--seq-start", o.seq_start, "first {{n}} value")->capture_default_str();
  app.add_option("--label", o.label, "free text copied into the report");
  app.add_flag("--json", o.json, "also print the report as one JSON line (the last line)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }

  Run run;
  run.opt = o;
  auto url = ParseUrl(o.url);
  if (!url) {
    std::fprintf(stderr, "http_load: --url wants http://HOST[:PORT][/PATH], got %s\n",
                 o.url.c_str());
    return 2;
  }
  run.url = *url;
  if (!o.body_file.empty()) {
    std::ifstream in(o.body_file, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    run.body.emplace(ss.str());
  }

  asio::io_context io(1);
  try {
    tcp::resolver resolver(io);
    run.endpoints = resolver.resolve(run.url.host, run.url.port);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "http_load: cannot resolve %s:%s: %s\n", run.url.host.c_str(),
                 run.url.port.c_str(), e.what());
    return 2;
  }

  auto secs = [](double s) {
    return std::chrono::duration_cast<SteadyClock::duration>(std::chrono::duration<double>(s));
  };
  run.fixed = o.rate > 0;
  run.t0 = SteadyClock::now() + std::chrono::milliseconds(20);
  run.t_measure = run.t0 + secs(o.warmup_s);
  run.t_end = run.t_measure + secs(o.duration_s);
  run.t_give_up = run.t_end + secs(o.drain_s);
  if (run.fixed) {
    run.interval = secs(1.0 / o.rate);
    if (run.interval.count() <= 0) run.interval = SteadyClock::duration(1);
    // Slot k is scheduled at t0 + k*interval; these are ceil((t - t0) / interval).
    auto slots_before = [&](SteadyClock::time_point t) {
      return static_cast<uint64_t>((t - run.t0 + run.interval - SteadyClock::duration(1)) /
                                   run.interval);
    };
    run.first_window_k = slots_before(run.t_measure);
    run.end_k = slots_before(run.t_end);
  }
  run.latencies_us.reserve(run.fixed ? run.end_k - run.first_window_k + 16 : 1 << 16);

  for (int i = 0; i < o.connections; ++i) asio::co_spawn(io, Connection(run), asio::detached);
  io.run();

  const double window = Seconds(std::max(run.t_end, run.last_done) - run.t_measure);
  const double achieved = window > 0 ? static_cast<double>(run.ok) / window : 0;
  uint64_t errors = 0;
  for (auto& [k, n] : run.by_status) errors += n;
  for (auto& [k, n] : run.io_errors) errors += n;
  Percentiles p = Summarize(run.latencies_us);
  const char* lat_from = run.fixed ? "scheduled send time" : "actual send time";

  // Human-readable block.
  std::printf("http_load %s %s%s%s\n", o.method.c_str(), o.url.c_str(),
              o.label.empty() ? "" : "  # ", o.label.c_str());
  if (run.fixed)
    std::printf("  mode        fixed rate %.0f req/s, %d connections, %.1f s (+%.1f s warm-up)\n",
                o.rate, o.connections, o.duration_s, o.warmup_s);
  else
    std::printf("  mode        saturation, %d connections, %.1f s (+%.1f s warm-up)\n",
                o.connections, o.duration_s, o.warmup_s);
  std::printf("  sent        %" PRIu64, run.sent);
  if (run.fixed)
    std::printf("   (late > 1 ms: %" PRIu64 ", never sent, behind schedule: %" PRIu64 ")",
                run.late_sends, run.not_sent);
  std::printf("\n  ok (2xx)    %" PRIu64 "\n  errors      %" PRIu64, run.ok, errors);
  for (auto& [k, n] : run.by_status) std::printf("  [%d x%" PRIu64 "]", k, n);
  for (auto& [k, n] : run.io_errors) std::printf("  [%s x%" PRIu64 "]", k.c_str(), n);
  std::printf("\n  achieved    %.1f ok/s over %.2f s\n", achieved, window);
  std::printf("  latency ms  p50 %.3f  p90 %.3f  p99 %.3f  p99.9 %.3f  max %.3f  mean %.3f\n",
              p.p50, p.p90, p.p99, p.p999, p.max, p.mean);
  std::printf("              (2xx only, from the %s)\n", lat_from);
  for (auto& [k, body] : run.sample_body)
    std::printf("  sample %d   %s\n", k, body.c_str());
  std::printf("  all phases  sent %" PRIu64 ", ok %" PRIu64 ", reconnects %" PRIu64 "\n",
              run.sent_all, run.ok_all, run.reconnects);

  if (o.json) {
    std::string j = "{";
    auto num = [&](const char* k, double v, bool comma = true) {
      char buf[64];
      std::snprintf(buf, sizeof buf, "\"%s\":%.3f", k, v);
      j += buf;
      if (comma) j += ",";
    };
    auto integer = [&](const char* k, uint64_t v) {
      j += "\"" + std::string(k) + "\":" + std::to_string(v) + ",";
    };
    j += "\"tool\":\"http_load\",\"label\":\"" + JsonEscape(o.label) + "\",";
    j += "\"url\":\"" + JsonEscape(o.url) + "\",\"method\":\"" + JsonEscape(o.method) + "\",";
    j += std::string("\"mode\":\"") + (run.fixed ? "fixed" : "saturation") + "\",";
    num("rate", o.rate);
    integer("connections", static_cast<uint64_t>(o.connections));
    num("duration_s", o.duration_s);
    num("warmup_s", o.warmup_s);
    integer("sent", run.sent);
    integer("ok", run.ok);
    integer("errors", errors);
    integer("not_sent", run.not_sent);
    integer("late_sends", run.late_sends);
    j += "\"errors_by_status\":{";
    bool first = true;
    for (auto& [k, n] : run.by_status) {
      j += (first ? "\"" : ",\"") + std::to_string(k) + "\":" + std::to_string(n);
      first = false;
    }
    j += "},\"io_errors\":{";
    first = true;
    for (auto& [k, n] : run.io_errors) {
      j += (first ? "\"" : ",\"") + JsonEscape(k) + "\":" + std::to_string(n);
      first = false;
    }
    j += "},\"error_samples\":{";
    first = true;
    for (auto& [k, b] : run.sample_body) {
      j += (first ? "\"" : ",\"") + std::to_string(k) + "\":\"" + JsonEscape(b) + "\"";
      first = false;
    }
    j += "},";
    num("window_s", window);
    num("achieved_rps", achieved);
    j += std::string("\"latency_from\":\"") + (run.fixed ? "scheduled" : "sent") + "\",";
    j += "\"latency_ms\":{";
    num("p50", p.p50);
    num("p90", p.p90);
    num("p99", p.p99);
    num("p99_9", p.p999);
    num("max", p.max);
    num("mean", p.mean, false);
    j += "},";
    integer("sent_all_phases", run.sent_all);
    integer("ok_all_phases", run.ok_all);
    j += "\"reconnects\":" + std::to_string(run.reconnects) + "}";
    std::printf("%s\n", j.c_str());
  }
  return 0;
}
