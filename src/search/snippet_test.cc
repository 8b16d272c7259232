#include "search/snippet.h"

#include <gtest/gtest.h>

namespace loopdesk::search {
namespace {

TEST(Snippet, MarksChineseTermsWithoutSpaces) {
  const std::string s = MakeSnippet("产品保修期自签收之日起计算，整机保修 24 个月。", {"保修期"}, 40);
  EXPECT_EQ(s, "产品<mark>保修期</mark>自签收之日起计算，整机保修 24 个月。");
}

TEST(Snippet, MergesOverlappingNgramsIntoOneMark) {
  // Xapian's CJK n-grams of 保修期: 保, 保修, 修, 修期, 期.
  const std::string s = MakeSnippet("保修期很长", {"保", "保修", "修", "修期", "期"}, 20);
  EXPECT_EQ(s, "<mark>保修期</mark>很长");
}

TEST(Snippet, JoinsAdjacentMatches) {
  EXPECT_EQ(MakeSnippet("保修期内免费", {"保修", "期"}, 20), "<mark>保修期</mark>内免费");
}

TEST(Snippet, EscapesHtmlAndIgnoresAsciiCase) {
  const std::string s = MakeSnippet("Error <E4> on the KX-5 display", {"e4", "kx"}, 60);
  EXPECT_EQ(s, "Error &lt;<mark>E4</mark>&gt; on the <mark>KX</mark>-5 display");
}

TEST(Snippet, LatinTermsMatchWholeWordsOnly) {
  const std::string s = MakeSnippet("install it in the hall", {"in"}, 60);
  EXPECT_EQ(s, "install it <mark>in</mark> the hall");
}

TEST(Snippet, WindowMovesToTheMatchesAndShowsCuts) {
  std::string text(300, 'x');
  text += " 故障码 E4 表示压缩机电容老化 ";
  text += std::string(300, 'y');
  const std::string s = MakeSnippet(text, {"e4", "电容"}, 30);
  EXPECT_EQ(s.rfind("…", 0), 0u) << s;
  EXPECT_NE(s.find("<mark>E4</mark>"), std::string::npos) << s;
  EXPECT_NE(s.find("<mark>电容</mark>"), std::string::npos) << s;
  EXPECT_EQ(s.substr(s.size() - 3), "…");
}

TEST(Snippet, NoMatchGivesTheStart) {
  EXPECT_EQ(MakeSnippet("abcdef", {"zzz"}, 3), "abc…");
  EXPECT_EQ(MakeSnippet("", {"a"}, 3), "");
}

}  // namespace
}  // namespace loopdesk::search
