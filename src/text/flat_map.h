#pragma once
// FlatStrMap: an open-addressing hash map from strings to small values, for the text engine's
// read-mostly tables (lexicon cues, segmentation dictionary, IDF). Look-ups take a
// string_view and allocate nothing; the hash reads 8 bytes at a time. Built once at start-up,
// then only read (concurrent Find is safe; Insert is not).

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace loopdesk::text {

inline uint64_t HashBytes(std::string_view s) {
  uint64_t h = 0x9E3779B97F4A7C15ull ^ (s.size() * 0xC2B2AE3D27D4EB4Full);
  const char* p = s.data();
  size_t n = s.size();
  while (n >= 8) {
    uint64_t v;
    std::memcpy(&v, p, 8);
    h = (h ^ v) * 0xBF58476D1CE4E5B9ull;
    h ^= h >> 31;
    p += 8;
    n -= 8;
  }
  if (n > 0) {
    uint64_t v = 0;
    std::memcpy(&v, p, n);
    h = (h ^ v) * 0x94D049BB133111EBull;
  }
  h ^= h >> 29;
  h *= 0xBF58476D1CE4E5B9ull;
  return h ^ (h >> 32);
}

template <typename V>
class FlatStrMap {
 public:
  // The value of `key`, default-constructed when new.
  V& operator[](std::string_view key) {
    if ((size_ + 1) * 2 > slots_.size()) Grow();
    uint64_t h = HashBytes(key);
    size_t i = h & mask_;
    while (slots_[i].len != kEmpty) {
      if (Matches(slots_[i], h, key)) return values_[slots_[i].value];
      i = (i + 1) & mask_;
    }
    slots_[i].tag = static_cast<uint32_t>(h >> 32);
    slots_[i].off = static_cast<uint32_t>(keys_.size());
    slots_[i].len = static_cast<uint32_t>(key.size());
    slots_[i].value = static_cast<uint32_t>(values_.size());
    keys_.append(key);
    values_.emplace_back();
    ++size_;
    return values_.back();
  }

  const V* Find(std::string_view key) const {
    if (size_ == 0) return nullptr;
    uint64_t h = HashBytes(key);
    for (size_t i = h & mask_; slots_[i].len != kEmpty; i = (i + 1) & mask_)
      if (Matches(slots_[i], h, key)) return &values_[slots_[i].value];
    return nullptr;
  }

  size_t size() const { return size_; }
  // Calls f(key, value) for every entry, in no particular order.
  template <typename F>
  void ForEach(F&& f) const {
    for (const auto& s : slots_)
      if (s.len != kEmpty) f(std::string_view(keys_).substr(s.off, s.len), values_[s.value]);
  }
  void clear() {
    slots_.clear();
    keys_.clear();
    values_.clear();
    size_ = 0;
    mask_ = 0;
  }
  void reserve(size_t n) {
    while (slots_.size() < n * 2) Grow();
  }

 private:
  static constexpr uint32_t kEmpty = 0xFFFFFFFF;
  // 16 bytes: the key's bytes live in keys_, the value in values_ (stable indices).
  struct Slot {
    uint32_t tag = 0;  // high half of the hash
    uint32_t off = 0;
    uint32_t len = kEmpty;
    uint32_t value = 0;
  };
  bool Matches(const Slot& s, uint64_t h, std::string_view key) const {
    return s.tag == static_cast<uint32_t>(h >> 32) && s.len == key.size() &&
           std::memcmp(keys_.data() + s.off, key.data(), key.size()) == 0;
  }
  void Grow() {
    std::vector<Slot> old = std::move(slots_);
    size_t cap = old.empty() ? 16 : old.size() * 2;
    slots_.assign(cap, Slot{});
    mask_ = cap - 1;
    for (const auto& s : old) {
      if (s.len == kEmpty) continue;
      size_t i = HashBytes(std::string_view(keys_).substr(s.off, s.len)) & mask_;
      while (slots_[i].len != kEmpty) i = (i + 1) & mask_;
      slots_[i] = s;
    }
  }
  std::vector<Slot> slots_;
  std::string keys_;
  std::vector<V> values_;
  size_t size_ = 0;
  size_t mask_ = 0;
};

}  // namespace loopdesk::text
