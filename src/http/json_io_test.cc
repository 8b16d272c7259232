#include "http/json_io.h"

#include <gtest/gtest.h>

namespace loopdesk::http {
namespace {

TEST(FieldReader, NamesTheFirstBadField) {
  json j = json::parse(R"({"name": 5, "capacity": "x"})");
  FieldReader r(j);
  r.String("name");
  r.Int("capacity");
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.status().field(), "name");
  EXPECT_EQ(HttpStatusOf(r.status().code()), 422);
}

TEST(FieldReader, EnumsListTheAllowedValues) {
  json j = json::parse(R"({"channel": "fax"})");
  FieldReader r(j);
  auto c = r.Enum<Channel>("channel", ParseChannel, ChannelNames(), true);
  EXPECT_FALSE(c.has_value());
  EXPECT_EQ(r.status().field(), "channel");
  EXPECT_NE(r.status().message().find("wechat"), std::string::npos);
}

TEST(FieldReader, IdsArePositiveIntegersOnly) {
  json j = json::parse(R"({"a": 7, "b": "8", "c": -1})");
  FieldReader r(j);
  EXPECT_EQ(r.IdOf("a"), 7);
  EXPECT_TRUE(r.ok());
  EXPECT_FALSE(r.IdOf("b").has_value());
  EXPECT_EQ(r.status().field(), "b");
  FieldReader r2(j);
  EXPECT_FALSE(r2.IdOf("c").has_value());
  EXPECT_EQ(r2.status().field(), "c");
}

TEST(FieldReader, NullIsAnErrorUnlessTheFieldIsNullable) {
  json j = json::parse(R"({"role": null})");
  FieldReader r(j);
  EXPECT_FALSE(r.Enum<Role>("role", ParseRole, RoleNames()).has_value());
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.status().field(), "role");
}

TEST(FieldReader, NullableIdDistinguishesAbsentFromNull) {
  json j = json::parse(R"({"assignee_id": null})");
  FieldReader r(j);
  auto v = r.NullableId("assignee_id");
  ASSERT_TRUE(v.has_value());
  EXPECT_FALSE(v->has_value());
  EXPECT_FALSE(r.NullableId("other").has_value());
}

TEST(ParseJsonObject, RejectsInvalidUtf8AndNonObjects) {
  Request req;
  req.body = "{\"name\":\"\xff\"}";
  EXPECT_FALSE(ParseJsonObject(req).ok());
  req.body = "[1,2]";
  EXPECT_FALSE(ParseJsonObject(req).ok());
  req.body = "{\"a\":";
  EXPECT_FALSE(ParseJsonObject(req).ok());
  req.body = R"({"a":1})";
  EXPECT_TRUE(ParseJsonObject(req).ok());
}

}  // namespace
}  // namespace loopdesk::http
