// fuzz_front.cpp — libFuzzer target for the front's request framing (server/framing.hpp), the code
// that decides from raw connection bytes where a request ends.
//
// Input: one byte that picks a cut point, then the bytes buffered on a connection. Properties:
// a Submit starts with the exact submit line, its head ends at the first CRLF CRLF, is at most
// kMaxHeadBytes, and head + body lie inside the buffer with the body at most max_body; the same bytes
// followed by anything frame the same (what comes after a request never changes it); every cut
// of a Submit's bytes before its end is Wait (a request arriving in pieces is the same request); a
// Wait holds at most kMaxHeadBytes of head; a head within both limits is never TooLarge; a HandOver's
// head and awaited body lie inside the buffer. The sanitizers catch any out-of-bounds read.
// Built and run by tests/fuzz/run.sh SECONDS fuzz_front (ctest fuzz_front).
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "framing.hpp"

using namespace yishi::server;

namespace {

constexpr size_t kMaxBody = 4096;   // small, so that the limit is reached

void fail(const char* what) {
    std::fprintf(stderr, "fuzz_front: %s\n", what);
    std::abort();
}

bool same(const Framing& a, const Framing& b) {
    return a.kind == b.kind && a.head_bytes == b.head_bytes && a.body_bytes == b.body_bytes &&
           a.content_type == b.content_type && a.close == b.close;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    const uint8_t cut_byte = data[0];
    const std::string buffered(reinterpret_cast<const char*>(data + 1), size - 1);
    const Framing f = frame_request(buffered, kMaxBody);
    if (f.kind == Framing::Kind::Wait && buffered.find("\n\r\n") == std::string::npos &&
        buffered.size() > kMaxHeadBytes)
        fail("a Wait holds more than kMaxHeadBytes of head");
    if (f.kind == Framing::Kind::TooLarge && buffered.size() <= kMaxHeadBytes &&
        std::count(buffered.begin(), buffered.end(), '\n') <= static_cast<long>(kMaxHeaderCount))
        fail("a head within the limits is TooLarge");
    if (f.kind == Framing::Kind::HandOver && f.head_bytes + f.body_bytes > buffered.size())
        fail("a HandOver's request is outside the buffer");
    if (f.kind != Framing::Kind::Submit) return 0;
    const std::string_view b(buffered);
    if (b.substr(0, kSubmitLine.size()) != kSubmitLine) fail("a Submit without the submit line");
    if (f.head_bytes < 4 || f.head_bytes > kMaxHeadBytes || b.find("\r\n\r\n") + 4 != f.head_bytes)
        fail("a Submit's head does not end at the first blank line, or is too long");
    if (f.body_bytes > kMaxBody || f.head_bytes + f.body_bytes > b.size()) fail("a Submit's body is outside the buffer");
    const size_t whole = f.head_bytes + f.body_bytes;
    if (!same(frame_request(b.substr(0, whole), kMaxBody), f)) fail("the bytes after a request changed its framing");
    if (!same(frame_request(std::string(b) + "GET / HTTP/1.1\r\n\r\n", kMaxBody), f))
        fail("appending a request changed the framing");
    const size_t cut = 1 + cut_byte * (whole - 1) / 255;   // 1 .. whole
    if (cut < whole && frame_request(b.substr(0, cut), kMaxBody).kind != Framing::Kind::Wait)
        fail("a Submit cut short is not Wait");
    return 0;
}
