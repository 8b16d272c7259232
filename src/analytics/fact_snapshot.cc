#include "analytics/fact_snapshot.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <type_traits>

namespace loopdesk::analytics {

namespace {

constexpr char kMagic[8] = {'L', 'D', 'F', 'A', 'C', 'T', 'S', '1'};
constexpr size_t kHeaderBytes = 8 + 4 + 4 + 8 + 8 + 8 + 8;

uint64_t Mix(uint64_t h) {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h;
}

class Writer {
 public:
  explicit Writer(std::string* out) : out_(out) {}
  template <typename T>
  void Put(T v) {
    static_assert(std::is_trivially_copyable_v<T>);
    out_->append(reinterpret_cast<const char*>(&v), sizeof v);
  }
  void Bytes(const void* p, size_t n) { out_->append(static_cast<const char*>(p), n); }
  void Str(std::string_view s) {
    Put<uint32_t>(static_cast<uint32_t>(s.size()));
    Bytes(s.data(), s.size());
  }
  template <typename T>
  void Vec(const std::vector<T>& v) {
    Put<uint32_t>(sizeof(T));
    Bytes(v.data(), v.size() * sizeof(T));
  }

 private:
  std::string* out_;
};

class Reader {
 public:
  Reader(const char* p, size_t n) : p_(p), end_(p + n) {}
  bool ok() const { return ok_; }
  bool done() const { return p_ == end_; }
  template <typename T>
  T Get() {
    T v{};
    if (!Take(&v, sizeof v)) return T{};
    return v;
  }
  bool Take(void* dst, size_t n) {
    if (!ok_ || static_cast<size_t>(end_ - p_) < n) return ok_ = false;
    if (n) std::memcpy(dst, p_, n);
    p_ += n;
    return true;
  }
  std::string Str() {
    const uint32_t n = Get<uint32_t>();
    if (!ok_ || static_cast<size_t>(end_ - p_) < n) {
      ok_ = false;
      return {};
    }
    std::string s(p_, n);
    p_ += n;
    return s;
  }
  template <typename T>
  void Vec(std::vector<T>* v, size_t n) {
    if (Get<uint32_t>() != sizeof(T) || !ok_) {
      ok_ = false;
      return;
    }
    if (static_cast<size_t>(end_ - p_) / sizeof(T) < n) {
      ok_ = false;
      return;
    }
    v->resize(n);
    Take(v->data(), n * sizeof(T));
  }

 private:
  const char* p_;
  const char* end_;
  bool ok_ = true;
};

void WriteDict(Writer& w, const Dictionary& d) {
  w.Put<uint32_t>(static_cast<uint32_t>(d.size()));
  for (size_t i = 0; i < d.size(); ++i) w.Str(d.Value(static_cast<uint32_t>(i)));
}

bool ReadDict(Reader& r, Dictionary* d) {
  const uint32_t n = r.Get<uint32_t>();
  if (!r.ok() || n == 0) return false;
  for (uint32_t i = 0; i < n; ++i) {
    std::string s = r.Str();
    if (!r.ok() || d->Code(s) != i) return false;  // duplicates or a wrong first entry
  }
  return true;
}

Status Errno(const std::string& what, const std::string& path) {
  return Status::Unavailable(what + " " + path + ": " + std::strerror(errno));
}

}  // namespace

uint64_t HashBytes(const void* data, size_t n, uint64_t seed) {
  const auto* p = static_cast<const unsigned char*>(data);
  uint64_t h = Mix(seed ^ 0x9e3779b97f4a7c15ULL ^ n);
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    std::memcpy(&w, p + i, 8);
    h = (h ^ Mix(w)) * 0x100000001b3ULL + 0x9e3779b97f4a7c15ULL;
  }
  uint64_t tail = 0;
  std::memcpy(&tail, p + i, n - i);
  return Mix(h ^ Mix(tail ^ (n - i)));
}

uint64_t FactLayoutHash() {
  std::string layout = "format " + std::to_string(kFactSnapshotFormat) + ";";
  FactColumns c;
#define X(col) layout += #col ":" + std::to_string(sizeof(c.col[0])) + ";";
  LD_FACT_COLUMNS(X)
#undef X
  layout += "complaint=" + std::string(FactStore::kComplaintCategory);
  return HashString(layout);
}

std::string FactSnapshot::Encode(const FactStore& facts, const FactSnapshotInfo& info) {
  return Seal(Capture(facts), info);
}

std::string FactSnapshot::Capture(const FactStore& facts) {
  std::string payload;
  {
    std::shared_lock lock(facts.mu_);
    const FactColumns& c = facts.cols_;
    payload.reserve(c.MemoryBytes() + 4096);
    Writer w(&payload);
    w.Put<uint64_t>(c.size());
#define X(col) w.Vec(c.col);
    LD_FACT_COLUMNS(X)
#undef X
    WriteDict(w, facts.teams_);
    WriteDict(w, facts.categories_);
    WriteDict(w, facts.regions_);
    w.Put<uint64_t>(facts.agents_.size());
    w.Vec(facts.agents_);
  }
  return payload;
}

std::string FactSnapshot::Seal(std::string payload, const FactSnapshotInfo& info) {
  Writer w(&payload);
  w.Put<uint64_t>(info.extra.size());
  w.Bytes(info.extra.data(), info.extra.size());

  std::string out;
  out.reserve(kHeaderBytes + payload.size());
  Writer h(&out);
  h.Bytes(kMagic, sizeof kMagic);
  h.Put<uint32_t>(kFactSnapshotFormat);
  h.Put<uint32_t>(info.flags);
  h.Put<uint64_t>(info.covered_seq);
  h.Put<uint64_t>(info.inputs_hash);
  h.Put<uint64_t>(payload.size());
  h.Put<uint64_t>(HashBytes(payload.data(), payload.size(), info.inputs_hash));
  out += payload;
  return out;
}

Status FactSnapshot::WriteFile(const std::string& path, const std::string& bytes) {
  namespace fs = std::filesystem;
  const std::string tmp = path + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Errno("cannot create", tmp);
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      Status st = Errno("cannot write", tmp);
      ::close(fd);
      ::unlink(tmp.c_str());
      return st;
    }
    done += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0) {
    Status st = Errno("cannot fsync", tmp);
    ::close(fd);
    ::unlink(tmp.c_str());
    return st;
  }
  ::close(fd);
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    Status st = Errno("cannot rename to", path);
    ::unlink(tmp.c_str());
    return st;
  }
  std::string dir = fs::path(path).parent_path().string();
  if (dir.empty()) dir = ".";
  int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    (void)::fsync(dfd);
    ::close(dfd);
  }
  return Status::Ok();
}

Result<FactSnapshotInfo> FactSnapshot::Read(const std::string& path, uint64_t inputs_hash,
                                            FactStore* facts) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return Status::NotFound("no fact snapshot at " + path);
    return Errno("cannot open", path);
  }
  std::string bytes;
  {
    off_t size = ::lseek(fd, 0, SEEK_END);
    ::lseek(fd, 0, SEEK_SET);
    if (size < 0) {
      ::close(fd);
      return Errno("cannot size", path);
    }
    bytes.resize(static_cast<size_t>(size));
    size_t done = 0;
    while (done < bytes.size()) {
      ssize_t n = ::read(fd, bytes.data() + done, bytes.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      done += static_cast<size_t>(n);
    }
    ::close(fd);
    bytes.resize(done);
  }
  auto damaged = [&](const std::string& why) {
    return Status::Internal("fact snapshot " + path + " is damaged: " + why);
  };
  if (bytes.size() < kHeaderBytes) return damaged("shorter than its header");
  Reader h(bytes.data(), kHeaderBytes);
  char magic[8];
  h.Take(magic, sizeof magic);
  if (std::memcmp(magic, kMagic, sizeof magic) != 0) return damaged("not a fact snapshot");
  FactSnapshotInfo info;
  const uint32_t format = h.Get<uint32_t>();
  info.flags = h.Get<uint32_t>();
  info.covered_seq = h.Get<uint64_t>();
  info.inputs_hash = h.Get<uint64_t>();
  const uint64_t payload_bytes = h.Get<uint64_t>();
  const uint64_t checksum = h.Get<uint64_t>();
  if (format != kFactSnapshotFormat)
    return Status::Conflict("fact snapshot " + path + " has format " + std::to_string(format) +
                            ", this binary writes " + std::to_string(kFactSnapshotFormat));
  if (info.inputs_hash != inputs_hash)
    return Status::Conflict("fact snapshot " + path +
                            " was computed with other inputs (SLA policies, calendars, fact "
                            "layout or schema changed)");
  if (payload_bytes != bytes.size() - kHeaderBytes)
    return damaged("payload is " + std::to_string(bytes.size() - kHeaderBytes) +
                   " bytes, header says " + std::to_string(payload_bytes));
  const char* payload = bytes.data() + kHeaderBytes;
  if (HashBytes(payload, payload_bytes, inputs_hash) != checksum)
    return damaged("checksum mismatch");

  // Parse everything into a fresh store first; `facts` changes only when all of it is valid.
  Reader r(payload, payload_bytes);
  const uint64_t n = r.Get<uint64_t>();
  if (!r.ok() || n > UINT32_MAX) return damaged("bad row count");
  FactStore fresh;
  FactColumns& c = fresh.cols_;
#define X(col) r.Vec(&c.col, n);
  LD_FACT_COLUMNS(X)
#undef X
  if (!r.ok()) return damaged("bad columns");
  fresh.teams_ = Dictionary();
  fresh.categories_ = Dictionary();
  fresh.regions_ = Dictionary();
  if (!ReadDict(r, &fresh.teams_) || !ReadDict(r, &fresh.categories_) ||
      !ReadDict(r, &fresh.regions_))
    return damaged("bad dictionaries");
  const uint64_t agents = r.Get<uint64_t>();
  if (!r.ok() || agents == 0 || agents > UINT32_MAX) return damaged("bad agent count");
  r.Vec(&fresh.agents_, agents);
  if (!r.ok() || fresh.agents_[0] != 0) return damaged("bad agents");
  const uint64_t extra = r.Get<uint64_t>();
  if (!r.ok() || extra > payload_bytes) return damaged("bad extra block");
  info.extra.resize(extra);
  r.Take(info.extra.data(), extra);
  if (!r.ok() || !r.done()) return damaged("bad extra block");
  // Codes must point into their dictionaries (a query indexes by them).
  for (size_t i = 0; i < n; ++i)
    if (c.team[i] >= fresh.teams_.size() || c.category[i] >= fresh.categories_.size() ||
        c.region[i] >= fresh.regions_.size() || c.agent[i] >= fresh.agents_.size())
      return damaged("a code outside its dictionary");
  auto complaint = fresh.categories_.Find(std::string(FactStore::kComplaintCategory));
  if (!complaint) return damaged("no complaint category");

  {
    std::unique_lock lock(facts->mu_);
    facts->cols_ = std::move(fresh.cols_);
    facts->teams_ = std::move(fresh.teams_);
    facts->categories_ = std::move(fresh.categories_);
    facts->regions_ = std::move(fresh.regions_);
    facts->agents_ = std::move(fresh.agents_);
    facts->agent_code_.clear();
    facts->agent_code_.reserve(facts->agents_.size());
    for (size_t i = 0; i < facts->agents_.size(); ++i)
      facts->agent_code_[facts->agents_[i]] = static_cast<uint32_t>(i);
    facts->complaint_code_ = *complaint;
    facts->row_of_.clear();
    facts->RebuildIndexesLocked(/*repeat_flags=*/false);
    if (facts->row_of_.size() != facts->cols_.size()) {
      lock.unlock();
      facts->Clear();  // duplicate ticket ids: leave an empty store and let the caller replay
      return damaged("duplicate tickets");
    }
  }
  facts->RebuildDerived();
  return info;
}

}  // namespace loopdesk::analytics
