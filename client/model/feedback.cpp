// feedback.cpp — the feedback controller and its minimal identity (see feedback.hpp).
//
// [SECTION] Identity      the account's key (journeys), adopted
// [SECTION] Reading       my feedback, a community's queue
// [SECTION] Submitting    sequence → build → sign → POST /api/submit
// [SECTION] Commands
#include "model/feedback.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <chrono>

#include "model/net.hpp"
#include "wire.hpp"
#include "yishi/feedback.hpp"

namespace yishi::client {

using core::FeedbackStatus;
using nlohmann::json;

namespace {

constexpr const char* kOctetStream = "application/octet-stream";
constexpr double kRefreshSeconds = 30.0;                  // lists reload while a feedback screen is shown

int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::optional<uint32_t> parse_region(const std::string& s) {
    uint64_t v = 0;
    auto r = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || r.ec != std::errc{} || r.ptr != s.data() + s.size() || v == 0 || v > 0xFFFFFFFFu)
        return std::nullopt;
    return static_cast<uint32_t>(v);
}

void say(FeedbackState& fb, std::string message, bool error, std::string code = "") {
    fb.message = std::move(message);
    fb.message_is_error = error;
    fb.message_code = std::move(code);
}

// Shows a refused request: its stable code (translated by the view when the catalog has it) and message.
void say_refused(FeedbackState& fb, const HttpResponse& r) {
    if (r.status != 0 && wire::json_field(wire::parse_json(r.body), "error").is_object()) {
        const std::string code = wire::error_code_of(r.status, r.body);
        return say(fb, code + ": " + wire::error_message_of(r.body), true, code);
    }
    if (r.status == 0) return say(fb, "no connection", true, "offline");
    say(fb, "HTTP " + std::to_string(r.status), true);
}

}  // namespace

core::Msg feedback_status_msg(FeedbackStatus s) {
    switch (s) {
        case FeedbackStatus::Received: return core::Msg::FbStatusReceived;
        case FeedbackStatus::Accepted: return core::Msg::FbStatusAccepted;
        case FeedbackStatus::InProgress: return core::Msg::FbStatusInProgress;
        case FeedbackStatus::Resolved: return core::Msg::FbStatusResolved;
        case FeedbackStatus::Declined: return core::Msg::FbStatusDeclined;
    }
    return core::Msg::FbStatusReceived;
}

core::Msg feedback_category_msg(core::FeedbackCategory c) {
    static constexpr core::Msg kMsgs[] = {core::Msg::FbCatEnvironment, core::Msg::FbCatSafety, core::Msg::FbCatFacilities,
                                          core::Msg::FbCatServices, core::Msg::FbCatNeighbours, core::Msg::FbCatOther};
    const auto i = static_cast<size_t>(c) - 1;
    return i < std::size(kMsgs) ? kMsgs[i] : core::Msg::FbCatOther;
}

// [SECTION] Identity

void adopt_identity(FeedbackState& fb, const core::SecretSeed& seed) {
    auto key = seed.signing_key();
    if (!key) return;
    auto copy = core::SecretSeed::from_bytes(seed.bytes());
    if (!copy) return;
    fb.seed.emplace(std::move(copy.value()));
    fb.public_hex = core::to_hex(key->public_key());
    fb.region = 0;   // the account says where this key is enrolled
    fb.mine.clear();
    fb.mine_requested = false;
}

std::vector<FeedbackStatus> next_feedback_statuses(FeedbackStatus from) {
    std::vector<FeedbackStatus> out;
    for (FeedbackStatus to : core::kFeedbackStatuses)
        if (core::check_feedback_transition(from, to, "-").ok()) out.push_back(to);
    return out;
}

// [SECTION] Reading

namespace {

// The items of a list answer into `list`; an answer that is not a feedback page leaves `list` as it was
// and says so (load_error: bad_answer).
void read_items(FeedbackState& fb, const HttpResponse& r, std::vector<FeedbackItem>& list) {
    auto page = wire::decode_feedback_page(r.body);
    if (!page) return void(fb.load_error = core::error_code(page.error()));
    fb.load_error.clear();
    list = std::move(page->items);
}

void load_mine(FeedbackState& fb, Net& net) {
    if (fb.public_hex.empty()) return;
    fb.mine_requested = true;
    net.get("/api/authors/" + fb.public_hex + "/feedback?limit=200", [&fb](const HttpResponse& r) {
        if (r.status == 200) read_items(fb, r, fb.mine);
    });
}

void load_queue(FeedbackState& fb, Net& net) {
    auto region = parse_region(fb.queue_region);
    if (!region) return say(fb, "region", true, "bad_region");
    net.get("/api/feedback?limit=200&region=" + std::to_string(*region), [&fb, region](const HttpResponse& r) {
        if (r.status != 200) return say_refused(fb, r);
        read_items(fb, r, fb.queue);
        fb.queue_loaded_region = *region;
    });
}

// [SECTION] Submitting

// Asks the server for this key's last sequence, then builds, signs and POSTs the envelope; `done` gets
// the answer (201 accepted, else the refusal).
void submit(FeedbackState& fb, Net& net, uint32_t region, core::Payload payload,
            std::function<void(FeedbackState&, const HttpResponse&)> done) {
    if (!fb.seed || fb.busy) return;
    fb.busy = true;
    net.get("/api/authors/" + fb.public_hex + "/sequence",
            [&fb, &net, region, payload = std::move(payload), done = std::move(done)](const HttpResponse& r) mutable {
        auto body = json::parse(r.body, nullptr, false);
        if (r.status != 200 || !body.is_object()) {
            fb.busy = false;
            return say_refused(fb, r);
        }
        auto key = fb.seed->signing_key();
        if (!key) { fb.busy = false; return say(fb, "key", true); }
        core::Envelope e;
        e.author = key->public_key();
        e.sequence = std::max(static_cast<uint64_t>(wire::json_int(body, "sequence")), fb.local_sequence) + 1;   // outbox may be ahead
        fb.signed_sequence = e.sequence;
        e.timestamp_ms = now_ms();
        e.scope = {region, 0};
        e.payload = std::move(payload);
        auto signed_env = core::sign_envelope(e, key.value());
        auto wire = signed_env ? core::encode_signed_envelope(signed_env.value()) : core::Result<core::Bytes>(signed_env.error());
        if (!wire) {
            fb.busy = false;
            return say(fb, std::string(core::error_message(wire.error())), true);
        }
        net.post("/api/submit", wire.value(), kOctetStream,
                 [&fb, done = std::move(done)](const HttpResponse& answer) {
                     fb.busy = false;
                     done(fb, answer);
                 });
    });
}

}  // namespace

// [SECTION] Commands

void apply_feedback_commands(FeedbackState& fb, const FeedbackCommands& cmds, Net& net) {
    if (cmds.refresh) {
        load_mine(fb, net);
        if (fb.queue_loaded_region) load_queue(fb, net);
    }
    if (cmds.load_queue) load_queue(fb, net);
    if (fb.busy) return;
    if (cmds.send) {
        core::FeedbackPayload p{core::kFeedbackCategories[fb.category], fb.text};
        submit(fb, net, fb.region, p, [&net](FeedbackState& f, const HttpResponse& r) {
            if (r.status != 201) return say_refused(f, r);
            f.text.clear();
            say(f, "sent", false);
            load_mine(f, net);
        });
    } else if (cmds.rate) {
        const std::string id = *cmds.rate;
        auto hash = core::from_hex_array<core::kHashSize>(id);
        const FeedbackItem* item = nullptr;
        for (const auto& it : fb.mine) if (it.id == id) item = &it;
        if (!hash || !item) return;
        core::FeedbackRatePayload p{*hash, static_cast<uint8_t>(5 - fb.score[id]), fb.remark[id]};
        submit(fb, net, item->region, p, [&net](FeedbackState& f, const HttpResponse& r) {
            if (r.status != 201) return say_refused(f, r);
            say(f, "", false);
            load_mine(f, net);
        });
    } else if (cmds.answer) {
        const std::string id = cmds.answer->first;
        const FeedbackStatus status = cmds.answer->second;
        auto hash = core::from_hex_array<core::kHashSize>(id);
        const FeedbackItem* item = nullptr;
        for (const auto& it : fb.queue) if (it.id == id) item = &it;
        if (!hash || !item) return;
        const std::string text = fb.answer[id];
        // The same rule as the server's: a refusal shows before anything is signed.
        if (auto st = core::check_feedback_transition(item->status, status, text); !st)
            return say(fb, std::string(core::error_message(st.error())), true, std::string(core::error_code(st.error())));
        core::FeedbackAnswerPayload p{*hash, status, text};
        submit(fb, net, item->region, p, [&net, id](FeedbackState& f, const HttpResponse& r) {
            if (r.status != 201) return say_refused(f, r);
            f.answer.erase(id);
            say(f, "", false);
            load_queue(f, net);
            load_mine(f, net);
        });
    }
}

bool tick_feedback(FeedbackState& fb, double now, Net& net) {
    if (fb.public_hex.empty() || fb.busy || (fb.mine_requested && now < fb.next_refresh)) return false;
    fb.next_refresh = now + kRefreshSeconds;   // status changes show without pressing Refresh
    load_mine(fb, net);
    if (fb.queue_loaded_region) load_queue(fb, net);
    return true;
}

std::optional<core::Msg> feedback_error_msg(std::string_view code) {
    static constexpr std::pair<std::string_view, core::Msg> kMap[] = {
        {"feedback_reason_required", core::Msg::FbErrReason}, {"not_enrolled", core::Msg::FbErrNotEnrolled},
        {"bad_enrollment_code", core::Msg::FbErrBadCode}, {"not_committee", core::Msg::FbErrNotCommittee},
        {"wrong_region", core::Msg::FbErrWrongRegion}, {"feedback_bad_transition", core::Msg::FbErrStep},
        {"feedback_final", core::Msg::FbErrStep}, {"offline", core::Msg::FbErrOffline},
        {"bad_region", core::Msg::FbErrRegion}};
    for (const auto& [c, m] : kMap)
        if (c == code) return m;
    return std::nullopt;
}

}  // namespace yishi::client
