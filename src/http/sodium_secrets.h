#pragma once
// Secrets adapter on libsodium: random tokens from the OS CSPRNG, SHA-256 hashes.

#include "ports/secrets.h"

namespace loopdesk::http {

class SodiumSecrets final : public Secrets {
 public:
  // Initialises libsodium; aborts the process if the OS gives no randomness.
  SodiumSecrets();
  std::string NewToken() override;
  std::string HashToken(const std::string& token) override;
};

}  // namespace loopdesk::http
