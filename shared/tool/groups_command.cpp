// groups_command.cpp — `yishi groups FILE`: the opinion map (core::compute_opinion_map) of a
// deliberation, printed as the JSON of opinion_json.hpp.
//
// FILE is either a Pol.is open-data export — its participants-votes.csv (or the folder holding it),
// with comments.csv beside it for moderation — or a Yishi consultation export (export.json), whose
// "opinion" section lists the reactions and the map the server computed from them: the map is computed
// again and, if it differs from the published one, the difference is reported and the exit code is 2.
// Malformed input: a message naming the file, line and column on stderr, exit code 2.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "commands.hpp"
#include "opinion_json.hpp"
#include "yishi/opinion.hpp"

namespace yishi::tool {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

bool read_whole(const fs::path& p, std::string& out) {
    std::ifstream in(p, std::ios::binary);
    if (!in) return false;
    std::ostringstream s;
    s << in.rdbuf();
    out = s.str();
    return true;
}

int fail(const std::string& message) {
    std::fprintf(stderr, "yishi groups: %s\n", message.c_str());
    return 2;
}

// The "opinion" section of a Yishi export: {"authors": [hex], "statements": [hex], "moderated_out":
// [hex], "reactions": [[author index, statement index, -1|0|1], ...], "map": {...}}.
int run_yishi_export(const std::string& text, bool pretty) {
    const json doc = json::parse(text, nullptr, false);
    if (doc.is_discarded()) return fail("the file is neither a Pol.is CSV nor valid JSON");
    if (!doc.is_object() || !doc.contains("opinion") || !doc["opinion"].is_object())
        return fail("the JSON has no \"opinion\" section (is it a Yishi consultation export?)");
    const json& op = doc["opinion"];
    for (const char* key : {"authors", "statements", "moderated_out", "reactions"})
        if (!op.contains(key) || !op[key].is_array()) return fail(std::string("opinion.") + key + " is missing or not an array");
    std::vector<std::string> authors, statements, moderated;
    for (const json& a : op["authors"]) {
        if (!a.is_string()) return fail("opinion.authors holds a non-string");
        authors.push_back(a.get<std::string>());
    }
    for (const json& s : op["statements"]) {
        if (!s.is_string()) return fail("opinion.statements holds a non-string");
        statements.push_back(s.get<std::string>());
    }
    for (const json& s : op["moderated_out"]) {
        if (!s.is_string()) return fail("opinion.moderated_out holds a non-string");
        moderated.push_back(s.get<std::string>());
    }
    std::vector<core::OpinionReaction> reactions;
    size_t i = 0;
    for (const json& r : op["reactions"]) {
        const std::string at = "opinion.reactions[" + std::to_string(i++) + "]";
        if (!r.is_array() || r.size() != 3 || !r[0].is_number_unsigned() || !r[1].is_number_unsigned() ||
            !r[2].is_number_integer())
            return fail(at + " is not [author index, statement index, -1|0|1]");
        const uint64_t a = r[0].get<uint64_t>(), s = r[1].get<uint64_t>();
        const int64_t v = r[2].get<int64_t>();
        if (a >= authors.size() || s >= statements.size() || v < -1 || v > 1) return fail(at + " is out of range");
        reactions.push_back({authors[a], statements[s], static_cast<int8_t>(v)});
    }
    auto m = core::build_opinion_matrix(reactions, moderated);
    if (!m) return fail(std::string(core::error_message(m.error())));
    const json map = core::opinion_map_json(*m, core::compute_opinion_map(*m));
    std::printf("%s\n", map.dump(pretty ? 2 : -1).c_str());
    if (op.contains("map") && op["map"] != map)
        return fail("the export's opinion map does not match its reactions (the map above is recomputed)");
    return 0;
}

int run_groups(const std::string& file, bool pretty) {
    fs::path path(file);
    std::error_code ec;
    if (fs::is_directory(path, ec)) path /= "participants-votes.csv";
    std::string text;
    if (!read_whole(path, text)) return fail("cannot read " + path.string());
    const size_t first = text.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
    if (first != std::string::npos && text[first] == '{') return run_yishi_export(text, pretty);
    std::string comments;
    const fs::path comments_path = path.parent_path() / "comments.csv";
    if (!read_whole(comments_path, comments))
        std::fprintf(stderr, "yishi groups: no %s: no statement is treated as moderated out\n", comments_path.string().c_str());
    std::string detail;
    auto m = core::read_polis_export(text, comments, nullptr, &detail);
    if (!m) return fail(detail.empty() ? std::string(core::error_message(m.error())) : detail);
    const json map = core::opinion_map_json(*m, core::compute_opinion_map(*m));
    std::printf("%s\n", map.dump(pretty ? 2 : -1).c_str());
    return 0;
}

}  // namespace

void add_groups_command(CLI::App& app, int& exit_code) {
    auto* cmd = app.add_subcommand("groups", "opinion groups (the Pol.is map) of a Pol.is export or a Yishi consultation export");
    auto file = std::make_shared<std::string>();
    auto pretty = std::make_shared<bool>(false);
    cmd->add_option("FILE", *file, "participants-votes.csv (comments.csv beside it), its folder, or export.json")->required();
    cmd->add_flag("--pretty", *pretty, "indented JSON");
    cmd->callback([&exit_code, file, pretty] { exit_code = run_groups(*file, *pretty); });
}

}  // namespace yishi::tool
