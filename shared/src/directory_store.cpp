// directory_store.cpp — SQL for the directory (see directory_store.hpp).
#include "yishi/directory_store.hpp"

#include <string>

#include "yishi/sql.hpp"

namespace yishi::core {

namespace {

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
    StatementCache sql_cache(store.handle());
    Query q = sql_cache(sql);
    if (!q.valid() || q.step() != SQLITE_ROW) return Error::StoreQuery;
    return q.int64(0);
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
    StatementCache sql(store.handle());
    constexpr const char* kExists = "SELECT 1 FROM orgs WHERE natural_key = ?1";
    constexpr const char* kUpsert =
            "INSERT INTO orgs (natural_key, credit_code, name, type, authority, level, district, community, categories,"
            " address, contact, status, registered_on, volunteers, description, updated_seq, id,"
            " rating, charity, supervisor, representative, abnormal)"
            " VALUES (?1, nullif(?2, ''), ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,"
            " coalesce(nullif(?17, 0), (SELECT coalesce(max(id), 0) + 1 FROM orgs)),"   // a new id as SQLite would pick it, on either engine
            " ?18, ?19, ?20, ?21, ?22)"
            " ON CONFLICT (natural_key) DO UPDATE SET credit_code = excluded.credit_code, name = excluded.name,"
            " type = excluded.type, authority = excluded.authority, level = excluded.level,"
            " district = excluded.district, community = excluded.community, categories = excluded.categories,"
            " address = excluded.address, contact = excluded.contact, status = excluded.status,"
            " registered_on = excluded.registered_on, volunteers = excluded.volunteers,"
            " description = excluded.description, updated_seq = excluded.updated_seq, rating = excluded.rating,"
            " charity = excluded.charity, supervisor = excluded.supervisor, representative = excluded.representative,"
            " abnormal = excluded.abnormal";

    UpsertCounts counts;
    int64_t next_seq = seq.value();
    for (const Org& o : orgs) {
        const std::string key = natural_key(o);
        Query exists = sql(kExists);
        if (!exists.valid()) return fail();
        const bool existed = exists.bind(1, key).step() == SQLITE_ROW;
        Query up = sql(kUpsert);
        if (!up.valid()) return fail();
        up.bind(1, key).bind(2, o.credit_code).bind(3, o.name).bind(4, org_type_code(o.type)).bind(5, o.authority)
            .bind(6, o.level).bind(7, o.district).bind(8, o.community).bind(9, join_categories(o.categories))
            .bind(10, o.address).bind(11, o.contact).bind(12, org_status_code(o.status)).bind(13, o.registered_on)
            .bind(14, o.volunteers).bind(15, o.description).bind(16, ++next_seq).bind(17, o.id).bind(18, o.rating)
            .bind(19, int64_t{o.charity}).bind(20, o.supervisor).bind(21, o.representative).bind(22, int64_t{o.abnormal});
        if (!up.run()) return fail();
        ++(existed ? counts.updated : counts.inserted);
    }
    if (!store.exec("COMMIT")) return fail();
    return counts;
}

Result<std::vector<Org>> load_orgs(Store& store, int64_t since_seq, size_t limit) {
    StatementCache sql(store.handle());
    Query q = sql("SELECT id, coalesce(credit_code, ''), name, type, authority, level, district, community, categories,"
                  " address, contact, status, registered_on, volunteers, description, updated_seq,"
                  " rating, charity, supervisor, representative, abnormal FROM orgs"
                  " WHERE updated_seq > ?1 ORDER BY updated_seq LIMIT ?2");
    if (!q.valid()) return Error::StoreQuery;
    q.bind(1, since_seq).bind(2, limit == 0 ? int64_t{-1} : static_cast<int64_t>(limit));
    std::vector<Org> out;
    int rc;
    while ((rc = q.step()) == SQLITE_ROW) {
        Org o;
        o.id = q.int64(0);
        o.credit_code = q.text(1);
        o.name = q.text(2);
        o.type = parse_org_type(q.text(3)).value_or(OrgType::Community);  // the CHECK constraint holds
        o.authority = q.text(4);
        o.level = q.text(5);
        o.district = q.text(6);
        o.community = q.text(7);
        o.categories = split_categories(q.text(8));
        o.address = q.text(9);
        o.contact = q.text(10);
        o.status = parse_org_status(q.text(11)).value_or(OrgStatus::Active);
        o.registered_on = q.text(12);
        o.volunteers = q.int64(13);
        o.description = q.text(14);
        o.updated_seq = q.int64(15);
        o.rating = q.text(16);
        o.charity = q.int64(17) != 0;
        o.supervisor = q.text(18);
        o.representative = q.text(19);
        o.abnormal = q.int64(20) != 0;
        out.push_back(std::move(o));
    }
    if (rc != SQLITE_DONE) return Error::StoreQuery;
    return out;
}

}  // namespace yishi::core
