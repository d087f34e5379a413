// envelope.cpp — canonical encoding, strict decoding, signing and ids of envelopes (see envelope.hpp).
//
// Index of this file
//   [SECTION] Writer and Reader   the two codecs; field functions are written once over either
//   [SECTION] Field layout        header and per-kind payload, in wire order
//   [SECTION] Semantic checks     rules that span fields: sorting, scope, ballot shape
//   [SECTION] Public API
//
// Encoding and decoding run the same field functions (templated on the codec) and the same semantic
// checks, so a value encodes only if its encoding decodes, and decode(b) re-encodes to exactly b.
#include "yishi/envelope.hpp"

#include <algorithm>

#include "yishi/utf8.hpp"

namespace yishi::core {

namespace {

constexpr std::string_view kKeyRotateDomain{"yishi/key-rotate/v1\0", 20};

// out += bytes. (A loop rather than vector::insert: GCC 12 reports a false -Warray-bounds on insert.)
void append(Bytes& out, ByteView bytes) {
    out.reserve(out.size() + bytes.size());
    for (uint8_t b : bytes) out.push_back(b);
}

// [SECTION] Writer and Reader

Status check_text(const std::string& s, TextLimit lim) {
    if (s.size() > lim.max_bytes) return Error::EnvelopeStringTooLong;
    auto n = utf8_code_points(s);
    if (!n) return Error::EnvelopeInvalidUtf8;
    if (*n > lim.max_chars) return Error::EnvelopeStringTooLong;
    return Ok{};
}

// Appends fields; rejects values that have no valid encoding. Takes fields by reference to share
// the field functions with Reader, but never modifies them.
class Writer {
public:
    Bytes out;
    Status u8(uint8_t& v) { out.push_back(v); return Ok{}; }
    Status u16(uint16_t& v) { put(v, 2); return Ok{}; }
    Status u32(uint32_t& v) { put(v, 4); return Ok{}; }
    Status u64(uint64_t& v) { put(v, 8); return Ok{}; }
    Status i64(int64_t& v, int64_t lo, int64_t hi) {
        if (v < lo || v > hi) return Error::EnvelopeOutOfRange;
        put(static_cast<uint64_t>(v), 8);
        return Ok{};
    }
    template <size_t N> Status raw(std::array<uint8_t, N>& a) { append(out, a); return Ok{}; }
    template <class E> Status code(E& v, uint8_t lo, uint8_t hi) {
        const auto c = static_cast<uint8_t>(v);
        if (c < lo || c > hi) return Error::EnvelopeOutOfRange;
        out.push_back(c);
        return Ok{};
    }
    Status text(std::string& s, TextLimit lim) {
        YISHI_TRY(check_text(s, lim));
        put(s.size(), 4);
        append(out, as_bytes(s));
        return Ok{};
    }
    template <class T, class F> Status list(std::vector<T>& v, size_t max, F each) {
        if (v.size() > max) return Error::EnvelopeTooLarge;
        put(v.size(), 2);
        for (auto& x : v) YISHI_TRY(each(x));
        return Ok{};
    }
private:
    void put(uint64_t v, int width) {
        for (int i = width - 1; i >= 0; --i) out.push_back(static_cast<uint8_t>(v >> (8 * i)));
    }
};

// Consumes fields from untrusted bytes; every failure is a specific Error, never an assert.
class Reader {
public:
    explicit Reader(ByteView in) : in_(in) {}
    bool at_end() const { return pos_ == in_.size(); }
    Status u8(uint8_t& v) { uint64_t x; YISHI_TRY(get(x, 1)); v = uint8_t(x); return Ok{}; }
    Status u16(uint16_t& v) { uint64_t x; YISHI_TRY(get(x, 2)); v = uint16_t(x); return Ok{}; }
    Status u32(uint32_t& v) { uint64_t x; YISHI_TRY(get(x, 4)); v = uint32_t(x); return Ok{}; }
    Status u64(uint64_t& v) { return get(v, 8); }
    Status i64(int64_t& v, int64_t lo, int64_t hi) {
        uint64_t x;
        YISHI_TRY(get(x, 8));
        v = static_cast<int64_t>(x);
        if (v < lo || v > hi) return Error::EnvelopeOutOfRange;
        return Ok{};
    }
    template <size_t N> Status raw(std::array<uint8_t, N>& a) {
        if (in_.size() - pos_ < N) return Error::EnvelopeTruncated;
        std::copy_n(in_.begin() + pos_, N, a.begin());
        pos_ += N;
        return Ok{};
    }
    template <class E> Status code(E& v, uint8_t lo, uint8_t hi) {
        uint8_t c;
        YISHI_TRY(u8(c));
        if (c < lo || c > hi) return Error::EnvelopeOutOfRange;
        v = static_cast<E>(c);
        return Ok{};
    }
    Status text(std::string& s, TextLimit lim) {
        uint32_t n;
        YISHI_TRY(u32(n));
        if (n > lim.max_bytes) return Error::EnvelopeStringTooLong;  // before reading: no huge copies
        if (in_.size() - pos_ < n) return Error::EnvelopeTruncated;
        s.assign(reinterpret_cast<const char*>(in_.data() + pos_), n);
        pos_ += n;
        return check_text(s, lim);
    }
    template <class T, class F> Status list(std::vector<T>& v, size_t max, F each) {
        uint16_t n;
        YISHI_TRY(u16(n));
        if (n > max) return Error::EnvelopeTooLarge;
        v.assign(n, T{});
        for (auto& x : v) YISHI_TRY(each(x));
        return Ok{};
    }
private:
    Status get(uint64_t& v, size_t width) {
        if (in_.size() - pos_ < width) return Error::EnvelopeTruncated;
        v = 0;
        for (size_t i = 0; i < width; ++i) v = v << 8 | in_[pos_ + i];
        pos_ += width;
        return Ok{};
    }
    ByteView in_;
    size_t pos_ = 0;
};

// [SECTION] Field layout

constexpr uint8_t kMaxStage = static_cast<uint8_t>(Stage::Closed);
constexpr uint8_t kMaxMethod = static_cast<uint8_t>(VotingMethod::YesNo);

template <class IO> Status fields(IO& io, EnrollPayload& p) {
    YISHI_TRY(io.raw(p.code_hash));
    YISHI_TRY(io.text(p.display_name, kDisplayNameLimit));
    // Encoded and decoded alike: the browser refuses to sign such a name, the server to accept one.
    return has_invisible_code_points(p.display_name) ? Status(Error::EnvelopeInvisibleText) : Status(Ok{});
}
template <class IO> Status fields(IO& io, ConsultationOpenPayload& p) {
    YISHI_TRY(io.text(p.title, kTitleLimit));
    YISHI_TRY(io.text(p.description, kDescriptionLimit));
    YISHI_TRY(io.code(p.method, 1, kMaxMethod));
    YISHI_TRY(io.u64(p.method_param));
    YISHI_TRY(io.list(p.options, kMaxOptions, [&](ConsultationOption& o) -> Status {
        YISHI_TRY(io.u32(o.option_id));
        YISHI_TRY(io.text(o.label, kTitleLimit));
        return io.u64(o.cost);
    }));
    YISHI_TRY(io.list(p.schedule, kMaxStages, [&](StageStart& s) -> Status {
        YISHI_TRY(io.code(s.stage, 1, kMaxStage));
        return io.i64(s.starts_ms, 0, kMaxTimestampMs);
    }));
    return io.list(p.organization_ids, kMaxOrganizations, [&](uint32_t& id) { return io.u32(id); });
}
template <class IO> Status fields(IO& io, ConsultationAdvancePayload& p) {
    return io.code(p.stage, static_cast<uint8_t>(Stage::Deliberate), kMaxStage);
}
template <class IO> Status fields(IO& io, ConsultationClosePayload& p) {
    YISHI_TRY(io.raw(p.tally_hash));
    return io.text(p.summary, kShortTextLimit);
}
template <class IO> Status fields(IO& io, ProposePayload& p) {
    YISHI_TRY(io.text(p.title, kTitleLimit));
    return io.text(p.text, kCommentLimit);
}
template <class IO> Status fields(IO& io, CommentPayload& p) {
    YISHI_TRY(io.raw(p.parent_id));
    YISHI_TRY(io.code(p.stance, 0, static_cast<uint8_t>(Stance::Against)));
    return io.text(p.text, kCommentLimit);
}
template <class IO> Status fields(IO& io, ReactPayload& p) {
    YISHI_TRY(io.raw(p.target_id));
    return io.code(p.reaction, 1, static_cast<uint8_t>(Reaction::Report));
}
template <class IO> Status fields(IO& io, VotePayload& p) {
    YISHI_TRY(io.code(p.method, 1, kMaxMethod));
    return io.list(p.entries, kMaxOptions, [&](BallotEntry& e) -> Status {
        YISHI_TRY(io.u32(e.option_id));
        return io.u64(e.value);
    });
}
template <class IO> Status fields(IO& io, RatePayload& p) {
    YISHI_TRY(io.code(p.score, 1, 5));
    return io.text(p.remark, kShortTextLimit);
}
template <class IO> Status fields(IO& io, FeedbackPayload& p) {
    YISHI_TRY(io.code(p.category, 1, static_cast<uint8_t>(FeedbackCategory::Other)));
    return io.text(p.text, kCommentLimit);
}
template <class IO> Status fields(IO& io, FeedbackAnswerPayload& p) {
    YISHI_TRY(io.raw(p.feedback_id));
    YISHI_TRY(io.code(p.status, 1, static_cast<uint8_t>(FeedbackStatus::Accepted)));
    return io.text(p.text, kCommentLimit);
}
template <class IO> Status fields(IO& io, ModeratePayload& p) {
    YISHI_TRY(io.raw(p.target_id));
    YISHI_TRY(io.code(p.action, 1, static_cast<uint8_t>(ModerationAction::Restore)));
    return io.text(p.reason, kShortTextLimit);
}
template <class IO> Status fields(IO& io, KeyRotatePayload& p) {
    YISHI_TRY(io.raw(p.new_key));
    return io.raw(p.new_key_proof);
}
template <class IO> Status fields(IO& io, KeyRevokePayload& p) {
    YISHI_TRY(io.raw(p.revoked_key));
    return io.code(p.reason, 1, static_cast<uint8_t>(RevokeReason::Retired));
}
template <class IO> Status fields(IO& io, BallotKeyBindPayload& p) {
    YISHI_TRY(io.raw(p.ballot_key));
    return io.raw(p.blinding);
}
template <class IO> Status fields(IO& io, FeedbackRatePayload& p) {
    YISHI_TRY(io.raw(p.feedback_id));
    YISHI_TRY(io.code(p.score, 1, 5));
    return io.text(p.remark, kShortTextLimit);
}

// Header fields after version and kind (those two are read first, to pick the payload).
template <class IO> Status header_fields(IO& io, Envelope& e) {
    YISHI_TRY(io.raw(e.author));
    YISHI_TRY(io.u64(e.sequence));
    if (e.sequence == 0) return Error::EnvelopeOutOfRange;
    YISHI_TRY(io.i64(e.timestamp_ms, 0, kMaxTimestampMs));
    YISHI_TRY(io.u32(e.scope.region_id));
    return io.u64(e.scope.consultation_id);
}

// Default-constructs payload alternative `index` (kind - 1) at run time.
template <size_t I = 0> void emplace_payload(Payload& p, size_t index) {
    if constexpr (I < std::variant_size_v<Payload>) {
        if (index == I) p.emplace<I>();
        else emplace_payload<I + 1>(p, index);
    }
}

// [SECTION] Semantic checks

enum class Need { Required, Forbidden, Optional };

Need consultation_need(Kind k) {
    switch (k) {
        case Kind::ConsultationOpen: case Kind::ConsultationAdvance: case Kind::ConsultationClose:
        case Kind::Comment: case Kind::React: case Kind::Vote: case Kind::Rate: case Kind::BallotKeyBind:
            return Need::Required;
        case Kind::Propose: case Kind::Moderate:
            return Need::Optional;
        default:
            return Need::Forbidden;
    }
}

template <class T, class Key> bool strictly_ascending(const std::vector<T>& v, Key key) {
    for (size_t i = 1; i < v.size(); ++i)
        if (!(key(v[i - 1]) < key(v[i]))) return false;
    return true;
}

Status check_open(const ConsultationOpenPayload& p) {
    const OpenCheck c = validate_consultation_open(p);
    if (c.problem == OpenProblem::None) return Ok{};
    return c.error;
}

Status check_vote(const VotePayload& p) {
    const auto& v = p.entries;
    if (v.empty()) return Error::EnvelopeOutOfRange;
    for (const auto& e : v)
        if (e.option_id == 0) return Error::EnvelopeOutOfRange;
    if (!strictly_ascending(v, [](auto& e) { return e.option_id; })) return Error::EnvelopeNonCanonical;
    switch (p.method) {
        case VotingMethod::Plurality: case VotingMethod::YesNo:
            if (v.size() != 1 || v[0].value != 1) return Error::EnvelopeOutOfRange;
            break;
        case VotingMethod::Approval: case VotingMethod::Budget:
            for (const auto& e : v)
                if (e.value != 1) return Error::EnvelopeOutOfRange;
            break;
        case VotingMethod::Score:
            for (const auto& e : v)
                if (e.value > kMaxBallotScore) return Error::EnvelopeOutOfRange;
            break;
        case VotingMethod::Ranked: {
            // Ranks are 1..n, each exactly once (entries are ordered by option id, not by rank).
            std::vector<bool> seen(v.size() + 1, false);
            for (const auto& e : v) {
                if (e.value < 1 || e.value > v.size()) return Error::EnvelopeOutOfRange;
                if (seen[e.value]) return Error::EnvelopeNonCanonical;
                seen[e.value] = true;
            }
            break;
        }
    }
    return Ok{};
}

Status check_semantics(const Envelope& e) {
    const Kind k = envelope_kind(e);
    if (e.scope.region_id == 0) return Error::EnvelopeBadScope;
    const Need need = consultation_need(k);
    if ((need == Need::Required && e.scope.consultation_id == 0) ||
        (need == Need::Forbidden && e.scope.consultation_id != 0))
        return Error::EnvelopeBadScope;
    if (auto* p = std::get_if<ConsultationOpenPayload>(&e.payload)) return check_open(*p);
    if (auto* p = std::get_if<VotePayload>(&e.payload)) return check_vote(*p);
    if (auto* p = std::get_if<KeyRotatePayload>(&e.payload))
        if (p->new_key == e.author) return Error::EnvelopeNonCanonical;
    if (auto* p = std::get_if<BallotKeyBindPayload>(&e.payload))
        if (p->ballot_key == e.author) return Error::EnvelopeNonCanonical;
    return Ok{};
}

}  // namespace

// [SECTION] Public API

OpenCheck validate_consultation_open(const ConsultationOpenPayload& p) {
    using P = OpenProblem;
    auto bad = [](P problem, Error error, size_t index = 0) { return OpenCheck{problem, error, index}; };
    if (auto s = check_text(p.title, kTitleLimit); !s) return bad(P::Title, s.error());
    if (auto s = check_text(p.description, kDescriptionLimit); !s) return bad(P::Description, s.error());
    // Size and text limits first (the decoder meets them while reading), then the order of check_open's
    // historical checks, so a payload with several problems keeps its error code.
    const auto n = p.options.size();
    if (n > kMaxOptions) return bad(P::TooManyOptions, Error::EnvelopeTooLarge);
    if (p.schedule.size() > kMaxStages) return bad(P::TooManyStages, Error::EnvelopeTooLarge);
    if (p.organization_ids.size() > kMaxOrganizations) return bad(P::TooManyOrganizations, Error::EnvelopeTooLarge);
    for (size_t i = 0; i < n; ++i)
        if (auto s = check_text(p.options[i].label, kTitleLimit); !s) return bad(P::OptionLabel, s.error(), i);
    if (n == 0) return bad(P::NoOptions, Error::EnvelopeOutOfRange);
    if (p.schedule.empty()) return bad(P::NoSchedule, Error::EnvelopeOutOfRange);
    for (size_t i = 0; i < n; ++i) {
        if (p.options[i].option_id == 0) return bad(P::OptionIds, Error::EnvelopeOutOfRange, i);
        if (p.options[i].cost != 0 && p.method != VotingMethod::Budget)
            return bad(P::CostWithoutBudget, Error::EnvelopeNonCanonical, i);
    }
    for (size_t i = 1; i < n; ++i)
        if (!(p.options[i - 1].option_id < p.options[i].option_id)) return bad(P::OptionIds, Error::EnvelopeNonCanonical, i);
    switch (p.method) {
        case VotingMethod::Plurality:
            if (p.method_param != 0) return bad(P::ParamNotZero, Error::EnvelopeNonCanonical);
            break;
        case VotingMethod::Ranked:   // the declared counting: 1 instant-runoff, 2 Schulze (consultation.hpp)
            if (p.method_param < 1 || p.method_param > 2) return bad(P::RankedCounting, Error::EnvelopeOutOfRange);
            break;
        case VotingMethod::YesNo:
            if (p.method_param != 0) return bad(P::ParamNotZero, Error::EnvelopeNonCanonical);
            if (n != 2) return bad(P::YesNoOptions, Error::EnvelopeOutOfRange);
            break;
        case VotingMethod::Approval:
            if (p.method_param < 1 || p.method_param > n) return bad(P::ApprovalMax, Error::EnvelopeOutOfRange);
            break;
        case VotingMethod::Score:
            if (p.method_param < 1 || p.method_param > kMaxBallotScore) return bad(P::ScoreMax, Error::EnvelopeOutOfRange);
            break;
        case VotingMethod::Budget:
            if (p.method_param < 1) return bad(P::BudgetCap, Error::EnvelopeOutOfRange);
            break;
    }
    for (size_t i = 0; i < p.schedule.size(); ++i)
        if (p.schedule[i].starts_ms < 0 || p.schedule[i].starts_ms > kMaxTimestampMs)
            return bad(P::ScheduleTimes, Error::EnvelopeOutOfRange, i);
    for (size_t i = 1; i < p.schedule.size(); ++i)
        if (!(p.schedule[i - 1].stage < p.schedule[i].stage)) return bad(P::ScheduleStages, Error::EnvelopeNonCanonical, i);
    for (size_t i = 1; i < p.schedule.size(); ++i)
        if (!(p.schedule[i - 1].starts_ms < p.schedule[i].starts_ms))
            return bad(P::ScheduleTimes, Error::EnvelopeNonCanonical, i);
    for (size_t i = 0; i < p.organization_ids.size(); ++i)
        if (p.organization_ids[i] == 0) return bad(P::OrganizationIds, Error::EnvelopeOutOfRange, i);
    for (size_t i = 1; i < p.organization_ids.size(); ++i)
        if (!(p.organization_ids[i - 1] < p.organization_ids[i])) return bad(P::OrganizationIds, Error::EnvelopeNonCanonical, i);
    return {};
}


Kind envelope_kind(const Envelope& e) { return static_cast<Kind>(e.payload.index() + 1); }

std::string_view kind_name(Kind k) {
    static constexpr std::string_view kNames[] = {
        "enroll", "consultation_open", "consultation_advance", "consultation_close", "propose", "comment",
        "react", "vote", "rate", "feedback", "feedback_answer", "moderate", "key_rotate", "key_revoke",
        "ballot_key_bind", "feedback_rate"};
    const auto i = static_cast<size_t>(k);
    return i >= 1 && i <= kKindCount ? kNames[i - 1] : "unknown";
}

Result<Bytes> encode_envelope(const Envelope& e) {
    if (e.version != kEnvelopeVersion) return Error::EnvelopeUnknownVersion;
    Writer w;
    auto& m = const_cast<Envelope&>(e);  // Writer only reads; it shares field functions with Reader
    uint8_t version = e.version, kind = static_cast<uint8_t>(envelope_kind(e));
    YISHI_TRY(w.u8(version));
    YISHI_TRY(w.u8(kind));
    YISHI_TRY(header_fields(w, m));
    YISHI_TRY(std::visit([&](auto& p) { return fields(w, p); }, m.payload));
    YISHI_TRY(check_semantics(e));
    if (w.out.size() > kMaxEnvelopeBytes) return Error::EnvelopeTooLarge;
    return std::move(w.out);
}

Result<Envelope> decode_envelope(ByteView body) {
    if (body.size() > kMaxEnvelopeBytes) return Error::EnvelopeTooLarge;
    Reader r(body);
    Envelope e;
    uint8_t kind = 0;
    YISHI_TRY(r.u8(e.version));
    if (e.version != kEnvelopeVersion) return Error::EnvelopeUnknownVersion;
    YISHI_TRY(r.u8(kind));
    if (kind < 1 || kind > kKindCount) return Error::EnvelopeUnknownKind;
    YISHI_TRY(header_fields(r, e));
    emplace_payload(e.payload, kind - 1);
    YISHI_TRY(std::visit([&](auto& p) { return fields(r, p); }, e.payload));
    if (!r.at_end()) return Error::EnvelopeTrailingBytes;
    YISHI_TRY(check_semantics(e));
    return e;
}

Result<Bytes> envelope_signed_bytes(const Envelope& e) {
    auto body = encode_envelope(e);
    if (!body) return body.error();
    Bytes out;
    append(out, as_bytes(kEnvelopeDomain));
    append(out, body.value());
    return out;
}

Bytes key_rotate_proof_bytes(const PublicKey& old_key) {
    Bytes out;
    append(out, as_bytes(kKeyRotateDomain));
    append(out, old_key);
    return out;
}

Result<SignedEnvelope> sign_envelope(const Envelope& e, const SigningKey& key) {
    if (!equal_constant_time(key.public_key(), e.author)) return Error::EnvelopeAuthorMismatch;
    auto bytes = envelope_signed_bytes(e);
    if (!bytes) return bytes.error();
    return SignedEnvelope{e, key.sign(bytes.value())};
}

Status verify_envelope(const SignedEnvelope& s) {
    auto bytes = envelope_signed_bytes(s.envelope);
    if (!bytes) return bytes.error();
    YISHI_TRY(verify_signature(s.envelope.author, bytes.value(), s.signature));
    if (auto* p = std::get_if<KeyRotatePayload>(&s.envelope.payload))
        return verify_signature(p->new_key, key_rotate_proof_bytes(s.envelope.author), p->new_key_proof);
    return Ok{};
}

Result<Hash> envelope_id(const Envelope& e) {
    auto bytes = envelope_signed_bytes(e);
    if (!bytes) return bytes.error();
    return sha256(bytes.value());
}

Result<Bytes> encode_signed_envelope(const SignedEnvelope& s) {
    auto body = encode_envelope(s.envelope);
    if (!body) return body.error();
    append(body.value(), s.signature);
    return body;
}

Result<SignedEnvelope> decode_signed_envelope(ByteView wire) {
    if (wire.size() < kSignatureSize) return Error::EnvelopeTruncated;
    auto e = decode_envelope(wire.first(wire.size() - kSignatureSize));
    if (!e) return e.error();
    SignedEnvelope s{std::move(e.value()), {}};
    std::copy(wire.end() - kSignatureSize, wire.end(), s.signature.begin());
    return s;
}

}  // namespace yishi::core
