// routes.cpp — addresses of screens (see routes.hpp).
#include "routes.hpp"

#include <cctype>
#include <charconv>
#include <string>

#include "app.hpp"
#include "model/net.hpp"

namespace yishi::client {

namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// The value of `key` in a query string "a=1&b=2" (decoded), or "".
std::string query_value(std::string_view query, std::string_view key) {
    while (!query.empty()) {
        const size_t amp = query.find('&');
        const std::string_view pair = query.substr(0, amp);
        const size_t eq = pair.find('=');
        if (pair.substr(0, eq) == key) return eq == std::string_view::npos ? "" : url_decode(pair.substr(eq + 1));
        if (amp == std::string_view::npos) break;
        query.remove_prefix(amp + 1);
    }
    return {};
}

}  // namespace

std::string url_decode(std::string_view s) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '+') {
            out += ' ';
        } else if (s[i] == '%' && i + 2 < s.size() && hex_value(s[i + 1]) >= 0 && hex_value(s[i + 2]) >= 0) {
            out += static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

std::string route_of(const AppState& st) {
    switch (st.screen) {
        case Screen::Home: return st.journeys.open ? "#/c/" + std::to_string(*st.journeys.open) : "#/";
        case Screen::Directory: return st.directory.query.empty() ? "#/orgs" : "#/orgs?q=" + url_encode(st.directory.query);
        case Screen::Feedback: return "#/feedback";
        case Screen::FeedbackQueue: return "#/queue";
        case Screen::Me: return "#/me";
        case Screen::Committee: return "#/committee";
        case Screen::Moderation: return "#/moderation";
    }
    return "#/";
}

void apply_route(AppState& st, std::string_view hash, Commands& cmds) {
    if (!hash.empty() && hash.front() == '#') hash.remove_prefix(1);
    if (!hash.empty() && hash.front() == '/') hash.remove_prefix(1);
    const size_t q = hash.find('?');
    const std::string_view query = q == std::string_view::npos ? std::string_view() : hash.substr(q + 1);
    const std::string_view path = hash.substr(0, q);

    if (path.substr(0, 2) == "c/") {
        std::string_view id = path.substr(2);
        id = id.substr(0, id.find('/'));  // "12/vote" → "12"
        uint64_t n = 0;
        const auto [end, ec] = std::from_chars(id.data(), id.data() + id.size(), n);
        if (ec == std::errc() && end == id.data() + id.size() && n > 0) {
            cmds.j.open_consultation = n;
            return;
        }
    }
    Screen to = Screen::Home;
    if (path == "orgs") {
        to = Screen::Directory;
        st.directory.query = query_value(query, "q");
    } else if (path == "join") {
        to = Screen::Me;
        if (const std::string code = query_value(query, "code"); !code.empty()) st.account.enroll_code = code;
    } else if (path == "me") {
        to = Screen::Me;
    } else if (path == "feedback") {
        to = Screen::Feedback;
    } else if (path == "queue") {
        to = Screen::FeedbackQueue;
    } else if (path == "committee") {
        to = Screen::Committee;
    } else if (path == "moderation") {
        to = Screen::Moderation;
    }
    cmds.go = to;
    if (st.journeys.open) cmds.j.close_consultation = true;
}

}  // namespace yishi::client
