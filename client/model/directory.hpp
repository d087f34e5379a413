// directory.hpp — the directory of social organisations (社会组织名录): search with filters, one
// organisation's record and the consultations naming it, and the local copy kept on the device.
//
// State and its controller (directory.cpp); the view is view_directory.cpp. Searches go to the server
// (GET /api/orgs) until the local copy (directory_cache.hpp) is complete, then are answered on the
// device at once, offline too; the copy is built in the background from GET /api/orgs/changes unless
// the resident turned it off or the platform says the link is metered or slow.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "model/account.hpp"
#include "model/directory_cache.hpp"
#include "wire.hpp"
#include "yishi/directory.hpp"

namespace yishi::client {

class Net;

inline constexpr int kOrgTypeCount = 4;  // social_group, social_service, foundation, community

struct DirectoryState {
    std::string query;                     // the search field (edited by the view)
    int district = 0;                      // 0 = all, else districts[district - 1]
    int type = 0;                          // 0 = all, else core::OrgType(type - 1)
    std::vector<std::string> districts;    // from /api/orgs/districts
    bool districts_requested = false;
    std::string sent;                      // the search the shown results answer (query|district|type)
    int serial = 0;                        // newest request; older answers are dropped
    bool loading = false;
    std::string error;                     // the server's message when a search failed
    std::vector<core::Org> items;          // results so far (pages appended)
    size_t total = 0;                      // all matches
    std::optional<size_t> open;            // index into items of the organisation being shown
    // The local copy (directory_cache.hpp): searched instead of the server once complete.
    DirectoryCache cache;
    std::string cache_path;                // where the platform keeps it ("" = none)
    std::function<void()> persist;         // the platform's hook after the cache file changed
    bool cache_opened = false;
    bool syncing = false;                  // a page of /api/orgs/changes is on its way
    bool synced = false;                   // this session has caught up with the server
    double next_sync = 0;                  // when to try again after a failed sync (seconds)
    size_t synced_records = 0;             // records received this session (progress)
    bool offline_copy_allowed = true;      // false on saveData or a 2G-class link (the platform decides)
    bool offline_copy_wanted = true;       // the resident's setting, kept on this device (LocalStore)
    // The consultations naming the open organisation (GET /api/orgs/{id}/consultations).
    int64_t linked_for = 0;                // the organisation they were asked for (0 = none yet)
    bool linked_loading = false;
    std::string linked_error;              // the server's message when the request failed
    std::vector<wire::ConsultationSummary> linked;
};

struct DirectoryCommands {
    std::optional<size_t> open_org;        // a result row was pressed
    bool close_org = false;                // back from an organisation to the list
    bool load_more = false;                // the next page of results
    std::optional<bool> keep_directory;    // the offline-copy setting was changed to this
};

// The account's local store keeps the offline-copy setting.
void apply_directory_commands(DirectoryState& d, const DirectoryCommands& c, Account& me, Net& net);
// While the directory is `shown`: the districts, searches as the fields change, the record's
// consultations and the local copy's next page. True if a request was sent.
bool tick_directory(DirectoryState& d, Account& me, bool shown, double now, Net& net);

}  // namespace yishi::client
