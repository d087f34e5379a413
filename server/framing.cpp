// framing.cpp — the front's request framing (see framing.hpp).
#include "framing.hpp"

#include <algorithm>

namespace yishi::server {

namespace {

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
               return lower(x) == lower(y);
           });
}

// Bytes a strictly formed head may hold: printable ASCII, tab, UTF-8 (>= 0x80), and CR only before LF.
bool strict_head(std::string_view head) {
    for (size_t i = 0; i < head.size(); ++i) {
        const auto c = static_cast<unsigned char>(head[i]);
        if (c == '\r') {
            if (i + 1 == head.size() || head[i + 1] != '\n') return false;
            ++i;
        } else if (c == '\n' || (c < 0x20 && c != '\t') || c == 0x7f) {
            return false;
        }
    }
    return true;
}

Framing hand_over() {
    Framing f;
    f.kind = Framing::Kind::HandOver;
    return f;
}

// The header lines of a submission (after its request line, each ending in CRLF); HandOver if the
// front should not take it.
Framing parse_submit_headers(std::string_view lines, size_t max_body) {
    Framing f;
    f.kind = Framing::Kind::Submit;
    bool have_length = false;
    while (!lines.empty()) {
        const size_t eol = lines.find("\r\n");
        const std::string_view line = lines.substr(0, eol);
        lines.remove_prefix(eol + 2);   // strict_head: every line ends in CRLF
        const size_t colon = line.find(':');
        if (colon == std::string_view::npos || colon == 0) return hand_over();
        const std::string_view name = line.substr(0, colon);
        if (name.find_first_of(" \t") != std::string_view::npos) return hand_over();   // also folded lines
        std::string_view value = line.substr(colon + 1);
        while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
        while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
        if (iequals(name, "content-length")) {
            if (have_length || value.empty() || value.size() > 9 ||
                !std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; }))
                return hand_over();
            have_length = true;
            f.body_bytes = std::stoul(std::string(value));
        } else if (iequals(name, "content-type")) {
            f.content_type = value;
        } else if (iequals(name, "connection")) {
            f.close = value == "close";   // as cpp-httplib compares it
        } else if (iequals(name, "transfer-encoding") || iequals(name, "expect")) {
            return hand_over();
        }
    }
    if (!have_length || f.body_bytes > max_body) return hand_over();
    return f;
}

}  // namespace

Framing frame_request(std::string_view buffered, size_t max_body) {
    if (buffered.empty()) return Framing{};
    const size_t end = buffered.find("\r\n\r\n");
    if (end == std::string_view::npos) {
        // The rest of the head is on its way — unless it is already too long, or not strictly
        // formed (then the route table reads it as it always has).
        const std::string_view head = buffered.substr(0, buffered.back() == '\r' ? buffered.size() - 1 : buffered.size());
        if (buffered.size() <= kMaxHeadBytes && strict_head(head)) return Framing{};
        return hand_over();
    }
    const size_t head_bytes = end + 4;
    if (head_bytes > kMaxHeadBytes || buffered.substr(0, kSubmitLine.size()) != kSubmitLine ||
        !strict_head(buffered.substr(0, head_bytes)))
        return hand_over();
    Framing f = parse_submit_headers(buffered.substr(kSubmitLine.size(), end + 2 - kSubmitLine.size()), max_body);
    if (f.kind != Framing::Kind::Submit) return f;
    f.head_bytes = head_bytes;
    if (buffered.size() < head_bytes + f.body_bytes) return Framing{};   // the body is on its way
    return f;
}

}  // namespace yishi::server
