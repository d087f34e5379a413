// verify_command.cpp — `yishi verify BUNDLE --log-key HEX|--log-key-file F [--log DIR]`: recheck a
// consultation export against a log key you chose to trust, and, given a mirror, against the whole log.
//
// Reads the JSON bundle of GET /api/consultations/{id}/export.json (docs/api.md, "Exports"). Without a
// trusted key a bundle proves nothing (anyone can make a log and sign its own bundle), so the key is
// required: 64 hex digits, or a file holding "<origin> <hex>" (a mirror's log-key, see log_mirror.hpp)
// or just the hex. It is printed, and a bundle naming another key or origin is refused. Then
// core::check_bundle (shared/json/export_check.hpp, also run by the committee's browser): checkpoint
// signature; signatures, leaf hashes and inclusion proofs of the opening, every ballot and the close;
// distinct ballot keys; totals, outcome and full tally recounted; the close's tally_hash. The bundle's
// `stage` must agree with its close (closed = 5 exactly when the close is there).
// With --log DIR (a mirror kept by `yishi audit`), completeness: the tiles must give the bundle's
// checkpoint root at its size, the bundle's ballots must be exactly the counted ballots the log holds
// at that size (a dropped ballot fails even with recomputed totals), and the log's close and advances
// must match the bundle's close and stage.
// With --witness-key (one or more witness verifier keys), the bundle's checkpoint must also carry a valid
// cosignature by one of them (witness.hpp): "not witnessed: …" or "bad cosignature: …" otherwise.
// Exit 0 verified, 1 bad arguments or unreadable file, 2 a check failed.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <set>
#include <string>

#include "commands.hpp"
#include "export_check.hpp"
#include "log_mirror.hpp"
#include "yishi/envelope.hpp"

namespace yishi::tool {
namespace {

using namespace yishi::core;
using nlohmann::json;

struct VerifyOptions { std::string bundle, log_key, log_key_file, log_dir; std::vector<std::string> witness_keys; };

// The trusted key (hex) and, from a file, its origin; empty key with `error` set when unusable.
std::string trusted_key(const VerifyOptions& o, std::string& origin, std::string& error) {
    std::string text = o.log_key;
    if (!o.log_key_file.empty()) {
        std::ifstream f(o.log_key_file, std::ios::binary);
        if (!f) {
            error = "cannot read " + o.log_key_file;
            return {};
        }
        text.assign(std::istreambuf_iterator<char>(f), {});
        while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) text.pop_back();
        if (const size_t sp = text.find(' '); sp != std::string::npos) {
            origin = text.substr(0, sp);
            text = text.substr(sp + 1);
        }
    }
    auto k = from_hex(text);
    if (text.empty() || !k || k->size() != kPublicKeySize) {
        error = "give the log key you trust: --log-key HEX (64 hex digits, GET /api/log-key from a source you "
                "trust) or --log-key-file FILE (\"<origin> <hex>\", e.g. a mirror's log-key)";
        return {};
    }
    return text;
}

// The bundle against the mirrored log at the bundle's checkpoint size; empty if they agree.
std::string check_against_log(const VerifyOptions& o, const json& b, const BundleCheck& c, const std::string& key_hex) {
    MirrorResult m = sync_and_check(o.log_dir, "", key_hex, c.checkpoint_size);
    if (!m.problems.empty()) return "the mirror " + o.log_dir + ": " + m.problems.front();
    const std::string root_b64 = [&] {
        const std::string cp = b["checkpoint"].get<std::string>();
        const size_t a = cp.find('\n'), bb = cp.find('\n', a + 1), e = cp.find('\n', bb + 1);
        return cp.substr(bb + 1, e - bb - 1);
    }();
    auto root = from_base64(root_b64);
    if (!root || !std::equal(root->begin(), root->end(), m.root_at.begin()))
        return "the bundle's checkpoint (size " + std::to_string(c.checkpoint_size) +
               ") is not the log's head at that size: another log, or a fork";
    const Recount rc = m.audit.recount(c.consultation);
    if (!rc.failure.empty()) return rc.failure;
    std::set<uint64_t> in_bundle;
    for (const auto& x : b["ballots"]) in_bundle.insert(x["log_index"].get<uint64_t>());
    const std::set<uint64_t> in_log(rc.ballot_indices.begin(), rc.ballot_indices.end());
    for (uint64_t i : in_log)
        if (!in_bundle.count(i))
            return "incomplete: the log's counted ballot at index " + std::to_string(i) + " is missing from the bundle (" +
                   std::to_string(in_log.size()) + " in the log, " + std::to_string(in_bundle.size()) + " in the bundle)";
    for (uint64_t i : in_bundle)
        if (!in_log.count(i)) return "the bundle's ballot at index " + std::to_string(i) + " is not a counted ballot in the log";
    const auto& cl = m.audit.consultations().at(c.consultation);
    const int stage = b.value("stage", 0);
    if (cl.close_index && !c.closed) return "the log holds this consultation's close (index " + std::to_string(*cl.close_index) +
                                            ") but the bundle leaves it out";
    if (cl.advanced > stage) return "the bundle says stage " + std::to_string(stage) + " but the log's committee advanced it to " +
                                    std::to_string(cl.advanced);
    return {};
}

int verify_bundle(const VerifyOptions& o) {
    std::string origin, error;
    const std::string key_hex = trusted_key(o, origin, error);
    if (key_hex.empty()) {
        std::fprintf(stderr, "yishi verify: %s\n", error.c_str());
        return 1;
    }
    std::fprintf(stderr, "yishi verify: trusting log key %s%s%s\n", key_hex.c_str(), origin.empty() ? "" : " of ",
                 origin.c_str());
    std::vector<WitnessKey> witnesses;
    if (!parse_witness_keys(o.witness_keys, witnesses, error)) {
        std::fprintf(stderr, "yishi verify: %s\n", error.c_str());
        return 1;
    }
    for (const auto& w : o.witness_keys) std::fprintf(stderr, "yishi verify: trusting witness %s\n", w.c_str());
    std::ifstream f(o.bundle, std::ios::binary);
    if (!f) {
        std::fprintf(stderr, "yishi verify: cannot read %s\n", o.bundle.c_str());
        return 1;
    }
    if (!crypto_init()) return 1;
    const json b = json::parse(std::string(std::istreambuf_iterator<char>(f), {}), nullptr, false);
    BundleCheck c;
    if (b.is_discarded()) c.failure = "malformed bundle: not JSON";
    else c = check_bundle(b);
    if (c.failure.empty() && b.value("log_key", std::string()) != key_hex)
        c.failure = "the bundle is from another log: signed by key " + b.value("log_key", std::string("(none)")) +
                    ", not the trusted " + key_hex;
    if (c.failure.empty() && !origin.empty() && b.value("origin", std::string()) != origin)
        c.failure = "the bundle is from another log: origin " + b.value("origin", std::string()) + ", not " + origin;
    if (c.failure.empty()) {
        const json* stage = b.contains("stage") ? &b["stage"] : nullptr;
        const int s = stage && stage->is_number_unsigned() ? stage->get<int>() : 0;
        if (s < 1 || s > 5) c.failure = "malformed bundle: no valid \"stage\" field";
        else if ((s == static_cast<int>(Stage::Closed)) != c.closed)
            c.failure = c.closed ? "the bundle carries a close but says stage " + std::to_string(s)
                                 : "the bundle says the consultation is closed (stage 5) but carries no close";
    }
    if (c.failure.empty()) c.failure = witness_failure(b.value("checkpoint", std::string()), witnesses);
    if (c.failure.empty() && !o.log_dir.empty()) c.failure = check_against_log(o, b, c, key_hex);
    if (!c.failure.empty()) {
        std::fprintf(stderr, "yishi verify: FAILED: %s\n", c.failure.c_str());
        return 2;
    }
    std::printf("%s\n", json{{"verified", true}, {"log_key", key_hex}, {"complete", !o.log_dir.empty()},
                             {"consultation", c.consultation}, {"ballots", c.ballots},
                             {"checkpoint_size", c.checkpoint_size}, {"totals", c.totals}, {"outcome", c.outcome},
                             {"winner", c.tally.at("winner")}, {"tally", c.tally},
                             {"tally_hash", to_hex(c.tally_hash)}, {"closed", c.closed},
                             {"witnessed", !witnesses.empty()}}.dump().c_str());
    return 0;
}

}  // namespace

void add_verify_command(CLI::App& app, int& exit_code) {
    auto* cmd = app.add_subcommand("verify", "recheck a consultation export bundle (JSON) against a trusted log key");
    auto o = std::make_shared<VerifyOptions>();
    cmd->add_option("bundle", o->bundle, "the file saved from /api/consultations/{id}/export.json")->required();
    cmd->add_option("--log-key", o->log_key, "the log's public key you trust, 64 hex digits");
    cmd->add_option("--log-key-file", o->log_key_file, "a file with \"<origin> <hex key>\" or the hex key (a mirror's log-key)");
    cmd->add_option("--witness-key", o->witness_keys,
                    "a witness verifier key you trust (repeatable): the checkpoint must carry a valid cosignature by one");
    cmd->add_option("--log", o->log_dir, "a mirror kept by `yishi audit`: also prove the bundle complete against the log");
    cmd->callback([&exit_code, o] { exit_code = verify_bundle(*o); });
}

}  // namespace yishi::tool
