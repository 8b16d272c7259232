#pragma once
// Secrets port: API token generation and hashing. The adapter (src/http/sodium_secrets.*)
// uses libsodium; tests may use a deterministic fake.

#include <string>

namespace loopdesk {

class Secrets {
 public:
  virtual ~Secrets() = default;
  // A new random API token (URL-safe, ≥ 256 bits of entropy). Thread-safe.
  virtual std::string NewToken() = 0;
  // The hex SHA-256 of a token; only this is stored. Thread-safe.
  virtual std::string HashToken(const std::string& token) = 0;
};

}  // namespace loopdesk
