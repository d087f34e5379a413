// verify_command.cpp — `yishi verify BUNDLE`: recheck a consultation export offline.
//
// Reads the JSON bundle of GET /api/consultations/{id}/export.json (docs/api.md, "Exports") and
// checks, with nothing but the bundle and its log key: the checkpoint's signature; for the opening
// envelope and every ballot, the author's signature, the leaf hash and the inclusion proof into that
// checkpoint (verify_receipt); that the ballots are votes of this consultation from distinct ballot
// keys; that the published per-option totals equal option_totals() recomputed from the ballots; and that
// the published full tally equals tally_consultation() + tally_json() recomputed from them; and, once the
// consultation is closed, that the committee's close states that count (tally_hash). The checks are
// core::check_bundle (shared/json/export_check.hpp), which the committee's browser also runs.
// Compare the bundle's checkpoint with one you obtained yourself (GET /api/tree-head, a witness) to
// know it is the log everyone sees. Exit 0 verified, 1 bad arguments or unreadable file, 2 a check failed.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>

#include "commands.hpp"
#include "export_check.hpp"

namespace yishi::tool {
namespace {

using namespace yishi::core;
using nlohmann::json;

int verify_bundle(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    if (!f) {
        std::fprintf(stderr, "yishi verify: cannot read %s\n", path.c_str());
        return 1;
    }
    if (!crypto_init()) return 1;
    const json b = json::parse(std::string(std::istreambuf_iterator<char>(f), {}), nullptr, false);
    BundleCheck c;
    if (b.is_discarded()) c.failure = "malformed bundle: not JSON";
    else c = check_bundle(b);
    if (!c.failure.empty()) {
        std::fprintf(stderr, "yishi verify: FAILED: %s\n", c.failure.c_str());
        return 2;
    }
    std::printf("%s\n", json{{"verified", true}, {"consultation", c.consultation}, {"ballots", c.ballots},
                             {"checkpoint_size", c.checkpoint_size}, {"totals", c.totals}, {"outcome", c.outcome},
                             {"winner", c.tally.at("winner")}, {"tally", c.tally},
                             {"tally_hash", to_hex(c.tally_hash)}, {"closed", c.closed}}.dump().c_str());
    return 0;
}

}  // namespace

void add_verify_command(CLI::App& app, int& exit_code) {
    auto* cmd = app.add_subcommand("verify", "recheck a consultation export bundle (JSON) offline");
    auto path = std::make_shared<std::string>();
    cmd->add_option("bundle", *path, "the file saved from /api/consultations/{id}/export.json")->required();
    cmd->callback([&exit_code, path] { exit_code = verify_bundle(*path); });
}

}  // namespace yishi::tool
