// export.cpp — JSON bundle and CSV of a consultation's counted ballots (see export.hpp).
#include "export.hpp"

#include <nlohmann/json.hpp>

#include "opinion.hpp"
#include "tally_json.hpp"
#include "yishi/ballot_stream.hpp"
#include "yishi/consultation_tally.hpp"

namespace yishi::server {

using namespace yishi::core;
using nlohmann::json;

namespace {

json logged_json(const LoggedEnvelope& l) {
    json proof = json::array();
    for (const Hash& h : l.inclusion_proof) proof.push_back(to_hex(h));
    return {{"wire", to_hex(l.wire)}, {"log_index", l.log_index}, {"leaf_hash", to_hex(l.leaf_hash)},
            {"inclusion_proof", proof}};
}

struct Decoded { ConsultationOpenPayload open; std::vector<SignedEnvelope> ballots; };

Result<Decoded> decode_all(const ConsultationExport& x) {
    Decoded d;
    auto open = decode_signed_envelope(x.open.wire);
    if (!open || !std::holds_alternative<ConsultationOpenPayload>(open->envelope.payload)) return Error::StoreQuery;
    d.open = std::get<ConsultationOpenPayload>(open->envelope.payload);
    for (const LoggedEnvelope& b : x.ballots) {
        auto s = decode_signed_envelope(b.wire);
        if (!s || !std::holds_alternative<VotePayload>(s->envelope.payload)) return Error::StoreQuery;
        d.ballots.push_back(std::move(s.value()));
    }
    return d;
}

}  // namespace

std::string csv_cell(std::string_view text) {
    std::string cell(text);
    if (!cell.empty() && std::string_view("=+-@\t\r").find(cell.front()) != std::string_view::npos)
        cell.insert(cell.begin(), '\'');
    if (cell.find_first_of(",\"\r\n") == std::string::npos && cell == text) return cell;
    std::string out = "\"";
    for (char c : cell) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

Result<json> export_bundle(const ConsultationExport& x, const std::string& origin, const PublicKey& log_key) {
    auto d = decode_all(x);
    if (!d) return d.error();
    BallotRules rules{d->open.method, d->open.method_param, d->open.options};
    std::vector<VotePayload> votes;
    for (const auto& s : d->ballots) votes.push_back(std::get<VotePayload>(s.envelope.payload));
    const auto totals = option_totals(rules, votes);
    json options = json::array();
    for (size_t i = 0; i < rules.options.size(); ++i)
        options.push_back({{"option_id", rules.options[i].option_id}, {"label", rules.options[i].label},
                           {"total", totals[i]}});
    json ballots = json::array();
    for (const LoggedEnvelope& b : x.ballots) ballots.push_back(logged_json(b));
    // The outcome counted as the consultation declared (ranked: IRV or Schulze by method_param).
    auto counted = count_consultation(rules, votes);
    if (!counted) return counted.error();
    const json outcome{{"counting", std::string(counted->counting)},
                       {"winner", counted->winner ? json(*counted->winner) : json(nullptr)},
                       {"ranking", counted->ranking}, {"valid", counted->valid}, {"invalid", counted->invalid}};
    // The full count with the consultation's method; enrolled is not in the bundle (it is no signed fact),
    // so the bundle's tally has enrolled and turnout null and `yishi verify` recomputes exactly this.
    auto tally = tally_consultation(d->open, votes, 0);
    if (!tally) return tally.error();
    return json{{"format", kExportFormat}, {"origin", origin}, {"log_key", to_hex(log_key)},
                {"checkpoint", x.checkpoint}, {"consultation", x.id}, {"region", x.region},
                {"stage", static_cast<int>(x.stage)}, {"method", static_cast<int>(rules.method)},
                {"open", logged_json(x.open)}, {"ballots", ballots}, {"totals", options},
                {"outcome", outcome}, {"tally", tally_json(tally.value())},
                {"close", x.close ? logged_json(*x.close) : json(nullptr)}, {"opinion", opinion_export_json(x.opinion)}};
}

Result<std::string> export_ballots_csv(const ConsultationExport& x) {
    auto d = decode_all(x);
    if (!d) return d.error();
    std::string out = "\xEF\xBB\xBF" "ballot_key,sequence,log_index,option_id,option_label,value\r\n";
    for (size_t i = 0; i < d->ballots.size(); ++i) {
        const Envelope& e = d->ballots[i].envelope;
        for (const BallotEntry& entry : std::get<VotePayload>(e.payload).entries) {
            std::string label;
            for (const auto& o : d->open.options)
                if (o.option_id == entry.option_id) label = o.label;
            out += to_hex(e.author) + "," + std::to_string(e.sequence) + "," + std::to_string(x.ballots[i].log_index) +
                   "," + std::to_string(entry.option_id) + "," + csv_cell(label) + "," + std::to_string(entry.value) +
                   "\r\n";
        }
    }
    return out;
}

Bytes export_ballot_stream(const ConsultationExport& x, const std::string& origin, const PublicKey& log_key) {
    BallotStream s;
    s.origin = origin;
    s.log_key = log_key;
    s.checkpoint = x.checkpoint;
    s.consultation = x.id;
    s.open = {x.open.log_index, x.open.wire};
    if (x.close) s.close = LoggedWire{x.close->log_index, x.close->wire};
    s.ballots.reserve(x.ballots.size());
    for (const LoggedEnvelope& b : x.ballots) s.ballots.push_back({b.log_index, b.wire});
    return encode_ballot_stream(s);
}

}  // namespace yishi::server
