// static_files.cpp — the web app's files (see static_files.hpp).
//
// Cache policy: file names are not content-hashed yet, so every response says `no-cache` and
// carries a strong ETag (size and modification time): browsers revalidate cheaply with 304s and
// never run a stale wasm against a newer page.
#include "static_files.hpp"

#include <sys/stat.h>

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

// Debian's cpp-httplib is built with zlib and brotli: it compresses text/*, JSON and SVG bodies
// itself for clients that accept it. Precompressed .gz files are used only for the other types
// (wasm, fonts), which it leaves alone; otherwise the body would be compressed twice.
bool compressed_by_httplib(const char* type) {
    const std::string t(type);
    return t.rfind("text/", 0) == 0 || t == "application/json" || t == "image/svg+xml";
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
        {".html", "text/html; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
        {".wasm", "application/wasm"},         {".css", "text/css; charset=utf-8"},
        {".otf", "font/otf"},                  {".ttf", "font/ttf"},
        {".json", "application/json"},         {".png", "image/png"},
        {".svg", "image/svg+xml"},             {".txt", "text/plain; charset=utf-8"},
        {".ico", "image/x-icon"},
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
    const bool gzip_ok = !compressed_by_httplib(type) &&
                         req.get_header_value("Accept-Encoding").find("gzip") != std::string::npos;
    struct stat gz {};
    const bool use_gz = gzip_ok && stat((path + ".gz").c_str(), &gz) == 0 && gz.st_mtime >= st.st_mtime;

    char etag[64];
    std::snprintf(etag, sizeof etag, "\"%llx-%llx%s\"", static_cast<unsigned long long>(st.st_size),
                  static_cast<unsigned long long>(st.st_mtime), use_gz ? "-gz" : "");
    res.set_header("ETag", etag);
    res.set_header("Cache-Control", "no-cache");
    res.set_header("Vary", "Accept-Encoding");
    if (req.get_header_value("If-None-Match") == etag) {
        res.status = 304;
        return;
    }

    std::string body;
    if (!read_whole_file(use_gz ? path + ".gz" : path, body)) {
        res.status = 500;
        return;
    }
    if (use_gz) res.set_header("Content-Encoding", "gzip");
    res.set_content(std::move(body), type);
}

}  // namespace yishi::server
