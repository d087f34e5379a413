// result.cpp — the stable code and English message of each core Error.
#include "yishi/result.hpp"

namespace yishi::core {

std::string_view error_code(Error e) {
    switch (e) {
        case Error::CryptoInit: return "crypto_init";
        case Error::BadKey: return "bad_key";
        case Error::BadSignature: return "bad_signature";
        case Error::BadHex: return "bad_hex";
        case Error::StoreOpen: return "store_open";
        case Error::StoreSchema: return "store_schema";
        case Error::StoreQuery: return "store_query";
        case Error::StoreNewerSchema: return "store_newer_schema";
        case Error::WeakPassphrase: return "weak_passphrase";
        case Error::KeyBackupFormat: return "key_backup_format";
        case Error::WrongPassphrase: return "wrong_passphrase";
        case Error::KeyDerivation: return "key_derivation";
        case Error::BadBase64: return "bad_base64";
        case Error::EnvelopeTruncated: return "envelope_truncated";
        case Error::EnvelopeTrailingBytes: return "envelope_trailing_bytes";
        case Error::EnvelopeUnknownVersion: return "envelope_unknown_version";
        case Error::EnvelopeUnknownKind: return "envelope_unknown_kind";
        case Error::EnvelopeTooLarge: return "envelope_too_large";
        case Error::EnvelopeStringTooLong: return "envelope_string_too_long";
        case Error::EnvelopeInvalidUtf8: return "envelope_invalid_utf8";
        case Error::EnvelopeOutOfRange: return "envelope_out_of_range";
        case Error::EnvelopeNonCanonical: return "envelope_non_canonical";
        case Error::EnvelopeBadScope: return "envelope_bad_scope";
        case Error::EnvelopeAuthorMismatch: return "envelope_author_mismatch";
        case Error::MerkleRange: return "merkle_range";
        case Error::InclusionProofInvalid: return "inclusion_proof_invalid";
        case Error::ConsistencyProofInvalid: return "consistency_proof_invalid";
        case Error::CheckpointFormat: return "checkpoint_format";
        case Error::CheckpointWrongOrigin: return "checkpoint_wrong_origin";
        case Error::CheckpointUnsigned: return "checkpoint_unsigned";
        case Error::ReceiptMismatch: return "receipt_mismatch";
        case Error::CreditCodeLength: return "credit_code_length";
        case Error::CreditCodeCharset: return "credit_code_charset";
        case Error::CreditCodeDivision: return "credit_code_division";
        case Error::CreditCodeOrgCheck: return "credit_code_org_check";
        case Error::CreditCodeCheck: return "credit_code_check";
        case Error::ImportEncoding: return "import_encoding";
        case Error::ImportMalformed: return "import_malformed";
        case Error::ImportMissingColumn: return "import_missing_column";
        case Error::ImportDuplicateColumn: return "import_duplicate_column";
        case Error::ImportTooLarge: return "import_too_large";
        case Error::TallyBadSpec: return "tally_bad_spec";
        case Error::TallyTooManyOptions: return "tally_too_many_options";
        case Error::TallyDuplicateSequence: return "tally_duplicate_sequence";
        case Error::SequenceConflict: return "sequence_conflict";
        case Error::ReplayedSequence: return "replayed_sequence";
        case Error::NotEnrolled: return "not_enrolled";
        case Error::WrongRegion: return "wrong_region";
        case Error::WrongStage: return "wrong_stage";
        case Error::NotCommittee: return "not_committee";
        case Error::NotModerator: return "not_moderator";
        case Error::BadEnrollmentCode: return "bad_enrollment_code";
        case Error::AlreadyEnrolled: return "already_enrolled";
        case Error::UnknownConsultation: return "unknown_consultation";
        case Error::ConsultationExists: return "consultation_exists";
        case Error::UnknownTarget: return "unknown_target";
        case Error::BallotInvalid: return "ballot_invalid";
        case Error::AlreadyBound: return "already_bound";
        case Error::KindNotSupported: return "kind_not_supported";
        case Error::ThreadTooDeep: return "thread_too_deep";
    }
    return "unknown";
}

std::string_view error_message(Error e) {
    switch (e) {
        case Error::CryptoInit: return "the cryptography library could not be initialised";
        case Error::BadKey: return "the key has the wrong length or is invalid";
        case Error::BadSignature: return "the signature does not match the signed bytes and key";
        case Error::BadHex: return "the text is not valid hexadecimal";
        case Error::StoreOpen: return "the database file could not be opened or created";
        case Error::StoreSchema: return "the database schema could not be created or upgraded";
        case Error::StoreQuery: return "a database query failed";
        case Error::StoreNewerSchema: return "the database was written by a newer version of Yishi";
        case Error::WeakPassphrase: return "the passphrase is too short to protect a key backup";
        case Error::KeyBackupFormat: return "the key backup text is malformed or of an unknown version";
        case Error::WrongPassphrase: return "the key backup does not open with this passphrase";
        case Error::KeyDerivation: return "the passphrase could not be stretched (not enough memory)";
        case Error::BadBase64: return "the text is not canonical base64";
        case Error::EnvelopeTruncated: return "the envelope ends before a field is complete";
        case Error::EnvelopeTrailingBytes: return "the envelope has bytes after its last field";
        case Error::EnvelopeUnknownVersion: return "the envelope format version is unknown";
        case Error::EnvelopeUnknownKind: return "the submission kind is unknown";
        case Error::EnvelopeTooLarge: return "the envelope or one of its lists is too large";
        case Error::EnvelopeStringTooLong: return "a text field is longer than allowed";
        case Error::EnvelopeInvalidUtf8: return "a text field is not valid UTF-8";
        case Error::EnvelopeOutOfRange: return "a number in the envelope is outside its allowed range";
        case Error::EnvelopeNonCanonical: return "the envelope is not in its one canonical form";
        case Error::EnvelopeBadScope: return "the envelope scope does not fit its kind";
        case Error::EnvelopeAuthorMismatch: return "the signing key is not the envelope author";
        case Error::MerkleRange: return "the leaf index or tree size is outside the log";
        case Error::InclusionProofInvalid: return "the inclusion proof does not match the tree root";
        case Error::ConsistencyProofInvalid: return "the consistency proof does not link the two tree roots";
        case Error::CheckpointFormat: return "the checkpoint is malformed";
        case Error::CheckpointWrongOrigin: return "the checkpoint belongs to another log";
        case Error::CheckpointUnsigned: return "the checkpoint carries no signature by the expected key";
        case Error::ReceiptMismatch: return "the receipt does not belong to this envelope";
        case Error::CreditCodeLength: return "a unified social credit code has 18 characters";
        case Error::CreditCodeCharset: return "the credit code has a character that codes never use (I, O, S, V, Z or not a letter/digit)";
        case Error::CreditCodeDivision: return "characters 3 to 8 of the credit code must be a 6-digit administrative division code";
        case Error::CreditCodeOrgCheck: return "the organisation code's check character (17th) does not match";
        case Error::CreditCodeCheck: return "the credit code's check character (18th) does not match: a typo?";
        case Error::ImportEncoding: return "the file is neither UTF-8 nor GB18030 text";
        case Error::ImportMalformed: return "the file is not well-formed CSV with a header row";
        case Error::ImportMissingColumn: return "a required column is missing from the header row";
        case Error::ImportDuplicateColumn: return "two header cells name the same column";
        case Error::ImportTooLarge: return "the file is larger than an import may be";
        case Error::TallyBadSpec: return "the counting rules are inconsistent (options, bounds, costs, quorum or threshold)";
        case Error::TallyTooManyOptions: return "the consultation has more options than a tally supports";
        case Error::TallyDuplicateSequence: return "a voter slot has two ballots with the same sequence number";
        case Error::SequenceConflict: return "another envelope of this author already has this sequence number";
        case Error::ReplayedSequence: return "the sequence number is not above the last one accepted from this author";
        case Error::NotEnrolled: return "the author is not enrolled here (or the ballot key is not bound to an enrolled resident)";
        case Error::WrongRegion: return "the author may not act in this region";
        case Error::WrongStage: return "the consultation is not in a stage that allows this";
        case Error::NotCommittee: return "the author is not a committee of this region";
        case Error::NotModerator: return "the author is not a moderator of this region";
        case Error::BadEnrollmentCode: return "the enrolment code is unknown, already used or expired";
        case Error::AlreadyEnrolled: return "this key is already enrolled";
        case Error::UnknownConsultation: return "no consultation has this id";
        case Error::ConsultationExists: return "a consultation with this id already exists";
        case Error::UnknownTarget: return "the referenced comment or feedback does not exist in this scope";
        case Error::BallotInvalid: return "the ballot does not fit the consultation (method, options, count or cost)";
        case Error::AlreadyBound: return "a ballot key is already bound for this resident or this key is taken";
        case Error::KindNotSupported: return "the server does not accept this kind of submission yet";
        case Error::ThreadTooDeep: return "replies may nest at most 3 levels deep; answer the parent comment instead";
    }
    return "unknown error";
}

}  // namespace yishi::core
