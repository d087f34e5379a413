// directory.cpp — the controller of the directory of social organisations (see directory.hpp).
#include "model/directory.hpp"

#include <algorithm>

#include "model/net.hpp"

namespace yishi::client {

namespace {

constexpr size_t kPageSize = 20;            // organisations per page

// The server's error message, or a generic one when there was no answer.
std::string error_of(const HttpResponse& r) {
    if (std::string m = wire::error_message_of(r.body); !m.empty()) return m;
    return r.status == 0 ? "no connection" : "HTTP " + std::to_string(r.status);
}

std::string search_key(const DirectoryState& d) {
    return d.query + '\x1f' + std::to_string(d.district) + '\x1f' + std::to_string(d.type);
}

core::OrgQuery query_of(const DirectoryState& d, size_t offset) {
    core::OrgQuery q;
    q.q = d.query;
    if (d.district > 0 && d.district <= static_cast<int>(d.districts.size())) q.district = d.districts[d.district - 1];
    if (d.type > 0) q.type = static_cast<core::OrgType>(d.type - 1);
    q.limit = kPageSize;
    q.offset = offset;
    return q;
}

// The local copy answers at once (and offline) once it is complete.
void search_locally(DirectoryState& d, bool next_page) {
    d.sent = search_key(d);
    ++d.serial;  // answers of server searches still on their way are now stale
    d.loading = false;
    d.error.clear();
    if (!next_page) d.items.clear(), d.open.reset();
    const core::OrgHits hits = d.cache.index().search(query_of(d, d.items.size()));
    for (const core::Org* o : hits.items) d.items.push_back(*o);
    d.total = hits.total;
}

void search_directory(DirectoryState& d, Net& net, bool next_page) {
    if (d.cache.ready()) return search_locally(d, next_page);
    const std::string key = search_key(d);
    const int serial = ++d.serial;
    d.sent = key;
    d.loading = true;
    net.get(orgs_search_path(query_of(d, next_page ? d.items.size() : 0)), [&d, serial, next_page](const HttpResponse& r) {
        if (serial != d.serial) return;  // a newer search has been sent since
        d.loading = false;
        if (r.status != 200) {
            d.error = error_of(r);
            return;
        }
        const auto body = wire::parse_json(r.body);
        auto orgs = wire::decode_org_list(body);
        if (!orgs) {
            d.error = core::error_code(orgs.error());
            return;
        }
        d.error.clear();
        if (!next_page) d.items.clear(), d.open.reset();
        for (auto& o : orgs.value()) d.items.push_back(std::move(o));
        d.total = static_cast<size_t>(std::max<int64_t>(0, wire::json_int(body, "total")));
    });
}

constexpr size_t kSyncPage = 2000;          // records per /api/orgs/changes request
constexpr const char* kKeepDirectorySetting = "directory.offline_copy";  // LocalStore setting: "off" or "on"
constexpr double kSyncRetrySeconds = 30.0;  // after a failed sync (offline, server down)

// Brings the local copy up to date, one page per call while pages keep coming.
void sync_directory(DirectoryState& d, Account& me, double now, Net& net) {
    if (!d.cache_opened) {
        d.cache_opened = true;
        d.offline_copy_wanted = me.store.setting(kKeepDirectorySetting) != "off";
        if (!d.cache_path.empty()) d.cache.open(d.cache_path);
    }
    if (!d.cache.usable() || d.synced || d.syncing || now < d.next_sync || !d.offline_copy_wanted) return;
    // Until the copy is complete, searches go to the server: the first results must not wait behind
    // a page of the copy, and a metered or slow connection (the platform says) builds no copy at all.
    if (!d.cache.ready() && (d.loading || d.sent.empty() || !d.offline_copy_allowed)) return;
    d.syncing = true;
    const std::string path = "/api/orgs/changes?since=" + std::to_string(d.cache.since()) +
                             "&limit=" + std::to_string(kSyncPage);
    net.get(path, [&d, now](const HttpResponse& r) {
        d.syncing = false;
        if (!d.offline_copy_wanted) return;   // turned off while this page was on its way
        auto body = wire::parse_json(r.body);
        auto orgs = wire::decode_org_list(body);
        const auto& done_field = wire::json_field(body, "done");
        const auto& since_field = wire::json_field(body, "next_since");
        if (r.status != 200 || !orgs || !done_field.is_boolean() || !since_field.is_number_integer()) {
            d.next_sync = now + kSyncRetrySeconds;
            return;
        }
        const std::vector<core::Org>& page = orgs.value();
        const bool done = done_field.get<bool>();
        const bool was_ready = d.cache.ready();
        if (!d.cache.apply(page, since_field.get<int64_t>(), done)) {
            d.next_sync = now + kSyncRetrySeconds;
            return;
        }
        d.synced_records += page.size();
        d.synced = done;
        if (d.persist) d.persist();
        if (d.cache.ready() && (!was_ready || !page.empty())) {
            d.districts = d.cache.index().districts();
            if (!d.open) d.sent.clear();  // search again, now locally (not under an open record: it would close)
        }
    });
}

// The resident's offline-copy setting, kept on this device. Off: the copy is deleted (its storage given
// back) and searches ask the server; on: the copy is built again in the background.
void set_keep_directory(DirectoryState& d, Account& me, bool keep) {
    me.store.set_setting(kKeepDirectorySetting, keep ? "on" : "off");
    d.offline_copy_wanted = keep;
    d.synced = false;
    d.synced_records = 0;
    d.next_sync = 0;
    if (!keep && d.cache.usable()) {
        const bool was_ready = d.cache.ready();
        // On failure the rows stay in the file but unused (ready() is false): searches still ask the server.
        static_cast<void>(d.cache.clear());
        if (d.persist) d.persist();
        if (was_ready && !d.open) d.sent.clear();  // search again, now on the server
    }
}

constexpr size_t kLinkedLimit = 50;         // consultations listed on an organisation's page

// The consultations that name the open organisation; an answer for another organisation is dropped.
void load_linked_consultations(DirectoryState& d, Net& net) {
    const int64_t id = d.items[*d.open].id;
    d.linked_for = id;
    d.linked_loading = true;
    d.linked.clear();
    d.linked_error.clear();
    net.get("/api/orgs/" + std::to_string(id) + "/consultations?limit=" + std::to_string(kLinkedLimit),
            [&d, id](const HttpResponse& r) {
                if (d.linked_for != id) return;
                d.linked_loading = false;
                if (r.status != 200) return void(d.linked_error = error_of(r));
                auto list = wire::decode_consultation_list(r.body);
                if (list) d.linked = std::move(list.value());
                else d.linked_error = core::error_code(list.error());
            });
}

}  // namespace

void apply_directory_commands(DirectoryState& d, const DirectoryCommands& c, Account& me, Net& net) {
    if (c.load_more && !d.loading) search_directory(d, net, true);
    if (c.open_org) d.open = c.open_org, d.linked_for = 0;  // its consultations afresh
    if (c.close_org) d.open.reset();
    if (c.keep_directory) set_keep_directory(d, me, *c.keep_directory);
}

bool tick_directory(DirectoryState& d, Account& me, bool shown, double now, Net& net) {
    if (!shown) return false;
    sync_directory(d, me, now, net);
    bool changed = false;
    if (d.open && *d.open < d.items.size() && d.items[*d.open].id != d.linked_for) {
        load_linked_consultations(d, net);
        changed = true;
    }
    if (d.cache.ready() && d.districts.empty()) d.districts = d.cache.index().districts();
    if (!d.districts_requested && d.districts.empty()) {
        d.districts_requested = true;
        net.get("/api/orgs/districts", [&d](const HttpResponse& r) {
            auto body = wire::parse_json(r.body);
            if (r.status != 200 || !wire::json_field(body, "districts").is_array()) {
                d.districts_requested = false;  // ask again on a later frame
                return;
            }
            d.districts.clear();
            for (const auto& x : body["districts"]) if (x.is_string()) d.districts.push_back(x.get<std::string>());
        });
        changed = true;
    }
    if (search_key(d) != d.sent) {  // the query or a filter changed: search from the first page
        search_directory(d, net, false);
        changed = true;
    }
    return changed;
}

}  // namespace yishi::client
