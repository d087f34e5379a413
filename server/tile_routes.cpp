// tile_routes.cpp — the log as static, cacheable files (C2SP tlog-tiles; docs/api.md "The log as tiles",
// docs/protocol.md §15), so auditors mirror it without asking the server to compute any proof.
//
// GET /log/checkpoint                     the latest signed head (same note as /api/tree-head)
// GET /log/tile/<L>/<N>[.p/<W>]           hash tiles, from the writer's in-memory tree, within the head
// GET /log/tile/entries/<N>[.p/<W>]       tlog-tiles entry bundles: each entry is the leaf data,
//                                         envelope id || signature (96 bytes), hashing to the level-0 tile
// GET /log/tile/envelopes/<N>[.p/<W>]     Yishi envelope bundles: each record is 0x01 || wire, or
//                                         0x02 || id || signature for an entry whose bytes are withheld
//                                         (ballot_key_bind: ballot secrecy; a comment, proposal, feedback
//                                         or enrolment (display name) hidden by a moderator)
// Hash tiles and entry bundles never change once served (a partial tile of width W is always the same
// W hashes), so they carry `Cache-Control: public, max-age=31536000, immutable`. Envelope bundles may
// change when a moderator hides or restores something, so they are revalidated after a minute. The
// paths are outside /api/, so they are meant to be cached by a reverse proxy or CDN in front.
#include <mutex>

#include "database.hpp"
#include "routes.hpp"
#include "yishi/envelope.hpp"
#include "yishi/sql.hpp"
#include "yishi/tiles.hpp"

namespace yishi::server {
namespace {

constexpr const char* kImmutable = "public, max-age=31536000, immutable";
constexpr const char* kEnvelopeBundleCache = "public, max-age=60";
constexpr int64_t kBallotKeyBindKind = 15;   // withheld: the bind links an identity to a ballot key

// One read-only connection for the bundles (a bundle is one indexed range read of at most 256 rows).
struct BundleReader {
    std::mutex mutex;
    std::string path;
    std::optional<core::Store> store;
    std::unique_ptr<core::StatementCache> sql;
};

void send_bytes(httplib::Response& res, core::Bytes bytes, const char* cache) {
    res.set_header("Cache-Control", cache);
    res.set_content(std::string(bytes.begin(), bytes.end()), "application/octet-stream");
}

void send_missing(httplib::Response& res, const std::string& path, uint64_t published) {
    send_error(res, 404, "unknown_tile",
               path + " is not a tile of the latest signed head (" + std::to_string(published) +
                   " entries); paths and widths as in C2SP tlog-tiles");
}

// Rows [first, first + width) of the log, as entry-bundle entries or envelope-bundle records.
core::Result<core::Bytes> read_bundle(BundleReader& r, core::TileKind kind, uint64_t first, unsigned width) {
    std::lock_guard lock(r.mutex);
    if (!r.store) {
        auto store = open_database(r.path, {.read_only = true});
        if (!store) return store.error();
        r.store.emplace(std::move(store.value()));
        r.sql = std::make_unique<core::StatementCache>(r.store->handle());
    }
    // Hidden by a moderator: a comment, a proposal, a feedback text, or an enrolment's display name.
    auto q = (*r.sql)("SELECT e.log_index, e.id, e.wire, e.kind, coalesce(c.hidden, p.hidden, f.hidden, n.hidden, 0) "
                      "FROM envelopes e LEFT JOIN comments c ON c.log_index = e.log_index "
                      "LEFT JOIN proposals p ON p.id = e.id LEFT JOIN feedback f ON f.id = e.id "
                      "LEFT JOIN residents n ON n.enroll_id = e.id "
                      "WHERE e.log_index >= ? AND e.log_index < ? ORDER BY e.log_index");
    q.bind(1, static_cast<int64_t>(first)).bind(2, static_cast<int64_t>(first + width));
    std::vector<core::Bytes> items;
    while (q.step() == SQLITE_ROW) {
        const core::ByteView id = q.blob(1), wire = q.blob(2);
        if (q.int64(0) != static_cast<int64_t>(first + items.size()) || id.size() != core::kHashSize ||
            wire.size() < core::kSignatureSize)
            return core::Error::StoreQuery;
        core::Hash h{};
        core::Signature sig{};
        std::copy(id.begin(), id.end(), h.begin());
        std::copy(wire.end() - core::kSignatureSize, wire.end(), sig.begin());
        if (kind == core::TileKind::Entries) {
            core::Bytes leaf(h.begin(), h.end());
            leaf.insert(leaf.end(), sig.begin(), sig.end());
            items.push_back(std::move(leaf));
        } else if (q.int64(3) == kBallotKeyBindKind || q.int64(4) != 0) {
            items.push_back(core::envelope_record_withheld(h, sig));
        } else {
            items.push_back(core::envelope_record_wire(wire));
        }
    }
    if (items.size() != width) return core::Error::StoreQuery;
    return kind == core::TileKind::Entries ? core::encode_entry_bundle(items) : core::encode_envelope_bundle(items);
}

}  // namespace

void install_tile_routes(httplib::Server& http, ServerContext& ctx) {
    auto reader = std::make_shared<BundleReader>();
    reader->path = ctx.store.handle()->location();
    http.Get("/log/checkpoint", [&ctx](const httplib::Request&, httplib::Response& res) {
        res.set_header("Cache-Control", "no-cache");
        res.set_content(ctx.ledger->checkpoint_note(), "text/plain; charset=utf-8");
    });
    http.Get(R"(/log/(tile/.+))", [&ctx, reader](const httplib::Request& req, httplib::Response& res) {
        const std::string path = req.matches[1].str();
        const uint64_t published = ctx.ledger->published_size();
        auto t = core::parse_tile_path(path);
        if (!t) return send_missing(res, path, published);
        if (t->kind == core::TileKind::Hashes) {
            auto hashes = ctx.ledger->tile_hashes(t->level, t->index, t->width);
            if (!hashes) return send_missing(res, path, published);
            return send_bytes(res, std::move(hashes.value()), kImmutable);
        }
        if (t->width > core::tile_width_at(0, t->index, published)) return send_missing(res, path, published);
        auto bundle = read_bundle(*reader, t->kind, t->index * core::kTileWidth, t->width);
        if (!bundle) return send_core_error(res, bundle.error());
        send_bytes(res, std::move(bundle.value()),
                   t->kind == core::TileKind::Entries ? kImmutable : kEnvelopeBundleCache);
    });
}

}  // namespace yishi::server
