// directory_cache.hpp — the browser's own copy of the organisation directory.
//
// A SQLite file (wasm SQLite, persisted in IndexedDB by the page) mirrors the server's directory:
// the app fetches /api/orgs/changes?since=N page by page and upserts each page, remembering N in
// the file's meta table. Once a sync completes, searches run here, in the same DirectoryIndex the
// server uses: instant, and still working offline. Browsers may evict site storage, so this is a
// cache: losing it costs one re-sync, nothing else.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "yishi/directory.hpp"
#include "yishi/store.hpp"

namespace yishi::client {

class DirectoryCache {
public:
    bool open(const std::string& path);           // open or create; false leaves the cache unusable
    bool usable() const { return store_.has_value(); }
    bool ready() const { return ready_; }         // a complete copy is indexed and searchable
    int64_t since() const { return since_; }      // the change sequence to sync from
    // Stores one page of changes; `done` says it was the last. The index is rebuilt when done.
    core::Status apply(const std::vector<core::Org>& page, int64_t next_since, bool done);
    const core::DirectoryIndex& index() const { return index_; }
    core::Status reload() { return rebuild_index(); }  // re-reads the file into the index (benchmarks)
    core::Status clear();                         // forgets the copy (rows, sync position) and frees its space
private:
    core::Status rebuild_index();
    std::optional<core::Store> store_;
    core::DirectoryIndex index_;
    int64_t since_ = 0;
    bool ready_ = false;
};

// The server's search for `q` when the copy is not ready: GET /api/orgs with its limit, offset and the
// filters it sets (the directory screen and the wizard's organisation picker).
std::string orgs_search_path(const core::OrgQuery& q);

}  // namespace yishi::client
