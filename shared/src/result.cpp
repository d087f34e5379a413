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
    }
    return "unknown error";
}

}  // namespace yishi::core
