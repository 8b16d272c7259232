#include "text/sentiment_model.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>

namespace loopdesk::text {

namespace {

constexpr char kMagic[8] = {'L', 'D', 'S', 'E', 'N', 'T', '0', '1'};

uint64_t Fnv(std::string_view s, uint64_t h) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

constexpr uint64_t kCharSeed = 14695981039346656037ull;
constexpr uint64_t kWordSeed = 0x9E3779B97F4A7C15ull;

uint32_t Bucket(uint64_t h, uint32_t mask) { return static_cast<uint32_t>((h ^ (h >> 29)) & mask); }

template <typename T>
void Put(std::ofstream& out, const T& v) {
  out.write(reinterpret_cast<const char*>(&v), sizeof v);
}
template <typename T>
bool Get(std::ifstream& in, T& v) {
  return static_cast<bool>(in.read(reinterpret_cast<char*>(&v), sizeof v));
}

}  // namespace

float RuleFeature(double rule_score) { return static_cast<float>(std::tanh(rule_score / 2)); }

FeatureVector Features(std::string_view s, const std::vector<std::string_view>& words,
                       double rule_score, int hash_bits) {
  FeatureVector f;
  const uint32_t mask = (1u << hash_bits) - 1;
  // Code point starts, skipping spaces.
  thread_local std::vector<std::string_view> chars;
  chars.clear();
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    n = std::min(n, s.size() - i);
    if (c != ' ') chars.push_back(s.substr(i, n));
    i += n;
  }
  f.index.reserve(chars.size() * 3 + words.size() * 2);
  for (size_t i = 0; i < chars.size(); ++i) {
    uint64_t h = Fnv(chars[i], kCharSeed);
    f.index.push_back(Bucket(h, mask));
    if (i + 1 < chars.size()) {
      h = Fnv(chars[i + 1], h ^ 0x2);
      f.index.push_back(Bucket(h, mask));
      if (i + 2 < chars.size()) f.index.push_back(Bucket(Fnv(chars[i + 2], h ^ 0x3), mask));
    }
  }
  for (size_t i = 0; i < words.size(); ++i) {
    uint64_t h = Fnv(words[i], kWordSeed);
    f.index.push_back(Bucket(h, mask));
    if (i + 1 < words.size()) f.index.push_back(Bucket(Fnv(words[i + 1], h ^ 0x7), mask));
  }
  // Duplicates removed with a small open-addressing set (cheaper than sorting); the first
  // occurrence of each index is kept, in order. `seen` is all zeros between calls.
  thread_local std::vector<uint32_t> seen;
  size_t cap = 64;
  int shift = 26;  // 32 − log2(cap)
  while (cap < 2 * f.index.size()) cap <<= 1, --shift;
  if (seen.size() < cap) seen.assign(cap, 0);
  const uint32_t slot_mask = static_cast<uint32_t>(cap - 1);
  size_t kept = 0;
  for (size_t k = 0; k < f.index.size(); ++k) {
    uint32_t v = f.index[k];
    uint32_t slot = (v * 0x9E3779B1u) >> shift;
    for (;;) {
      if (seen[slot] == 0) {
        seen[slot] = v + 1;
        f.index[kept++] = v;
        break;
      }
      if (seen[slot] == v + 1) break;
      slot = (slot + 1) & slot_mask;
    }
  }
  f.index.resize(kept);
  std::memset(seen.data(), 0, cap * sizeof(uint32_t));
  f.value = f.index.empty() ? 0.f : static_cast<float>(1.0 / std::sqrt(double(f.index.size())));
  f.rule = RuleFeature(rule_score);
  return f;
}

SentimentModel SentimentModel::FromWeights(const std::vector<float>& w, float bias,
                                           std::unordered_map<std::string, float> idf,
                                           float max_idf, int hash_bits) {
  SentimentModel m;
  const uint32_t dim = 1u << hash_bits;
  m.bits_ = hash_bits;
  float max_abs = 0;
  for (uint32_t i = 0; i < dim; ++i) max_abs = std::max(max_abs, std::fabs(w[i]));
  m.scale_ = max_abs > 0 ? max_abs / 127.f : 1.f;
  m.q_.resize(dim);
  for (uint32_t i = 0; i < dim; ++i)
    m.q_[i] = static_cast<int8_t>(std::lround(std::clamp(w[i] / m.scale_, -127.f, 127.f)));
  m.rule_weight_ = w[dim];
  m.bias_ = bias;
  m.idf_.reserve(idf.size());
  for (const auto& [word, v] : idf) m.idf_[word] = v;
  m.max_idf_ = max_idf;
  return m;
}

double SentimentModel::Logit(const FeatureVector& f) const {
  int64_t acc = 0;
  const uint32_t mask = static_cast<uint32_t>(q_.size() - 1);
  for (uint32_t i : f.index) acc += q_[i & mask];  // in range unless the bits disagree
  return bias_ + double(acc) * scale_ * f.value + double(rule_weight_) * f.rule;
}

float SentimentModel::Idf(std::string_view word) const {
  const float* v = idf_.Find(word);
  return v ? *v : max_idf_;
}

std::vector<std::string> SentimentModel::Vocabulary() const {
  std::vector<std::string> out;
  out.reserve(idf_.size());
  idf_.ForEach([&](std::string_view w, float) { out.emplace_back(w); });
  std::sort(out.begin(), out.end());
  return out;
}

Status SentimentModel::Save(const std::string& path) const {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return Status::Unavailable("cannot write " + path);
  out.write(kMagic, sizeof kMagic);
  uint32_t bits = static_cast<uint32_t>(bits_);
  Put(out, bits);
  Put(out, scale_);
  Put(out, bias_);
  Put(out, rule_weight_);
  Put(out, max_idf_);
  out.write(reinterpret_cast<const char*>(q_.data()), static_cast<std::streamsize>(q_.size()));
  // IDF entries sorted by word so the file is byte-for-byte reproducible.
  std::vector<std::pair<std::string, float>> idf;
  idf.reserve(idf_.size());
  idf_.ForEach([&](std::string_view w, float v) { idf.emplace_back(std::string(w), v); });
  std::sort(idf.begin(), idf.end());
  uint32_t n = static_cast<uint32_t>(idf.size());
  Put(out, n);
  for (const auto& [w, v] : idf) {
    uint8_t len = static_cast<uint8_t>(std::min<size_t>(w.size(), 255));
    Put(out, len);
    out.write(w.data(), len);
    Put(out, v);
  }
  out.flush();
  if (!out) return Status::Unavailable("cannot write " + path);
  return Status::Ok();
}

Result<SentimentModel> SentimentModel::Load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("no sentiment model at " + path);
  char magic[8];
  uint32_t bits = 0;
  SentimentModel m;
  if (!in.read(magic, 8) || std::memcmp(magic, kMagic, 8) != 0 || !Get(in, bits) ||
      bits < kMinHashBits || bits > kMaxHashBits || !Get(in, m.scale_) || !Get(in, m.bias_) || !Get(in, m.rule_weight_) ||
      !Get(in, m.max_idf_))
    return Status::Invalid("not a loopdesk sentiment model (v1): " + path);
  m.bits_ = static_cast<int>(bits);
  m.q_.resize(size_t{1} << bits);
  if (!in.read(reinterpret_cast<char*>(m.q_.data()), static_cast<std::streamsize>(m.q_.size())))
    return Status::Invalid("truncated sentiment model: " + path);
  uint32_t n = 0;
  if (!Get(in, n)) return Status::Invalid("truncated sentiment model: " + path);
  m.idf_.reserve(n);
  for (uint32_t i = 0; i < n; ++i) {
    uint8_t len = 0;
    std::string w;
    float v = 0;
    if (!Get(in, len)) return Status::Invalid("truncated sentiment model: " + path);
    w.resize(len);
    if (!in.read(w.data(), len) || !Get(in, v))
      return Status::Invalid("truncated sentiment model: " + path);
    m.idf_[w] = v;
  }
  return m;
}

}  // namespace loopdesk::text
