// result.hpp — errors as values for the core: Result<T> over a closed Error enum.
//
// shared/ never throws. Every fallible call returns Result<T> (or Status for no value); the edges
// (HTTP handlers, main, the UI) turn an Error into a message with error_code()/error_message().
#pragma once
#include <cassert>
#include <string_view>
#include <utility>
#include <variant>

namespace yishi::core {

// The closed set of failures the core reports. Append only: codes are stable API strings.
enum class Error {
    CryptoInit,        // libsodium could not initialise
    BadKey,            // a key has the wrong length or is not a valid point
    BadSignature,      // signature does not verify for these bytes and this key
    BadHex,            // not an even-length lowercase/uppercase hex string
    StoreOpen,         // the SQLite file could not be opened or created
    StoreSchema,       // a schema migration failed
    StoreQuery,        // a query failed (I/O, constraint, corruption)
    StoreNewerSchema,  // the database was written by a newer Yishi
    StoreUnsupported,  // this operation needs a SQLite database (PostgreSQL: use its own tools)
    // [protocol] keys, envelopes, Merkle log, checkpoints, receipts
    WeakPassphrase,          // a key backup passphrase is shorter than kMinPassphraseBytes
    KeyBackupFormat,         // a key backup text is malformed or of an unknown version
    WrongPassphrase,         // a key backup does not open with this passphrase (or was altered)
    KeyDerivation,           // Argon2id could not run (out of memory)
    BadBase64,               // not canonical padded standard base64
    EnvelopeTruncated,       // the envelope bytes end before a field is complete
    EnvelopeTrailingBytes,   // bytes remain after the last field of the envelope
    EnvelopeUnknownVersion,  // the envelope format version is not one this build knows
    EnvelopeUnknownKind,     // the submission kind code is not one this build knows
    EnvelopeTooLarge,        // the envelope or one of its lists exceeds its size limit
    EnvelopeStringTooLong,   // a text field exceeds its character or byte limit
    EnvelopeInvalidUtf8,     // a text field is not valid UTF-8 (overlong, surrogate, > U+10FFFF, truncated)
    EnvelopeInvisibleText,   // a display name holds bidi controls, zero-width or other invisible characters
    EnvelopeOutOfRange,      // a number or enumerated code is outside its allowed range
    EnvelopeNonCanonical,    // a list is unsorted/duplicated or a field contradicts another
    EnvelopeBadScope,        // the scope's region/consultation does not fit the kind
    EnvelopeAuthorMismatch,  // the signing key is not the envelope's author key
    MerkleRange,             // a leaf index or tree size is outside the log
    InclusionProofInvalid,   // an inclusion proof does not lead to the root
    ConsistencyProofInvalid, // a consistency proof does not link the two roots
    CheckpointFormat,        // a checkpoint note is malformed
    CheckpointWrongOrigin,   // a checkpoint is for another log
    CheckpointUnsigned,      // a checkpoint has no signature by the expected key
    ReceiptMismatch,         // a receipt does not belong to this envelope
    // [directory] social-organisation records and their import
    CreditCodeLength,    // a unified social credit code is not 18 characters
    CreditCodeCharset,   // it has a character outside 0-9 A-Z minus I O S V Z
    CreditCodeDivision,  // characters 3-8 are not a 6-digit division code
    CreditCodeOrgCheck,  // the organisation code's check character (17th) is wrong
    CreditCodeCheck,     // the final check character (18th) is wrong
    ImportEncoding,      // the file is neither UTF-8 nor GB18030
    ImportMalformed,     // broken CSV (unterminated quote) or no header row
    ImportMissingColumn, // a required column is absent from the header
    ImportDuplicateColumn, // two header cells name the same column
    ImportTooLarge,      // over kImportMaxBytes or kImportMaxRows
    // tally (counting rules, not ballots: bad ballots are counted as invalid, not errors)
    TallyBadSpec,            // the counting rules are inconsistent (no options, min > max, quorum without enrolled, …)
    TallyTooManyOptions,     // more options than kMaxTallyOptions
    TallyDuplicateSequence,  // one voter slot has two ballots with the same sequence number
    // [submission] server-side acceptance of signed envelopes: sequences, roles, stage rules
    SequenceConflict,        // the author already has a different envelope with this sequence number
    ReplayedSequence,        // the sequence number is not above the author's last accepted one
    NotEnrolled,             // the author is not an enrolled resident (or the ballot key is not bound)
    WrongRegion,             // the author may act only in another region
    WrongStage,              // the consultation's stage does not allow this kind (or this transition)
    NotCommittee,            // the author is not a committee of the region
    NotModerator,            // the author is not a moderator of the region
    BadEnrollmentCode,       // the enrolment code is unknown, used or expired
    AlreadyEnrolled,         // this key is already enrolled
    UnknownConsultation,     // no consultation has this id
    ConsultationExists,      // a consultation with this id already exists
    UnknownTarget,           // the referenced comment or feedback does not exist here
    BallotInvalid,           // the ballot does not fit the consultation's method and options
    AlreadyBound,            // this identity already bound a ballot key for the consultation (or the key is taken)
    KindNotSupported,        // the server does not accept this kind yet
    // [regions and lifecycle] the region tree, scope rules and the consultation schedule in time
    RegionBadCode,           // a division code is not 12 digits of the shape its level needs
    RegionBadLevel,          // unknown level, or not exactly one level below the parent
    RegionUnknownParent,     // the parent region is not in the tree
    RegionCodeMismatch,      // a child's division code does not extend its parent's
    RegionExists,            // a region with this id already exists with other fields
    RegionBadName,           // a region name is empty, too long or not UTF-8
    NotStarted,              // the consultation's first scheduled stage has not begun
    StageOver,               // the stage that allows this kind has ended
    ConsultationClosed,      // the consultation is closed
    // [hardening] key rotation and revocation
    KeyRotated,              // the author key was replaced by a key_rotate; sign with the new key
    KeyRevoked,              // the author key (or the key to rotate or revoke) was revoked
    KeyInUse,                // the new key of a key_rotate already belongs to someone or was used before
    RevokeNotAllowed,        // the author may not revoke this key
    LogKeyFile,              // the server's log key file is missing, unreadable or not the database's key
    RateLimited,             // too many requests from this key or address; retry after the given seconds
    // read-api (issue 5 read side)
    ThreadTooDeep,           // a reply to a comment already at the thread depth cap (kMaxCommentDepth)
    // [feedback] the resident feedback state machine (shared/include/yishi/feedback.hpp)
    FeedbackFinal,           // the feedback is resolved or declined: its status no longer changes
    FeedbackBadTransition,   // the feedback cannot move from its status to the one asked for
    FeedbackReasonRequired,  // declining feedback needs a reason text
    FeedbackNotAuthor,       // only the resident who sent the feedback may rate it
    FeedbackNotFinished,     // feedback can be rated only once it is resolved or declined
    FeedbackAlreadyRated,    // the feedback has been rated already
    // [closing] consultation_close states the count
    TallyMismatch,           // a close's tally_hash is not the hash of the count of the ballots held
    // [codes] a committee's signed request for enrolment codes (code_request.hpp)
    RequestStale,            // the request's time is further than kCodeRequestSkewMs from the server clock
    RequestReplayed,         // this request (its nonce) was answered already
    // [wire] reading the JSON answers of the API (shared/json/wire.hpp)
    BadAnswer,               // an answer is not JSON, or a field is missing or of the wrong type
    // [opinion] opinion groups (opinion.hpp)
    OpinionMalformed,        // an opinion-data file (Pol.is export, reaction matrix) is malformed
    OpinionTooLarge,         // more participants, statements or votes than the opinion map accepts
    TileFormat,              // a tile path, tile or bundle of the static log (tiles.hpp) is malformed
    // [witness] cosigned checkpoints (witness.hpp, C2SP tlog-witness / tlog-cosignature)
    WitnessKeyFormat,        // a witness verifier key is not "<name>+<hex id>+<base64(0x04||key)>"
    WitnessRequestFormat,    // an add-checkpoint body is malformed
    WitnessUnknownLog,       // the witness does not follow a log of this origin
    WitnessOldSizeAhead,     // add-checkpoint's old size is larger than the checkpoint's size (a rollback)
    WitnessOldSizeMismatch,  // add-checkpoint's old size is not the size the witness last cosigned
    WitnessBadProof,         // a proof where none belongs, or an empty tree with another root
    WitnessRootMismatch,     // a checkpoint of the size last cosigned, with another root (a fork)
    CosignatureMissing,      // a checkpoint carries no cosignature from a trusted witness
    CosignatureInvalid,      // a cosignature line names a trusted witness but does not verify
    // [scale-out] several servers on one PostgreSQL (docs/deploy.md)
    LogPending,              // logged at its index, but no signed checkpoint covers it yet: ask again shortly
};

std::string_view error_code(Error e);     // stable machine code, e.g. "bad_signature"
std::string_view error_message(Error e);  // one English sentence for logs and operators

// Result<T>: either a value or an Error. Check ok() before value(); the asserts say why.
template <class T>
class [[nodiscard]] Result {
public:
    Result(T value) : v_(std::move(value)) {}            // NOLINT: implicit by design
    Result(Error error) : v_(error) {}                   // NOLINT
    bool ok() const { return v_.index() == 0; }
    explicit operator bool() const { return ok(); }
    T& value() & { assert(ok() && "Result::value() on an error: check ok() first"); return std::get<0>(v_); }
    const T& value() const& { assert(ok() && "Result::value() on an error: check ok() first"); return std::get<0>(v_); }
    T&& value() && { assert(ok() && "Result::value() on an error: check ok() first"); return std::get<0>(std::move(v_)); }
    Error error() const { assert(!ok() && "Result::error() on a value"); return std::get<1>(v_); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
private:
    std::variant<T, Error> v_;
};

struct Ok {};                  // the value of a Status that succeeded
using Status = Result<Ok>;     // success or an Error, nothing else

}  // namespace yishi::core

// Returns the error of a Result or Status expression from the enclosing function (which returns a
// Result or Status); goes on when it succeeded. The one definition for shared/ and server/.
#define YISHI_TRY(expr)                   \
    do {                                  \
        if (auto _st = (expr); !_st.ok()) \
            return _st.error();           \
    } while (0)
