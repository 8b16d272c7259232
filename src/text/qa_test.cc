#include "text/qa.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "codec/value_json.h"

namespace loopdesk::text {
namespace {

// Messages carry epoch times; calls restate them as offsets (see the call test).
constexpr int64_t kT0 = 1'790'000'000'000;
Turn C(int64_t s, std::string t) {
  return Turn{Speaker::kCustomer, kT0 + s * 1000, {}, std::move(t)};
}
Turn A(int64_t s, std::string t) { return Turn{Speaker::kAgent, kT0 + s * 1000, {}, std::move(t)}; }

const QaItemResult& Item(const QaResult& r, const std::string& name) {
  for (const auto& i : r.items)
    if (i.name == name) return i;
  static QaItemResult none;
  ADD_FAILURE() << "no item " << name;
  return none;
}

TEST(QaRubric, DefaultRoundTripsAndMatchesTheDataFile) {
  const Rubric& d = DefaultRubric();
  auto again = ParseRubric(RubricToValue(d));
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(RubricToValue(*again), RubricToValue(d));

  std::ifstream f(std::string(LOOPDESK_SOURCE_DIR) + "/data/qa_rubric.json");
  ASSERT_TRUE(f) << "data/qa_rubric.json missing";
  std::stringstream ss;
  ss << f.rdbuf();
  auto v = ValueFromJsonText(ss.str());
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  auto file = ParseRubric(*v);
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  EXPECT_EQ(ValueToJsonText(RubricToValue(*file)), ValueToJsonText(RubricToValue(d)))
      << "data/qa_rubric.json and qa_rubric_default.cc disagree";
}

void ExpectField(const char* json, const std::string& field) {
  auto v = ValueFromJsonText(json);
  ASSERT_TRUE(v.ok());
  auto r = ParseRubric(*v);
  ASSERT_FALSE(r.ok()) << json;
  EXPECT_EQ(r.status().code(), Code::kInvalidArgument);
  EXPECT_EQ(r.status().field(), field) << r.status().message();
}

TEST(QaRubric, InvalidDocumentsNameTheField) {
  ExpectField(R"([])", "");
  ExpectField(R"({"items":[]})", "items");
  ExpectField(R"({"itemz":[]})", "itemz");
  ExpectField(R"({"items":[{"name":"g","kind":"greeting","weight":0,"cues":{"zh":["您好"]}}]})",
              "items[0].weight");
  ExpectField(R"({"items":[{"name":"g","kind":"greetin","weight":5}]})", "items[0].kind");
  ExpectField(R"({"items":[{"name":"","kind":"greeting","weight":5}]})", "items[0].name");
  ExpectField(R"({"items":[{"name":"g","kind":"greeting","weight":5}]})", "items[0].cues");
  ExpectField(R"({"items":[{"name":"g","kind":"greeting","weight":5,"cues":{"zh":["您好",""]}}]})",
              "items[0].cues.zh[1]");
  ExpectField(R"({"items":[{"name":"g","kind":"greeting","weight":5,"cues":{"fr":["salut"]}}]})",
              "items[0].cues.fr");
  ExpectField(R"({"items":[{"name":"l","kind":"latency","weight":5},
                           {"name":"l","kind":"latency","weight":5}]})",
              "items[1].name");
  ExpectField(R"({"items":[{"name":"l","kind":"latency","weight":5,"target_s":-1}]})",
              "items[0].target_s");
  ExpectField(R"({"items":[{"name":"l","kind":"latency","weight":5,"colour":"red"}]})",
              "items[0].colour");
}

TEST(Qa, ScoresEveryItemWithEvidence) {
  std::vector<Turn> turns = {
      C(0, "你好，我的冰箱不制冷了"),
      A(30, "您好，很高兴为您服务。请提供一下订单号，我核实一下"),
      C(60, "订单号 20261101"),
      A(90, "您是说冷藏室不制冷对吗？非常抱歉给您带来不便"),
      C(120, "对"),
      A(400, "已为您安排师傅明天上门检修，请问这样可以了吗？"),
      C(430, "可以，谢谢"),
      A(440, "不客气，祝您生活愉快，再见"),
  };
  QaInput in;
  in.turns = &turns;
  QaResult r = ScoreQa(in, DefaultRubric());
  EXPECT_EQ(Item(r, "greeting").score, 10);
  ASSERT_EQ(Item(r, "greeting").evidence.size(), 1u);
  EXPECT_EQ(Item(r, "greeting").evidence[0].turn, 1);
  EXPECT_EQ(Item(r, "greeting").evidence[0].cue, "您好");
  EXPECT_EQ(Item(r, "identity_check").score, 10);
  EXPECT_EQ(Item(r, "listening").evidence[0].turn, 3);
  EXPECT_EQ(Item(r, "empathy").score, 15);
  EXPECT_FALSE(Item(r, "solution").applicable);
  EXPECT_EQ(Item(r, "forbidden_phrases").score, 15);
  EXPECT_EQ(Item(r, "solution_confirmation").evidence[0].turn, 5);
  EXPECT_EQ(Item(r, "closing").evidence[0].turn, 7);
  // Replies after 30, 30, 280, 10 s: one of four over the 120 s target.
  const auto& lat = Item(r, "response_latency");
  EXPECT_TRUE(lat.applicable);
  EXPECT_DOUBLE_EQ(lat.score, 5 * 0.75);
  EXPECT_EQ(lat.evidence[0].turn, 5);
  ASSERT_TRUE(r.score.has_value());
  // Solution not applicable: 83.75 of 85 points.
  EXPECT_NEAR(*r.score, 100.0 * 83.75 / 85, 1e-9);
}

TEST(Qa, ForbiddenPhrasesLoseTheItemWithEveryOffence) {
  std::vector<Turn> turns = {C(0, "my invoice is wrong"), A(10, "That's not my problem."),
                             C(20, "excuse me?"), A(30, "I don't know, read the manual")};
  QaInput in;
  in.turns = &turns;
  QaResult r = ScoreQa(in, DefaultRubric());
  const auto& f = Item(r, "forbidden_phrases");
  EXPECT_EQ(f.score, 0);
  ASSERT_EQ(f.evidence.size(), 2u);
  EXPECT_EQ(f.evidence[0].turn, 1);
  EXPECT_EQ(f.evidence[1].turn, 3);
  EXPECT_EQ(Item(r, "greeting").score, 0);
  EXPECT_EQ(Item(r, "greeting").evidence[0].turn, 1);  // what was said instead
}

TEST(Qa, SolutionCoverageAndCallLatency) {
  std::vector<Turn> turns = {C(0, "the ventilator shows error E12"),
                             A(3, "Please power cycle the device and replace the flow sensor"),
                             C(20, "done"), A(60, "Is it working now?")};
  for (Turn& t : turns) t.at_ms -= kT0;  // offsets in the call
  turns[2].end_ms = 25000;
  QaInput in;
  in.turns = &turns;
  in.is_call = true;
  in.solution_phrases = {"power cycle", "flow sensor", "calibration"};
  QaResult r = ScoreQa(in, DefaultRubric());
  const auto& s = Item(r, "solution");
  EXPECT_TRUE(s.applicable);
  EXPECT_DOUBLE_EQ(s.score, 15);  // 2 of 3 ≥ half → full
  EXPECT_EQ(s.evidence.size(), 2u);
  // Silences 3 s and 35 s (from the end of turn 2) against the 20 s call target.
  EXPECT_DOUBLE_EQ(Item(r, "response_latency").score, 2.5);
}

TEST(Qa, NothingToInspectWithoutAgentTurns) {
  std::vector<Turn> turns = {C(0, "hello?")};
  QaInput in;
  in.turns = &turns;
  QaResult r = ScoreQa(in, DefaultRubric());
  EXPECT_FALSE(r.score.has_value());
  for (const auto& i : r.items) EXPECT_FALSE(i.applicable) << i.name;
}

TEST(Qa, CueMatchingRespectsEnglishWordBoundaries) {
  EXPECT_EQ(FindCue("Hi there", {"hi"}), "hi");
  EXPECT_EQ(FindCue("this is fine", {"hi"}), "");
  EXPECT_EQ(FindCue("您好", {"hi", "您好"}), "您好");
}

}  // namespace
}  // namespace loopdesk::text
