#include "rules/pattern.h"

#include <gtest/gtest.h>

#include <string>

namespace loopdesk::rules {
namespace {

bool M(std::string_view pattern, std::string_view text) {
  auto p = Pattern::Compile(pattern);
  EXPECT_TRUE(p.ok()) << pattern << ": " << p.status().message();
  return p.ok() && p->Search(text);
}

std::string CompileError(std::string_view pattern) {
  auto p = Pattern::Compile(pattern);
  return p.ok() ? std::string("compiled") : p.status().message();
}

TEST(RulePattern, LiteralsAndChineseText) {
  EXPECT_TRUE(M("投诉", "客户要求投诉升级"));
  EXPECT_FALSE(M("投诉", "客户表扬"));
  EXPECT_TRUE(M("refund", "I want a refund now"));
  EXPECT_FALSE(M("refund", "I want a Refund now"));
  EXPECT_TRUE(M("", "anything"));
}

TEST(RulePattern, DotClassesAndShorthands) {
  EXPECT_TRUE(M("退.款", "退个款"));  // . is one code point, not one byte
  EXPECT_FALSE(M("^退.款$", "退两个款"));
  EXPECT_TRUE(M("a.b", "a\nb"));  // dot matches newline
  EXPECT_TRUE(M("[一-龥]{2}", "ok 好的"));
  EXPECT_FALSE(M("[一-龥]", "only ascii"));
  EXPECT_TRUE(M("[^0-9]", "12a"));
  EXPECT_FALSE(M("^[^0-9]+$", "12a"));
  EXPECT_TRUE(M("order \\d{6}", "order 123456 lost"));
  EXPECT_FALSE(M("order \\d{6}", "order 12345 lost"));
  EXPECT_TRUE(M("\\s", "a\u3000b"));  // ideographic space
  EXPECT_TRUE(M("^\\w+$", "abc_12"));
  EXPECT_FALSE(M("^\\W+$", "abc"));
  EXPECT_TRUE(M("[\\d.]+", "3.5"));
  EXPECT_FALSE(M("[]", "anything"));  // the empty class, as in ECMAScript
  EXPECT_TRUE(M("[^]", "x"));
}

TEST(RulePattern, AnchorsAlternationGroupsRepetition) {
  EXPECT_TRUE(M("^P[12]$", "P1"));
  EXPECT_FALSE(M("^P[12]$", "P3"));
  EXPECT_TRUE(M("(?:退款|退货)失败", "申请退货失败了"));
  EXPECT_TRUE(M("cat|dog", "hotdog"));
  EXPECT_FALSE(M("^(cat|dog)$", "hotdog"));
  EXPECT_TRUE(M("^(ab)+$", "ababab"));
  EXPECT_FALSE(M("^(ab)+$", "ababa"));
  EXPECT_TRUE(M("^a{2,3}$", "aaa"));
  EXPECT_FALSE(M("^a{2,3}$", "aaaa"));
  EXPECT_TRUE(M("^a{2,}$", "aaaaaa"));
  EXPECT_TRUE(M("^colou?r$", "color"));
  EXPECT_TRUE(M("^x*?y$", "xxy"));  // lazy accepted
  EXPECT_TRUE(M("\\bcall\\b", "please call me"));
  EXPECT_FALSE(M("\\bcall\\b", "recall"));
  EXPECT_TRUE(M("\\Bcall", "recall"));
  EXPECT_TRUE(M("\\$\\d+\\.\\d\\d", "cost $12.50"));
  EXPECT_TRUE(M("\\u6295\\x41", "投A"));
}

TEST(RulePattern, CaseInsensitiveFlag) {
  EXPECT_TRUE(M("(?i)refund", "REFUND please"));
  EXPECT_TRUE(M("(?i)[a-c]x", "BX"));
  EXPECT_FALSE(M("(?i)[^a-c]x", "BX"));
  EXPECT_TRUE(M("(?i)退款", "退款"));
}

TEST(RulePattern, RefusesWhatItDoesNotSupport) {
  EXPECT_NE(CompileError("(a"), "compiled");
  EXPECT_NE(CompileError("a)"), "compiled");
  EXPECT_NE(CompileError("[abc"), "compiled");
  EXPECT_NE(CompileError("*a"), "compiled");
  EXPECT_NE(CompileError("a**"), "compiled");
  EXPECT_NE(CompileError("a{2"), "compiled");
  EXPECT_NE(CompileError("a{3,2}"), "compiled");
  EXPECT_NE(CompileError("a{1001}"), "compiled");
  EXPECT_NE(CompileError("{x}"), "compiled");
  EXPECT_NE(CompileError("(a)\\1"), "compiled");
  EXPECT_NE(CompileError("(?=a)"), "compiled");
  EXPECT_NE(CompileError("\\q"), "compiled");
  EXPECT_NE(CompileError("[z-a]"), "compiled");
  EXPECT_NE(CompileError("\\"), "compiled");
  EXPECT_NE(CompileError("^*"), "compiled");
  EXPECT_NE(CompileError(std::string(201, 'a')), "compiled");
  EXPECT_NE(CompileError("\xff"), "compiled");
  EXPECT_NE(CompileError("(a{1000}){1000}"), "compiled");
  EXPECT_EQ(Pattern::Compile(std::string(200, 'a')).ok(), true);
  EXPECT_NE(CompileError("(x"), "compiled");
  EXPECT_NE(CompileError("(x").find("offset"), std::string::npos);
}

// Regression: std::regex overflowed the stack on `a*c` over 30 KB and never finished
// `(a*)*c` on 20 characters. The Pike VM is linear in the text.
TEST(RulePattern, LinearOnHostilePatternsAndLongText) {
  const std::string text(40000, 'a');  // above the 30 KB that crashed std::regex
  EXPECT_FALSE(M("a*c", text));
  EXPECT_FALSE(M("(a*)*c", text));
  EXPECT_FALSE(M("(a|aa)*c", text));
  EXPECT_FALSE(M("(a?){30}a{30}c", text));
  EXPECT_TRUE(M("(a*)*$", text));
  EXPECT_TRUE(M("^(a|aa)*$", text + ""));
}

TEST(RulePattern, InvalidUtf8TextIsReadSafely) {
  EXPECT_TRUE(M("a.b", std::string("a\xff") + "b"));
  EXPECT_FALSE(M("投诉", "\xe6\x8a"));  // truncated sequence
}

}  // namespace
}  // namespace loopdesk::rules
