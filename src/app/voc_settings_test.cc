#include "app/voc_settings.h"

#include <gtest/gtest.h>

namespace loopdesk {
namespace {

Value Obj(std::initializer_list<std::pair<std::string, Value>> kv) {
  Value v = Value::MakeObject();
  for (const auto& [k, x] : kv) v.Set(k, x);
  return v;
}

TEST(VocSettings, EmptyDocumentMeansTheDefaults) {
  auto s = VocSettingsFromValue(Value::MakeObject());
  ASSERT_TRUE(s.ok());
  EXPECT_TRUE(s->csat_on_resolve);
  EXPECT_EQ(s->survey_ttl_days, 7);
  EXPECT_EQ(s->reminder_after_h, 24);
  EXPECT_EQ(s->nps_fatigue_days, 90);
  EXPECT_EQ(s->thresholds.level1_below, 7);
  EXPECT_EQ(s->thresholds.level2_below, 5);
  EXPECT_EQ(s->thresholds.repeat_window_days, 30);
}

TEST(VocSettings, RoundTripsThroughItsDocument) {
  Value ch = Value::MakeArray();
  ch.Push("phone");
  Value doc = Obj({{"csat_on_resolve", false},
                   {"csat_skip_channels", ch},
                   {"reminder_after_h", int64_t{0}},
                   {"thresholds", Obj({{"level1_below", 8.5}, {"level2_due_h", int64_t{2}}})},
                   {"notify_webhook", "http://127.0.0.1:9/hook"},
                   {"public_base_url", "https://cs.example.com/"}});
  auto s = VocSettingsFromValue(doc);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_FALSE(s->csat_on_resolve);
  ASSERT_EQ(s->csat_skip_channels.size(), 1u);
  EXPECT_EQ(s->csat_skip_channels[0], Channel::kPhone);
  EXPECT_EQ(s->thresholds.level1_below, 8.5);
  EXPECT_EQ(s->thresholds.level2_due_h, 2);
  EXPECT_EQ(s->public_base_url, "https://cs.example.com");  // trailing slash dropped
  auto again = VocSettingsFromValue(VocSettingsToValue(*s));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(VocSettingsToValue(*again), VocSettingsToValue(*s));
}

TEST(VocSettings, BadValuesNameTheirField) {
  struct Case {
    Value doc;
    std::string field;
  };
  Value bad_channels = Value::MakeArray();
  bad_channels.Push("pigeon");
  const Case cases[] = {
      {Obj({{"survey_ttl_days", int64_t{0}}}), "survey_ttl_days"},
      {Obj({{"nps_fatigue_days", "90"}}), "nps_fatigue_days"},
      {Obj({{"csat_on_resolve", int64_t{1}}}), "csat_on_resolve"},
      {Obj({{"csat_skip_channels", bad_channels}}), "csat_skip_channels[0]"},
      {Obj({{"thresholds", Obj({{"level1_below", int64_t{11}}})}}), "thresholds.level1_below"},
      {Obj({{"thresholds", Obj({{"level1_below", int64_t{4}}})}}), "thresholds.level2_below"},
      {Obj({{"thresholds", Obj({{"nope", int64_t{1}}})}}), "thresholds.nope"},
      {Obj({{"notify_webhook", "ftp://x"}}), "notify_webhook"},
      {Obj({{"colour", "red"}}), "colour"},
  };
  for (const auto& c : cases) {
    auto s = VocSettingsFromValue(c.doc);
    ASSERT_FALSE(s.ok()) << c.field;
    EXPECT_EQ(s.status().code(), Code::kInvalidArgument) << c.field;
    EXPECT_EQ(s.status().field(), c.field);
  }
}

}  // namespace
}  // namespace loopdesk
