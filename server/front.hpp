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
// Limits (FrontLimits, each a `serve` flag; docs/api.md "Connections"), so that one address cannot
// take the portal from everyone else:
// - at most max_connections connections at once, and at most max_connections_per_address from one
//   client address (IPv6: one /64); a connection over either is answered 503 or 429 and closed at once;
// - every request head is awaited whole in the front, without a thread; a head over head.max_bytes or
//   with more than head.max_headers header lines is answered 431 and the connection closed (framing.hpp);
// - a body of at most kMaxSubmitBytes after a strictly formed head is awaited in the front too; a
//   request that has not arrived whole request_timeout_ms after its first byte is closed, and a
//   connection idle for idle_timeout_ms after its last answer is closed;
// - a larger, chunked or loosely formed request goes to a route thread with the bytes already read;
//   its reads stop at the same whole-request deadline, and at most route_threads_per_address route
//   threads serve one address at a time (its other requests wait in the front, holding no thread);
// - a connection buffers at most head.max_bytes + kMaxSubmitBytes + one read (about 90 KB), and a
//   route thread at most kMaxRequestBytes of body;
// - any 429 answer closes its connection (a client over its rate keeps no connection open by it);
// - kKeepAliveMaxRequests requests per connection.
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

inline constexpr size_t kRouteThreads = 64;             // threads for the requests the front hands over

struct FrontLimits {                             // the defaults are `serve`'s
    size_t max_connections = 4000;               // open connections at once
    size_t max_connections_per_address = 64;     // from one client address (IPv6: one /64)
    int64_t idle_timeout_ms = 5000;              // keep-alive: idle after an answer
    int64_t request_timeout_ms = 5000;           // a whole request (head and body) from its first byte
    HeadLimits head;                             // request head size and header count (431 beyond)
    size_t route_threads_per_address = 8;        // route threads one address may hold at once
};

// The key connections are counted under: the address itself, or an IPv6 address's /64 prefix.
std::string address_key(const std::string& ip);

// The route table, with one request served on a stream the front provides.
class HttpRoutes : public httplib::Server {
public:
    bool serve_one(httplib::Stream& stream, bool close_connection, bool& connection_closed) {
        return process_request(stream, close_connection, connection_closed, nullptr);
    }
};

class Front {
public:
    Front(HttpRoutes& routes, ServerContext& ctx, FrontLimits limits = {});
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
    void answer(Conn* c, httplib::Response& res);   // a submission's answer: respond, and one less in flight
    void respond(Conn* c, httplib::Response& res);  // write, then the next request (or close)
    void hand_over(Conn* c);                        // to a route thread, or wait for one of its address's
    void release_route_thread(Conn* c);             // c's route thread is done: its address's next waits
    void wake();                                    // a loop thread runs take_ready
    void take_ready();
    void flush(Conn* c);                            // write c's pending output, then finish
    void finish(Conn* c);                           // the answer is out: close, or wait for the next
    void next_request(Conn* c);                     // dispatch what is buffered, else wait_for_bytes
    void wait_for_bytes(Conn* c);                   // back into the epoll set
    void close_conn(Conn* c);
    void serve_by_routes(Conn* c);                  // on a route thread
    void sweep();                                   // close idle connections

    struct Address {
        size_t conns = 0;                           // open connections
        size_t routing = 0;                         // requests on route threads (or queued for one)
        std::deque<Conn*> waiting;                  // requests waiting for one of those to finish
    };

    HttpRoutes& routes_;
    ServerContext& ctx_;
    FrontLimits limits_;
    int listen_fd_ = -1;
    int epoll_fd_ = -1;
    int wake_fd_ = -1;                              // eventfd: stop, or connections in ready_
    std::atomic<bool> stopping_{false};
    std::mutex conns_mutex_;
    std::unordered_map<Conn*, std::unique_ptr<Conn>> conns_;
    std::unordered_map<std::string, Address> addresses_;   // under conns_mutex_; only addresses with connections
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
