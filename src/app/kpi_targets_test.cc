#include "app/kpi_targets.h"

#include <gtest/gtest.h>

#include "app/insights_service.h"

namespace loopdesk {
namespace {

Value Target(const char* metric, const char* op, Value value) {
  Value v = Value::MakeObject();
  v.Set("metric", metric);
  v.Set("op", op);
  v.Set("value", std::move(value));
  return v;
}

TEST(KpiTargets, RoundTrip) {
  Value list = Value::MakeArray();
  Value chat = Target("frt_avg_s", "le", 90);
  chat.Set("channel", "chat");
  list.Push(chat);
  Value fcr = Target("fcr", "ge", 0.8);
  fcr.Set("team", "install");
  list.Push(fcr);
  auto t = KpiTargetsFromValue(list);
  ASSERT_TRUE(t.ok()) << t.status().message();
  ASSERT_EQ(t->size(), 2u);
  EXPECT_FALSE((*t)[0].ge);
  EXPECT_EQ((*t)[0].channel, Channel::kChat);
  EXPECT_EQ(*(*t)[1].team, "install");
  auto again = KpiTargetsFromValue(KpiTargetsToValue(*t));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(KpiTargetsToValue(*again), KpiTargetsToValue(*t));
}

TEST(KpiTargets, ErrorsNameTheField) {
  auto field_of = [](const Value& list) { return KpiTargetsFromValue(list).status().field(); };
  Value a = Value::MakeArray();
  a.Push(Target("speed", "ge", 1));
  EXPECT_EQ(field_of(a), "[0].metric");
  Value b = Value::MakeArray();
  b.Push(Target("fcr", "ge", 0.8));
  b.Push(Target("fcr", "gt", 0.8));
  EXPECT_EQ(field_of(b), "[1].op");
  Value c = Value::MakeArray();
  c.Push(Target("csat", "ge", 85));  // a rate is a fraction
  EXPECT_EQ(field_of(c), "[0].value");
  Value d = Value::MakeArray();
  Value bad_channel = Target("fcr", "ge", 0.8);
  bad_channel.Set("channel", "pigeon");
  d.Push(bad_channel);
  EXPECT_EQ(field_of(d), "[0].channel");
  Value e = Value::MakeArray();
  e.Push(Target("fcr", "ge", 0.8));
  e.Push(Target("fcr", "ge", 0.7));
  EXPECT_EQ(field_of(e), "[1].metric");
  EXPECT_FALSE(KpiTargetsFromValue(Value("x")).ok());
}

TEST(KpiTargets, MostSpecificApplicableTargetWins) {
  std::vector<KpiTarget> ts = DefaultKpiTargets();
  ts.push_back({"frt_avg_s", false, 60, Channel::kChat, std::string("vip")});
  ts.push_back({"frt_avg_s", false, 3600, std::nullopt, std::nullopt});
  TargetScope chat_vip{Channel::kChat, std::string("vip")};
  EXPECT_EQ(ApplicableTarget(ts, "frt_avg_s", chat_vip)->value, 60);
  TargetScope chat{Channel::kChat, std::nullopt};
  EXPECT_EQ(ApplicableTarget(ts, "frt_avg_s", chat)->value, 90);
  TargetScope email{Channel::kEmail, std::nullopt};
  EXPECT_EQ(ApplicableTarget(ts, "frt_avg_s", email)->value, 3600);
  EXPECT_EQ(ApplicableTarget(ts, "nps", email), nullptr);
  EXPECT_TRUE(TargetMet(*ApplicableTarget(ts, "fcr", email), 0.8));
  EXPECT_FALSE(TargetMet(*ApplicableTarget(ts, "fcr", email), 0.79));
  EXPECT_TRUE(TargetMet(*ApplicableTarget(ts, "frt_avg_s", chat), 90));
}

}  // namespace
}  // namespace loopdesk

namespace loopdesk {
namespace {

TEST(KpiTargets, GroupAttainment) {
  const std::vector<KpiTarget> ts = DefaultKpiTargets();
  auto values = [](const std::string& m) -> std::optional<double> {
    if (m == "frt_avg_s") return 75.0;
    if (m == "fcr") return 0.7;
    return std::nullopt;  // no CSAT answers, no surveys
  };
  const Value chat = TargetsOfGroup(ts, TargetScope{Channel::kChat, std::nullopt}, values);
  ASSERT_NE(chat.Find("frt_avg_s"), nullptr);
  EXPECT_TRUE(chat.Find("frt_avg_s")->Find("met")->as_bool());
  EXPECT_EQ(chat.Find("frt_avg_s")->Find("op")->as_string(), "le");
  EXPECT_FALSE(chat.Find("fcr")->Find("met")->as_bool());
  EXPECT_TRUE(chat.Find("csat")->Find("met")->is_null());
  const Value all = TargetsOfGroup(ts, TargetScope{}, values);
  EXPECT_EQ(all.Find("frt_avg_s"), nullptr);  // the chat target needs a chat slice
  EXPECT_NE(all.Find("fcr"), nullptr);
}

}  // namespace
}  // namespace loopdesk
