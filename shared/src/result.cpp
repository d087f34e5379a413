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
        case Error::TallyBadSpec: return "tally_bad_spec";
        case Error::TallyTooManyOptions: return "tally_too_many_options";
        case Error::TallyDuplicateSequence: return "tally_duplicate_sequence";
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
        case Error::TallyBadSpec: return "the counting rules are inconsistent (options, bounds, costs, quorum or threshold)";
        case Error::TallyTooManyOptions: return "the consultation has more options than a tally supports";
        case Error::TallyDuplicateSequence: return "a voter slot has two ballots with the same sequence number";
    }
    return "unknown error";
}

}  // namespace yishi::core
