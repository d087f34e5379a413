// test_log_audit.cpp — core::LogAudit's account of withheld entries (shared/json/log_audit.hpp): the
// server withholds the bytes of whatever a moderator hid — a comment, a proposal, a feedback text, an
// enrolment's display name — and an auditor must be able to explain each withheld entry by a logged
// `moderate` hide still in effect, whatever the target's kind; once restored it is explained no more.
#include <doctest/doctest.h>

#include "log_audit.hpp"
#include "protocol_samples.hpp"
#include "yishi/tiles.hpp"

using namespace yishi::core;
using yishi::samples::SampleSet;

namespace {

struct Log {
    LogAudit audit;
    uint64_t next = 0;
    void add(const Bytes& record) {   // the record's own leaf hash stands in for the level-0 tile's
        auto leaf = envelope_record_leaf_hash(record);
        REQUIRE(leaf.ok());
        CHECK(audit.add(next++, record, leaf.value()) == "");
    }
    void add_wire(const SignedEnvelope& s) { add(envelope_record_wire(encode_signed_envelope(s).value())); }
};

SignedEnvelope moderate(const SigningKey& moderator, uint64_t sequence, const Hash& target, ModerationAction action) {
    Envelope e;
    e.author = moderator.public_key();
    e.sequence = sequence;
    e.timestamp_ms = yishi::samples::kTime;
    e.scope = {yishi::samples::kRegion, 0};
    e.payload = ModeratePayload{target, action, "冒充居委会"};
    return sign_envelope(e, moderator).value();
}

}  // namespace

TEST_CASE("a withheld proposal, feedback or enrolment is explained by a moderator's hide, and not once restored") {
    SampleSet set;
    const auto all = set.all();
    std::vector<SignedEnvelope> targets;   // enroll (display name), propose, feedback
    for (Kind k : {Kind::Enroll, Kind::Propose, Kind::Feedback})
        for (const auto& s : all)
            if (envelope_kind(s.envelope) == k) targets.push_back(sign_envelope(s.envelope, *s.key).value());
    REQUIRE(targets.size() == 3);

    Log log;
    std::vector<Hash> ids;
    for (const SignedEnvelope& s : targets) {
        ids.push_back(envelope_id(s.envelope).value());
        log.add(envelope_record_withheld(ids.back(), s.signature));
    }
    CHECK(log.audit.withheld() == 3);
    CHECK(log.audit.unexplained_withheld() == std::vector<uint64_t>{0, 1, 2});   // nothing hid them (yet)

    const SigningKey moderator = yishi::samples::committee_key();
    for (size_t i = 0; i < ids.size(); ++i) log.add_wire(moderate(moderator, 10 + i, ids[i], ModerationAction::Hide));
    CHECK(log.audit.unexplained_withheld().empty());

    SUBCASE("a restore leaves that entry unexplained while its bytes stay withheld") {
        log.add_wire(moderate(moderator, 20, ids[0], ModerationAction::Restore));
        CHECK(log.audit.unexplained_withheld() == std::vector<uint64_t>{0});
        log.add_wire(moderate(moderator, 21, ids[0], ModerationAction::Hide));   // hidden again
        CHECK(log.audit.unexplained_withheld().empty());
    }
    SUBCASE("a hide of some other id explains nothing") {
        Log other;
        other.add(envelope_record_withheld(ids[1], targets[1].signature));
        other.add_wire(moderate(moderator, 10, ids[2], ModerationAction::Hide));
        CHECK(other.audit.unexplained_withheld() == std::vector<uint64_t>{0});
        CHECK(other.audit.size() == 2);
    }
}
