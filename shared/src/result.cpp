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
    }
    return "unknown error";
}

}  // namespace yishi::core
