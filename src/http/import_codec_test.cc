// The fast import decoder takes well-formed lines and gives exactly the generic decoder's
// record; on anything unusual it gives up, so the generic decoder's errors stay the errors.

#include "http/import_codec.h"

#include <gtest/gtest.h>

#include <string>

namespace loopdesk::http {
namespace {

void ExpectSame(const ImportRecord& a, const ImportRecord& b) {
  EXPECT_EQ(a.line, b.line);
  EXPECT_EQ(a.external_id, b.external_id);
  EXPECT_EQ(a.customer.external_id, b.customer.external_id);
  EXPECT_EQ(a.customer.name, b.customer.name);
  EXPECT_EQ(a.customer.tier, b.customer.tier);
  EXPECT_EQ(a.customer.phone, b.customer.phone);
  EXPECT_EQ(a.customer.email, b.customer.email);
  EXPECT_EQ(a.customer.wechat_id, b.customer.wechat_id);
  EXPECT_EQ(a.customer.region, b.customer.region);
  EXPECT_EQ(a.channel, b.channel);
  EXPECT_EQ(a.subject, b.subject);
  EXPECT_EQ(a.description, b.description);
  EXPECT_EQ(a.priority, b.priority);
  EXPECT_EQ(a.category, b.category);
  EXPECT_EQ(a.team, b.team);
  EXPECT_EQ(a.agent_external_id, b.agent_external_id);
  EXPECT_EQ(a.created_at, b.created_at);
  ASSERT_EQ(a.events.size(), b.events.size());
  for (size_t i = 0; i < a.events.size(); ++i) {
    const ImportEvent &x = a.events[i], &y = b.events[i];
    EXPECT_EQ(x.type, y.type) << i;
    EXPECT_EQ(x.at, y.at) << i;
    EXPECT_EQ(x.author, y.author) << i;
    EXPECT_EQ(x.agent_external_id, y.agent_external_id) << i;
    EXPECT_EQ(x.body, y.body) << i;
    EXPECT_EQ(x.to, y.to) << i;
  }
  ASSERT_EQ(a.survey.has_value(), b.survey.has_value());
  if (a.survey) {
    EXPECT_EQ(a.survey->kind, b.survey->kind);
    EXPECT_EQ(a.survey->sent_at, b.survey->sent_at);
    EXPECT_EQ(a.survey->score, b.survey->score);
    EXPECT_EQ(a.survey->answered_at, b.survey->answered_at);
    EXPECT_EQ(a.survey->comment, b.survey->comment);
  }
}

TEST(ImportFastDecode, GivesTheGenericRecord) {
  const char* const kLines[] = {
      R"({"external_id":"T-1","customer":{"external_id":"C-1","name":"客户","tier":"basic","region":"east"},"channel":"wechat","subject":"服务太差","description":"a\n\"b\" \\ c\/d","priority":"P3","category":"complaint","team":"care","created_at":"2025-11-01T00:00:54.216Z","events":[{"at":"2025-11-01T00:00:54.216Z","type":"message","author":"customer","body":"还是有问题"},{"at":"2025-11-01T00:14:04.546Z","type":"reply","author":"agent","agent_external_id":"A-50","body":"您好"},{"at":"2025-11-01T00:20:00Z","type":"note","agent_external_id":"A-2","body":"n"},{"at":"2025-11-01T08:42:51.628Z","type":"status","to":"resolved"}],"survey":{"kind":"csat","sent_at":"2025-11-01T08:43:51.628Z","score":5,"answered_at":"2025-11-01T12:56:44.606Z","comment":"ok"}})",
      R"( { "subject" : "x" , "channel" : "phone" , "created_at" : "2025-11-01" , "external_id" : "T-2" , "customer" : { "phone" : "+86 138" } , "extra" : 12 , "flag" : true , "events" : [ ] } )",
      R"({"external_id":"T-3","customer":{"email":"a@b.c"},"channel":"web","subject":"s","created_at":"2025-11-01T00:00:00Z","survey":{"kind":"nps","score":0},"agent_external_id":"A-1"})",
  };
  int line = 1;
  for (const char* l : kLines) {
    auto fast = FastDecodeImportLine(l, line);
    ASSERT_TRUE(fast.has_value()) << l;
    auto generic = DecodeImportLineGeneric(l, line);
    ASSERT_TRUE(generic.ok()) << generic.status().ToString();
    ExpectSame(*fast, *generic);
    ++line;
  }
}

TEST(ImportFastDecode, GivesUpOnWhatItIsNotSureAbout) {
  const char* const kLines[] = {
      "{not json",
      R"([1])",
      R"({"external_id":"X","channel":"fax","subject":"s","created_at":"2025-11-01","customer":{"external_id":"C"}})",
      R"({"external_id":"X","channel":"web","subject":"s","created_at":"yesterday","customer":{"external_id":"C"}})",
      R"({"external_id":"X","channel":"web","subject":"s","created_at":"2025-11-01","customer":null})",
      R"({"external_id":"X","channel":"web","subject":"s","created_at":"2025-11-01","customer":{"external_id":"C"},"team":null})",
      R"({"external_id":"X","external_id":"Y","channel":"web","subject":"s","created_at":"2025-11-01","customer":{"external_id":"C"}})",
      R"({"external_id":"X","channel":"web","subject":"s \u00e9","created_at":"2025-11-01","customer":{"external_id":"C"}})",
      R"({"external_id":"X","channel":"web","subject":"s","created_at":"2025-11-01","customer":{"external_id":"C"},"events":[{"at":"2025-11-01","type":"status","to":"new"}]})",
      R"({"external_id":"X","channel":"web","subject":"s","created_at":"2025-11-01","customer":{"external_id":"C"},"events":[{"at":"2025-11-01","type":"message"}]})",
      R"({"external_id":"X","channel":"web","subject":"s","created_at":"2025-11-01","customer":{"external_id":"C"},"survey":{"kind":"csat","score":4.0}})",
      R"({"external_id":"X","channel":"web","subject":"s","created_at":"2025-11-01","customer":{"external_id":"C"},"meta":{"a":1}})",
      R"({"external_id":"X","channel":"web","subject":"s","created_at":"2025-11-01","customer":{"external_id":"C"}} trailing)",
      R"({"channel":"web","subject":"s","created_at":"2025-11-01","customer":{"external_id":"C"}})",
  };
  for (const char* l : kLines) EXPECT_FALSE(FastDecodeImportLine(l, 1).has_value()) << l;
  // DecodeImportLine still answers with the generic decoder's errors and records.
  EXPECT_EQ(DecodeImportLine(kLines[2], 1).status().field(), "channel");
  auto ok = DecodeImportLine(kLines[7], 1);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->subject, "s \xC3\xA9");
}

}  // namespace
}  // namespace loopdesk::http
