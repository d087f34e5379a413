// test_directory.cpp — the organisation directory: generator, search index, store, CSV import.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdio>
#include <set>

#include "temp_db.hpp"
#include "yishi/credit_code.hpp"
#include "yishi/directory.hpp"
#include "yishi/utf8.hpp"
#include "yishi/directory_store.hpp"
#include "yishi/org_import.hpp"
#include "yishi/org_synth.hpp"
#include "yishi/pinyin.hpp"

using namespace yishi::core;

namespace {

// The synthetic directory with ids 1..n, as the store would number it.
std::vector<Org> numbered(size_t n, uint64_t seed) {
    auto orgs = synth_orgs(n, seed);
    for (size_t i = 0; i < orgs.size(); ++i) orgs[i].id = static_cast<int64_t>(i + 1);
    return orgs;
}

std::vector<std::string> names_of(const OrgHits& hits) {
    std::vector<std::string> out;
    for (const Org* o : hits.items) out.push_back(o->name);
    return out;
}

// Every hit of a query, all pages, with why it matched.
std::vector<std::pair<const Org*, OrgMatch>> all_hits(const DirectoryIndex& index, const std::string& text) {
    std::vector<std::pair<const Org*, OrgMatch>> out;
    OrgQuery q;
    q.q = text;
    q.limit = kOrgSearchMaxLimit;
    for (;;) {
        OrgHits page = index.search(q);
        for (size_t k = 0; k < page.items.size(); ++k) out.emplace_back(page.items[k], page.matches[k]);
        q.offset += page.items.size();
        if (page.items.empty() || q.offset >= page.total) return out;
    }
}

// The names of the hits whose match is in the name.
std::vector<std::string> name_hits(const DirectoryIndex& index, const std::string& text) {
    std::vector<std::string> out;
    for (const auto& [o, m] : all_hits(index, text))
        if (m.field == OrgMatchField::Name) out.push_back(o->name);
    return out;
}

const char* kHeader = "名称,统一社会信用代码,类型,区,状态,服务类别,登记日期,志愿者人数\n";

}  // namespace

TEST_CASE("the synthetic directory is realistic: valid codes, unique names, the seed's proportions") {
    auto orgs = synth_orgs(2162, 7);
    REQUIRE(orgs.size() == 2162);
    std::set<std::string> names, codes;
    size_t filed = 0;
    for (const Org& o : orgs) {
        CHECK(names.insert(o.name).second);
        if (o.type == OrgType::Community) {
            ++filed;
            CHECK(o.credit_code.empty());
        } else {
            CHECK(check_credit_code(o.credit_code).ok());
            CHECK(codes.insert(o.credit_code).second);
        }
        CHECK(o.description.rfind("虚构示例", 0) == 0);
    }
    CHECK(filed == 2162 - 810);  // 8,100 : 13,520
}

TEST_CASE("the generator makes the same directory natively and in wasm (golden records)") {
    auto orgs = synth_orgs(1000, 2016);
    CHECK(orgs[0].name == "张家港市医学会");
    CHECK(orgs[0].credit_code == "51320582MJ000000X4");
    CHECK(orgs[0].community == "杏桥社区");
    CHECK(orgs[0].registered_on == "2008-03-25");
    CHECK(orgs[0].rating == "1A");
    CHECK(orgs[0].representative == "陆婷（虚构）");
    CHECK(orgs[1].name == "张家港市芷坊街道心理咨询师协会");
    CHECK(orgs[1].supervisor == "张家港市卫生健康委员会");
    CHECK(orgs[2].abnormal);
    CHECK(orgs[999].name == "芷滨社区合唱团");
    CHECK(orgs[999].community == "芷滨社区");
    CHECK(orgs[999].registered_on == "2019-02-17");
    CHECK(orgs[999].contact == "0512-66411305");
    CHECK(orgs[999].supervisor == "芷滨社区居民委员会");
}

TEST_CASE("the synthetic directory follows register patterns and carries the registry fields") {
    auto orgs = synth_orgs(21000, 2016);
    size_t foundations = 0, groups = 0, services = 0, rated = 0, charities = 0, abnormal = 0, elder_names = 0;
    for (const Org& o : orgs) {
        CHECK(is_org_rating(o.rating));
        CHECK(o.representative.find("（虚构）") != std::string::npos);
        CHECK(!o.supervisor.empty());
        if (o.name.find("养老") != std::string::npos) ++elder_names;
        if (!o.rating.empty()) ++rated;
        charities += o.charity;
        abnormal += o.abnormal;
        switch (o.type) {
        case OrgType::Foundation:
            ++foundations;
            CHECK(o.name.find("基金会") != std::string::npos);
            break;
        case OrgType::SocialGroup: ++groups; break;
        case OrgType::SocialService: ++services; break;
        case OrgType::Community:
            CHECK(o.name.rfind(o.community, 0) == 0);   // a filed organisation is named after its community
            CHECK(o.rating.empty());
            CHECK(!o.abnormal);
            break;
        }
        if (o.abnormal) CHECK(o.status == OrgStatus::Active);
    }
    // Registered ones: about 57 % service bodies, 42 % groups, 1 % foundations (docs/directory.md).
    const double registered = static_cast<double>(foundations + groups + services);
    CHECK(services / registered == doctest::Approx(0.57).epsilon(0.05));
    CHECK(groups / registered == doctest::Approx(0.42).epsilon(0.05));
    CHECK(foundations > 0);
    CHECK(rated > registered / 5);
    CHECK(charities > 0);
    CHECK(abnormal > 0);
    CHECK(elder_names > 300);   // real registers are full of 居家养老服务中心, 养老院, 养老服务业协会
}

TEST_CASE("search finds every name containing a 1-, 2-, 3- or 4-character query, and nothing else") {
    auto orgs = numbered(3000, 11);
    DirectoryIndex index;
    index.build(orgs);
    // Queries cut from real names, so that each has matches; compared with a brute-force scan.
    uint64_t pick = 12345;
    for (int round = 0; round < 60; ++round) {
        pick = pick * 6364136223846793005ull + 1442695040888963407ull;
        const Org& o = orgs[(pick >> 33) % orgs.size()];
        std::u32string name = to_code_points(o.name);
        const size_t len = 1 + round % 4;
        if (name.size() < len) continue;
        const size_t start = (pick >> 17) % (name.size() - len + 1);
        std::string q;
        for (char32_t c : name.substr(start, len)) {  // back to UTF-8 (BMP only here)
            if (c < 0x80) q += static_cast<char>(c);
            else if (c < 0x800) q += static_cast<char>(0xC0 | c >> 6), q += static_cast<char>(0x80 | (c & 0x3F));
            else q += static_cast<char>(0xE0 | c >> 12), q += static_cast<char>(0x80 | (c >> 6 & 0x3F)),
                 q += static_cast<char>(0x80 | (c & 0x3F));
        }
        CAPTURE(q);
        size_t expected = 0;
        for (const Org& x : orgs) expected += x.name.find(q) != std::string::npos;
        const auto hits = name_hits(index, q);
        CHECK(hits.size() == expected);
        for (const auto& name : hits) CHECK(name.find(q) != std::string::npos);
    }
}

TEST_CASE("exact names rank first, then names that start with the query, then the rest") {
    std::vector<Org> orgs(4);
    const char* names[] = {"桂苑社区养老服务队", "养老", "邻里养老互助会", "养老服务中心"};
    for (int i = 0; i < 4; ++i) orgs[i].id = i + 1, orgs[i].name = names[i], orgs[i].district = "姑苏区";
    orgs[2].status = OrgStatus::Deregistered;
    DirectoryIndex index;
    index.build(orgs);
    OrgQuery q;
    q.q = "养老";
    CHECK(names_of(index.search(q)) ==
          std::vector<std::string>{"养老", "养老服务中心", "邻里养老互助会", "桂苑社区养老服务队"});
    q.q = "养";  // one character works too
    CHECK(index.search(q).total == 4);
    q.q = "养生";
    CHECK(index.search(q).total == 0);
}

TEST_CASE("filters, paging and credit-code queries narrow the results") {
    auto orgs = numbered(1000, 3);
    DirectoryIndex index;
    index.build(orgs);
    OrgQuery q;
    q.district = "吴江区";
    q.type = OrgType::Community;
    OrgHits hits = index.search(q);
    REQUIRE(hits.total > 0);
    for (const Org* o : hits.items) CHECK((o->district == "吴江区" && o->type == OrgType::Community));

    SUBCASE("paging walks the same list") {
        q.limit = 5;
        q.offset = 5;
        OrgHits page2 = index.search(q);
        q.offset = 0;
        q.limit = 10;
        OrgHits first10 = index.search(q);
        REQUIRE(page2.items.size() == 5);
        CHECK(page2.items[0] == first10.items[5]);
        CHECK(page2.total == hits.total);
    }
    SUBCASE("category and status") {
        OrgQuery c;
        c.category = "养老";
        c.status = OrgStatus::Active;
        c.limit = 100;
        for (const Org* o : index.search(c).items) {
            CHECK(std::find(o->categories.begin(), o->categories.end(), "养老") != o->categories.end());
            CHECK(o->status == OrgStatus::Active);
        }
    }
    SUBCASE("a credit code, in any case, finds its organisation first") {
        const Org* registered = nullptr;
        for (const Org& o : orgs) if (!o.credit_code.empty()) { registered = &o; break; }
        REQUIRE(registered);
        OrgQuery c;
        c.q = registered->credit_code;
        std::transform(c.q.begin(), c.q.end(), c.q.begin(), ::tolower);
        OrgHits h = index.search(c);
        REQUIRE(h.total >= 1);
        CHECK(h.items[0]->id == registered->id);
    }
    SUBCASE("page size is capped") {
        OrgQuery all;
        all.limit = 100000;
        CHECK(index.search(all).items.size() == kOrgSearchMaxLimit);
    }
}

TEST_CASE("a large answer pages through every hit once, and any page is that slice of the whole") {
    // The index keeps only the best offset + limit matches and counts the rest: walking the pages
    // must still show each hit exactly once, in one order, and the total must not move.
    auto orgs = numbered(3000, 5);
    DirectoryIndex index;
    index.build(orgs);
    const std::string code_prefix = [&] {
        for (const Org& o : orgs) if (!o.credit_code.empty()) return o.credit_code.substr(0, 6);
        return std::string();
    }();
    REQUIRE(code_prefix.size() == 6);
    for (const std::string& text : std::vector<std::string>{"", "社", "社区", "sh", "shequ", "sq", "区", code_prefix}) {
        CAPTURE(text);
        OrgQuery q;
        q.q = text;
        q.limit = kOrgSearchMaxLimit;
        std::vector<const Org*> whole;
        size_t total = 0;
        for (q.offset = 0;; q.offset += q.limit) {
            OrgHits page = index.search(q);
            if (q.offset == 0) total = page.total;
            CHECK(page.total == total);
            whole.insert(whole.end(), page.items.begin(), page.items.end());
            if (page.items.size() < q.limit) break;
        }
        CHECK(whole.size() == total);
        CHECK(std::set<const Org*>(whole.begin(), whole.end()).size() == whole.size());
        if (text.size() > 1) CHECK(total > 100);   // several pages
        q.offset = 37;
        q.limit = 7;
        OrgHits slice = index.search(q);
        REQUIRE(whole.size() >= 44);
        CHECK(slice.items == std::vector<const Org*>(whole.begin() + 37, whole.begin() + 44));
    }
    // A credit-code prefix finds exactly the codes that start with it (against a scan).
    OrgQuery c;
    c.q = code_prefix;
    c.limit = kOrgSearchMaxLimit;
    std::set<int64_t> expected, got;
    for (const Org& o : orgs) if (o.credit_code.compare(0, code_prefix.size(), code_prefix) == 0) expected.insert(o.id);
    for (c.offset = 0;; c.offset += c.limit) {
        OrgHits page = index.search(c);
        for (size_t k = 0; k < page.items.size(); ++k)
            if (page.matches[k].field == OrgMatchField::CreditCode) got.insert(page.items[k]->id);
        if (page.items.size() < c.limit) break;
    }
    CHECK(got == expected);
}

TEST_CASE("organisations survive the store, and re-saving updates instead of duplicating") {
    TempDb db("dir-store");
    auto store = Store::open(db.path);
    REQUIRE(store.ok());
    auto orgs = synth_orgs(300, 5);
    auto first = upsert_orgs(store.value(), orgs);
    REQUIRE(first.ok());
    CHECK(first->inserted == 300);
    const int64_t seq = orgs_sequence(store.value()).value();

    orgs[0].volunteers = 999;
    orgs[299].status = OrgStatus::Revoked;  // a filed community organisation (no code): matched by name and place
    auto second = upsert_orgs(store.value(), {orgs[0], orgs[299]});
    REQUIRE(second.ok());
    CHECK(second->updated == 2);
    CHECK(count_orgs(store.value()).value() == 300);

    auto delta = load_orgs(store.value(), seq);
    REQUIRE(delta.ok());
    REQUIRE(delta->size() == 2);
    auto all = load_orgs(store.value());
    REQUIRE(all.ok());
    REQUIRE(all->size() == 300);
    // In change order: the two updated records come last.
    CHECK(all->back().name == orgs[299].name);
    CHECK(all->back().status == OrgStatus::Revoked);
    const Org& updated0 = (*all)[298];
    CHECK(updated0.name == orgs[0].name);
    CHECK(updated0.volunteers == 999);
    CHECK(updated0.categories == orgs[0].categories);
    SUBCASE("the registry fields (评估等级, 慈善组织, 业务主管单位, 法定代表人, 活动异常名录) round-trip") {
        for (size_t i = 0; i < all->size() - 2; ++i) {
            const Org& stored = (*all)[i];
            const Org& source = orgs[i + 1];   // orgs[0] was re-saved and moved to the end
            CAPTURE(source.name);
            REQUIRE(stored.name == source.name);
            CHECK(stored.rating == source.rating);
            CHECK(stored.charity == source.charity);
            CHECK(stored.supervisor == source.supervisor);
            CHECK(stored.representative == source.representative);
            CHECK(stored.abnormal == source.abnormal);
        }
    }
}

TEST_CASE("a mirror synced page by page from the change sequence equals the source, ids included") {
    TempDb src_db("dir-sync-src"), dst_db("dir-sync-dst");
    auto src = Store::open(src_db.path);
    auto dst = Store::open(dst_db.path, {Journal::Memory});
    REQUIRE((src.ok() && dst.ok()));
    REQUIRE(upsert_orgs(src.value(), synth_orgs(250, 4)).ok());
    auto all = synth_orgs(250, 4);
    std::vector<Org> changed(all.begin(), all.begin() + 3);  // registered: matched by credit code
    changed[1].name += "（更新）";                           // so a new name is an update, not a new row
    REQUIRE(upsert_orgs(src.value(), changed).ok());

    int64_t since = 0;
    for (int pages = 0;; ++pages) {
        REQUIRE(pages < 100);
        auto page = load_orgs(src.value(), since, 64);
        REQUIRE(page.ok());
        if (page->empty()) break;
        REQUIRE(upsert_orgs(dst.value(), page.value()).ok());
        since = page->back().updated_seq;
    }
    auto a = load_orgs(src.value()).value(), b = load_orgs(dst.value()).value();
    REQUIRE(a.size() == 250);
    REQUIRE(b.size() == 250);
    auto by_id = [](std::vector<Org>& v) { std::sort(v.begin(), v.end(), [](auto& x, auto& y) { return x.id < y.id; }); };
    by_id(a);
    by_id(b);
    for (size_t i = 0; i < a.size(); ++i) {
        CHECK(a[i].id == b[i].id);
        CHECK(a[i].name == b[i].name);
        CHECK(a[i].credit_code == b[i].credit_code);
    }
}

TEST_CASE("a CSV import takes good rows, reports bad ones by line, and upserts on re-import") {
    TempDb db("dir-import");
    auto store = Store::open(db.path);
    REQUIRE(store.ok());
    std::string csv = std::string("\xEF\xBB\xBF") + kHeader +
        "桂苑乐龄养老协会,51320508MJ0000001X,社会团体,姑苏区,正常,养老、助残,2016-05-31,12\n"  // bad check char
        "\"兰湾社区\"\"书香\"\"读书会, 第二分会\",,社区社会组织,吴中区,正常,教育,,\n"          // quotes and comma
        "荷塘志愿服务队,,社区社会组织,吴江区,存续,志愿服务,,\n"                                  // unknown status
        "无名,,社会团体,吴江区,正常,,,\n"                                                           // code required
        "枫桥助残服务社,,社区社会组织,虎丘区,正常,助残,2016/02/30,5\n"                              // bad date
        "竹园环保促进会,,社区社会组织,相城区,正常,环保,,-3\n";                                      // negative
    const std::string good_code = complete_credit_code("5132050800000002").value();
    csv += "松林书画研究会," + good_code + ",社会团体,姑苏区,正常,文体娱乐,2015-01-01,30\n";
    csv += "松林书画研究会," + good_code + ",社会团体,姑苏区,正常,文体娱乐,2015-01-01,30\n";  // duplicate

    std::string detail;
    auto report = import_orgs_csv(store.value(), csv, &detail);
    REQUIRE(report.ok());
    CHECK(report->parsed.encoding == "UTF-8");
    CHECK(report->parsed.rows == 8);
    CHECK(report->counts.inserted == 2);
    REQUIRE(report->parsed.rejected.size() == 6);
    const auto& rej = report->parsed.rejected;
    CHECK(rej[0].line == 2);
    CHECK(rej[0].reason.find("check character") != std::string::npos);
    CHECK(rej[1].line == 4);
    CHECK(rej[1].reason.find("状态") != std::string::npos);
    CHECK(rej[2].reason.find("required") != std::string::npos);
    CHECK(rej[3].reason.find("登记日期") != std::string::npos);
    CHECK(rej[4].reason.find("志愿者人数") != std::string::npos);
    CHECK(rej[5].line == 9);
    CHECK(rej[5].reason.find("line 8") != std::string::npos);

    auto orgs = load_orgs(store.value()).value();
    REQUIRE(orgs.size() == 2);
    CHECK(orgs[0].name == "兰湾社区\"书香\"读书会, 第二分会");

    SUBCASE("re-importing the same code updates the record") {
        std::string again = std::string(kHeader) + "松林书画研究会（更名）," + good_code + ",社会团体,姑苏区,注销,,,\n";
        auto r2 = import_orgs_csv(store.value(), again, &detail);
        REQUIRE(r2.ok());
        CHECK(r2->counts.updated == 1);
        CHECK(count_orgs(store.value()).value() == 2);
    }
}

TEST_CASE("GB18030 files from Chinese Excel import like UTF-8 ones") {
    // kHeader and one row, encoded by Python's gb18030 codec (喆 堃 are GBK extensions outside GB2312).
    const std::string gb = "\xC3\xFB\xB3\xC6,\xCD\xB3\xD2\xBB\xC9\xE7\xBB\xE1\xD0\xC5\xD3\xC3\xB4\xFA\xC2\xEB,\xC0\xE0\xD0\xCD,\xC7\xF8,\xD7\xB4\xCC\xAC,\xB7\xFE\xCE\xF1\xC0\xE0\xB1\xF0,\xB5\xC7\xBC\xC7\xC8\xD5\xC6\xDA,\xD6\xBE\xD4\xB8\xD5\xDF\xC8\xCB\xCA\xFD\n"
    "\xC3\xB7\xCD\xA5\xC9\xE7\xC7\xF8\x86\xB4\x88\xD2\xBA\xCF\xB3\xAA\xCD\xC5,,\xC9\xE7\xC7\xF8\xC9\xE7\xBB\xE1\xD7\xE9\xD6\xAF,\xC0\xA5\xC9\xBD\xCA\xD0,\xD5\xFD\xB3\xA3,\xCE\xC4\xCC\xE5\xD3\xE9\xC0\xD6,,8\n";
    std::string detail;
    auto parsed = parse_orgs_csv(gb, &detail);
    REQUIRE(parsed.ok());
    CHECK(parsed->encoding == "GB18030");
    REQUIRE(parsed->orgs.size() == 1);
    CHECK(parsed->orgs[0].name == "梅庭社区喆堃合唱团");
    CHECK(parsed->orgs[0].volunteers == 8);
}

TEST_CASE("file-level problems reject the whole file and change nothing") {
    TempDb db("dir-reject");
    auto store = Store::open(db.path);
    REQUIRE(store.ok());
    REQUIRE(upsert_orgs(store.value(), synth_orgs(10, 1)).ok());
    std::string detail;
    SUBCASE("not text") {
        CHECK(import_orgs_csv(store.value(), std::string("\xFF\xFE\x00\x81\xFF", 5), &detail).error() == Error::ImportEncoding);
    }
    SUBCASE("a required column is missing") {
        CHECK(import_orgs_csv(store.value(), "名称,类型,区\n某协会,社会团体,姑苏区\n", &detail).error() ==
              Error::ImportMissingColumn);
        CHECK(detail.find("状态") != std::string::npos);
    }
    SUBCASE("a column appears twice") {
        CHECK(import_orgs_csv(store.value(), "名称,类型,区,状态,name\n", &detail).error() == Error::ImportDuplicateColumn);
    }
    SUBCASE("a quote is never closed") {
        std::string bad = std::string(kHeader) + "\"未闭合,,社区社会组织,姑苏区,正常,,,\n";
        CHECK(import_orgs_csv(store.value(), bad, &detail).error() == Error::ImportMalformed);
        CHECK(detail.find("line 2") != std::string::npos);
    }
    SUBCASE("empty") {
        CHECK(import_orgs_csv(store.value(), "", &detail).error() == Error::ImportMalformed);
    }
    CHECK(count_orgs(store.value()).value() == 10);
}

TEST_CASE("export writes CSV that imports back to the same organisations") {
    auto orgs = synth_orgs(200, 9);
    std::string detail;
    auto parsed = parse_orgs_csv(orgs_to_csv(orgs), &detail);
    REQUIRE(parsed.ok());
    CHECK(parsed->rejected.empty());
    REQUIRE(parsed->orgs.size() == orgs.size());
    for (size_t i = 0; i < orgs.size(); ++i) {
        CHECK(parsed->orgs[i].name == orgs[i].name);
        CHECK(parsed->orgs[i].credit_code == orgs[i].credit_code);
        CHECK(parsed->orgs[i].categories == orgs[i].categories);
        CHECK(parsed->orgs[i].registered_on == orgs[i].registered_on);
        CHECK(parsed->orgs[i].rating == orgs[i].rating);
        CHECK(parsed->orgs[i].charity == orgs[i].charity);
        CHECK(parsed->orgs[i].supervisor == orgs[i].supervisor);
        CHECK(parsed->orgs[i].representative == orgs[i].representative);
        CHECK(parsed->orgs[i].abnormal == orgs[i].abnormal);
    }
}

TEST_CASE("registry columns import in their register spellings, and bad values are rejected by line") {
    const std::string code = complete_credit_code("5132050800000003").value();
    const std::string csv = std::string("名称,统一社会信用代码,类型,区,状态,评估等级,慈善组织,业务主管单位,法定代表人,活动异常名录\n") +
        "颐和养老院," + code + ",社会服务机构,姑苏区,正常,4a,是,无（直接登记）,王建华（虚构）,否\n" +
        "桂苑社区舞蹈队,,社区社会组织,姑苏区,正常,未评估,,桂苑社区居民委员会,李敏（虚构）,\n" +
        "枫桥社区合唱团,,社区社会组织,姑苏区,正常,6A,,,,\n" +
        "兰湾社区读书会,,社区社会组织,姑苏区,正常,,也许,,,\n" +
        "竹园社区太极拳队,,社区社会组织,姑苏区,正常,,,,,可能\n";
    std::string detail;
    auto parsed = parse_orgs_csv(csv, &detail);
    REQUIRE(parsed.ok());
    REQUIRE(parsed->orgs.size() == 2);
    CHECK(parsed->orgs[0].rating == "4A");
    CHECK(parsed->orgs[0].charity);
    CHECK(!parsed->orgs[0].abnormal);
    CHECK(parsed->orgs[0].supervisor == "无（直接登记）");
    CHECK(parsed->orgs[0].representative == "王建华（虚构）");
    CHECK(parsed->orgs[1].rating.empty());
    REQUIRE(parsed->rejected.size() == 3);
    CHECK(parsed->rejected[0].line == 4);
    CHECK(parsed->rejected[0].reason.find("评估等级") != std::string::npos);
    CHECK(parsed->rejected[1].reason.find("慈善组织") != std::string::npos);
    CHECK(parsed->rejected[2].reason.find("活动异常名录") != std::string::npos);
}

// [SECTION] Searching as residents search (issue 24): services, places, descriptions, pinyin

namespace {

// A small directory where 养老 is meant in every way a record can carry it.
std::vector<Org> elder_care_directory() {
    struct Row { const char* name; std::vector<std::string> cats; const char* community; const char* description; };
    const Row rows[] = {
        {"桂苑社区居家养老服务中心", {"养老"}, "桂苑社区", "虚构示例：上门助餐。"},
        {"枫桥社区老年人协会", {"养老"}, "枫桥社区", "虚构示例：老年人文体活动。"},
        {"清溪社区红马甲志愿服务队", {"志愿服务", "养老"}, "清溪社区", "虚构示例：探访独居长者。"},
        {"养老", {"养老"}, "桂苑社区", "虚构示例。"},
        {"锦湖社区书画协会", {"文体娱乐"}, "锦湖社区", "虚构示例：也为养老机构的长者上书画课。"},
        {"兰苑社区舞蹈队", {"文体娱乐"}, "兰苑社区", "虚构示例：广场舞。"},
        {"澄湾社区医疗服务站", {"医疗保健"}, "澄湾社区", "虚构示例：义诊。"},
        {"长桥社区中国银行志愿服务队", {"志愿服务"}, "长桥社区", "虚构示例：金融知识普及。"},
    };
    std::vector<Org> orgs;
    for (const Row& r : rows) {
        Org o;
        o.id = static_cast<int64_t>(orgs.size() + 1);
        o.name = r.name;
        o.categories = r.cats;
        o.district = "姑苏区";
        o.community = r.community;
        o.description = r.description;
        orgs.push_back(std::move(o));
    }
    return orgs;
}

std::vector<std::string> names_and_fields(const DirectoryIndex& index, const std::string& text) {
    std::vector<std::string> out;
    for (const auto& [o, m] : all_hits(index, text)) out.push_back(o->name + " " + std::string(org_match_field_code(m.field)));
    return out;
}

}  // namespace

TEST_CASE("养老 finds names with 养老 first, then the 养老 category, then descriptions") {
    DirectoryIndex index;
    index.build(elder_care_directory());
    CHECK(names_and_fields(index, "养老") == std::vector<std::string>{
              "养老 name", "桂苑社区居家养老服务中心 name",             // equal, then inside the name
              "枫桥社区老年人协会 category", "清溪社区红马甲志愿服务队 category",  // first category, then second
              "锦湖社区书画协会 description"});
    OrgQuery q;
    q.q = "养老";
    OrgHits hits = index.search(q);
    REQUIRE(hits.matches.size() == 5);
    CHECK(hits.matches[1].text == "桂苑社区居家养老服务中心");
    CHECK((hits.matches[1].span.start == 6 && hits.matches[1].span.length == 2));
    CHECK(hits.matches[2].text == "养老");
    CHECK(hits.matches[4].span.start == 7);   // 虚构示例：也为|养老
}

TEST_CASE("the everyday words of a service find its category: 助老, 敬老, 为老, 老年, 老") {
    DirectoryIndex index;
    index.build(elder_care_directory());
    for (const char* word : {"助老", "敬老", "为老", "长者", "老人"}) {
        CAPTURE(word);
        auto hits = all_hits(index, word);
        std::set<std::string> in_category;
        for (const auto& [o, m] : hits)
            if (m.field == OrgMatchField::Category) in_category.insert(o->name);
        CHECK(in_category.count("枫桥社区老年人协会") == 1);
        CHECK(in_category.count("清溪社区红马甲志愿服务队") == 1);
        CHECK(in_category.count("兰苑社区舞蹈队") == 0);
    }
    // 老年 is in a name too: that name comes first, the rest of the category after it.
    CHECK(names_and_fields(index, "老年").front() == "枫桥社区老年人协会 name");
    CHECK(names_and_fields(index, "居家养老服务").size() >= 4);   // the query names the service
    CHECK(names_and_fields(index, "老").size() == 4);   // three names, then 清溪 by its second category
    CHECK(all_hits(index, "养生").empty());
}

TEST_CASE("communities and districts find their organisations, after name matches") {
    DirectoryIndex index;
    index.build(elder_care_directory());
    auto hits = all_hits(index, "桂苑");
    REQUIRE(hits.size() == 2);
    CHECK(hits[0].second.field == OrgMatchField::Name);        // 桂苑社区居家养老服务中心
    CHECK(hits[1].first->name == "养老");                        // only its community says 桂苑
    CHECK(hits[1].second.field == OrgMatchField::Community);
    CHECK(hits[1].second.text == "桂苑社区");
    auto district = all_hits(index, "姑苏");
    CHECK(district.size() == 8);
    for (const auto& [o, m] : district) CHECK(m.field == OrgMatchField::District);
}

TEST_CASE("pinyin, initials and mixed input find what the characters find") {
    DirectoryIndex index;
    index.build(elder_care_directory());
    // Everything 养老 finds but the description (descriptions match by characters only).
    auto expected = names_and_fields(index, "养老");
    expected.pop_back();
    for (const char* q : {"yanglao", "养lao", "yang老", "YangLao", "yangl"}) {
        CAPTURE(q);
        auto got = names_and_fields(index, q);
        CHECK(got == expected);
    }
    // Initials are looser (医疗 is yl too) but still find every one of them, names first.
    auto yl = names_and_fields(index, "yl");
    for (const auto& e : expected) CHECK(std::find(yl.begin(), yl.end(), e) != yl.end());
    CHECK(std::find(yl.begin(), yl.end(), "澄湾社区医疗服务站 name") != yl.end());
    // 医疗服务 is ylfw as much as 养老服务; it matches earlier in its name.
    CHECK(name_hits(index, "ylfw") == std::vector<std::string>{"澄湾社区医疗服务站", "桂苑社区居家养老服务中心"});
    CHECK(name_hits(index, "jjylfwzx") == std::vector<std::string>{"桂苑社区居家养老服务中心"});
    CHECK(name_hits(index, "guiyuansq").size() == 1);
    CHECK(all_hits(index, "xyz").empty());
    OrgQuery q;
    q.q = "jjylfw";
    OrgHits hits = index.search(q);
    REQUIRE(hits.matches.size() == 1);
    CHECK(hits.matches[0].pinyin);
    CHECK((hits.matches[0].span.start == 4 && hits.matches[0].span.length == 6));   // 居家养老服务
}

TEST_CASE("a polyphonic character is found by each of its readings") {
    std::string_view readings[kPinyinMaxReadings];
    const size_t n = pinyin_readings(U'行', readings);
    std::set<std::string_view> all(readings, readings + n);
    CHECK(all.count("xing") == 1);
    CHECK(all.count("hang") == 1);
    DirectoryIndex index;
    index.build(elder_care_directory());
    const std::vector<std::string> bank{"长桥社区中国银行志愿服务队"};
    for (const char* q : {"yinhang", "yinxing", "yh", "yx", "zhongguoyinhang", "zgyh"}) {
        CAPTURE(std::string(q));
        CHECK(name_hits(index, q) == bank);
    }
    for (const char* q : {"changqiao", "zhangqiao", "zq", "cq"}) {   // 长: cháng / zhǎng
        CAPTURE(std::string(q));
        CHECK(name_hits(index, q) == bank);
    }
}

TEST_CASE("pinyin search misses no name that pinyin matches (against a scan of every name)") {
    auto orgs = numbered(3000, 11);
    DirectoryIndex index;
    index.build(orgs);
    const char* queries[] = {"yanglao", "yl", "ylfw", "zyfwd", "sq", "shequ", "xiehui", "fwzx", "lao", "hh",
                             "养lao", "社qu", "zhiyuan", "zy", "ch", "chang", "yx", "taiji", "sqsh", "gusu"};
    for (const char* text : queries) {
        CAPTURE(text);
        const std::u32string q = to_code_points(text);
        std::set<std::string> expected;
        for (const Org& o : orgs)
            if (o.name.find(text) != std::string::npos || match_pinyin(to_code_points(o.name), q)) expected.insert(o.name);
        const auto got = name_hits(index, text);
        CHECK(std::set<std::string>(got.begin(), got.end()) == expected);
        CHECK(got.size() == expected.size());
    }
}
