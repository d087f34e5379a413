// net.hpp — the client's view of the network: asynchronous GET and POST to the portal's own server.
//
// One implementation per platform (net_web.cpp over the browser's fetch, net_native.cpp over
// cpp-httplib on a thread). Completions are delivered on the UI thread, between frames, by poll().
#pragma once
#include <functional>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace yishi::client {

struct HttpResponse {
    int status = 0;        // HTTP status; 0 when the request failed before any answer
    std::string body;      // response body (UTF-8 JSON for /api/)
};

class Net {
public:
    using Callback = std::function<void(const HttpResponse&)>;
    virtual ~Net() = default;
    virtual void get(const std::string& path, Callback done) = 0;  // path starts with "/api/"
    virtual void post(const std::string& path, const std::vector<uint8_t>& body, const std::string& content_type,
                      Callback done) = 0;                          // e.g. envelope wire to /api/submit
    // A GET whose answer is binary (opinion.bin): the body holds its exact bytes. The native client's
    // get() is binary-safe already; the browser's get() reads text, so it overrides this.
    virtual void get_bytes(const std::string& path, Callback done) { get(path, std::move(done)); }
    // A binary GET of a file that never changes once served (a log tile, C2SP tlog-tiles): the browser's
    // HTTP cache may answer it.
    virtual void get_immutable(const std::string& path, Callback done) { get_bytes(path, std::move(done)); }
    // Signature checks of a batch of envelopes (core::check_wire_batch) away from the UI thread, where the
    // platform has somewhere to run them (the browser: Web Workers, one per core). `done` gets
    // {200, answer}, or {0, ""} when they cannot run there, and the caller runs them itself: the default.
    // An empty batch gets {0, ""} too; it may start the workers early.
    virtual void check_wires(std::string batch, Callback done) { (void)batch, done(HttpResponse{0, ""}); }
    // Saves the answer's exact bytes as a file named `filename` (the browser's downloads; the native
    // client's working directory). `done` gets the status, and on failure the body (JSON error).
    virtual void download(const std::string& path, const std::string& filename, Callback done) = 0;
    // Saves bytes made here (a printable sheet) as a file named `filename`, the same way; false if the
    // platform could not (the native client's working directory is not writable).
    virtual bool save(const std::string& filename, const std::string& mime, const std::string& bytes) = 0;
    virtual bool poll() = 0;  // run completed callbacks on this thread; true if any ran
    // The address residents open the portal at: the page's own URL up to its '#' (the browser), the
    // server's base URL + "/" (the native client). Links printed on enrolment slips start with it.
    virtual std::string portal_url() const = 0;
};

Net& platform_net();          // the platform's instance

std::string url_encode(std::string_view s);   // a query's value: RFC 3986 unreserved kept, the rest %XX

}  // namespace yishi::client
