// recount.cpp — the controller of the browser's own checks of results (see recount.hpp).
//
// The signature checks, nearly all the work, go to the platform (Net::check_wires: the browser's Web
// Workers, web/yishi-verify-worker.js, each running core::check_wire_batch in a small wasm of the shared
// core); what this thread does in between — decoding the votes, hashing tiles up, the count — is a small
// part. Without workers the batches run here, one slice per frame.
#include "model/recount.hpp"

#include <chrono>

#include "export_check.hpp"
#include "model/journeys.hpp"
#include "model/net.hpp"
#include "wire.hpp"
#include "yishi/ballot_stream.hpp"
#include "yishi/hash.hpp"
#include "yishi/tiles.hpp"

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

// The tiles the stream needs and its signature checks, all asked for at once: the network and the
// workers keep busy while this thread draws frames.
void dispatch(AuditState& a, Net& net) {
    RecountState& r = a.recount;
    const int serial = r.serial;
    auto alive = [&a, serial] { return a.recount.serial == serial && a.recount.phase == RecountPhase::Checking; };
    for (const core::TileRef& t : r.run->tiles_needed())
        net.get_immutable("/log/" + core::tile_path(t), [&a, alive, t](const HttpResponse& res) {
            if (!alive()) return;
            RecountState& r = a.recount;
            if (res.status != 200) {
                r.phase = RecountPhase::FetchFailed, r.detail = error_code_of(res);
                r.run.reset();
                return;
            }
            r.run->add_tile(t, core::as_bytes(res.body));
        });
    for (size_t first = 0; first < r.run->wire_count(); first += kRecountWiresPerBatch) {
        const core::Bytes batch = r.run->batch(first, kRecountWiresPerBatch);
        net.check_wires(std::string(batch.begin(), batch.end()), [&a, alive, first](const HttpResponse& res) {
            if (!alive()) return;
            if (res.status == 200) a.recount.run->take_checks(first, core::as_bytes(res.body));
            else a.recount.here.push_back(first);   // no worker: checked here, a slice at a time
        });
    }
}

void start(AuditState& a, uint64_t consultation, Net& net) {
    RecountState& r = a.recount;
    if (r.phase == RecountPhase::Fetching || r.phase == RecountPhase::Checking) return;   // one at a time
    r = RecountState{consultation, RecountPhase::Fetching, nullptr, {}, 0, 0, "", {}, 0, steady_seconds(), 0, r.serial + 1};
    a.trust.error.clear();
    load_trust(a, net);
    net.check_wires(std::string(), [](const HttpResponse&) {});   // starts the workers while the ballots download
    net.get_bytes("/api/consultations/" + std::to_string(consultation) + "/ballots.bin",
                  [&a, &net, serial = r.serial](const HttpResponse& res) {
                      RecountState& r = a.recount;
                      if (r.serial != serial || r.phase != RecountPhase::Fetching) return;
                      if (res.status != 200) {
                          r.phase = RecountPhase::FetchFailed, r.detail = error_code_of(res);
                          return;
                      }
                      r.run = std::make_shared<core::StreamCheck>();
                      r.phase = RecountPhase::Checking;
                      if (r.run->begin(core::as_bytes(res.body))) dispatch(a, net);   // else the verdict says why
                      r.total = r.run->ballot_count();
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
    r.run->finish();   // (false: the result says why)
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
    r.run.reset();   // the stream can be large: free it
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
    if (r.phase != RecountPhase::Checking) return false;   // (the answers wake the page)
    // A slice: the batches no worker took, until the frame's deadline.
    const double deadline = steady_seconds() + kRecountSliceSeconds;
    while (!r.here.empty() && steady_seconds() < deadline) {
        const size_t first = r.here.back();
        r.here.pop_back();
        r.run->take_checks(first, core::check_wire_batch(r.run->batch(first, kRecountWiresPerBatch)));
    }
    r.checked = std::min(r.run->wires_checked(), r.total);
    if (r.run->ready() && !a.trust.loading) {   // the verdict needs the trust list
        finish(a, shown);
        return true;
    }
    // Frames only for work here: answers from the workers and tiles wake the page themselves.
    return !r.here.empty();
}

}  // namespace yishi::client
