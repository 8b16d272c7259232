#pragma once
// Secrets adapter on libsodium: random tokens from the OS CSPRNG, SHA-256 hashes,
// Argon2id password hashes.

#include "ports/secrets.h"

namespace loopdesk::http {

class SodiumSecrets final : public Secrets {
 public:
  // Initialises libsodium; aborts the process if the OS gives no randomness.
  SodiumSecrets();
  std::string NewToken() override;
  std::string HashToken(const std::string& token) override;
  // Argon2id (crypto_pwhash_str) at the interactive limits: 64 MiB, 2 passes.
  std::string HashPassword(const std::string& password) override;
  bool VerifyPassword(const std::string& hash, const std::string& password) override;
};

}  // namespace loopdesk::http
