#pragma once
// Honest keyword rules that infer a ticket's priority and category when the caller gives
// none, combined with the text engine's signals when it runs. They are explainable (each
// result names the rule or signal that decided).

#include <string>
#include <string_view>

#include "domain/enums.h"

namespace loopdesk {

struct Inferred {
  std::string value;   // "P1".."P4", or a category slug
  std::string reason;  // e.g. "keyword 紧急"; "default" when no rule fired
};

// Categories the default taxonomy knows; a ticket's category is any slug
// ([a-z0-9_], 1–64 chars), these are the ones inference produces.
std::string_view DefaultCategoryNames();

// What the text engine read in a ticket's text (app/text_ops.cc fills it from
// text::Analyzer). The decision stays here, in one place; the engine only supplies signals.
struct TextSignals {
  double urgency = 0;       // 0 … 1, strongest urgency cue, negation-aware (不急 is none)
  std::string urgency_cue;  // the cue that gave it (设备停机, 马上, "production down")
  double anxiety = 0;       // emotion intensities 0 … 1 (0 when absent)
  double anger = 0;
  bool complaint = false;   // an explicit complaint cue (投诉, 12315, "I want to complain")
};

// Case-insensitive for ASCII; `text` is subject + description.
// Priority: keyword rules (紧急 → P1, 故障 → P2, 咨询 → P4, else P3). With `signals`, the
// urgency words are judged by the text engine instead (negation and degree aware): urgency
// ≥ 0.6 → P1, ≥ 0.3 or anxiety ≥ 0.7 → P2, reason "urgency 0.9: 停机"; the other keyword
// rules still apply and the more urgent answer wins.
Inferred InferPriority(std::string_view text, const TextSignals* signals = nullptr);
// Category: keyword rules; with `signals`, an explicit complaint cue said in anger (anger ≥
// 0.2) makes it `complaint` first, reason "complaint cue + anger 0.62".
Inferred InferCategory(std::string_view text, const TextSignals* signals = nullptr);

// A category slug: 1–64 of [a-z0-9_].
bool IsValidCategory(std::string_view s);

}  // namespace loopdesk
