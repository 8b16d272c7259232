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
  // A self-describing slow hash of a password (Argon2id with its salt and cost). Empty when
  // the hash could not be computed (out of memory). Thread-safe; takes ~0.1 s on purpose.
  virtual std::string HashPassword(const std::string& password) = 0;
  // True when `password` matches `hash` (an output of HashPassword). Thread-safe.
  virtual bool VerifyPassword(const std::string& hash, const std::string& password) = 0;
};

}  // namespace loopdesk
