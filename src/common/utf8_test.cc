#include "common/utf8.h"

#include <gtest/gtest.h>

namespace loopdesk {
namespace {

TEST(Utf8, AcceptsChineseEnglishAndEmoji) {
  EXPECT_TRUE(IsValidUtf8("空调不制冷 not cold 😡"));
  EXPECT_TRUE(IsValidUtf8(""));
}

TEST(Utf8, RejectsMalformedSequences) {
  EXPECT_FALSE(IsValidUtf8("\xff"));
  EXPECT_FALSE(IsValidUtf8("\xc0\xaf"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xed\xa0\x80"));      // surrogate
  EXPECT_FALSE(IsValidUtf8("\xe4\xb8"));          // truncated
  EXPECT_FALSE(IsValidUtf8("\xf4\x90\x80\x80"));  // > U+10FFFF
}

TEST(Utf8, CountsAndCutsCodePoints) {
  EXPECT_EQ(Utf8Length("退款abc"), 5u);
  EXPECT_EQ(Utf8Prefix("退款abc", 1), "退");
  EXPECT_EQ(Utf8Prefix("ab", 5), "ab");
}

}  // namespace
}  // namespace loopdesk
