// ValueFromJsonText (the direct parser) builds exactly the Value that nlohmann's parse +
// FromJson built, and refuses what nlohmann refuses.

#include "codec/value_json.h"

#include <gtest/gtest.h>

#include <string>

namespace loopdesk {
namespace {

Value ViaNlohmann(const std::string& text) {
  return FromJson(nlohmann::ordered_json::parse(text));
}

TEST(ValueJsonParse, MatchesNlohmann) {
  const char* const kTexts[] = {
      R"({})",
      R"([])",
      R"({"message_id":12,"author":"agent","internal":false,"length":7})",
      R"({"survey_id":null,"kind":"ces","score":3,"scaled":3.3333333333333335,"comment":"物流太慢"})",
      R"( { "a" : [ 1 , -2 , 3.5e2 , -0 , 0.0 , 1E-3 , true , null , { "b" : "c" } ] } )",
      R"({"esc":"q\" b\\ s\/ \b\f\n\r\t \u0001 \u00e9 \u4e2d \ud83d\ude00"})",
      R"({"big":18446744073709551615,"bigger":18446744073709551616,"neg":-9223372036854775808})",
      R"({"k":1,"k":2,"j":3})",
      R"({"changes":{"tier":{"from":"basic","to":"high"}},"deep":[[[[]]]]})",
      R"("just a string")",
      R"(42)",
  };
  for (const char* t : kTexts) {
    auto got = ValueFromJsonText(t);
    ASSERT_TRUE(got.ok()) << t;
    EXPECT_EQ(*got, ViaNlohmann(t)) << t;
    EXPECT_EQ(ValueToJsonText(*got), ValueToJsonText(ViaNlohmann(t))) << t;
  }
}

TEST(ValueJsonParse, RefusesMalformedText) {
  const char* const kBad[] = {"",        "{",         "{\"a\":}",  "[1,]",      "{\"a\":1,}",
                              "01",      "1.",        "-",         ".5",        "tru",
                              "\"a",     "\"\\x\"",   "\"\\u12\"", "\"\\ud800\"", "{} x",
                              "{'a':1}", "[1 2]",     "\"\t\"",    "1e",        "nulls"};
  for (const char* t : kBad) {
    EXPECT_FALSE(ValueFromJsonText(t).ok()) << t;
    EXPECT_TRUE(nlohmann::ordered_json::parse(t, nullptr, false).is_discarded()) << t;
  }
}

}  // namespace
}  // namespace loopdesk
