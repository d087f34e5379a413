// main.cpp — yishi-server's command line: `yishi-server [serve] --host --port --db --web`.
//
// Exit codes: 0 clean shutdown (SIGINT/SIGTERM), 1 start-up failure with a message on stderr,
// 2 bad command line. Operator subcommands (init, add committee, export, ...) will sit beside serve.
#include <CLI/CLI.hpp>
#include <httplib.h>
#include <pthread.h>
#include <signal.h>

#include <cstdio>
#include <filesystem>
#include <thread>

#include "routes.hpp"
#include "yishi/crypto.hpp"

namespace fs = std::filesystem;
using namespace yishi;

namespace {

struct ServeOptions {
    std::string host = "127.0.0.1";
    int port = 8080;
    std::string db = "data/yishi.db";
    std::string web = YISHI_DEFAULT_WEB_DIR;
};

int serve(const ServeOptions& opt) {
    if (!core::crypto_init()) {
        std::fprintf(stderr, "yishi-server: libsodium failed to initialise\n");
        return 1;
    }
    const fs::path db_path(opt.db);
    if (db_path.has_parent_path()) {
        std::error_code ec;
        fs::create_directories(db_path.parent_path(), ec);
    }
    auto store = core::Store::open(opt.db);
    if (!store) {
        std::fprintf(stderr, "yishi-server: cannot open database %s: %s\n", opt.db.c_str(),
                     std::string(core::error_message(store.error())).c_str());
        return 1;
    }
    if (!fs::exists(fs::path(opt.web) / "index.html"))
        std::fprintf(stderr, "yishi-server: warning: %s/index.html is missing; build the web app (scripts/build.sh) "
                     "or pass --web\n", opt.web.c_str());

    server::ServerContext ctx{std::move(store.value()), {}, opt.web};
    httplib::Server http;
    server::install_routes(http, ctx);

    // Signals are taken by one thread (sigwait), which stops the server; handlers stay trivial.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);  // before any thread starts: all inherit it

    const int port = opt.port == 0 ? http.bind_to_any_port(opt.host) : (http.bind_to_port(opt.host, opt.port) ? opt.port : -1);
    if (port <= 0) {
        std::fprintf(stderr, "yishi-server: cannot listen on %s:%d (in use, or not an address of this machine)\n",
                     opt.host.c_str(), opt.port);
        return 1;
    }
    std::thread signal_thread([&] {
        int sig = 0;
        sigwait(&stop_signals, &sig);
        http.stop();
    });
    std::printf("yishi-server %s listening on http://%s:%d (db %s, web %s)\n", YISHI_VERSION, opt.host.c_str(), port,
                opt.db.c_str(), opt.web.c_str());
    std::fflush(stdout);

    const bool ok = http.listen_after_bind();
    kill(getpid(), SIGTERM);  // wake the signal thread if the server stopped on its own
    signal_thread.join();
    std::printf("yishi-server: stopped\n");
    return ok ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"yishi-server — the Yishi (议事) community consultation portal server"};
    app.fallthrough();  // `yishi-server serve --port 1` and `yishi-server --port 1` mean the same
    ServeOptions opt;
    app.add_option("--host", opt.host, "address to listen on")->capture_default_str();
    app.add_option("--port", opt.port, "TCP port; 0 picks a free one and prints it")
        ->check(CLI::Range(0, 65535))->capture_default_str();
    app.add_option("--db", opt.db, "SQLite database file (created if missing)")->capture_default_str();
    app.add_option("--web", opt.web, "directory of the built web app")->capture_default_str();
    app.add_subcommand("serve", "serve the portal and the API (the default)");
    CLI11_PARSE(app, argc, argv);
    return serve(opt);
}
