// compression.cpp — see compression.hpp.
#include "compression.hpp"

#include <zlib.h>

#include <cstdlib>

namespace yishi::server {

namespace {

constexpr int kGzipLevel = 6;          // zlib's default: most of -9's gain at a fraction of its CPU
constexpr int kGzipWindowBits = 15 + 16;   // +16: a gzip wrapper, not zlib's

// gzip of `in`, or an empty string if zlib fails (the answer then goes out uncompressed).
std::string gzip(const std::string& in) {
    z_stream z{};
    if (deflateInit2(&z, kGzipLevel, Z_DEFLATED, kGzipWindowBits, 8, Z_DEFAULT_STRATEGY) != Z_OK) return {};
    std::string out(deflateBound(&z, static_cast<uLong>(in.size())), '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    z.avail_in = static_cast<uInt>(in.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    const int rc = deflate(&z, Z_FINISH);
    out.resize(z.total_out);
    deflateEnd(&z);
    return rc == Z_STREAM_END ? out : std::string{};
}

}  // namespace

bool accepts_encoding(const std::string& accept_encoding, const char* coding) {
    const std::string c(coding);
    for (size_t at = 0; at < accept_encoding.size();) {
        size_t end = accept_encoding.find(',', at);
        if (end == std::string::npos) end = accept_encoding.size();
        std::string item = accept_encoding.substr(at, end - at);
        at = end + 1;
        const size_t b = item.find_first_not_of(" \t");
        if (b == std::string::npos) continue;
        item.erase(0, b);
        const size_t semi = item.find(';');
        std::string name = item.substr(0, semi);
        while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.pop_back();
        if (name != c) continue;
        if (semi == std::string::npos) return true;
        const std::string params = item.substr(semi + 1);
        const size_t q = params.find("q=");
        return q == std::string::npos || std::atof(params.c_str() + q + 2) > 0.0;
    }
    return false;
}

void compress_json_answer(const httplib::Request& req, httplib::Response& res) {
    if (res.body.size() <= kCompressMinBytes || res.has_header("Content-Encoding")) return;
    if (res.get_header_value("Content-Type").rfind("application/json", 0) != 0) return;
    if (!accepts_encoding(req.get_header_value("Accept-Encoding"), "gzip")) return;
    std::string z = gzip(res.body);
    if (z.empty()) return;
    res.body = std::move(z);
    res.headers.erase("Content-Length");   // set_content() set it for the uncompressed body
    res.set_header("Content-Length", std::to_string(res.body.size()));
    res.set_header("Content-Encoding", "gzip");
    res.set_header("Vary", "Accept-Encoding");
}

}  // namespace yishi::server
