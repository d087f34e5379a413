// note.hpp — what the model says to the resident, as data: the views word it in the language shown.
#pragma once
#include <string>
#include <utility>

#include "yishi/i18n.hpp"

namespace yishi::client {

// A message the views translate as they draw it, so that switching the language leaves nothing stale:
// a catalog entry with its {n} and {m} numbers, then `detail` (an error code) as it is.
struct Note {
    Note() = default;
    Note(core::Msg what, long long n1 = 0, long long n2 = 0, std::string code = "", bool new_line = false)  // NOLINT
        : msg(what), n(n1), m(n2), detail(std::move(code)), own_line(new_line) {}
    core::Msg msg = core::Msg::ErrOther;
    long long n = 0, m = 0;
    std::string detail;
    bool own_line = false;                           // after another note: on a line of its own
};

}  // namespace yishi::client
