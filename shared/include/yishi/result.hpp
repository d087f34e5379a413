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
    // tally (counting rules, not ballots: bad ballots are counted as invalid, not errors)
    TallyBadSpec,            // the counting rules are inconsistent (no options, min > max, quorum without enrolled, …)
    TallyTooManyOptions,     // more options than kMaxTallyOptions
    TallyDuplicateSequence,  // one voter slot has two ballots with the same sequence number
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
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
private:
    std::variant<T, Error> v_;
};

struct Ok {};                  // the value of a Status that succeeded
using Status = Result<Ok>;     // success or an Error, nothing else

}  // namespace yishi::core
