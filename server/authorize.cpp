// authorize.cpp — role, region, stage and eligibility rules per kind (see authorize.hpp).
//
// Index of this file
//   [SECTION] Lookups      residents, roles, consultations
//   [SECTION] Per kind     one function per group of kinds
//   [SECTION] Dispatch
#include "authorize.hpp"

#include <sodium.h>

#include "yishi/consultation.hpp"

namespace yishi::server {

using namespace yishi::core;

namespace {

#define YISHI_TRY(expr)                   \
    do {                                  \
        if (auto _st = (expr); !_st.ok()) \
            return _st.error();           \
    } while (0)

Status done(bool ok) { return ok ? Status(Ok{}) : Status(Error::StoreQuery); }

// [SECTION] Lookups

struct Resident { uint32_t region = 0; };
struct ConsultationRow { uint32_t region = 0; PublicKey committee{}; Stage stage = Stage::CollectNeeds;
                         VotingMethod method = VotingMethod::Plurality; uint64_t method_param = 0; };

Result<std::optional<Resident>> find_resident(StatementCache& sql, const PublicKey& key) {
    auto q = sql("SELECT region FROM residents WHERE identity = ?");
    int rc = q.bind(1, key).step();
    if (rc == SQLITE_DONE) return std::optional<Resident>{};
    if (rc != SQLITE_ROW) return Error::StoreQuery;
    return std::optional<Resident>{Resident{static_cast<uint32_t>(q.int64(0))}};
}

// Ok if `key` holds `role` in `region`; otherwise wrong_region if it holds the role elsewhere, else `missing`.
Status check_role(StatementCache& sql, const PublicKey& key, const char* role, uint32_t region, Error missing) {
    auto q = sql("SELECT max(region = ?3) FROM roles WHERE public_key = ?1 AND role = ?2");
    if (q.bind(1, key).bind(2, std::string_view(role)).bind(3, int64_t{region}).step() != SQLITE_ROW)
        return Error::StoreQuery;
    if (q.is_null(0)) return missing;
    return q.int64(0) == 1 ? Status(Ok{}) : Status(Error::WrongRegion);
}

Result<ConsultationRow> find_consultation(StatementCache& sql, uint64_t id, uint32_t scope_region) {
    auto q = sql("SELECT region, committee, stage, method, method_param FROM consultations WHERE id = ?");
    int rc = q.bind(1, static_cast<int64_t>(id)).step();
    if (rc == SQLITE_DONE) return Error::UnknownConsultation;
    if (rc != SQLITE_ROW) return Error::StoreQuery;
    ConsultationRow c{static_cast<uint32_t>(q.int64(0)), q.array<kPublicKeySize>(1), static_cast<Stage>(q.int64(2)),
                      static_cast<VotingMethod>(q.int64(3)), static_cast<uint64_t>(q.int64(4))};
    if (c.region != scope_region) return Error::WrongRegion;
    return c;
}

// An enrolled resident of the scope's region (not_enrolled / wrong_region otherwise).
Status check_resident(StatementCache& sql, const PublicKey& key, uint32_t region) {
    auto r = find_resident(sql, key);
    if (!r) return r.error();
    if (!r->has_value()) return Error::NotEnrolled;
    return r->value().region == region ? Status(Ok{}) : Status(Error::WrongRegion);
}

Status set_stage(StatementCache& sql, uint64_t id, Stage stage) {
    return done(sql("UPDATE consultations SET stage = ? WHERE id = ?")
                    .bind(1, int64_t{static_cast<uint8_t>(stage)}).bind(2, static_cast<int64_t>(id)).run());
}

// [SECTION] Per kind

Status enroll(StatementCache& sql, const VerifiedEnvelope& v, const EnrollPayload& p, int64_t now_ms) {
    const Envelope& e = v.signed_envelope.envelope;
    auto r = find_resident(sql, e.author);
    if (!r) return r.error();
    if (r->has_value()) return Error::AlreadyEnrolled;
    auto q = sql("SELECT region, expires_ms, used_by IS NULL FROM enrollment_codes WHERE code_hash = ?");
    int rc = q.bind(1, p.code_hash).step();
    if (rc == SQLITE_DONE) return Error::BadEnrollmentCode;
    if (rc != SQLITE_ROW) return Error::StoreQuery;
    if (q.int64(1) < now_ms || q.int64(2) == 0) return Error::BadEnrollmentCode;
    if (static_cast<uint32_t>(q.int64(0)) != e.scope.region_id) return Error::WrongRegion;
    std::array<uint8_t, kSlotSize> slot{};
    randombytes_buf(slot.data(), slot.size());   // opaque: links the resident to nothing but this row
    YISHI_TRY(done(sql("UPDATE enrollment_codes SET used_by = ?, used_ms = ? WHERE code_hash = ?")
                       .bind(1, e.author).bind(2, now_ms).bind(3, p.code_hash).run()));
    return done(sql("INSERT INTO residents(identity, region, slot, display_name, enroll_id) VALUES (?,?,?,?,?)")
                    .bind(1, e.author).bind(2, int64_t{e.scope.region_id}).bind(3, slot)
                    .bind(4, std::string_view(p.display_name)).bind(5, v.id).run());
}

Status open_consultation(StatementCache& sql, const VerifiedEnvelope& v, const ConsultationOpenPayload& p) {
    const Envelope& e = v.signed_envelope.envelope;
    YISHI_TRY(check_role(sql, e.author, "committee", e.scope.region_id, Error::NotCommittee));
    auto exists = find_consultation(sql, e.scope.consultation_id, e.scope.region_id);
    if (exists.ok() || exists.error() == Error::WrongRegion) return Error::ConsultationExists;
    if (exists.error() != Error::UnknownConsultation) return exists.error();
    const Stage first = p.schedule.front().stage;   // the codec guarantees a non-empty, ascending schedule
    if (first == Stage::Closed) return Error::WrongStage;
    YISHI_TRY(done(sql("INSERT INTO consultations(id, region, committee, method, method_param, stage, open_id) "
                       "VALUES (?,?,?,?,?,?,?)")
                       .bind(1, static_cast<int64_t>(e.scope.consultation_id)).bind(2, int64_t{e.scope.region_id})
                       .bind(3, e.author).bind(4, int64_t{static_cast<uint8_t>(p.method)})
                       .bind(5, static_cast<int64_t>(p.method_param)).bind(6, int64_t{static_cast<uint8_t>(first)})
                       .bind(7, v.id).run()));
    for (const ConsultationOption& o : p.options)
        YISHI_TRY(done(sql("INSERT INTO consultation_options(consultation, option_id, cost) VALUES (?,?,?)")
                           .bind(1, static_cast<int64_t>(e.scope.consultation_id)).bind(2, int64_t{o.option_id})
                           .bind(3, static_cast<int64_t>(o.cost)).run()));
    // The organisations that will deliver the project (issue 7); ids need not be in the directory yet.
    for (uint32_t org : p.organization_ids)
        YISHI_TRY(done(sql("INSERT INTO consultation_orgs(consultation, org_id) VALUES (?,?)")
                           .bind(1, static_cast<int64_t>(e.scope.consultation_id)).bind(2, int64_t{org}).run()));
    return Ok{};
}

// advance and close: the committee of the consultation's region, and a forward move.
Status move_consultation(StatementCache& sql, const Envelope& e, Stage to) {
    YISHI_TRY(check_role(sql, e.author, "committee", e.scope.region_id, Error::NotCommittee));
    auto c = find_consultation(sql, e.scope.consultation_id, e.scope.region_id);
    if (!c) return c.error();
    YISHI_TRY(check_stage(envelope_kind(e), c->stage));
    YISHI_TRY(check_advance(c->stage, to));
    return set_stage(sql, e.scope.consultation_id, to);
}

// Resident kinds inside a consultation: enrolled here, consultation here, stage allows the kind.
Result<ConsultationRow> resident_in_consultation(StatementCache& sql, const Envelope& e) {
    YISHI_TRY(check_resident(sql, e.author, e.scope.region_id));
    auto c = find_consultation(sql, e.scope.consultation_id, e.scope.region_id);
    if (!c) return c.error();
    YISHI_TRY(check_stage(envelope_kind(e), c->stage));
    return c;
}

// A comment of this consultation (the target of a reply, reaction or moderation).
Status check_comment(StatementCache& sql, const Hash& id, uint64_t consultation, uint32_t region) {
    auto q = sql("SELECT consultation, region FROM comments WHERE id = ?");
    int rc = q.bind(1, id).step();
    if (rc == SQLITE_DONE) return Error::UnknownTarget;
    if (rc != SQLITE_ROW) return Error::StoreQuery;
    if (static_cast<uint32_t>(q.int64(1)) != region) return Error::WrongRegion;
    if (consultation != 0 && static_cast<uint64_t>(q.int64(0)) != consultation) return Error::UnknownTarget;
    return Ok{};
}

// Depth of a comment of this consultation (1 = top level); unknown_target if there is none.
Result<int64_t> comment_depth(StatementCache& sql, const Hash& id, uint64_t consultation, uint32_t region) {
    YISHI_TRY(check_comment(sql, id, consultation, region));
    auto q = sql("SELECT depth FROM comments WHERE id = ?");
    if (q.bind(1, id).step() != SQLITE_ROW) return Error::StoreQuery;
    return q.int64(0);
}

Status comment(StatementCache& sql, const VerifiedEnvelope& v, const CommentPayload& p) {
    const Envelope& e = v.signed_envelope.envelope;
    auto c = resident_in_consultation(sql, e);
    if (!c) return c.error();
    int64_t depth = 1;
    if (p.parent_id != Hash{}) {
        auto parent = comment_depth(sql, p.parent_id, e.scope.consultation_id, e.scope.region_id);
        if (!parent) return parent.error();
        if (parent.value() >= int64_t{kMaxCommentDepth}) return Error::ThreadTooDeep;
        depth = parent.value() + 1;
    }
    auto q = sql("INSERT INTO comments(id, consultation, region, author, parent, depth) VALUES (?,?,?,?,?,?)");
    q.bind(1, v.id).bind(2, static_cast<int64_t>(e.scope.consultation_id)).bind(3, int64_t{e.scope.region_id})
        .bind(4, e.author).bind(6, depth);
    if (p.parent_id != Hash{}) q.bind(5, p.parent_id);
    else q.bind_null(5);
    return done(q.run());
}

// A proposal (need) collected in 需求征集; residents support it with react agree.
Status propose(StatementCache& sql, const VerifiedEnvelope& v) {
    const Envelope& e = v.signed_envelope.envelope;
    if (e.scope.consultation_id == 0) return check_resident(sql, e.author, e.scope.region_id);
    if (auto c = resident_in_consultation(sql, e); !c) return c.error();
    return done(sql("INSERT INTO proposals(id, consultation, region, author) VALUES (?,?,?,?)")
                    .bind(1, v.id).bind(2, static_cast<int64_t>(e.scope.consultation_id))
                    .bind(3, int64_t{e.scope.region_id}).bind(4, e.author).run());
}

// Is `id` a proposal of this consultation? (the other target a reaction may have)
Result<bool> is_proposal(StatementCache& sql, const Hash& id, uint64_t consultation, uint32_t region) {
    auto q = sql("SELECT 1 FROM proposals WHERE id = ? AND consultation = ? AND region = ?");
    int rc = q.bind(1, id).bind(2, static_cast<int64_t>(consultation)).bind(3, int64_t{region}).step();
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return Error::StoreQuery;
    return rc == SQLITE_ROW;
}

// agree/disagree/pass on a comment or proposal (the latest per author counts); report flags a comment.
Status react(StatementCache& sql, const VerifiedEnvelope& v, const ReactPayload& p) {
    const Envelope& e = v.signed_envelope.envelope;
    auto c = resident_in_consultation(sql, e);
    if (!c) return c.error();
    const auto consultation = static_cast<int64_t>(e.scope.consultation_id);
    if (p.reaction == Reaction::Report) {
        YISHI_TRY(check_comment(sql, p.target_id, e.scope.consultation_id, e.scope.region_id));
        return done(sql("INSERT INTO reports(target, author, region, envelope_id) VALUES (?,?,?,?) "
                        "ON CONFLICT(target, author) DO UPDATE SET envelope_id = excluded.envelope_id")
                        .bind(1, p.target_id).bind(2, e.author).bind(3, int64_t{e.scope.region_id}).bind(4, v.id).run());
    }
    if (Status st = check_comment(sql, p.target_id, e.scope.consultation_id, e.scope.region_id); !st) {
        if (st.error() != Error::UnknownTarget) return st;
        auto proposal = is_proposal(sql, p.target_id, e.scope.consultation_id, e.scope.region_id);
        if (!proposal) return proposal.error();
        if (!proposal.value()) return Error::UnknownTarget;
    }
    return done(sql("INSERT INTO reactions(target, author, consultation, reaction, envelope_id) VALUES (?,?,?,?,?) "
                    "ON CONFLICT(target, author) DO UPDATE SET reaction = excluded.reaction, "
                    "envelope_id = excluded.envelope_id")
                    .bind(1, p.target_id).bind(2, e.author).bind(3, consultation)
                    .bind(4, int64_t{static_cast<uint8_t>(p.reaction)}).bind(5, v.id).run());
}

// A delivery rating in 绩效评估; a later rating of the same resident replaces the earlier.
Status rate(StatementCache& sql, const VerifiedEnvelope& v, const RatePayload& p) {
    const Envelope& e = v.signed_envelope.envelope;
    auto c = resident_in_consultation(sql, e);
    if (!c) return c.error();
    return done(sql("INSERT INTO ratings(consultation, author, score, envelope_id) VALUES (?,?,?,?) "
                    "ON CONFLICT(consultation, author) DO UPDATE SET score = excluded.score, "
                    "envelope_id = excluded.envelope_id")
                    .bind(1, static_cast<int64_t>(e.scope.consultation_id)).bind(2, e.author)
                    .bind(3, int64_t{p.score}).bind(4, v.id).run());
}

Status bind_ballot_key(StatementCache& sql, const VerifiedEnvelope& v, const BallotKeyBindPayload& p) {
    const Envelope& e = v.signed_envelope.envelope;
    auto c = resident_in_consultation(sql, e);
    if (!c) return c.error();
    auto q = sql("INSERT INTO ballot_keys(consultation, identity, ballot_key, bind_id) VALUES (?,?,?,?) "
                 "ON CONFLICT DO NOTHING");
    if (!q.bind(1, static_cast<int64_t>(e.scope.consultation_id)).bind(2, e.author).bind(3, p.ballot_key)
             .bind(4, v.id).run())
        return Error::StoreQuery;
    return sqlite3_changes(sql.db()) == 1 ? Status(Ok{}) : Status(Error::AlreadyBound);
}

// A vote is signed by a ballot key bound to an enrolled resident; the latest one per key counts.
Status vote(StatementCache& sql, const VerifiedEnvelope& v, const VotePayload& p) {
    const Envelope& e = v.signed_envelope.envelope;
    {
        auto q = sql("SELECT 1 FROM ballot_keys WHERE consultation = ? AND ballot_key = ?");
        int rc = q.bind(1, static_cast<int64_t>(e.scope.consultation_id)).bind(2, e.author).step();
        if (rc == SQLITE_DONE) return Error::NotEnrolled;
        if (rc != SQLITE_ROW) return Error::StoreQuery;
    }
    auto c = find_consultation(sql, e.scope.consultation_id, e.scope.region_id);
    if (!c) return c.error();
    YISHI_TRY(check_stage(Kind::Vote, c->stage));
    BallotRules rules{c->method, c->method_param, {}};
    {
        auto q = sql("SELECT option_id, cost FROM consultation_options WHERE consultation = ? ORDER BY option_id");
        q.bind(1, static_cast<int64_t>(e.scope.consultation_id));
        int rc;
        while ((rc = q.step()) == SQLITE_ROW)
            rules.options.push_back({static_cast<uint32_t>(q.int64(0)), {}, static_cast<uint64_t>(q.int64(1))});
        if (rc != SQLITE_DONE) return Error::StoreQuery;
    }
    YISHI_TRY(check_ballot(p, rules));
    // Sequence numbers only grow per author, so the newest accepted ballot replaces the stored one.
    return done(sql("INSERT INTO ballots(consultation, ballot_key, envelope_id, sequence) VALUES (?,?,?,?) "
                    "ON CONFLICT(consultation, ballot_key) DO UPDATE SET envelope_id = excluded.envelope_id, "
                    "sequence = excluded.sequence")
                    .bind(1, static_cast<int64_t>(e.scope.consultation_id)).bind(2, e.author).bind(3, v.id)
                    .bind(4, static_cast<int64_t>(e.sequence)).run());
}

Status moderate(StatementCache& sql, const VerifiedEnvelope& v, const ModeratePayload& p) {
    const Envelope& e = v.signed_envelope.envelope;
    YISHI_TRY(check_role(sql, e.author, "moderator", e.scope.region_id, Error::NotModerator));
    YISHI_TRY(check_comment(sql, p.target_id, e.scope.consultation_id, e.scope.region_id));
    return done(sql("UPDATE comments SET hidden = ?, moderation_id = ? WHERE id = ?")
                    .bind(1, int64_t{p.action == ModerationAction::Hide ? 1 : 0}).bind(2, v.id)
                    .bind(3, p.target_id).run());
}

Status feedback(StatementCache& sql, const VerifiedEnvelope& v) {
    const Envelope& e = v.signed_envelope.envelope;
    YISHI_TRY(check_resident(sql, e.author, e.scope.region_id));
    return done(sql("INSERT INTO feedback(id, region, author, status) VALUES (?,?,?,?)")
                    .bind(1, v.id).bind(2, int64_t{e.scope.region_id}).bind(3, e.author)
                    .bind(4, int64_t{static_cast<uint8_t>(FeedbackStatus::Received)}).run());
}

Status answer_feedback(StatementCache& sql, const Envelope& e, const FeedbackAnswerPayload& p) {
    YISHI_TRY(check_role(sql, e.author, "committee", e.scope.region_id, Error::NotCommittee));
    auto q = sql("UPDATE feedback SET status = ? WHERE id = ? AND region = ?");
    if (!q.bind(1, int64_t{static_cast<uint8_t>(p.status)}).bind(2, p.feedback_id)
             .bind(3, int64_t{e.scope.region_id}).run())
        return Error::StoreQuery;
    return sqlite3_changes(sql.db()) == 1 ? Status(Ok{}) : Status(Error::UnknownTarget);
}

}  // namespace

// [SECTION] Dispatch

Status authorize_and_apply(StatementCache& sql, const VerifiedEnvelope& v, int64_t now_ms) {
    const Envelope& e = v.signed_envelope.envelope;
    switch (envelope_kind(e)) {
        case Kind::Enroll: return enroll(sql, v, std::get<EnrollPayload>(e.payload), now_ms);
        case Kind::ConsultationOpen: return open_consultation(sql, v, std::get<ConsultationOpenPayload>(e.payload));
        case Kind::ConsultationAdvance:
            return move_consultation(sql, e, std::get<ConsultationAdvancePayload>(e.payload).stage);
        case Kind::ConsultationClose: return move_consultation(sql, e, Stage::Closed);
        case Kind::Propose: return propose(sql, v);
        case Kind::Comment: return comment(sql, v, std::get<CommentPayload>(e.payload));
        case Kind::React: return react(sql, v, std::get<ReactPayload>(e.payload));
        case Kind::Vote: return vote(sql, v, std::get<VotePayload>(e.payload));
        case Kind::Rate: return rate(sql, v, std::get<RatePayload>(e.payload));
        case Kind::Feedback: return feedback(sql, v);
        case Kind::FeedbackAnswer: return answer_feedback(sql, e, std::get<FeedbackAnswerPayload>(e.payload));
        case Kind::Moderate: return moderate(sql, v, std::get<ModeratePayload>(e.payload));
        case Kind::BallotKeyBind: return bind_ballot_key(sql, v, std::get<BallotKeyBindPayload>(e.payload));
        case Kind::KeyRotate:
        case Kind::KeyRevoke: return Error::KindNotSupported;
    }
    return Error::KindNotSupported;
}

}  // namespace yishi::server
