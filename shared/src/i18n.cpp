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
    {Msg::RegionCity, "市", "City"},
    {Msg::RegionDistrict, "区/县级市", "District"},
    {Msg::RegionStreet, "街道/镇", "Street / town"},
    {Msg::RegionCommunity, "社区/村", "Community / village"},
    {Msg::RegionGrid, "网格", "Grid"},
    {Msg::RefusedNotStarted, "本次协商尚未开始。", "This consultation has not started yet."},
    {Msg::RefusedStageOver, "这一阶段已经结束。", "This stage is over."},
    {Msg::RefusedNotYet, "还没有到这一阶段。", "This stage has not begun yet."},
    {Msg::RefusedClosed, "本次协商已经结束。", "This consultation is closed."},
    {Msg::RefusedWrongRegion, "您只能参与本社区及上级区域的协商。",
     "You can take part only in consultations of your community and the areas above it."},
    {Msg::ResultsHidden, "投票结束后公布结果，对所有人（包括居委会）都一样。",
     "Results are published when the vote has ended — for everyone, the committee included."},
    // [feedback]
    {Msg::NavFeedback, "反馈", "Feedback"},
    {Msg::NavQueue, "反馈处理", "Feedback queue"},
    {Msg::FbTitle, "居民反馈", "Resident feedback"},
    {Msg::FbPublicNote, "反馈会公开记录在透明日志中，请勿填写姓名、电话等个人信息。", "Feedback is kept in the public log: do not include names, phone numbers or other personal data."},
    {Msg::FbIdentity, "本机身份", "This device's identity"},
    {Msg::FbEnrolHeading, "加入社区", "Join your community"},
    {Msg::FbRegion, "社区编号", "Community number"},
    {Msg::FbCode, "登记码", "Enrolment code"},
    {Msg::FbName, "称呼", "Display name"},
    {Msg::FbEnrol, "加入", "Join"},
    {Msg::FbEnrolled, "已加入社区 {n}", "Member of community {n}"},
    {Msg::FbNew, "提交新反馈", "New feedback"},
    {Msg::FbCategory, "类别", "Category"},
    {Msg::FbText, "反馈内容", "Your feedback"},
    {Msg::FbSend, "提交反馈", "Send feedback"},
    {Msg::FbSent, "已提交，可在下方查看处理进度", "Sent: follow it below"},
    {Msg::FbMine, "我的反馈", "My feedback"},
    {Msg::FbNone, "暂无反馈", "No feedback yet"},
    {Msg::FbStatusReceived, "已收到", "Received"},
    {Msg::FbStatusAccepted, "已受理", "Accepted"},
    {Msg::FbStatusInProgress, "处理中", "In progress"},
    {Msg::FbStatusResolved, "已解决", "Resolved"},
    {Msg::FbStatusDeclined, "不予处理", "Declined"},
    {Msg::FbCatEnvironment, "环境卫生", "Environment"},
    {Msg::FbCatSafety, "治安安全", "Safety"},
    {Msg::FbCatFacilities, "设施维修", "Facilities"},
    {Msg::FbCatServices, "公共服务", "Services"},
    {Msg::FbCatNeighbours, "邻里关系", "Neighbours"},
    {Msg::FbCatOther, "其他", "Other"},
    {Msg::FbScore, "评分", "Score"},
    {Msg::FbRemark, "评价说明", "Remark"},
    {Msg::FbRate, "提交评价", "Rate"},
    {Msg::FbRated, "评分 {n}/5", "Rated {n}/5"},
    {Msg::FbRefresh, "刷新", "Refresh"},
    {Msg::FbShow, "查看", "Show"},
    {Msg::FbAnswerText, "答复内容（不予处理须填写理由）", "Answer (a reason is required to decline)"},
    {Msg::FbSetTo, "设为：", "Set to:"},
    {Msg::FbQueueEmpty, "没有待处理的反馈", "Nothing in the queue"},
    {Msg::FbCommitteeNote, "本机身份需由运营方登记为该社区的居委会后才能答复。", "This device's identity must be registered as the community's committee by the operator before it can answer."},
    {Msg::FbErrReason, "不予处理时须填写理由", "Declining needs a reason"},
    {Msg::FbErrNotEnrolled, "本机身份尚未加入该社区", "This device has not joined this community"},
    {Msg::FbErrBadCode, "登记码无效、已使用或已过期", "The enrolment code is unknown, used or expired"},
    {Msg::FbErrNotCommittee, "本机身份不是该社区的居委会", "This device is not the committee of this community"},
    {Msg::FbErrWrongRegion, "不能在其他社区操作", "Not allowed in another community"},
    {Msg::FbErrStep, "该反馈当前状态不允许此操作，请刷新", "This step is not allowed from the feedback's current status: refresh"},
    {Msg::FbErrOffline, "无法连接服务器，请稍后再试", "Cannot reach the server: try again later"},
    {Msg::FbErrRegion, "请填写社区编号（数字）", "Enter the community number (digits)"},
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
