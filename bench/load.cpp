// load.cpp — yishi_load: a load generator in its own process against a real `yishi-server serve`.
//
// It prepares a fresh database (a committee, enrolment codes), starts the server binary as a child
// process on a free loopback port, enrolls one resident per connection and opens a consultation, then
// pre-signs every comment (signing is not measured). The measured phase runs one epoll loop in ONE
// thread over N keep-alive connections, each sending its next pre-formatted request as soon as the
// previous answer (201) arrives — a closed loop, so the server's throughput and latency are what is
// measured, not the client's. Printed: accepted submissions/s, p50/p99 latency, the raw single-core
// libsodium verify rate measured in this same run (before and after), the ratio, the CPU the server and
// this generator used during the measured phase (cores, and microseconds per request), and the load average.
// No thresholds (shared, noisy machines). Exit status non-zero if any request got another answer.
//
// Usage: yishi_load --server PATH [--connections N] [--per-connection M] [--db FILE] [--keep-db]
//                   [--server-arg ARG]...   extra arguments for `serve` (e.g. --rate-per-key 0)
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <sodium.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "admin.hpp"
#include "bench_envelopes.hpp"
#include "ledger.hpp"
#include "yishi/envelope.hpp"
#include "yishi/store.hpp"

using namespace yishi;
using clock_type = std::chrono::steady_clock;

using namespace yishi::bench;

namespace {

struct Options {
    std::string server;
    std::string db = "yishi_load.db";
    size_t connections = 32;
    size_t per_connection = 500;
    bool keep_db = false;
    std::vector<std::string> server_args;
};

std::string request_of(const std::string& wire) {
    return "POST /api/submit HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/octet-stream\r\n"
           "Content-Length: " + std::to_string(wire.size()) + "\r\n\r\n" + wire;
}

// The server as a child process; its first stdout line names the port.
struct Child { pid_t pid = -1; int port = 0; int out = -1; };

Child start_server(const Options& o) {
    int out[2];
    if (pipe(out) != 0) return {};
    // Rate limits off: the load comes from one address and a few keys (they are measured, not limited).
    std::vector<std::string> args{o.server, "serve", "--port", "0", "--db", o.db, "--web", "/nonexistent",
                                  "--rate-per-key", "0", "--rate-per-address", "0", "--read-rate-per-address", "0"};
    args.insert(args.end(), o.server_args.begin(), o.server_args.end());
    pid_t pid = fork();
    if (pid == 0) {
        dup2(out[1], 1);
        close(out[0]);
        std::vector<char*> argv;
        for (auto& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        execv(argv[0], argv.data());
        _exit(127);
    }
    close(out[1]);
    std::string line;
    char c;
    while (read(out[0], &c, 1) == 1 && c != '\n') line += c;
    // Keep draining the pipe in the background is unnecessary: the server prints one more line at exit.
    Child child{pid, 0, out[0]};
    auto at = line.find("http://127.0.0.1:");
    if (at != std::string::npos) child.port = std::atoi(line.c_str() + at + 17);
    if (child.port == 0) std::fprintf(stderr, "yishi_load: the server did not start: %s\n", line.c_str());
    return child;
}

int connect_to(int port) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<uint16_t>(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
        close(fd);
        return -1;
    }
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

// One keep-alive connection's state in the measured loop.
struct Conn {
    int fd = -1;
    std::vector<std::string> requests;
    size_t next = 0;                 // index of the request in flight / to send
    size_t sent = 0;                 // bytes of it written
    std::string in;                  // answer bytes so far
    clock_type::time_point t0;
};

// A whole HTTP answer at the front of `in`: its status and total length, or 0 if incomplete.
size_t parse_answer(const std::string& in, int& status) {
    auto end = in.find("\r\n\r\n");
    if (end == std::string::npos) return 0;
    status = std::atoi(in.c_str() + 9);   // "HTTP/1.1 201 ..."
    size_t length = 0;
    for (size_t p = in.find("\r\n"); p < end; p = in.find("\r\n", p + 2)) {
        if (strncasecmp(in.c_str() + p + 2, "Content-Length:", 15) == 0) length = std::strtoul(in.c_str() + p + 17, nullptr, 10);
    }
    return in.size() >= end + 4 + length ? end + 4 + length : 0;
}

// Blocking request on its own connection (setup phase).
bool post_blocking(int port, const std::string& wire, int want) {
    int fd = connect_to(port);
    if (fd < 0) return false;
    const std::string req = request_of(wire);
    if (write(fd, req.data(), req.size()) != static_cast<ssize_t>(req.size())) return close(fd), false;
    std::string in;
    char buf[8192];
    int status = 0;
    while (parse_answer(in, status) == 0) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n <= 0) break;
        in.append(buf, static_cast<size_t>(n));
    }
    close(fd);
    if (status != want) std::fprintf(stderr, "yishi_load: setup answer %d: %s\n", status, in.c_str());
    return status == want;
}

// CPU seconds (user + system) a process has used so far: /proc/PID/stat fields 14 and 15.
double process_cpu_seconds(pid_t pid) {
    std::ifstream f("/proc/" + std::to_string(pid) + "/stat");
    std::string text((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    auto close_paren = text.rfind(')');   // the name may hold spaces
    if (close_paren == std::string::npos) return 0;
    std::istringstream in(text.substr(close_paren + 2));
    std::string field;
    double ticks = 0;
    for (int i = 3; i <= 15 && in >> field; ++i)
        if (i >= 14) ticks += std::strtod(field.c_str(), nullptr);
    return ticks / static_cast<double>(sysconf(_SC_CLK_TCK));
}

double own_cpu_seconds() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
           static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

std::string load_average() {
    std::ifstream f("/proc/loadavg");
    std::string a, b, c;
    f >> a >> b >> c;
    return a + " " + b + " " + c;
}

int usage() {
    std::fprintf(stderr, "usage: yishi_load --server PATH [--connections N] [--per-connection M] [--db FILE] "
                         "[--keep-db] [--server-arg ARG]...\n");
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&]() -> const char* { return i + 1 < argc ? argv[++i] : nullptr; };
        const char* v = nullptr;
        if (a == "--keep-db") { o.keep_db = true; continue; }
        if (!(v = value())) return usage();
        if (a == "--server") o.server = v;
        else if (a == "--connections") o.connections = std::strtoul(v, nullptr, 10);
        else if (a == "--per-connection") o.per_connection = std::strtoul(v, nullptr, 10);
        else if (a == "--db") o.db = v;
        else if (a == "--server-arg") o.server_args.push_back(v);
        else return usage();
    }
    if (o.server.empty() || o.connections == 0 || o.per_connection == 0) return usage();
    if (!core::crypto_init()) return 1;
    signal(SIGPIPE, SIG_IGN);
    for (const char* s : {"", "-wal", "-shm"}) std::filesystem::remove(o.db + s);

    // Roles and codes straight into the fresh database, before the server opens it.
    auto committee = core::SigningKey::generate().value();
    std::vector<std::string> codes;
    {
        auto store = core::Store::open(o.db);
        if (!store) return std::fprintf(stderr, "yishi_load: cannot create %s\n", o.db.c_str()), 1;
        (void)server::add_role(store.value(), committee.public_key(), server::Role::Committee, kRegion, "load", 0);
        codes = server::issue_codes(store.value(), committee.public_key(), kRegion, o.connections, 1,
                                    server::system_clock_ms()).value();
    }
    core::ConsultationOpenPayload open{"load", "", core::VotingMethod::Plurality, 0, {{1, "a", 0}, {2, "b", 0}},
                                       {{core::Stage::Deliberate, 0}}, {}};
    std::vector<std::string> setup{wire_of(envelope(committee, 1, kConsultation, open), committee)};
    std::vector<Conn> conns(o.connections);
    for (size_t c = 0; c < o.connections; ++c) {
        auto k = core::SigningKey::generate().value();
        setup.push_back(wire_of(envelope(k, 1, 0, core::EnrollPayload{core::sha256(core::as_bytes(codes[c])), "r"}), k));
        for (size_t i = 0; i < o.per_connection; ++i)
            conns[c].requests.push_back(request_of(wire_of(
                envelope(k, i + 2, kConsultation,
                         core::CommentPayload{{}, core::Stance::Neutral, "第" + std::to_string(i) + "条意见：同意加装电梯。"}),
                k)));
    }

    Child child = start_server(o);
    if (child.port == 0) return 1;
    auto stop_child = [&] {
        kill(child.pid, SIGTERM);
        int st = 0;
        waitpid(child.pid, &st, 0);
        char b[4096];
        ssize_t n;
        while ((n = read(child.out, b, sizeof b)) > 0) std::fwrite(b, 1, static_cast<size_t>(n), stdout);   // its last words
    };
    for (const auto& w : setup)
        if (!post_blocking(child.port, w, 201)) return stop_child(), 1;

    double verify_cpu_before = 0, verify_cpu_after = 0;
    const double verify_before = verifies_per_second(1.0, &verify_cpu_before);
    const std::string load_before = load_average();
    int ep = epoll_create1(0);
    const auto connect_start = clock_type::now();
    for (size_t c = 0; c < conns.size(); ++c) {
        conns[c].fd = connect_to(child.port);
        if (conns[c].fd < 0) return std::fprintf(stderr, "yishi_load: connect failed\n"), stop_child(), 1;
        fcntl(conns[c].fd, F_SETFL, O_NONBLOCK);
        epoll_event ev{};
        ev.events = EPOLLIN;   // EPOLLOUT only while a request is half written: an idle writable socket
        ev.data.u64 = c;       // would make epoll_wait return at once, and this loop spin on the shared cores
        epoll_ctl(ep, EPOLL_CTL_ADD, conns[c].fd, &ev);
    }

    std::fprintf(stderr, "yishi_load: %zu connections opened in %.2f s\n", conns.size(),
                 std::chrono::duration<double>(clock_type::now() - connect_start).count());
    std::vector<double> latencies;
    latencies.reserve(o.connections * o.per_connection);
    size_t open_conns = conns.size();
    bool failed = false;
    std::vector<epoll_event> events(conns.size());
    char buf[16384];
    const double server_cpu_start = process_cpu_seconds(child.pid);
    const double own_cpu_start = own_cpu_seconds();
    // Write what the socket takes; watch for EPOLLOUT only while part of the request is left.
    auto send_rest = [&](size_t index) {
        Conn& c = conns[index];
        const std::string& req = c.requests[c.next];
        const bool was_partial = c.sent > 0 && c.sent < req.size();
        ssize_t w = write(c.fd, req.data() + c.sent, req.size() - c.sent);
        if (w > 0) c.sent += static_cast<size_t>(w);
        const bool partial = c.sent < req.size();
        if (partial != was_partial || (partial && c.sent == 0)) {
            epoll_event ev{};
            ev.events = partial ? (EPOLLIN | EPOLLOUT) : EPOLLIN;
            ev.data.u64 = index;
            epoll_ctl(ep, EPOLL_CTL_MOD, c.fd, &ev);
        }
    };
    const auto start = clock_type::now();
    for (size_t c = 0; c < conns.size(); ++c) {
        conns[c].t0 = start;
        send_rest(c);
    }
    while (open_conns > 0 && !failed) {
        int n = epoll_wait(ep, events.data(), static_cast<int>(events.size()), 10000);
        if (n <= 0) { std::fprintf(stderr, "yishi_load: no progress for 10 s\n"); failed = true; break; }
        for (int i = 0; i < n; ++i) {
            Conn& c = conns[events[i].data.u64];
            if (c.next >= c.requests.size()) continue;
            if ((events[i].events & EPOLLOUT) && c.sent < c.requests[c.next].size()) send_rest(events[i].data.u64);
            if (events[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) {
                ssize_t r;
                while ((r = read(c.fd, buf, sizeof buf)) > 0) c.in.append(buf, static_cast<size_t>(r));
                if (r == 0 && c.in.empty()) {
                    std::fprintf(stderr, "yishi_load: the server closed connection %zu after %zu answers (%s)\n",
                                 static_cast<size_t>(events[i].data.u64), c.next, r < 0 ? std::strerror(errno) : "eof");
                    failed = true;
                    break;
                }
                int status = 0;
                if (size_t len = parse_answer(c.in, status)) {
                    const auto now = clock_type::now();
                    if (status != 201) {
                        std::fprintf(stderr, "yishi_load: answer %d: %s\n", status, c.in.substr(0, len).c_str());
                        failed = true;
                        break;
                    }
                    latencies.push_back(std::chrono::duration<double, std::milli>(now - c.t0).count());
                    c.in.erase(0, len);
                    c.sent = 0;
                    c.t0 = now;
                    if (++c.next == c.requests.size()) {
                        --open_conns;
                        continue;
                    }
                    send_rest(events[i].data.u64);
                }
            }
        }
    }
    const double seconds = std::chrono::duration<double>(clock_type::now() - start).count();
    const double server_cpu = process_cpu_seconds(child.pid) - server_cpu_start;
    const double own_cpu = own_cpu_seconds() - own_cpu_start;
    const std::string load_after = load_average();
    for (Conn& c : conns) close(c.fd);
    stop_child();
    const double verify_after = verifies_per_second(1.0, &verify_cpu_after);
    if (!o.keep_db)
        for (const char* s : {"", "-wal", "-shm"}) std::filesystem::remove(o.db + s);
    if (failed || latencies.empty()) return 1;

    std::sort(latencies.begin(), latencies.end());
    const double rate = static_cast<double>(latencies.size()) / seconds;
    const double verify = (verify_before + verify_after) / 2;
    std::printf("yishi_load: %zu connections x %zu comments, separate server process, loopback, keep-alive\n",
                o.connections, o.per_connection);
    std::printf("accepted %.0f submissions/s (%zu in %.2f s)\n", rate, latencies.size(), seconds);
    std::printf("latency p50 %.2f ms, p99 %.2f ms\n", latencies[latencies.size() / 2],
                latencies[latencies.size() * 99 / 100]);
    std::printf("raw Ed25519 verify, one core: %.0f /s (before %.0f, after %.0f)\n", verify, verify_before, verify_after);
    std::printf("  per CPU-second it got: %.0f /s (%.0f us of CPU per verify)\n", (verify_cpu_before + verify_cpu_after) / 2,
                2e6 / (verify_cpu_before + verify_cpu_after));
    std::printf("ratio accepted/s : verify/s = %.3f\n", rate / verify);
    std::printf("CPU during the measured phase: server %.2f cores (%.0f us per accepted), this generator %.2f cores "
                "(%.0f us per request)\n", server_cpu / seconds, 1e6 * server_cpu / static_cast<double>(latencies.size()),
                own_cpu / seconds, 1e6 * own_cpu / static_cast<double>(latencies.size()));
    // The ratio above compares a many-threaded server with a one-thread verify loop; on a loaded machine
    // the scheduler gives them different shares. In CPU terms, independent of that share:
    const double verify_cpu_us = 2e6 / (verify_cpu_before + verify_cpu_after);
    const double cost = 1e6 * (server_cpu + own_cpu) / static_cast<double>(latencies.size());
    std::printf("CPU per accepted submission (server + generator) = %.2f verifies; with %u idle cores: at most "
                "%.0f /s, ratio %.3f\n", cost / verify_cpu_us, std::thread::hardware_concurrency(),
                std::thread::hardware_concurrency() * 1e6 / cost,
                std::thread::hardware_concurrency() * verify_cpu_us / cost);
    std::printf("load average before %s, after %s (%u cores)\n", load_before.c_str(), load_after.c_str(),
                std::thread::hardware_concurrency());
    return 0;
}
