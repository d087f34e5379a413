// opinion_matrix.cpp — the participant × statement matrix of opinion groups (see opinion.hpp): from
// reactions in recorded order (latest wins) or from a Pol.is open-data export, rows and columns in the
// canonical id order so that nothing downstream depends on the order the input came in.
#include <algorithm>
#include <charconv>
#include <map>
#include <unordered_map>

#include "yishi/csv.hpp"
#include "yishi/opinion.hpp"

namespace yishi::core {

namespace {

bool all_digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Interns ids (lookup only: no iteration over the hash map, so its order never matters).
struct Interner {
    std::unordered_map<std::string, uint32_t> index;
    std::vector<std::string> ids;
    uint32_t get(const std::string& id) {
        auto [it, added] = index.emplace(id, static_cast<uint32_t>(ids.size()));
        if (added) ids.push_back(id);
        return it->second;
    }
    // Canonical order: remap[old] = new position.
    std::vector<uint32_t> sort() {
        std::vector<uint32_t> order(ids.size());
        for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
        std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return opinion_id_less(ids[a], ids[b]); });
        std::vector<uint32_t> remap(ids.size());
        std::vector<std::string> sorted(ids.size());
        for (uint32_t i = 0; i < order.size(); ++i) {
            remap[order[i]] = i;
            sorted[i] = std::move(ids[order[i]]);
        }
        ids = std::move(sorted);
        return remap;
    }
};

}  // namespace

bool opinion_id_less(std::string_view a, std::string_view b) {
    const bool da = all_digits(a), db = all_digits(b);
    if (da != db) return da;
    if (da) {
        const auto strip = [](std::string_view s) {
            while (s.size() > 1 && s[0] == '0') s.remove_prefix(1);
            return s;
        };
        const std::string_view sa = strip(a), sb = strip(b);
        if (sa.size() != sb.size()) return sa.size() < sb.size();
        if (sa != sb) return sa < sb;
    }
    return a < b;
}

Result<OpinionMatrix> build_opinion_matrix(const std::vector<OpinionReaction>& in_recorded_order,
                                           const std::vector<std::string>& moderated_out) {
    if (in_recorded_order.size() > kOpinionMaxVotes) return Error::OpinionTooLarge;
    Interner rows, cols;
    struct Cell { uint32_t row, col; uint32_t seq; int8_t value; };
    std::vector<Cell> cells;
    cells.reserve(in_recorded_order.size());
    for (const OpinionReaction& r : in_recorded_order) {
        if (r.participant.empty() || r.statement.empty()) return Error::OpinionMalformed;
        if (r.value < -1 || r.value > 1) return Error::OpinionMalformed;
        const uint32_t row = rows.get(r.participant), col = cols.get(r.statement);
        if (rows.ids.size() > kOpinionMaxParticipants || cols.ids.size() > kOpinionMaxStatements)
            return Error::OpinionTooLarge;
        cells.push_back({row, col, static_cast<uint32_t>(cells.size()), r.value});
    }
    const std::vector<uint32_t> row_map = rows.sort(), col_map = cols.sort();
    for (Cell& c : cells) { c.row = row_map[c.row]; c.col = col_map[c.col]; }
    // Latest wins: order by (row, col, seq) and keep the last of each (row, col).
    std::sort(cells.begin(), cells.end(), [](const Cell& a, const Cell& b) {
        if (a.row != b.row) return a.row < b.row;
        if (a.col != b.col) return a.col < b.col;
        return a.seq < b.seq;
    });
    OpinionMatrix m;
    m.participants = std::move(rows.ids);
    m.statements = std::move(cols.ids);
    m.moderated_out.assign(m.statements.size(), 0);
    for (const std::string& id : moderated_out) {
        auto it = std::lower_bound(m.statements.begin(), m.statements.end(), id,
                                   [](const std::string& a, const std::string& b) { return opinion_id_less(a, b); });
        if (it != m.statements.end() && *it == id) m.moderated_out[size_t(it - m.statements.begin())] = 1;
    }
    m.row_start.assign(m.participants.size() + 1, 0);
    for (size_t i = 0; i < cells.size(); ++i) {
        const bool last = i + 1 == cells.size() || cells[i + 1].row != cells[i].row || cells[i + 1].col != cells[i].col;
        if (!last) continue;
        m.col.push_back(cells[i].col);
        m.value.push_back(cells[i].value);
        ++m.row_start[cells[i].row + 1];
    }
    for (size_t i = 0; i < m.participants.size(); ++i) m.row_start[i + 1] += m.row_start[i];
    return m;
}

Result<OpinionMatrix> read_polis_export(std::string_view participants_votes_csv, std::string_view comments_csv,
                                        std::vector<int>* published_groups, std::string* detail) {
    const auto fail = [&](Error e, std::string why) -> Result<OpinionMatrix> {
        if (detail) *detail = std::move(why);
        return e;
    };
    std::vector<CsvRecord> rec;
    size_t bad_line = 0;
    if (!parse_csv(participants_votes_csv, rec, bad_line))
        return fail(Error::OpinionMalformed, "participants-votes.csv: unterminated quote opened on line " + std::to_string(bad_line));
    if (rec.empty()) return fail(Error::OpinionMalformed, "participants-votes.csv: no header row");
    const std::vector<std::string>& head = rec[0].fields;
    int participant_col = -1, group_col = -1;
    std::vector<std::pair<size_t, std::string>> comment_cols;  // (field index, comment id)
    for (size_t i = 0; i < head.size(); ++i) {
        if (head[i] == "participant") participant_col = int(i);
        else if (head[i] == "group-id") group_col = int(i);
        else if (all_digits(head[i])) comment_cols.emplace_back(i, head[i]);
    }
    if (participant_col < 0) return fail(Error::OpinionMalformed, "participants-votes.csv: no \"participant\" column in the header");
    if (comment_cols.empty()) return fail(Error::OpinionMalformed, "participants-votes.csv: no comment columns (numeric headers) in the header");

    std::vector<OpinionReaction> reactions;
    std::map<std::string, int, bool (*)(std::string_view, std::string_view)> groups(
        [](std::string_view a, std::string_view b) { return opinion_id_less(a, b); });
    for (size_t r = 1; r < rec.size(); ++r) {
        const CsvRecord& row = rec[r];
        const std::string at = "participants-votes.csv line " + std::to_string(row.line);
        if (row.fields.size() != head.size())
            return fail(Error::OpinionMalformed, at + ": " + std::to_string(row.fields.size()) + " fields, the header has " +
                                                     std::to_string(head.size()));
        const std::string& pid = row.fields[size_t(participant_col)];
        if (!all_digits(pid)) return fail(Error::OpinionMalformed, at + ": participant id \"" + pid + "\" is not a number");
        if (groups.count(pid)) return fail(Error::OpinionMalformed, at + ": participant " + pid + " appears twice");
        int gid = -1;
        if (group_col >= 0 && !row.fields[size_t(group_col)].empty()) {
            const std::string& g = row.fields[size_t(group_col)];
            if (!all_digits(g) || g.size() > 6) return fail(Error::OpinionMalformed, at + ": group-id \"" + g + "\" is not a number");
            std::from_chars(g.data(), g.data() + g.size(), gid);
        }
        groups[pid] = gid;
        for (const auto& [i, cid] : comment_cols) {
            const std::string& v = row.fields[i];
            if (v.empty()) continue;
            int8_t value;
            if (v == "1" || v == "1.0") value = 1;
            else if (v == "-1" || v == "-1.0") value = -1;
            else if (v == "0" || v == "0.0") value = 0;
            else return fail(Error::OpinionMalformed, at + ", comment " + cid + ": vote \"" + v + "\" is not 1, -1, 0 or empty");
            reactions.push_back({pid, cid, value});
        }
    }
    std::vector<std::string> moderated;
    if (!comments_csv.empty()) {
        std::vector<CsvRecord> crec;
        if (!parse_csv(comments_csv, crec, bad_line))
            return fail(Error::OpinionMalformed, "comments.csv: unterminated quote opened on line " + std::to_string(bad_line));
        if (crec.empty()) return fail(Error::OpinionMalformed, "comments.csv: no header row");
        const auto& ch = crec[0].fields;
        const auto id_it = std::find(ch.begin(), ch.end(), "comment-id");
        const auto mod_it = std::find(ch.begin(), ch.end(), "moderated");
        if (id_it == ch.end() || mod_it == ch.end())
            return fail(Error::OpinionMalformed, "comments.csv: the header needs \"comment-id\" and \"moderated\" columns");
        const size_t id_col = size_t(id_it - ch.begin()), mod_col = size_t(mod_it - ch.begin());
        for (size_t r = 1; r < crec.size(); ++r) {
            const CsvRecord& row = crec[r];
            const std::string at = "comments.csv line " + std::to_string(row.line);
            if (row.fields.size() != ch.size())
                return fail(Error::OpinionMalformed, at + ": " + std::to_string(row.fields.size()) + " fields, the header has " +
                                                         std::to_string(ch.size()));
            const std::string& mod = row.fields[mod_col];
            if (mod != "1" && mod != "0" && mod != "-1")
                return fail(Error::OpinionMalformed, at + ": moderated \"" + mod + "\" is not 1, 0 or -1");
            if (!all_digits(row.fields[id_col]))
                return fail(Error::OpinionMalformed, at + ": comment-id \"" + row.fields[id_col] + "\" is not a number");
            if (mod == "-1") moderated.push_back(row.fields[id_col]);
        }
    }
    auto m = build_opinion_matrix(reactions, moderated);
    if (!m) return fail(m.error(), "participants-votes.csv: too many participants, comments or votes");
    if (published_groups) {
        published_groups->clear();
        for (const std::string& pid : m->participants) published_groups->push_back(groups[pid]);
    }
    return m;
}

}  // namespace yishi::core
