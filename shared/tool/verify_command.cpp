// verify_command.cpp — `yishi verify BUNDLE`: recheck a consultation export offline.
//
// Reads the JSON bundle of GET /api/consultations/{id}/export.json (docs/api.md, "Exports") and
// checks, with nothing but the bundle and its log key: the checkpoint's signature; for the opening
// envelope and every ballot, the author's signature, the leaf hash and the inclusion proof into that
// checkpoint (verify_receipt); that the ballots are votes of this consultation from distinct ballot
// keys; that the published per-option totals equal option_totals() recomputed from the ballots; and that
// the published full tally equals tally_consultation() + tally_json() recomputed from them.
// Compare the bundle's checkpoint with one you obtained yourself (GET /api/tree-head, a witness) to
// know it is the log everyone sees. Exit 0 verified, 1 bad arguments or unreadable file, 2 a check failed.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <set>
#include <string>

#include "commands.hpp"
#include "tally_json.hpp"
#include "yishi/consultation_tally.hpp"
#include "yishi/receipt.hpp"

namespace yishi::tool {
namespace {

using namespace yishi::core;
using nlohmann::json;

struct Failure { std::string what; };

template <size_t N> std::array<uint8_t, N> hex_array(const json& j) {
    auto b = from_hex(j.get<std::string>());
    if (!b || b->size() != N) throw Failure{"a hash or key is not " + std::to_string(2 * N) + " hex digits"};
    std::array<uint8_t, N> out{};
    std::copy(b->begin(), b->end(), out.begin());
    return out;
}

// verify_receipt on one logged envelope of the bundle; returns the decoded envelope.
SignedEnvelope check_logged(const json& l, const std::string& checkpoint, const std::string& origin,
                            const PublicKey& key, const char* what) {
    auto wire = from_hex(l.at("wire").get<std::string>());
    if (!wire) throw Failure{std::string(what) + ": wire is not hex"};
    Receipt r;
    r.log_index = l.at("log_index");
    r.leaf_hash = hex_array<kHashSize>(l.at("leaf_hash"));
    for (const auto& h : l.at("inclusion_proof")) r.inclusion_proof.push_back(hex_array<kHashSize>(h));
    r.checkpoint = checkpoint;
    auto cp = verify_receipt(wire.value(), r, origin, key);
    if (!cp) throw Failure{std::string(what) + " at log index " + std::to_string(r.log_index) + ": " +
                           std::string(error_code(cp.error()))};
    return decode_signed_envelope(wire.value()).value();
}

int verify_bundle(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    if (!f) {
        std::fprintf(stderr, "yishi verify: cannot read %s\n", path.c_str());
        return 1;
    }
    if (!crypto_init()) return 1;
    try {
        const json b = json::parse(std::string(std::istreambuf_iterator<char>(f), {}));
        if (b.at("format") != "yishi-export-v1") throw Failure{"not a yishi-export-v1 bundle"};
        const std::string origin = b.at("origin"), checkpoint = b.at("checkpoint");
        const PublicKey key = hex_array<kPublicKeySize>(b.at("log_key"));
        const uint64_t consultation = b.at("consultation");
        auto cp = open_checkpoint(checkpoint, origin, key);
        if (!cp) throw Failure{"checkpoint: " + std::string(error_code(cp.error()))};

        const SignedEnvelope open = check_logged(b.at("open"), checkpoint, origin, key, "opening envelope");
        const auto* payload = std::get_if<ConsultationOpenPayload>(&open.envelope.payload);
        if (!payload || open.envelope.scope.consultation_id != consultation)
            throw Failure{"the opening envelope is not consultation_open of this consultation"};
        std::vector<VotePayload> votes;
        std::set<PublicKey> keys;
        for (const auto& l : b.at("ballots")) {
            const SignedEnvelope s = check_logged(l, checkpoint, origin, key, "ballot");
            const auto* v = std::get_if<VotePayload>(&s.envelope.payload);
            if (!v || s.envelope.scope.consultation_id != consultation) throw Failure{"a ballot is not a vote here"};
            if (!keys.insert(s.envelope.author).second) throw Failure{"two ballots from one ballot key"};
            votes.push_back(*v);
        }
        const BallotRules rules{payload->method, payload->method_param, payload->options};
        const auto totals = option_totals(rules, votes);
        const json& published = b.at("totals");
        if (published.size() != totals.size()) throw Failure{"totals list the wrong number of options"};
        json out = json::array();
        for (size_t i = 0; i < totals.size(); ++i) {
            if (published[i].at("option_id") != rules.options[i].option_id || published[i].at("total") != totals[i])
                throw Failure{"the total of option " + std::to_string(rules.options[i].option_id) +
                              " is not what the ballots give (" + std::to_string(totals[i]) + ")"};
            out.push_back({{"option_id", rules.options[i].option_id}, {"label", rules.options[i].label},
                           {"total", totals[i]}});
        }
        // The full tally of the method (winner, ranking, rounds / matrices / funding ...), recomputed.
        auto tally = tally_consultation(*payload, votes, 0);
        if (!tally) throw Failure{"the ballots cannot be counted: " + std::string(error_code(tally.error()))};
        const json recomputed = tally_json(tally.value());
        if (!b.contains("tally")) throw Failure{"the bundle carries no tally"};
        if (b.at("tally") != recomputed) throw Failure{"the published tally is not what the ballots give"};
        std::printf("%s\n", json{{"verified", true}, {"consultation", consultation}, {"ballots", votes.size()},
                                 {"checkpoint_size", cp->size}, {"totals", out},
                                 {"winner", recomputed.at("winner")}, {"tally", recomputed}}.dump().c_str());
        return 0;
    } catch (const Failure& e) {
        std::fprintf(stderr, "yishi verify: FAILED: %s\n", e.what.c_str());
        return 2;
    } catch (const json::exception& e) {
        std::fprintf(stderr, "yishi verify: FAILED: malformed bundle: %s\n", e.what());
        return 2;
    }
}

}  // namespace

void add_verify_command(CLI::App& app, int& exit_code) {
    auto* cmd = app.add_subcommand("verify", "recheck a consultation export bundle (JSON) offline");
    auto path = std::make_shared<std::string>();
    cmd->add_option("bundle", *path, "the file saved from /api/consultations/{id}/export.json")->required();
    cmd->callback([&exit_code, path] { exit_code = verify_bundle(*path); });
}

}  // namespace yishi::tool
