// codes.cpp — the controller of the committee's enrolment codes and the printable sheet (see codes.hpp).
#include "model/codes.hpp"

#include <nlohmann/json.hpp>
#include <qrcodegen.h>   // Project Nayuki's QR Code generator (Debian libqrcodegen-dev; the wasm build: fetch-deps.sh)

#include <algorithm>
#include <vector>

#include "model/account.hpp"
#include "model/committee.hpp"
#include "model/net.hpp"
#include "yishi/code_request.hpp"

namespace yishi::client {

using core::Msg;
using core::tr;
using nlohmann::json;

namespace {

// A whole number typed in a field within [lo, hi]; 0 if anything else.
uint16_t parse_small(const std::string& s, uint16_t lo, uint16_t hi) {
    const auto n = parse_count(s);
    return n && *n >= lo && *n <= hi ? static_cast<uint16_t>(*n) : 0;
}

std::string html_escape(std::string_view s) {
    std::string out;
    for (char c : s) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            default: out += c;
        }
    }
    return out;
}

void issue(CodesState& k, const std::vector<std::pair<uint32_t, std::string>>& regions, const Account& me, Net& net) {
    k.error.reset();
    const uint16_t count = parse_small(k.count, 1, core::kMaxCodesPerRequest);
    const uint16_t days = parse_small(k.days, 1, core::kMaxCodeDays);
    if (!count) return void(k.error = Note{Msg::CodesErrCount});
    if (!days) return void(k.error = Note{Msg::CodesErrDays});
    if (regions.empty() || !me.seed) return;
    auto key = me.seed->signing_key();
    if (!key) return void(k.error = Note{Msg::ErrOther, 0, 0, std::string(core::error_code(key.error()))});
    core::CodeRequest r;
    r.author = key->public_key();
    r.timestamp_ms = wall_ms();
    r.nonce = core::random_code_request_nonce();
    r.region = regions[static_cast<size_t>(std::clamp(k.region_index, 0, static_cast<int>(regions.size()) - 1))].first;
    r.count = count;
    r.days = days;
    auto wire = core::sign_code_request(r, key.value());
    if (!wire) return void(k.error = Note{Msg::ErrOther, 0, 0, std::string(core::error_code(wire.error()))});
    k.issuing = true;
    net.post("/api/committee/codes", wire.value(), "application/octet-stream", [&k](const HttpResponse& res) {
        k.issuing = false;
        json b = json::parse(res.body, nullptr, /*allow_exceptions=*/false);   // non-const: [] adds nulls
        if (res.status != 201 || !b.is_object() || !b["codes"].is_array()) {
            const std::string code = error_code_of(res);
            const Msg m = refusal_message(code);
            k.error = Note{m, 0, 0, m == Msg::ErrOther ? code : ""};
            return;
        }
        IssuedCodes batch;
        // Type-checked before every get: a throw aborts the wasm build (no exception catching there).
        if (b["region"].is_number_unsigned()) batch.region = b["region"].get<uint32_t>();
        if (b["region_name"].is_string()) batch.region_name = b["region_name"].get<std::string>();
        if (batch.region_name.empty()) batch.region_name = std::to_string(batch.region);
        if (b["expires_ms"].is_number_integer()) batch.expires_ms = b["expires_ms"].get<int64_t>();
        for (const auto& c : b["codes"]) if (c.is_string()) batch.codes.push_back(c.get<std::string>());
        k.issued = std::move(batch);
        k.saved.clear();
    });
}

}  // namespace

std::string code_sheet_filename(const IssuedCodes& batch) {
    return "yishi-codes-" + std::to_string(batch.region) + "-" + china_date(batch.expires_ms) + ".html";
}

std::string join_link(std::string_view portal_url, std::string_view code) {
    return std::string(portal_url) + "#/join?code=" + std::string(code);
}

std::string qr_svg(std::string_view text) {
    // Medium error correction (15 %): a slip that is folded or smudged still scans.
    std::vector<uint8_t> qr(qrcodegen_BUFFER_LEN_MAX), work(qrcodegen_BUFFER_LEN_MAX);
    const std::string z(text);
    if (!qrcodegen_encodeText(z.c_str(), work.data(), qr.data(), qrcodegen_Ecc_MEDIUM, qrcodegen_VERSION_MIN,
                              qrcodegen_VERSION_MAX, qrcodegen_Mask_AUTO, true))
        return "";
    const int n = qrcodegen_getSize(qr.data());
    const int quiet = 4;   // the standard's margin of light modules
    const std::string side = std::to_string(n + 2 * quiet);
    std::string path;
    for (int y = 0; y < n; ++y)
        for (int x = 0; x < n; ++x)
            if (qrcodegen_getModule(qr.data(), x, y))
                path += "M" + std::to_string(x + quiet) + "," + std::to_string(y + quiet) + "h1v1h-1z";
    return "<svg class=\"qr\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + side + " " + side +
           "\" shape-rendering=\"crispEdges\"><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/><path fill=\"#000\" d=\"" +
           path + "\"/></svg>";
}

std::string code_sheet_html(const IssuedCodes& batch, core::Lang lang, std::string_view portal_url) {
    const std::string name = html_escape(batch.region_name);
    const std::string until = html_escape(std::string(tr(Msg::SheetUntil, lang)) + china_date(batch.expires_ms));
    const std::string how = html_escape(tr(Msg::SheetHow, lang));
    const std::string address = html_escape(std::string(tr(Msg::SheetAddress, lang)) + std::string(portal_url));
    std::string out =
        "<!doctype html>\n<html lang=\"" + std::string(core::lang_code(lang)) + "\"><head><meta charset=\"utf-8\">"
        "<title>" + name + " " + html_escape(tr(Msg::SheetTitle, lang)) + "</title><style>"
        "@page{size:A4;margin:10mm}body{font-family:'Noto Sans CJK SC','Noto Sans SC','PingFang SC','Microsoft YaHei',sans-serif;margin:10mm}"
        ".grid{display:grid;grid-template-columns:repeat(3,1fr)}"
        ".slip{border:1px dashed #888;padding:5mm;break-inside:avoid}"
        ".code{font:bold 15pt/1.6 'DejaVu Sans Mono',monospace;white-space:nowrap}"
        ".small{font-size:9pt;color:#333}.qr{display:block;width:32mm;height:32mm;margin:2mm 0}"
        ".url{font-size:9pt;word-break:break-all}@media print{.note{display:none}body{margin:0}}"
        "</style></head><body>\n<h1>" + name + " " + html_escape(tr(Msg::SheetTitle, lang)) + "</h1>\n"
        "<p class=\"note\">" + html_escape(tr(Msg::SheetCut, lang)) + "</p>\n<div class=\"grid\">\n";
    for (const auto& c : batch.codes)
        out += "<div class=\"slip\"><div>" + name + "</div>" + qr_svg(join_link(portal_url, c)) +
               "<div class=\"code\">" + html_escape(c) + "</div><div class=\"small\">" + until +
               "</div><div class=\"small\">" + how + "</div><div class=\"url\">" + address + "</div></div>\n";
    out += "</div>\n</body></html>\n";
    return out;
}

void apply_codes_commands(CodesState& k, const CodesCommands& cmd,
                          const std::vector<std::pair<uint32_t, std::string>>& regions, const Account& me, Net& net) {
    if (cmd.show) k.shown = true, k.error.reset();
    if (cmd.hide) k.shown = false;
    if (cmd.issue && !k.issuing) issue(k, regions, me, net);
    if (cmd.save && !k.issued.codes.empty()) {
        const std::string name = code_sheet_filename(k.issued);
        if (net.save(name, "text/html;charset=utf-8", code_sheet_html(k.issued, *cmd.save, net.portal_url()))) k.saved = name;
    }
}

}  // namespace yishi::client
