// net_web.cpp — Net over the browser's fetch(), through the JS glue (web/yishi-glue.js).
//
// JS calls yishi_http_done() with the body's bytes on the heap when a request settles; the callback runs right there, on the main
// thread between frames, and the platform draws a frame because poll() reports it.
#include <emscripten.h>

#include <cstdlib>
#include <map>

#include "model/net.hpp"

namespace yishi::client {

namespace {

class WebNet final : public Net {
public:
    void get(const std::string& path, Callback done) override {
        int id = next_id_++;
        pending_[id] = std::move(done);
        EM_ASM({ yishiGlue.httpGet($0, UTF8ToString($1)); }, id, path.c_str());
    }
    void post(const std::string& path, const std::vector<uint8_t>& body, const std::string& content_type,
              Callback done) override {
        int id = next_id_++;
        pending_[id] = std::move(done);
        EM_ASM({ yishiGlue.httpPost($0, UTF8ToString($1), HEAPU8.slice($2, $2 + $3), UTF8ToString($4)); }, id,
               path.c_str(), body.data(), body.size(), content_type.c_str());
    }
    void get_bytes(const std::string& path, Callback done) override {
        int id = next_id_++;
        pending_[id] = std::move(done);
        EM_ASM({
            const id = $0;
            fetch(UTF8ToString($1), { headers: { Accept: 'application/octet-stream' }, cache: 'no-store' })
                .then(async r => [r.status, new Uint8Array(await r.arrayBuffer())])
                .catch(() => [0, new Uint8Array(0)])
                .then(([status, bytes]) => {
                    const p = _malloc(bytes.length + 1);
                    HEAPU8.set(bytes, p);
                    _yishi_http_done(id, status, p, bytes.length);
                    _free(p);
                    if (Module._yishi_wake) Module._yishi_wake();
                });
        }, id, path.c_str());
    }
    void download(const std::string& path, const std::string& filename, Callback done) override {
        int id = next_id_++;
        pending_[id] = std::move(done);
        EM_ASM({ yishiGlue.download($0, UTF8ToString($1), UTF8ToString($2)); }, id, path.c_str(), filename.c_str());
    }
    bool save(const std::string& filename, const std::string& mime, const std::string& bytes) override {
        EM_ASM({ yishiGlue.saveFile(UTF8ToString($0), UTF8ToString($1), HEAPU8.slice($2, $2 + $3)); },
               filename.c_str(), mime.c_str(), bytes.data(), bytes.size());
        return true;
    }
    std::string portal_url() const override {
        char* url = reinterpret_cast<char*>(EM_ASM_INT({
            const s = location.origin + location.pathname;
            const n = lengthBytesUTF8(s) + 1;
            const p = _malloc(n);
            stringToUTF8(s, p, n);
            return p;
        }));
        std::string out = url ? url : "";
        std::free(url);
        return out;
    }
    bool poll() override {
        bool any = completed_;
        completed_ = false;
        return any;
    }
    void complete(int id, int status, std::string body) {
        auto it = pending_.find(id);
        if (it == pending_.end()) return;
        Callback cb = std::move(it->second);
        pending_.erase(it);
        cb(HttpResponse{status, std::move(body)});
        completed_ = true;
    }
private:
    std::map<int, Callback> pending_;
    int next_id_ = 1;
    bool completed_ = false;
};

WebNet g_net;

}  // namespace

Net& platform_net() { return g_net; }

}  // namespace yishi::client

// A request settled: `size` bytes of its answer at `body` (NULs included: get_bytes() answers are binary).
extern "C" EMSCRIPTEN_KEEPALIVE void yishi_http_done(int id, int status, const char* body, int size) {
    yishi::client::g_net.complete(id, status, body ? std::string(body, static_cast<size_t>(size)) : std::string());
}
