// admin.cpp — roles, enrolment codes and the ledger check (see admin.hpp).
#include "admin.hpp"

#include <sodium.h>

#include <filesystem>

#include "key_file.hpp"
#include "ledger.hpp"
#include "sql.hpp"
#include "yishi/checkpoint.hpp"
#include "yishi/code_request.hpp"
#include "yishi/envelope.hpp"
#include "yishi/merkle.hpp"
#include "yishi/receipt.hpp"
#include "yishi/region.hpp"

namespace yishi::server {

using namespace yishi::core;

namespace {
// No 0/O, 1/I/L, 5/S, 2/Z: codes are read aloud and typed on phones.
constexpr std::string_view kCodeAlphabet = "346789ABCDEFGHJKMNPQRTUVWXY";
constexpr int64_t kDayMs = 24LL * 3600 * 1000;
}  // namespace

Status add_role(Store& store, const PublicKey& key, Role role, uint32_t region, const std::string& name,
                int64_t now_ms) {
    StatementCache sql(store.handle());
    bool ok = sql("INSERT INTO roles(public_key, role, region, name, added_ms) VALUES (?,?,?,?,?) "
                  "ON CONFLICT(public_key, role, region) DO UPDATE SET name = excluded.name")
                  .bind(1, key).bind(2, std::string_view(role == Role::Committee ? "committee" : "moderator"))
                  .bind(3, int64_t{region}).bind(4, std::string_view(name)).bind(5, now_ms).run();
    return ok ? Status(Ok{}) : Status(Error::StoreQuery);
}

namespace {

// A committee issues codes for its region and every region below it (core::check_scope).
Status check_code_issuer(StatementCache& sql, const PublicKey& committee, uint32_t region) {
    auto target = region_path(sql, region);
    if (!target) return target.error();
    auto q = sql("SELECT region FROM roles WHERE public_key = ?1 AND role = 'committee'");
    q.bind(1, committee);
    bool any = false, allowed = false;
    int rc;
    while ((rc = q.step()) == SQLITE_ROW) {
        any = true;
        auto actor = region_path(sql, static_cast<uint32_t>(q.int64(0)));
        if (!actor) return actor.error();
        if (check_scope(ScopeAction::IssueCodes, actor.value(), target.value())) allowed = true;
    }
    if (rc != SQLITE_DONE) return Error::StoreQuery;
    if (!any) return Error::NotCommittee;
    if (!allowed) return Error::WrongRegion;
    return Ok{};
}

// Inside the caller's transaction: the request's nonce (once), then `count` fresh codes.
Result<std::vector<std::string>> insert_codes(Store& /*store*/, StatementCache& sql, const PublicKey& committee,
                                              uint32_t region, size_t count, int64_t days, int64_t now_ms,
                                              const CodeRequestNonce* nonce) {
    if (auto allowed = check_code_issuer(sql, committee, region); !allowed) return allowed.error();
    if (nonce) {
        auto q = sql("INSERT INTO code_requests(nonce, committee, region, count, at_ms) VALUES (?,?,?,?,?) "
                     "ON CONFLICT DO NOTHING");
        if (!q.bind(1, ByteView(*nonce)).bind(2, committee).bind(3, int64_t{region})
                 .bind(4, static_cast<int64_t>(count)).bind(5, now_ms).run())
            return Error::StoreQuery;
        if (sql.changes() != 1) return Error::RequestReplayed;
    }
    std::vector<std::string> codes;
    while (codes.size() < count) {
        std::string code;
        for (size_t i = 0; i < kEnrollmentCodeChars; ++i) {
            if (i > 0 && i % 4 == 0) code += '-';
            code += kCodeAlphabet[randombytes_uniform(static_cast<uint32_t>(kCodeAlphabet.size()))];
        }
        const Hash h = sha256(as_bytes(code));
        auto q = sql("INSERT INTO enrollment_codes(code_hash, committee, region, issued_ms, expires_ms) "
                     "VALUES (?,?,?,?,?) ON CONFLICT DO NOTHING");
        if (!q.bind(1, h).bind(2, committee).bind(3, int64_t{region}).bind(4, now_ms)
                 .bind(5, now_ms + days * kDayMs).run())
            return Error::StoreQuery;
        if (sql.changes() == 1) codes.push_back(code);   // a collision just draws again
    }
    return codes;
}

}  // namespace

Result<std::vector<std::string>> issue_codes(Store& store, const PublicKey& committee, uint32_t region, size_t count,
                                             int64_t days, int64_t now_ms, const CodeRequestNonce* nonce) {
    StatementCache sql(store.handle());
    if (!sql.exec("BEGIN IMMEDIATE")) return Error::StoreQuery;
    auto codes = insert_codes(store, sql, committee, region, count, days, now_ms, nonce);
    if (!codes || !sql.exec("COMMIT")) {
        (void)sql.exec("ROLLBACK");   // a refusal stores nothing, not even the nonce
        return codes ? Error::StoreQuery : codes.error();
    }
    return codes;
}

Result<LedgerCheck> check_ledger(Store& store) {
    LedgerCheck out;
    auto integrity = store.integrity_check();
    if (!integrity) return integrity.error();
    out.integrity = integrity.value();
    StatementCache sql(store.handle());
    if (!sql.exec("BEGIN")) return Error::StoreQuery;   // one snapshot for all reads
    MerkleTree tree;
    out.leaves_match = true;
    {
        auto q = sql("SELECT e.wire, e.log_index, l.leaf_hash FROM envelopes e "
                     "LEFT JOIN log_leaves l USING (log_index) ORDER BY e.log_index");
        int rc;
        while ((rc = q.step()) == SQLITE_ROW) {
            ++out.envelopes;
            auto s = decode_signed_envelope(q.blob(0));
            auto leaf = s ? envelope_leaf_hash(s.value()) : Result<Hash>(s.error());
            if (!leaf || static_cast<uint64_t>(q.int64(1)) != tree.leaf_count() || q.is_null(2) ||
                q.array<kHashSize>(2) != leaf.value())
                out.leaves_match = false;
            if (leaf) tree.append_leaf_hash(leaf.value());
        }
        if (rc != SQLITE_DONE) return Error::StoreQuery;
    }
    {
        auto q = sql("SELECT count(*) FROM log_leaves");
        if (q.step() != SQLITE_ROW) return Error::StoreQuery;
        out.leaves = static_cast<uint64_t>(q.int64(0));
        if (out.leaves != out.envelopes) out.leaves_match = false;
    }
    std::string origin, note;
    std::vector<PublicKey> keys;   // current and previous log keys: a head may predate a rotation
    {
        auto q = sql("SELECT value FROM meta WHERE key = 'log_origin'");
        if (q.step() == SQLITE_ROW) origin = q.text(0);
    }
    {
        auto q = sql("SELECT public_key FROM server_keys ORDER BY id DESC");
        while (q.step() == SQLITE_ROW) keys.push_back(q.array<kPublicKeySize>(0));
    }
    {
        auto q = sql("SELECT note FROM checkpoints ORDER BY size DESC LIMIT 1");
        if (q.step() == SQLITE_ROW) note = q.text(0);
    }
    (void)sql.exec("COMMIT");
    if (note.empty()) {
        out.checkpoint_ok = out.leaves == 0;   // an empty log has no stored head
        return out;
    }
    Result<Checkpoint> cp = Error::CheckpointUnsigned;
    for (const PublicKey& key : keys)
        if ((cp = open_checkpoint(note, origin, key))) break;
    if (!cp) return out;
    out.checkpoint_size = cp->size;
    auto root = merkle_root(tree, std::min<uint64_t>(cp->size, tree.leaf_count()));
    out.checkpoint_ok = root && cp->size <= tree.leaf_count() && root.value() == cp->root;
    if (root) out.root = root.value();
    return out;
}

Status backup_database(Store& source, const std::string& out_path) {
    if (!source.sqlite()) return Error::StoreUnsupported;   // PostgreSQL: pg_dump (docs/deploy.md)
    std::error_code ec;
    if (std::filesystem::exists(out_path, ec)) return Error::StoreOpen;   // never overwrite
    const std::string tmp = out_path + ".partial";
    for (const char* s : {"", "-wal", "-shm"}) std::filesystem::remove(tmp + s, ec);
    sqlite3* dest = nullptr;
    if (sqlite3_open_v2(tmp.c_str(), &dest, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
        sqlite3_close(dest);
        return Error::StoreOpen;
    }
    // One step copies every page under one read transaction: a consistent snapshot, while a running
    // server keeps writing (WAL). Small steps would restart whenever another connection writes.
    sqlite3_backup* b = sqlite3_backup_init(dest, "main", source.sqlite(), "main");
    int rc = SQLITE_ERROR;
    if (b) {
        do {
            rc = sqlite3_backup_step(b, -1);
            if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(kBackupRetryMs);
        } while (rc == SQLITE_BUSY || rc == SQLITE_LOCKED || rc == SQLITE_OK);
        sqlite3_backup_finish(b);
    }
    // The copy is a WAL database like its source: fold its WAL into the file so it is self-contained.
    const bool ok = rc == SQLITE_DONE &&
                    sqlite3_exec(dest, "PRAGMA wal_checkpoint(TRUNCATE)", nullptr, nullptr, nullptr) == SQLITE_OK;
    sqlite3_close(dest);
    if (!ok) {
        for (const char* s : {"", "-wal", "-shm"}) std::filesystem::remove(tmp + s, ec);
        return Error::StoreQuery;
    }
    for (const char* s : {"-wal", "-shm"}) std::filesystem::remove(tmp + s, ec);
    std::filesystem::rename(tmp, out_path, ec);
    return ec ? Status(Error::StoreOpen) : Status(Ok{});
}

namespace {

// The copy inside the target's transaction: every table of the source, row by row.
Status copy_tables(sqlite3* src, Store& to, CopyReport& report) {
    std::vector<std::string> tables;
    {
        sqlite3_stmt* st = nullptr;
        if (sqlite3_prepare_v2(src, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                               "ORDER BY name", -1, &st, nullptr) != SQLITE_OK)
            return Error::StoreQuery;
        while (sqlite3_step(st) == SQLITE_ROW) tables.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
        sqlite3_finalize(st);
    }
    Connection& dst = *to.handle();
    for (const std::string& table : tables) {
        if (table != "meta") {   // the migrations write meta's first row; every other table must be empty
            auto count = dst.prepare(("SELECT count(*) FROM " + table).c_str());
            if (!count || count->step() != SQLITE_ROW) { report.detail = "the target has no table " + table; return Error::StoreQuery; }
            if (count->column_int64(0) != 0) { report.detail = "the target's " + table + " is not empty"; return Error::StoreQuery; }
        }
        sqlite3_stmt* rows = nullptr;
        if (sqlite3_prepare_v2(src, ("SELECT * FROM " + table).c_str(), -1, &rows, nullptr) != SQLITE_OK) return Error::StoreQuery;
        const int n = sqlite3_column_count(rows);
        std::string insert = "INSERT INTO " + table + "(", values;
        for (int c = 0; c < n; ++c) {
            insert += std::string(c ? ", " : "") + sqlite3_column_name(rows, c);
            values += (c ? ", ?" : "?") + std::to_string(c + 1);
        }
        insert += ") VALUES (" + values + ")";
        if (table == "meta") insert += " ON CONFLICT(key) DO UPDATE SET value = excluded.value";
        auto ins = dst.prepare(insert.c_str());
        int rc = ins ? SQLITE_ROW : SQLITE_ERROR;
        while (ins && (rc = sqlite3_step(rows)) == SQLITE_ROW) {
            for (int c = 0; c < n; ++c) {
                switch (sqlite3_column_type(rows, c)) {
                    case SQLITE_INTEGER: ins->bind_int64(c + 1, sqlite3_column_int64(rows, c)); break;
                    case SQLITE_TEXT:
                        ins->bind_text(c + 1, {reinterpret_cast<const char*>(sqlite3_column_text(rows, c)),
                                               static_cast<size_t>(sqlite3_column_bytes(rows, c))});
                        break;
                    case SQLITE_BLOB:
                        ins->bind_blob(c + 1, {static_cast<const uint8_t*>(sqlite3_column_blob(rows, c)),
                                               static_cast<size_t>(sqlite3_column_bytes(rows, c))});
                        break;
                    default: ins->bind_null(c + 1); break;   // the schema has no REAL columns
                }
            }
            const int step = ins->step();
            ins->reset();
            if (step != SQLITE_DONE) { rc = SQLITE_ERROR; break; }
            ++report.rows;
        }
        sqlite3_finalize(rows);
        if (rc != SQLITE_DONE) { report.detail = "copying " + table + " failed"; return Error::StoreQuery; }
        ++report.tables;
    }
    if (to.dialect() == Dialect::Postgres) {   // identity columns continue after the copied ids
        auto q = dst.prepare("SELECT table_name, column_name FROM information_schema.columns "
                             "WHERE is_identity = 'YES' AND table_schema = current_schema()");
        std::vector<std::pair<std::string, std::string>> identities;
        while (q && q->step() == SQLITE_ROW) identities.emplace_back(q->column_text(0), q->column_text(1));
        for (const auto& [t, c] : identities) {
            const std::string sql = "SELECT setval(pg_get_serial_sequence('" + t + "', '" + c + "'), coalesce(max(" + c +
                                    "), 0) + 1, false) FROM " + t;
            if (!dst.exec(sql.c_str())) { report.detail = "restarting " + t + "." + c + " failed"; return Error::StoreQuery; }
        }
    }
    return Ok{};
}

}  // namespace

Status copy_database(Store& from, Store& to, CopyReport& report) {
    sqlite3* src = from.sqlite();
    if (!src) return Error::StoreUnsupported;
    auto vf = from.schema_version();
    auto vt = to.schema_version();
    if (!vf || !vt || vf.value() != vt.value()) {
        report.detail = "the two databases have different schema versions (run migrate on both)";
        return Error::StoreQuery;
    }
    if (sqlite3_exec(src, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK) return Error::StoreQuery;   // one snapshot
    if (!to.exec("BEGIN IMMEDIATE")) {
        sqlite3_exec(src, "COMMIT", nullptr, nullptr, nullptr);
        return Error::StoreQuery;
    }
    Status st = copy_tables(src, to, report);
    sqlite3_exec(src, "COMMIT", nullptr, nullptr, nullptr);
    if (!st || !to.exec("COMMIT")) {
        (void)to.exec("ROLLBACK");
        if (report.detail.empty()) report.detail = "the target refused the copy";
        return Error::StoreQuery;
    }
    auto a = check_ledger(from);
    auto b = check_ledger(to);
    if (!a || !b) return Error::StoreQuery;
    report.source = a.value();
    report.target = b.value();
    if (!a->ok() || !b->ok() || a->checkpoint_size != b->checkpoint_size || a->root != b->root || a->envelopes != b->envelopes) {
        report.detail = "the copied log does not recompute to the source's root";
        return Error::StoreQuery;
    }
    return Ok{};
}

Result<PublicKey> rotate_server_key(Store& store, const std::string& key_file, int64_t now_ms) {
    Bytes seed(kSeedSize);
    randombytes_buf(seed.data(), seed.size());
    auto key = SigningKey::from_seed(seed);
    if (!key) return key.error();
    const PublicKey pk = key->public_key();
    StatementCache sql(store.handle());
    if (!sql.exec("BEGIN IMMEDIATE")) return Error::StoreQuery;
    // An empty seed (x'', not NULL: an empty Bytes would bind as NULL) means "in the key file".
    bool ok = (key_file.empty() ? sql("INSERT INTO server_keys(public_key, seed, created_ms) VALUES (?,?,?)")
                                      .bind(1, pk).bind(2, seed).bind(3, now_ms).run()
                                : sql("INSERT INTO server_keys(public_key, seed, created_ms) VALUES (?, x'', ?)")
                                      .bind(1, pk).bind(2, now_ms).run()) &&
              // Older seeds never sign again: forget them (their public keys stay, to verify old heads).
              sql("UPDATE server_keys SET seed = x'' WHERE public_key != ?").bind(1, pk).run();
    Error failure = Error::StoreQuery;
    if (ok && !key_file.empty() && !write_key_file(key_file, seed)) ok = false, failure = Error::LogKeyFile;
    sodium_memzero(seed.data(), seed.size());
    if (!ok || !sql.exec("COMMIT")) {
        (void)sql.exec("ROLLBACK");
        return failure;
    }
    return pk;
}

}  // namespace yishi::server

namespace yishi::server {

Result<std::string> create_operator_token(Store& store, int64_t now_ms) {
    std::array<uint8_t, kOperatorTokenBytes> secret{};
    randombytes_buf(secret.data(), secret.size());
    const std::string token = std::string(kOperatorTokenPrefix) + to_hex(secret);
    sodium_memzero(secret.data(), secret.size());
    StatementCache sql(store.handle());
    if (!sql("INSERT INTO operator_tokens(token_hash, created_ms) VALUES (?,?)")
             .bind(1, sha256(as_bytes(token))).bind(2, now_ms).run())
        return Error::StoreQuery;
    return token;
}

// The lookup is by hash of the presented token, so the comparison never touches the secret itself.
Result<bool> operator_token_valid(Store& store, std::string_view token) {
    StatementCache sql(store.handle());
    auto q = sql("SELECT 1 FROM operator_tokens WHERE token_hash = ?");
    const int rc = q.bind(1, sha256(as_bytes(token))).step();
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    return Error::StoreQuery;
}

}  // namespace yishi::server
