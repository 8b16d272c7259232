#pragma once
// Demo data for the voice of the customer: survey comments that fit a score, in the
// customer's language (used by demo_data.cc when it plans survey answers).

#include <cstdint>
#include <string>

namespace loopdesk::demo {

// A comment for a CSAT score (1–5), or "" (many customers leave none); `pick` chooses.
std::string SurveyComment(int score, bool en, uint64_t pick);
// What a supervisor wrote when closing the alert of an unhappy answer.
std::string AlertOutcome(uint64_t pick);

}  // namespace loopdesk::demo
