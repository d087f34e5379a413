// authorize.cpp — role, region, stage and eligibility rules per kind (see authorize.hpp).
//
// Index of this file
//   [SECTION] Lookups      residents, roles, consultations
//   [SECTION] Per kind     one function per group of kinds
//   [SECTION] Dispatch
#include "authorize.hpp"

#include <sodium.h>

#include "export_check.hpp"
#include "yishi/consultation.hpp"
#include "yishi/consultation_tally.hpp"
#include "yishi/region.hpp"
#include "yishi/feedback.hpp"

namespace yishi::server {

using namespace yishi::core;

namespace {

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

// Ok if `key` holds `role` at `region` or above it (core::check_scope with `action`); otherwise
// wrong_region if it holds the role elsewhere, else `missing`.
Status check_role(StatementCache& sql, const PublicKey& key, const char* role, uint32_t region, Error missing,
                  ScopeAction action) {
    auto target = region_path(sql, region);
    if (!target) return target.error();
    std::vector<uint32_t> held;
    {
        auto q = sql("SELECT region FROM roles WHERE public_key = ?1 AND role = ?2");
        q.bind(1, key).bind(2, std::string_view(role));
        int rc;
        while ((rc = q.step()) == SQLITE_ROW) held.push_back(static_cast<uint32_t>(q.int64(0)));
        if (rc != SQLITE_DONE) return Error::StoreQuery;
    }
    if (held.empty()) return missing;
    for (uint32_t at : held) {
        auto actor = region_path(sql, at);
        if (!actor) return actor.error();
        if (check_scope(action, actor.value(), target.value())) return Ok{};
    }
    return Error::WrongRegion;
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

// An enrolled resident who may take part at `region`: enrolled there or below (not_enrolled /
// wrong_region otherwise; core::check_scope TakePart).
Status check_resident(StatementCache& sql, const PublicKey& key, uint32_t region) {
    auto r = find_resident(sql, key);
    if (!r) return r.error();
    if (!r->has_value()) return Error::NotEnrolled;
    auto home = region_path(sql, r->value().region);
    if (!home) return home.error();
    auto target = region_path(sql, region);
    if (!target) return target.error();
    return check_scope(ScopeAction::TakePart, home.value(), target.value());
}

// The consultation's schedule and advanced stage, for the time rules of core::check_submission.
Result<ConsultationState> state_of(StatementCache& sql, uint64_t id) { return load_consultation_state(sql, id); }

Status set_stage(StatementCache& sql, uint64_t id, Stage stage) {
    return done(sql("UPDATE consultations SET stage = ?1, advanced = ?1 WHERE id = ?2")
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
    YISHI_TRY(check_role(sql, e.author, "committee", e.scope.region_id, Error::NotCommittee, ScopeAction::Manage));
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
    YISHI_TRY(store_consultation_schedule(sql, e.scope.consultation_id, p.schedule));
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

// advance and close: a committee at the consultation's region or above, and a forward move from the
// stage in effect now (schedule or earlier advance, whichever is later). A close also states the count
// (`tally_hash`, what the committee's browser computed from the export): it must be the count held now.
Status move_consultation(StatementCache& sql, const Envelope& e, Stage to, int64_t now_ms,
                         const Hash* tally_hash = nullptr) {
    YISHI_TRY(check_role(sql, e.author, "committee", e.scope.region_id, Error::NotCommittee, ScopeAction::Manage));
    auto c = find_consultation(sql, e.scope.consultation_id, e.scope.region_id);
    if (!c) return c.error();
    auto state = state_of(sql, e.scope.consultation_id);
    if (!state) return state.error();
    YISHI_TRY(check_advance_at(state.value(), to, now_ms));
    if (tally_hash) {
        auto held = current_tally_hash(sql, e.scope.consultation_id);
        if (!held) return held.error();
        if (held.value() != *tally_hash) return Error::TallyMismatch;
    }
    return set_stage(sql, e.scope.consultation_id, to);
}

// Resident kinds inside a consultation: enrolled here or below, consultation here, and the stage in
// effect at the server's clock allows the kind (core::check_submission).
Result<ConsultationRow> resident_in_consultation(StatementCache& sql, const Envelope& e, int64_t now_ms) {
    YISHI_TRY(check_resident(sql, e.author, e.scope.region_id));
    auto c = find_consultation(sql, e.scope.consultation_id, e.scope.region_id);
    if (!c) return c.error();
    auto state = state_of(sql, e.scope.consultation_id);
    if (!state) return state.error();
    YISHI_TRY(check_submission(envelope_kind(e), state.value(), now_ms));
    return c;
}

// A comment of this consultation (the target of a reply, reaction or moderation).
Status check_comment(StatementCache& sql, const Hash& id, uint64_t consultation, uint32_t region) {
    auto q = sql("SELECT c.consultation, c.region FROM envelopes e JOIN comments c ON c.log_index = e.log_index "
                 "WHERE e.id = ?");
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
    auto q = sql("SELECT c.depth FROM envelopes e JOIN comments c ON c.log_index = e.log_index WHERE e.id = ?");
    if (q.bind(1, id).step() != SQLITE_ROW) return Error::StoreQuery;
    return q.int64(0);
}

Status comment(StatementCache& sql, const VerifiedEnvelope& v, const CommentPayload& p, int64_t now_ms,
               uint64_t log_index) {
    const Envelope& e = v.signed_envelope.envelope;
    auto c = resident_in_consultation(sql, e, now_ms);
    if (!c) return c.error();
    int64_t depth = 1;
    if (p.parent_id != Hash{}) {
        auto parent = comment_depth(sql, p.parent_id, e.scope.consultation_id, e.scope.region_id);
        if (!parent) return parent.error();
        if (parent.value() >= int64_t{kMaxCommentDepth}) return Error::ThreadTooDeep;
        depth = parent.value() + 1;
    }
    auto q = sql("INSERT INTO comments(log_index, consultation, region, author, parent, depth) VALUES (?,?,?,?,?,?)");
    q.bind(1, static_cast<int64_t>(log_index)).bind(2, static_cast<int64_t>(e.scope.consultation_id))
        .bind(3, int64_t{e.scope.region_id}).bind(4, e.author).bind(6, depth);
    if (p.parent_id != Hash{}) q.bind(5, p.parent_id);
    else q.bind_null(5);
    return done(q.run());
}

// A proposal (need) collected in 需求征集; residents support it with react agree.
Status propose(StatementCache& sql, const VerifiedEnvelope& v, int64_t now_ms) {
    const Envelope& e = v.signed_envelope.envelope;
    if (e.scope.consultation_id == 0) YISHI_TRY(check_resident(sql, e.author, e.scope.region_id));
    else if (auto c = resident_in_consultation(sql, e, now_ms); !c) return c.error();
    // Kept with consultation 0 when it names none (a need of the region), so a moderator can hide it.
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
Status react(StatementCache& sql, const VerifiedEnvelope& v, const ReactPayload& p, int64_t now_ms) {
    const Envelope& e = v.signed_envelope.envelope;
    auto c = resident_in_consultation(sql, e, now_ms);
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
Status rate(StatementCache& sql, const VerifiedEnvelope& v, const RatePayload& p, int64_t now_ms) {
    const Envelope& e = v.signed_envelope.envelope;
    auto c = resident_in_consultation(sql, e, now_ms);
    if (!c) return c.error();
    return done(sql("INSERT INTO ratings(consultation, author, score, envelope_id) VALUES (?,?,?,?) "
                    "ON CONFLICT(consultation, author) DO UPDATE SET score = excluded.score, "
                    "envelope_id = excluded.envelope_id")
                    .bind(1, static_cast<int64_t>(e.scope.consultation_id)).bind(2, e.author)
                    .bind(3, int64_t{p.score}).bind(4, v.id).run());
}

Status bind_ballot_key(StatementCache& sql, const VerifiedEnvelope& v, const BallotKeyBindPayload& p,
                       int64_t now_ms) {
    const Envelope& e = v.signed_envelope.envelope;
    auto c = resident_in_consultation(sql, e, now_ms);
    if (!c) return c.error();
    auto q = sql("INSERT INTO ballot_keys(consultation, identity, ballot_key, bind_id) VALUES (?,?,?,?) "
                 "ON CONFLICT DO NOTHING");
    if (!q.bind(1, static_cast<int64_t>(e.scope.consultation_id)).bind(2, e.author).bind(3, p.ballot_key)
             .bind(4, v.id).run())
        return Error::StoreQuery;
    return sql.changes() == 1 ? Status(Ok{}) : Status(Error::AlreadyBound);
}

// A vote is signed by a ballot key bound to an enrolled resident; the latest one per key counts. Once
// the identity that bound it is revoked, the ballot key votes no more (key_revoked); the ballot it cast
// before stays counted (docs/api.md "Revocation and ballots": a revocation is not a retraction).
Status vote(StatementCache& sql, const VerifiedEnvelope& v, const VotePayload& p, int64_t now_ms) {
    const Envelope& e = v.signed_envelope.envelope;
    {
        auto q = sql("SELECT r.status IS NOT NULL FROM ballot_keys b LEFT JOIN retired_keys r "
                     "ON r.key = b.identity AND r.status = 'revoked' WHERE b.consultation = ? AND b.ballot_key = ?");
        int rc = q.bind(1, static_cast<int64_t>(e.scope.consultation_id)).bind(2, e.author).step();
        if (rc == SQLITE_DONE) return Error::NotEnrolled;
        if (rc != SQLITE_ROW) return Error::StoreQuery;
        if (q.int64(0) != 0) return Error::KeyRevoked;
    }
    auto c = find_consultation(sql, e.scope.consultation_id, e.scope.region_id);
    if (!c) return c.error();
    auto state = state_of(sql, e.scope.consultation_id);
    if (!state) return state.error();
    YISHI_TRY(check_submission(Kind::Vote, state.value(), now_ms));   // a vote after the scheduled close is refused
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

// What a moderate envelope may target: the read-model row that serves the target's text.
enum class ModerationTarget { Comment, Proposal, Feedback, DisplayName };

// The target's kind, if it is a comment, proposal, feedback or enroll (display name) of `region` and,
// when `consultation` is not 0, of that consultation (feedback and enrolments belong to none).
// unknown_target if there is no such thing; wrong_region if it belongs to another region.
Result<ModerationTarget> find_moderation_target(StatementCache& sql, const Hash& id, uint64_t consultation,
                                                uint32_t region) {
    if (Status st = check_comment(sql, id, consultation, region); st || st.error() != Error::UnknownTarget) {
        if (!st) return st.error();
        return ModerationTarget::Comment;
    }
    auto q = sql("SELECT 1, consultation, region FROM proposals WHERE id = ?1 UNION ALL "
                 "SELECT 2, 0, region FROM feedback WHERE id = ?1 UNION ALL "
                 "SELECT 3, 0, region FROM residents WHERE enroll_id = ?1");
    const int rc = q.bind(1, id).step();
    if (rc == SQLITE_DONE) return Error::UnknownTarget;
    if (rc != SQLITE_ROW) return Error::StoreQuery;
    if (static_cast<uint32_t>(q.int64(2)) != region) return Error::WrongRegion;
    if (consultation != 0 && static_cast<uint64_t>(q.int64(1)) != consultation) return Error::UnknownTarget;
    const int64_t which = q.int64(0);
    return which == 1 ? ModerationTarget::Proposal : which == 2 ? ModerationTarget::Feedback : ModerationTarget::DisplayName;
}

// Hide (1) or restore (2) a comment, proposal, feedback text or display name of the moderator's region:
// the row's `hidden` flag and `moderation_id` (the latest moderate envelope, whose reason readers see).
Status moderate(StatementCache& sql, const VerifiedEnvelope& v, const ModeratePayload& p) {
    const Envelope& e = v.signed_envelope.envelope;
    YISHI_TRY(check_role(sql, e.author, "moderator", e.scope.region_id, Error::NotModerator, ScopeAction::Moderate));
    auto target = find_moderation_target(sql, p.target_id, e.scope.consultation_id, e.scope.region_id);
    if (!target) return target.error();
    const char* update = nullptr;
    switch (target.value()) {
        case ModerationTarget::Comment:
            update = "UPDATE comments SET hidden = ?, moderation_id = ? "
                     "WHERE log_index = (SELECT log_index FROM envelopes WHERE id = ?)";
            break;
        case ModerationTarget::Proposal: update = "UPDATE proposals SET hidden = ?, moderation_id = ? WHERE id = ?"; break;
        case ModerationTarget::Feedback: update = "UPDATE feedback SET hidden = ?, moderation_id = ? WHERE id = ?"; break;
        case ModerationTarget::DisplayName:
            update = "UPDATE residents SET hidden = ?, moderation_id = ? WHERE enroll_id = ?";
            break;
    }
    return done(sql(update).bind(1, int64_t{p.action == ModerationAction::Hide ? 1 : 0}).bind(2, v.id)
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
    YISHI_TRY(check_role(sql, e.author, "committee", e.scope.region_id, Error::NotCommittee, ScopeAction::Manage));
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

// key_rotate: the author's identity (resident row, roles, ballot-key bindings) moves to the new key,
// which starts its own sequence numbers; the old key is retired ('rotated') and refused afterwards.
// The writer has already checked that the new key never signed and was never retired.
Status rotate_key(StatementCache& sql, const VerifiedEnvelope& v, const KeyRotatePayload& p, int64_t now_ms) {
    const Envelope& e = v.signed_envelope.envelope;
    auto r = find_resident(sql, e.author);
    if (!r) return r.error();
    {
        auto taken = find_resident(sql, p.new_key);
        if (!taken) return taken.error();
        auto q = sql("SELECT 1 FROM roles WHERE public_key = ? LIMIT 1");
        int rc = q.bind(1, p.new_key).step();
        if (rc == SQLITE_ROW || taken->has_value()) return Error::KeyInUse;
        if (rc != SQLITE_DONE) return Error::StoreQuery;
    }
    YISHI_TRY(done(sql("UPDATE roles SET public_key = ? WHERE public_key = ?").bind(1, p.new_key).bind(2, e.author).run()));
    const bool had_role = sql.changes() > 0;
    if (!r->has_value() && !had_role) return Error::NotEnrolled;   // nobody to carry over
    YISHI_TRY(done(sql("UPDATE residents SET identity = ? WHERE identity = ?").bind(1, p.new_key).bind(2, e.author).run()));
    YISHI_TRY(done(sql("UPDATE ballot_keys SET identity = ? WHERE identity = ?").bind(1, p.new_key).bind(2, e.author).run()));
    YISHI_TRY(done(sql("UPDATE consultations SET committee = ? WHERE committee = ?").bind(1, p.new_key).bind(2, e.author).run()));
    return done(sql("INSERT INTO retired_keys(key, status, successor, reason, envelope_id, retired_ms) "
                    "VALUES (?, 'rotated', ?, NULL, ?, ?)")
                    .bind(1, e.author).bind(2, p.new_key).bind(3, v.id).bind(4, now_ms).run());
}

// key_revoke: the key itself, the key that succeeded it by rotation, or the committee of the region
// where the key is (or was) a resident may revoke it; afterwards it can sign nothing (key_revoked).
Status revoke_key(StatementCache& sql, const VerifiedEnvelope& v, const KeyRevokePayload& p, int64_t now_ms) {
    const Envelope& e = v.signed_envelope.envelope;
    bool allowed = p.revoked_key == e.author;
    if (!allowed) {   // revoked_key rotated into the author (directly)
        auto q = sql("SELECT 1 FROM retired_keys WHERE key = ? AND successor = ?");
        int rc = q.bind(1, p.revoked_key).bind(2, e.author).step();
        if (rc != SQLITE_ROW && rc != SQLITE_DONE) return Error::StoreQuery;
        allowed = rc == SQLITE_ROW;
    }
    if (!allowed) {   // a resident (still under this key) of a region where the author is the committee
        auto resident = find_resident(sql, p.revoked_key);
        if (!resident) return resident.error();
        if (resident->has_value() && resident->value().region == e.scope.region_id &&
            check_role(sql, e.author, "committee", e.scope.region_id, Error::NotCommittee, ScopeAction::Manage).ok())
            allowed = true;
    }
    if (!allowed) return Error::RevokeNotAllowed;
    return done(sql("INSERT INTO retired_keys(key, status, successor, reason, envelope_id, retired_ms) "
                    "VALUES (?, 'revoked', NULL, ?, ?, ?) ON CONFLICT(key) DO UPDATE SET status = 'revoked', "
                    "reason = excluded.reason, envelope_id = excluded.envelope_id, retired_ms = excluded.retired_ms")
                    .bind(1, p.revoked_key).bind(2, int64_t{static_cast<uint8_t>(p.reason)}).bind(3, v.id)
                    .bind(4, now_ms).run());
}

}  // namespace

Result<std::vector<VotePayload>> counted_ballots(StatementCache& sql, uint64_t consultation) {
    auto q = sql("SELECT e.wire FROM ballots b JOIN envelopes e ON e.id = b.envelope_id "
                 "WHERE b.consultation = ? ORDER BY b.ballot_key");
    q.bind(1, static_cast<int64_t>(consultation));
    std::vector<VotePayload> votes;
    int rc;
    while ((rc = q.step()) == SQLITE_ROW) {
        auto s = decode_signed_envelope(q.blob(0));
        const auto* v = s ? std::get_if<VotePayload>(&s->envelope.payload) : nullptr;
        if (!v) return Error::StoreQuery;
        votes.push_back(*v);
    }
    if (rc != SQLITE_DONE) return Error::StoreQuery;
    return votes;
}

// The count a close must state: core::tally_hash of the tally of the counted ballots held now.
Result<Hash> current_tally_hash(StatementCache& sql, uint64_t consultation) {
    auto q = sql("SELECT e.wire FROM consultations c JOIN envelopes e ON e.id = c.open_id WHERE c.id = ?");
    if (q.bind(1, static_cast<int64_t>(consultation)).step() != SQLITE_ROW) return Error::StoreQuery;
    auto open = decode_signed_envelope(q.blob(0));
    const auto* payload = open ? std::get_if<ConsultationOpenPayload>(&open->envelope.payload) : nullptr;
    if (!payload) return Error::StoreQuery;
    auto votes = counted_ballots(sql, consultation);
    if (!votes) return votes.error();
    auto tally = tally_consultation(*payload, votes.value(), 0);
    if (!tally) return tally.error();
    return tally_hash(tally.value());
}

// [SECTION] Dispatch

Status authorize_and_apply(StatementCache& sql, const VerifiedEnvelope& v, int64_t now_ms, uint64_t log_index) {
    const Envelope& e = v.signed_envelope.envelope;
    switch (envelope_kind(e)) {
        case Kind::Enroll: return enroll(sql, v, std::get<EnrollPayload>(e.payload), now_ms);
        case Kind::ConsultationOpen: return open_consultation(sql, v, std::get<ConsultationOpenPayload>(e.payload));
        case Kind::ConsultationAdvance:
            return move_consultation(sql, e, std::get<ConsultationAdvancePayload>(e.payload).stage, now_ms);
        case Kind::ConsultationClose:
            return move_consultation(sql, e, Stage::Closed, now_ms, &std::get<ConsultationClosePayload>(e.payload).tally_hash);
        case Kind::Propose: return propose(sql, v, now_ms);
        case Kind::Comment: return comment(sql, v, std::get<CommentPayload>(e.payload), now_ms, log_index);
        case Kind::React: return react(sql, v, std::get<ReactPayload>(e.payload), now_ms);
        case Kind::Vote: return vote(sql, v, std::get<VotePayload>(e.payload), now_ms);
        case Kind::Rate: return rate(sql, v, std::get<RatePayload>(e.payload), now_ms);
        case Kind::Feedback: return feedback(sql, v, std::get<FeedbackPayload>(e.payload), now_ms);
        case Kind::FeedbackAnswer: return answer_feedback(sql, v, std::get<FeedbackAnswerPayload>(e.payload), now_ms);
        case Kind::FeedbackRate: return rate_feedback(sql, e, std::get<FeedbackRatePayload>(e.payload), now_ms);
        case Kind::Moderate: return moderate(sql, v, std::get<ModeratePayload>(e.payload));
        case Kind::BallotKeyBind: return bind_ballot_key(sql, v, std::get<BallotKeyBindPayload>(e.payload), now_ms);
        case Kind::KeyRotate: return rotate_key(sql, v, std::get<KeyRotatePayload>(e.payload), now_ms);
        case Kind::KeyRevoke: return revoke_key(sql, v, std::get<KeyRevokePayload>(e.payload), now_ms);
    }
    return Error::KindNotSupported;
}

}  // namespace yishi::server
