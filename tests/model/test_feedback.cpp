// test_feedback.cpp — the resident's feedback list and a committee's queue read from answers a fake Net
// gives (issue 16): what the lists show is what wire::decode_feedback_page reads from the server's
// answer (written here with the server's writer, feedback_page_json); an answer that is not a feedback
// page is said as bad_answer and leaves the list as it was, never half read and never thrown.
#include <doctest/doctest.h>

#include <string>

#include "model/feedback.hpp"
#include "table_net.hpp"
#include "wire.hpp"

using namespace yishi;
using namespace yishi::client;
using nlohmann::json;

namespace {

const std::string kKey(64, 'a');
const std::string kMine = "/api/authors/" + kKey + "/feedback";

// One resolved item with its history and the author's rating.
wire::FeedbackPage mine_page() {
    wire::FeedbackItem f;
    f.id = std::string(64, 'b'), f.category = core::FeedbackCategory::Safety, f.text = "小区东门的路灯不亮";
    f.region = 320508, f.status = core::FeedbackStatus::Resolved, f.created_ms = 1000, f.updated_ms = 3000;
    f.rating = wire::FeedbackRating{5, "谢谢", 4000};
    f.history = {{core::FeedbackStatus::Received, "", 1000}, {core::FeedbackStatus::Resolved, "已修好", 3000}};
    wire::FeedbackPage page;
    page.author = kKey, page.total = 1, page.limit = 200, page.items = {f};
    return page;
}

FeedbackState reader() {
    FeedbackState fb;
    fb.public_hex = kKey;
    return fb;
}

}  // namespace

TEST_CASE("my feedback is read from the server's page, history and rating included") {
    TableNet net;
    net.answers[kMine] = wire::feedback_page_json(mine_page()).dump();
    FeedbackState fb = reader();
    CHECK(tick_feedback(fb, 0, net));
    CHECK(fb.load_error.empty());
    REQUIRE(fb.mine.size() == 1);
    const FeedbackItem& it = fb.mine[0];
    CHECK(it.status == core::FeedbackStatus::Resolved);
    CHECK(it.category == core::FeedbackCategory::Safety);
    REQUIRE(it.history.size() == 2);
    CHECK(it.history[1].text == "已修好");
    REQUIRE(it.rating);
    CHECK(it.rating->score == 5);
}

TEST_CASE("a feedback answer with a field missing or mistyped is said as bad_answer, the list kept") {
    TableNet net;
    net.answers[kMine] = wire::feedback_page_json(mine_page()).dump();
    FeedbackState fb = reader();
    tick_feedback(fb, 0, net);
    REQUIRE(fb.mine.size() == 1);
    json broken[] = {wire::feedback_page_json(mine_page()), wire::feedback_page_json(mine_page()),
                     wire::feedback_page_json(mine_page()), json("<html>")};
    broken[0]["items"][0]["history"][1]["status"] = 3;
    broken[1]["items"][0]["rating"]["score"] = "五";
    broken[2]["items"][0].erase("status");
    for (const json& b : broken) {
        CAPTURE(b.dump());
        net.answers[kMine] = b.is_string() ? b.get<std::string>() : b.dump();
        tick_feedback(fb, 100, net);   // past the refresh
        fb.next_refresh = 0;
        CHECK(fb.load_error == "bad_answer");
        REQUIRE(fb.mine.size() == 1);   // what was read before stays
        CHECK(fb.mine[0].history.size() == 2);
    }
    net.answers[kMine] = wire::feedback_page_json(mine_page()).dump();
    tick_feedback(fb, 200, net);
    CHECK(fb.load_error.empty());   // read again: nothing to say
}

TEST_CASE("a committee's queue is read from the server's page the same way") {
    TableNet net;
    wire::FeedbackPage queue = mine_page();
    queue.author.reset();   // the queue never names authors
    net.answers["/api/feedback"] = wire::feedback_page_json(queue).dump();
    FeedbackState fb = reader();
    fb.queue_region = "320508";
    FeedbackCommands cmds;
    cmds.load_queue = true;
    apply_feedback_commands(fb, cmds, net);
    CHECK(fb.queue_loaded_region == 320508);
    REQUIRE(fb.queue.size() == 1);
    CHECK(fb.queue[0].id == std::string(64, 'b'));
    net.answers["/api/feedback"] = R"({"total":1,"limit":200,"offset":0,"items":[{"id":"x"}]})";
    apply_feedback_commands(fb, cmds, net);
    CHECK(fb.load_error == "bad_answer");
    CHECK(fb.queue.size() == 1);
}
