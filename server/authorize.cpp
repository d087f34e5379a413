// authorize.cpp — role, region, stage and eligibility rules per kind (see authorize.hpp).
//
// Index of this file
//   [SECTION] Lookups      residents, roles, consultations
//   [SECTION] Per kind     one function per group of kinds
//   [SECTION] Dispatch
#include "authorize.hpp"

#include <sodium.h>

#include "yishi/consultation.hpp"
#include "yishi/feedback.hpp"

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

Status comment(StatementCache& sql, const VerifiedEnvelope& v, const CommentPayload& p) {
    const Envelope& e = v.signed_envelope.envelope;
    auto c = resident_in_consultation(sql, e);
    if (!c) return c.error();
    if (p.parent_id != Hash{}) YISHI_TRY(check_comment(sql, p.parent_id, e.scope.consultation_id, e.scope.region_id));
    return done(sql("INSERT INTO comments(id, consultation, region, author) VALUES (?,?,?,?)")
                    .bind(1, v.id).bind(2, static_cast<int64_t>(e.scope.consultation_id))
                    .bind(3, int64_t{e.scope.region_id}).bind(4, e.author).run());
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

Status feedback(StatementCache& sql, const VerifiedEnvelope& v, const FeedbackPayload& p, int64_t now_ms) {
    const Envelope& e = v.signed_envelope.envelope;
    YISHI_TRY(check_resident(sql, e.author, e.scope.region_id));
    YISHI_TRY(done(sql("INSERT INTO feedback(id, region, author, status, category, text, created_ms, updated_ms) "
                       "VALUES (?,?,?,?,?,?,?,?)")
                       .bind(1, v.id).bind(2, int64_t{e.scope.region_id}).bind(3, e.author)
                       .bind(4, int64_t{static_cast<uint8_t>(FeedbackStatus::Received)})
                       .bind(5, int64_t{static_cast<uint8_t>(p.category)}).bind(6, std::string_view(p.text))
                       .bind(7, now_ms).bind(8, now_ms).run()));
    return done(sql("INSERT INTO feedback_history(feedback, step, status, text, at_ms, envelope_id) VALUES (?,0,?,'',?,?)")
                    .bind(1, v.id).bind(2, int64_t{static_cast<uint8_t>(FeedbackStatus::Received)}).bind(3, now_ms)
                    .bind(4, v.id).run());
}

// The feedback an answer or a rating refers to, in the envelope's region (UnknownTarget otherwise).
struct FeedbackRow { FeedbackStatus status = FeedbackStatus::Received; PublicKey author{}; bool rated = false; };

Result<FeedbackRow> find_feedback(StatementCache& sql, const Hash& id, uint32_t region) {
    auto q = sql("SELECT status, author, rating IS NOT NULL FROM feedback WHERE id = ? AND region = ?");
    int rc = q.bind(1, id).bind(2, int64_t{region}).step();
    if (rc == SQLITE_DONE) return Error::UnknownTarget;
    if (rc != SQLITE_ROW) return Error::StoreQuery;
    return FeedbackRow{static_cast<FeedbackStatus>(q.int64(0)), q.array<kPublicKeySize>(1), q.int64(2) != 0};
}

// The committee of the feedback's region moves it one legal step (core::check_feedback_transition).
Status answer_feedback(StatementCache& sql, const VerifiedEnvelope& v, const FeedbackAnswerPayload& p, int64_t now_ms) {
    const Envelope& e = v.signed_envelope.envelope;
    YISHI_TRY(check_role(sql, e.author, "committee", e.scope.region_id, Error::NotCommittee));
    auto f = find_feedback(sql, p.feedback_id, e.scope.region_id);
    if (!f) return f.error();
    YISHI_TRY(check_feedback_transition(f->status, p.status, p.text));
    const int64_t status = static_cast<uint8_t>(p.status);
    auto q = sql("UPDATE feedback SET status = ?1, updated_ms = ?2, "
                 "resolved_ms = CASE WHEN ?1 = 3 THEN ?2 ELSE resolved_ms END WHERE id = ?3");
    YISHI_TRY(done(q.bind(1, status).bind(2, now_ms).bind(3, p.feedback_id).run()));
    return done(sql("INSERT INTO feedback_history(feedback, step, status, text, at_ms, envelope_id) "
                    "SELECT ?1, coalesce(max(step), -1) + 1, ?2, ?3, ?4, ?5 FROM feedback_history WHERE feedback = ?1")
                    .bind(1, p.feedback_id).bind(2, status).bind(3, std::string_view(p.text)).bind(4, now_ms)
                    .bind(5, v.id).run());
}

// Only the feedback's author, only once it is final, only once.
Status rate_feedback(StatementCache& sql, const Envelope& e, const FeedbackRatePayload& p, int64_t now_ms) {
    auto f = find_feedback(sql, p.feedback_id, e.scope.region_id);
    if (!f) return f.error();
    if (!equal_constant_time(f->author, e.author)) return Error::FeedbackNotAuthor;
    YISHI_TRY(check_feedback_rating(f->status, f->rated));
    return done(sql("UPDATE feedback SET rating = ?, rating_remark = ?, rated_ms = ? WHERE id = ?")
                    .bind(1, int64_t{p.score}).bind(2, std::string_view(p.remark)).bind(3, now_ms)
                    .bind(4, p.feedback_id).run());
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
        case Kind::Propose:
            if (e.scope.consultation_id == 0) return check_resident(sql, e.author, e.scope.region_id);
            if (auto c = resident_in_consultation(sql, e); !c) return c.error();
            return Ok{};
        case Kind::Comment: return comment(sql, v, std::get<CommentPayload>(e.payload));
        case Kind::React: {
            auto c = resident_in_consultation(sql, e);
            if (!c) return c.error();
            return check_comment(sql, std::get<ReactPayload>(e.payload).target_id, e.scope.consultation_id,
                                 e.scope.region_id);
        }
        case Kind::Vote: return vote(sql, v, std::get<VotePayload>(e.payload));
        case Kind::Rate: {
            auto c = resident_in_consultation(sql, e);
            return c ? Status(Ok{}) : Status(c.error());
        }
        case Kind::Feedback: return feedback(sql, v, std::get<FeedbackPayload>(e.payload), now_ms);
        case Kind::FeedbackAnswer: return answer_feedback(sql, v, std::get<FeedbackAnswerPayload>(e.payload), now_ms);
        case Kind::FeedbackRate: return rate_feedback(sql, e, std::get<FeedbackRatePayload>(e.payload), now_ms);
        case Kind::Moderate: return moderate(sql, v, std::get<ModeratePayload>(e.payload));
        case Kind::BallotKeyBind: return bind_ballot_key(sql, v, std::get<BallotKeyBindPayload>(e.payload));
        case Kind::KeyRotate:
        case Kind::KeyRevoke: return Error::KindNotSupported;
    }
    return Error::KindNotSupported;
}

}  // namespace yishi::server
