#pragma once
// A set of agent slots as a bitset (bit i = slot i). The router keeps one per skill, per
// language, per team and one for "available now", so the hard filters of a request are a
// word-wise AND over 64 agents at a time and only the survivors' slots are ever read.
// Not thread-safe; the Router guards it.

#include <cstdint>
#include <vector>

namespace loopdesk {

class SlotBits {
 public:
  // Grows to `words` 64-bit words (new bits clear); never shrinks.
  void Reserve(size_t words) {
    if (words > words_.size()) words_.resize(words, 0);
  }
  void Set(size_t i) { words_[i / 64] |= Bit(i); }
  void Reset(size_t i) { words_[i / 64] &= ~Bit(i); }
  void Assign(size_t i, bool on) { on ? Set(i) : Reset(i); }
  bool Test(size_t i) const { return (words_[i / 64] >> (i % 64)) & 1U; }
  const uint64_t* data() const { return words_.data(); }

 private:
  static uint64_t Bit(size_t i) { return uint64_t{1} << (i % 64); }
  std::vector<uint64_t> words_;
};

}  // namespace loopdesk
