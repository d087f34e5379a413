// front.cpp — the epoll front (see front.hpp).
//
// Ownership: a connection is in the epoll set with EPOLLONESHOT, so exactly one thread owns it at a
// time — the loop thread its event went to, then (for a while) a route thread or the writer answering
// its submission — and only the owner reads, writes, re-arms or closes it. The sweep only shuts an
// idle connection's socket down (under conns_mutex_, which close_conn also takes); the event that
// follows closes it on a loop thread. The per-address counts (addresses_) are kept under
// conns_mutex_ too.
#include "front.hpp"

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <arpa/inet.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <string_view>

#include "framing.hpp"
#include "submission.hpp"

namespace yishi::server {

namespace {

constexpr uint64_t kListenTag = 0;   // epoll data of the listening socket; the eventfd's is 1
constexpr uint64_t kWakeTag = 1;

int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::steady_clock::now().time_since_epoch()).count();
}

bool wait_fd(int fd, short what, int timeout_ms) {
    pollfd p{fd, what, 0};
    int rc;
    while ((rc = ::poll(&p, 1, timeout_ms)) < 0 && errno == EINTR) {}
    return rc > 0;
}

void address_of(const sockaddr_storage& a, socklen_t len, std::string& ip, int& port) {
    char host[NI_MAXHOST] = "";
    char serv[NI_MAXSERV] = "";
    if (getnameinfo(reinterpret_cast<const sockaddr*>(&a), len, host, sizeof host, serv, sizeof serv,
                    NI_NUMERICHOST | NI_NUMERICSERV) == 0) {
        ip = host;
        port = std::atoi(serv);
    }
}

const char* reason_phrase(int status) {
    switch (status) {
        case 200: return "OK";
        case 201: return "Created";
        case 400: return "Bad Request";
        case 403: return "Forbidden";
        case 404: return "Not Found";
        case 409: return "Conflict";
        case 413: return "Payload Too Large";
        case 415: return "Unsupported Media Type";
        case 431: return "Request Header Fields Too Large";
        case 422: return "Unprocessable Entity";
        case 429: return "Too Many Requests";
        case 500: return "Internal Server Error";
        case 503: return "Service Unavailable";
        default: return "Unknown";
    }
}

}  // namespace

struct Front::Conn {
    int fd = -1;
    std::string remote_ip, local_ip;
    int remote_port = 0, local_port = 0;
    std::string in;                    // received bytes; in[in_pos..] not yet consumed by a request
    size_t in_pos = 0;
    std::string out;                   // the part of an answer the socket has not taken yet
    size_t out_pos = 0;
    size_t served = 0;                 // requests answered
    bool close_after = false;          // the answer being written is the connection's last
    std::atomic<bool> idle{false};     // armed and waiting for bytes: the sweep may close it
    std::atomic<bool> partial{false};  // ... with part of a request buffered (the request deadline applies)
    std::atomic<int64_t> last_active_ms{0};   // the last answer, or the first byte of the request on its way
    std::string address;               // address_key(remote_ip)

    std::string_view pending() const { return std::string_view(in).substr(in_pos); }
    void consume(size_t n) {
        in_pos += n;
        if (in_pos == in.size()) in.clear(), in_pos = 0;
    }
    void compact() {
        in.erase(0, in_pos);
        in_pos = 0;
    }
};

namespace {

// A connection as cpp-httplib's Stream, for one request on a route thread: the bytes the front has
// already read first, then the socket (non-blocking; waits with the same timeouts as cpp-httplib's).
// Reads stop at the request's deadline (FrontLimits::request_timeout_ms after its first byte); the
// first bytes written tell whether the answer is a 429 (then the front closes the connection).
class ConnStream final : public httplib::Stream {
public:
    ConnStream(Front::Conn& c, int64_t deadline_ms, int64_t wait_ms) : c_(c), deadline_ms_(deadline_ms), wait_ms_(wait_ms) {}
    bool is_readable() const override { return !c_.pending().empty() || wait_fd(c_.fd, POLLIN, read_wait_ms()); }
    bool is_writable() const override { return wait_fd(c_.fd, POLLOUT, static_cast<int>(wait_ms_)); }
    bool answered_429() const { return answered_429_; }
    bool read_failed() const { return read_failed_; }   // the deadline passed, or the client closed: close it
    ssize_t read(char* ptr, size_t size) override {
        if (c_.pending().empty()) {   // cpp-httplib reads headers a byte at a time: buffer them
            c_.in.resize(4096);
            const ssize_t n = receive(c_.in.data(), c_.in.size());
            if (n <= 0) {
                c_.in.clear(), c_.in_pos = 0;
                read_failed_ = true;   // cpp-httplib answers 400 but would keep the connection
                return n;
            }
            c_.in.resize(static_cast<size_t>(n));
        }
        const size_t k = std::min(size, c_.pending().size());
        std::memcpy(ptr, c_.pending().data(), k);
        c_.consume(k);
        return static_cast<ssize_t>(k);
    }
    ssize_t write(const char* ptr, size_t size) override {
        if (!wrote_) {   // the status line: "HTTP/1.1 429 ..."
            wrote_ = true;
            answered_429_ = std::string_view(ptr, size).substr(0, 13) == "HTTP/1.1 429 ";
        }
        size_t done = 0;
        while (done < size) {
            const ssize_t n = ::send(c_.fd, ptr + done, size - done, MSG_NOSIGNAL);
            if (n > 0) {
                done += static_cast<size_t>(n);
            } else if (n < 0 && errno == EINTR) {
                continue;
            } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
                if (!wait_fd(c_.fd, POLLOUT, static_cast<int>(wait_ms_))) return -1;
            } else {
                return -1;
            }
        }
        return static_cast<ssize_t>(done);
    }
    void get_remote_ip_and_port(std::string& ip, int& port) const override { ip = c_.remote_ip, port = c_.remote_port; }
    void get_local_ip_and_port(std::string& ip, int& port) const override { ip = c_.local_ip, port = c_.local_port; }
    socket_t socket() const override { return c_.fd; }

private:
    int read_wait_ms() const {   // 0 once the deadline has passed: a slow body is cut off there
        return static_cast<int>(std::clamp<int64_t>(deadline_ms_ - now_ms(), 0, wait_ms_));
    }
    ssize_t receive(char* ptr, size_t size) {
        for (;;) {
            if (now_ms() >= deadline_ms_) return -1;
            const ssize_t n = ::recv(c_.fd, ptr, size, 0);
            if (n >= 0) return n;
            if (errno == EINTR) continue;
            if ((errno != EAGAIN && errno != EWOULDBLOCK) || !wait_fd(c_.fd, POLLIN, read_wait_ms())) return -1;
        }
    }
    Front::Conn& c_;
    int64_t deadline_ms_;
    int64_t wait_ms_;
    bool wrote_ = false;
    bool answered_429_ = false;
    bool read_failed_ = false;
};

}  // namespace

std::string address_key(const std::string& ip) {
    in6_addr v6{};
    if (ip.find(':') == std::string::npos || inet_pton(AF_INET6, ip.c_str(), &v6) != 1 || IN6_IS_ADDR_V4MAPPED(&v6))
        return ip;
    std::memset(v6.s6_addr + 8, 0, 8);   // one /64 is one subscriber's network
    char text[INET6_ADDRSTRLEN] = "";
    inet_ntop(AF_INET6, &v6, text, sizeof text);
    return std::string(text) + "/64";
}

namespace {

// An answer's bytes on the wire (the front writes them itself).
std::string wire_answer(httplib::Response& res, bool close, int64_t idle_timeout_ms) {
    add_security_headers(res);
    std::string out;
    out.reserve(512 + res.body.size());
    out += "HTTP/1.1 ";
    out += std::to_string(res.status);
    out += ' ';
    out += reason_phrase(res.status);
    out += "\r\n";
    for (const auto& [name, value] : res.headers) {
        out += name;
        out += ": ";
        out += value;
        out += "\r\n";
    }
    out += close ? "Connection: close\r\n"
                 : "Keep-Alive: timeout=" + std::to_string(idle_timeout_ms / 1000) + ", max=" +
                       std::to_string(kKeepAliveMaxRequests) + "\r\n";
    out += "Content-Length: " + std::to_string(res.body.size()) + "\r\n\r\n";
    out += res.body;
    return out;
}

// A connection refused on accept: one try at writing the answer, then closed.
void refuse_connection(int fd, int status, const char* code, const std::string& message) {
    httplib::Response res;
    send_error(res, status, code, message);
    if (status == 429) res.set_header("Retry-After", "1");
    const std::string out = wire_answer(res, true, 0);
    (void)!::send(fd, out.data(), out.size(), MSG_NOSIGNAL);
    ::shutdown(fd, SHUT_WR);
    ::close(fd);
}

}  // namespace

Front::Front(HttpRoutes& routes, ServerContext& ctx, FrontLimits limits)
    : routes_(routes), ctx_(ctx), limits_(limits) {}

Front::~Front() {
    for (int fd : {listen_fd_, epoll_fd_, wake_fd_})
        if (fd >= 0) ::close(fd);
}

int Front::bind(const std::string& host, int port) {
    rlimit files{};   // one descriptor per connection: take what the operator allows
    if (getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < files.rlim_max) {
        files.rlim_cur = files.rlim_max;
        (void)setrlimit(RLIMIT_NOFILE, &files);
    }
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE;
    addrinfo* found = nullptr;
    if (getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found) != 0) return -1;
    for (addrinfo* a = found; a && listen_fd_ < 0; a = a->ai_next) {
        const int fd = ::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
        if (fd < 0) continue;
        int yes = 1;
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
        if (::bind(fd, a->ai_addr, a->ai_addrlen) == 0 && ::listen(fd, kListenBacklog) == 0)
            listen_fd_ = fd;
        else
            ::close(fd);
    }
    freeaddrinfo(found);
    if (listen_fd_ < 0) return -1;
    sockaddr_storage bound{};
    socklen_t len = sizeof bound;
    std::string ip;
    int bound_port = -1;
    if (getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&bound), &len) == 0) address_of(bound, len, ip, bound_port);
    epoll_fd_ = epoll_create1(EPOLL_CLOEXEC);
    wake_fd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (epoll_fd_ < 0 || wake_fd_ < 0) return -1;
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = kListenTag;
    if (epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, listen_fd_, &ev) != 0) return -1;
    ev.data.u64 = kWakeTag;
    if (epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, wake_fd_, &ev) != 0) return -1;
    return bound_port;
}

void Front::run() {
    pool_ = std::make_unique<httplib::ThreadPool>(kRouteThreads);
    const unsigned loops = std::max(1u, std::thread::hardware_concurrency());
    std::vector<std::thread> threads;
    for (unsigned i = 1; i < loops; ++i)
        threads.emplace_back([this] {
            pthread_setname_np(pthread_self(), "yishi-loop");   // for top -H and perf
            loop();
        });
    loop();
    for (std::thread& t : threads) t.join();
    for (;;) {   // the writer still answers what it holds; written here, those connections then close below
        take_ready();
        std::unique_lock lock(in_flight_mutex_);
        if (in_flight_ == 0) break;
        in_flight_cv_.wait_for(lock, std::chrono::milliseconds(10));
    }
    {
        std::lock_guard lock(conns_mutex_);
        for (auto& [c, owned] : conns_) ::shutdown(c->fd, SHUT_RDWR);   // route threads stop waiting on them
    }
    pool_->shutdown();
    std::lock_guard lock(conns_mutex_);
    for (auto& [c, owned] : conns_) ::close(c->fd);
    conns_.clear();
}

void Front::stop() {
    stopping_ = true;
    wake();   // level-triggered and left unread: every loop wakes
}

void Front::loop() {
    epoll_event events[64];
    while (!stopping_) {
        const int n = epoll_wait(epoll_fd_, events, 64, 1000);
        if (stopping_) break;
        for (int i = 0; i < n; ++i) {
            if (events[i].data.u64 == kListenTag) {
                accept_all();
            } else if (events[i].data.u64 == kWakeTag) {
                if (stopping_) break;   // left unread: the other loops wake too
                take_ready();
            } else {
                on_event(static_cast<Conn*>(events[i].data.ptr), events[i].events);
            }
        }
        if (now_ms() >= next_sweep_ms_) sweep();
    }
}

void Front::accept_all() {
    for (;;) {
        sockaddr_storage peer{};
        socklen_t len = sizeof peer;
        const int fd = accept4(listen_fd_, reinterpret_cast<sockaddr*>(&peer), &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EINTR || errno == ECONNABORTED) continue;
            if (errno == EMFILE || errno == ENFILE)   // out of descriptors: the next event tries again
                std::this_thread::sleep_for(std::chrono::milliseconds(10));
            return;
        }
        auto owned = std::make_unique<Conn>();
        Conn* c = owned.get();
        c->fd = fd;
        address_of(peer, len, c->remote_ip, c->remote_port);
        sockaddr_storage local{};
        socklen_t local_len = sizeof local;
        if (getsockname(fd, reinterpret_cast<sockaddr*>(&local), &local_len) == 0)
            address_of(local, local_len, c->local_ip, c->local_port);
        int yes = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);   // small answers go out at once
        c->address = address_key(c->remote_ip);
        int refuse = 0;
        {
            std::lock_guard lock(conns_mutex_);
            if (conns_.size() >= limits_.max_connections) {
                refuse = 503;
            } else {
                Address& a = addresses_[c->address];
                if (a.conns >= limits_.max_connections_per_address) {
                    refuse = 429;
                } else {
                    ++a.conns;
                    conns_.emplace(c, std::move(owned));
                }
            }
        }
        if (refuse == 503) {
            refuse_connection(fd, 503, "too_many_connections", "the server has too many connections open; try again");
            continue;
        }
        if (refuse == 429) {
            refuse_connection(fd, 429, "too_many_connections",
                              "this address has " + std::to_string(limits_.max_connections_per_address) +
                                  " connections open already");
            continue;
        }
        c->last_active_ms = now_ms();
        c->idle = true;
        epoll_event ev{};
        ev.events = EPOLLIN | EPOLLONESHOT;
        ev.data.ptr = c;
        if (epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &ev) != 0) close_conn(c);
    }
}

void Front::on_event(Conn* c, uint32_t events) {
    c->idle = false;
    if (!c->out.empty()) {
        if (events & (EPOLLERR | EPOLLHUP)) return close_conn(c);
        return flush(c);
    }
    if (c->in_pos > 0) c->compact();
    const bool new_request = c->in.empty();   // its clock starts with its first byte (see sweep)
    char buf[16384];
    // At most one largest submission (and what follows it) is buffered; dispatch decides what it is.
    while (c->in.size() <= limits_.head.max_bytes + kMaxSubmitBytes) {
        const ssize_t n = ::recv(c->fd, buf, sizeof buf, 0);
        if (n > 0) {
            c->in.append(buf, static_cast<size_t>(n));
            if (static_cast<size_t>(n) < sizeof buf) break;
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
        return close_conn(c);   // the client closed, or the socket failed (or the sweep shut it down)
    }
    if (new_request) c->last_active_ms = now_ms();
    dispatch(c);
}

void Front::dispatch(Conn* c) {
    // Every request head (and a body of up to one envelope) is awaited here, without a thread (a slow
    // client holds only its socket). A larger body goes to the route table, which refuses it (413) as
    // always: a connection buffers at most about head.max_bytes + kMaxSubmitBytes here.
    const Framing f = frame_request(c->pending(), kMaxSubmitBytes, limits_.head);
    switch (f.kind) {
        case Framing::Kind::Wait: return wait_for_bytes(c);
        case Framing::Kind::Submit:
            c->close_after = f.close || c->served + 1 >= kKeepAliveMaxRequests;
            return submit(c, f.head_bytes, f.body_bytes, f.content_type);
        case Framing::Kind::HandOver: return hand_over(c);   // anything else: the route table
        case Framing::Kind::TooLarge: {   // the rest of the head is never read
            httplib::Response res;
            send_error(res, 431, "header_too_large",
                       "the request head is over " + std::to_string(limits_.head.max_bytes) + " bytes or " +
                           std::to_string(limits_.head.max_headers) + " header lines");
            c->close_after = true;
            c->consume(c->pending().size());
            return respond(c, res);
        }
    }
}

void Front::hand_over(Conn* c) {
    {
        std::lock_guard lock(conns_mutex_);
        Address& a = addresses_[c->address];
        if (a.routing >= limits_.route_threads_per_address) {   // waits for one of its address's own
            a.waiting.push_back(c);
            return;
        }
        ++a.routing;
    }
    pool_->enqueue([this, c] { serve_by_routes(c); });
}

void Front::release_route_thread(Conn* c) {
    Conn* next = nullptr;
    {
        std::lock_guard lock(conns_mutex_);
        Address& a = addresses_[c->address];
        if (a.waiting.empty()) {
            --a.routing;
        } else {   // the slot passes to the address's next request
            next = a.waiting.front();
            a.waiting.pop_front();
        }
    }
    if (next) pool_->enqueue([this, next] { serve_by_routes(next); });
}

void Front::submit(Conn* c, size_t head_bytes, size_t body_bytes, const std::string& content_type) {
    {
        std::lock_guard lock(in_flight_mutex_);
        ++in_flight_;
    }
    const std::string body(c->pending().substr(head_bytes, body_bytes));
    c->consume(head_bytes + body_bytes);
    httplib::Response res;
    if (refuse_by_address(ctx_, "POST", "/api/submit", c->remote_ip, res)) {
        c->close_after = true;   // a 429 closes the connection
        return answer(c, res);
    }
    // The writer calls this after its COMMIT: it only queues the answer for a loop thread, so the
    // writer goes on to its next batch instead of writing to sockets.
    answer_submit(ctx_, content_type, body, [this, c](httplib::Response& r) {
        bool was_empty;
        {
            std::lock_guard lock(ready_mutex_);
            was_empty = ready_.empty() && answers_.empty();
            answers_.emplace_back(c, std::move(r));
        }
        if (was_empty) wake();
    });
}

void Front::wake() {
    const uint64_t one = 1;
    (void)!::write(wake_fd_, &one, sizeof one);
}

// Answers the writer queued and connections with a buffered request, taken by one loop thread.
void Front::take_ready() {
    std::deque<std::pair<Conn*, httplib::Response>> answers;
    std::deque<Conn*> ready;
    {
        std::lock_guard lock(ready_mutex_);
        uint64_t count;
        (void)!::read(wake_fd_, &count, sizeof count);
        answers.swap(answers_);
        ready.swap(ready_);
    }
    for (auto& [c, res] : answers) answer(c, res);
    for (Conn* c : ready) dispatch(c);
}

void Front::answer(Conn* c, httplib::Response& res) {
    if (res.status == 429) c->close_after = true;   // also the per-key limit, found by the writer's caller
    respond(c, res);
    std::lock_guard lock(in_flight_mutex_);
    if (--in_flight_ == 0) in_flight_cv_.notify_all();
}

void Front::respond(Conn* c, httplib::Response& res) {
    c->out = wire_answer(res, c->close_after, limits_.idle_timeout_ms);
    c->out_pos = 0;
    flush(c);
}

void Front::flush(Conn* c) {
    while (c->out_pos < c->out.size()) {
        const ssize_t n = ::send(c->fd, c->out.data() + c->out_pos, c->out.size() - c->out_pos, MSG_NOSIGNAL);
        if (n > 0) {
            c->out_pos += static_cast<size_t>(n);
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            c->last_active_ms = now_ms();   // a client that stops reading is closed by the sweep
            c->partial = false;
            c->idle = true;
            epoll_event ev{};
            ev.events = EPOLLOUT | EPOLLONESHOT;
            ev.data.ptr = c;
            if (epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, c->fd, &ev) != 0) close_conn(c);
            return;
        } else {
            return close_conn(c);
        }
    }
    c->out.clear();
    c->out_pos = 0;
    finish(c);
}

void Front::finish(Conn* c) {
    ++c->served;
    if (c->close_after) return close_conn(c);
    next_request(c);
}

void Front::next_request(Conn* c) {
    if (c->pending().empty()) return wait_for_bytes(c);
    c->last_active_ms = now_ms();   // the next request's deadline counts from here
    // The next request is (partly) buffered already (pipelining): a loop thread takes it, not this
    // thread, which may be the writer or a route thread.
    {
        std::lock_guard lock(ready_mutex_);
        ready_.push_back(c);
    }
    wake();
}

void Front::wait_for_bytes(Conn* c) {
    c->partial = !c->pending().empty();
    if (!c->partial) c->last_active_ms = now_ms();   // idle from now; a partial request keeps its start
    c->idle = true;
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLONESHOT;
    ev.data.ptr = c;
    if (epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, c->fd, &ev) != 0) close_conn(c);
}

void Front::close_conn(Conn* c) {
    std::lock_guard lock(conns_mutex_);
    ::shutdown(c->fd, SHUT_RDWR);
    ::close(c->fd);   // also leaves the epoll set
    const auto a = addresses_.find(c->address);
    if (a != addresses_.end() && --a->second.conns == 0) addresses_.erase(a);   // its last: nothing routing
    conns_.erase(c);
}

void Front::serve_by_routes(Conn* c) {
    // The request's deadline counts from its first byte (last_active_ms while it was partial).
    ConnStream stream(*c, c->last_active_ms + limits_.request_timeout_ms, limits_.idle_timeout_ms);
    const bool last = c->served + 1 >= kKeepAliveMaxRequests;
    bool closed = false;
    const bool ok = routes_.serve_one(stream, last, closed);
    ++c->served;
    release_route_thread(c);
    if (!ok || closed || last || stopping_ || stream.answered_429() || stream.read_failed()) return close_conn(c);
    next_request(c);
}

// Closes connections waiting for bytes: idle for idle_timeout_ms since their last answer, or with a
// request that has not arrived whole within request_timeout_ms of its first byte.
void Front::sweep() {
    const int64_t now = now_ms();
    next_sweep_ms_ = now + 1000;
    std::lock_guard lock(conns_mutex_);
    for (auto& [c, owned] : conns_) {
        const int64_t limit = c->partial ? limits_.request_timeout_ms : limits_.idle_timeout_ms;
        if (c->idle && now - c->last_active_ms > limit) ::shutdown(c->fd, SHUT_RDWR);   // its event closes it
    }
}

}  // namespace yishi::server
