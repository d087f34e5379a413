// store.cpp — the SQLite side of the storage boundary (sql.hpp) and the schema migrations of both
// engines (see store.hpp for the contract).
//
// Migrations are append-only: never edit one that has shipped, add the next. Each runs inside one
// transaction together with its user_version bump, so a crash leaves the old or the new schema.
#include "yishi/store.hpp"

#include <sqlite3.h>

#include <iterator>

#include "yishi/sql.hpp"

namespace yishi::core {

namespace {

// Migration N (1-based) brings the schema from version N-1 to N.
const char* const kMigrations[] = {
    // 1: key/value facts about this database (creation time, server key id, ...).
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;"
    "INSERT INTO meta(key, value) VALUES ('created_by', 'yishi');",

    // 2: the directory of social organisations. natural_key is the credit code, or for filed
    // community organisations without one "filed:<district>|<community>|<name>"; re-imports upsert on it.
    "CREATE TABLE orgs ("
    "  id INTEGER PRIMARY KEY,"
    "  natural_key TEXT NOT NULL UNIQUE,"
    "  credit_code TEXT,"
    "  name TEXT NOT NULL,"
    "  type TEXT NOT NULL CHECK (type IN ('social_group','social_service','foundation','community')),"
    "  authority TEXT NOT NULL DEFAULT '',"
    "  level TEXT NOT NULL DEFAULT '',"
    "  district TEXT NOT NULL,"
    "  community TEXT NOT NULL DEFAULT '',"
    "  categories TEXT NOT NULL DEFAULT '',"   // '|'-separated
    "  address TEXT NOT NULL DEFAULT '',"
    "  contact TEXT NOT NULL DEFAULT '',"
    "  status TEXT NOT NULL CHECK (status IN ('active','deregistered','revoked')),"
    "  registered_on TEXT NOT NULL DEFAULT '',"
    "  volunteers INTEGER NOT NULL DEFAULT 0 CHECK (volunteers >= 0),"
    "  description TEXT NOT NULL DEFAULT '',"
    "  updated_seq INTEGER NOT NULL"            // bumps on every change: browsers sync by delta
    ") STRICT;"
    "CREATE UNIQUE INDEX orgs_credit_code ON orgs(credit_code) WHERE credit_code IS NOT NULL;"
    "CREATE INDEX orgs_updated ON orgs(updated_seq);",

    // 3: the transparency log. Every accepted envelope is kept verbatim (wire = body || signature) with
    // its place in the Merkle log; log_leaves holds the leaf hashes the server rebuilds its in-memory tree
    // from at start; checkpoints the signed tree heads; server_keys the log's Ed25519 keys (the newest
    // row signs); sequence_evidence the second envelope of an author that reused a sequence number.
    "CREATE TABLE envelopes ("
    "  id BLOB PRIMARY KEY CHECK (length(id) = 32),"
    "  author BLOB NOT NULL CHECK (length(author) = 32),"
    "  sequence INTEGER NOT NULL CHECK (sequence >= 1),"
    "  kind INTEGER NOT NULL,"
    "  region INTEGER NOT NULL,"
    "  consultation INTEGER NOT NULL,"
    "  wire BLOB NOT NULL,"
    "  received_ms INTEGER NOT NULL,"
    "  log_index INTEGER NOT NULL UNIQUE,"
    "  UNIQUE (author, sequence)"
    ") STRICT;"
    "CREATE TABLE log_leaves (log_index INTEGER PRIMARY KEY, leaf_hash BLOB NOT NULL CHECK (length(leaf_hash) = 32)) STRICT;"
    "CREATE TABLE checkpoints (size INTEGER PRIMARY KEY, root BLOB NOT NULL, note TEXT NOT NULL, signed_ms INTEGER NOT NULL) STRICT;"
    "CREATE TABLE server_keys (id INTEGER PRIMARY KEY, public_key BLOB NOT NULL, seed BLOB NOT NULL, created_ms INTEGER NOT NULL) STRICT;"
    "CREATE TABLE sequence_evidence ("
    "  id INTEGER PRIMARY KEY, author BLOB NOT NULL, sequence INTEGER NOT NULL, accepted_id BLOB NOT NULL,"
    "  conflicting_wire BLOB NOT NULL, received_ms INTEGER NOT NULL) STRICT;",

    // 4: authorization state derived from accepted envelopes (and the operator's CLI for roles and codes).
    "CREATE TABLE roles ("
    "  public_key BLOB NOT NULL, role TEXT NOT NULL CHECK (role IN ('committee','moderator')),"
    "  region INTEGER NOT NULL, name TEXT NOT NULL, added_ms INTEGER NOT NULL,"
    "  PRIMARY KEY (public_key, role, region)) STRICT;"
    "CREATE TABLE enrollment_codes ("
    "  code_hash BLOB PRIMARY KEY, committee BLOB NOT NULL, region INTEGER NOT NULL, issued_ms INTEGER NOT NULL,"
    "  expires_ms INTEGER NOT NULL, used_by BLOB, used_ms INTEGER) STRICT;"
    "CREATE TABLE residents ("
    "  identity BLOB PRIMARY KEY, region INTEGER NOT NULL, slot BLOB NOT NULL UNIQUE, display_name TEXT NOT NULL,"
    "  enroll_id BLOB NOT NULL) STRICT;"
    "CREATE TABLE consultations ("
    "  id INTEGER PRIMARY KEY, region INTEGER NOT NULL, committee BLOB NOT NULL, method INTEGER NOT NULL,"
    "  method_param INTEGER NOT NULL, stage INTEGER NOT NULL, open_id BLOB NOT NULL) STRICT;"
    "CREATE TABLE consultation_options ("
    "  consultation INTEGER NOT NULL, option_id INTEGER NOT NULL, cost INTEGER NOT NULL,"
    "  PRIMARY KEY (consultation, option_id)) STRICT;"
    "CREATE TABLE ballot_keys ("
    "  consultation INTEGER NOT NULL, identity BLOB NOT NULL, ballot_key BLOB NOT NULL, bind_id BLOB NOT NULL,"
    "  PRIMARY KEY (consultation, identity), UNIQUE (consultation, ballot_key)) STRICT;"
    "CREATE TABLE ballots ("
    "  consultation INTEGER NOT NULL, ballot_key BLOB NOT NULL, envelope_id BLOB NOT NULL, sequence INTEGER NOT NULL,"
    "  PRIMARY KEY (consultation, ballot_key)) STRICT;"
    "CREATE TABLE comments ("
    "  id BLOB PRIMARY KEY, consultation INTEGER NOT NULL, region INTEGER NOT NULL, author BLOB NOT NULL,"
    "  hidden INTEGER NOT NULL DEFAULT 0, moderation_id BLOB) STRICT;"
    "CREATE TABLE feedback ("
    "  id BLOB PRIMARY KEY, region INTEGER NOT NULL, author BLOB NOT NULL, status INTEGER NOT NULL) STRICT;",

    // regions: the region tree (region.hpp) and each consultation's schedule in time (consultation.hpp,
    // ConsultationState). `advanced` is the stage the committee last advanced to (0 = never); `stage`
    // keeps its old meaning (first or advanced stage) for readers that have not moved to the schedule.
    "CREATE TABLE regions ("
    "  id INTEGER PRIMARY KEY CHECK (id >= 1), parent INTEGER NOT NULL, level INTEGER NOT NULL,"
    "  code TEXT NOT NULL, name TEXT NOT NULL) STRICT;"
    "CREATE INDEX regions_parent ON regions(parent);"
    "CREATE TABLE consultation_schedule ("
    "  consultation INTEGER NOT NULL, stage INTEGER NOT NULL, starts_ms INTEGER NOT NULL,"
    "  PRIMARY KEY (consultation, stage)) STRICT;"
    "ALTER TABLE consultations ADD COLUMN advanced INTEGER NOT NULL DEFAULT 0;"
    "UPDATE consultations SET advanced = stage;",   // older rows have no schedule: their stage stands
    // hardening: keys that may no longer sign. A key_rotate retires its author key ('rotated', with the
    // successor that took over its resident row and roles); a key_revoke makes a key unusable ('revoked').
    // server_keys.seed may be empty: the seed then lives in the operator's --key-file (docs/api.md).
    "CREATE TABLE retired_keys ("
    "  key BLOB PRIMARY KEY CHECK (length(key) = 32), status TEXT NOT NULL CHECK (status IN ('rotated','revoked')),"
    "  successor BLOB, reason INTEGER, envelope_id BLOB NOT NULL, retired_ms INTEGER NOT NULL) STRICT;",
    // read-api: the read model of the consultation read endpoints (server/consultation_routes.cpp),
    // filled by server/authorize.cpp when an envelope is accepted. Texts stay only in envelopes.wire
    // and are decoded per page; these tables hold what is filtered, counted and sorted on.
    // Comments accepted before this migration keep parent NULL and depth 1.
    "ALTER TABLE comments ADD COLUMN parent BLOB;"
    "ALTER TABLE comments ADD COLUMN depth INTEGER NOT NULL DEFAULT 1;"
    "CREATE INDEX comments_consultation ON comments(consultation);"
    "CREATE INDEX comments_parent ON comments(parent);"
    "CREATE TABLE proposals ("
    "  id BLOB PRIMARY KEY, consultation INTEGER NOT NULL, region INTEGER NOT NULL, author BLOB NOT NULL) STRICT;"
    "CREATE INDEX proposals_consultation ON proposals(consultation);"
    "CREATE TABLE reactions ("          // agree/disagree/pass on a comment or proposal; the latest per author counts
    "  target BLOB NOT NULL, author BLOB NOT NULL, consultation INTEGER NOT NULL, reaction INTEGER NOT NULL,"
    "  envelope_id BLOB NOT NULL, PRIMARY KEY (target, author)) STRICT;"
    "CREATE INDEX reactions_consultation ON reactions(consultation, target);"
    "CREATE TABLE reports ("            // react with reaction 4: a resident flags a comment for moderators
    "  target BLOB NOT NULL, author BLOB NOT NULL, region INTEGER NOT NULL, envelope_id BLOB NOT NULL,"
    "  PRIMARY KEY (target, author)) STRICT;"
    "CREATE INDEX reports_region ON reports(region);"
    "CREATE TABLE ratings ("            // 绩效评估 delivery ratings; the latest per resident counts
    "  consultation INTEGER NOT NULL, author BLOB NOT NULL, score INTEGER NOT NULL, envelope_id BLOB NOT NULL,"
    "  PRIMARY KEY (consultation, author)) STRICT;"
    "CREATE TABLE consultation_orgs ("  // organisations that deliver a consultation's project (issue 7)
    "  consultation INTEGER NOT NULL, org_id INTEGER NOT NULL, PRIMARY KEY (consultation, org_id)) STRICT;"
    "CREATE INDEX consultation_orgs_org ON consultation_orgs(org_id);"
    "CREATE INDEX envelopes_consultation ON envelopes(consultation, log_index);"
    "CREATE INDEX residents_region ON residents(region);",
    // 5 (feedback): what the committee queue, a resident's list and the statistics read. The feedback's
    // fields are copied from its envelope at acceptance (the logged envelope stays authoritative); every
    // status change is a feedback_history row (step 0 = received); the author's one rating sits on the
    // feedback row. operator_tokens holds SHA-256 hashes of the operator's bearer tokens (never the tokens).
    "ALTER TABLE feedback ADD COLUMN category INTEGER NOT NULL DEFAULT 6;"
    "ALTER TABLE feedback ADD COLUMN text TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE feedback ADD COLUMN created_ms INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE feedback ADD COLUMN updated_ms INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE feedback ADD COLUMN resolved_ms INTEGER;"
    "ALTER TABLE feedback ADD COLUMN rating INTEGER;"
    "ALTER TABLE feedback ADD COLUMN rating_remark TEXT;"
    "ALTER TABLE feedback ADD COLUMN rated_ms INTEGER;"
    "CREATE INDEX feedback_queue ON feedback(region, status, created_ms);"
    "CREATE INDEX feedback_by_author ON feedback(author, created_ms);"
    "CREATE TABLE feedback_history ("
    "  feedback BLOB NOT NULL, step INTEGER NOT NULL, status INTEGER NOT NULL, text TEXT NOT NULL,"
    "  at_ms INTEGER NOT NULL, envelope_id BLOB NOT NULL, PRIMARY KEY (feedback, step)) STRICT;"
    "CREATE TABLE operator_tokens ("
    "  token_hash BLOB PRIMARY KEY CHECK (length(token_hash) = 32), created_ms INTEGER NOT NULL) STRICT;",
    // codes: committees' signed requests for enrolment codes from the browser (code_request.hpp). The
    // nonce makes a request single-use; the rows are also the record of who asked for how many codes.
    "CREATE TABLE code_requests ("
    "  nonce BLOB PRIMARY KEY CHECK (length(nonce) = 16), committee BLOB NOT NULL, region INTEGER NOT NULL,"
    "  count INTEGER NOT NULL, at_ms INTEGER NOT NULL) STRICT;",
    // comments by log index: a comment row is keyed by its envelope's place in the log (the rowid), and
    // its id is the envelope's (envelopes.id). One random-key index fewer per comment: the writer's
    // commits write a page less per comment (3.3 -> 2.4 WAL pages per envelope under load).
    "CREATE TABLE comments_by_index ("
    "  log_index INTEGER PRIMARY KEY, consultation INTEGER NOT NULL, region INTEGER NOT NULL, author BLOB NOT NULL,"
    "  hidden INTEGER NOT NULL DEFAULT 0, moderation_id BLOB, parent BLOB, depth INTEGER NOT NULL DEFAULT 1) STRICT;"
    "INSERT INTO comments_by_index(log_index, consultation, region, author, hidden, moderation_id, parent, depth) "
    "  SELECT e.log_index, c.consultation, c.region, c.author, c.hidden, c.moderation_id, c.parent, c.depth "
    "  FROM comments c JOIN envelopes e ON e.id = c.id;"
    "DROP TABLE comments;"
    "ALTER TABLE comments_by_index RENAME TO comments;"
    "CREATE INDEX comments_consultation ON comments(consultation);"
    "CREATE INDEX comments_parent ON comments(parent);",
    // 11, directory registry fields (issue 24): 评估等级 rating ('' or 1A..5A), 慈善组织认定 charity,
    // 业务主管单位 supervisor, 法定代表人 representative, 活动异常名录 abnormal. Older rows keep the defaults.
    "ALTER TABLE orgs ADD COLUMN rating TEXT NOT NULL DEFAULT '' CHECK (rating IN ('','1A','2A','3A','4A','5A'));"
    "ALTER TABLE orgs ADD COLUMN charity INTEGER NOT NULL DEFAULT 0 CHECK (charity IN (0, 1));"
    "ALTER TABLE orgs ADD COLUMN supervisor TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE orgs ADD COLUMN representative TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE orgs ADD COLUMN abnormal INTEGER NOT NULL DEFAULT 0 CHECK (abnormal IN (0, 1));",
    // 12, several servers on one PostgreSQL (issue 23 step 4, docs/deploy.md): log_coordinator row 0 is
    // the next log index (locked FOR UPDATE by the writer that sequences a batch), row 1 the size of the
    // latest signed checkpoint (locked by the integrator that signs the next one); rate_buckets holds the
    // token buckets every server shares. Rows appear on PostgreSQL only: one SQLite process keeps both in memory.
    "CREATE TABLE log_coordinator (id INTEGER PRIMARY KEY, value INTEGER NOT NULL) STRICT;"
    "CREATE TABLE rate_buckets ("
    "  name TEXT PRIMARY KEY, millitokens INTEGER NOT NULL, at_ms INTEGER NOT NULL, allowed INTEGER NOT NULL) STRICT;",
    // 13, moderation beyond comments (issue 20): a moderator hides a proposal, a feedback text or a display
    // name (its enroll envelope) the way a comment is hidden — the same `hidden` flag and `moderation_id`
    // (the latest moderate envelope) on the row the read API serves. Proposals outside a consultation
    // (consultation 0) were not kept before; they are now, so that they can be moderated too.
    "ALTER TABLE proposals ADD COLUMN hidden INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE proposals ADD COLUMN moderation_id BLOB;"
    "ALTER TABLE feedback ADD COLUMN hidden INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE feedback ADD COLUMN moderation_id BLOB;"
    "ALTER TABLE residents ADD COLUMN hidden INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE residents ADD COLUMN moderation_id BLOB;"
    "CREATE INDEX residents_enroll ON residents(enroll_id);"
    "INSERT INTO proposals(id, consultation, region, author) "
    "  SELECT id, 0, region, author FROM envelopes WHERE kind = 5 AND consultation = 0;",
};

// [SECTION] SQLite behind the storage boundary (sql.hpp)

class SqliteStatement final : public Statement {
public:
    explicit SqliteStatement(sqlite3_stmt* st) : st_(st) {}
    ~SqliteStatement() override { sqlite3_finalize(st_); }
    void bind_int64(int i, int64_t v) override { sqlite3_bind_int64(st_, i, v); }
    void bind_blob(int i, ByteView v) override {
        sqlite3_bind_blob(st_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    }
    void bind_text(int i, std::string_view v) override {
        sqlite3_bind_text(st_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    }
    void bind_null(int i) override { sqlite3_bind_null(st_, i); }
    int step() override { return sqlite3_step(st_); }
    void reset() override { sqlite3_reset(st_); sqlite3_clear_bindings(st_); }
    int64_t column_int64(int col) const override { return sqlite3_column_int64(st_, col); }
    bool column_null(int col) const override { return sqlite3_column_type(st_, col) == SQLITE_NULL; }
    ByteView column_blob(int col) const override {
        const void* p = sqlite3_column_blob(st_, col);
        return {static_cast<const uint8_t*>(p), static_cast<size_t>(sqlite3_column_bytes(st_, col))};
    }
    std::string column_text(int col) const override {
        const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(st_, col));
        return p ? std::string(p, static_cast<size_t>(sqlite3_column_bytes(st_, col))) : std::string();
    }
private:
    sqlite3_stmt* st_;
};

class SqliteConnection final : public Connection {
public:
    explicit SqliteConnection(sqlite3* db) : db_(db) {}
    ~SqliteConnection() override { sqlite3_close(db_); }
    std::unique_ptr<Statement> prepare(const char* sql) override {
        sqlite3_stmt* st = nullptr;
        if (sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, nullptr) != SQLITE_OK) {
            sqlite3_finalize(st);
            return nullptr;
        }
        return std::make_unique<SqliteStatement>(st);
    }
    bool exec(const char* sql) override { return sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) == SQLITE_OK; }
    int64_t changes() const override { return sqlite3_changes(db_); }
    Dialect dialect() const override { return Dialect::Sqlite; }
    std::string location() const override {
        const char* file = sqlite3_db_filename(db_, "main");
        return file ? file : "";
    }
    sqlite3* sqlite() override { return db_; }
private:
    sqlite3* db_;
};

// [SECTION] Schema version and migrations, for either engine

Status exec_on(Connection& db, const char* sql) {
    return db.exec(sql) ? Status(Ok{}) : Status(Error::StoreQuery);
}

// The schema version; on PostgreSQL the yishi_schema table is created (version 0) on first use.
Result<int> user_version(Connection& db) {
    if (db.dialect() == Dialect::Postgres &&
        !db.exec("CREATE TABLE IF NOT EXISTS yishi_schema (version BIGINT NOT NULL);"
                 "INSERT INTO yishi_schema(version) SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM yishi_schema)"))
        return Error::StoreQuery;
    auto st = db.prepare(db.dialect() == Dialect::Postgres ? "SELECT version FROM yishi_schema" : "PRAGMA user_version");
    if (!st || st->step() != SQLITE_ROW) return Error::StoreQuery;
    const int64_t version = st->column_int64(0);
    if (version < 0) return Error::StoreQuery;
    return static_cast<int>(version);
}

bool set_user_version(Connection& db, int version) {
    const std::string sql = db.dialect() == Dialect::Postgres
        ? "UPDATE yishi_schema SET version = " + std::to_string(version)
        : "PRAGMA user_version = " + std::to_string(version);
    return db.exec(sql.c_str());
}

// One migration per transaction, each begun with BEGIN IMMEDIATE (on PostgreSQL: the database-wide
// writer lock, so two servers starting together migrate one after the other).
Status migrate(Connection& db) {
    const int latest = static_cast<int>(std::size(kMigrations));
    for (;;) {
        if (!exec_on(db, "BEGIN IMMEDIATE")) return Error::StoreSchema;
        auto current = user_version(db);
        if (!current || current.value() >= latest) {
            (void)exec_on(db, "ROLLBACK");
            if (!current) return current.error();
            return current.value() > latest ? Status(Error::StoreNewerSchema) : Status(Ok{});
        }
        const int v = current.value();
        if (!exec_on(db, kMigrations[v]) || !set_user_version(db, v + 1) || !exec_on(db, "COMMIT")) {
            (void)exec_on(db, "ROLLBACK");  // best effort: the error we report is the migration's
            return Error::StoreSchema;
        }
    }
}

}  // namespace

int latest_schema_version() { return static_cast<int>(std::size(kMigrations)); }

Result<Store> Store::open(const std::string& path, StoreOptions options) {
    sqlite3* db = nullptr;
    int flags = options.read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    if (sqlite3_open_v2(path.c_str(), &db, flags | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK) {
        sqlite3_close(db);  // sqlite3_open_v2 may hand back a handle even on failure
        return Error::StoreOpen;
    }
    Store store(std::make_unique<SqliteConnection>(db));
    sqlite3_busy_timeout(db, 5000);
    if (options.read_only) return store;
    const char* pragmas = options.journal == Journal::Wal
        ? "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
        : "PRAGMA journal_mode=MEMORY; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;";
    if (!store.exec(pragmas)) return Error::StoreOpen;
    if (options.ledger)
        if (auto st = migrate(*store.db_); !st) return st.error();
    return store;
}

Result<Store> Store::adopt(std::unique_ptr<Connection> db, bool migrate_schema) {
    if (!db) return Error::StoreOpen;
    Store store(std::move(db));
    if (migrate_schema)
        if (auto st = migrate(*store.db_); !st) return st.error();
    return store;
}

Store::Store(Store&& other) noexcept = default;
Store& Store::operator=(Store&& other) noexcept = default;
Store::~Store() = default;

Status Store::exec(const char* sql) { return exec_on(*db_, sql); }

Result<int> Store::schema_version() { return user_version(*db_); }

Result<std::string> Store::meta(const std::string& key) {
    StatementCache sql(db_.get());
    Query q = sql("SELECT value FROM meta WHERE key = ?1");
    if (!q.valid()) return Error::StoreQuery;
    const int rc = q.bind(1, key).step();
    if (rc == SQLITE_ROW) return q.text(0);
    if (rc != SQLITE_DONE) return Error::StoreQuery;
    return std::string();
}

Status Store::set_meta(const std::string& key, const std::string& value) {
    StatementCache sql(db_.get());
    Query q = sql("INSERT INTO meta(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value");
    return q.valid() && q.bind(1, key).bind(2, value).run() ? Status(Ok{}) : Status(Error::StoreQuery);
}

// PostgreSQL has no whole-database check like SQLite's (its pages carry their own checksums); there the
// answer is "ok" when the server answers a query. `yishi-server check` recomputes the log either way.
Result<std::string> Store::integrity_check() {
    auto st = db_->prepare(db_->dialect() == Dialect::Postgres ? "SELECT 'ok'" : "PRAGMA integrity_check");
    if (!st) return Error::StoreQuery;
    std::string out;
    while (st->step() == SQLITE_ROW) {
        if (!out.empty()) out += '\n';
        out += st->column_text(0);
    }
    return out;
}

}  // namespace yishi::core
