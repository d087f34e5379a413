// audit_command.cpp — `yishi audit URL --dir DIR`: mirror a Yishi log and check all of it (docs/audit.md).
//
// Syncs the mirror (log_mirror.hpp: pinned log key, every checkpoint seen, tiles, envelope bundles),
// checks every entry's canonical encoding, signature and leaf hash, that the tiles hash to the signed
// root and that every checkpoint seen before is a prefix of this one, then recounts every consultation
// from the ballots in the log with the shared tally code and compares: the committee's close
// (tally_hash), and the published export (its ballots both ways, and its tally).
// With --witness-key, the served checkpoint must carry a valid cosignature by one of those witnesses
// (else LOG INVALID, exit 2: "not witnessed" or "bad cosignature").
// Exit codes: 0 everything agrees; 1 bad arguments, network or disk; 2 the log itself is bad (key,
// checkpoint signature, tiles, fork, an entry); 3 the log is sound but a published result or export
// disagrees with it. `--bench` adds entries/s of the check beside raw native verifies/s of this run.
#include <CLI/CLI.hpp>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <set>

#include "commands.hpp"
#include "log_mirror.hpp"
#include "tally_json.hpp"

namespace yishi::tool {
namespace {

using namespace yishi::core;
using nlohmann::json;

struct AuditOptions { std::string url, dir, log_key; std::vector<std::string> witness_keys; bool bench = false; };

// The published export of one consultation against its recount; appends disagreements.
void compare_export(httplib::Client& net, const Recount& rc, uint64_t log_size, std::vector<std::string>& out) {
    const std::string c = "consultation " + std::to_string(rc.consultation);
    auto res = net.Get("/api/consultations/" + std::to_string(rc.consultation) + "/export.json");
    if (!res) {
        out.push_back(c + ": cannot fetch its export");
        return;
    }
    if (res->status != 200) return;   // results not published yet (results_hidden): nothing to compare
    const json x = json::parse(res->body, nullptr, false);
    if (!x.is_object() || !x.contains("ballots") || !x["ballots"].is_array()) {
        out.push_back(c + ": the export is not a yishi-export-v1 bundle");
        return;
    }
    std::set<uint64_t> exported;
    for (const auto& b : x["ballots"])
        if (b.contains("log_index") && b["log_index"].is_number_unsigned()) exported.insert(b["log_index"].get<uint64_t>());
    const std::set<uint64_t> logged(rc.ballot_indices.begin(), rc.ballot_indices.end());
    size_t missing = 0, extra = 0;
    std::string first_missing, first_extra;
    for (uint64_t i : logged)
        if (!exported.count(i) && !missing++) first_missing = std::to_string(i);
    for (uint64_t i : exported)
        if (i < log_size && !logged.count(i) && !extra++) first_extra = std::to_string(i);
    if (missing)
        out.push_back(c + ": " + std::to_string(missing) + " ballot(s) in the log are missing from the export (first at log index " +
                      first_missing + ")");
    if (extra)
        out.push_back(c + ": " + std::to_string(extra) + " export ballot(s) are not counted ballots in the log (first at log index " +
                      first_extra + ")");
    if (!missing && !extra && x.contains("tally") && canonical_json(x["tally"]) != canonical_json(rc.tally))
        out.push_back(c + ": the export's published tally is not the recount of the log's ballots");
}

int run_audit(const AuditOptions& o) {
    if (!crypto_init()) return 1;
    std::vector<WitnessKey> witnesses;
    std::string error;
    if (!parse_witness_keys(o.witness_keys, witnesses, error)) {
        std::fprintf(stderr, "yishi audit: %s\n", error.c_str());
        return 1;
    }
    MirrorResult m = sync_and_check(o.dir, o.url, o.log_key);
    if (m.exit_code != 1 && !m.note.empty())
        if (auto why = witness_failure(m.note, witnesses); !why.empty()) {
            m.problems.push_back(why);
            m.exit_code = 2;
        }
    for (const auto& p : m.problems) std::fprintf(stderr, "yishi audit: LOG INVALID: %s\n", p.c_str());
    if (m.exit_code == 1) return 1;
    std::printf("log %s key %s: %llu entries, checkpoint root %s\n", m.origin.c_str(), to_hex(m.key).c_str(),
                static_cast<unsigned long long>(m.checkpoint.size), to_hex(m.checkpoint.root).c_str());
    if (m.exit_code == 2) return 2;
    // A withheld entry is either explained by a logged moderate hide still in effect, or (its kind is not
    // public) a ballot-key binding, withheld by design.
    const uint64_t unexplained = m.audit.unexplained_withheld().size();
    std::printf("every entry checked (%llu with bytes withheld: %llu hidden by a logged moderate, %llu ballot-key "
                "bindings or otherwise unexplained)\n",
                static_cast<unsigned long long>(m.audit.withheld()),
                static_cast<unsigned long long>(m.audit.withheld() - unexplained),
                static_cast<unsigned long long>(unexplained));

    httplib::Client net(o.url);
    net.set_read_timeout(60);
    std::vector<std::string> disagree;
    for (const auto& [id, c] : m.audit.consultations()) {
        const Recount rc = m.audit.recount(id);
        if (!rc.failure.empty()) {
            disagree.push_back("consultation " + std::to_string(id) + ": " + rc.failure);
            continue;
        }
        if (!rc.close_agrees)
            disagree.push_back("consultation " + std::to_string(id) + ": the committee's close (log index " +
                               std::to_string(*rc.close_index) + ") states another count than the log's ballots give (" +
                               to_hex(rc.tally_hash) + ")");
        compare_export(net, rc, m.checkpoint.size, disagree);
        std::printf("consultation %llu: %zu ballots, winner %s, tally_hash %s%s\n", static_cast<unsigned long long>(id),
                    rc.ballot_indices.size(), rc.tally["winner"].dump().c_str(), to_hex(rc.tally_hash).c_str(),
                    rc.close_index ? " (closed)" : "");
    }
    if (o.bench) {
        const double per_s = m.check_seconds > 0 ? double(m.checkpoint.size) / m.check_seconds : 0;
        const double raw = native_verifies_per_second(2000);
        std::printf("bench: audit checked %.0f entries/s; raw native verify %.0f/s in this run (ratio %.2f)\n", per_s,
                    raw, raw > 0 ? per_s / raw : 0);
    }
    for (const auto& d : disagree) std::fprintf(stderr, "yishi audit: DISAGREES: %s\n", d.c_str());
    if (!disagree.empty()) return 3;
    std::printf("audit: the log, every close and every published export agree\n");
    return 0;
}

}  // namespace

void add_audit_command(CLI::App& app, int& exit_code) {
    auto* cmd = app.add_subcommand("audit", "mirror a Yishi log into a directory, check every entry and recount every consultation");
    auto o = std::make_shared<AuditOptions>();
    cmd->add_option("url", o->url, "the portal, e.g. https://yishi.example.cn")->required();
    cmd->add_option("--dir", o->dir, "the mirror directory (created; reused to resume and to detect forks)")->required();
    cmd->add_option("--log-key", o->log_key, "the log's public key, 64 hex digits (default: pinned on first audit)");
    cmd->add_option("--witness-key", o->witness_keys,
                    "a witness verifier key you trust (repeatable): the served checkpoint must carry its valid cosignature");
    cmd->add_flag("--bench", o->bench, "print entries/s of the check beside raw native verifies/s");
    cmd->callback([&exit_code, o] { exit_code = run_audit(*o); });
}

}  // namespace yishi::tool
