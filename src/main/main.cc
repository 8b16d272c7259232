// loopdesk: the command line. `serve` wires the concrete store, secrets, clock and HTTP
// server together; this is the only place that knows every concrete type.

#include <CLI/CLI.hpp>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <unistd.h>

#ifdef LOOPDESK_HAVE_DEMO
#include "app/demo_data.h"
#endif
#include "app/analytics_feed.h"
#include "app/cust_feed.h"
#include "app/event_bus.h"
#include "app/feedback_insights.h"
#include "app/import.h"
#include "app/demo_knowledge.h"
#include "app/knowledge_service.h"
#include "app/knowledge_tokenizer.h"
#include "app/qa_service.h"
#include "app/scheduler.h"
#include "app/service.h"
#include "http/api.h"
#include "http/import_codec.h"
#include "http/server.h"
#include "http/sodium_secrets.h"
#include "http/webhook_sender.h"
#include "search/xapian/xapian_index.h"
#include "main/demo_credentials.h"
#include "storage/postgres/pg_store.h"
#include "storage/sqlite/migrations.h"
#include "storage/sqlite/sqlite_store.h"
#include "text/analyzer.h"
#include "main/text_commands.h"
#include "text/turn_scorer_lexicon.h"

namespace fs = std::filesystem;
using namespace loopdesk;

namespace {

struct ServeOptions {
  std::string data_dir = "./loopdesk-data";
  std::string listen = "127.0.0.1:8080";
  std::string db_url;
  bool demo = false;
  std::string notify_webhook;  // overrides the stored voc setting when non-empty
  size_t max_body_bytes = 1 << 20;
  int worker_threads = 64;
  int64_t rules_interval_s = 60;
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

// --db: empty (the data directory's SQLite file), sqlite:PATH, postgresql://... or
// postgres://... (API.md).
bool DbUrlOk(const std::string& db) {
  return db.empty() || db.rfind("sqlite:", 0) == 0 || IsPostgresUrl(db);
}

Result<std::unique_ptr<Store>> OpenStore(const std::string& db, const std::string& data_dir,
                                         bool bulk_load = false) {
  if (IsPostgresUrl(db)) {
    auto pg = PgStore::Open(db);
    if (!pg.ok()) return pg.status();
    return std::unique_ptr<Store>(std::move(*pg));
  }
  std::string path = db.empty() ? (fs::path(data_dir) / "loopdesk.db").string() : db.substr(7);
  SqliteOptions opts;
  opts.bulk_load = bulk_load;
  auto lite = SqliteStore::Open(path, opts);
  if (!lite.ok()) return lite.status();
  return std::unique_ptr<Store>(std::move(*lite));
}

int Serve(const ServeOptions& o) {
  std::string host;
  int port = 0;
  if (!SplitListen(o.listen, &host, &port))
    return Fail("--listen wants HOST:PORT (e.g. 127.0.0.1:8080), got " + o.listen, 2);
  if (!DbUrlOk(o.db_url))
    return Fail("--db wants postgresql://... or sqlite:PATH, got " + o.db_url, 2);
  if (auto st = PrepareDataDir(o.data_dir); !st.ok()) return Fail(st.message());

  auto store = OpenStore(o.db_url, o.data_dir);
  if (!store.ok()) return Fail("cannot open the database: " + store.status().message());
  spdlog::info("store: {}", (*store)->Describe());

  SystemClock clock;
  http::SodiumSecrets secrets;
  EventBus bus;
  Service svc(**store, secrets, clock, bus);
  auto analyzer = text::Analyzer::Load();
  if (!analyzer.ok()) return Fail("cannot load the text engine: " + analyzer.status().message());
  if (!(*analyzer)->has_model())
    spdlog::warn("no sentiment model found: sentiment comes from the lexicon rules alone");
  svc.SetAnalyzer(analyzer->get());
  FeedbackInsights feedback_insights(**store, **analyzer);  // clusters and keywords
  svc.SetFeedbackInsights(&feedback_insights);
  if (auto st = svc.LoadSettings(); !st.ok())
    return Fail("stored settings are unusable: " + st.ToString());
  // Quality inspection: scores each conversation after every committed change, off the
  // request path. The analyzer adapter (text/turn_scorer_analyzer.h) scores worse on the
  // labelled dialogues (docs/qa.md), so the lexicon stays.
  text::LexiconTurnScorer turn_scorer;
  QaService qa(**store, clock, bus, turn_scorer);
  if (auto st = qa.Load(); !st.ok()) return Fail("stored QA rubric is unusable: " + st.ToString());

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

  // QA follows live changes only: the demo history is scored on read (GET .../qa).
  bus.Subscribe([&qa](const Event& e) { qa.Notify(e); });

  // Knowledge base: article and similar-ticket indexes rebuilt from the store, then kept
  // current (docs/knowledge.md).
  AnalyzerTokenizer tokenizer(**analyzer);
  auto article_index = search::XapianIndex::Create(&tokenizer);
  search::XapianIndexOptions ticket_opts;
  ticket_opts.store_body = false;
  auto ticket_index = search::XapianIndex::Create(&tokenizer, ticket_opts);
  if (!article_index.ok() || !ticket_index.ok())
    return Fail("cannot open the search index: " + (article_index.ok() ? ticket_index.status()
                                                                      : article_index.status())
                                                        .message());
  KnowledgeService knowledge(**store, clock, bus, **article_index, **ticket_index);
  {
    const TimeMs t0 = clock.Now();
    if (auto st = knowledge.Load(/*tickets_in_background=*/true); !st.ok())
      return Fail("cannot build the knowledge index: " + st.ToString());
#ifdef LOOPDESK_HAVE_DEMO
    if (o.demo) {
      auto seeded = SeedDemoKnowledge(knowledge);
      if (!seeded.ok()) return Fail("demo knowledge failed: " + seeded.status().ToString());
    }
#endif
    spdlog::info("knowledge: {} articles indexed in {} ms; resolved tickets index in the "
                 "background",
                 knowledge.article_count(), clock.Now() - t0);
  }
  bus.Subscribe([&knowledge](const Event& e) { knowledge.Notify(e); });

  // Analytics: the fact store is rebuilt from the event log, then kept current from the bus
  // (subscribed first: the feed queues live events while it loads and ignores what it has
  // already applied). The load runs in the background so that the server listens at once
  // with any history (docs/benchmarks.md "Server start"); until it is done the analytics
  // routes answer 503 warming_up with Retry-After.
  AnalyticsFeed feed([&svc] { return svc.SlaSnapshot(); });
  // Warm start (docs/analytics-snapshot.md): the fact snapshot in the data directory lets the
  // load replay only the events after it; it is written after a full replay, periodically
  // (off the request path) and at a clean shutdown.
  feed.SetSnapshot((fs::path(o.data_dir) / "analytics-facts.snap").string(),
                   static_cast<uint64_t>(sqlite::LatestSchemaVersion()));
  bus.Subscribe([&feed](const Event& e) { feed.Apply(e); });
  feed.BeginLoad();
  svc.SetAnalytics(&feed);
  std::thread analytics_loader([&feed, &svc, &clock, &store] {
    const TimeMs t0 = clock.Now();
    if (auto st = feed.Load(**store); !st.ok()) {
      spdlog::error("cannot load analytics: {}", st.ToString());
      svc.SetAnalytics(nullptr);
      return;
    }
    const std::string note = feed.load_note();
    timespec cpu{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &cpu);
    spdlog::info("analytics: {} tickets loaded in {} ms ({} ms CPU) from {}", feed.facts().size(),
                 clock.Now() - t0, cpu.tv_sec * 1000 + cpu.tv_nsec / 1000000, note);
    if (note.rfind("snapshot", 0) != 0) {  // after a full replay, so the next start is warm
      const TimeMs t1 = clock.Now();
      if (auto st = feed.SaveSnapshot(/*exact=*/false); !st.ok())
        spdlog::warn("analytics snapshot not written: {}", st.message());
      else
        spdlog::info("analytics snapshot written in {} ms", clock.Now() - t1);
    }
  });
  struct JoinLoader {
    AnalyticsFeed& feed;
    std::thread& t;
    ~JoinLoader() {
      feed.CancelLoad();
      if (t.joinable()) t.join();
    }
  } join_loader{feed, analytics_loader};
  // Customer reports (docs/reports.md "How it is fast"): the per-customer index is read once
  // in the background (the reports use the SQL path until then) and kept current from the bus
  // (subscribed first: customers touched during the load are read again).
  // LOOPDESK_CUST_INDEX=0 leaves the reports on the SQL path (comparisons, measurements).
  CustFeed cust_feed;
  const char* cust_index_env = std::getenv("LOOPDESK_CUST_INDEX");
  const bool cust_index = !(cust_index_env && std::string_view(cust_index_env) == "0");
  if (cust_index) {
    bus.Subscribe([&cust_feed](const Event& e) { cust_feed.Apply(e); });
    svc.SetCustFeed(&cust_feed);
  }
  std::thread cust_loader([&cust_feed, &svc, &clock, &store, cust_index] {
    if (!cust_index) return;
    const TimeMs t0 = clock.Now();
    if (auto st = cust_feed.Load(**store); !st.ok()) {
      spdlog::error("cannot load the customer index (reports stay on SQL): {}", st.ToString());
      svc.SetCustFeed(nullptr);
      return;
    }
    timespec cpu{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &cpu);
    const CustFeed::Stats s = cust_feed.stats();
    spdlog::info("customer index: {} customers, {} tickets loaded in {} ms ({} ms CPU), ~{} MB",
                 s.customers, s.tickets, clock.Now() - t0,
                 cpu.tv_sec * 1000 + cpu.tv_nsec / 1000000, s.bytes / (1024 * 1024));
  });
  struct JoinCustLoader {
    std::thread& t;
    ~JoinCustLoader() {
      if (t.joinable()) t.join();
    }
  } join_cust_loader{cust_loader};
  // Periodic snapshot: after 100,000 applied events, or 10 minutes after the first event
  // since the last one.
  std::mutex snap_mu;
  std::condition_variable snap_cv;
  bool snap_stop = false;
  std::thread snapshotter([&] {
    TimeMs last = clock.Now();
    std::unique_lock lock(snap_mu);
    while (!snap_cv.wait_for(lock, std::chrono::seconds(2), [&] { return snap_stop; })) {
      const uint64_t n = feed.applied_since_snapshot();
      if (feed.warming() || n == 0) {
        last = clock.Now();
        continue;
      }
      if (n < 100000 && clock.Now() - last < 10 * 60 * 1000) continue;
      lock.unlock();
      if (auto st = feed.SaveSnapshot(/*exact=*/false); !st.ok())
        spdlog::warn("analytics snapshot not written: {}", st.message());
      lock.lock();
      last = clock.Now();
    }
  });
  struct StopSnapshotter {
    std::mutex& mu;
    std::condition_variable& cv;
    bool& stop;
    std::thread& t;
    ~StopSnapshotter() {
      {
        std::lock_guard lock(mu);
        stop = true;
      }
      cv.notify_all();
      if (t.joinable()) t.join();
    }
  } stop_snapshotter{snap_mu, snap_cv, snap_stop, snapshotter};

  http::LiveEvents live(bus);
  http::Api api(svc, WebDir(o.web_dir), &qa, &live, &knowledge);
  http::ServerOptions so;
  so.host = host;
  so.port = port;
  so.max_body_bytes = o.max_body_bytes;
  so.worker_threads = o.worker_threads;
  so.on_stop = [&live] { live.Stop(); };
  http::HttpServer server(so, [&api](http::Request& req) { return api.Handle(req); });
  if (auto st = server.Start(); !st.ok()) return Fail(st.message());
  std::string shown_host = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  http::WebhookSender webhook_sender;
  svc.ConfigureVoc("http://" + shown_host + ":" + std::to_string(server.port()), o.notify_webhook,
                   &webhook_sender);
  Scheduler scheduler(svc, o.rules_interval_s * 1000);
  scheduler.Start();
  qa.Start();
  std::cout << "listening on http://" << shown_host << ":" << server.port() << std::endl;
  // Feedback written without the live hooks (import, older databases) is linked to products
  // in the background, so a large history does not delay the start (docs/voc.md).
  // Stopped between batches at shutdown (what is left is linked at the next start).
  std::atomic<bool> stop_linking{false};
  std::thread feedback_linker([&svc, &stop_linking] {
    auto n = svc.LinkPendingFeedback(&stop_linking);
    if (!n.ok()) spdlog::warn("feedback linking stopped: {}", n.status().ToString());
    else if (*n > 0) spdlog::info("feedback: {} items linked to products", *n);
  });
  server.RunUntilSignal();
  stop_linking = true;
  feedback_linker.join();
  qa.Stop();
  scheduler.Stop();
  if (!feed.warming()) {
    const TimeMs t1 = clock.Now();
    if (auto st = feed.SaveSnapshot(/*exact=*/true); !st.ok())
      spdlog::warn("analytics snapshot not written: {}", st.message());
    else
      spdlog::info("analytics snapshot written in {} ms", clock.Now() - t1);
  }
  spdlog::info("shut down cleanly");
  return 0;
}

struct ImportOptions {
  std::string data_dir = "./loopdesk-data";
  std::string db_url;
  bool strict = false;
  std::string file;
  int batch = 5000;
};

// Progress on stderr: a bar when the size is known (a file), else a line count. Redrawn in
// place on a terminal; on a pipe one line per 10 %.
class Progress {
 public:
  Progress(int64_t total_bytes, const Clock& clock)
      : total_(total_bytes), tty_(isatty(2)), clock_(clock), start_(clock.Now()) {}
  void Update(int64_t bytes, int64_t lines, bool done = false) {
    const int pct = total_ > 0 ? static_cast<int>(bytes * 100 / std::max<int64_t>(total_, 1)) : -1;
    if (!tty_ && (done ? pct == last_pct_ : pct / 10 == last_pct_ / 10)) return;
    if (tty_ && !done && clock_.Now() - last_draw_ < 100) return;
    last_pct_ = pct;
    last_draw_ = clock_.Now();
    const double secs = std::max<double>(1e-3, (clock_.Now() - start_) / 1000.0);
    char line[160];
    if (pct >= 0) {
      const int width = 30, fill = pct * width / 100;
      std::snprintf(line, sizeof line, "[%.*s%*s] %3d%% %lld lines, %.0f lines/s",
                    fill, "==============================", width - fill, "", pct,
                    static_cast<long long>(lines), lines / secs);
    } else {
      std::snprintf(line, sizeof line, "%lld lines, %.0f lines/s", static_cast<long long>(lines),
                    lines / secs);
    }
    std::fprintf(stderr, tty_ ? "\r%s%s" : "%s%s", line, tty_ && !done ? "" : "\n");
    std::fflush(stderr);
  }

 private:
  int64_t total_;
  bool tty_;
  const Clock& clock_;
  TimeMs start_, last_draw_ = 0;
  int last_pct_ = -100;
};

int Import(const ImportOptions& o) {
  if (!DbUrlOk(o.db_url))
    return Fail("--db wants postgresql://... or sqlite:PATH, got " + o.db_url, 2);
  std::ifstream file;
  std::istream* in = &std::cin;
  int64_t total = 0;
  if (o.file != "-") {
    file.open(o.file, std::ios::binary);
    if (!file) return Fail("cannot open " + o.file + ": " + std::strerror(errno));
    std::error_code ec;
    total = static_cast<int64_t>(fs::file_size(o.file, ec));
    if (ec) total = 0;
    in = &file;
  }
  if (o.db_url.empty())
    if (auto st = PrepareDataDir(o.data_dir); !st.ok()) return Fail(st.message());
  auto store = OpenStore(o.db_url, o.data_dir, /*bulk_load=*/true);
  if (!store.ok()) return Fail("cannot open the database: " + store.status().message());
  SystemClock clock;
  http::SodiumSecrets secrets;
  EventBus bus;
  Service svc(**store, secrets, clock, bus);
  if (auto st = svc.LoadSettings(); !st.ok())
    return Fail("stored settings are unusable: " + st.ToString());

  Importer importer(svc, o.strict, o.batch, /*bulk=*/true);
  // A record of the import format takes ≈ 0.8 KiB with a short history: the file size says
  // about how many are coming (the store may then build its indexes once, at the end).
  importer.ExpectRecords(total / 1024);
  Progress progress(total, clock);
  // Whole lines in chunks of about 4 MiB: the carried-over tail is a partial line.
  std::string buf, carry;
  std::vector<char> chunk(4 << 20);
  int line_no = 1;
  int64_t bytes = 0;
  for (;;) {
    in->read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    const std::streamsize got = in->gcount();
    if (got <= 0) break;
    bytes += got;
    buf = std::move(carry);
    buf.append(chunk.data(), static_cast<size_t>(got));
    size_t last_nl = buf.rfind('\n');
    if (last_nl == std::string::npos) {
      carry = std::move(buf);
      continue;
    }
    carry = buf.substr(last_nl + 1);
    buf.resize(last_nl);
    auto n = http::ImportNdjson(buf, line_no, importer);
    if (!n.ok()) return Fail("import stopped: " + n.status().ToString());
    line_no += *n;
    progress.Update(bytes, line_no - 1);
  }
  if (in->bad()) return Fail("cannot read the input");
  if (!carry.empty()) {
    auto n = http::ImportNdjson(carry, line_no, importer);
    if (!n.ok()) return Fail("import stopped: " + n.status().ToString());
    line_no += *n;
  }
  if (auto st = importer.Finish(); !st.ok()) return Fail("import stopped: " + st.ToString());
  progress.Update(bytes, line_no - 1, /*done=*/true);
  const ImportSummary& s = importer.summary();
  constexpr size_t kShown = 1000;
  for (size_t i = 0; i < s.errors.size() && i < kShown; ++i)
    std::fprintf(stderr, "line %d: %s\n", s.errors[i].line, s.errors[i].message.c_str());
  if (s.errors.size() > kShown)
    std::fprintf(stderr, "... and %zu more errors\n", s.errors.size() - kShown);
  if (s.duplicates > 0)
    std::fprintf(stderr, "%lld duplicates skipped (external_id already imported)\n",
                 static_cast<long long>(s.duplicates));
  if (o.strict && !s.errors.empty())
    std::fprintf(stderr, "strict import: nothing was imported\n");
  std::printf("imported %lld tickets, %lld customers, %zu errors\n",
              static_cast<long long>(s.tickets), static_cast<long long>(s.customers),
              s.errors.size());
  std::fflush(stdout);
  return o.strict && !s.errors.empty() ? 1 : 0;
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
                    "database URL: sqlite:PATH (default: loopdesk.db in the data directory) or "
                    "postgresql://USER:PASS@HOST:PORT/DB");
  serve->add_option("--web", so.web_dir,
                    "built web application to serve (default: ./web/dist, else the source "
                    "tree's web/dist)");
  serve->add_flag("--demo", so.demo, "fill an empty store with a realistic demo data set");
  serve->add_option("--notify-webhook", so.notify_webhook,
                    "http:// URL that receives outbox notifications (survey links) as JSON POSTs");
  serve->add_option("--max-body-bytes", so.max_body_bytes, "largest accepted request body")
      ->capture_default_str()
      ->check(CLI::Range(size_t{1024}, size_t{1} << 30));
  serve->add_option("--workers", so.worker_threads, "request worker threads")
      ->capture_default_str()
      ->check(CLI::Range(1, 1024));
  serve->add_option("--rules-interval-s", so.rules_interval_s,
                    "how often the `schedule` rules run over the active tickets, in seconds")
      ->capture_default_str()
      ->check(CLI::Range(1, 86400));

  TextCommands text_cmds;
  AddTextCommands(app, text_cmds);

  ImportOptions io;
  auto* imp = app.add_subcommand("import",
                                 "load historical tickets from NDJSON (API.md import format)");
  imp->add_option("--data", io.data_dir, "data directory (SQLite database)")->capture_default_str();
  imp->add_option("--db", io.db_url, "database URL: sqlite:PATH or postgresql://USER:PASS@HOST:PORT/DB")->excludes("--data");
  imp->add_flag("--strict", io.strict, "import all lines or nothing");
  imp->add_option("--batch", io.batch, "tickets per transaction (not with --strict)")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000000));
  imp->add_option("FILE", io.file, "NDJSON file, or - for standard input")->required();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  if (serve->parsed()) return Serve(so);
  if (int rc = RunTextCommands(text_cmds); rc >= 0) return rc;
  if (imp->parsed()) return Import(io);
  return 0;
}
