#pragma once
// Guard: the adapter's exception boundary. Runs `f`, turning any exception into a kInternal
// Status of f's return type: the port speaks Status, and an exception must not unwind
// through application code.

#include <exception>
#include <string>
#include <string_view>

#include "common/status.h"

namespace loopdesk::sqlite {

template <typename F>
auto Guard(std::string_view what, F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const std::exception& e) {
    return Status::Internal(std::string(what) + ": " + e.what());
  } catch (...) {
    return Status::Internal(std::string(what) + ": unknown exception");
  }
}

}  // namespace loopdesk::sqlite
