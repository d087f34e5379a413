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

Framing of_kind(Framing::Kind kind, size_t head_bytes = 0) {
    Framing f;
    f.kind = kind;
    f.head_bytes = head_bytes;
    return f;
}

// What the header lines of a strictly formed head say about its body.
struct BodyHeaders {
    bool plain = true;           // header names without blanks, at most one Content-Length, no TE or Expect
    bool have_length = false;
    size_t length = 0;
    std::string content_type;
    bool close = false;
};

// `lines`: the header lines after the request line, each ending in CRLF (strict_head).
BodyHeaders parse_body_headers(std::string_view lines) {
    BodyHeaders h;
    while (!lines.empty()) {
        const size_t eol = lines.find("\r\n");
        const std::string_view line = lines.substr(0, eol);
        lines.remove_prefix(eol + 2);
        const size_t colon = line.find(':');
        if (colon == std::string_view::npos || colon == 0) return h.plain = false, h;
        const std::string_view name = line.substr(0, colon);
        if (name.find_first_of(" \t") != std::string_view::npos) return h.plain = false, h;   // also folded lines
        std::string_view value = line.substr(colon + 1);
        while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
        while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
        if (iequals(name, "content-length")) {
            if (h.have_length || value.empty() || value.size() > 9 ||
                !std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; }))
                return h.plain = false, h;
            h.have_length = true;
            h.length = std::stoul(std::string(value));
        } else if (iequals(name, "content-type")) {
            h.content_type = value;
        } else if (iequals(name, "connection")) {
            h.close = value == "close";   // as cpp-httplib compares it
        } else if (iequals(name, "transfer-encoding") || iequals(name, "expect")) {
            return h.plain = false, h;
        }
    }
    return h;
}

}  // namespace

Framing frame_request(std::string_view buffered, size_t max_body, const HeadLimits& limits) {
    if (buffered.empty()) return Framing{};
    const size_t end = buffered.find("\n\r\n");
    const std::string_view head = end == std::string_view::npos ? buffered : buffered.substr(0, end + 3);
    // Lines after the request line; a whole head's last one is the blank line.
    const size_t newlines = static_cast<size_t>(std::count(head.begin(), head.end(), '\n'));
    const size_t header_lines = newlines == 0 ? 0 : newlines - 1 - (end == std::string_view::npos ? 0 : 1);
    if (head.size() > limits.max_bytes || header_lines > limits.max_headers) return of_kind(Framing::Kind::TooLarge);
    if (end == std::string_view::npos) return Framing{};   // the rest of the head is on its way
    const size_t head_bytes = end + 3;
    const size_t line_end = head.find('\n') + 1;
    if (!strict_head(head)) return of_kind(Framing::Kind::HandOver, head_bytes);
    const BodyHeaders h = parse_body_headers(head.substr(line_end, head_bytes - 2 - line_end));
    const bool submit = head.substr(0, kSubmitLine.size()) == kSubmitLine;
    if (!h.plain || !h.have_length || h.length > max_body)   // no body, or one the route table reads (or refuses)
        return of_kind(Framing::Kind::HandOver, head_bytes);
    if (buffered.size() < head_bytes + h.length) return Framing{};   // the body is on its way
    Framing f = of_kind(submit ? Framing::Kind::Submit : Framing::Kind::HandOver, head_bytes);
    f.body_bytes = h.length;
    if (submit) {
        f.content_type = h.content_type;
        f.close = h.close;
    }
    return f;
}

}  // namespace yishi::server
