// compression.hpp — Content-Encoding for answers: which codings a request accepts, and gzip for JSON.
//
// A phone on a slow link pays for every byte: API answers (JSON: directory pages, comment lists) are
// gzip-compressed when larger than kCompressMinBytes and the client accepts gzip. Static files come
// precompressed instead (static_files.hpp). cpp-httplib compresses only bodies whose Content-Type
// is exactly "application/json" or text/*; ours say "application/json; charset=utf-8", so nothing is
// compressed twice.
#pragma once
#include <httplib.h>

#include <string>

namespace yishi::server {

inline constexpr size_t kCompressMinBytes = 1024;  // below this gzip's header outweighs the gain

// Whether an Accept-Encoding header value lists `coding` ("gzip", "br"); "coding;q=0" does not count.
bool accepts_encoding(const std::string& accept_encoding, const char* coding);

// Compresses res.body with gzip in place when it is JSON, larger than kCompressMinBytes, not yet
// encoded, and req accepts gzip; sets Content-Encoding and Vary. For every answer (post-routing).
void compress_json_answer(const httplib::Request& req, httplib::Response& res);

}  // namespace yishi::server
