#pragma once
// Test doubles and helpers shared by unit tests.

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "ports/secrets.h"

namespace loopdesk::testing {

// Deterministic tokens ("tok-1", "tok-2", ...) and a reversible, obviously fake "hash".
class FakeSecrets final : public Secrets {
 public:
  std::string NewToken() override { return "tok-" + std::to_string(++n_); }
  std::string HashToken(const std::string& token) override { return "h(" + token + ")"; }
  std::string HashPassword(const std::string& pw) override { return "pw(" + pw + ")"; }
  bool VerifyPassword(const std::string& hash, const std::string& pw) override {
    return hash == HashPassword(pw);
  }

 private:
  std::atomic<int> n_{0};
};

// A fresh directory under /tmp, removed with its contents on destruction.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "loopdesk-test-XXXXXX").string();
    char* p = mkdtemp(tmpl.data());
    path_ = p ? p : "";
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }
  std::string File(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

}  // namespace loopdesk::testing
