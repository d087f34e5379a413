// sign_command.cpp — `yishi sign-envelopes`: build and sign envelopes from JSON lines, print their wires.
//
// For tests, load generators and anyone scripting against the API without a browser. Keys are named:
// the seed of key "alice" is SHA-256("yishi-tool-key:" || "alice") — convenient and NOT secret, so
// this tool is for test and demo data only. A vote is signed by the ballot key derived from the named
// identity for the envelope's consultation (keys.hpp), as the browser does.
//
// Input, one JSON object per line (blank lines skipped):
//   {"key": "alice", "kind": "comment", "sequence": 3, "region": 320508, "consultation": 7,
//    "time": 1764288000000, "payload": {...}}
// "time" defaults to 1764288000000 + sequence. Payload fields per kind (enums as their wire numbers,
// docs/protocol.md section 3; hashes and keys as hex):
//   enroll {code | code_hash, display_name}      consultation_open {title, description, method,
//   method_param, options [[id, label, cost]], schedule [[stage, starts_ms]], organization_ids}
//   consultation_advance {stage}   consultation_close {tally_hash, summary}   propose {title, text}
//   comment {parent, stance, text}   react {target, reaction}   vote {method, entries [[id, value]]}
//   rate {score, remark}   feedback {category, text}   feedback_answer {feedback_id, status, text}
//   feedback_rate {feedback_id, score, remark}
//   moderate {target, action, reason}   ballot_key_bind {blinding}  (the ballot key is derived)
//   key_rotate {new_key: NAME} (the proof is signed by the named new key)
//   key_revoke {revoked_key: NAME, reason}
// Output, one line per input line: {"wire": hex, "id": hex, "author": hex}. A bad line stops with
// "line N: ..." on stderr and exit code 2.
//   yishi sign-envelopes --public-key NAME   prints NAME's identity public key (hex) and exits.
//   yishi sign-envelopes --viewer NAME --path PATH [--time MS]   prints the query that proves NAME reads
//   PATH for its own marks (viewer_proof.hpp; MS defaults to now) and exits.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>

#include "commands.hpp"
#include "yishi/envelope.hpp"
#include "yishi/keys.hpp"
#include "yishi/viewer_proof.hpp"

namespace yishi::tool {
namespace {

using namespace yishi::core;
using nlohmann::json;

constexpr std::string_view kToolKeyDomain = "yishi-tool-key:";
constexpr int64_t kDefaultTime = 1764288000000;   // 2025-11-28T00:00:00Z, as in the golden vectors

SecretSeed named_seed(const std::string& name) {
    const Hash h = sha256(as_bytes(kToolKeyDomain), as_bytes(name));
    return SecretSeed::from_bytes(h).value();
}

Hash hex_hash(const json& j, const char* field) {
    Hash h{};
    if (!j.contains(field)) return h;   // absent = all zero (e.g. a top-level comment's parent)
    auto b = from_hex(j.at(field).get<std::string>());
    if (!b || b->size() != h.size()) throw std::runtime_error(std::string(field) + " must be 64 hex digits");
    std::copy(b->begin(), b->end(), h.begin());
    return h;
}

template <class E> E code(const json& j, const char* field) { return static_cast<E>(j.at(field).get<int>()); }

Payload make_payload(const std::string& kind, const json& p, const SecretSeed& identity, uint64_t consultation,
                     PublicKey& ballot_author) {
    if (kind == "enroll") {
        EnrollPayload e;
        e.code_hash = p.contains("code") ? sha256(as_bytes(p.at("code").get<std::string>())) : hex_hash(p, "code_hash");
        e.display_name = p.value("display_name", "");
        return e;
    }
    if (kind == "consultation_open") {
        ConsultationOpenPayload o;
        o.title = p.at("title");
        o.description = p.value("description", "");
        o.method = code<VotingMethod>(p, "method");
        o.method_param = p.value("method_param", uint64_t{0});
        for (const auto& x : p.at("options")) o.options.push_back({x.at(0), x.at(1), x.size() > 2 ? x.at(2).get<uint64_t>() : 0});
        for (const auto& x : p.at("schedule")) o.schedule.push_back({static_cast<Stage>(x.at(0).get<int>()), x.at(1)});
        if (p.contains("organization_ids")) o.organization_ids = p.at("organization_ids").get<std::vector<uint32_t>>();
        return o;
    }
    if (kind == "consultation_advance") return ConsultationAdvancePayload{code<Stage>(p, "stage")};
    if (kind == "consultation_close") return ConsultationClosePayload{hex_hash(p, "tally_hash"), p.value("summary", "")};
    if (kind == "propose") return ProposePayload{p.at("title"), p.value("text", "")};
    if (kind == "comment") return CommentPayload{hex_hash(p, "parent"), static_cast<Stance>(p.value("stance", 0)), p.at("text")};
    if (kind == "react") return ReactPayload{hex_hash(p, "target"), code<Reaction>(p, "reaction")};
    if (kind == "vote") {
        VotePayload v{code<VotingMethod>(p, "method"), {}};
        for (const auto& x : p.at("entries")) v.entries.push_back({x.at(0), x.at(1)});
        return v;
    }
    if (kind == "rate") return RatePayload{p.at("score").get<uint8_t>(), p.value("remark", "")};
    if (kind == "feedback") return FeedbackPayload{code<FeedbackCategory>(p, "category"), p.at("text")};
    if (kind == "feedback_answer")
        return FeedbackAnswerPayload{hex_hash(p, "feedback_id"), code<FeedbackStatus>(p, "status"), p.value("text", "")};
    if (kind == "feedback_rate")
        return FeedbackRatePayload{hex_hash(p, "feedback_id"), p.at("score").get<uint8_t>(), p.value("remark", "")};
    if (kind == "moderate") return ModeratePayload{hex_hash(p, "target"), code<ModerationAction>(p, "action"), p.value("reason", "")};
    if (kind == "ballot_key_bind") {
        auto ballot = derive_ballot_key(identity, consultation);
        if (!ballot) throw std::runtime_error("cannot derive the ballot key");
        ballot_author = ballot->public_key();
        return BallotKeyBindPayload{ballot_author, hex_hash(p, "blinding")};
    }
    if (kind == "key_rotate") {
        auto fresh = named_seed(p.at("new_key")).signing_key();
        auto old = identity.signing_key();
        if (!fresh || !old) throw std::runtime_error("cannot make the keys");
        return KeyRotatePayload{fresh->public_key(), fresh->sign(key_rotate_proof_bytes(old->public_key()))};
    }
    if (kind == "key_revoke") {
        auto revoked = named_seed(p.at("revoked_key")).signing_key();
        if (!revoked) throw std::runtime_error("cannot make the key");
        return KeyRevokePayload{revoked->public_key(), code<RevokeReason>(p, "reason")};
    }
    throw std::runtime_error("unknown kind \"" + kind + "\"");
}

int sign_lines() {
    if (!crypto_init()) return 1;
    std::string line;
    uint64_t n = 0;
    while (std::getline(std::cin, line)) {
        ++n;
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        try {
            const json in = json::parse(line);
            const SecretSeed identity = named_seed(in.at("key"));
            Envelope e;
            e.sequence = in.at("sequence");
            e.timestamp_ms = in.value("time", kDefaultTime + static_cast<int64_t>(e.sequence));
            e.scope = {in.at("region"), in.value("consultation", uint64_t{0})};
            const std::string kind = in.at("kind");
            PublicKey unused{};
            e.payload = make_payload(kind, in.value("payload", json::object()), identity, e.scope.consultation_id, unused);
            auto key = kind == "vote" ? derive_ballot_key(identity, e.scope.consultation_id) : identity.signing_key();
            if (!key) throw std::runtime_error("cannot make the key");
            e.author = key->public_key();
            auto s = sign_envelope(e, key.value());
            if (!s) throw std::runtime_error(std::string(error_code(s.error())));
            auto wire = encode_signed_envelope(s.value());
            auto id = envelope_id(e);
            if (!wire || !id) throw std::runtime_error("cannot encode");
            std::printf("{\"wire\":\"%s\",\"id\":\"%s\",\"author\":\"%s\"}\n", to_hex(wire.value()).c_str(),
                        to_hex(id.value()).c_str(), to_hex(e.author).c_str());
        } catch (const std::exception& ex) {
            std::fprintf(stderr, "line %llu: %s\n", static_cast<unsigned long long>(n), ex.what());
            return 2;
        }
    }
    return 0;
}

}  // namespace

void add_sign_command(CLI::App& app, int& exit_code) {
    auto* cmd = app.add_subcommand("sign-envelopes", "sign envelopes described by JSON lines on stdin (test keys)");
    auto name = std::make_shared<std::string>();
    cmd->add_option("--public-key", *name, "print the public key of this named test identity and exit");
    struct Viewer { std::string name, path; int64_t time_ms = 0; };
    auto viewer = std::make_shared<Viewer>();
    cmd->add_option("--viewer", viewer->name, "print a viewer proof (query parameters) by this named identity...");
    cmd->add_option("--path", viewer->path, "...for this request path (without query)");
    cmd->add_option("--time", viewer->time_ms, "...signed at this Unix time in ms (default: now)");
    cmd->callback([&exit_code, name, viewer] {
        if (!viewer->name.empty()) {
            if (!crypto_init() || viewer->path.empty()) { exit_code = 1; return; }
            const int64_t at = viewer->time_ms ? viewer->time_ms
                : std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::system_clock::now().time_since_epoch()).count();
            std::printf("%s\n", viewer_query(named_seed(viewer->name).signing_key().value(), viewer->path, at).c_str());
            exit_code = 0;
            return;
        }
        if (!name->empty()) {
            if (!crypto_init()) { exit_code = 1; return; }
            std::printf("%s\n", to_hex(named_seed(*name).signing_key()->public_key()).c_str());
            exit_code = 0;
            return;
        }
        exit_code = sign_lines();
    });
}

}  // namespace yishi::tool
