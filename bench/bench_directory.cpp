// bench_directory.cpp — directory search latency over a city-size directory (21,000 organisations).
//
// Prints p50/p95 per query length (1, 2, 4 characters) for DirectoryIndex::search, and beside it
// the baseline measured in the same run on the same data: SQLite `name LIKE '%q%'` over the same
// rows (what a plain SQL search would do, FTS5 trigram cannot serve 1-2 character queries).
// Built natively and to wasm (run under node); compare the two outputs for the wasm/native ratio.
// The last row times credit-code queries (prefixes of 6, 10 and 18 characters of real codes).
// `--emit-queries` prints the query set instead ("<kind>\t<query>" per line, kind 1, 2, 4 or code), so
// bench/bench_web_directory.mjs can time the very same queries inside chromium.
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "yishi/directory.hpp"
#include "yishi/utf8.hpp"
#include "yishi/directory_store.hpp"
#include "yishi/org_synth.hpp"

using namespace yishi::core;
using Clock = std::chrono::steady_clock;

namespace {

constexpr size_t kOrgs = 21000;
constexpr int kQueriesPerLength = 300;

// Query strings cut from names (so they hit), walking the directory with a fixed stride.
std::vector<std::string> queries_of_length(const std::vector<Org>& orgs, size_t len) {
    std::vector<std::string> out;
    for (size_t i = 0; out.size() < kQueriesPerLength; i += 7919) {
        const std::string& name = orgs[i % orgs.size()].name;
        // Names are CJK (3 bytes per character) apart from the odd ASCII digit; cut on characters.
        std::u32string cps = to_code_points(name);
        if (cps.size() < len) continue;
        size_t start = (i / 7) % (cps.size() - len + 1), byte = 0, k = 0;
        for (; k < start; ++k) byte += cps[k] < 0x80 ? 1 : cps[k] < 0x800 ? 2 : cps[k] < 0x10000 ? 3 : 4;
        size_t bytes = 0;
        for (size_t j = start; j < start + len; ++j) bytes += cps[j] < 0x80 ? 1 : cps[j] < 0x800 ? 2 : cps[j] < 0x10000 ? 3 : 4;
        out.push_back(name.substr(byte, bytes));
    }
    return out;
}

// Credit-code queries: prefixes of 6, 10 and 18 characters of the codes of organisations that have one.
std::vector<std::string> code_queries(const std::vector<Org>& orgs) {
    static constexpr size_t kLengths[] = {6, 10, 18};
    std::vector<std::string> out;
    for (size_t i = 0; out.size() < kQueriesPerLength; i += 7919) {
        const std::string& code = orgs[i % orgs.size()].credit_code;
        if (code.size() < 18) continue;
        out.push_back(code.substr(0, kLengths[out.size() % 3]));
    }
    return out;
}

struct Percentiles { double p50, p95; };

template <class F>
Percentiles time_each(const std::vector<std::string>& qs, F&& run) {
    std::vector<double> us;
    for (const auto& q : qs) {
        auto t0 = Clock::now();
        run(q);
        us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
    }
    std::sort(us.begin(), us.end());
    return {us[us.size() / 2], us[us.size() * 95 / 100]};
}

}  // namespace

int main(int argc, char** argv) {
    const bool emit = argc > 1 && std::string(argv[1]) == "--emit-queries";
#ifdef __EMSCRIPTEN__
    const char* where = "wasm";
#else
    const char* where = "native";
#endif
    auto orgs = synth_orgs(kOrgs, 2016);
    for (size_t i = 0; i < orgs.size(); ++i) orgs[i].id = static_cast<int64_t>(i + 1);

    if (emit) {
        for (size_t len : {1, 2, 4})
            for (const auto& q : queries_of_length(orgs, len)) std::printf("%zu\t%s\n", len, q.c_str());
        for (const auto& q : code_queries(orgs)) std::printf("code\t%s\n", q.c_str());
        return 0;
    }
    auto t0 = Clock::now();
    DirectoryIndex index;
    index.build(orgs);
    const double build_ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();

    // Baseline: the same names in an in-memory SQLite table, searched with LIKE.
    sqlite3* db = nullptr;
    sqlite3_open(":memory:", &db);
    sqlite3_exec(db, "CREATE TABLE orgs(id INTEGER PRIMARY KEY, name TEXT, credit_code TEXT); BEGIN;", nullptr, nullptr, nullptr);
    sqlite3_stmt* ins = nullptr;
    sqlite3_prepare_v2(db, "INSERT INTO orgs(id, name, credit_code) VALUES (?, ?, ?)", -1, &ins, nullptr);
    for (const Org& o : orgs) {
        sqlite3_bind_int64(ins, 1, o.id);
        sqlite3_bind_text(ins, 2, o.name.c_str(), -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 3, o.credit_code.c_str(), -1, SQLITE_STATIC);
        sqlite3_step(ins);
        sqlite3_reset(ins);
    }
    sqlite3_finalize(ins);
    sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
    sqlite3_stmt* name_like = nullptr;
    sqlite3_prepare_v2(db, "SELECT id FROM orgs WHERE name LIKE '%' || ?1 || '%' LIMIT 20", -1, &name_like, nullptr);
    sqlite3_stmt* code_like = nullptr;   // credit codes match by prefix
    sqlite3_prepare_v2(db, "SELECT id FROM orgs WHERE credit_code LIKE ?1 || '%' LIMIT 20", -1, &code_like, nullptr);

    std::printf("directory search, %zu organisations, %s (index built in %.1f ms)\n", orgs.size(), where, build_ms);
    std::printf("%-7s %12s %12s %14s %14s %10s\n", "chars", "index p50us", "index p95us", "LIKE p50us", "LIKE p95us",
                "p95 ratio");
    for (size_t len : {1, 2, 4, 0}) {  // 0: credit codes
        auto qs = len ? queries_of_length(orgs, len) : code_queries(orgs);
        size_t sink = 0;
        sqlite3_stmt* like = len ? name_like : code_like;
        Percentiles idx = time_each(qs, [&](const std::string& q) {
            OrgQuery query;
            query.q = q;
            sink += index.search(query).total;
        });
        Percentiles base = time_each(qs, [&](const std::string& q) {
            sqlite3_bind_text(like, 1, q.c_str(), -1, SQLITE_STATIC);
            while (sqlite3_step(like) == SQLITE_ROW) ++sink;
            sqlite3_reset(like);
        });
        const std::string kind = len ? std::to_string(len) : "code";
        std::printf("%-7s %12.1f %12.1f %14.1f %14.1f %9.1fx   (hits %zu)\n", kind.c_str(), idx.p50, idx.p95, base.p50,
                    base.p95, base.p95 / idx.p95, sink);
    }
    sqlite3_finalize(name_like);
    sqlite3_finalize(code_like);
    sqlite3_close(db);
    return 0;
}
