// protocol_samples.hpp — one fixed, valid envelope of every kind, signed by keys from fixed seeds.
//
// Shared by the unit tests, the golden vectors (tests/vectors/envelope_v1.txt), the fuzz seed corpus
// and the benchmark, so all of them talk about the same bytes. Changing anything here changes the
// golden vectors: regenerate them with YISHI_UPDATE_VECTORS=1 and review the diff.
#pragma once
#include <cstdint>
#include <vector>

#include "yishi/envelope.hpp"
#include "yishi/keys.hpp"

namespace yishi::samples {
using namespace yishi::core;

inline constexpr uint32_t kRegion = 320508;          // 姑苏区 (administrative code)
inline constexpr uint64_t kConsultation = 7;
inline constexpr int64_t kTime = 1764288000000;      // 2025-11-28T00:00:00Z

// Seed i: bytes i, i+1, ..., i+31.
inline SecretSeed seed(uint8_t first) {
    Bytes b(32);
    for (size_t i = 0; i < b.size(); ++i) b[i] = static_cast<uint8_t>(first + i);
    return SecretSeed::from_bytes(b).value();
}
inline SigningKey resident_key() { return seed(0x00).signing_key().value(); }
inline SigningKey committee_key() { return seed(0x40).signing_key().value(); }
inline SigningKey rotated_key() { return seed(0x80).signing_key().value(); }
inline SigningKey ballot_key() { return derive_ballot_key(seed(0x00), kConsultation).value(); }
inline SigningKey server_key() { return seed(0xC0).signing_key().value(); }

inline Hash fill(uint8_t v) { Hash h; h.fill(v); return h; }

struct Sample { Envelope envelope; const SigningKey* key; };

// Envelopes of every kind, in kind order, each valid; keys must outlive the result.
struct SampleSet {
    SigningKey resident = resident_key(), committee = committee_key(), rotated = rotated_key(), ballot = ballot_key();
    std::vector<Sample> all() const {
        auto env = [&](const SigningKey& k, uint64_t seq, uint64_t consultation, Payload p) {
            Envelope e;
            e.author = k.public_key();
            e.sequence = seq;
            e.timestamp_ms = kTime + static_cast<int64_t>(seq) * 1000;
            e.scope = {kRegion, consultation};
            e.payload = std::move(p);
            return e;
        };
        ConsultationOpenPayload open;
        open.title = "加装电梯方案征求意见";
        open.description = "拟在3号楼加装电梯，请各位居民发表意见。";
        open.method = VotingMethod::Approval;
        open.method_param = 2;
        open.options = {{1, "方案一：北侧入户", 0}, {2, "方案二：南侧平层", 0}, {3, "暂不加装", 0}};
        open.schedule = {{Stage::Deliberate, kTime}, {Stage::Vote, kTime + 604800000}, {Stage::Closed, kTime + 1209600000}};
        open.organization_ids = {12, 345};
        KeyRotatePayload rot{rotated.public_key(), rotated.sign(key_rotate_proof_bytes(resident.public_key()))};
        return {
            {env(resident, 1, 0, EnrollPayload{fill(0x11), "王小明"}), &resident},
            {env(committee, 1, kConsultation, open), &committee},
            {env(committee, 2, kConsultation, ConsultationAdvancePayload{Stage::Vote}), &committee},
            {env(committee, 3, kConsultation, ConsultationClosePayload{fill(0x22), "方案一获得多数支持。"}), &committee},
            {env(resident, 2, kConsultation, ProposePayload{"增设非机动车充电桩", "小区内电动车多，建议在东门增设充电桩。"}), &resident},
            {env(resident, 3, kConsultation, CommentPayload{Hash{}, Stance::For, "支持方案一，老人上下楼更方便。👍"}), &resident},
            {env(resident, 4, kConsultation, ReactPayload{fill(0x33), Reaction::Agree}), &resident},
            {env(ballot, 1, kConsultation, VotePayload{VotingMethod::Approval, {{1, 1}, {3, 1}}}), &ballot},
            {env(resident, 5, kConsultation, RatePayload{4, "施工基本按期完成。"}), &resident},
            {env(resident, 6, 0, FeedbackPayload{FeedbackCategory::Facilities, "5号楼路灯不亮。"}), &resident},
            {env(committee, 4, 0, FeedbackAnswerPayload{fill(0x44), FeedbackStatus::Resolved, "已于周二修复。"}), &committee},
            {env(committee, 5, kConsultation, ModeratePayload{fill(0x55), ModerationAction::Hide, "含有人身攻击"}), &committee},
            {env(resident, 7, 0, rot), &resident},
            {env(resident, 8, 0, KeyRevokePayload{fill(0x66), RevokeReason::Lost}), &resident},
            {env(resident, 9, kConsultation, BallotKeyBindPayload{ballot.public_key(), fill(0x77)}), &resident},
            {env(resident, 10, 0, FeedbackRatePayload{fill(0x44), 5, "路灯修好了，谢谢。"}), &resident},
        };
    }
};

}  // namespace yishi::samples
