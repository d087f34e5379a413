// demo.cpp — the demo consultations, signed and submitted through the ledger (see demo.hpp).
//
// Index of this file
//   [SECTION] Keys, codes and submission
//   [SECTION] The script: who says what, stage by stage
#include "demo.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "admin.hpp"
#include "authorize.hpp"
#include "sql.hpp"
#include "yishi/consultation.hpp"
#include "yishi/keys.hpp"
#include "yishi/splitmix.hpp"

namespace yishi::server {

using namespace yishi::core;

namespace {

// [SECTION] Keys, codes and submission

constexpr int64_t kDemoCodeLifetimeMs = 3650LL * 24 * 3600 * 1000;
constexpr int64_t kStepMs = 7 * 60 * 1000;   // client time between two demo envelopes
constexpr int64_t kDayMs = 24LL * 3600 * 1000;
constexpr int64_t kDemoHistoryMs = 21 * kDayMs;   // the demo's first stages began this long before seeding

// A demo district: its committee, moderator and residents.
struct DemoDistrict {
    uint32_t region;          // district division code, as the regions tree uses
    const char* district;     // name in the organisation directory
    const char* committee;    // fictional committee name
};
constexpr DemoDistrict kDistricts[] = {
    {320508, "姑苏区", "姑苏区菊苑社区居委会（虚构）"},
    {320505, "虎丘区", "虎丘区枫桥社区居委会（虚构）"},
    {320506, "吴中区", "吴中区长桥社区居委会（虚构）"},
};
constexpr const char* kResidentNames[] = {"张喆", "李堃", "王赟", "陈玥", "刘洋", "赵敏", "孙磊", "周婷",
                                          "吴昊", "郑爽", "冯雪", "许诺"};
constexpr size_t kResidentsPerDistrict = 12;

class Demo {
public:
    Demo(Store& store, Ledger& ledger, int64_t now) : store_(store), ledger_(ledger), now_(now), sql_(store.handle()) {}

    SecretSeed seed(const std::string& name) const {
        return SecretSeed::from_bytes(sha256(as_bytes("yishi-demo/v1/"), as_bytes(name))).value();
    }
    PublicKey key(const std::string& name) const { return seed(name).signing_key()->public_key(); }
    Result<Hash> tally_hash(uint64_t consultation) { return current_tally_hash(sql_, consultation); }

    // Signs and submits one envelope as `name` (for votes: its ballot key of the consultation).
    Result<Hash> submit(const std::string& name, uint32_t region, uint64_t consultation, Payload payload) {
        const SecretSeed s = seed(name);
        const bool vote = std::holds_alternative<VotePayload>(payload);
        auto signer = vote ? derive_ballot_key(s, consultation) : s.signing_key();
        if (!signer) return signer.error();
        Envelope e;
        e.author = signer->public_key();
        e.sequence = ++sequences_[e.author];
        clock_ += kStepMs;
        e.timestamp_ms = clock_;
        e.scope = {region, consultation};
        e.payload = std::move(payload);
        auto signed_env = sign_envelope(e, signer.value());
        if (!signed_env) return signed_env.error();
        auto wire = encode_signed_envelope(signed_env.value());
        if (!wire) return wire.error();
        auto v = prepare_submission(wire.value());
        if (!v) return v.error();
        const Hash id = v->id;
        auto r = ledger_.submit(std::move(v.value()));
        if (!r) return r.error();
        return id;
    }

    // Roles and single-use codes are the operator's (CLI) part; here they are written directly, with
    // codes derived from the names so that the enrol envelopes are the same on every run.
    Status roles_and_codes() {
        for (const DemoDistrict& d : kDistricts) {
            const std::string r = std::to_string(d.region);
            if (auto st = add_role(store_, key("committee/" + r), Role::Committee, d.region, d.committee, now_); !st)
                return st;
            if (auto st = add_role(store_, key("moderator/" + r), Role::Moderator, d.region,
                                   std::string(d.district) + "网格员（虚构）", now_); !st)
                return st;
            for (size_t i = 0; i < kResidentsPerDistrict; ++i) {
                const Hash h = sha256(as_bytes(code(d.region, i)));
                auto q = sql_("INSERT INTO enrollment_codes(code_hash, committee, region, issued_ms, expires_ms) "
                              "VALUES (?,?,?,?,?) ON CONFLICT DO NOTHING");
                if (!q.bind(1, h).bind(2, key("committee/" + r)).bind(3, int64_t{d.region}).bind(4, now_)
                         .bind(5, now_ + kDemoCodeLifetimeMs).run())
                    return Error::StoreQuery;
            }
        }
        return Ok{};
    }
    static std::string code(uint32_t region, size_t i) { return "DEMO-" + std::to_string(region) + "-" + std::to_string(i); }
    static std::string resident(uint32_t region, size_t i) { return "resident/" + std::to_string(region) + "/" + std::to_string(i); }

    // Up to n organisations of the district in the directory (ids ascending), for consultation links.
    std::vector<uint32_t> orgs_of(const char* district, size_t n, size_t skip) {
        std::vector<uint32_t> out;
        auto q = sql_("SELECT id FROM orgs WHERE district = ? AND status = 'active' ORDER BY id LIMIT ? OFFSET ?");
        q.bind(1, std::string_view(district)).bind(2, static_cast<int64_t>(n)).bind(3, static_cast<int64_t>(skip));
        while (q.step() == SQLITE_ROW) out.push_back(static_cast<uint32_t>(q.int64(0)));
        return out;
    }

    Store& store_;
    Ledger& ledger_;
    int64_t now_;
    StatementCache sql_;
    int64_t clock_ = now_ - kDemoHistoryMs + kDayMs;   // client time of the next envelope
    std::map<PublicKey, uint64_t> sequences_;
    SplitMix64 rng_{kDemoConsultationSeed};
};

#define DEMO_TRY(expr)                                   \
    do {                                                 \
        if (auto _r = (expr); !_r.ok()) return _r.error(); \
    } while (0)

// [SECTION] The script: who says what, stage by stage

// The schedule is relative to the seeding time: the first stage began three weeks ago, the later ones
// start two weeks apart from now on, so each consultation stays where the script advances it to.
ConsultationOpenPayload opening(const Demo& d, std::string title, std::string description, VotingMethod method,
                                uint64_t param, std::vector<ConsultationOption> options, Stage first,
                                std::vector<uint32_t> orgs) {
    ConsultationOpenPayload o;
    o.title = std::move(title);
    o.description = std::move(description);
    o.method = method;
    o.method_param = param;
    o.options = std::move(options);
    for (uint8_t s = static_cast<uint8_t>(first); s <= static_cast<uint8_t>(Stage::Closed); ++s)
        o.schedule.push_back({static_cast<Stage>(s), s == static_cast<uint8_t>(first)
                                                         ? d.now_ - kDemoHistoryMs
                                                         : d.now_ + (s - static_cast<uint8_t>(first)) * 14 * kDayMs});
    o.organization_ids = std::move(orgs);
    return o;
}

// Moves a consultation forward, one stage at a time, to `to`.
Status advance_to(Demo& d, uint32_t region, uint64_t c, Stage from, Stage to) {
    const std::string committee = "committee/" + std::to_string(region);
    for (uint8_t s = static_cast<uint8_t>(from) + 1; s <= static_cast<uint8_t>(to); ++s) {
        if (static_cast<Stage>(s) != Stage::Closed) {
            DEMO_TRY(d.submit(committee, region, c, ConsultationAdvancePayload{static_cast<Stage>(s)}));
            continue;
        }
        auto counted = d.tally_hash(c);   // a close states the count, as the committee's browser does
        if (!counted) return counted.error();
        DEMO_TRY(d.submit(committee, region, c, ConsultationClosePayload{counted.value(), "项目已完成，感谢参与。"}));
    }
    return Ok{};
}

// Every resident of the district binds a ballot key and votes; some change their minds once.
Status vote_all(Demo& d, uint32_t region, uint64_t c, VotingMethod m, size_t voters,
                const std::function<std::vector<BallotEntry>(size_t)>& ballot) {
    for (size_t i = 0; i < voters; ++i) {
        auto ballot_key = derive_ballot_key(d.seed(Demo::resident(region, i)), c);
        if (!ballot_key) return ballot_key.error();
        const Hash blinding = sha256(as_bytes("demo-blinding/" + std::to_string(c) + "/" + std::to_string(i)));
        DEMO_TRY(d.submit(Demo::resident(region, i), region, c, BallotKeyBindPayload{ballot_key->public_key(), blinding}));
    }
    for (size_t i = 0; i < voters; ++i) {
        DEMO_TRY(d.submit(Demo::resident(region, i), region, c, VotePayload{m, ballot(i)}));
        if (d.rng_.below(4) == 0) DEMO_TRY(d.submit(Demo::resident(region, i), region, c, VotePayload{m, ballot(i + 7)}));
    }
    return Ok{};
}

Status script(Demo& d) {
    // Everyone enrols in their district.
    for (const DemoDistrict& dd : kDistricts)
        for (size_t i = 0; i < kResidentsPerDistrict; ++i)
            DEMO_TRY(d.submit(Demo::resident(dd.region, i), dd.region, 0,
                              EnrollPayload{sha256(as_bytes(Demo::code(dd.region, i))), kResidentNames[i]}));
    const uint32_t gusu = 320508, huqiu = 320505, wuzhong = 320506;
    const std::string gusu_committee = "committee/320508";
    auto resident = [](uint32_t region, size_t i) { return Demo::resident(region, i); };

    // 1. 需求征集: proposals and support.
    DEMO_TRY(d.submit(gusu_committee, gusu, 1, opening(d, "菊苑社区口袋公园需求征集",
        "小区东侧空地计划改造为口袋公园。请居民提出需求：需要哪些设施、服务哪些人群、有什么顾虑。", VotingMethod::Plurality, 0,
        {{1, "儿童游乐区", 0}, {2, "老年健身区", 0}, {3, "安静花园", 0}}, Stage::CollectNeeds, d.orgs_of("姑苏区", 2, 0))));
    const char* needs[][2] = {{"增加儿童游乐设施", "小区有很多学龄前儿童，附近没有安全的游乐场地。"},
                              {"适老化座椅和扶手", "老人散步需要休息的地方，座椅要有扶手。"},
                              {"夜间照明", "东侧晚上很暗，希望增加路灯，方便夜间出行。"},
                              {"保留原有树木", "那几棵香樟树有三十多年了，改造时请保留。"}};
    std::vector<Hash> proposals;
    for (size_t i = 0; i < 4; ++i) {
        auto id = d.submit(resident(gusu, i), gusu, 1, ProposePayload{needs[i][0], needs[i][1]});
        if (!id) return id.error();
        proposals.push_back(id.value());
    }
    for (size_t i = 4; i < 12; ++i)
        DEMO_TRY(d.submit(resident(gusu, i), gusu, 1, ReactPayload{proposals[d.rng_.below(4)], Reaction::Agree}));

    // 2. 民主协商: statements, replies, stances, reactions, a report and a hidden comment.
    DEMO_TRY(d.submit(gusu_committee, gusu, 2, opening(d, "三号楼加装电梯方案协商",
        "三号楼共六层，住户提出加装电梯。请就东侧、西侧两个方案及费用分摊发表意见。", VotingMethod::Plurality, 0,
        {{1, "方案一：东侧加装", 0}, {2, "方案二：西侧加装", 0}, {3, "暂不加装", 0}}, Stage::CollectNeeds,
        d.orgs_of("姑苏区", 1, 2))));
    DEMO_TRY(advance_to(d, gusu, 2, Stage::CollectNeeds, Stage::Deliberate));
    struct Line { size_t who; int parent; Stance stance; const char* text; };
    const Line lines[] = {
        {0, -1, Stance::For, "支持加装。家里老人八十多岁，上下六楼太难了。"},
        {1, -1, Stance::Against, "一楼住户的采光和噪音问题怎么解决？希望先给出方案。"},
        {2, 0, Stance::Neutral, "东侧方案离一楼窗户远一些，可以考虑。"},
        {3, 2, Stance::For, "同意东侧，费用按楼层分摊比较公平。"},
        {4, 1, Stance::Neutral, "可以请设计单位出一个采光分析报告。"},
        {5, -1, Stance::For, "建议尽快推进，明年老人更多了。"},
        {6, -1, Stance::Against, "你们这些人就知道占便宜！"},
        {7, 5, Stance::Neutral, "施工期间的安全也要考虑。"},
    };
    std::vector<Hash> comments;
    for (const Line& l : lines) {
        auto id = d.submit(resident(gusu, l.who), gusu, 2,
                           CommentPayload{l.parent < 0 ? Hash{} : comments[size_t(l.parent)], l.stance, l.text});
        if (!id) return id.error();
        comments.push_back(id.value());
    }
    for (size_t i = 0; i < 12; ++i)
        for (size_t k : {size_t{0}, size_t{1}, size_t{5}}) {
            const uint64_t roll = d.rng_.below(5);
            if (roll < 3) DEMO_TRY(d.submit(resident(gusu, i), gusu, 2,
                                            ReactPayload{comments[k], roll == 0 ? Reaction::Disagree : roll == 1 ? Reaction::Pass : Reaction::Agree}));
        }
    DEMO_TRY(d.submit(resident(gusu, 8), gusu, 2, ReactPayload{comments[6], Reaction::Report}));
    DEMO_TRY(d.submit(resident(gusu, 9), gusu, 2, ReactPayload{comments[6], Reaction::Report}));
    DEMO_TRY(d.submit("moderator/320508", gusu, 2, ModeratePayload{comments[6], ModerationAction::Hide, "人身攻击"}));
    DEMO_TRY(d.submit(resident(gusu, 10), gusu, 2, ReactPayload{comments[1], Reaction::Report}));   // stays in the queue

    // 3. 项目决策: approval ballots, still open (results hidden).
    DEMO_TRY(d.submit(gusu_committee, gusu, 3, opening(d, "社区微更新项目决策（最多选两项）",
        "经前期征集与协商，以下四个微更新项目进入决策，每户最多选两项。", VotingMethod::Approval, 2,
        {{1, "楼道照明改造", 0}, {2, "非机动车充电棚", 0}, {3, "垃圾分类亭", 0}, {4, "休闲长廊", 0}}, Stage::Vote,
        d.orgs_of("姑苏区", 2, 3))));
    DEMO_TRY(vote_all(d, gusu, 3, VotingMethod::Approval, 9, [&](size_t i) {
        std::vector<BallotEntry> e{{uint32_t(1 + i % 4), 1}};
        if (i % 3 != 0) e.push_back({uint32_t(1 + (i + 1) % 4), 1});
        std::sort(e.begin(), e.end(), [](const BallotEntry& a, const BallotEntry& b) { return a.option_id < b.option_id; });
        return e;
    }));

    // 4. 绩效评估: a decided project being rated.
    DEMO_TRY(d.submit(gusu_committee, gusu, 4, opening(d, "长者食堂服务评估",
        "长者食堂运营三个月，请对菜品、价格和服务打分。", VotingMethod::YesNo, 0,
        {{1, "同意续签运营协议", 0}, {2, "不同意", 0}}, Stage::Vote, d.orgs_of("姑苏区", 1, 5))));
    DEMO_TRY(vote_all(d, gusu, 4, VotingMethod::YesNo, 10, [](size_t i) {
        return std::vector<BallotEntry>{{uint32_t(i % 4 == 3 ? 2 : 1), 1}};
    }));
    DEMO_TRY(advance_to(d, gusu, 4, Stage::Vote, Stage::Evaluate));
    const char* remarks[] = {"菜品可口，价格实惠。", "排队时间有点长。", "服务热情。", "希望增加清淡的菜。", ""};
    for (size_t i = 0; i < 8; ++i)
        DEMO_TRY(d.submit(resident(gusu, i), gusu, 4,
                          RatePayload{static_cast<uint8_t>(3 + d.rng_.below(3)), remarks[i % 5]}));

    // 5. closed, ranked: 停车位改造.
    DEMO_TRY(d.submit("committee/" + std::to_string(huqiu), huqiu, 5, opening(d, "枫桥社区停车位改造方案排序",
        "请按优先顺序排列三个停车改造方案。", VotingMethod::Ranked, kRankedSchulze,
        {{1, "立体停车库", 0}, {2, "错时共享车位", 0}, {3, "绿化带改车位", 0}}, Stage::Vote, d.orgs_of("虎丘区", 2, 0))));
    DEMO_TRY(vote_all(d, huqiu, 5, VotingMethod::Ranked, 11, [](size_t i) {
        static const uint64_t orders[][3] = {{1, 2, 3}, {2, 1, 3}, {3, 1, 2}, {2, 3, 1}, {1, 3, 2}};
        const auto& o = orders[i % 5];
        return std::vector<BallotEntry>{{1, o[0]}, {2, o[1]}, {3, o[2]}};
    }));
    DEMO_TRY(advance_to(d, huqiu, 5, Stage::Vote, Stage::Closed));

    // 6. closed, participatory budget.
    DEMO_TRY(d.submit("committee/" + std::to_string(wuzhong), wuzhong, 6, opening(d, "长桥社区年度微实事预算（10万元）",
        "年度微实事资金10万元，请勾选支持的项目，所选项目合计不超过预算。", VotingMethod::Budget, 100000,
        {{1, "屋顶防水", 40000}, {2, "健身器材更新", 30000}, {3, "监控补盲", 50000}, {4, "读书角", 20000}},
        Stage::Vote, d.orgs_of("吴中区", 3, 0))));
    DEMO_TRY(vote_all(d, wuzhong, 6, VotingMethod::Budget, 12, [](size_t i) {
        static const std::vector<BallotEntry> choices[] = {{{1, 1}, {2, 1}}, {{1, 1}, {3, 1}}, {{2, 1}, {4, 1}},
                                                           {{1, 1}, {4, 1}}, {{3, 1}, {4, 1}}};
        return choices[i % 5];
    }));
    DEMO_TRY(advance_to(d, wuzhong, 6, Stage::Vote, Stage::Closed));

    // 7. closed, score: 吴中区 community services.
    DEMO_TRY(d.submit("committee/" + std::to_string(wuzhong), wuzhong, 7, opening(d, "社区服务项目满意度打分",
        "请为三个社区服务项目打分（0–5分）。", VotingMethod::Score, 5,
        {{1, "助餐服务", 0}, {2, "四点半课堂", 0}, {3, "健康义诊", 0}}, Stage::Vote, d.orgs_of("吴中区", 1, 3))));
    DEMO_TRY(vote_all(d, wuzhong, 7, VotingMethod::Score, 10, [&](size_t i) {
        return std::vector<BallotEntry>{{1, 3 + i % 3}, {2, 2 + i % 4}, {3, i % 6}};
    }));
    DEMO_TRY(advance_to(d, wuzhong, 7, Stage::Vote, Stage::Closed));
    return Ok{};
}

}  // namespace

Status seed_demo_consultations(Store& store, Ledger& ledger, int64_t now_ms) {
    {
        StatementCache sql(store.handle());
        auto q = sql("SELECT count(*) FROM envelopes");
        if (q.step() != SQLITE_ROW) return Error::StoreQuery;
        if (q.int64(0) > 0) return Ok{};   // a database with submissions is never touched
    }
    Demo d(store, ledger, now_ms);
    if (auto st = d.roles_and_codes(); !st) return st;
    return script(d);
}

}  // namespace yishi::server
