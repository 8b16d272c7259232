// loopdesk: the command line. `serve` wires the concrete store, secrets, clock and HTTP
// server together; this is the only place that knows every concrete type.

#include <CLI/CLI.hpp>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>

#ifdef LOOPDESK_HAVE_DEMO
#include "app/demo_data.h"
#endif
#include "app/event_bus.h"
#include "app/scheduler.h"
#include "app/service.h"
#include "http/api.h"
#include "http/server.h"
#include "http/sodium_secrets.h"
#include "main/demo_credentials.h"
#include "storage/sqlite/sqlite_store.h"

namespace fs = std::filesystem;
using namespace loopdesk;

namespace {

struct ServeOptions {
  std::string data_dir = "./loopdesk-data";
  std::string listen = "127.0.0.1:8080";
  std::string db_url;
  bool demo = false;
  size_t max_body_bytes = 1 << 20;
  int worker_threads = 64;
  std::string web_dir;  // empty: ./web/dist if it exists, else the source tree's web/dist
};

// The web application's directory: --web, else ./web/dist when built there, else the
// web/dist of the source tree this binary was built from.
std::string WebDir(const std::string& given) {
  if (!given.empty()) return given;
  std::error_code ec;
  if (fs::is_regular_file("web/dist/index.html", ec)) return fs::absolute("web/dist").string();
#ifdef LOOPDESK_SOURCE_WEB_DIST
  return LOOPDESK_SOURCE_WEB_DIST;
#else
  return "web/dist";
#endif
}

int Fail(const std::string& msg, int code = 1) {
  std::fprintf(stderr, "loopdesk: %s\n", msg.c_str());
  return code;
}

// Creates the data directory if needed and proves it is writable.
Status PrepareDataDir(const std::string& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return Status::Unavailable("cannot create data directory " + dir + ": " + ec.message());
  if (!fs::is_directory(dir, ec))
    return Status::Unavailable("data directory " + dir + " is not a directory");
  fs::path probe = fs::path(dir) / ".write-test";
  FILE* f = std::fopen(probe.c_str(), "w");
  if (!f)
    return Status::Unavailable("data directory " + dir + " is not writable: " +
                               std::strerror(errno));
  std::fclose(f);
  fs::remove(probe, ec);
  return Status::Ok();
}

bool SplitListen(const std::string& s, std::string* host, int* port) {
  auto colon = s.rfind(':');
  if (colon == std::string::npos || colon == 0) return false;
  *host = s.substr(0, colon);
  if (host->size() > 2 && host->front() == '[' && host->back() == ']')
    *host = host->substr(1, host->size() - 2);
  try {
    size_t used = 0;
    *port = std::stoi(s.substr(colon + 1), &used);
    if (used != s.size() - colon - 1) return false;
  } catch (...) {
    return false;
  }
  return *port >= 0 && *port <= 65535;
}

int Serve(const ServeOptions& o) {
  std::string host;
  int port = 0;
  if (!SplitListen(o.listen, &host, &port))
    return Fail("--listen wants HOST:PORT (e.g. 127.0.0.1:8080), got " + o.listen, 2);
  if (!o.db_url.empty() && o.db_url.rfind("postgres", 0) == 0)
    return Fail("the PostgreSQL backend is not available in this build yet; use the SQLite "
                "default (omit --db)",
                2);
  if (!o.db_url.empty() && o.db_url.rfind("sqlite:", 0) != 0)
    return Fail("--db wants postgresql://... or sqlite:PATH, got " + o.db_url, 2);
  if (auto st = PrepareDataDir(o.data_dir); !st.ok()) return Fail(st.message());

  std::string db_path = o.db_url.empty() ? (fs::path(o.data_dir) / "loopdesk.db").string()
                                         : o.db_url.substr(7);
  auto store = SqliteStore::Open(db_path);
  if (!store.ok()) return Fail("cannot open the database: " + store.status().message());

  SystemClock clock;
  http::SodiumSecrets secrets;
  EventBus bus;
  Service svc(**store, secrets, clock, bus);
  if (auto st = svc.LoadSettings(); !st.ok())
    return Fail("stored settings are unusable: " + st.ToString());

  const char* boot = std::getenv("LOOPDESK_BOOTSTRAP_TOKEN");
  std::string boot_token = boot ? boot : "";
  bool printed_demo_token = false;
  if (boot_token.empty() && o.demo) {
    // A demo needs someone to sign in as: make an admin token and keep it beside the data.
    boot_token = secrets.NewToken();
    printed_demo_token = true;
  }
  if (!boot_token.empty()) {
    auto created = svc.Bootstrap(boot_token);
    if (!created.ok()) return Fail("bootstrap failed: " + created.status().message());
    if (*created && printed_demo_token) {
      fs::path p = fs::path(o.data_dir) / "demo-admin-token.txt";
      std::ofstream(p) << boot_token << "\n";
      fs::permissions(p, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace);
      std::cout << "demo admin token: " << boot_token << " (also in " << p.string() << ")"
                << std::endl;
    }
  }

#ifdef LOOPDESK_HAVE_DEMO
  if (o.demo) {
    Principal system;
    system.role = Role::kAdmin;
    TicketFilter one;
    one.limit = 1;
    auto existing = svc.ListTickets(system, one);
    if (!existing.ok()) return Fail("cannot read the store: " + existing.status().message());
    if (existing->items.empty()) {
      spdlog::info("store is empty: generating demo data");
      DemoSummary summary{};
      auto st = GenerateDemoData(svc, clock.Now(), DemoOptions{}, &summary,
                                 [](int done, int total) {
                                   if (done == total || done % 10 == 0)
                                     spdlog::info("demo data: {}/{}", done, total);
                                 });
      if (!st.ok()) return Fail("demo data generation failed: " + st.ToString());
      spdlog::info("demo data: {} customers, {} agents, {} tickets, {} messages",
                   summary.customers, summary.agents, summary.tickets, summary.messages);
    }
  }
#endif
  if (o.demo) {
    if (auto st = EnsureDemoCredentials(svc, secrets, o.data_dir, std::cout); !st.ok())
      return Fail("demo sign-in setup failed: " + st.ToString());
  }

  http::LiveEvents live(bus);
  http::Api api(svc, WebDir(o.web_dir), &live);
  http::ServerOptions so;
  so.host = host;
  so.port = port;
  so.max_body_bytes = o.max_body_bytes;
  so.worker_threads = o.worker_threads;
  so.on_stop = [&live] { live.Stop(); };
  http::HttpServer server(so, [&api](http::Request& req) { return api.Handle(req); });
  if (auto st = server.Start(); !st.ok()) return Fail(st.message());
  Scheduler scheduler(svc);
  scheduler.Start();
  std::string shown_host = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  std::cout << "listening on http://" << shown_host << ":" << server.port() << std::endl;
  server.RunUntilSignal();
  scheduler.Stop();
  spdlog::info("shut down cleanly");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  auto logger = spdlog::stderr_color_mt("loopdesk");
  spdlog::set_default_logger(logger);
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");

  CLI::App app{"loopdesk — customer-service quality management"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "loopdesk 0.1.0");

  ServeOptions so;
  auto* serve = app.add_subcommand("serve", "run the HTTP server");
  serve->add_option("--data", so.data_dir, "data directory (SQLite database and indexes)")
      ->capture_default_str();
  serve->add_option("--listen", so.listen, "HOST:PORT to listen on (port 0 picks a free one)")
      ->capture_default_str();
  serve->add_option("--db", so.db_url,
                    "database URL: sqlite:PATH (default: loopdesk.db in the data directory)");
  serve->add_option("--web", so.web_dir,
                    "built web application to serve (default: ./web/dist, else the source "
                    "tree's web/dist)");
  serve->add_flag("--demo", so.demo, "fill an empty store with a realistic demo data set");
  serve->add_option("--max-body-bytes", so.max_body_bytes, "largest accepted request body")
      ->capture_default_str()
      ->check(CLI::Range(size_t{1024}, size_t{1} << 30));
  serve->add_option("--workers", so.worker_threads, "request worker threads")
      ->capture_default_str()
      ->check(CLI::Range(1, 1024));

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  if (serve->parsed()) return Serve(so);
  return 0;
}
