// database.cpp — `--db` locations, and PostgreSQL (libpq) behind the core's storage boundary (sql.hpp).
//
// Index of this file
// [SECTION] Locations
// [SECTION] The dialect: the core's SQL, as PostgreSQL reads it
// [SECTION] PostgreSQL statements and connections
// [SECTION] open_database
//
// Statements are prepared (PQprepare) on their first step: parameters typed by what was bound (int8, bytea sent as binary,
// text), results in text format (bytea arrives as \x-hex and is decoded once per row read). Every error
// is printed with its SQL on stderr, then answered as SQLITE_ERROR (SQLITE_CONSTRAINT for SQLSTATE class
// 23), so the callers' error paths are the ones they have for SQLite.
#include "database.hpp"

#include <libpq-fe.h>
#include <poll.h>

#include <cctype>
#include <chrono>
#include <thread>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <unordered_map>
#include <vector>

namespace yishi::server {

using core::ByteView;
using core::Bytes;
using core::Connection;
using core::Dialect;
using core::Error;
using core::Statement;

// [SECTION] Locations

bool is_postgres_location(std::string_view location) {
    return location.starts_with("postgresql://") || location.starts_with("postgres://");
}

std::string sqlite_path(std::string_view location) {
    if (location.starts_with("sqlite:")) location.remove_prefix(7);
    return std::string(location);
}

// [SECTION] The dialect: the core's SQL, as PostgreSQL reads it

namespace {

bool ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// Replaces every whole-word `from` (outside string literals is the caller's concern) with `to`.
void replace_all(std::string& s, std::string_view from, std::string_view to) {
    for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
        s.replace(at, from.size(), to);
}

// date(EXPR, 'unixepoch') -> the UTC calendar day of EXPR seconds, as 'YYYY-MM-DD'.
void translate_dates(std::string& s) {
    for (size_t at = s.find("date("); at != std::string::npos; at = s.find("date(", at + 1)) {
        if (at > 0 && ident_char(s[at - 1])) continue;
        int depth = 0;
        size_t i = at + 4;
        size_t comma = std::string::npos;
        for (; i < s.size(); ++i) {
            if (s[i] == '(') ++depth;
            else if (s[i] == ')' && --depth == 0) break;
            else if (s[i] == ',' && depth == 1) comma = i;
        }
        if (i >= s.size() || comma == std::string::npos) continue;
        std::string_view modifier(s.data() + comma + 1, i - comma - 1);
        while (!modifier.empty() && modifier.front() == ' ') modifier.remove_prefix(1);
        if (modifier != "'unixepoch'") continue;
        const std::string expr = s.substr(at + 5, comma - at - 5);
        s.replace(at, i + 1 - at, "to_char(to_timestamp(" + expr + ") AT TIME ZONE 'UTC', 'YYYY-MM-DD')");
    }
}

}  // namespace

std::string translate_to_postgres(std::string_view in) {
    std::string out;
    out.reserve(in.size() + 32);
    int next_param = 0;   // SQLite: a bare ? takes the largest number so far plus one
    for (size_t i = 0; i < in.size();) {
        const char c = in[i];
        if ((c == 'x' || c == 'X') && i + 1 < in.size() && in[i + 1] == '\'' && (i == 0 || !ident_char(in[i - 1]))) {
            const size_t end = in.find('\'', i + 2);   // a blob literal: hex digits only, no quotes inside
            if (end == std::string_view::npos) { out.append(in.substr(i)); break; }
            out += "'\\x";
            out.append(in.substr(i + 2, end - i - 2));
            out += "'::bytea";
            i = end + 1;
        } else if (c == '\'') {   // a string literal, copied as is ('' is a quote inside it)
            size_t j = i + 1;
            while (j < in.size() && !(in[j] == '\'' && (j + 1 >= in.size() || in[j + 1] != '\''))) j += in[j] == '\'' ? 2 : 1;
            out.append(in.substr(i, j + 1 - i));
            i = j + 1;
        } else if (c == '?') {
            size_t j = i + 1;
            while (j < in.size() && std::isdigit(static_cast<unsigned char>(in[j]))) ++j;
            int n = j > i + 1 ? std::atoi(std::string(in.substr(i + 1, j - i - 1)).c_str()) : next_param + 1;
            if (n > next_param) next_param = n;
            out += '$';
            out += std::to_string(n);
            i = j;
        } else if (ident_char(c) && (i == 0 || !ident_char(in[i - 1]))) {
            size_t j = i;
            while (j < in.size() && ident_char(in[j])) ++j;
            const std::string_view word = in.substr(i, j - i);
            if (word == "BLOB") out += "BYTEA";
            else if (word == "INTEGER") out += "BIGINT";
            else if (word == "STRICT" && !out.empty() && out.back() == ' ') out.pop_back();   // ") STRICT;"
            else out.append(word);
            i = j;
        } else {
            out += c;
            ++i;
        }
    }
    // A SQLite rowid column: numbered by the database when an INSERT leaves it out.
    replace_all(out, "BIGINT PRIMARY KEY", "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY");
    replace_all(out, "BEGIN IMMEDIATE", "BEGIN; SELECT pg_advisory_xact_lock(" + std::to_string(kWriterLockKey) + ")");
    translate_dates(out);
    // LIMIT -1 (any negative) means "no limit" in SQLite; PostgreSQL says that with LIMIT NULL.
    for (size_t at = out.find("LIMIT $"); at != std::string::npos; at = out.find("LIMIT $", at + 1)) {
        size_t end = at + 7;
        while (end < out.size() && std::isdigit(static_cast<unsigned char>(out[end]))) ++end;
        const std::string param = out.substr(at + 6, end - at - 6);
        out.replace(at, end - at, "LIMIT nullif(greatest(" + param + ", -1), -1)");
    }
    return out;
}

// [SECTION] PostgreSQL statements and connections

namespace {

constexpr Oid kInt8Oid = 20, kByteaOid = 17, kTextOid = 25, kBoolOid = 16;

int code_of(const PGresult* r) {
    const char* state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
    return state && std::strncmp(state, "23", 2) == 0 ? SQLITE_CONSTRAINT : SQLITE_ERROR;
}

class PgConnection;

class PgStatement final : public Statement {
public:
    PgStatement(PgConnection& db, std::string sql) : db_(db), sql_(std::move(sql)) {}
    ~PgStatement() override { PQclear(result_); }
    void bind_int64(int i, int64_t v) override { slot(i) = {kInt8Oid, 0, false, std::to_string(v)}; }
    void bind_blob(int i, ByteView v) override {
        slot(i) = {kByteaOid, 1, false, std::string(reinterpret_cast<const char*>(v.data()), v.size())};
    }
    void bind_text(int i, std::string_view v) override { slot(i) = {kTextOid, 0, false, std::string(v)}; }
    void bind_null(int i) override { slot(i) = {0, 0, true, {}}; }
    int step() override;
    void reset() override {
        PQclear(result_);
        result_ = nullptr;
        row_ = -1;
        params_.clear();
    }
    int64_t column_int64(int col) const override {
        if (column_null(col)) return 0;
        const char* v = PQgetvalue(result_, row_, col);
        if (PQftype(result_, col) == kBoolOid) return v[0] == 't' ? 1 : 0;
        return std::strtoll(v, nullptr, 10);
    }
    bool column_null(int col) const override { return PQgetisnull(result_, row_, col) != 0; }
    ByteView column_blob(int col) const override {
        const char* v = PQgetvalue(result_, row_, col);
        const size_t n = static_cast<size_t>(PQgetlength(result_, row_, col));
        if (PQftype(result_, col) != kByteaOid) return {reinterpret_cast<const uint8_t*>(v), n};
        if (decoded_.size() <= static_cast<size_t>(col)) decoded_.resize(col + 1);
        Bytes& out = decoded_[col];
        out.clear();
        auto nibble = [](char h) { return static_cast<uint8_t>(h <= '9' ? h - '0' : (h | 0x20) - 'a' + 10); };
        for (size_t k = 2; k + 1 < n; k += 2) out.push_back(static_cast<uint8_t>(nibble(v[k]) << 4 | nibble(v[k + 1])));
        return {out.data(), out.size()};
    }
    std::string column_text(int col) const override {
        return std::string(PQgetvalue(result_, row_, col), static_cast<size_t>(PQgetlength(result_, row_, col)));
    }
private:
    struct Param { Oid type = 0; int format = 0; bool null = true; std::string value; };
    Param& slot(int i) {
        if (params_.size() < static_cast<size_t>(i)) params_.resize(i);
        return params_[i - 1];
    }
    PgConnection& db_;
    std::string sql_;
    std::vector<Param> params_;
    PGresult* result_ = nullptr;
    int row_ = -1;                       // -1: not run yet
    mutable std::vector<Bytes> decoded_; // bytea columns of the current row
};

class PgConnection final : public Connection {
public:
    PgConnection(PGconn* conn, std::string url) : conn_(conn), url_(std::move(url)) {}
    ~PgConnection() override { PQfinish(conn_); }
    std::unique_ptr<Statement> prepare(const char* sql) override {
        return std::make_unique<PgStatement>(*this, translate_to_postgres(sql));
    }
    bool exec(const char* sql) override {
        const std::string text = translate_to_postgres(sql);
        PGresult* r = PQexec(conn_, text.c_str());
        const ExecStatusType s = PQresultStatus(r);
        const bool ok = s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK;
        if (ok) changes_ = std::atoll(PQcmdTuples(r));
        else report(r, text);
        PQclear(r);
        return ok;
    }
    int64_t changes() const override { return changes_; }
    Dialect dialect() const override { return Dialect::Postgres; }
    std::string location() const override { return url_; }
    PGconn* conn() { return conn_; }
    void set_changes(int64_t n) { changes_ = n; }
    std::string next_statement_name() { return "y" + std::to_string(plans_.size() + 1); }
    std::unordered_map<std::string, std::string>& plans() { return plans_; }   // types + SQL -> prepared name
    void report(const PGresult* r, const std::string& sql) {
        std::fprintf(stderr, "yishi-server: PostgreSQL: %s  in: %.300s\n", PQresultErrorMessage(r), sql.c_str());
    }
private:
    PGconn* conn_;
    std::string url_;
    int64_t changes_ = 0;
    std::unordered_map<std::string, std::string> plans_;
};

int PgStatement::step() {
    if (row_ < 0) {
        std::vector<Oid> types;
        std::vector<const char*> values;
        std::vector<int> lengths, formats;
        for (const Param& p : params_) {
            types.push_back(p.type);
            values.push_back(p.null ? nullptr : p.value.data());
            lengths.push_back(static_cast<int>(p.value.size()));
            formats.push_back(p.format);
        }
        PQclear(result_);
        result_ = nullptr;
        // Prepared once per connection, SQL text and parameter types (a NULL binds untyped, so one
        // statement may need two plans); kept by the connection, so short-lived caches share them.
        std::string signature(types.size() * sizeof(Oid), '\0');
        if (!types.empty()) std::memcpy(signature.data(), types.data(), signature.size());
        signature += sql_;
        auto& plans = db_.plans();
        auto plan = plans.find(signature);
        if (plan == plans.end()) {
            const std::string name = db_.next_statement_name();
            PGresult* p = PQprepare(db_.conn(), name.c_str(), sql_.c_str(), static_cast<int>(types.size()), types.data());
            const bool ok = PQresultStatus(p) == PGRES_COMMAND_OK;
            if (!ok) {
                db_.report(p, sql_);
                const int code = code_of(p);
                PQclear(p);
                return code;
            }
            PQclear(p);
            plan = plans.emplace(std::move(signature), name).first;
        }
        result_ = PQexecPrepared(db_.conn(), plan->second.c_str(), static_cast<int>(params_.size()), values.data(),
                                 lengths.data(), formats.data(), 0);
        const ExecStatusType s = PQresultStatus(result_);
        if (s == PGRES_COMMAND_OK) {
            db_.set_changes(std::atoll(PQcmdTuples(result_)));
            row_ = 0;
            return SQLITE_DONE;
        }
        if (s != PGRES_TUPLES_OK) {
            db_.report(result_, sql_);
            return code_of(result_);
        }
        db_.set_changes(0);
        row_ = 0;
    } else {
        ++row_;
    }
    return row_ < PQntuples(result_) ? SQLITE_ROW : SQLITE_DONE;
}

void ignore_notice(void*, const char*) {}   // "relation already exists, skipping" and the like

}  // namespace

// [SECTION] open_database

bool wait_for_notification(core::Store& store, int timeout_ms) {
    auto* pg = dynamic_cast<PgConnection*>(store.handle());
    if (!pg) return false;
    PGconn* conn = pg->conn();
    auto consume = [&] {   // notifications that arrived with earlier results, or are waiting on the socket
        bool any = false;
        if (!PQconsumeInput(conn)) return false;
        while (PGnotify* n = PQnotifies(conn)) {
            any = true;
            PQfreemem(n);
        }
        return any;
    };
    if (consume()) return true;
    pollfd fd{PQsocket(conn), POLLIN, 0};
    if (PQstatus(conn) != CONNECTION_OK || fd.fd < 0) {   // a lost connection: wait anyway, never spin
        std::this_thread::sleep_for(std::chrono::milliseconds(timeout_ms));
        return false;
    }
    const int ready = poll(&fd, 1, timeout_ms);
    if (ready > 0 && (fd.revents & (POLLHUP | POLLERR | POLLNVAL))) {   // the server went away
        std::this_thread::sleep_for(std::chrono::milliseconds(timeout_ms));
        return false;
    }
    return ready > 0 && consume();
}

core::Result<core::Store> open_database(const std::string& location, DatabaseOptions options) {
    if (!is_postgres_location(location)) {
        auto store = core::Store::open(sqlite_path(location), {.read_only = options.read_only});
        if (!store)
            std::fprintf(stderr, "yishi-server: cannot open database %s: %s\n", location.c_str(),
                         std::string(core::error_message(store.error())).c_str());
        return store;
    }
    PGconn* conn = PQconnectdb(location.c_str());
    if (PQstatus(conn) != CONNECTION_OK) {
        std::fprintf(stderr, "yishi-server: cannot connect to PostgreSQL: %s", PQerrorMessage(conn));
        PQfinish(conn);
        return Error::StoreOpen;
    }
    PQsetNoticeProcessor(conn, ignore_notice, nullptr);
    auto db = std::make_unique<PgConnection>(conn, location);
    // UTC for date(…, 'unixepoch'); read-only sessions for the read pools.
    if (!db->exec(options.read_only ? "SET TIME ZONE 'UTC'; SET default_transaction_read_only = on"
                                    : "SET TIME ZONE 'UTC'"))
        return Error::StoreOpen;
    auto store = core::Store::adopt(std::move(db), !options.read_only);
    if (!store)
        std::fprintf(stderr, "yishi-server: cannot prepare the PostgreSQL database: %s\n",
                     std::string(core::error_message(store.error())).c_str());
    return store;
}

}  // namespace yishi::server
