// routes.hpp — every screen has an address: the part of the URL after '#', so that a link shared in a
// WeChat group opens that screen, and the browser's Back and Forward move between screens.
//
//   #/                 home: the community's consultations
//   #/c/12             consultation 12 (#/c/12/vote: the same page, whose ballot is in it)
//   #/orgs?q=养老      the organisation directory, searched
//   #/join?code=…      我的 with the enrolment code filled in
//   #/me  #/feedback  #/queue  #/committee  #/moderation
//
// route_of() says where the state is; apply_route() turns an address into the Commands a person
// would have given to get there (and fills the text fields it carries). The platform keeps the two
// in step with the browser's history (platform_web.cpp).
#pragma once
#include <string>
#include <string_view>

namespace yishi::client {

struct AppState;
struct Commands;

std::string route_of(const AppState& st);                                // "#/c/12", "#/orgs?q=%E5%85%BB%E8%80%81", …
void apply_route(AppState& st, std::string_view hash, Commands& cmds);   // an address → commands (unknown: home)
std::string url_decode(std::string_view s);                              // %XX and '+' decoded; bad escapes kept as typed

}  // namespace yishi::client
