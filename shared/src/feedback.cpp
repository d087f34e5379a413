// feedback.cpp — the feedback state machine and its stable names (see feedback.hpp).
#include "yishi/feedback.hpp"

#include <algorithm>

namespace yishi::core {

bool feedback_is_final(FeedbackStatus s) { return s == FeedbackStatus::Resolved || s == FeedbackStatus::Declined; }

bool is_blank(std::string_view text) {
    constexpr std::string_view kIdeographicSpace = "\xE3\x80\x80";   // U+3000, what Chinese IMEs type
    size_t i = 0;
    while (i < text.size()) {
        const char c = text[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') { ++i; continue; }
        if (text.substr(i, 3) == kIdeographicSpace) { i += 3; continue; }
        return false;
    }
    return true;
}

Status check_feedback_transition(FeedbackStatus from, FeedbackStatus to, std::string_view text) {
    using S = FeedbackStatus;
    if (feedback_is_final(from)) return Error::FeedbackFinal;
    bool legal = false;
    switch (from) {
        case S::Received: legal = to == S::Accepted || to == S::Declined; break;
        case S::Accepted: legal = to == S::InProgress || to == S::Declined; break;
        case S::InProgress: legal = to == S::Resolved || to == S::Declined; break;
        case S::Resolved: case S::Declined: break;
    }
    if (!legal) return Error::FeedbackBadTransition;
    if (to == S::Declined && is_blank(text)) return Error::FeedbackReasonRequired;
    return Ok{};
}

Status check_feedback_rating(FeedbackStatus status, bool already_rated) {
    if (!feedback_is_final(status)) return Error::FeedbackNotFinished;
    if (already_rated) return Error::FeedbackAlreadyRated;
    return Ok{};
}

std::string_view feedback_status_code(FeedbackStatus s) {
    switch (s) {
        case FeedbackStatus::Received: return "received";
        case FeedbackStatus::Accepted: return "accepted";
        case FeedbackStatus::InProgress: return "in_progress";
        case FeedbackStatus::Resolved: return "resolved";
        case FeedbackStatus::Declined: return "declined";
    }
    return "unknown";
}

std::optional<FeedbackStatus> parse_feedback_status(std::string_view code) {
    for (FeedbackStatus s : kFeedbackStatuses)
        if (feedback_status_code(s) == code) return s;
    return std::nullopt;
}

std::string_view feedback_category_code(FeedbackCategory c) {
    switch (c) {
        case FeedbackCategory::Environment: return "environment";
        case FeedbackCategory::Safety: return "safety";
        case FeedbackCategory::Facilities: return "facilities";
        case FeedbackCategory::Services: return "services";
        case FeedbackCategory::Neighbours: return "neighbours";
        case FeedbackCategory::Other: return "other";
    }
    return "unknown";
}

std::optional<FeedbackCategory> parse_feedback_category(std::string_view code) {
    for (FeedbackCategory c : kFeedbackCategories)
        if (feedback_category_code(c) == code) return c;
    return std::nullopt;
}

std::optional<int64_t> median_ms(std::vector<int64_t> values) {
    if (values.empty()) return std::nullopt;
    const size_t mid = values.size() / 2;
    std::nth_element(values.begin(), values.begin() + mid, values.end());
    const int64_t upper = values[mid];
    if (values.size() % 2 == 1) return upper;
    const int64_t lower = *std::max_element(values.begin(), values.begin() + mid);
    return lower + (upper - lower) / 2;
}

}  // namespace yishi::core
