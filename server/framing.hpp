// framing.hpp — how the front (front.cpp) reads the bytes buffered on a connection: wait for more,
// refuse a head over the limits (431), hand a request to the route table, or take a whole
// `POST /api/submit` itself. Pure: no sockets, no HTTP library; the fuzz target
// tests/fuzz/fuzz_front.cpp checks it.
//
// Every request head is awaited whole before anything else happens to it: a head ends where
// cpp-httplib's ends, at the first line that is exactly CRLF (so at the first "\n\r\n"). A head longer
// than HeadLimits::max_bytes, or with more than HeadLimits::max_headers header lines, is TooLarge
// (431) as soon as the limit is passed, before the rest arrives.
//
// The front takes only strictly formed submissions: the exact request line
// `POST /api/submit HTTP/1.1`, CRLF line ends only (no bare CR or LF, no folded lines, no control
// characters), one decimal Content-Length of at most `max_body` bytes, no Transfer-Encoding and no
// Expect. Any other strictly formed head with one Content-Length of at most `max_body` is handed over
// once its body is here too (a slow body holds no route thread); everything else is handed over as
// soon as its head is here, and the route table parses it as cpp-httplib always has — so the two
// never frame the same bytes differently.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace yishi::server {

inline constexpr size_t kMaxHeadBytes = 8192;    // request line and headers, in all
inline constexpr size_t kMaxHeaderCount = 64;    // header lines in one request
inline constexpr std::string_view kSubmitLine = "POST /api/submit HTTP/1.1\r\n";

struct HeadLimits {
    size_t max_bytes = kMaxHeadBytes;       // a longer head is TooLarge
    size_t max_headers = kMaxHeaderCount;   // more header lines: TooLarge
};

struct Framing {
    enum class Kind { Wait, HandOver, Submit, TooLarge };
    Kind kind = Kind::Wait;
    size_t head_bytes = 0;       // Submit, HandOver: the head's length (HandOver: 0 if not yet known)
    size_t body_bytes = 0;       // Submit, and HandOver of a body the front waited for: its length
    std::string content_type;    // Submit: the Content-Type header's value
    bool close = false;          // Submit: `Connection: close`
};

// Wait: the head (or a body of at most max_body bytes) is not all here yet, and the head so far is
// within `limits`.
Framing frame_request(std::string_view buffered, size_t max_body, const HeadLimits& limits = {});

}  // namespace yishi::server
