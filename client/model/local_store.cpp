// local_store.cpp — see local_store.hpp.
#include "model/local_store.hpp"

#include "yishi/sql.hpp"

namespace yishi::client {

namespace {
constexpr const char* kSchema =   // one transaction: one journal commit on a new file
    "BEGIN;"
    "CREATE TABLE IF NOT EXISTS client_identity(id INTEGER PRIMARY KEY CHECK (id = 1), seed BLOB NOT NULL);"
    "CREATE TABLE IF NOT EXISTS client_sequences(author TEXT PRIMARY KEY, last INTEGER NOT NULL);"
    "CREATE TABLE IF NOT EXISTS client_outbox(id INTEGER PRIMARY KEY AUTOINCREMENT, envelope_id TEXT NOT NULL,"
    " kind TEXT NOT NULL, consultation INTEGER NOT NULL, action TEXT NOT NULL, wire BLOB NOT NULL,"
    " state INTEGER NOT NULL DEFAULT 0, error_code TEXT NOT NULL DEFAULT '', log_index INTEGER NOT NULL DEFAULT -1);"
    "CREATE TABLE IF NOT EXISTS client_drafts(key TEXT PRIMARY KEY, text TEXT NOT NULL);"
    "CREATE TABLE IF NOT EXISTS client_settings(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "CREATE TABLE IF NOT EXISTS client_cache(path TEXT PRIMARY KEY, body TEXT NOT NULL);"
    "CREATE TABLE IF NOT EXISTS client_log_head(id INTEGER PRIMARY KEY CHECK (id = 1), origin TEXT NOT NULL,"
    " size INTEGER NOT NULL, root BLOB NOT NULL);"
    "COMMIT;";
}  // namespace

bool LocalStore::open(const std::string& path) {
    // Only the client's own tables: the ledger's schema (and its migrations) is the server's. Creating
    // it here delayed the first frame of every first visit by 50–85 ms in headless Chromium on these
    // machines (bench/bench_network.mjs, issue 19), and kept SQLite's ALTER TABLE code in start-up.
    auto store = core::Store::open(path, {.journal = core::Journal::Memory, .ledger = false});
    if (!store) return false;
    if (!store->exec(kSchema)) return false;
    store_.emplace(std::move(store.value()));
    return true;
}

std::optional<core::Bytes> LocalStore::seed() {
    if (!store_) return std::nullopt;
    core::StatementCache sql(store_->handle());
    auto q = sql("SELECT seed FROM client_identity WHERE id = 1");
    if (q.step() != SQLITE_ROW) return std::nullopt;
    auto b = q.blob(0);
    return core::Bytes(b.begin(), b.end());
}

bool LocalStore::set_seed(core::ByteView seed) {
    if (!store_) return false;
    core::StatementCache sql(store_->handle());
    return sql("INSERT OR REPLACE INTO client_identity(id, seed) VALUES (1, ?)").bind(1, seed).run();
}

uint64_t LocalStore::last_sequence(const std::string& author_hex) {
    if (!store_) return 0;
    core::StatementCache sql(store_->handle());
    auto q = sql("SELECT last FROM client_sequences WHERE author = ?");
    return q.bind(1, std::string_view(author_hex)).step() == SQLITE_ROW ? static_cast<uint64_t>(q.int64(0)) : 0;
}

bool LocalStore::set_last_sequence(const std::string& author_hex, uint64_t seq) {
    if (!store_) return false;
    core::StatementCache sql(store_->handle());
    return sql("INSERT INTO client_sequences(author, last) VALUES (?, ?) "
               "ON CONFLICT(author) DO UPDATE SET last = max(last, excluded.last)")
        .bind(1, std::string_view(author_hex)).bind(2, static_cast<int64_t>(seq)).run();
}

bool LocalStore::add(OutboxItem& item) {
    if (!store_) return false;
    core::StatementCache sql(store_->handle());
    bool ok = sql("INSERT INTO client_outbox(envelope_id, kind, consultation, action, wire) VALUES (?,?,?,?,?)")
                  .bind(1, std::string_view(item.envelope_id)).bind(2, std::string_view(item.kind))
                  .bind(3, static_cast<int64_t>(item.consultation)).bind(4, std::string_view(item.action))
                  .bind(5, core::ByteView(item.wire)).run();
    if (ok) item.id = sqlite3_last_insert_rowid(store_->sqlite());
    return ok;
}

bool LocalStore::mark(int64_t id, OutboxState state, const std::string& error_code, int64_t log_index) {
    if (!store_) return false;
    core::StatementCache sql(store_->handle());
    return sql("UPDATE client_outbox SET state = ?, error_code = ?, log_index = ? WHERE id = ?")
        .bind(1, int64_t{static_cast<int>(state)}).bind(2, std::string_view(error_code)).bind(3, log_index)
        .bind(4, id).run();
}

std::vector<OutboxItem> LocalStore::items(size_t limit) {
    std::vector<OutboxItem> out;
    if (!store_) return out;
    core::StatementCache sql(store_->handle());
    auto q = sql("SELECT id, envelope_id, kind, consultation, action, wire, state, error_code, log_index FROM "
                 "(SELECT * FROM client_outbox ORDER BY id DESC LIMIT ?) ORDER BY id");
    q.bind(1, static_cast<int64_t>(limit));
    while (q.step() == SQLITE_ROW) {
        OutboxItem it;
        it.id = q.int64(0);
        it.envelope_id = q.text(1);
        it.kind = q.text(2);
        it.consultation = static_cast<uint64_t>(q.int64(3));
        it.action = q.text(4);
        auto w = q.blob(5);
        it.wire.assign(w.begin(), w.end());
        it.state = static_cast<OutboxState>(q.int64(6));
        it.error_code = q.text(7);
        it.log_index = q.int64(8);
        out.push_back(std::move(it));
    }
    return out;
}

std::string LocalStore::draft(const std::string& key) {
    if (!store_) return {};
    core::StatementCache sql(store_->handle());
    auto q = sql("SELECT text FROM client_drafts WHERE key = ?");
    return q.bind(1, std::string_view(key)).step() == SQLITE_ROW ? q.text(0) : std::string();
}

bool LocalStore::set_draft(const std::string& key, const std::string& text) {
    if (!store_) return false;
    core::StatementCache sql(store_->handle());
    if (text.empty()) return sql("DELETE FROM client_drafts WHERE key = ?").bind(1, std::string_view(key)).run();
    return sql("INSERT OR REPLACE INTO client_drafts(key, text) VALUES (?, ?)")
        .bind(1, std::string_view(key)).bind(2, std::string_view(text)).run();
}

std::string LocalStore::setting(const std::string& key) {
    if (!store_) return {};
    core::StatementCache sql(store_->handle());
    auto q = sql("SELECT value FROM client_settings WHERE key = ?");
    return q.bind(1, std::string_view(key)).step() == SQLITE_ROW ? q.text(0) : std::string();
}

bool LocalStore::set_setting(const std::string& key, const std::string& value) {
    if (!store_) return false;
    core::StatementCache sql(store_->handle());
    return sql("INSERT OR REPLACE INTO client_settings(key, value) VALUES (?, ?)")
        .bind(1, std::string_view(key)).bind(2, std::string_view(value)).run();
}

std::optional<std::string> LocalStore::cached(const std::string& path) {
    if (!store_) return std::nullopt;
    core::StatementCache sql(store_->handle());
    auto q = sql("SELECT body FROM client_cache WHERE path = ?");
    if (q.bind(1, std::string_view(path)).step() != SQLITE_ROW) return std::nullopt;
    return q.text(0);
}

bool LocalStore::set_cached(const std::string& path, const std::string& body) {
    if (!store_) return false;
    core::StatementCache sql(store_->handle());
    return sql("INSERT OR REPLACE INTO client_cache(path, body) VALUES (?, ?)")
        .bind(1, std::string_view(path)).bind(2, std::string_view(body)).run();
}

std::optional<LogHead> LocalStore::log_head() {
    if (!store_) return std::nullopt;
    core::StatementCache sql(store_->handle());
    auto q = sql("SELECT origin, size, root FROM client_log_head WHERE id = 1");
    if (q.step() != SQLITE_ROW) return std::nullopt;
    LogHead head{q.text(0), static_cast<uint64_t>(q.int64(1)), {}};
    auto root = q.blob(2);
    if (root.size() != head.root.size()) return std::nullopt;
    std::copy(root.begin(), root.end(), head.root.begin());
    return head;
}

bool LocalStore::set_log_head(const LogHead& head) {
    if (!store_) return false;
    core::StatementCache sql(store_->handle());
    return sql("INSERT OR REPLACE INTO client_log_head(id, origin, size, root) VALUES (1, ?, ?, ?)")
        .bind(1, std::string_view(head.origin)).bind(2, static_cast<int64_t>(head.size))
        .bind(3, core::ByteView(head.root)).run();
}

}  // namespace yishi::client
