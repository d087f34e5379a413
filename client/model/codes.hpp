// codes.hpp — enrolment codes issued from the committee's workspace (登记码): the form, the batch the
// server answered with, and the printable sheet made from it.
//
// The committee's browser signs a core::CodeRequest (shared/include/yishi/code_request.hpp) with the
// account's key and POSTs it to /api/committee/codes; the codes come back once (the server keeps only
// their hashes) and live only in memory here, shown on screen, copied, or saved as a printable HTML
// sheet of slips. Controller: codes.cpp; view: view_committee_codes.cpp.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/note.hpp"
#include "yishi/china_time.hpp"
#include "yishi/i18n.hpp"

namespace yishi::client {

struct IssuedCodes {                          // one answer of POST /api/committee/codes
    uint32_t region = 0;
    std::string region_name;
    int64_t expires_ms = 0;                   // Unix ms; shown as a China date
    std::vector<std::string> codes;           // "K7PM-3QXD-9RTA", ...
};

struct CodesState {
    bool shown = false;                       // the panel replaces the workspace list
    int region_index = 0;                     // into CommitteeState::scope_regions
    std::string count = "20", days = "30";    // the form's fields (edited by the view)
    bool issuing = false;                     // a request is on its way
    std::optional<Note> error;                // a check before signing or the server's refusal
    IssuedCodes issued;                       // the last batch (codes empty before the first)
    std::string saved;                        // the file name the sheet was saved as ("" = not yet)
};

struct CodesCommands {
    bool show = false, hide = false, issue = false;
    std::optional<core::Lang> save;           // the sheet, in the language shown
};

struct Account;
class Net;
// Issues codes for one of `regions` (the committee's scope, CommitteeState::scope_regions) signed with
// the account's key; saves the sheet through the platform.
void apply_codes_commands(CodesState& k, const CodesCommands& cmd,
                          const std::vector<std::pair<uint32_t, std::string>>& regions, const Account& me, Net& net);

// The printable sheet of `batch`: a self-contained HTML page (no scripts, no outside resources), one
// slip per code with the community's name, a QR code of the code's join link (`portal_url` +
// "#/join?code=…": scanned with a phone's camera or WeChat, it opens 我的 with the code filled in),
// the portal's address, the code, its expiry date and how to use it.
std::string code_sheet_html(const IssuedCodes& batch, core::Lang lang, std::string_view portal_url);
std::string join_link(std::string_view portal_url, std::string_view code);   // portal_url + "#/join?code=" + code
std::string qr_svg(std::string_view text);   // the QR code of `text` as an inline SVG ("" if too long)
std::string code_sheet_filename(const IssuedCodes& batch);   // "yishi-codes-<region>-<date>.html"
using core::china_date;                                      // "YYYY-MM-DD" in China Standard Time

}  // namespace yishi::client
