// front.hpp — the HTTP front of yishi-server: it owns the listening socket and every connection.
//
// One epoll loop per core reads every connection. A complete, strictly formed `POST /api/submit`
// (framing.hpp: HTTP/1.1, a Content-Length body, no Expect, no Transfer-Encoding) is answered by the
// front itself: the same per-address limit and answer_submit as the route, the signature checked on
// the loop thread, and the answer queued by the ledger's writer right after its COMMIT and written by
// a loop thread. No thread waits for the fsync, and a submission costs no thread wake-ups beyond its
// share of one per batch. Every other request (and any submission the front does not take, e.g.
// chunked or oversized) is handed, with the bytes already read, to a pool of route threads that run
// the route table (HttpRoutes: cpp-httplib) for that one request; then the connection returns to the
// loop. Keep-alive, pipelining and `Connection: close` work across both kinds of request on one
// connection.
//
// The front waits for each request head (and a submission's body) without a thread. Limits: a
// connection idle for kIdleTimeoutMs, or whose request has not arrived whole kIdleTimeoutMs after its
// first byte, is closed; a head longer than kMaxHeadBytes goes to the route table as it is (which
// reads on with cpp-httplib's own timeouts), and so does a body larger than kMaxSubmitBytes (one
// envelope), so a connection buffers at most about kMaxHeadBytes + kMaxSubmitBytes; at most
// kMaxConnections connections at once (more are closed on accept); kKeepAliveMaxRequests requests per
// connection.
#pragma once
#include <httplib.h>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "framing.hpp"
#include "routes.hpp"

namespace yishi::server {

inline constexpr int64_t kIdleTimeoutMs = 5000;        // as cpp-httplib's keep-alive and read timeouts
inline constexpr size_t kMaxConnections = 4000;         // open connections at once
inline constexpr size_t kRouteThreads = 64;             // threads for the requests the front hands over

// The route table, with one request served on a stream the front provides.
class HttpRoutes : public httplib::Server {
public:
    bool serve_one(httplib::Stream& stream, bool close_connection, bool& connection_closed) {
        return process_request(stream, close_connection, connection_closed, nullptr);
    }
};

class Front {
public:
    Front(HttpRoutes& routes, ServerContext& ctx);
    ~Front();
    Front(const Front&) = delete;
    Front& operator=(const Front&) = delete;

    int bind(const std::string& host, int port);   // the port bound (port 0: any), -1 on failure
    void run();                                     // serves until stop(); then answers what is in flight
    void stop();                                    // from any thread

    struct Conn;

private:
    void loop();
    void accept_all();
    void on_event(Conn* c, uint32_t events);
    void dispatch(Conn* c);                         // the next request in c's buffer, or wait for one
    void submit(Conn* c, size_t head_bytes, size_t body_bytes, const std::string& content_type);
    void answer(Conn* c, httplib::Response& res);   // write, then the next request
    void wake();                                    // a loop thread runs take_ready
    void take_ready();
    void flush(Conn* c);                            // write c's pending output, then finish
    void finish(Conn* c);                           // the answer is out: close, or wait for the next
    void next_request(Conn* c);                     // dispatch what is buffered, else wait_for_bytes
    void wait_for_bytes(Conn* c);                   // back into the epoll set
    void close_conn(Conn* c);
    void serve_by_routes(Conn* c);                  // on a route thread
    void sweep();                                   // close idle connections

    HttpRoutes& routes_;
    ServerContext& ctx_;
    int listen_fd_ = -1;
    int epoll_fd_ = -1;
    int wake_fd_ = -1;                              // eventfd: stop, or connections in ready_
    std::atomic<bool> stopping_{false};
    std::mutex conns_mutex_;
    std::unordered_map<Conn*, std::unique_ptr<Conn>> conns_;
    std::mutex ready_mutex_;
    std::deque<Conn*> ready_;                       // connections with a request already buffered
    std::deque<std::pair<Conn*, httplib::Response>> answers_;   // from the writer, to be written
    std::mutex in_flight_mutex_;
    std::condition_variable in_flight_cv_;
    size_t in_flight_ = 0;                          // submissions waiting for the writer
    std::atomic<int64_t> next_sweep_ms_{0};
    std::unique_ptr<httplib::ThreadPool> pool_;
};

}  // namespace yishi::server
