// recount.cpp — the controller of the browser's own checks of results (see recount.hpp).
//
// Why time slices and not Web Workers: the app is one wasm module built without pthreads (no
// SharedArrayBuffer: the server sends no COOP/COEP headers, and Emscripten 3.1.6's pthreads would need
// them on every page); a worker would be a second wasm build of the shared core, downloaded again by a
// phone. The check runs on the page's own thread instead, kRecountSliceSeconds of it per frame.
#include "model/recount.hpp"

#include <chrono>

#include "export_check.hpp"
#include "model/journeys.hpp"
#include "model/net.hpp"
#include "wire.hpp"
#include "yishi/hash.hpp"

namespace yishi::client {

namespace {

double steady_seconds() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

void load_trust(AuditState& a, Net& net) {
    WitnessTrust& t = a.trust;
    if (t.loaded || t.loading || !t.error.empty()) return;   // after a failure: again on the next 核验全部选票
    t.loading = true;
    net.get("/api/log-key", [&a](const HttpResponse& r) {
        WitnessTrust& t = a.trust;
        t.loading = false;
        if (r.status != 200) {
            t.error = error_code_of(r);
            return;
        }
        read_trust(t, wire::parse_json(r.body));
    });
}

void start(AuditState& a, uint64_t consultation, Net& net) {
    RecountState& r = a.recount;
    if (r.phase == RecountPhase::Fetching || r.phase == RecountPhase::Checking) return;   // one at a time
    r = RecountState{consultation, RecountPhase::Fetching, nullptr, 0, 0, "", {}, 0, steady_seconds(), 0, r.serial + 1};
    a.trust.error.clear();
    load_trust(a, net);
    net.get("/api/consultations/" + std::to_string(consultation) + "/export.json",
            [&a, serial = r.serial](const HttpResponse& res) {
                RecountState& r = a.recount;
                if (r.serial != serial || r.phase != RecountPhase::Fetching) return;
                if (res.status != 200) {
                    r.phase = RecountPhase::FetchFailed, r.detail = error_code_of(res);
                    return;
                }
                r.run = std::make_shared<core::BundleCheckRun>(wire::parse_json(res.body));
                r.phase = RecountPhase::Checking;
            });
}

// The published result the page shows (GET /api/consultations/{id}) against the recount: the per-option
// totals and the winner. "" when they agree, else what differs.
std::string page_differs(const ConsultationDetail* d, const RecountState& r, const core::BundleCheck& c) {
    if (!d || d->s.id != r.consultation || !d->results_visible) return "";   // the page shows no result to compare
    if (!c.totals.is_array() || c.totals.size() != d->totals.size()) return "the page lists other options";
    for (size_t i = 0; i < d->totals.size(); ++i)
        if (wire::json_int(c.totals[i], "total") != static_cast<int64_t>(d->totals[i]))
            return "the page shows " + std::to_string(d->totals[i]) + " for option " +
                   std::to_string(wire::json_int(c.totals[i], "option_id")) + ", the ballots give " +
                   std::to_string(wire::json_int(c.totals[i], "total"));
    const auto& w = wire::json_field(c.outcome, "winner");
    const std::optional<uint32_t> winner = w.is_number_unsigned() ? std::optional<uint32_t>(w.get<uint32_t>()) : std::nullopt;
    if (winner != d->winner) return "the page names another winner than the ballots give";
    return "";
}

void finish(AuditState& a, const ConsultationDetail* shown) {
    RecountState& r = a.recount;
    const core::BundleCheck& c = r.run->result();
    const WitnessTrust& t = a.trust;
    r.log_size = c.checkpoint_size;
    r.seconds = steady_seconds() - r.started_s;
    r.witnessed = judge_checkpoint(c.checkpoint, t.keys);
    if (c.fault == core::BundleFault::Count) {
        r.phase = RecountPhase::Disagrees, r.detail = c.failure;
    } else if (c.fault != core::BundleFault::None) {
        r.phase = RecountPhase::ProofFailed, r.detail = c.failure;
    } else if (t.loaded && core::to_hex(c.log_key) != t.log_key_hex) {
        r.phase = RecountPhase::ProofFailed;
        r.detail = "the export is signed by log key " + core::to_hex(c.log_key) + ", the portal's is " + t.log_key_hex;
    } else if (std::string differs = page_differs(shown, r, c); !differs.empty()) {
        r.phase = RecountPhase::Disagrees, r.detail = std::move(differs);
    } else {
        r.phase = RecountPhase::Agrees;
    }
    r.run.reset();   // the bundle can be large: free it
}

}  // namespace

WitnessVerdict judge_checkpoint(std::string_view note, const std::vector<core::WitnessKey>& trusted) {
    if (trusted.empty()) return {Witnessed::NotYet, ""};
    auto v = core::verify_cosignatures(note, trusted);
    if (v) return {Witnessed::Yes, v->name};
    if (v.error() != core::Error::CosignatureInvalid) return {Witnessed::NotYet, ""};
    // Which trusted witness's line failed: the first one named on the note (verify_cosignatures checks them first).
    for (const auto& w : trusted)
        if (note.find("\n\xE2\x80\x94 " + w.name + " ") != std::string_view::npos) return {Witnessed::Forged, w.name};
    return {Witnessed::Forged, ""};
}

std::string witness_fingerprint(const core::WitnessKey& w) { return core::to_hex(core::cosignature_key_id(w)); }

void read_trust(WitnessTrust& t, const nlohmann::json& answer) {
    t.loaded = true;
    t.error.clear();
    t.origin = wire::json_str(answer, "origin");
    t.log_key_hex = wire::json_str(answer, "public_key");
    t.keys.clear();
    const auto& list = wire::json_field(answer, "witnesses");
    if (!list.is_array()) return;
    for (const auto& v : list)
        if (v.is_string())
            if (auto k = core::parse_witness_verifier_key(v.get<std::string>())) t.keys.push_back(std::move(k.value()));
}

bool recount_verified(const RecountState& r) {
    return r.phase == RecountPhase::Agrees && r.witnessed.state == Witnessed::Yes;
}

void apply_audit_commands(AuditState& a, const AuditCommands& cmds, Net& net) {
    if (cmds.recount) start(a, *cmds.recount, net);
}

bool tick_audit(AuditState& a, const ConsultationDetail* shown, Net& net) {
    RecountState& r = a.recount;
    if (shown && shown->results_visible) load_trust(a, net);   // the results name the trusted witnesses
    if (r.phase == RecountPhase::Fetching) return true;   // (keeps frames coming for the progress line)
    if (r.phase != RecountPhase::Checking) return false;
    // A slice: ballots until the frame's deadline, looking at the clock every few ballots.
    const double deadline = steady_seconds() + kRecountSliceSeconds;
    while (!r.run->done() && steady_seconds() < deadline) r.run->step(kRecountBallotsPerCheck);
    r.checked = r.run->ballots_checked(), r.total = r.run->ballots_total();
    if (r.run->done() && !a.trust.loading) finish(a, shown);   // the verdict needs the trust list
    return true;
}

}  // namespace yishi::client
