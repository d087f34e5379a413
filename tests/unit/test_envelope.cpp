// test_envelope.cpp — envelopes: round trips and signatures for every kind, then every rejection path
// of the strict decoder (each a specific Error), then seeded random mutations that must either be
// rejected or re-encode to exactly the mutated bytes.
//
// Body offsets used for patching (docs/protocol.md, "Envelope body"): version 0, kind 1, author 2..33,
// sequence 34..41, timestamp 42..49, region 50..53, consultation 54..61, payload from 62.
#include <doctest/doctest.h>

#include <string>

#include "protocol_samples.hpp"
#include "yishi/consultation.hpp"
#include "yishi/utf8.hpp"

using namespace yishi::core;
using namespace yishi::samples;

namespace {

constexpr size_t kPayloadOffset = 62;

Bytes body_of(Kind k) {
    SampleSet set;
    return encode_envelope(set.all()[static_cast<size_t>(k) - 1].envelope).value();
}

Envelope envelope_of(Kind k) {
    SampleSet set;
    return set.all()[static_cast<size_t>(k) - 1].envelope;
}

Bytes patched(Bytes b, size_t offset, std::initializer_list<uint8_t> bytes) {
    REQUIRE(offset + bytes.size() <= b.size());
    std::copy(bytes.begin(), bytes.end(), b.begin() + static_cast<std::ptrdiff_t>(offset));
    return b;
}

Error decode_error(const Bytes& b) {
    auto r = decode_envelope(b);
    REQUIRE_FALSE(r.ok());
    return r.error();
}

Error encode_error(const Envelope& e) {
    auto r = encode_envelope(e);
    REQUIRE_FALSE(r.ok());
    return r.error();
}

// A comment body whose text field is exactly `text_bytes` (which may be invalid UTF-8).
Bytes comment_with_raw_text(const Bytes& text_bytes) {
    Envelope e = envelope_of(Kind::Comment);
    std::get<CommentPayload>(e.payload).text.clear();
    Bytes b = encode_envelope(e).value();
    b.resize(b.size() - 4);
    const auto n = static_cast<uint32_t>(text_bytes.size());
    for (int i = 3; i >= 0; --i) b.push_back(static_cast<uint8_t>(n >> (8 * i)));
    b.insert(b.end(), text_bytes.begin(), text_bytes.end());
    return b;
}

Bytes repeat(std::string_view unit, size_t times) {
    std::string s;
    for (size_t i = 0; i < times; ++i) s += unit;
    return Bytes(s.begin(), s.end());
}

struct Rng {  // SplitMix64, identical natively and in wasm
    uint64_t s;
    uint64_t next() {
        uint64_t z = (s += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    size_t below(size_t n) { return static_cast<size_t>(next() % n); }
};

}  // namespace

// [SECTION] Round trips and signatures

TEST_CASE("every kind encodes, decodes to the same bytes, signs and verifies") {
    SampleSet set;
    const auto samples = set.all();
    REQUIRE(samples.size() == kKindCount);
    for (const auto& s : samples) {
        const Kind k = envelope_kind(s.envelope);
        CAPTURE(kind_name(k));
        auto body = encode_envelope(s.envelope);
        REQUIRE(body.ok());
        CHECK(body.value()[1] == static_cast<uint8_t>(k));
        auto back = decode_envelope(body.value());
        REQUIRE(back.ok());
        CHECK(encode_envelope(back.value()).value() == body.value());
        auto signed_env = sign_envelope(s.envelope, *s.key);
        REQUIRE(signed_env.ok());
        CHECK(verify_envelope(signed_env.value()).ok());
        auto wire = encode_signed_envelope(signed_env.value()).value();
        auto reread = decode_signed_envelope(wire);
        REQUIRE(reread.ok());
        CHECK(verify_envelope(reread.value()).ok());
        CHECK(envelope_id(reread->envelope).value() == envelope_id(s.envelope).value());
    }
}

TEST_CASE("the signed bytes are the domain prefix followed by the body") {
    const Envelope e = envelope_of(Kind::React);
    Bytes expected(kEnvelopeDomain.begin(), kEnvelopeDomain.end());
    const Bytes body = encode_envelope(e).value();
    expected.insert(expected.end(), body.begin(), body.end());
    CHECK(envelope_signed_bytes(e).value() == expected);
    CHECK(envelope_id(e).value() == sha256(expected));
    CHECK(expected[17] == 0);  // the prefix ends in a NUL byte
}

TEST_CASE("a signature fails after any change to the envelope") {
    SampleSet set;
    const auto s = set.all()[static_cast<size_t>(Kind::Comment) - 1];
    auto signed_env = sign_envelope(s.envelope, *s.key).value();
    SUBCASE("changed text") {
        std::get<CommentPayload>(signed_env.envelope.payload).text += "!";
        CHECK(verify_envelope(signed_env).error() == Error::BadSignature);
    }
    SUBCASE("changed sequence") {
        signed_env.envelope.sequence += 1;
        CHECK(verify_envelope(signed_env).error() == Error::BadSignature);
    }
    SUBCASE("changed signature") {
        signed_env.signature[0] ^= 1;
        CHECK(verify_envelope(signed_env).error() == Error::BadSignature);
    }
}

TEST_CASE("only the author's key can sign an envelope") {
    SampleSet set;
    const auto s = set.all()[static_cast<size_t>(Kind::Comment) - 1];
    CHECK(sign_envelope(s.envelope, set.committee).error() == Error::EnvelopeAuthorMismatch);
}

TEST_CASE("a key rotation verifies only with the new key's proof of possession") {
    SampleSet set;
    const auto s = set.all()[static_cast<size_t>(Kind::KeyRotate) - 1];
    Envelope e = s.envelope;
    std::get<KeyRotatePayload>(e.payload).new_key_proof[5] ^= 1;
    auto signed_env = sign_envelope(e, *s.key).value();
    CHECK(verify_envelope(signed_env).error() == Error::BadSignature);
}

TEST_CASE("a vote is signed by the ballot key, not the identity key") {
    SampleSet set;
    const auto s = set.all()[static_cast<size_t>(Kind::Vote) - 1];
    CHECK(s.envelope.author == set.ballot.public_key());
    CHECK(s.envelope.author != set.resident.public_key());
    CHECK(sign_envelope(s.envelope, set.resident).error() == Error::EnvelopeAuthorMismatch);
}

// [SECTION] Rejection paths, header

TEST_CASE("every proper prefix of a valid envelope is rejected as truncated") {
    SampleSet set;
    for (const auto& s : set.all()) {
        const Bytes b = encode_envelope(s.envelope).value();
        for (size_t n = 0; n < b.size(); ++n) {
            auto r = decode_envelope(ByteView(b).first(n));
            if (r.ok() || r.error() != Error::EnvelopeTruncated)
                FAIL_CHECK(kind_name(envelope_kind(s.envelope)) << " prefix " << n << " not rejected as truncated");
        }
    }
    CHECK(decode_signed_envelope(Bytes(63, 0)).error() == Error::EnvelopeTruncated);
}

TEST_CASE("bytes after the last field are rejected") {
    Bytes b = body_of(Kind::Vote);
    b.push_back(0);
    CHECK(decode_error(b) == Error::EnvelopeTrailingBytes);
}

TEST_CASE("an unknown format version is rejected") {
    const Bytes b = body_of(Kind::React);
    CHECK(decode_error(patched(b, 0, {0})) == Error::EnvelopeUnknownVersion);
    CHECK(decode_error(patched(b, 0, {2})) == Error::EnvelopeUnknownVersion);
    Envelope e = envelope_of(Kind::React);
    e.version = 2;
    CHECK(encode_error(e) == Error::EnvelopeUnknownVersion);
}

TEST_CASE("an unknown kind is rejected") {
    const Bytes b = body_of(Kind::React);
    CHECK(decode_error(patched(b, 1, {0})) == Error::EnvelopeUnknownKind);
    CHECK(decode_error(patched(b, 1, {kKindCount + 1})) == Error::EnvelopeUnknownKind);
    CHECK(decode_error(patched(b, 1, {0xff})) == Error::EnvelopeUnknownKind);
}

TEST_CASE("a payload that belongs to another kind is rejected") {
    // React's payload read as Comment: the stance byte is fine but the text length runs off the end.
    const Bytes b = body_of(Kind::React);
    CHECK(decode_error(patched(b, 1, {static_cast<uint8_t>(Kind::Comment)})) == Error::EnvelopeTruncated);
    // Advance's payload (one byte) read as Rate: score 3 then a missing remark.
    CHECK(decode_error(patched(body_of(Kind::ConsultationAdvance), 1, {static_cast<uint8_t>(Kind::Rate)})) ==
          Error::EnvelopeTruncated);
}

TEST_CASE("an envelope over the size limit is rejected before parsing") {
    Bytes b = body_of(Kind::React);
    b.resize(kMaxEnvelopeBytes + 1);
    CHECK(decode_error(b) == Error::EnvelopeTooLarge);
}

TEST_CASE("out-of-range header numbers are rejected both ways") {
    const Bytes b = body_of(Kind::React);
    SUBCASE("sequence zero") {
        CHECK(decode_error(patched(b, 34, {0, 0, 0, 0, 0, 0, 0, 0})) == Error::EnvelopeOutOfRange);
        Envelope e = envelope_of(Kind::React);
        e.sequence = 0;
        CHECK(encode_error(e) == Error::EnvelopeOutOfRange);
    }
    SUBCASE("negative timestamp") {
        CHECK(decode_error(patched(b, 42, {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff})) == Error::EnvelopeOutOfRange);
        Envelope e = envelope_of(Kind::React);
        e.timestamp_ms = -1;
        CHECK(encode_error(e) == Error::EnvelopeOutOfRange);
    }
    SUBCASE("timestamp after year 9999") {
        Envelope e = envelope_of(Kind::React);
        e.timestamp_ms = kMaxTimestampMs;
        CHECK(encode_envelope(e).ok());
        e.timestamp_ms = kMaxTimestampMs + 1;
        CHECK(encode_error(e) == Error::EnvelopeOutOfRange);
        CHECK(decode_error(patched(b, 42, {0x00, 0x00, 0xe6, 0x77, 0xd2, 0x1f, 0xdc, 0x00})) == Error::EnvelopeOutOfRange);
    }
}

TEST_CASE("a scope that does not fit the kind is rejected both ways") {
    SUBCASE("region zero") {
        CHECK(decode_error(patched(body_of(Kind::React), 50, {0, 0, 0, 0})) == Error::EnvelopeBadScope);
    }
    SUBCASE("a vote outside any consultation") {
        CHECK(decode_error(patched(body_of(Kind::Vote), 54, {0, 0, 0, 0, 0, 0, 0, 0})) == Error::EnvelopeBadScope);
        Envelope e = envelope_of(Kind::Vote);
        e.scope.consultation_id = 0;
        CHECK(encode_error(e) == Error::EnvelopeBadScope);
    }
    SUBCASE("an enrolment inside a consultation") {
        CHECK(decode_error(patched(body_of(Kind::Enroll), 61, {1})) == Error::EnvelopeBadScope);
    }
    SUBCASE("a proposal may or may not name a consultation") {
        Envelope e = envelope_of(Kind::Propose);
        e.scope.consultation_id = 0;
        CHECK(encode_envelope(e).ok());
    }
}

// [SECTION] Rejection paths, text

TEST_CASE("text limits count both code points and bytes") {
    CHECK(decode_envelope(comment_with_raw_text(repeat("a", kCommentLimit.max_chars))).ok());
    CHECK(decode_error(comment_with_raw_text(repeat("a", kCommentLimit.max_chars + 1))) == Error::EnvelopeStringTooLong);
    CHECK(decode_envelope(comment_with_raw_text(repeat("议", kCommentLimit.max_chars))).ok());   // 6000 bytes
    CHECK(decode_error(comment_with_raw_text(repeat("议", kCommentLimit.max_chars + 1))) == Error::EnvelopeStringTooLong);
    CHECK(decode_envelope(comment_with_raw_text(repeat("😀", kCommentLimit.max_chars))).ok());  // 8000 bytes
    Envelope e = envelope_of(Kind::Comment);
    std::get<CommentPayload>(e.payload).text = std::string(kCommentLimit.max_chars + 1, 'x');
    CHECK(encode_error(e) == Error::EnvelopeStringTooLong);
}

TEST_CASE("a declared text length over the byte limit is rejected before it is read") {
    Bytes b = comment_with_raw_text({});
    b = patched(b, b.size() - 4, {0, 0, 0x20, 0x01});  // 8193 bytes declared, none present
    CHECK(decode_error(b) == Error::EnvelopeStringTooLong);
    b = patched(b, b.size() - 4, {0xff, 0xff, 0xff, 0xff});
    CHECK(decode_error(b) == Error::EnvelopeStringTooLong);
}

TEST_CASE("ill-formed UTF-8 is rejected and every well-formed boundary is accepted") {
    const std::vector<Bytes> bad = {
        {0x80},                      // stray continuation byte
        {0xC0, 0xAF},                // overlong '/'
        {0xC1, 0xBF},                // overlong
        {0xE0, 0x80, 0xAF},          // overlong 3-byte
        {0xE0, 0x9F, 0xBF},          // overlong U+07FF
        {0xF0, 0x8F, 0xBF, 0xBF},    // overlong U+FFFF
        {0xED, 0xA0, 0x80},          // surrogate U+D800
        {0xED, 0xBF, 0xBF},          // surrogate U+DFFF
        {0xF4, 0x90, 0x80, 0x80},    // U+110000
        {0xF5, 0x80, 0x80, 0x80},    // lead byte beyond Unicode
        {0xFF},                      // never valid
        {0xE4, 0xB8},                // truncated 议-like sequence
        {0xE4, 0x41, 0x80},          // bad continuation
        {0x41, 0xF0, 0x9F, 0x98},    // truncated emoji at the end
    };
    for (const auto& b : bad) {
        CAPTURE(to_hex(b));
        CHECK(decode_error(comment_with_raw_text(b)) == Error::EnvelopeInvalidUtf8);
    }
    const std::vector<Bytes> good = {
        {0x00}, {0x7F}, {0xC2, 0x80}, {0xDF, 0xBF}, {0xE0, 0xA0, 0x80}, {0xED, 0x9F, 0xBF}, {0xEE, 0x80, 0x80},
        {0xEF, 0xBF, 0xBF}, {0xF0, 0x90, 0x80, 0x80}, {0xF4, 0x8F, 0xBF, 0xBF}, {0xE8, 0xAE, 0xAE, 0xE4, 0xBA, 0x8B},
    };
    for (const auto& b : good) {
        CAPTURE(to_hex(b));
        CHECK(decode_envelope(comment_with_raw_text(b)).ok());
    }
    Envelope e = envelope_of(Kind::Comment);
    std::get<CommentPayload>(e.payload).text = "\xED\xA0\x80";
    CHECK(encode_error(e) == Error::EnvelopeInvalidUtf8);
}

TEST_CASE("a display name with bidi controls, zero-width or other invisible characters is refused both ways") {
    // The name is the enrolment payload's last field: rebuild its length and bytes by hand.
    const auto enroll_with_raw_name = [](std::string_view name) {
        Envelope e = envelope_of(Kind::Enroll);
        std::get<EnrollPayload>(e.payload).display_name.clear();
        Bytes b = encode_envelope(e).value();
        b.resize(b.size() - 4);
        const auto n = static_cast<uint32_t>(name.size());
        for (int i = 3; i >= 0; --i) b.push_back(static_cast<uint8_t>(n >> (8 * i)));
        b.insert(b.end(), name.begin(), name.end());
        return b;
    };
    const std::vector<std::string> bad = {
        "\u202E\u4F1A\u5458\u59D4\u5C45\u533A\u82CF\u59D1",   // RLO + 会员委居区苏姑: shows as 姑苏区居委员会
        "\u738B\u200B\u5586",        // zero-width space
        "\u738B\u200D\u5586",        // zero-width joiner
        "\u2067\u738B\u2069",        // right-to-left isolate ... pop
        "\u200F\u738B",               // right-to-left mark
        "\uFEFF\u738B",               // zero-width no-break space (BOM)
        "\u738B\u00AD\u5586",        // soft hyphen
        "\u3164",                      // Hangul filler: a blank-looking name
        "\u738B\uFE0F",               // variation selector
        "\u738B\U000E0041",           // tag character
        "\u738B\n\u5586",            // a line break
    };
    for (const std::string& name : bad) {
        CAPTURE(to_hex(as_bytes(name)));
        CHECK(has_invisible_code_points(name));
        CHECK(decode_error(enroll_with_raw_name(name)) == Error::EnvelopeInvisibleText);
        Envelope e = envelope_of(Kind::Enroll);
        std::get<EnrollPayload>(e.payload).display_name = name;
        CHECK(encode_error(e) == Error::EnvelopeInvisibleText);
    }
    for (const std::string name : {"\u738B\u5586", "Zhang Wei", "\u674E\u00B7\u660E", "\u5C0F\u738B\U0001F44D",
                                   "\u83CA\u82D1\u793E\u533A\u5C45\u59D4\u4F1A"}) {
        CAPTURE(name);
        CHECK_FALSE(has_invisible_code_points(name));
        CHECK(decode_envelope(enroll_with_raw_name(name)).ok());
    }
    Envelope c = envelope_of(Kind::Comment);   // other texts keep their line breaks
    std::get<CommentPayload>(c.payload).text = "\u7B2C\u4E00\u884C\n\u7B2C\u4E8C\u884C";
    CHECK(encode_envelope(c).ok());
}

// [SECTION] Rejection paths, payload numbers and canonical order

TEST_CASE("enumerated codes outside their range are rejected") {
    // Payload layouts: comment = parent[32] stance text; react = target[32] reaction; rate = score remark;
    // advance = stage; vote = method count entries.
    CHECK(decode_error(patched(body_of(Kind::Comment), kPayloadOffset + 32, {3})) == Error::EnvelopeOutOfRange);
    CHECK(decode_error(patched(body_of(Kind::React), kPayloadOffset + 32, {0})) == Error::EnvelopeOutOfRange);
    CHECK(decode_error(patched(body_of(Kind::React), kPayloadOffset + 32, {5})) == Error::EnvelopeOutOfRange);   // 4 = report
    CHECK(decode_error(patched(body_of(Kind::Rate), kPayloadOffset, {0})) == Error::EnvelopeOutOfRange);
    CHECK(decode_error(patched(body_of(Kind::Rate), kPayloadOffset, {6})) == Error::EnvelopeOutOfRange);
    CHECK(decode_error(patched(body_of(Kind::ConsultationAdvance), kPayloadOffset, {1})) == Error::EnvelopeOutOfRange);
    CHECK(decode_error(patched(body_of(Kind::ConsultationAdvance), kPayloadOffset, {6})) == Error::EnvelopeOutOfRange);
    CHECK(decode_error(patched(body_of(Kind::Vote), kPayloadOffset, {7})) == Error::EnvelopeOutOfRange);
    CHECK(decode_error(patched(body_of(Kind::Feedback), kPayloadOffset, {0})) == Error::EnvelopeOutOfRange);
    CHECK(decode_error(patched(body_of(Kind::FeedbackAnswer), kPayloadOffset + 32, {0})) == Error::EnvelopeOutOfRange);
    CHECK(decode_envelope(patched(body_of(Kind::FeedbackAnswer), kPayloadOffset + 32, {5})).ok());  // 5 = accepted
    CHECK(decode_error(patched(body_of(Kind::FeedbackAnswer), kPayloadOffset + 32, {6})) == Error::EnvelopeOutOfRange);
    CHECK(decode_error(patched(body_of(Kind::FeedbackRate), kPayloadOffset + 32, {0})) == Error::EnvelopeOutOfRange);
    CHECK(decode_error(patched(body_of(Kind::FeedbackRate), kPayloadOffset + 32, {6})) == Error::EnvelopeOutOfRange);
    CHECK(decode_error(patched(body_of(Kind::Moderate), kPayloadOffset + 32, {3})) == Error::EnvelopeOutOfRange);
    CHECK(decode_error(patched(body_of(Kind::KeyRevoke), kPayloadOffset + 32, {4})) == Error::EnvelopeOutOfRange);
    Envelope e = envelope_of(Kind::Rate);
    std::get<RatePayload>(e.payload).score = 6;
    CHECK(encode_error(e) == Error::EnvelopeOutOfRange);
}

TEST_CASE("ballots must be sorted, unique and shaped by their method") {
    // Vote sample: approval, entries (1,1) (3,1). Entry i starts at payload + 3 + 12 i.
    const Bytes b = body_of(Kind::Vote);
    const size_t e0 = kPayloadOffset + 3, e1 = e0 + 12;
    CHECK(decode_error(patched(b, e1, {0, 0, 0, 1})) == Error::EnvelopeNonCanonical);   // duplicate option
    CHECK(decode_error(patched(b, e0, {0, 0, 0, 4})) == Error::EnvelopeNonCanonical);   // descending
    CHECK(decode_error(patched(b, e0, {0, 0, 0, 0})) == Error::EnvelopeOutOfRange);     // option id 0
    CHECK(decode_error(patched(b, e0 + 11, {2})) == Error::EnvelopeOutOfRange);         // approval value 2
    CHECK(decode_error(patched(b, kPayloadOffset, {1})) == Error::EnvelopeOutOfRange);  // plurality with 2 entries
    CHECK(decode_envelope(patched(b, kPayloadOffset, {3})).error() == Error::EnvelopeNonCanonical);  // ranks 1,1
    CHECK(decode_envelope(patched(patched(b, kPayloadOffset, {3}), e1 + 11, {2})).ok());             // ranks 1,2
    CHECK(decode_error(patched(patched(b, kPayloadOffset, {3}), e1 + 11, {3})) == Error::EnvelopeOutOfRange);
    CHECK(decode_envelope(patched(patched(b, kPayloadOffset, {4}), e1 + 11, {100})).ok());           // score 100
    CHECK(decode_error(patched(patched(b, kPayloadOffset, {4}), e1 + 11, {101})) == Error::EnvelopeOutOfRange);
    CHECK(decode_error(patched(b, kPayloadOffset + 1, {0, 0})) == Error::EnvelopeTrailingBytes);     // count 0, entries left
    CHECK(decode_error(patched(b, kPayloadOffset + 1, {0, 65})) == Error::EnvelopeTooLarge);         // over kMaxOptions
    Envelope e = envelope_of(Kind::Vote);
    auto& vote = std::get<VotePayload>(e.payload);
    vote.entries.clear();
    CHECK(encode_error(e) == Error::EnvelopeOutOfRange);                                             // empty ballot
    vote.entries = {{3, 1}, {1, 1}};
    CHECK(encode_error(e) == Error::EnvelopeNonCanonical);
    vote.entries.assign(kMaxOptions + 1, {1, 1});
    CHECK(encode_error(e) == Error::EnvelopeTooLarge);
    vote.method = VotingMethod::YesNo;
    vote.entries = {{2, 1}};
    CHECK(encode_envelope(e).ok());
}

TEST_CASE("a consultation opening is checked for order and method parameters") {
    const Envelope base = envelope_of(Kind::ConsultationOpen);
    auto with = [&](auto change) {
        Envelope e = base;
        change(std::get<ConsultationOpenPayload>(e.payload));
        return e;
    };
    CHECK(encode_envelope(base).ok());
    CHECK(encode_error(with([](auto& p) { std::swap(p.options[0], p.options[1]); })) == Error::EnvelopeNonCanonical);
    CHECK(encode_error(with([](auto& p) { p.options[0].option_id = 0; })) == Error::EnvelopeOutOfRange);
    CHECK(encode_error(with([](auto& p) { p.options.clear(); })) == Error::EnvelopeOutOfRange);
    CHECK(encode_error(with([](auto& p) { p.options[0].cost = 5; })) == Error::EnvelopeNonCanonical);
    CHECK(encode_envelope(with([](auto& p) { p.method = VotingMethod::Budget; p.options[0].cost = 5; p.method_param = 10; })).ok());
    CHECK(encode_error(with([](auto& p) { p.method = VotingMethod::Budget; p.method_param = 0; })) == Error::EnvelopeOutOfRange);
    CHECK(encode_error(with([](auto& p) { p.method_param = 4; })) == Error::EnvelopeOutOfRange);   // approve 4 of 3
    CHECK(encode_error(with([](auto& p) { p.method = VotingMethod::Plurality; })) == Error::EnvelopeNonCanonical);
    // Ranked: the committee declares the counting in method_param, 1 instant-runoff or 2 Schulze.
    CHECK(encode_envelope(with([](auto& p) { p.method = VotingMethod::Ranked; p.method_param = kRankedInstantRunoff; })).ok());
    CHECK(encode_envelope(with([](auto& p) { p.method = VotingMethod::Ranked; p.method_param = kRankedSchulze; })).ok());
    CHECK(encode_error(with([](auto& p) { p.method = VotingMethod::Ranked; p.method_param = 0; })) == Error::EnvelopeOutOfRange);
    CHECK(encode_error(with([](auto& p) { p.method = VotingMethod::Ranked; p.method_param = 3; })) == Error::EnvelopeOutOfRange);
    CHECK(encode_error(with([](auto& p) { p.method = VotingMethod::YesNo; p.method_param = 0; })) == Error::EnvelopeOutOfRange);
    CHECK(encode_error(with([](auto& p) { p.method = VotingMethod::Score; p.method_param = 101; })) == Error::EnvelopeOutOfRange);
    CHECK(encode_error(with([](auto& p) { std::swap(p.schedule[0], p.schedule[1]); })) == Error::EnvelopeNonCanonical);
    CHECK(encode_error(with([](auto& p) { p.schedule[1].starts_ms = p.schedule[0].starts_ms; })) == Error::EnvelopeNonCanonical);
    CHECK(encode_error(with([](auto& p) { p.schedule[0].starts_ms = -5; })) == Error::EnvelopeOutOfRange);
    CHECK(encode_error(with([](auto& p) { p.schedule.clear(); })) == Error::EnvelopeOutOfRange);
    CHECK(encode_error(with([](auto& p) { p.schedule.resize(kMaxStages + 1); })) == Error::EnvelopeTooLarge);
    CHECK(encode_error(with([](auto& p) { p.organization_ids = {5, 5}; })) == Error::EnvelopeNonCanonical);
    CHECK(encode_error(with([](auto& p) { p.organization_ids = {0}; })) == Error::EnvelopeOutOfRange);
    CHECK(encode_error(with([](auto& p) { p.title = std::string(kTitleLimit.max_chars + 1, 't'); })) == Error::EnvelopeStringTooLong);
    // The same rules on the decoding side: option 1's id patched to 2 (a duplicate) and to 9 (descending).
    const Bytes b = body_of(Kind::ConsultationOpen);
    const auto& p = std::get<ConsultationOpenPayload>(base.payload);
    const size_t first_option = kPayloadOffset + 4 + p.title.size() + 4 + p.description.size() + 1 + 8 + 2;
    CHECK(decode_envelope(b).ok());
    CHECK(decode_error(patched(b, first_option, {0, 0, 0, 2})) == Error::EnvelopeNonCanonical);
    CHECK(decode_error(patched(b, first_option, {0, 0, 0, 9})) == Error::EnvelopeNonCanonical);
    CHECK(decode_error(patched(b, first_option - 11, {1})) == Error::EnvelopeNonCanonical);  // plurality, param 2
}

TEST_CASE("a form learns which field of a consultation opening is wrong, with the decoder's code") {
    const Envelope base = envelope_of(Kind::ConsultationOpen);
    auto check = [&](auto change) {
        Envelope e = base;
        change(std::get<ConsultationOpenPayload>(e.payload));
        const OpenCheck c = validate_consultation_open(std::get<ConsultationOpenPayload>(e.payload));
        if (c.problem != OpenProblem::None) CHECK(encode_error(e) == c.error);   // the same verdict as the codec
        else CHECK(encode_envelope(e).ok());
        return c;
    };
    CHECK(check([](auto&) {}).problem == OpenProblem::None);
    CHECK(check([](auto& p) { p.options.clear(); }).problem == OpenProblem::NoOptions);
    CHECK(check([](auto& p) { p.schedule.clear(); }).problem == OpenProblem::NoSchedule);
    CHECK(check([](auto& p) { p.title = std::string(kTitleLimit.max_chars + 1, 't'); }).problem == OpenProblem::Title);
    const OpenCheck label = check([](auto& p) { p.options[1].label = std::string(kTitleLimit.max_bytes + 1, 'x'); });
    CHECK(label.problem == OpenProblem::OptionLabel);
    CHECK(label.index == 1);
    CHECK(check([](auto& p) { p.options[0].cost = 5; }).problem == OpenProblem::CostWithoutBudget);
    CHECK(check([](auto& p) { p.method_param = 4; }).problem == OpenProblem::ApprovalMax);
    CHECK(check([](auto& p) { p.method = VotingMethod::Ranked; p.method_param = 3; }).problem == OpenProblem::RankedCounting);
    CHECK(check([](auto& p) { p.method = VotingMethod::Score; p.method_param = 0; }).problem == OpenProblem::ScoreMax);
    CHECK(check([](auto& p) { p.method = VotingMethod::Budget; p.method_param = 0; }).problem == OpenProblem::BudgetCap);
    CHECK(check([](auto& p) { p.method = VotingMethod::YesNo; p.method_param = 0; }).problem == OpenProblem::YesNoOptions);
    CHECK(check([](auto& p) { p.method = VotingMethod::Plurality; }).problem == OpenProblem::ParamNotZero);
    CHECK(check([](auto& p) { std::swap(p.schedule[0], p.schedule[1]); }).problem == OpenProblem::ScheduleStages);
    const OpenCheck times = check([](auto& p) { p.schedule[1].starts_ms = p.schedule[0].starts_ms; });
    CHECK(times.problem == OpenProblem::ScheduleTimes);
    CHECK(times.index == 1);
    CHECK(check([](auto& p) { p.schedule[0].starts_ms = -5; }).problem == OpenProblem::ScheduleTimes);
    CHECK(check([](auto& p) { p.organization_ids = {5, 5}; }).problem == OpenProblem::OrganizationIds);
    CHECK(check([](auto& p) { p.organization_ids.assign(kMaxOrganizations + 1, 1); }).problem ==
          OpenProblem::TooManyOrganizations);
}

TEST_CASE("a key cannot be rotated to itself nor a ballot key bound to the identity") {
    Envelope rot = envelope_of(Kind::KeyRotate);
    std::get<KeyRotatePayload>(rot.payload).new_key = rot.author;
    CHECK(encode_error(rot) == Error::EnvelopeNonCanonical);
    Envelope bind = envelope_of(Kind::BallotKeyBind);
    std::get<BallotKeyBindPayload>(bind.payload).ballot_key = bind.author;
    CHECK(encode_error(bind) == Error::EnvelopeNonCanonical);
    Bytes b = body_of(Kind::BallotKeyBind);
    std::copy(b.begin() + 2, b.begin() + 34, b.begin() + static_cast<std::ptrdiff_t>(kPayloadOffset));
    CHECK(decode_error(b) == Error::EnvelopeNonCanonical);
}

// [SECTION] Mutation property

TEST_CASE("any mutated envelope is either rejected or re-encodes to exactly its bytes") {
    SampleSet set;
    Rng rng{0x5eed};
    size_t accepted = 0, rejected = 0;
    for (const auto& s : set.all()) {
        const Bytes base = encode_envelope(s.envelope).value();
        for (int trial = 0; trial < 400; ++trial) {
            Bytes b = base;
            const int edits = 1 + static_cast<int>(rng.below(3));
            for (int k = 0; k < edits; ++k) {
                const size_t pos = rng.below(b.size() + 1);
                switch (rng.below(3)) {
                    case 0: if (pos < b.size()) b[pos] = static_cast<uint8_t>(rng.next()); break;
                    case 1: b.insert(b.begin() + static_cast<std::ptrdiff_t>(pos), static_cast<uint8_t>(rng.next())); break;
                    default: if (pos < b.size()) b.erase(b.begin() + static_cast<std::ptrdiff_t>(pos)); break;
                }
            }
            auto d = decode_envelope(b);
            if (!d.ok()) { ++rejected; continue; }
            ++accepted;
            auto again = encode_envelope(d.value());
            if (!again.ok() || again.value() != b) FAIL_CHECK("round trip broke for " << to_hex(b));
        }
    }
    CHECK(accepted > 0);
    CHECK(rejected > 0);
}
