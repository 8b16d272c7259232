#pragma once
// Maps strings (skills, languages, teams) to small dense integer ids so the routing loop
// compares integers, never strings. Ids are stable for the interner's lifetime: a name once
// seen keeps its id even when no agent uses it any more (the set of names is small).
// Not thread-safe; the Router guards it.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace loopdesk {

class Interner {
 public:
  // The id of `name`, adding it when new.
  uint32_t Intern(std::string_view name) {
    if (auto it = ids_.find(name); it != ids_.end()) return it->second;
    const auto id = static_cast<uint32_t>(names_.size());
    names_.emplace_back(name);
    ids_.emplace(names_.back(), id);
    return id;
  }

  // The id of `name`, or nullopt when it was never interned. Does not allocate.
  std::optional<uint32_t> Find(std::string_view name) const {
    if (auto it = ids_.find(name); it != ids_.end()) return it->second;
    return std::nullopt;
  }

  const std::string& Name(uint32_t id) const { return names_[id]; }
  uint32_t size() const { return static_cast<uint32_t>(names_.size()); }

 private:
  // Heterogeneous lookup: find(string_view) without building a std::string.
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::vector<std::string> names_;
  std::unordered_map<std::string, uint32_t, Hash, std::equal_to<>> ids_;
};

}  // namespace loopdesk
