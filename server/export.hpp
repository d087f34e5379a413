// export.hpp — a consultation's results in the two forms moderators hand out (docs/api.md, "Exports").
//
// JSON bundle: the opening envelope and every counted ballot as wire bytes with inclusion proofs
// against one signed checkpoint, the log key, the per-option totals and the full tally — everything `yishi verify`
// needs to recheck the result offline. CSV: one row per ballot entry for spreadsheets, UTF-8 with a
// BOM, CRLF, RFC 4180 quoting, and formula neutralisation (a cell starting with = + - @ TAB CR gets a
// leading apostrophe so Excel/WPS show it as text instead of running it).
#pragma once
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "ledger.hpp"

namespace yishi::server {

inline constexpr std::string_view kExportFormat = "yishi-export-v1";   // the bundle's "format" field

core::Result<nlohmann::json> export_bundle(const ConsultationExport& x, const std::string& origin,
                                           const core::PublicKey& log_key);   // StoreQuery if a stored wire is bad
core::Result<std::string> export_ballots_csv(const ConsultationExport& x);
// The ballot stream (yishi/ballot_stream.hpp, GET .../ballots.bin): the bundle's envelopes without proofs.
core::Bytes export_ballot_stream(const ConsultationExport& x, const std::string& origin, const core::PublicKey& log_key);
std::string csv_cell(std::string_view text);                                   // quoted + neutralised as needed

}  // namespace yishi::server
