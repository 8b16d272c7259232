#pragma once
// Voice-of-the-customer settings: when surveys go out, how long their links live, the
// reminder, the NPS fatigue guard, the early-warning thresholds and where notifications
// are delivered. Stored as the config document "voc"; every key is optional.
//
//   {csat_on_resolve: true, csat_skip_channels: ["phone"], csat_skip_categories: ["spam"],
//    survey_ttl_days: 7, reminder_after_h: 24 (0 = no reminder), nps_fatigue_days: 90,
//    thresholds: {level1_below: 7, level2_below: 5, level1_due_h: 24, level2_due_h: 4,
//                 level3_due_h: 24, repeat_window_days: 30},
//    notify_webhook: "http://host:port/path" | "", public_base_url: "https://cs.example.com"}

#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "common/value.h"
#include "domain/voc.h"

namespace loopdesk {

class Secrets;
class FeedbackClassifier;

inline constexpr const char* kVocSettingsKey = "voc";

struct VocSettings {
  bool csat_on_resolve = true;
  std::vector<Channel> csat_skip_channels;
  std::vector<std::string> csat_skip_categories;
  int survey_ttl_days = 7;
  int reminder_after_h = 24;
  int nps_fatigue_days = 90;
  WarningThresholds thresholds;
  std::string notify_webhook;
  std::string public_base_url;
};

// Parses a settings document (unknown keys → error naming them; values checked for range).
Result<VocSettings> VocSettingsFromValue(const Value& doc);
Value VocSettingsToValue(const VocSettings& s);

// What the voice-of-the-customer use cases need besides the store, per transaction.
struct VocContext {
  VocSettings settings;
  Secrets* secrets = nullptr;  // survey tokens; null: no surveys are sent
  const FeedbackClassifier* classifier = nullptr;  // null: comments stay unclassified
  std::string base_url;  // prefix of the public links when settings.public_base_url is empty
};

}  // namespace loopdesk
