// view_consultation.cpp — one consultation: title, description, stage timeline, options, linked
// organisations, the stage's own action (needs in 需求征集, the ballot in 项目决策, the rating in
// 绩效评估), results once public, and the threaded discussion with stances and reactions.
#include <imgui.h>

#include <algorithm>

#include <ctime>
#include <string>

#include "views/views.hpp"
#include "views/ui.hpp"

namespace yishi::client {

using core::Msg;
using core::tr;

namespace {

constexpr int kMaxReplyDepth = 2;   // 0-based depth of the deepest comment that may still get a reply (server cap 3)
constexpr float kIndentCss = 18.0f; // per reply level

std::string date_of(int64_t ms) { return core::china_date(ms); }  // China time, whatever the device's zone

// After an author's name: 社区认证 · <committee> for a committee's key (the operator registered it; the
// server says so, no display name can), on the same line.
void committee_badge(AppState& st, Fonts& fonts, const std::string& committee) {
    if (committee.empty()) return;
    const std::string badge = std::string(tr(Msg::CommitteeVerified, st.lang)) + " · " + committee;
    ui::next_to(ImGui::CalcTextSize(badge.c_str()).x + ImGui::GetStyle().FramePadding.x * 2);   // a narrow phone: under the name
    ui::chip(fonts, badge, theme::kGood, theme::kGoodTint);
}

Msg stance_name(core::Stance s) {
    return s == core::Stance::For ? Msg::StanceFor : s == core::Stance::Against ? Msg::StanceAgainst : Msg::StanceNeutral;
}

void draw_timeline(const AppState& st, Fonts& fonts, const ConsultationDetail& d) {
    std::string heading(tr(Msg::Timeline, st.lang));
    if (!core::device_in_china_time(st.utc_offset_minutes)) heading += std::string(tr(Msg::ChinaTimeNote, st.lang));
    ui::text_colored(fonts, ui::kInk, heading);
    const int64_t now = wall_ms();
    for (const auto& s : d.s.schedule) {
        const bool current = s.stage == d.s.stage;
        // A stage already reached whose planned date is still ahead: the committee moved on early, and the
        // date is said to be the plan's (a closed consultation read "已结束 2027-01-02" in December 2026).
        const bool early = static_cast<int>(s.stage) <= static_cast<int>(d.s.stage) && s.starts_ms > now;
        const std::string when = early ? ui::fill(tr(Msg::TimelinePlanned, st.lang), "{d}", date_of(s.starts_ms))
                                       : date_of(s.starts_ms);
        const std::string line = std::string(current ? "● " : "○ ") + std::string(tr(stage_name(s.stage), st.lang)) +
                                 "  " + when;
        ui::tinted(fonts, current ? ui::kAccent : ui::kMuted, line);
    }
}

void draw_proposals(AppState& st, Fonts& fonts, float width, Commands& cmds) {
    JourneyState& j = st.journeys;
    const ConsultationDetail& d = *j.detail;
    const core::Lang L = st.lang;
    ui::heading(fonts, tr(Msg::ProposalsHeading, L), ui::kInk);
    if (!d.proposals_error.empty()) ui::text_colored(fonts, ui::kAccent, std::string(tr(Msg::LoadFailed, L)) + d.proposals_error);
    for (const auto& p : d.proposals) {
        if (p.hidden) {   // only that it was hidden and why: nothing left to read or support
            ui::text_colored(fonts, ui::kMuted, std::string(tr(Msg::HiddenProposal, L)) + p.hidden_reason);
            continue;
        }
        ui::text_colored(fonts, ui::kInk, p.title);
        if (!p.text.empty()) ui::text(fonts, p.text);
        ui::text_colored(fonts, ui::kMuted, ui::shown_name(p.author) + "  " + ui::replace_n(tr(Msg::SupportCount, L), p.support));
        committee_badge(st, fonts, p.committee);
        ImGui::SameLine();
        const std::string id = "support-" + p.id;
        if (ui::button(fonts, tr(Msg::Support, L), id.c_str())) cmds.j.react = {{p.id, core::Reaction::Agree}};
        draw_action_status(st, fonts, "react:" + p.id);
    }
    if (d.s.stage != core::Stage::CollectNeeds) return;
    ui::input_text(fonts, tr(Msg::ProposalTitle, L), tr(Msg::ProposalTitle, L), j.proposal_title, "##prop-title", width);
    ui::input_text(fonts, tr(Msg::ProposalText, L), tr(Msg::ProposalText, L), j.proposal_text, "##prop-text", width);
    const std::string action = "propose:" + std::to_string(d.s.id);
    const bool pending = action_pending(st, action);
    if (pending) ImGui::BeginDisabled();
    if (ui::primary_button(fonts, tr(Msg::ProposeButton, L), "propose")) cmds.j.propose = true;
    if (pending) ImGui::EndDisabled();
    draw_action_status(st, fonts, action);
}

void draw_rating(AppState& st, Fonts& fonts, float width, Commands& cmds) {
    JourneyState& j = st.journeys;
    const ConsultationDetail& d = *j.detail;
    const core::Lang L = st.lang;
    ui::heading(fonts, tr(Msg::RateHeading, L), ui::kInk);
    if (d.rated_count > 0) {
        char mean[16];
        std::snprintf(mean, sizeof mean, " %.2f", d.rated_mean);
        ui::text_colored(fonts, ui::kMuted, ui::replace_n(tr(Msg::RatedMean, L), d.rated_count) + mean);
    }
    for (int s = 1; s <= 5; ++s) {
        if (s > 1) ImGui::SameLine();
        next_role(Role::Radio, j.rate_score == s);
        ImGui::RadioButton((std::to_string(s) + "##rate").c_str(), &j.rate_score, s);
    }
    ui::input_text(fonts, tr(Msg::RateRemark, L), tr(Msg::RateRemark, L), j.rate_remark, "##rate-remark", width);
    const std::string action = "rate:" + std::to_string(d.s.id);
    const bool disabled = action_pending(st, action) || j.rate_score == 0;
    if (disabled) ImGui::BeginDisabled();
    if (ui::primary_button(fonts, tr(Msg::RateButton, L), "rate")) cmds.j.rate = true;
    if (disabled) ImGui::EndDisabled();
    draw_action_status(st, fonts, action);
}

std::string percent(uint64_t n, uint64_t of) {
    char buf[16] = "—";
    if (of > 0) std::snprintf(buf, sizeof buf, "%.0f%%", 100.0 * static_cast<double>(n) / static_cast<double>(of));
    return buf;
}

std::string option_label(const ConsultationDetail& d, uint32_t id) {
    for (const auto& o : d.options) if (o.option_id == id) return o.label;
    return "#" + std::to_string(id);
}

// The outcome in one sentence, as a person would say it: the winner, 通过/未通过 with the quorum, or
// the funded projects and the money used.
std::string headline(const AppState& st, const ConsultationDetail& d) {
    const core::Lang L = st.lang;
    using ui::fill;
    if (d.has_yes_no) {
        if (!d.quorum_met)
            return fill(tr(Msg::ResultNoQuorum, L), "{q}", percent(static_cast<uint64_t>(d.quorum * 1000), 1000));
        return std::string(tr(d.approved ? Msg::ResultPassed : Msg::ResultRejected, L));
    }
    if (d.s.method == core::VotingMethod::Budget) {
        std::string names;
        for (uint32_t id : d.funded) names += (names.empty() ? "" : L == core::Lang::En ? ", " : "、") + option_label(d, id);
        std::string out = fill(tr(Msg::ResultFunded, L), "{names}", names.empty() ? "—" : names);
        out = fill(out, "{spent}", std::to_string(d.spent));
        return fill(out, "{budget}", std::to_string(d.budget));
    }
    if (!d.winner) return std::string(tr(Msg::ResultNone, L));
    return fill(tr(Msg::ResultWinner, L), "{label}", option_label(d, *d.winner));
}

// How the count reached the headline, in words: instant runoff's rounds, Schulze's ranking with the
// head-to-head counts behind a tap.
void draw_count_details(const AppState& st, Fonts& fonts, const ConsultationDetail& d) {
    const core::Lang L = st.lang;
    const std::string_view sep = L == core::Lang::En ? ", " : "、";
    using ui::fill;
    if (!d.irv_rounds.empty()) {
        ui::text_colored(fonts, ui::kMuted, tr(Msg::ResultRoundsHeading, L));
        // Up to the round whose leader has more than half (the count goes on past it only to rank the rest).
        const size_t last = d.majority_round && d.winner ? std::min(*d.majority_round, d.irv_rounds.size() - 1)
                                                         : d.irv_rounds.size() - 1;
        std::vector<bool> out(d.options.size(), false);   // eliminated in an earlier round
        for (size_t k = 0; k <= last; ++k) {
            const ConsultationDetail::Round& r = d.irv_rounds[k];
            std::string votes;
            for (size_t i = 0; i < d.options.size(); ++i)
                if (!out[i]) votes += (votes.empty() ? "" : std::string(sep)) + d.options[i].label + " " + std::to_string(r.votes[i]);
            std::string line = fill(fill(tr(Msg::ResultRound, L), "{k}", std::to_string(k + 1)), "{votes}", votes);
            if (d.majority_round == k && d.winner) {
                line += fill(tr(Msg::ResultRoundWins, L), "{label}", option_label(d, *d.winner));
            } else if (r.eliminated) {
                line += fill(tr(Msg::ResultRoundOut, L), "{label}", option_label(d, *r.eliminated));
                for (size_t i = 0; i < d.options.size(); ++i) out[i] = out[i] || d.options[i].option_id == *r.eliminated;
            }
            ui::text(fonts, line);
        }
    }
    if (d.pairwise.empty()) return;
    std::string order;
    for (size_t k = 0; k < d.ranking.size(); ++k)
        order += (k ? std::string(sep) : "") + std::to_string(k + 1) + ". " + option_label(d, d.ranking[k]);
    if (!order.empty()) ui::text(fonts, fill(tr(Msg::ResultOrder, L), "{list}", order));
    if (!ui::disclosure(fonts, tr(Msg::ResultPairwise, L), tr(Msg::ResultPairwiseHide, L), "pairwise")) return;
    for (size_t i = 0; i < d.options.size(); ++i)
        for (size_t j = i + 1; j < d.options.size(); ++j) {
            std::string line = fill(fill(tr(Msg::ResultPairLine, L), "{a}", d.options[i].label), "{b}", d.options[j].label);
            ui::text(fonts, fill(fill(line, "{x}", std::to_string(d.pairwise[i][j])), "{y}", std::to_string(d.pairwise[j][i])));
        }
}

void draw_results(const AppState& st, Fonts& fonts, const ConsultationDetail& d) {
    ui::heading(fonts, tr(Msg::ResultsHeading, st.lang), ui::kInk);
    if (d.results_visible) ui::emphasis(fonts, headline(st, d));
    if (d.close_summary && !d.close_summary->empty()) {   // the committee's words when it closed it
        ui::text_colored(fonts, ui::kInk, tr(Msg::CloseSummary, st.lang));
        ui::text(fonts, *d.close_summary);
    }
    if (!d.results_visible) return ui::text_colored(fonts, ui::kMuted, tr(Msg::ResultsHidden, st.lang));
    ui::text_colored(fonts, ui::kMuted, ui::replace_n(tr(Msg::ResultsBallots, st.lang), d.results_ballots));
    // Bars with the numbers as text: count and share of the valid ballots (approvals: of the voters);
    // for scores, the average of the most a ballot may give.
    const uint64_t base = d.valid > 0 ? d.valid : d.results_ballots;
    const bool scores = d.s.method == core::VotingMethod::Score && d.means.size() == d.options.size() && d.method_param > 0;
    const float width = ImGui::GetContentRegionAvail().x;
    for (size_t i = 0; i < d.options.size() && i < d.totals.size(); ++i) {
        float share = base > 0 ? std::min(1.0f, static_cast<float>(d.totals[i]) / static_cast<float>(base)) : 0.0f;
        if (scores) {
            char mean[16];
            std::snprintf(mean, sizeof mean, "%.1f", d.means[i]);
            std::string line = ui::fill(tr(Msg::ResultScoreLine, st.lang), "{label}", d.options[i].label);
            line = ui::fill(ui::fill(line, "{mean}", mean), "{max}", std::to_string(d.method_param));
            ui::text(fonts, ui::fill(line, "{sum}", std::to_string(d.totals[i])));
            share = std::min(1.0f, static_cast<float>(d.means[i] / static_cast<double>(d.method_param)));
        } else {
            ui::text(fonts, d.options[i].label + "：" + ui::replace_n(tr(Msg::ResultVotes, st.lang), static_cast<long long>(d.totals[i])) +
                                "（" + percent(d.totals[i], base) + "）");
        }
        const ImVec2 p = ImGui::GetCursorScreenPos();
        const float h = ImGui::GetFontSize() * 0.6f;
        ImDrawList* dl = ImGui::GetWindowDrawList();
        dl->AddRectFilled(p, ImVec2(p.x + width, p.y + h), ImGui::GetColorU32(ui::color(theme::kSecondary)), h / 2);
        if (share > 0)
            dl->AddRectFilled(p, ImVec2(p.x + width * share, p.y + h), ImGui::GetColorU32(ui::kAccent), h / 2);
        ImGui::Dummy(ImVec2(width, h));
    }
    draw_count_details(st, fonts, d);
}

}  // namespace

// [moderation] The counted ballots as files anyone can check; the server refuses before results are public.
void draw_exports(AppState& st, Fonts& fonts, uint64_t consultation, Commands& cmds) {
    const core::Lang L = st.lang;
    const ModerationState& m = st.moderation;
    ui::text_colored(fonts, ui::kMuted, tr(Msg::ExportHelp, L));
    if (m.exporting) ImGui::BeginDisabled();
    if (ui::button(fonts, tr(Msg::ExportCsv, L), "export-csv")) cmds.mod.export_file = {{consultation, true}};
    ImGui::SameLine();
    if (ui::button(fonts, tr(Msg::ExportJson, L), "export-json")) cmds.mod.export_file = {{consultation, false}};
    if (m.exporting) ImGui::EndDisabled();
    if (m.export_for != consultation) return;
    if (!m.export_saved.empty()) ui::text_colored(fonts, ui::kGood, std::string(tr(Msg::ExportSaved, L)) + m.export_saved);
    if (m.export_error.empty()) return;
    const std::string why = m.export_error == "results_hidden"           ? std::string(tr(Msg::ErrResultsHidden, L))
                            : m.export_error == "consultation_not_found" ? std::string(tr(Msg::ErrUnknownConsultation, L))
                                                                         : m.export_error;
    ui::text_colored(fonts, ui::kAccent, std::string(tr(Msg::ExportFailed, L)) + why);
}

namespace {

// 举报: flags an abusive comment for the moderators (a `react` of kind report), after a confirmation that
// says what happens next; once reported, the button gives way to 已举报.
void draw_report(AppState& st, Fonts& fonts, const CommentInfo& c, Commands& cmds) {
    const core::Lang L = st.lang;
    if (c.reported) {
        ui::text_colored(fonts, ui::kMuted, tr(Msg::Reported, L));
        return;
    }
    const std::string confirm_id = "confirm-report-" + c.id;
    if (ui::button(fonts, tr(Msg::Report, L), ("report-" + c.id).c_str())) ImGui::OpenPopup(confirm_id.c_str());
    if (ui::confirm_dialog(fonts, confirm_id.c_str(), tr(Msg::ReportConfirmTitle, L), tr(Msg::ReportConfirm, L),
                           tr(Msg::ReportYes, L), tr(Msg::ConfirmNo, L)) == ui::Confirm::Yes)
        cmds.j.react = {{c.id, core::Reaction::Report}};
}

// The comment's menu, as WeChat has for a message: a long press on its name or text (a right click with
// a mouse) offers 复制 (its text, to paste into the building's group), and 回复 and 举报 where the buttons
// under it are offered. Whether it was the last one copied is ImGui's state, per comments list.
void draw_comment_menu(AppState& st, Fonts& fonts, const CommentInfo& c, bool can_write, ImVec2 top, Commands& cmds) {
    const core::Lang L = st.lang;
    std::string_view items[3] = {tr(Msg::Copy, L)};
    int n = 1, reply = -1, report = -1;
    if (can_write && c.depth < kMaxReplyDepth) reply = n, items[n++] = tr(Msg::Reply, L);
    if (can_write && !c.reported) report = n, items[n++] = tr(Msg::Report, L);
    const ImVec2 bottom(top.x + ImGui::GetContentRegionAvail().x, ImGui::GetItemRectMax().y);
    int& copied = *ImGui::GetStateStorage()->GetIntRef(ImGui::GetID("copied"), 0);
    const int self = static_cast<int>(ImGui::GetID(c.id.c_str()));
    const bool phone = st.css_width < theme::kPhoneWidthCssPx;   // a finger: the menu above it
    const int chosen = ui::context_menu(fonts, ("menu-" + c.id).c_str(), top, bottom, items, n, phone);
    if (chosen == 0) {
        ImGui::SetClipboardText(c.text.c_str());
        copied = self;
    } else if (chosen >= 0 && chosen == reply) {
        cmds.j.reply_to = c.id;
    } else if (chosen >= 0 && chosen == report) {
        ImGui::OpenPopup(("confirm-report-" + c.id).c_str());   // draw_report's confirmation
    }
    if (copied == self) ui::text_colored(fonts, ui::kGood, tr(Msg::Copied, L));
}

void draw_comment(AppState& st, Fonts& fonts, const CommentInfo& c, bool can_write, Commands& cmds) {
    const core::Lang L = st.lang;
    const float indent = kIndentCss * static_cast<float>(c.depth) * ImGui::GetFontSize() / 16.0f;
    if (indent > 0) ImGui::Indent(indent);
    if (c.hidden) {
        ui::text_colored(fonts, ui::kMuted, std::string(tr(Msg::HiddenComment, L)) + c.hidden_reason);
    } else {
        const ImVec2 top = ImGui::GetCursorScreenPos();
        ui::tinted(fonts, c.stance == core::Stance::Against ? ui::kAccent : c.stance == core::Stance::For ? ui::kGood : ui::kMuted,
                         "[" + std::string(tr(stance_name(c.stance), L)) + "] " + ui::shown_name(c.author));
        committee_badge(st, fonts, c.committee);
        ui::text(fonts, c.text);
        draw_comment_menu(st, fonts, c, can_write, top, cmds);
        if (can_write) {
            const std::pair<Msg, core::Reaction> kReactions[] = {{Msg::Agree, core::Reaction::Agree},
                                                                  {Msg::Disagree, core::Reaction::Disagree},
                                                                  {Msg::Pass, core::Reaction::Pass}};
            const int64_t counts[] = {c.agree, c.disagree, c.pass};
            // On one row while they fit; at large text on a phone, the rest wraps under (never off the edge).
            for (int k = 0; k < 3; ++k) {
                const std::string label = std::string(tr(kReactions[k].first, L)) + " " + std::to_string(counts[k]);
                if (k > 0) ui::next_to(ui::button_width(label));
                const std::string id = "r" + std::to_string(k) + c.id;
                if (ui::choice_button(fonts, label, c.mine == kReactions[k].second, id.c_str()))
                    cmds.j.react = {{c.id, kReactions[k].second}};
            }
            if (c.depth < kMaxReplyDepth) {
                ui::next_to(ui::button_width(tr(Msg::Reply, L)));
                const std::string id = "reply-" + c.id;
                if (ui::button(fonts, tr(Msg::Reply, L), id.c_str())) cmds.j.reply_to = c.id;
            }
            draw_report(st, fonts, c, cmds);
            draw_action_status(st, fonts, "react:" + c.id);
        }
    }
    if (indent > 0) ImGui::Unindent(indent);
    ImGui::Spacing();
}

void draw_comments(AppState& st, Fonts& fonts, float width, Commands& cmds) {
    JourneyState& j = st.journeys;
    const ConsultationDetail& d = *j.detail;
    const core::Lang L = st.lang;
    const bool can_write = d.s.stage != core::Stage::Closed;
    ui::heading(fonts, tr(Msg::CommentsHeading, L), ui::kInk);
    // All of them (the server's count); the page holds the pages of threads loaded so far (journeys.cpp, kThreadLimit).
    const long long total = std::max<long long>(d.s.comments, static_cast<long long>(d.comments.size()));
    ui::text_colored(fonts, ui::kMuted, ui::replace_n(tr(Msg::CommentsCount, L), total));
    if (static_cast<long long>(d.comments.size()) < total)
        ui::text_colored(fonts, ui::kMuted, ui::replace_n(tr(Msg::CommentsShownFirst, L), static_cast<long long>(d.comments.size())));
    if (!d.comments_error.empty()) ui::text_colored(fonts, ui::kAccent, std::string(tr(Msg::LoadFailed, L)) + d.comments_error);
    if (can_write) {
        if (!j.reply_to.empty()) {
            std::string whom = j.reply_to.substr(0, 8);
            for (const auto& c : d.comments) if (c.id == j.reply_to) whom = ui::shown_name(c.author) + "：" + c.text.substr(0, 60);
            ui::text_colored(fonts, ui::kMuted, std::string(tr(Msg::ReplyingTo, L)) + whom);
            ImGui::SameLine();
            if (ui::button(fonts, tr(Msg::CancelReply, L), "cancel-reply")) cmds.j.reply_to = std::string();
        }
        const Msg kStances[] = {Msg::StanceNeutral, Msg::StanceFor, Msg::StanceAgainst};
        for (int s : {1, 2, 0}) {
            if (s != 1) ImGui::SameLine();
            fonts.need(tr(kStances[s], L));
            next_role(Role::Radio, j.comment_stance == s);
            ImGui::RadioButton((std::string(tr(kStances[s], L)) + "##stance").c_str(), &j.comment_stance, s);
        }
        ui::input_text(fonts, tr(Msg::CommentField, L), tr(Msg::CommentHint, L), j.comment_text, "##comment", width);
        const std::string action = "comment:" + std::to_string(d.s.id);
        const bool disabled = action_pending(st, action) || j.comment_text.empty();
        if (disabled) ImGui::BeginDisabled();
        if (ui::primary_button(fonts, tr(Msg::Send, L), "send-comment")) cmds.j.send_comment = true;
        if (disabled) ImGui::EndDisabled();
        draw_action_status(st, fonts, action);
        ImGui::Spacing();
    }
    if (total > 1) {   // the list's order, above it: 排序 最早 / 最新 / 最多赞同, side by side while they fit
        ImGui::AlignTextToFramePadding();   // level with the radios' labels
        ui::text_colored(fonts, ui::kMuted, tr(Msg::CommentsOrder, L));
        constexpr std::pair<CommentSort, Msg> kSorts[] = {{CommentSort::Oldest, Msg::CommentsOldest},
            {CommentSort::Newest, Msg::CommentsNewest}, {CommentSort::MostAgreed, Msg::CommentsMostAgreed}};
        if (j.detail_loading) ImGui::BeginDisabled();
        for (size_t k = 0; k < std::size(kSorts); ++k) {
            const std::string label(tr(kSorts[k].second, L));
            ui::next_to(ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x +
                        ImGui::CalcTextSize(label.c_str()).x);   // ImGui's radio: the circle, a gap, the label
            const std::string id = "comment-sort-" + std::to_string(k);
            if (ui::radio(fonts, label, j.comment_sort == kSorts[k].first, id.c_str())) cmds.j.comment_sort = kSorts[k].first;
        }
        if (j.detail_loading) ImGui::EndDisabled();
    }
    // Comments more than a screen away are not drawn: the height they had when last drawn (at this
    // width, language and font atlas) holds their place, so a page of 1,000 costs about what the visible ones cost.
    const float view_top = ImGui::GetScrollY(), view_h = ImGui::GetWindowHeight();
    const float spacing = ImGui::GetStyle().ItemSpacing.y;
    for (const auto& c : d.comments) {
        const float y = ImGui::GetCursorPosY();
        const auto known = j.comment_heights.find(c.id);
        if (known != j.comment_heights.end() && known->second.width == width && known->second.lang == L &&
            known->second.fonts == fonts.generation() &&
            (y + known->second.height < view_top - view_h || y > view_top + 2 * view_h)) {
            ImGui::Dummy(ImVec2(0, std::max(0.0f, known->second.height - spacing)));
            continue;
        }
        draw_comment(st, fonts, c, can_write, cmds);
        j.comment_heights[c.id] = {width, ImGui::GetCursorPosY() - y, L, fonts.generation()};
    }
    if (static_cast<long long>(d.comments.size()) < total) {
        if (j.detail_loading) ImGui::BeginDisabled();
        if (ui::button(fonts, tr(Msg::CommentsMore, L), "more-comments")) cmds.j.more_comments = true;
        if (j.detail_loading) ImGui::EndDisabled();
    }
}

}  // namespace

void draw_consultation(AppState& st, Fonts& fonts, float width, Commands& cmds) {
    JourneyState& j = st.journeys;
    const core::Lang L = st.lang;
    if (ui::button(fonts, tr(Msg::Back, L), "back-list")) cmds.j.close_consultation = true;
    if (!j.detail || j.detail->s.id != *j.open) {
        if (!j.detail_error.empty()) ui::text_colored(fonts, ui::kAccent, std::string(tr(Msg::LoadFailed, L)) + j.detail_error);
        else ui::text_colored(fonts, ui::kMuted, tr(Msg::Loading, L));
        return;
    }
    const ConsultationDetail& d = *j.detail;
    if (j.offline_copy) ui::text_colored(fonts, ui::kAccent, tr(Msg::OfflineCopy, L));
    ui::heading(fonts, d.s.title);
    static constexpr Msg kMethods[] = {Msg::MethodPlurality, Msg::MethodApproval, Msg::MethodRanked,
                                       Msg::MethodScore, Msg::MethodBudget, Msg::MethodYesNo};
    std::string meta = d.s.region_name.empty() ? std::string() : d.s.region_name + " · ";
    meta += std::string(tr(stage_name(d.s.stage), L)) + " · " + std::string(tr(kMethods[static_cast<int>(d.s.method) - 1], L));
    ui::text_colored(fonts, ui::kMuted, meta);
    if (!d.description.empty()) ui::text(fonts, d.description);
    ImGui::Spacing();
    draw_timeline(st, fonts, d);
    ImGui::Spacing();
    ui::text_colored(fonts, ui::kInk, tr(Msg::Options, L));
    for (const auto& o : d.options)
        ui::text(fonts, std::to_string(o.option_id) + ". " + o.label + (o.cost ? "（" + std::to_string(o.cost) + "）" : ""));
    if (!d.organizations.empty()) {
        ui::text_colored(fonts, ui::kInk, tr(Msg::Organizations, L));
        for (const auto& o : d.organizations) ui::text(fonts, o);
    }
    ImGui::Separator();
    if (d.s.stage == core::Stage::CollectNeeds || !d.proposals.empty()) draw_proposals(st, fonts, width, cmds);
    if (d.s.stage == core::Stage::Vote) draw_ballot(st, fonts, width, cmds);
    // Who won comes first, then the rating of how it was delivered (a resident opens a decided
    // consultation to learn the outcome).
    const bool decided = d.s.stage == core::Stage::Evaluate || d.s.stage == core::Stage::Closed;
    if (decided) draw_results(st, fonts, d);
    if (decided && d.results_visible) draw_recount(st, fonts, d.s.id, cmds);  // [audit] 核验全部选票, under the result
    if (d.s.stage == core::Stage::Evaluate) draw_rating(st, fonts, width, cmds);
    if (decided) draw_exports(st, fonts, d.s.id, cmds);  // [moderation]
    ImGui::Separator();
    draw_comments(st, fonts, width, cmds);
    // [opinion] one statement at a time, then the map: after the discussion, so that the map arriving
    // (and growing) moves nothing a resident is reading or tapping above it.
    if (opinion_stage(d)) {
        ImGui::Separator();
        draw_opinion(st, fonts, width, cmds);
    }
}

}  // namespace yishi::client
