// i18n.cpp — the catalog itself. One row per Msg, in enum order (checked at compile time).
#include "yishi/i18n.hpp"

#include <array>

namespace yishi::core {

namespace {

struct Entry {
    Msg id;
    const char* zh;
    const char* en;
};

constexpr Entry kCatalog[] = {
    {Msg::AppTitle, "议事 Yishi", "议事 Yishi"},
    {Msg::Tagline, "社区协商 · 共建共治共享", "Community consultation for Chinese cities"},
    {Msg::Intro,
     "居民在这里参与本社区的协商：征集需求、讨论方案、投票决策、评价落实。每一项操作都由本人签名，"
     "每一个结果人人都可以核验。",
     "Residents take part in their own community's consultations here: propose needs, deliberate, "
     "vote, and rate how the decision was delivered. Every action is signed by its author, and anyone "
     "can verify every result."},
    {Msg::CycleHeading, "协商流程", "The consultation cycle"},
    {Msg::StageNeeds, "需求征集", "Collect needs"},
    {Msg::StageNeedsHelp, "居民提出需求，邻里附议。", "Residents propose needs; neighbours support them."},
    {Msg::StageDeliberate, "民主协商", "Deliberate"},
    {Msg::StageDeliberateHelp, "围绕方案讨论，表明立场，对观点表示赞同或反对。",
     "Discuss the proposals, take a stance, agree or disagree with statements."},
    {Msg::StageDecide, "项目决策", "Decide"},
    {Msg::StageDecideHelp, "按事先公布的方式投票，结果可独立核验。",
     "Vote by the method announced in advance; the result can be checked independently."},
    {Msg::StageEvaluate, "绩效评估", "Evaluate delivery"},
    {Msg::StageEvaluateHelp, "项目完成后，居民为落实情况打分。", "Once delivered, residents rate how it went."},
    {Msg::SwitchLanguage, "English", "中文"},
    {Msg::LanguageLabel, "语言", "Language"},
    {Msg::ServerChecking, "正在连接服务器…", "Connecting to the server…"},
    {Msg::ServerOnline, "服务器在线，版本", "Server online, version"},
    {Msg::ServerOffline, "无法连接服务器，稍后会自动重试。", "Cannot reach the server; retrying shortly."},
    {Msg::NavHome, "首页", "Home"},
    {Msg::NavDirectory, "社会组织", "Organizations"},
    {Msg::DirHeading, "社会组织名录", "Directory of social organizations"},
    {Msg::DirSearchLabel, "搜索", "Search"},
    {Msg::DirSearchHint, "名称中的任意文字，或统一社会信用代码", "Any part of the name, or the credit code"},
    {Msg::DirDistrict, "地区", "District"},
    {Msg::DirAllDistricts, "全部地区", "All districts"},
    {Msg::DirType, "类型", "Type"},
    {Msg::DirAllTypes, "全部类型", "All types"},
    {Msg::DirTotal, "共 {n} 个组织", "{n} organizations"},
    {Msg::DirSearching, "正在搜索…", "Searching…"},
    {Msg::DirNoResults, "没有找到符合条件的组织。", "No organization matches."},
    {Msg::DirLoadMore, "加载更多", "Load more"},
    {Msg::DirBack, "返回列表", "Back to the list"},
    {Msg::DirFailed, "搜索失败：", "Search failed: "},
    {Msg::DirNoCode, "备案组织，无统一社会信用代码", "Filed organization, no credit code"},
    {Msg::DirLocalReady, "本机已存 {n} 个组织，离线也能搜索", "{n} organizations stored on this device, searchable offline"},
    {Msg::DirSyncing, "正在把名录存到本机…（{n}）", "Saving the directory on this device… ({n})"},
    {Msg::OrgTypeSocialGroup, "社会团体", "Social group"},
    {Msg::OrgTypeSocialService, "社会服务机构", "Social service organization"},
    {Msg::OrgTypeFoundation, "基金会", "Foundation"},
    {Msg::OrgTypeCommunity, "社区社会组织", "Community organization"},
    {Msg::OrgStatusActive, "正常", "Active"},
    {Msg::OrgStatusDeregistered, "注销", "Deregistered"},
    {Msg::OrgStatusRevoked, "撤销", "Revoked"},
    {Msg::FieldCreditCode, "统一社会信用代码", "Credit code"},
    {Msg::FieldType, "类型", "Type"},
    {Msg::FieldAuthority, "登记管理机关", "Registered with"},
    {Msg::FieldDistrict, "地区", "District"},
    {Msg::FieldCommunity, "社区", "Community"},
    {Msg::FieldCategories, "服务类别", "Services"},
    {Msg::FieldAddress, "地址", "Address"},
    {Msg::FieldContact, "联系方式", "Contact"},
    {Msg::FieldStatus, "状态", "Status"},
    {Msg::FieldRegistered, "登记日期", "Registered on"},
    {Msg::FieldVolunteers, "志愿者人数", "Volunteers"},
    {Msg::FieldAbout, "简介", "About"},
    // [journeys]
    {Msg::NavMe, "我的", "Me"},
    {Msg::KeyExplain, "本机已为你生成一把签名密钥：你在这里的每一次提交都由它签名，别人无法冒充你。请设置口令备份，换手机时用它恢复。", "This device made you a signing key: everything you submit here is signed with it, so nobody can act in your name. Back it up with a passphrase to restore it on a new phone."},
    {Msg::KeyLabel, "我的公钥", "My public key"},
    {Msg::EnrollHeading, "加入社区", "Join your community"},
    {Msg::EnrollHelp, "请输入居委会发给你的登记码（如 ABCD-EFGH-JKMN）和社区。", "Enter the code your residents' committee gave you (like ABCD-EFGH-JKMN) and your community."},
    {Msg::EnrollCode, "登记码", "Enrolment code"},
    {Msg::EnrollName, "称呼（可选）", "Name shown (optional)"},
    {Msg::EnrollRegion, "社区编号", "Community number"},
    {Msg::EnrollButton, "加入", "Join"},
    {Msg::EnrolledAs, "已加入：", "Enrolled in: "},
    {Msg::NotEnrolled, "尚未加入社区。加入后可以发表意见和投票。", "Not enrolled yet. Join your community to comment and vote."},
    {Msg::BackupHeading, "备份与恢复", "Back up and restore"},
    {Msg::Passphrase, "口令（至少 8 个字符）", "Passphrase (8 characters or more)"},
    {Msg::BackupButton, "生成备份", "Make backup"},
    {Msg::BackupDone, "备份已生成，请抄写或复制保存：", "Backup made; copy it somewhere safe:"},
    {Msg::RestoreText, "备份文本", "Backup text"},
    {Msg::RestoreButton, "从备份恢复", "Restore from backup"},
    {Msg::RestoreDone, "已恢复你的密钥。", "Your key was restored."},
    {Msg::KeyWorking, "正在计算，请稍候…", "Working, please wait…"},
    {Msg::OutboxWaiting, "待发送 {n} 条", "{n} waiting to send"},
    {Msg::OutboxAllSent, "全部已送达", "All delivered"},
    {Msg::OutboxRetry, "立即重试", "Retry now"},
    {Msg::ConsultationsHeading, "本社区的协商", "Consultations in my community"},
    {Msg::ConsultationsNone, "本社区暂时没有协商。", "No consultations in your community yet."},
    {Msg::Loading, "加载中…", "Loading…"},
    {Msg::LoadFailed, "加载失败：", "Could not load: "},
    {Msg::StageClosed, "已结束", "Closed"},
    {Msg::Back, "← 返回", "← Back"},
    {Msg::Timeline, "进程", "Timeline"},
    {Msg::Options, "方案", "Options"},
    {Msg::Organizations, "参与的社会组织", "Organisations involved"},
    {Msg::CommentsHeading, "讨论", "Discussion"},
    {Msg::CommentsCount, "{n} 条意见", "{n} comments"},
    {Msg::CommentHint, "写下你的意见…", "Write your comment…"},
    {Msg::CommentField, "意见", "Comment"},
    {Msg::StanceFor, "支持", "For"},
    {Msg::StanceAgainst, "反对", "Against"},
    {Msg::StanceNeutral, "中立", "Neutral"},
    {Msg::Send, "发表", "Post"},
    {Msg::Reply, "回复", "Reply"},
    {Msg::ReplyingTo, "回复：", "Replying to: "},
    {Msg::CancelReply, "取消回复", "Cancel reply"},
    {Msg::Agree, "赞同", "Agree"},
    {Msg::Disagree, "不赞同", "Disagree"},
    {Msg::Pass, "跳过", "Pass"},
    {Msg::HiddenComment, "该意见已被隐藏：", "This comment was hidden: "},
    {Msg::ProposalsHeading, "需求", "Needs"},
    {Msg::ProposalTitle, "需求标题", "Title of the need"},
    {Msg::ProposalText, "具体说明", "Details"},
    {Msg::ProposeButton, "提出需求", "Propose"},
    {Msg::Support, "附议", "Support"},
    {Msg::SupportCount, "{n} 人附议", "{n} supporters"},
    {Msg::VoteHeading, "投票", "Vote"},
    {Msg::VoteButton, "提交选票", "Cast my vote"},
    {Msg::VoteChooseMax, "最多选 {n} 项", "Choose at most {n}"},
    {Msg::VoteScoreMax, "每项 0–{n} 分", "0–{n} points each"},
    {Msg::VoteBudgetCap, "预算上限 {n}", "Budget cap {n}"},
    {Msg::VoteBudgetUsed, "已选合计 {n}", "Selected total {n}"},
    {Msg::VoteOverBudget, "超出预算，请减少选择。", "Over budget: choose fewer."},
    {Msg::VoteRankHelp, "用 ↑ ↓ 调整顺序，第一位是你最希望的。", "Use ↑ ↓ to order them; first is your favourite."},
    {Msg::Up, "↑", "↑"},
    {Msg::Down, "↓", "↓"},
    {Msg::VoteQueued, "选票已签名，正在送达。", "Your ballot is signed and on its way."},
    {Msg::VoteCounted, "已核验：你的选票已记入公开日志（第 {n} 条）。", "Verified: your ballot is in the public log (entry {n})."},
    {Msg::VoteCheck, "核验我的选票已计入", "Check my vote is counted"},
    {Msg::VoteCheckFailed, "核验失败：", "Verification failed: "},
    {Msg::RateHeading, "评价落实情况", "Rate the delivery"},
    {Msg::RateRemark, "补充说明（可选）", "Remark (optional)"},
    {Msg::RateButton, "提交评价", "Submit rating"},
    {Msg::RatedMean, "{n} 人评价，平均", "{n} ratings, mean"},
    {Msg::ResultsHeading, "结果", "Results"},
    {Msg::ResultsHidden, "投票结束后公布结果。", "Results are published once voting ends."},
    {Msg::ResultsBallots, "{n} 张选票", "{n} ballots"},
    {Msg::Sent, "已送达", "Delivered"},
    {Msg::Queued, "已保存，待发送", "Saved, waiting to send"},
    {Msg::ErrNotEnrolled, "你还没有加入这个社区。", "You are not enrolled in this community."},
    {Msg::ErrWrongRegion, "这项协商不属于你的社区（或登记码属于其他社区）。", "This belongs to another community (or the code is for another one)."},
    {Msg::ErrWrongStage, "当前阶段不能进行这项操作。", "This cannot be done at the current stage."},
    {Msg::ErrBadCode, "登记码无效、已使用或已过期。", "The code is unknown, already used or expired."},
    {Msg::ErrAlreadyEnrolled, "你已经加入过社区。", "You are already enrolled."},
    {Msg::ErrAlreadyBound, "本次投票的选票密钥已绑定。", "Your ballot key for this vote is already bound."},
    {Msg::ErrBallotInvalid, "选票不符合投票规则。", "The ballot does not fit the voting rules."},
    {Msg::ErrThreadTooDeep, "回复层级太深，请回复上一层。", "Replies cannot nest deeper; reply one level up."},
    {Msg::ErrUnknownTarget, "找不到要回应的内容。", "The item you responded to does not exist."},
    {Msg::ErrUnknownConsultation, "找不到这项协商。", "No such consultation."},
    {Msg::ErrReplayed, "提交序号已过期，请重试。", "The submission number is stale; try again."},
    {Msg::ErrTooLong, "内容太长。", "The text is too long."},
    {Msg::ErrOther, "提交被拒绝：", "Refused: "},
    {Msg::ErrWeakPassphrase, "口令至少 8 个字符。", "The passphrase needs 8 characters or more."},
    {Msg::ErrWrongPassphrase, "口令不对，或备份文本有误。", "Wrong passphrase, or the backup text is damaged."},
    {Msg::ErrCodeFormat, "登记码应为 12 位字母数字。", "A code has 12 letters and digits."},
    {Msg::MethodPlurality, "单选", "Single choice"},
    {Msg::MethodApproval, "多选", "Approval"},
    {Msg::MethodRanked, "排序", "Ranked"},
    {Msg::MethodScore, "评分", "Score"},
    {Msg::MethodBudget, "预算分配", "Budget"},
    {Msg::MethodYesNo, "赞成/反对", "Yes / no"},
    {Msg::Copy, "复制", "Copy"},
    {Msg::GoToMe, "去加入社区", "Join my community"},
};

constexpr bool catalog_in_enum_order() {
    if (std::size(kCatalog) != static_cast<size_t>(Msg::Count_)) return false;
    for (size_t i = 0; i < std::size(kCatalog); ++i)
        if (static_cast<size_t>(kCatalog[i].id) != i) return false;
    return true;
}
static_assert(catalog_in_enum_order(), "kCatalog must have one row per Msg, in enum order");

}  // namespace

std::string_view tr(Msg m, Lang lang) {
    const Entry& e = kCatalog[static_cast<size_t>(m)];
    return lang == Lang::En && e.en[0] ? e.en : e.zh;
}

std::string_view lang_code(Lang lang) { return lang == Lang::En ? "en" : "zh-CN"; }

Lang other_lang(Lang lang) { return lang == Lang::En ? Lang::ZhCN : Lang::En; }

std::string catalog_text() {
    std::string all;
    for (const Entry& e : kCatalog) {
        all += e.zh;
        all += e.en;
    }
    return all;
}

}  // namespace yishi::core
