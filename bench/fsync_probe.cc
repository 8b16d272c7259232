// fsync_probe: how long one durable commit costs on a filesystem, without SQLite.
//
// SQLite in WAL mode with synchronous=FULL writes the transaction's frames to the -wal file
// and syncs it once per commit (fdatasync on Linux). This program does the same shape of I/O:
// write `--size` bytes, then sync, `--count` times, and reports the sync rate and latency.
// That rate is the ceiling on commits/s, so (tickets per commit) x (commits/s) bounds the
// ticket rate a durable store can acknowledge.
//   --mode append     grow the file (like a fresh WAL: each sync also updates the size)
//   --mode overwrite  rewrite a preallocated file (like a WAL reused after a checkpoint)
// Exit status 0 after a run, 2 when the file cannot be created or written.

#include <fcntl.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

namespace {
using SteadyClock = std::chrono::steady_clock;  // bench code measures real elapsed time

double At(const std::vector<double>& sorted, double q) {
  size_t rank = static_cast<size_t>(std::ceil(q * static_cast<double>(sorted.size())));
  return sorted[std::min(std::max<size_t>(rank, 1), sorted.size()) - 1];
}
}  // namespace

int main(int argc, char** argv) {
  std::string dir = ".", mode = "append", sync = "fdatasync";
  int count = 1000;
  size_t size = 4096;
  bool json = false;
  CLI::App app{"fsync_probe — cost of write + sync on the filesystem holding --dir"};
  app.add_option("--dir", dir, "directory on the filesystem to probe")->check(CLI::ExistingDirectory);
  app.add_option("--count", count, "write+sync rounds")->check(CLI::Range(1, 10000000));
  app.add_option("--size", size, "bytes written before each sync")
      ->check(CLI::Range(size_t{1}, size_t{64} << 20));
  app.add_option("--mode", mode, "append | overwrite")->check(CLI::IsMember({"append", "overwrite"}));
  app.add_option("--sync", sync, "fdatasync | fsync")->check(CLI::IsMember({"fdatasync", "fsync"}));
  app.add_flag("--json", json, "also print one JSON line (the last line)");
  CLI11_PARSE(app, argc, argv);

  std::string path = dir + "/fsync_probe." + std::to_string(getpid()) + ".tmp";
  int fd = open(path.c_str(), O_CREAT | O_TRUNC | O_WRONLY, 0600);
  if (fd < 0) {
    std::fprintf(stderr, "fsync_probe: cannot create %s: %s\n", path.c_str(), std::strerror(errno));
    return 2;
  }
  std::vector<char> block(size, 'x');
  auto fail = [&](const char* what) {
    std::fprintf(stderr, "fsync_probe: %s %s: %s\n", what, path.c_str(), std::strerror(errno));
    close(fd);
    unlink(path.c_str());
    return 2;
  };
  if (mode == "overwrite") {  // preallocate and make the size durable first
    for (int i = 0; i < count; ++i)
      if (write(fd, block.data(), size) != static_cast<ssize_t>(size)) return fail("write");
    if (fsync(fd) != 0) return fail("fsync");
    if (lseek(fd, 0, SEEK_SET) != 0) return fail("lseek");
  }
  auto do_sync = sync == "fsync" ? fsync : fdatasync;

  std::vector<double> ms;
  ms.reserve(count);
  auto start = SteadyClock::now();
  for (int i = 0; i < count; ++i) {
    auto t = SteadyClock::now();
    if (write(fd, block.data(), size) != static_cast<ssize_t>(size)) return fail("write");
    if (do_sync(fd) != 0) return fail("sync");
    ms.push_back(std::chrono::duration<double, std::milli>(SteadyClock::now() - t).count());
  }
  double total = std::chrono::duration<double>(SteadyClock::now() - start).count();
  close(fd);
  unlink(path.c_str());

  std::vector<double> sorted = ms;
  std::sort(sorted.begin(), sorted.end());
  double rate = count / total;
  std::printf("fsync_probe %s, %s, %zu B x %d in %s\n", mode.c_str(), sync.c_str(), size, count,
              dir.c_str());
  std::printf("  %.0f syncs/s   latency ms p50 %.3f  p99 %.3f  max %.3f\n", rate, At(sorted, 0.5),
              At(sorted, 0.99), sorted.back());
  if (json)
    std::printf(
        "{\"tool\":\"fsync_probe\",\"mode\":\"%s\",\"sync\":\"%s\",\"size\":%zu,\"count\":%d,"
        "\"syncs_per_s\":%.1f,\"latency_ms\":{\"p50\":%.4f,\"p99\":%.4f,\"max\":%.4f}}\n",
        mode.c_str(), sync.c_str(), size, count, rate, At(sorted, 0.5), At(sorted, 0.99),
        sorted.back());
  return 0;
}
