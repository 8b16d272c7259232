// FlatStrMap (text/flat_map.h) and the de-duplication of hashed features.
#include "text/flat_map.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string>

#include "text/sentiment_model.h"

namespace loopdesk::text {
namespace {

TEST(FlatStrMap, FindsWhatWasInsertedAndNothingElseAcrossGrowth) {
  FlatStrMap<int> m;
  EXPECT_EQ(m.Find("x"), nullptr);  // empty map
  std::map<std::string, int> truth;
  for (int i = 0; i < 5000; ++i) {
    // Short CJK-like keys, ASCII keys and keys longer than 8 bytes (the chunked hash).
    std::string k = i % 3 == 0 ? "词" + std::to_string(i)
                  : i % 3 == 1 ? std::to_string(i)
                               : "a longer key number " + std::to_string(i);
    m[k] = i;
    truth[k] = i;
  }
  EXPECT_EQ(m.size(), truth.size());
  for (const auto& [k, v] : truth) {
    const int* got = m.Find(k);
    ASSERT_NE(got, nullptr) << k;
    EXPECT_EQ(*got, v) << k;
  }
  EXPECT_EQ(m.Find("词"), nullptr);
  EXPECT_EQ(m.Find("a longer key number 5000"), nullptr);
  EXPECT_EQ(m.Find(""), nullptr);
  // A prefix or an extension of a key is another key.
  EXPECT_EQ(m.Find("词3x"), nullptr);
  EXPECT_EQ(m.Find(std::string_view("词3").substr(0, 2)), nullptr);
  // operator[] on an existing key returns the same entry.
  m["词3"] += 100;
  EXPECT_EQ(*m.Find("词3"), 103);
  EXPECT_EQ(m.size(), truth.size());
  size_t seen = 0;
  m.ForEach([&](std::string_view k, int v) {
    ++seen;
    auto it = truth.find(std::string(k));
    ASSERT_NE(it, truth.end());
    EXPECT_EQ(v, k == "词3" ? 103 : it->second);
  });
  EXPECT_EQ(seen, truth.size());
}

TEST(FlatStrMap, EmptyKeyIsAKey) {
  FlatStrMap<float> m;
  m[""] = 1.5f;
  ASSERT_NE(m.Find(""), nullptr);
  EXPECT_EQ(*m.Find(""), 1.5f);
  EXPECT_EQ(m.Find("a"), nullptr);
}

TEST(Features, IndicesAreUniqueAndInRange) {
  std::string text = "房间很好，房间很好，服务也很好很好很好";
  std::vector<std::string_view> words = {"房间", "很", "好", "房间", "很", "好"};
  FeatureVector f = Features(text, words, 0.5);
  std::set<uint32_t> unique(f.index.begin(), f.index.end());
  EXPECT_EQ(unique.size(), f.index.size());
  EXPECT_GT(f.index.size(), 10u);
  for (uint32_t i : f.index) EXPECT_LT(i, 1u << kHashBits);
  EXPECT_FLOAT_EQ(f.value, 1.0f / std::sqrt(static_cast<float>(f.index.size())));
  // The same features as sorting and de-duplicating all hashed n-grams would give: a text
  // that repeats itself adds no new index.
  FeatureVector twice = Features(text + text, {}, 0.5);
  FeatureVector once = Features(text, {}, 0.5);
  std::set<uint32_t> a(once.index.begin(), once.index.end());
  std::set<uint32_t> b(twice.index.begin(), twice.index.end());
  for (uint32_t i : a) EXPECT_TRUE(b.count(i));
  // Fewer buckets: every index fits.
  FeatureVector small = Features(text, words, 0.5, 16);
  for (uint32_t i : small.index) EXPECT_LT(i, 1u << 16);
}

}  // namespace
}  // namespace loopdesk::text
