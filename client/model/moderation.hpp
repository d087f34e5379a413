// moderation.hpp — the moderator's workspace (内容管理) and the browser downloads of a consultation's
// exports.
//
// State only; the controller is moderation.cpp and the views are view_moderation.cpp (the workspace)
// and view_consultation.cpp (the 导出 buttons). A moderator is a key holding the `moderator` role
// (the account's resident record, GET /api/residents/{hex}, docs/api.md); the workspace lists the
// reported comments of the role's region (GET /api/moderation/queue), or its needs, feedback texts or
// display names, newest first (GET /api/moderation/content), and signs `moderate` envelopes (hide /
// restore, with a reason) through the account's sign_and_queue (account.hpp), so the outbox orders
// them with everything else the key signs.
// The server's answer is shown next to the action; a typed reason stays until the server accepts.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "model/account.hpp"
#include "model/journeys.hpp"
#include "model/note.hpp"
#include "model/screen.hpp"

namespace yishi::client {

// Which list the workspace shows: what residents reported, or the region's other content.
enum class ModerationList { Reported, Needs, Feedback, Names };

struct ModerationItem {
    CommentInfo comment;                             // as the queue reports it (text "" when hidden); for a
                                                     // need, feedback or name: its text, author and id
    std::string title;                               // a need's title
    ModerationList list = ModerationList::Reported;  // the list it came from
    uint64_t consultation = 0;
    uint32_t region = 0;                             // the region whose queue listed it
    int64_t reports = 0;                             // distinct residents who reported it
    std::string last_action;                         // "hide", "restore" or "" (the latest moderation)
};

// What this moderator did in this visit: kept so a hidden comment can be restored after it left the queue.
struct ModerationAct {
    ModerationItem item;
    bool hide = true;                                // hide, else restore
    std::string reason;
    std::string action;                              // outbox action ("moderate:<comment hex>")
};

struct ModerationState {
    // The account's moderator regions (Account::moderator_regions) the workspace was last shown for.
    std::vector<std::pair<uint32_t, std::string>> regions;  // (id, name)
    int region_index = 0;                            // which of `regions` the workspace shows
    ModerationList list = ModerationList::Reported;  // which list of it
    // That list of the chosen region.
    std::vector<ModerationItem> queue;
    int64_t total = 0;
    bool loading = false, stale = true;
    std::string error;                               // the server's code when the queue failed to load
    int serial = 0;                                  // newest queue request; older answers are dropped
    std::map<uint64_t, std::string> titles;          // consultation id → title
    std::set<uint64_t> titles_asked;
    std::map<std::string, std::string> reasons;      // comment hex → the reason being typed (edited by the view)
    std::vector<ModerationAct> acted;                // this visit, oldest first
    std::set<std::string> watching;                  // outbox actions not yet answered by the server
    std::optional<Note> form_error;                  // a check before signing failed
    std::string form_error_for;                      // for which comment
    // Exports (view_consultation.cpp).
    uint64_t export_for = 0;                         // the consultation the outcome below is about
    std::string export_saved;                        // the file name the last export was saved as
    std::string export_error;                        // why the last export failed (an error code), else ""
    bool exporting = false;
};

struct ModerationCommands {
    bool open = false, back = false, refresh = false;
    std::optional<int> region_index;                 // another moderated region was chosen
    std::optional<ModerationList> list;              // another list was chosen
    std::optional<std::string> hide, restore;        // comment hex
    std::optional<std::pair<std::string, std::string>> quick_reason;  // comment hex, reason text
    std::optional<std::pair<uint64_t, bool>> export_file;  // consultation, true = CSV (else JSON)
};

bool is_moderator(const ModerationState& m);                                       // holds a moderator role
void apply_moderation_commands(ModerationState& m, const ModerationCommands& c, Account& me, Net& net);
// Follows the account's moderator regions, reads the queue while the workspace is `shown`, and the
// outcomes of the moderations signed here.
bool tick_moderation(ModerationState& m, const Account& me, Screen shown, Net& net);

}  // namespace yishi::client
