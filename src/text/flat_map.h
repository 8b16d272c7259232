#pragma once
// FlatStrMap: an open-addressing hash map from strings to small values, for the text engine's
// read-mostly tables (lexicon cues, segmentation dictionary, IDF). Look-ups take a
// string_view and allocate nothing; the hash reads 8 bytes at a time. Built once at start-up,
// then only read (concurrent Find is safe; inserting is not, and a reference returned by
// operator[] is valid only until the next insertion).

#include <algorithm>
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
      if (Matches(slots_[i], h, key)) return slots_[i].value;
      i = (i + 1) & mask_;
    }
    SetFilter(h);
    slots_[i].tag = static_cast<uint32_t>(h >> 32);
    slots_[i].off = static_cast<uint32_t>(keys_.size());
    slots_[i].len = static_cast<uint32_t>(key.size());
    keys_.append(key);
    ++size_;
    return slots_[i].value;
  }

  const V* Find(std::string_view key) const {
    if (size_ == 0) return nullptr;
    uint64_t h = HashBytes(key);
    // Most look-ups of the segmenter and the lexicon miss: a small bit filter (8 bits per
    // key, mostly in cache) answers them without touching the larger slot array.
    uint64_t bit = (h >> 40) & filter_mask_;
    if (!((filter_[bit >> 6] >> (bit & 63)) & 1)) return nullptr;
    for (size_t i = h & mask_; slots_[i].len != kEmpty; i = (i + 1) & mask_)
      if (Matches(slots_[i], h, key)) return &slots_[i].value;
    return nullptr;
  }

  size_t size() const { return size_; }
  // Calls f(key, value) for every entry, in no particular order.
  template <typename F>
  void ForEach(F&& f) const {
    for (const auto& s : slots_)
      if (s.len != kEmpty) f(std::string_view(keys_).substr(s.off, s.len), s.value);
  }
  void clear() {
    slots_.clear();
    filter_.clear();
    filter_mask_ = 0;
    keys_.clear();
    size_ = 0;
    mask_ = 0;
  }
  void reserve(size_t n) {
    while (slots_.size() < n * 2) Grow();
  }

 private:
  static constexpr uint32_t kEmpty = 0xFFFFFFFF;
  // The key's bytes live in keys_; a small value sits in the slot (16 bytes for a float),
  // so a hit costs one cache line.
  struct Slot {
    uint32_t tag = 0;  // high half of the hash
    uint32_t off = 0;
    uint32_t len = kEmpty;
    V value{};
  };
  bool Matches(const Slot& s, uint64_t h, std::string_view key) const {
    return s.tag == static_cast<uint32_t>(h >> 32) && s.len == key.size() &&
           SameBytes(keys_.data() + s.off, key.data(), key.size());
  }
  // Keys are short (a few CJK characters): compared inline, 8 bytes at a time.
  static bool SameBytes(const char* a, const char* b, size_t n) {
    for (; n >= 8; a += 8, b += 8, n -= 8) {
      uint64_t x, y;
      std::memcpy(&x, a, 8);
      std::memcpy(&y, b, 8);
      if (x != y) return false;
    }
    for (; n > 0; --n)
      if (*a++ != *b++) return false;
    return true;
  }
  void SetFilter(uint64_t h) {
    uint64_t bit = (h >> 40) & filter_mask_;
    filter_[bit >> 6] |= uint64_t{1} << (bit & 63);
  }
  void Grow() {
    std::vector<Slot> old = std::move(slots_);
    size_t cap = old.empty() ? 16 : old.size() * 2;
    slots_.assign(cap, Slot{});
    mask_ = cap - 1;
    // cap × 4 bits ≥ 8 bits per key at the maximum load of one half.
    filter_.assign(std::max<size_t>(cap * 4 / 64, 1), 0);
    filter_mask_ = filter_.size() * 64 - 1;
    for (auto& s : old) {
      if (s.len == kEmpty) continue;
      uint64_t h = HashBytes(std::string_view(keys_).substr(s.off, s.len));
      SetFilter(h);
      size_t i = h & mask_;
      while (slots_[i].len != kEmpty) i = (i + 1) & mask_;
      slots_[i] = std::move(s);
    }
  }
  std::vector<Slot> slots_;
  std::vector<uint64_t> filter_;
  uint64_t filter_mask_ = 0;
  std::string keys_;
  size_t size_ = 0;
  size_t mask_ = 0;
};

}  // namespace loopdesk::text
