// static_files.hpp — serving the built web app: MIME types, precompressed brotli/gzip, validators.
#pragma once
#include <httplib.h>

#include <string>

namespace yishi::server {

// Serves GET/HEAD for files under root ("/" is index.html). Compressed bodies for clients that
// accept them (FILE.br, else FILE.gz, for JavaScript, wasm, fonts and the glyph index; httplib's own
// compression for HTML, CSS and text); content-named glyph subsets are immutable, the rest no-cache
// with an ETag; answers 304 to a matching If-None-Match.
// Paths with "..", NUL or backslashes are refused (404) before touching the file system.
void serve_static(const std::string& root, const httplib::Request& req, httplib::Response& res);

const char* mime_type(const std::string& path);  // by extension; application/octet-stream if unknown
bool read_whole_file(const std::string& path, std::string& out);   // false if it cannot be opened

}  // namespace yishi::server
