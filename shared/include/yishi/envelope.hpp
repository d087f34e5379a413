// envelope.hpp — the one canonical, signed binary form of every Yishi submission.
//
// An Envelope is (version, kind, author key, per-author sequence, client time, scope, payload). Its body
// encodes as fixed-width big-endian integers, raw 32-byte keys/ids, and length-prefixed UTF-8 strings,
// every field mandatory and in a fixed order, lists sorted by id: one value has exactly one encoding,
// and decode_envelope rejects everything else with a specific Error. The author signs
//     kEnvelopeDomain || body
// with Ed25519; the envelope id is SHA-256 of those signed bytes. The byte layout of every kind is in
// docs/protocol.md. The payload kind is the variant's alternative, so kind and payload cannot disagree.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>
#include "yishi/crypto.hpp"
#include "yishi/hash.hpp"

namespace yishi::core {

// [SECTION] Format constants
inline constexpr uint8_t kEnvelopeVersion = 1;                                          // format version byte
inline constexpr std::string_view kEnvelopeDomain{"yishi/envelope/v1\0", 18};           // signed-bytes prefix
inline constexpr size_t kMaxEnvelopeBytes = 64 * 1024;                                  // whole body
inline constexpr int64_t kMaxTimestampMs = 253402300799999;                             // 9999-12-31T23:59:59.999Z

// A text field's limits: code points and UTF-8 bytes (both must hold).
struct TextLimit { size_t max_chars; size_t max_bytes; };
inline constexpr TextLimit kTitleLimit{200, 800};              // consultation/proposal title, option label
inline constexpr TextLimit kDescriptionLimit{10000, 40000};    // consultation description
inline constexpr TextLimit kCommentLimit{2000, 8192};          // comment, proposal, feedback, answer text
inline constexpr TextLimit kShortTextLimit{500, 2000};         // rating remark, moderation reason, summary
inline constexpr TextLimit kDisplayNameLimit{32, 128};         // enrolment display name
inline constexpr size_t kMaxOptions = 64;                      // options per consultation and entries per ballot
inline constexpr size_t kMaxStages = 8;                        // stages in a consultation schedule
inline constexpr size_t kMaxOrganizations = 16;                // linked social organizations
inline constexpr uint64_t kMaxBallotScore = 100;               // largest score a score ballot may give

// [SECTION] Enumerations (wire codes are the numeric values)
enum class Kind : uint8_t {
    Enroll = 1, ConsultationOpen, ConsultationAdvance, ConsultationClose, Propose, Comment, React, Vote,
    Rate, Feedback, FeedbackAnswer, Moderate, KeyRotate, KeyRevoke, BallotKeyBind, FeedbackRate,
};
inline constexpr uint8_t kKindCount = 16;                          // kinds 1..kKindCount exist in v1
enum class VotingMethod : uint8_t { Plurality = 1, Approval, Ranked, Score, Budget, YesNo };
enum class Stage : uint8_t { CollectNeeds = 1, Deliberate, Vote, Evaluate, Closed };
enum class Stance : uint8_t { Neutral = 0, For, Against };
enum class Reaction : uint8_t { Agree = 1, Disagree, Pass, Report };   // report: flag for moderators
enum class FeedbackCategory : uint8_t { Environment = 1, Safety, Facilities, Services, Neighbours, Other };
enum class FeedbackStatus : uint8_t { Received = 1, InProgress, Resolved, Declined, Accepted };  // rules: feedback.hpp
enum class ModerationAction : uint8_t { Hide = 1, Restore };
enum class RevokeReason : uint8_t { Lost = 1, Compromised, Retired };

// [SECTION] Payloads, one per kind (field order = wire order)
struct EnrollPayload { Hash code_hash{}; std::string display_name; };        // SHA-256 of the enrolment code
struct ConsultationOption { uint32_t option_id = 0; std::string label; uint64_t cost = 0; };  // cost: budget only
struct StageStart { Stage stage = Stage::CollectNeeds; int64_t starts_ms = 0; };
struct ConsultationOpenPayload {
    std::string title;
    std::string description;
    VotingMethod method = VotingMethod::Plurality;
    uint64_t method_param = 0;                     // approval: max choices; score: max; budget: total; ranked: 1 IRV, 2 Schulze; else 0
    std::vector<ConsultationOption> options;       // 1..kMaxOptions, option_id ascending, >= 1
    std::vector<StageStart> schedule;              // 1..kMaxStages, stage and time both ascending
    std::vector<uint32_t> organization_ids;        // 0..kMaxOrganizations, ascending, >= 1
};
struct ConsultationAdvancePayload { Stage stage = Stage::Deliberate; };
struct ConsultationClosePayload { Hash tally_hash{}; std::string summary; };
struct ProposePayload { std::string title; std::string text; };
struct CommentPayload { Hash parent_id{}; Stance stance = Stance::Neutral; std::string text; };  // zero parent = top level
struct ReactPayload { Hash target_id{}; Reaction reaction = Reaction::Agree; };
struct BallotEntry { uint32_t option_id = 0; uint64_t value = 0; };
struct VotePayload { VotingMethod method = VotingMethod::Plurality; std::vector<BallotEntry> entries; };  // rules in docs
struct RatePayload { uint8_t score = 1; std::string remark; };             // score 1..5
struct FeedbackPayload { FeedbackCategory category = FeedbackCategory::Other; std::string text; };
struct FeedbackAnswerPayload { Hash feedback_id{}; FeedbackStatus status = FeedbackStatus::Received; std::string text; };
struct ModeratePayload { Hash target_id{}; ModerationAction action = ModerationAction::Hide; std::string reason; };
struct KeyRotatePayload { PublicKey new_key{}; Signature new_key_proof{}; };  // proof: see key_rotate_proof_bytes
struct KeyRevokePayload { PublicKey revoked_key{}; RevokeReason reason = RevokeReason::Lost; };
struct BallotKeyBindPayload { PublicKey ballot_key{}; Hash blinding{}; };    // blinding: 32 random bytes
struct FeedbackRatePayload { Hash feedback_id{}; uint8_t score = 1; std::string remark; };  // score 1..5

// Alternative i is Kind i+1.
using Payload = std::variant<EnrollPayload, ConsultationOpenPayload, ConsultationAdvancePayload,
                             ConsultationClosePayload, ProposePayload, CommentPayload, ReactPayload, VotePayload,
                             RatePayload, FeedbackPayload, FeedbackAnswerPayload, ModeratePayload, KeyRotatePayload,
                             KeyRevokePayload, BallotKeyBindPayload, FeedbackRatePayload>;

struct Scope { uint32_t region_id = 0; uint64_t consultation_id = 0; };  // region >= 1; consultation 0 = none

struct Envelope {
    uint8_t version = kEnvelopeVersion;   // only kEnvelopeVersion encodes
    PublicKey author{};                   // identity key, or the ballot key for Vote
    uint64_t sequence = 1;                // per-author, >= 1, the server enforces increase
    int64_t timestamp_ms = 0;             // client clock, 0..kMaxTimestampMs
    Scope scope;                          // where the submission belongs
    Payload payload;                      // the kind-specific fields
};

struct SignedEnvelope { Envelope envelope; Signature signature{}; };  // wire form: body || signature

// [SECTION] API
Kind envelope_kind(const Envelope& e);                                   // the kind of e's payload
std::string_view kind_name(Kind k);                                      // "enroll", "consultation_open", ...
Result<Bytes> encode_envelope(const Envelope& e);                        // canonical body; same checks as decode
Result<Envelope> decode_envelope(ByteView body);                         // strict; encode(decode(b)) == b
Result<Bytes> envelope_signed_bytes(const Envelope& e);                  // kEnvelopeDomain || body
Result<SignedEnvelope> sign_envelope(const Envelope& e, const SigningKey& key);  // EnvelopeAuthorMismatch if key != author
Status verify_envelope(const SignedEnvelope& s);                         // author signature (+ key_rotate proof)
Result<Hash> envelope_id(const Envelope& e);                             // SHA-256(kEnvelopeDomain || body)
Result<Bytes> encode_signed_envelope(const SignedEnvelope& s);           // body || signature[64]
Result<SignedEnvelope> decode_signed_envelope(ByteView wire);            // strict; does not verify
Bytes key_rotate_proof_bytes(const PublicKey& old_key);                  // what the new key signs in key_rotate

// [SECTION] consultation_open rules, for forms
// The one check of a consultation_open payload's fields (texts, options, method parameter, schedule,
// organisations) that encode_envelope and decode_envelope apply; a form (the committee's wizard) calls
// it before signing to say which field is wrong. `error` is the code the decoder answers with.
enum class OpenProblem : uint8_t {
    None, Title, Description, NoOptions, TooManyOptions, OptionLabel, OptionIds, CostWithoutBudget,
    ParamNotZero, ApprovalMax, RankedCounting, ScoreMax, BudgetCap, YesNoOptions, NoSchedule,
    TooManyStages, ScheduleStages, ScheduleTimes, TooManyOrganizations, OrganizationIds,
};
struct OpenCheck {
    OpenProblem problem = OpenProblem::None;   // None: the payload is valid
    Error error = Error::EnvelopeOutOfRange;   // what decode_envelope would refuse it with
    size_t index = 0;                          // the option / schedule entry / organisation concerned
};
OpenCheck validate_consultation_open(const ConsultationOpenPayload& p);  // first problem, or None

}  // namespace yishi::core
