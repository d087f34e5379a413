// org_synth.cpp — the synthetic directory generator (see org_synth.hpp).
#include "yishi/org_synth.hpp"
#include "yishi/splitmix.hpp"

#include <cstdio>
#include <string>
#include <unordered_set>

#include "yishi/credit_code.hpp"

namespace yishi::core {

namespace {

using Rng = SplitMix64;  // identical sequences natively and in wasm

struct District { const char* name; const char* division; };
constexpr District kDistricts[] = {  // Suzhou's real districts and county-level cities
    {"姑苏区", "320508"}, {"虎丘区", "320505"}, {"吴中区", "320506"}, {"相城区", "320507"},
    {"吴江区", "320509"}, {"苏州工业园区", "320571"}, {"常熟市", "320581"}, {"张家港市", "320582"},
    {"昆山市", "320583"}, {"太仓市", "320585"},
};
// Invented community names: first part + second part + 社区/村.
constexpr const char* kPlaceA[] = {"桂", "兰", "枫", "竹", "梅", "荷", "松", "柳", "桃", "杏",
                                   "榕", "樟", "槐", "菊", "棠", "芷", "澄", "清", "锦", "翠"};
constexpr const char* kPlaceB[] = {"苑", "湾", "桥", "泾", "园", "庭", "溪", "浦", "塘", "坊",
                                   "里", "岸", "湖", "港", "林", "墅", "汀", "洲", "滨", "巷"};
struct Theme { const char* category; const char* words[3]; };
constexpr Theme kThemes[] = {
    {"养老", {"乐龄", "夕阳红", "银发"}}, {"托幼", {"童心", "幼苗", "小太阳"}},
    {"助残", {"阳光助残", "康复", "爱心助残"}}, {"医疗保健", {"健康", "家庭医生", "康养"}},
    {"文体娱乐", {"太极", "书画", "合唱"}}, {"家政", {"邻家家政", "巧手", "便民"}},
    {"教育", {"四点半课堂", "读书", "书香"}}, {"环保", {"绿色家园", "垃圾分类", "河长"}},
    {"法律援助", {"法律服务", "调解", "普法"}}, {"志愿服务", {"志愿者", "红马甲", "邻里守望"}},
    {"社区治理", {"议事", "楼道自治", "共建"}}, {"心理咨询", {"心灵驿站", "暖心", "倾听"}},
    {"青少年服务", {"青苗", "少年宫", "成长"}}, {"慈善救助", {"慈善", "暖冬", "帮扶"}},
    {"邻里互助", {"邻里互助", "睦邻", "和美"}},
};
constexpr const char* kGroupForms[] = {"协会", "联合会", "促进会", "研究会"};
constexpr const char* kServiceForms[] = {"服务中心", "服务社", "发展中心", "服务站"};
constexpr const char* kFiledForms[] = {"服务队", "志愿队", "兴趣小组", "互助会", "艺术团"};
// A few names carry characters outside GB2312, as real ones do.
constexpr const char* kRareNames[] = {"喆", "堃", "赟", "玥", "珺", "璟", "祎", "昇"};

}  // namespace

std::vector<Org> synth_orgs(size_t count, uint64_t seed) {
    Rng rng{seed};
    std::vector<Org> out;
    out.reserve(count);
    std::unordered_set<std::string> names;
    const size_t registered = (count * 8100 + 10810) / 21620;  // the seed's 8,100 : 13,520
    for (size_t i = 0; i < count; ++i) {
        Org o;
        const District& d = rng.pick(kDistricts);
        const Theme& theme = rng.pick(kThemes);
        o.district = d.name;
        // One draw per statement: the order of evaluation inside an expression differs between
        // compilers, and native and wasm builds must generate the same directory.
        const char* place_a = rng.pick(kPlaceA);
        const char* place_b = rng.pick(kPlaceB);
        const bool village = rng.below(5) == 0;
        o.community = std::string(place_a) + place_b + (village ? "村" : "社区");
        const std::string word = theme.words[rng.below(3)];
        std::string base;
        if (i < registered) {
            const size_t kind = rng.below(20);  // 60% social groups, 35% service bodies, 5% foundations
            o.type = kind < 12 ? OrgType::SocialGroup : kind < 19 ? OrgType::SocialService : OrgType::Foundation;
            const char* form = o.type == OrgType::SocialGroup ? rng.pick(kGroupForms)
                             : o.type == OrgType::SocialService ? rng.pick(kServiceForms) : "公益基金会";
            base = (o.type == OrgType::Foundation ? std::string("苏州市") : std::string(d.name)) + word + form;
            o.level = o.type == OrgType::Foundation ? "市级" : "区级";
            o.authority = o.type == OrgType::Foundation ? "苏州市民政局" : std::string("苏州市") + d.name + "民政局";
            char head[32];
            const char category = o.type == OrgType::SocialGroup ? '1' : o.type == OrgType::SocialService ? '2' : '3';
            std::snprintf(head, sizeof head, "5%c%sMJ%06zu", category,
                          o.type == OrgType::Foundation ? "320500" : d.division, i % 1000000);
            o.credit_code = complete_credit_code(head).value();
        } else {
            o.type = OrgType::Community;
            base = o.community + word + rng.pick(kFiledForms);
            o.level = "街道";
            o.authority = std::string(d.name) + "街道办事处（备案）";
        }
        if (rng.below(50) == 0) base = std::string(rng.pick(kRareNames)) + base;
        std::string name = base;
        for (int k = 2; !names.insert(name).second; ++k) name = base + "（" + std::to_string(k) + "）";
        o.name = std::move(name);
        o.categories.push_back(theme.category);
        if (rng.below(3) == 0) o.categories.push_back(rng.pick(kThemes).category);
        if (o.categories.size() == 2 && o.categories[0] == o.categories[1]) o.categories.pop_back();
        o.address = std::string("苏州市") + d.name + o.community + std::to_string(1 + rng.below(300)) + "号";
        char phone[24];
        std::snprintf(phone, sizeof phone, "0512-6%07llu", static_cast<unsigned long long>(rng.below(10000000)));
        o.contact = phone;
        o.status = rng.below(25) == 0 ? (rng.below(3) == 0 ? OrgStatus::Revoked : OrgStatus::Deregistered)
                                      : OrgStatus::Active;
        char date[16];
        const size_t year = 2005 + rng.below(12);
        const size_t month = 1 + rng.below(12);
        const size_t day = 1 + rng.below(28);
        std::snprintf(date, sizeof date, "%04zu-%02zu-%02zu", year, month, day);
        o.registered_on = date;
        o.volunteers = static_cast<int64_t>(rng.below(300));
        o.description = "虚构示例：" + o.community + "居民的" + theme.category + "类组织，面向本社区开展" + word + "活动。";
        out.push_back(std::move(o));
    }
    return out;
}

}  // namespace yishi::core
