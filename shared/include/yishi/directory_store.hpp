// directory_store.hpp — organisations in the SQLite store: upsert, load, delta since a sequence.
#pragma once
#include <cstdint>
#include <vector>

#include "yishi/directory.hpp"
#include "yishi/store.hpp"

namespace yishi::core {

struct UpsertCounts {
    size_t inserted = 0;   // new organisations
    size_t updated = 0;    // existing ones (same credit code, or same filed name/place) replaced
};

// Inserts or replaces each organisation in one transaction: all or nothing. A non-zero Org::id is
// kept for new rows (a browser cache mirrors the server's ids); zero lets the store number it.
Result<UpsertCounts> upsert_orgs(Store& store, const std::vector<Org>& orgs);
// Organisations changed after since_seq, in change order, at most limit (0: all); ids and
// updated_seq set. A client syncs by asking again from the last updated_seq it received.
Result<std::vector<Org>> load_orgs(Store& store, int64_t since_seq = 0, size_t limit = 0);
Result<int64_t> orgs_sequence(Store& store);                               // latest change sequence (0 if none)
Result<size_t> count_orgs(Store& store);                                   // rows in the directory

}  // namespace yishi::core
