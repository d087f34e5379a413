// view_recount.cpp — under a consultation's results: the witnesses this portal trusts (by name; their
// fingerprints behind 核验详情), the 核验全部选票 button, its progress bar while the device checks every
// ballot, and the verdict in plain words. 已核验 appears only when model/recount.hpp says so
// (recount_verified: the recount agrees and a trusted witness cosigned the checkpoint).
#include <imgui.h>

#include <string>

#include "views/views.hpp"
#include "views/ui.hpp"

namespace yishi::client {

using core::Msg;
using core::tr;

namespace {

std::string joined_names(const std::vector<core::WitnessKey>& keys, bool with_fingerprint) {
    std::string out;
    for (const auto& k : keys)
        out += (out.empty() ? "" : "、") + k.name + (with_fingerprint ? " " + witness_fingerprint(k) : "");
    return out;
}

void draw_verdict(const AppState& st, Fonts& fonts, const RecountState& r) {
    const core::Lang L = st.lang;
    const auto n = static_cast<long long>(r.total);
    switch (r.phase) {
        case RecountPhase::Agrees:
            if (recount_verified(r))
                return ui::text_colored(fonts, ui::kGood, note_text(Note{Msg::RecountVerified, n, 0, r.witnessed.witness}, L));
            if (r.witnessed.state == Witnessed::Forged)
                return ui::text_colored(fonts, ui::kAccent, note_text(Note{Msg::RecountWitnessForged, n, 0, r.witnessed.witness}, L));
            return ui::text_colored(fonts, ui::kInk, note_text(Note{Msg::RecountAgreesUnwitnessed, n}, L));
        case RecountPhase::Disagrees: return ui::text_colored(fonts, ui::kAccent, tr(Msg::RecountDisagrees, L));
        case RecountPhase::ProofFailed: return ui::text_colored(fonts, ui::kAccent, tr(Msg::RecountProofFailed, L));
        case RecountPhase::FetchFailed:
            return ui::text_colored(fonts, ui::kAccent, std::string(tr(Msg::RecountFetchFailed, L)) + " " + r.detail);
        default: return;
    }
}

}  // namespace

void draw_recount(AppState& st, Fonts& fonts, uint64_t consultation, Commands& cmds) {
    const core::Lang L = st.lang;
    const WitnessTrust& trust = st.audit.trust;
    const RecountState& r = st.audit.recount;
    const bool mine = r.consultation == consultation;
    if (trust.loaded)
        ui::text_colored(fonts, ui::kMuted, trust.keys.empty() ? std::string(tr(Msg::WitnessesNone, L))
                                                               : std::string(tr(Msg::WitnessesTrusted, L)) + joined_names(trust.keys, false));
    const bool busy = r.phase == RecountPhase::Fetching || r.phase == RecountPhase::Checking;
    if (busy) ImGui::BeginDisabled();
    if (ui::button(fonts, tr(Msg::RecountButton, L), "recount")) cmds.audit.recount = consultation;
    if (busy) ImGui::EndDisabled();
    if (!mine || r.phase == RecountPhase::Idle) return ui::text_colored(fonts, ui::kMuted, tr(Msg::RecountHelp, L));
    if (r.phase == RecountPhase::Fetching) return ui::text_colored(fonts, ui::kMuted, tr(Msg::RecountFetching, L));
    if (r.phase == RecountPhase::Checking) {
        ui::text_colored(fonts, ui::kMuted, note_text(Note{Msg::RecountProgress, static_cast<long long>(r.checked),
                                                            static_cast<long long>(r.total)}, L));
        const float share = r.total > 0 ? static_cast<float>(r.checked) / static_cast<float>(r.total) : 0.0f;
        ImGui::ProgressBar(share, ImVec2(ImGui::GetContentRegionAvail().x, ImGui::GetFontSize() * 0.8f), "");
        return;
    }
    draw_verdict(st, fonts, r);
    if (r.phase == RecountPhase::FetchFailed) return;
    if (!ui::disclosure(fonts, tr(Msg::RecountDetails, L), tr(Msg::ReceiptHide, L), "recount-details")) return;
    ui::text_colored(fonts, ui::kMuted, note_text(Note{Msg::RecountDetailLine, static_cast<long long>(r.log_size),
                                                        static_cast<long long>(r.seconds * 1000)}, L));
    if (!r.detail.empty()) ui::text_colored(fonts, ui::kMuted, r.detail);
    if (!trust.keys.empty())
        ui::text_colored(fonts, ui::kMuted, std::string(tr(Msg::WitnessFingerprint, L)) + joined_names(trust.keys, true));
}

}  // namespace yishi::client
