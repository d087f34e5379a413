// framing.hpp — how the front (front.cpp) reads the bytes buffered on a connection: wait for more,
// hand them to the route table, or take a whole `POST /api/submit` itself. Pure: no sockets, no
// HTTP library; the fuzz target tests/fuzz/fuzz_front.cpp checks it.
//
// The front takes only strictly formed submissions: the exact request line
// `POST /api/submit HTTP/1.1`, CRLF line ends only (no bare CR or LF, no folded lines, no control
// characters), one decimal Content-Length of at most `max_body` bytes, no Transfer-Encoding and no
// Expect. Everything else goes to the route table as it is, which parses it as cpp-httplib always
// has — so the two never frame the same bytes differently.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace yishi::server {

inline constexpr size_t kMaxHeadBytes = 8192;   // request line and headers the front waits for
inline constexpr std::string_view kSubmitLine = "POST /api/submit HTTP/1.1\r\n";

struct Framing {
    enum class Kind { Wait, HandOver, Submit };
    Kind kind = Kind::Wait;
    size_t head_bytes = 0;       // Submit: the request is the first head_bytes + body_bytes bytes
    size_t body_bytes = 0;
    std::string content_type;    // Submit: the Content-Type header's value
    bool close = false;          // Submit: `Connection: close`
};

// Wait: the head (or a submission's body) is not all here yet, and at most kMaxHeadBytes of head are.
Framing frame_request(std::string_view buffered, size_t max_body);

}  // namespace yishi::server
