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

// Defines Module.yishiLazyWake(waiting) once: wakes the page for a frame when nothing more of the kind
// is awaited, else at most about twice a second. For answers that come by the hundred (a recount's tiles
// and signature batches): a frame for each would take a core from the work (a frame is costly in a
// browser that draws on the CPU), and the progress line needs no more.
void define_lazy_wake() {
    EM_ASM({
        if (Module.yishiLazyWake) return;
        Module.yishiWoke = 0;
        Module.yishiLazyWake = waiting => {
            const now = performance.now();
            if (!Module._yishi_wake || (waiting > 0 && now - Module.yishiWoke < 400)) return;
            Module.yishiWoke = now;
            Module._yishi_wake();
        };
    });
}

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
    void get_bytes(const std::string& path, Callback done) override { fetch_bytes(path, std::move(done), false); }
    void get_immutable(const std::string& path, Callback done) override { fetch_bytes(path, std::move(done), true); }
    // The pool of Web Workers (web/yishi-verify-worker.js), made on first use: one per core, at most four.
    // Each batch goes to the next worker; its answer comes back through yishi_http_done. A worker that
    // cannot start or fails answers its batches with status 0, and the app checks those itself. An empty
    // batch only starts the pool (the workers load while the ballots download). Answers wake the page
    // lazily (define_lazy_wake).
    void check_wires(std::string batch, Callback done) override {
        int id = next_id_++;
        pending_[id] = std::move(done);
        define_lazy_wake();
        EM_ASM({
            const id = $0;
            const batch = HEAPU8.slice($1, $1 + $2);
            let pool = Module.yishiWirePool;
            if (!pool) {
                pool = Module.yishiWirePool = [];
                pool.next = 0;
                pool.waiting = 0;
                pool.answer = (job, bytes) => {
                    const p = _malloc(bytes.length + 1);
                    HEAPU8.set(bytes, p);
                    _yishi_http_done(job, bytes.length ? 200 : 0, p, bytes.length);
                    _free(p);
                    Module.yishiLazyWake(pool.waiting);
                };
                const n = Math.max(1, Math.min(4, navigator.hardwareConcurrency || 2));
                for (let i = 0; i < n; ++i) {
                    let w;
                    try { w = new Worker('yishi-verify-worker.js'); } catch (e) { break; }
                    w.jobs = new Set();
                    w.onmessage = e => {
                        w.jobs.delete(e.data.id);
                        pool.waiting--;
                        pool.answer(e.data.id, new Uint8Array(e.data.answer));
                    };
                    w.onerror = e => {
                        e.preventDefault();
                        if (pool.includes(w)) pool.splice(pool.indexOf(w), 1);
                        w.terminate();
                        pool.waiting -= w.jobs.size;
                        for (const job of w.jobs) pool.answer(job, new Uint8Array(0));
                        w.jobs.clear();
                    };
                    pool.push(w);
                }
            }
            if (!pool.length || !batch.length) return pool.answer(id, new Uint8Array(0));
            const w = pool[pool.next++ % pool.length];
            w.jobs.add(id);
            pool.waiting++;
            w.postMessage({ id, batch: batch.buffer }, [batch.buffer]);
        }, id, batch.data(), batch.size());
    }
    // Immutable files (tiles) come by the hundred: they wake the page lazily (define_lazy_wake).
    void fetch_bytes(const std::string& path, Callback done, bool immutable) {
        int id = next_id_++;
        pending_[id] = std::move(done);
        define_lazy_wake();
        EM_ASM({
            const id = $0;
            const immutable = $2;
            Module.yishiImmutableWaiting = (Module.yishiImmutableWaiting || 0) + immutable;
            fetch(UTF8ToString($1), { headers: { Accept: 'application/octet-stream' }, cache: immutable ? 'default' : 'no-store' })
                .then(async r => [r.status, new Uint8Array(await r.arrayBuffer())])
                .catch(() => [0, new Uint8Array(0)])
                .then(([status, bytes]) => {
                    const p = _malloc(bytes.length + 1);
                    HEAPU8.set(bytes, p);
                    _yishi_http_done(id, status, p, bytes.length);
                    _free(p);
                    Module.yishiImmutableWaiting -= immutable;
                    Module.yishiLazyWake(immutable ? Module.yishiImmutableWaiting : 0);
                });
        }, id, path.c_str(), immutable);
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
