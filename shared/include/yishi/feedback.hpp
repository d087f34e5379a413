// feedback.hpp — the resident feedback state machine and its names, one rule set for server and browser.
//
// A resident's `feedback` envelope starts at received. The committee of the feedback's region moves it
// with `feedback_answer` envelopes: received → accepted | declined, accepted → in_progress | declined,
// in_progress → resolved | declined; resolved and declined are final. Declining needs a reason text.
// Once final, the author may rate the handling once (`feedback_rate`, score 1..5). docs/feedback.md.
#pragma once
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "yishi/envelope.hpp"
#include "yishi/result.hpp"

namespace yishi::core {

inline constexpr FeedbackStatus kFeedbackStatuses[] = {FeedbackStatus::Received, FeedbackStatus::Accepted,
    FeedbackStatus::InProgress, FeedbackStatus::Resolved, FeedbackStatus::Declined};   // in workflow order
inline constexpr FeedbackCategory kFeedbackCategories[] = {FeedbackCategory::Environment, FeedbackCategory::Safety,
    FeedbackCategory::Facilities, FeedbackCategory::Services, FeedbackCategory::Neighbours,
    FeedbackCategory::Other};                                                           // in wire-code order

bool feedback_is_final(FeedbackStatus s);                                   // resolved or declined
// Ok if a committee may move feedback from `from` to `to` with answer `text`; otherwise FeedbackFinal,
// FeedbackBadTransition or FeedbackReasonRequired (declining with a blank text).
Status check_feedback_transition(FeedbackStatus from, FeedbackStatus to, std::string_view text);
// Ok if the feedback's author may rate it now: FeedbackNotFinished before a final status, then
// FeedbackAlreadyRated once rated. (The server checks authorship: FeedbackNotAuthor.)
Status check_feedback_rating(FeedbackStatus status, bool already_rated);
bool is_blank(std::string_view text);                                      // only ASCII and ideographic spaces

std::string_view feedback_status_code(FeedbackStatus s);                    // "received", "in_progress", ...
std::optional<FeedbackStatus> parse_feedback_status(std::string_view code); // inverse of feedback_status_code
std::string_view feedback_category_code(FeedbackCategory c);                // "environment", "safety", ...
std::optional<FeedbackCategory> parse_feedback_category(std::string_view code);

// The median of durations (e.g. received → resolved, ms): the middle value, or the mean of the two
// middle values rounded down; none for an empty list. Public statistics use it (docs/feedback.md).
std::optional<int64_t> median_ms(std::vector<int64_t> values);

}  // namespace yishi::core
