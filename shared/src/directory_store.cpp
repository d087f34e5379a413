// directory_store.cpp — SQL for the directory (see directory_store.hpp).
#include "yishi/directory_store.hpp"

#include <sqlite3.h>

#include <string>

namespace yishi::core {

namespace {

// A prepared statement that finalizes itself.
class Stmt {
public:
    Stmt(sqlite3* db, const char* sql) { ok_ = sqlite3_prepare_v2(db, sql, -1, &st_, nullptr) == SQLITE_OK; }
    ~Stmt() { sqlite3_finalize(st_); }
    Stmt(const Stmt&) = delete;
    Stmt& operator=(const Stmt&) = delete;
    bool ok() const { return ok_; }
    sqlite3_stmt* get() { return st_; }
    void text(int i, const std::string& s) { sqlite3_bind_text(st_, i, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT); }
    void int64(int i, int64_t v) { sqlite3_bind_int64(st_, i, v); }
    std::string column_text(int i) {
        const unsigned char* t = sqlite3_column_text(st_, i);
        return t ? reinterpret_cast<const char*>(t) : "";
    }
private:
    sqlite3_stmt* st_ = nullptr;
    bool ok_ = false;
};

std::string natural_key(const Org& o) {
    if (!o.credit_code.empty()) return o.credit_code;
    return "filed:" + o.district + "|" + o.community + "|" + o.name;
}

std::string join_categories(const std::vector<std::string>& cats) {
    std::string out;
    for (const auto& c : cats) {
        if (!out.empty()) out += '|';
        out += c;
    }
    return out;
}

std::vector<std::string> split_categories(const std::string& s) {
    std::vector<std::string> out;
    size_t start = 0;
    while (start < s.size()) {
        size_t bar = s.find('|', start);
        if (bar == std::string::npos) bar = s.size();
        if (bar > start) out.push_back(s.substr(start, bar - start));
        start = bar + 1;
    }
    return out;
}

Result<int64_t> single_int(Store& store, const char* sql) {
    Stmt st(store.handle(), sql);
    if (!st.ok() || sqlite3_step(st.get()) != SQLITE_ROW) return Error::StoreQuery;
    return static_cast<int64_t>(sqlite3_column_int64(st.get(), 0));
}

}  // namespace

Result<int64_t> orgs_sequence(Store& store) { return single_int(store, "SELECT coalesce(max(updated_seq), 0) FROM orgs"); }

Result<size_t> count_orgs(Store& store) {
    auto n = single_int(store, "SELECT count(*) FROM orgs");
    if (!n) return n.error();
    return static_cast<size_t>(n.value());
}

Result<UpsertCounts> upsert_orgs(Store& store, const std::vector<Org>& orgs) {
    if (!store.exec("BEGIN IMMEDIATE")) return Error::StoreQuery;
    auto fail = [&store]() {
        (void)store.exec("ROLLBACK");  // the error we report is the statement's
        return Error::StoreQuery;
    };
    auto seq = orgs_sequence(store);
    if (!seq) return fail();
    Stmt exists(store.handle(), "SELECT 1 FROM orgs WHERE natural_key = ?1");
    Stmt up(store.handle(),
            "INSERT INTO orgs (natural_key, credit_code, name, type, authority, level, district, community, categories,"
            " address, contact, status, registered_on, volunteers, description, updated_seq, id)"
            " VALUES (?1, nullif(?2, ''), ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, nullif(?17, 0))"
            " ON CONFLICT (natural_key) DO UPDATE SET credit_code = excluded.credit_code, name = excluded.name,"
            " type = excluded.type, authority = excluded.authority, level = excluded.level,"
            " district = excluded.district, community = excluded.community, categories = excluded.categories,"
            " address = excluded.address, contact = excluded.contact, status = excluded.status,"
            " registered_on = excluded.registered_on, volunteers = excluded.volunteers,"
            " description = excluded.description, updated_seq = excluded.updated_seq");
    if (!exists.ok() || !up.ok()) return fail();

    UpsertCounts counts;
    int64_t next_seq = seq.value();
    for (const Org& o : orgs) {
        const std::string key = natural_key(o);
        exists.text(1, key);
        const bool existed = sqlite3_step(exists.get()) == SQLITE_ROW;
        sqlite3_reset(exists.get());
        up.text(1, key);
        up.text(2, o.credit_code);
        up.text(3, o.name);
        up.text(4, std::string(org_type_code(o.type)));
        up.text(5, o.authority);
        up.text(6, o.level);
        up.text(7, o.district);
        up.text(8, o.community);
        up.text(9, join_categories(o.categories));
        up.text(10, o.address);
        up.text(11, o.contact);
        up.text(12, std::string(org_status_code(o.status)));
        up.text(13, o.registered_on);
        up.int64(14, o.volunteers);
        up.text(15, o.description);
        up.int64(16, ++next_seq);
        up.int64(17, o.id);
        if (sqlite3_step(up.get()) != SQLITE_DONE) return fail();
        sqlite3_reset(up.get());
        ++(existed ? counts.updated : counts.inserted);
    }
    if (!store.exec("COMMIT")) return fail();
    return counts;
}

Result<std::vector<Org>> load_orgs(Store& store, int64_t since_seq, size_t limit) {
    Stmt st(store.handle(),
            "SELECT id, coalesce(credit_code, ''), name, type, authority, level, district, community, categories,"
            " address, contact, status, registered_on, volunteers, description, updated_seq FROM orgs"
            " WHERE updated_seq > ?1 ORDER BY updated_seq LIMIT ?2");
    if (!st.ok()) return Error::StoreQuery;
    st.int64(1, since_seq);
    st.int64(2, limit == 0 ? -1 : static_cast<int64_t>(limit));
    std::vector<Org> out;
    int rc;
    while ((rc = sqlite3_step(st.get())) == SQLITE_ROW) {
        Org o;
        o.id = sqlite3_column_int64(st.get(), 0);
        o.credit_code = st.column_text(1);
        o.name = st.column_text(2);
        o.type = parse_org_type(st.column_text(3)).value_or(OrgType::Community);  // CHECK constraint holds
        o.authority = st.column_text(4);
        o.level = st.column_text(5);
        o.district = st.column_text(6);
        o.community = st.column_text(7);
        o.categories = split_categories(st.column_text(8));
        o.address = st.column_text(9);
        o.contact = st.column_text(10);
        o.status = parse_org_status(st.column_text(11)).value_or(OrgStatus::Active);
        o.registered_on = st.column_text(12);
        o.volunteers = sqlite3_column_int64(st.get(), 13);
        o.description = st.column_text(14);
        o.updated_seq = sqlite3_column_int64(st.get(), 15);
        out.push_back(std::move(o));
    }
    if (rc != SQLITE_DONE) return Error::StoreQuery;
    return out;
}

}  // namespace yishi::core
