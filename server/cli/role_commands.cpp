// role_commands.cpp — the credentials the portal accepts, made on the command line: `yishi-server
// add-committee` and `add-moderator` (a role's key for a region), `issue-codes` (a committee's
// single-use enrolment codes) and `operator-token` (a bearer token for the operator's API). Codes and
// tokens are printed once and stored only as hashes (admin.hpp).
#include <CLI/CLI.hpp>

#include <cstdio>
#include <memory>

#include "admin.hpp"
#include "commands.hpp"
#include "ledger.hpp"
#include "yishi/crypto.hpp"

namespace yishi::server::cli {
namespace {

bool parse_key(const std::string& hex, core::PublicKey& key) {
    auto bytes = core::from_hex_array<core::kPublicKeySize>(hex);
    if (!bytes) {
        std::fprintf(stderr, "yishi-server: --key must be 64 hex digits (an Ed25519 public key)\n");
        return false;
    }
    key = *bytes;
    return true;
}

struct RoleOptions { std::string db = kDefaultDb, key, name; uint32_t region = 0; };

int add_role(const RoleOptions& o, server::Role role) {
    core::PublicKey key{};
    if (!parse_key(o.key, key)) return 1;
    auto store = open_store(o.db);
    if (!store) return 1;
    if (auto st = server::add_role(store.value(), key, role, o.region, o.name, server::system_clock_ms()); !st) {
        std::fprintf(stderr, "yishi-server: %s\n", std::string(core::error_message(st.error())).c_str());
        return 1;
    }
    std::printf("%s %s registered for region %u (%s)\n", role == server::Role::Committee ? "committee" : "moderator",
                o.key.c_str(), o.region, o.name.c_str());
    return 0;
}

// add-committee and add-moderator take the same options.
Run role_command(CLI::App& cmd, server::Role role) {
    auto o = std::make_shared<RoleOptions>();
    add_db_option(cmd, o->db);
    cmd.add_option("--key", o->key, "Ed25519 public key, 64 hex digits")->required();
    cmd.add_option("--region", o->region, "region id")->required()->check(CLI::Range(1u, 0xFFFFFFFFu));
    cmd.add_option("--name", o->name, "display name, e.g. 菊苑社区居委会")->required();
    return [o, role] { return add_role(*o, role); };
}

struct CodeOptions { std::string db = kDefaultDb, key; uint32_t region = 0; size_t count = 1;
                     int64_t days = server::kDefaultCodeLifetimeDays; };

int issue_codes(const CodeOptions& o) {
    core::PublicKey key{};
    if (!parse_key(o.key, key)) return 1;
    if (!core::crypto_init()) return 1;
    auto store = open_store(o.db);
    if (!store) return 1;
    auto codes = server::issue_codes(store.value(), key, o.region, o.count, o.days, server::system_clock_ms());
    if (!codes) {
        std::fprintf(stderr, "yishi-server: no codes issued: %s\n", std::string(core::error_message(codes.error())).c_str());
        return 1;
    }
    for (const auto& c : codes.value()) std::printf("%s\n", c.c_str());
    return 0;
}

int operator_token(const std::string& db) {
    if (!core::crypto_init()) return 1;
    auto store = open_store(db);
    if (!store) return 1;
    auto token = server::create_operator_token(store.value(), server::system_clock_ms());
    if (!token) {
        std::fprintf(stderr, "yishi-server: no token created: %s\n", std::string(core::error_message(token.error())).c_str());
        return 1;
    }
    std::printf("%s\n", token->c_str());
    return 0;
}

}  // namespace

Run add_committee_command(CLI::App& cmd) { return role_command(cmd, server::Role::Committee); }

Run add_moderator_command(CLI::App& cmd) { return role_command(cmd, server::Role::Moderator); }

Run issue_codes_command(CLI::App& cmd) {
    auto o = std::make_shared<CodeOptions>();
    add_db_option(cmd, o->db);
    cmd.add_option("--committee-key", o->key, "the committee's public key, 64 hex digits")->required();
    cmd.add_option("--region", o->region, "region id the codes enrol into")->required();
    cmd.add_option("--count", o->count, "how many codes")
        ->check(CLI::Range(size_t{1}, server::kMaxCodesPerIssue))->capture_default_str();
    cmd.add_option("--days", o->days, "days until the codes expire")
        ->check(CLI::Range(int64_t{1}, int64_t{3650}))->capture_default_str();
    return [o] { return issue_codes(*o); };
}

Run operator_token_command(CLI::App& cmd) {
    auto db = std::make_shared<std::string>(kDefaultDb);
    add_db_option(cmd, *db);
    return [db] { return operator_token(*db); };
}

}  // namespace yishi::server::cli
