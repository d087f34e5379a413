// directory_cache.cpp — see directory_cache.hpp.
#include "model/directory_cache.hpp"

#include "model/net.hpp"
#include "yishi/directory_store.hpp"

namespace yishi::client {

namespace {
constexpr const char* kSyncedKey = "orgs_synced_seq";   // meta key: last server sequence applied
constexpr const char* kCompleteKey = "orgs_complete";   // meta key: "1" once a sync has finished
}  // namespace

bool DirectoryCache::open(const std::string& path) {
    auto store = core::Store::open(path, {core::Journal::Memory});
    if (!store) return false;
    store_.emplace(std::move(store.value()));
    auto seq = store_->meta(kSyncedKey);
    since_ = seq && !seq->empty() ? std::stoll(seq.value()) : 0;
    auto complete = store_->meta(kCompleteKey);
    if (complete && complete.value() == "1") ready_ = rebuild_index().ok();
    return true;
}

core::Status DirectoryCache::apply(const std::vector<core::Org>& page, int64_t next_since, bool done) {
    if (!store_) return core::Error::StoreOpen;
    if (!page.empty()) {
        if (auto counts = core::upsert_orgs(*store_, page); !counts) return counts.error();
    }
    // Written after the page: a crash in between re-fetches the page, and upserts are idempotent.
    if (auto st = store_->set_meta(kSyncedKey, std::to_string(next_since)); !st) return st;
    since_ = next_since;
    if (!done) return core::Ok{};
    if (auto st = store_->set_meta(kCompleteKey, "1"); !st) return st;
    if (page.empty() && ready_) return core::Ok{};  // nothing changed since the last sync
    auto st = rebuild_index();
    ready_ = st.ok();
    return st;
}

// The resident turned the offline copy off: the rows go and the file shrinks (VACUUM), so that the
// phone's storage is given back; a later sync starts from the beginning.
core::Status DirectoryCache::clear() {
    if (!store_) return core::Error::StoreOpen;
    ready_ = false;
    since_ = 0;
    index_.build({});
    if (auto st = store_->exec("DELETE FROM orgs"); !st) return st;
    if (auto st = store_->set_meta(kSyncedKey, "0"); !st) return st;
    if (auto st = store_->set_meta(kCompleteKey, "0"); !st) return st;
    return store_->exec("VACUUM");
}

core::Status DirectoryCache::rebuild_index() {
    auto orgs = core::load_orgs(*store_);
    if (!orgs) return orgs.error();
    index_.build(std::move(orgs.value()));
    return core::Ok{};
}

std::string orgs_search_path(const core::OrgQuery& q) {
    std::string path = "/api/orgs?limit=" + std::to_string(q.limit) + "&offset=" + std::to_string(q.offset);
    if (!q.q.empty()) path += "&q=" + url_encode(q.q);
    if (!q.district.empty()) path += "&district=" + url_encode(q.district);
    if (q.type) path += "&type=" + std::string(core::org_type_code(*q.type));
    return path;
}

}  // namespace yishi::client
