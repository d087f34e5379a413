// net_native.cpp — Net for the native dev client: cpp-httplib on a worker thread per request.
//
// The server is $YISHI_SERVER (default http://127.0.0.1:8080). Completions are queued and run by
// poll() on the UI thread, so callbacks never race with drawing.
#include <httplib.h>

#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <thread>
#include <vector>

#include "model/net.hpp"

namespace yishi::client {

namespace {

// The server this client talks to: $YISHI_SERVER, or the quick start's address.
std::string server_base() {
    const char* env = std::getenv("YISHI_SERVER");
    return env ? env : "http://127.0.0.1:8080";
}

class NativeNet final : public Net {
public:
    void get(const std::string& path, Callback done) override {
        const std::string base = server_base();
        std::thread([this, base, path, done = std::move(done)]() mutable {
            httplib::Client cli(base);
            cli.set_connection_timeout(3);
            HttpResponse r;
            if (auto res = cli.Get(path.c_str())) r = {res->status, res->body};
            std::lock_guard lock(mutex_);
            done_.emplace_back(std::move(done), std::move(r));
        }).detach();
    }
    void post(const std::string& path, const std::vector<uint8_t>& body, const std::string& content_type,
              Callback done) override {
        const std::string base = server_base();
        std::string data(body.begin(), body.end());
        std::thread([this, base, path, data = std::move(data), content_type, done = std::move(done)]() mutable {
            httplib::Client cli(base);
            cli.set_connection_timeout(3);
            HttpResponse r;
            if (auto res = cli.Post(path.c_str(), data, content_type.c_str())) r = {res->status, res->body};
            std::lock_guard lock(mutex_);
            done_.emplace_back(std::move(done), std::move(r));
        }).detach();
    }
    void download(const std::string& path, const std::string& filename, Callback done) override {
        get(path, [filename, done = std::move(done)](const HttpResponse& r) {
            if (r.status != 200) return done(r);
            std::FILE* f = std::fopen(filename.c_str(), "wb");
            const bool ok = f && std::fwrite(r.body.data(), 1, r.body.size(), f) == r.body.size();
            if (f) std::fclose(f);
            done(ok ? HttpResponse{200, ""} : HttpResponse{0, ""});
        });
    }
    bool save(const std::string& filename, const std::string&, const std::string& bytes) override {
        std::FILE* f = std::fopen(filename.c_str(), "wb");
        const bool ok = f && std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
        if (f) std::fclose(f);
        return ok;
    }
    std::string portal_url() const override { return server_base() + "/"; }
    bool poll() override {
        std::vector<std::pair<Callback, HttpResponse>> ready;
        {
            std::lock_guard lock(mutex_);
            ready.swap(done_);
        }
        for (auto& [cb, r] : ready) cb(r);
        return !ready.empty();
    }
private:
    std::mutex mutex_;
    std::vector<std::pair<Callback, HttpResponse>> done_;
};

}  // namespace

Net& platform_net() {
    static NativeNet net;  // never destroyed before detached requests finish: process exit ends them
    return net;
}

}  // namespace yishi::client
