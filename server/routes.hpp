// routes.hpp — the one route table of yishi-server, and the context its handlers share.
//
// Handlers parse, call the core, serialize. Errors leave through one function (send_error) as a
// JSON body {"error": {"code", "message"}} with a stable code; every response carries the
// security headers (CSP fit for wasm, nosniff, frame-ancestors).
#pragma once
#include <httplib.h>

#include <mutex>
#include <string>

#include "yishi/store.hpp"

namespace yishi::server {

struct ServerContext {
    core::Store store;        // the database (one connection; guarded by store_mutex)
    std::mutex store_mutex;
    std::string web_root;     // directory with index.html, yishi.js, yishi.wasm, ...
};

void install_routes(httplib::Server& http, ServerContext& ctx);  // all routes and handlers
void send_error(httplib::Response& res, int status, const char* code, const std::string& message);

}  // namespace yishi::server
