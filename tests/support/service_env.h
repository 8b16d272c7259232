#pragma once
// The set-up most app tests share: a Service over the real SQLite store in a temporary
// directory, bootstrapped with the admin "root". Subscribe to `bus` before Start() to see the
// bootstrap's events too.

#include <gtest/gtest.h>

#include <memory>

#include "app/event_bus.h"
#include "app/service.h"
#include "storage/sqlite/sqlite_store.h"
#include "tests/support/fakes.h"

namespace loopdesk::testing {

class ServiceEnv {
 public:
  explicit ServiceEnv(TimeMs now) : clock(now) {}

  // Use as ASSERT_TRUE(env.Start()).
  ::testing::AssertionResult Start() {
    auto s = SqliteStore::Open(dir.File("t.db"));
    if (!s.ok()) return ::testing::AssertionFailure() << s.status().ToString();
    store = std::move(*s);
    svc = std::make_unique<Service>(*store, secrets, clock, bus);
    if (auto boot = svc->Bootstrap("root"); !boot.ok())
      return ::testing::AssertionFailure() << boot.status().ToString();
    auto who = svc->Authenticate("root");
    if (!who.ok()) return ::testing::AssertionFailure() << who.status().ToString();
    admin = *who;
    return ::testing::AssertionSuccess();
  }

  TempDir dir;
  FakeSecrets secrets;
  FakeClock clock;
  EventBus bus;
  std::unique_ptr<SqliteStore> store;
  std::unique_ptr<Service> svc;
  Principal admin;
};

}  // namespace loopdesk::testing
