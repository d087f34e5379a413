// test_feedback.cpp — the feedback state machine: every (from, to) pair, reasons, ratings, names.
#include <doctest/doctest.h>

#include <set>
#include <utility>

#include "yishi/feedback.hpp"

using namespace yishi::core;
using S = FeedbackStatus;

TEST_CASE("feedback transitions: exactly the legal ones pass, every other pair is refused specifically") {
    const std::set<std::pair<S, S>> legal = {
        {S::Received, S::Accepted}, {S::Received, S::Declined}, {S::Accepted, S::InProgress},
        {S::Accepted, S::Declined}, {S::InProgress, S::Resolved}, {S::InProgress, S::Declined}};
    int checked = 0;
    for (S from : kFeedbackStatuses)
        for (S to : kFeedbackStatuses) {
            CAPTURE(feedback_status_code(from));
            CAPTURE(feedback_status_code(to));
            const Status st = check_feedback_transition(from, to, "已处理");
            if (legal.count({from, to})) CHECK(st.ok());
            else if (from == S::Resolved || from == S::Declined) CHECK(st.error() == Error::FeedbackFinal);
            else CHECK(st.error() == Error::FeedbackBadTransition);
            ++checked;
        }
    CHECK(checked == 25);
}

TEST_CASE("declining needs a reason that is not blank; other moves may be silent") {
    for (S from : {S::Received, S::Accepted, S::InProgress}) {
        CHECK(check_feedback_transition(from, S::Declined, "").error() == Error::FeedbackReasonRequired);
        CHECK(check_feedback_transition(from, S::Declined, " \t\n").error() == Error::FeedbackReasonRequired);
        CHECK(check_feedback_transition(from, S::Declined, "\xE3\x80\x80\xE3\x80\x80").error() ==
              Error::FeedbackReasonRequired);   // ideographic spaces only
        CHECK(check_feedback_transition(from, S::Declined, "不属于本社区管辖").ok());
    }
    CHECK(check_feedback_transition(S::Received, S::Accepted, "").ok());
    CHECK(check_feedback_transition(S::InProgress, S::Resolved, "").ok());
    // The final check wins over the reason check: a declined item stays declined whatever the text.
    CHECK(check_feedback_transition(S::Declined, S::Declined, "").error() == Error::FeedbackFinal);
}

TEST_CASE("feedback is rated once, and only after it is resolved or declined") {
    CHECK(check_feedback_rating(S::Received, false).error() == Error::FeedbackNotFinished);
    CHECK(check_feedback_rating(S::Accepted, false).error() == Error::FeedbackNotFinished);
    CHECK(check_feedback_rating(S::InProgress, false).error() == Error::FeedbackNotFinished);
    CHECK(check_feedback_rating(S::Resolved, false).ok());
    CHECK(check_feedback_rating(S::Declined, false).ok());
    CHECK(check_feedback_rating(S::Resolved, true).error() == Error::FeedbackAlreadyRated);
}

TEST_CASE("status and category names round-trip and keep their wire codes") {
    for (S s : kFeedbackStatuses) CHECK(parse_feedback_status(feedback_status_code(s)) == s);
    for (FeedbackCategory c : kFeedbackCategories) CHECK(parse_feedback_category(feedback_category_code(c)) == c);
    CHECK(!parse_feedback_status("done"));
    CHECK(!parse_feedback_category(""));
    CHECK(static_cast<int>(S::Declined) == 4);   // existing codes unchanged
    CHECK(static_cast<int>(S::Accepted) == 5);   // the new status is appended
}

TEST_CASE("median time to resolve") {
    CHECK(!median_ms({}));
    CHECK(median_ms({7}) == 7);
    CHECK(median_ms({30, 10, 20}) == 20);
    CHECK(median_ms({40, 10, 30, 20}) == 25);
    CHECK(median_ms({1, 2}) == 1);   // rounded down
    CHECK(median_ms({3600000, 86400000, 7200000, 100}) == 5400000);
}
