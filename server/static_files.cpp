// static_files.cpp — the web app's files (see static_files.hpp).
//
// Cache policy: glyph subsets and the program's second part are named by their content
// (g-<12 hex>.otf/.ttf, scripts/make-font.py; w-<12 hex>.wasm, scripts/split-wasm.sh) and say
// `immutable`: a phone fetches each once. Everything else says `no-cache` and carries a
// strong ETag (size, modification time, encoding): browsers revalidate cheaply with 304s and never
// run a stale wasm against a newer page (the service worker, web/yishi-sw.js, checks the same way).
//
// Encodings: a precompressed FILE.br or FILE.gz written by scripts/compress-web.sh (brotli -q 11,
// gzip -9: far smaller than on-the-fly compression could afford) is chosen by the request's
// Accept-Encoding, br before gzip before identity, and the answer says Vary: Accept-Encoding.
#include "static_files.hpp"

#include "compression.hpp"

#include <sys/stat.h>

#include <cctype>
#include <cstdio>
#include <fstream>
#include <iterator>

namespace yishi::server {

namespace {

bool ends_with(const std::string& s, const char* suffix) {
    const size_t n = std::char_traits<char>::length(suffix);
    return s.size() >= n && s.compare(s.size() - n, n, suffix) == 0;
}

bool safe_relative_path(const std::string& p) {
    if (p.find("..") != std::string::npos || p.find('\\') != std::string::npos) return false;
    return p.find('\0') == std::string::npos;
}

// Debian's cpp-httplib is built with zlib and brotli: it compresses text/* (HTML, CSS, licences),
// bare application/json and SVG bodies itself for clients that accept it. Precompressed files are
// used only for the other types (JavaScript is served as application/javascript for this reason),
// which it leaves alone; otherwise the body would be compressed twice.
bool compressed_by_httplib(const char* type) {
    const std::string t(type);
    return t.rfind("text/", 0) == 0 || t == "application/json" || t == "image/svg+xml";
}

// Content-named files: glyph subsets g-<12 hex digits>.otf or .ttf (scripts/make-font.py) and the
// program's second part w-<12 hex digits>.wasm (scripts/split-wasm.sh).
bool content_named(const std::string& rel) {
    const size_t slash = rel.rfind('/');
    const std::string name = rel.substr(slash == std::string::npos ? 0 : slash + 1);
    const bool glyphs = name.size() == 18 && name.compare(0, 2, "g-") == 0 &&
                        (name.compare(14, 4, ".otf") == 0 || name.compare(14, 4, ".ttf") == 0);
    const bool program = name.size() == 19 && name.compare(0, 2, "w-") == 0 && name.compare(14, 5, ".wasm") == 0;
    if (!glyphs && !program) return false;
    for (size_t i = 2; i < 14; ++i)
        if (!std::isxdigit(static_cast<unsigned char>(name[i])) || std::isupper(static_cast<unsigned char>(name[i]))) return false;
    return true;
}

}  // namespace

bool read_whole_file(const std::string& path, std::string& out) {
    std::ifstream f(path, std::ios::binary);
    if (!f) return false;
    out.assign(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
    return true;
}

const char* mime_type(const std::string& path) {
    static const std::pair<const char*, const char*> kTypes[] = {
        {".html", "text/html; charset=utf-8"}, {".js", "application/javascript; charset=utf-8"},
        {".wasm", "application/wasm"},         {".css", "text/css; charset=utf-8"},
        {".otf", "font/otf"},                  {".ttf", "font/ttf"},
        {".json", "application/json"},         {".png", "image/png"},
        {".svg", "image/svg+xml"},             {".txt", "text/plain; charset=utf-8"},
        {".ico", "image/x-icon"},              {".idx", "application/octet-stream"},
    };
    for (const auto& [ext, type] : kTypes)
        if (ends_with(path, ext)) return type;
    return "application/octet-stream";
}

void serve_static(const std::string& root, const httplib::Request& req, httplib::Response& res) {
    std::string rel = req.path == "/" ? "/index.html" : req.path;
    if (!safe_relative_path(rel)) {
        res.status = 404;
        return;
    }
    const std::string path = root + rel;
    struct stat st {};
    if (stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
        res.status = 404;
        res.set_content("not found\n", "text/plain; charset=utf-8");
        return;
    }

    const char* type = mime_type(rel);
    const std::string accept = req.get_header_value("Accept-Encoding");
    const char* coding = nullptr;   // Content-Encoding of the answer; nullptr: the file as it is
    if (!compressed_by_httplib(type)) {
        for (const char* c : {"br", "gzip"}) {
            struct stat z {};
            const std::string ext = std::string(".") + (c[0] == 'b' ? "br" : "gz");
            if (accepts_encoding(accept, c) && stat((path + ext).c_str(), &z) == 0 && z.st_mtime >= st.st_mtime) {
                coding = c;
                break;
            }
        }
    }

    char etag[64];
    std::snprintf(etag, sizeof etag, "\"%llx-%llx%s%s\"", static_cast<unsigned long long>(st.st_size),
                  static_cast<unsigned long long>(st.st_mtime), coding ? "-" : "", coding ? coding : "");
    res.set_header("ETag", etag);
    res.set_header("Cache-Control", content_named(rel) ? "public, max-age=31536000, immutable" : "no-cache");
    res.set_header("Vary", "Accept-Encoding");
    if (req.get_header_value("If-None-Match") == etag) {
        res.status = 304;
        return;
    }

    std::string body;
    const std::string file = !coding ? path : path + (coding[0] == 'b' ? ".br" : ".gz");
    if (!read_whole_file(file, body)) {
        res.status = 500;
        return;
    }
    if (coding) res.set_header("Content-Encoding", coding);
    res.set_content(std::move(body), type);
}

}  // namespace yishi::server
