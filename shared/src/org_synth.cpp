// org_synth.cpp — the synthetic directory generator (see org_synth.hpp).
//
// Names follow the patterns of real civil-affairs registers, all invented:
//   社会团体      region prefix + subject + 协会/联合会/促进会/研究会/学会/商会 (苏州市姑苏区老年人协会)
//   社会服务机构  region prefix + [community] + brand + service + form (苏州市吴中区桂苑社区居家养老服务中心,
//                 昆山市启明艺术培训中心, 姑苏区乐龄社会工作服务社)
//   基金会        city prefix + brand + purpose + 基金会 (苏州市颐和公益基金会)
//   社区社会组织  community + [brand] + activity + team form (枫桥社区夕阳红志愿服务队, 桂湾村老年人协会)
// Proportions are assumed (docs/directory.md, "Synthetic data"): types in the seed's 8,100 registered :
// 13,520 filed, and among registered ones about the national shares (社会服务机构 57%, 社会团体 42%,
// 基金会 1%); the category mix leans on education (private schools are the largest group of
// 社会服务机构), elder care and culture/sport, as registers do. Registry fields: 评估等级 for about a
// quarter of registered organisations (3A most common), 慈善组织 recognition mostly for foundations,
// 业务主管单位 by field (none for the four kinds registered directly since 2016), a fictional 法定代表人,
// and a few active organisations on the 活动异常名录.
//
// Index of this file
//   [SECTION] Places and people
//   [SECTION] Services: what each category is called in names and descriptions
//   [SECTION] The generator
#include "yishi/org_synth.hpp"
#include "yishi/splitmix.hpp"

#include <cstdio>
#include <string>
#include <string_view>
#include <unordered_set>

#include "yishi/credit_code.hpp"

namespace yishi::core {

namespace {

using Rng = SplitMix64;  // identical sequences natively and in wasm

// [SECTION] Places and people

struct District { const char* name; const char* division; const char* prefix; const char* city_authority; };
constexpr District kDistricts[] = {  // Suzhou's real districts and county-level cities
    {"姑苏区", "320508", "苏州市姑苏区", "苏州市"}, {"虎丘区", "320505", "苏州市虎丘区", "苏州市"},
    {"吴中区", "320506", "苏州市吴中区", "苏州市"}, {"相城区", "320507", "苏州市相城区", "苏州市"},
    {"吴江区", "320509", "苏州市吴江区", "苏州市"}, {"苏州工业园区", "320571", "苏州工业园区", "苏州市"},
    {"常熟市", "320581", "常熟市", "常熟市"}, {"张家港市", "320582", "张家港市", "张家港市"},
    {"昆山市", "320583", "昆山市", "昆山市"}, {"太仓市", "320585", "太仓市", "太仓市"},
};
// Invented community names: first part + second part + 社区/村.
constexpr const char* kPlaceA[] = {"桂", "兰", "枫", "竹", "梅", "荷", "松", "柳", "桃", "杏",
                                   "榕", "樟", "槐", "菊", "棠", "芷", "澄", "清", "锦", "翠"};
constexpr const char* kPlaceB[] = {"苑", "湾", "桥", "泾", "园", "庭", "溪", "浦", "塘", "坊",
                                   "里", "岸", "湖", "港", "林", "墅", "汀", "洲", "滨", "巷"};
// Brands (字号) of service bodies, foundations and some filed groups; a few carry characters outside
// GB2312, as real names do (the app's font must still draw them).
constexpr const char* kBrands[] = {"乐龄", "颐和", "康乃馨", "阳光", "启明", "博爱", "仁爱", "春晖", "馨和", "金色年华",
                                   "同心", "益友", "善水", "向日葵", "暖阳", "新芽", "长青", "和煦", "同行", "知行",
                                   "喆乐", "堃德", "赟和", "玥华"};
// Fictional legal representatives: common surnames and given names, a few outside GB2312.
constexpr const char* kSurnames[] = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周",
                                     "徐", "孙", "朱", "马", "胡", "郭", "沈", "顾", "陆", "钱"};
constexpr const char* kGiven[] = {"建华", "秀英", "卫东", "丽萍", "志强", "海燕", "国平", "玉兰", "文杰", "静",
                                  "敏", "磊", "婷", "喆", "堃", "赟", "玥", "珺", "璟", "祎"};
constexpr const char* kRatings[] = {"1A", "2A", "3A", "3A", "3A", "4A", "4A", "5A"};

// [SECTION] Services: what each category is called in names and descriptions

struct Service {
    const char* category;
    unsigned weight_registered, weight_filed;  // relative frequency (assumed, see the top of this file)
    const char* group_subjects[3];             // 社会团体: region + subject + form
    const char* service_names[3];              // 社会服务机构: region + [community] + brand + name
    const char* filed_names[3];                // 社区社会组织: community + name
    const char* supervisor;                    // 业务主管单位 after the city or district, "" when registered directly
    const char* description;                   // what it does
};
constexpr Service kServices[] = {
    {"养老", 16, 16, {"老年人协会", "老龄事业促进会", "养老服务业协会"},
     {"居家养老服务中心", "养老院", "日间照料中心"}, {"老年人协会", "夕阳红志愿服务队", "助老服务队"}, "",
     "为辖区老年人提供助餐、日间照料和上门探访服务"},
    {"托幼", 5, 3, {"托育服务协会", "学前教育研究会", "婴幼儿照护促进会"},
     {"托育中心", "幼儿园", "早期教育中心"}, {"妈妈互助会", "亲子活动小组", "宝宝成长营"}, "教育局",
     "为三岁以下婴幼儿家庭提供托育和育儿指导"},
    {"助残", 5, 4, {"残疾人福利基金促进会", "肢残人协会", "聋人协会"},
     {"残疾人之家", "康复服务中心", "助残服务中心"}, {"助残志愿队", "阳光助残服务队", "残疾人互助小组"}, "残疾人联合会",
     "为残疾人提供康复训练、辅助就业和居家托养"},
    {"医疗保健", 7, 4, {"医学会", "护理学会", "健康促进会"},
     {"中医门诊部", "康复医院", "护理院"}, {"健康自我管理小组", "家庭医生志愿队", "健康讲师团"}, "卫生健康委员会",
     "开展健康讲座、义诊和慢性病管理"},
    {"文体娱乐", 14, 30, {"书法家协会", "老年体育协会", "摄影家协会"},
     {"文化艺术中心", "体育俱乐部", "艺术团"}, {"舞蹈队", "合唱团", "太极拳队"}, "文化广电和旅游局",
     "组织居民开展文艺演出、健身和书画活动"},
    {"家政", 2, 3, {"家庭服务业协会", "家政服务协会", "物业管理协会"},
     {"家政服务中心", "便民服务中心", "家庭服务中心"}, {"便民服务队", "巧手维修队", "便民服务社"}, "",
     "提供便民维修、保洁和家政服务"},
    {"教育", 24, 6, {"教育学会", "家庭教育研究会", "民办教育协会"},
     {"培训学校", "艺术培训中心", "职业培训学校"}, {"读书会", "四点半课堂", "老年学堂"}, "教育局",
     "开办课程和读书活动，辅导青少年课后学习"},
    {"环保", 3, 5, {"环境保护协会", "野生动植物保护协会", "环保产业协会"},
     {"环保公益服务中心", "绿色发展研究中心", "环境教育中心"}, {"垃圾分类督导队", "环保志愿队", "护河队"}, "生态环境局",
     "开展垃圾分类宣传、河道巡护和绿色家庭创建"},
    {"法律援助", 3, 3, {"法学会", "人民调解协会", "律师协会"},
     {"法律服务中心", "调解服务中心", "法律援助服务社"}, {"法律服务志愿队", "邻里调解队", "普法宣传队"}, "司法局",
     "为居民提供法律咨询、纠纷调解和普法宣传"},
    {"志愿服务", 4, 10, {"志愿者协会", "义工联合会", "志愿服务联合会"},
     {"志愿服务中心", "公益服务中心", "志愿服务发展中心"}, {"志愿服务队", "红马甲志愿队", "平安志愿者队"}, "",
     "组织志愿者开展社区公益服务"},
    {"社区治理", 5, 6, {"社会工作者协会", "社区发展促进会", "社会组织促进会"},
     {"社会工作服务中心", "社会工作服务社", "社区发展中心"}, {"居民议事会", "楼道自治小组", "乡贤参事会"}, "",
     "承接社区服务项目，协助居民议事协商"},
    {"心理咨询", 3, 2, {"心理卫生协会", "心理咨询师协会", "心理学会"},
     {"心理咨询服务中心", "心理健康服务中心", "心理援助中心"}, {"心理疏导小组", "暖心倾听队", "心灵驿站"}, "卫生健康委员会",
     "提供心理咨询、情绪疏导和危机干预"},
    {"青少年服务", 4, 3, {"青少年发展促进会", "少年儿童工作者协会", "青年志愿者协会"},
     {"青少年发展中心", "青少年服务中心", "四点半学校"}, {"小候鸟服务队", "青少年成长营", "少年志愿队"}, "",
     "为青少年提供课后托管、成长辅导和假期活动"},
    {"慈善救助", 3, 2, {"慈善总会", "见义勇为协会", "扶贫开发协会"},
     {"慈善服务中心", "救助服务中心", "公益帮扶中心"}, {"慈善爱心会", "帮扶小组", "暖冬行动队"}, "",
     "帮扶困难群众，开展助学、助医和节日慰问"},
    {"邻里互助", 2, 3, {"邻里文化促进会", "睦邻发展协会", "社区互助协会"},
     {"睦邻中心", "邻里服务中心", "邻里互助服务社"}, {"睦邻互助会", "邻里守望队", "邻里互助社"}, "",
     "组织邻里互助、结对关爱和楼道活动"},
};
constexpr const char* kGroupForms[] = {"协会", "联合会", "促进会", "研究会"};

template <class F>
const Service& pick_weighted(Rng& rng, F weight) {
    unsigned total = 0;
    for (const Service& s : kServices) total += weight(s);
    unsigned roll = static_cast<unsigned>(rng.below(total));
    for (const Service& s : kServices) {
        if (roll < weight(s)) return s;
        roll -= weight(s);
    }
    return kServices[0];
}

// The subject of a group name without a trailing form, so that another form may follow.
std::string group_name(Rng& rng, const Service& s) {
    std::string subject = rng.pick(s.group_subjects);
    for (std::string_view form : {"协会", "学会", "研究会", "促进会", "联合会", "总会"}) {
        if (subject.size() > form.size() && subject.compare(subject.size() - form.size(), form.size(), form) == 0)
            return subject;  // keeps its own form
    }
    return subject + rng.pick(kGroupForms);
}

}  // namespace

// [SECTION] The generator

std::vector<Org> synth_orgs(size_t count, uint64_t seed) {
    Rng rng{seed};
    std::vector<Org> out;
    out.reserve(count);
    std::unordered_set<std::string> names;
    const size_t registered = (count * 8100 + 10810) / 21620;  // the seed's 8,100 : 13,520
    for (size_t i = 0; i < count; ++i) {
        Org o;
        const District& d = rng.pick(kDistricts);
        o.district = d.name;
        // One draw per statement: the order of evaluation inside an expression differs between
        // compilers, and native and wasm builds must generate the same directory.
        const char* place_a = rng.pick(kPlaceA);
        const char* place_b = rng.pick(kPlaceB);
        const bool village = rng.below(5) == 0;
        o.community = std::string(place_a) + place_b + (village ? "村" : "社区");
        const char* surname = rng.pick(kSurnames);
        const char* given = rng.pick(kGiven);
        o.representative = std::string(surname) + given + "（虚构）";
        const std::string district_authority = std::string(d.prefix) + "民政局";
        std::string base;
        const Service* service = nullptr;
        if (i < registered) {
            service = &pick_weighted(rng, [](const Service& s) { return s.weight_registered; });
            const size_t kind = rng.below(100);  // 57% service bodies, 42% social groups, 1% foundations
            o.type = kind < 57 ? OrgType::SocialService : kind < 99 ? OrgType::SocialGroup : OrgType::Foundation;
            // City-level bodies register with 苏州市民政局; county-level cities keep their own prefix.
            const bool suzhou_district = std::string_view(d.city_authority) == "苏州市";
            const bool city_level = suzhou_district && (o.type == OrgType::Foundation || rng.below(7) == 0);
            const std::string prefix = city_level ? std::string(d.city_authority) : std::string(d.prefix);
            const std::string brand = rng.pick(kBrands);
            if (o.type == OrgType::SocialGroup) {
                // Many groups are those of a subdistrict or town (invented: 桂泾街道, 枫湾镇).
                const bool local = !city_level && rng.below(10) < 8;
                const char* street_a = rng.pick(kPlaceA);
                const char* street_b = rng.pick(kPlaceB);
                const std::string street = local ? std::string(street_a) + street_b + (village ? "镇" : "街道") : "";
                base = prefix + street + group_name(rng, *service);
            } else if (o.type == OrgType::SocialService) {
                const bool in_community = !city_level && rng.below(3) == 0;
                const std::string what = rng.pick(service->service_names);
                base = prefix + (in_community ? o.community : brand) + what;
            } else {
                const char* purposes[] = {"公益", "慈善", "教育发展", "助学"};
                base = prefix + brand + rng.pick(purposes) + "基金会";
            }
            o.level = city_level ? "市级" : suzhou_district ? "区级" : "县级";
            o.authority = city_level ? std::string(d.city_authority) + "民政局" : district_authority;
            // Since 2016 four kinds register directly, without a supervising department (无).
            const bool direct = *service->supervisor == '\0' || o.type == OrgType::Foundation || rng.below(3) == 0;
            o.supervisor = direct ? "无（直接登记）" : prefix + service->supervisor;
            char head[32];
            const char category = o.type == OrgType::SocialGroup ? '1' : o.type == OrgType::SocialService ? '2' : '3';
            std::snprintf(head, sizeof head, "5%c%sMJ%06zu", category, city_level ? "320500" : d.division, i % 1000000);
            o.credit_code = complete_credit_code(head).value();
            if (rng.below(4) == 0) o.rating = rng.pick(kRatings);
            o.charity = o.type == OrgType::Foundation ? rng.below(2) == 0 : rng.below(40) == 0;
        } else {
            service = &pick_weighted(rng, [](const Service& s) { return s.weight_filed; });
            o.type = OrgType::Community;
            const bool branded = rng.below(4) == 0;
            const std::string what = rng.pick(service->filed_names);
            base = o.community + (branded ? std::string(rng.pick(kBrands)) : std::string()) + what;
            o.level = "街道";
            o.authority = std::string(d.name) + "街道办事处（备案）";
            o.supervisor = o.community + (village ? "村民委员会" : "居民委员会");
        }
        std::string name = base;
        for (int k = 2; !names.insert(name).second; ++k) name = base + "（" + std::to_string(k) + "）";
        o.name = std::move(name);
        o.categories.push_back(service->category);
        if (rng.below(3) == 0) o.categories.push_back(pick_weighted(rng, [](const Service& s) { return s.weight_filed; }).category);
        if (o.categories.size() == 2 && o.categories[0] == o.categories[1]) o.categories.pop_back();
        o.address = std::string(d.prefix) + o.community + std::to_string(1 + rng.below(300)) + "号";
        char phone[24];
        std::snprintf(phone, sizeof phone, "0512-6%07llu", static_cast<unsigned long long>(rng.below(10000000)));
        o.contact = phone;
        o.status = rng.below(25) == 0 ? (rng.below(3) == 0 ? OrgStatus::Revoked : OrgStatus::Deregistered)
                                      : OrgStatus::Active;
        o.abnormal = o.type != OrgType::Community && o.status == OrgStatus::Active && rng.below(40) == 0;
        char date[16];
        const size_t year = 2005 + rng.below(18);
        const size_t month = 1 + rng.below(12);
        const size_t day = 1 + rng.below(28);
        std::snprintf(date, sizeof date, "%04zu-%02zu-%02zu", year, month, day);
        o.registered_on = date;
        o.volunteers = static_cast<int64_t>(rng.below(300));
        o.description = "虚构示例：" + o.community + "的" + service->category + "类组织，" + service->description + "。";
        out.push_back(std::move(o));
    }
    return out;
}

}  // namespace yishi::core
