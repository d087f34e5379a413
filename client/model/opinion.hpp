// opinion.hpp — the opinion map of the open consultation (issue 22, docs/opinion-groups.md): the
// statement cards a resident answers one at a time, and the groups computed from everyone's reactions.
//
// State only; the controller is opinion.cpp (fetching the matrix, GET /api/consultations/{id}/opinion.bin,
// merging this device's reactions that the fetched matrix does not hold yet, and computing the map with
// the shared core::compute_opinion_map, the same code the server and `yishi groups` run). The views are
// view_opinion.cpp (cards, map, group statements) and view_committee.cpp (the consensus statements).
// A tap on a card is a signed reaction through the journeys' path (JourneyCommands::react); the map
// moves at once because the outbox's reactions are merged into the fetched matrix before computing.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/committee.hpp"
#include "model/journeys.hpp"
#include "yishi/opinion.hpp"

namespace yishi::client {

class Net;

// What a card or a group statement shows: a comment's text, or a proposal's title and text.
struct OpinionStatement {
    std::string id;        // envelope id (hex), the statement's column id in the matrix
    std::string text;
    bool proposal = false;
};

// One consultation's statements that every group shares, for the committee drafting options (the
// wizard, view_committee_open.cpp): computed from its matrix, comments and proposals.
struct OpinionDigest {
    struct Line { bool agree = true; std::string text; uint32_t n = 0, of = 0; };  // n of `of` voted that way
    bool loading = false, done = false;
    std::string error;                     // error code of a failed read ("" = none)
    uint32_t participants = 0, groups = 0;
    std::vector<Line> shared;              // agreed first, then disagreed
};

struct OpinionState {
    uint64_t consultation = 0;             // which consultation the fetched matrix belongs to (0: none)
    bool loading = false;
    int fetched_for_load = -1;             // JourneyState::loads when the last fetch started (a reload fetches again)
    double next_fetch = 0;                 // others' reactions: fetched again at this time (seconds)
    std::string error;                     // error code of the last failed fetch ("" = none)
    std::vector<uint8_t> wire;             // the last YOM1 answer (an identical answer recomputes nothing)
    int fetches = 0;                       // +1 per new answer (part of the merge key)
    core::OpinionMatrix fetched;           // as served; rows named "0", "1", …
    int64_t viewer_row = -1;               // this key's row in `fetched`, -1 before its first reaction
    std::string merged_key;                // what the map was computed from (fetched + this device's reactions)
    // The map, computed from `fetched` with this device's queued and sent reactions as its latest.
    core::OpinionMatrix matrix;
    core::OpinionMap map;
    int64_t me = -1;                       // this key's row in `matrix` (-1: no reaction yet)
    double compute_ms = 0;                 // how long the last compute_opinion_map took (printed to the console)
    bool computed = false;
    std::string card;                      // id of the statement on the card shown (kept until answered)
    std::string last;                      // id of the statement answered last (its sending status is shown)
    std::map<uint64_t, OpinionDigest> digests;  // per consultation of the committee's area, while the wizard is open
};

// The statements of the open consultation a resident can react to: visible comments in page order,
// then proposals. Empty when no consultation is loaded.
std::vector<OpinionStatement> opinion_statements(const ConsultationDetail& d);
// Whether the opinion cards and map belong on this consultation's page (需求征集 and 民主协商).
bool opinion_stage(const ConsultationDetail& d);
// This key's latest reaction on a column of the computed matrix (+1, -1, 0), or none.
std::optional<int8_t> opinion_my_reaction(const OpinionState& o, const std::string& statement);
// The statements not reacted to yet, the shown card first (then by routing priority).
std::vector<OpinionStatement> opinion_unanswered(const OpinionState& o, const JourneyState& j);
// The text of a column of the computed matrix (the statement's id prefix when it is not on the page).
std::string opinion_statement_text(const OpinionState& o, const JourneyState& j, uint32_t column);
// Votes still needed before this key is placed in a group (0: placed, or not computed).
uint32_t opinion_votes_to_place(const OpinionState& o);

// A reaction given (a card answered, or a comment's button): the next card, and its status shown.
void apply_opinion_commands(OpinionState& o, const JourneyCommands& c);
// Fetches the open consultation's matrix, merges this device's reactions, computes; true if changed.
// While the committee's wizard is open, also reads the digest of each listed consultation in 需求征集 or
// 民主协商 (once per opening of the wizard).
bool tick_opinion(OpinionState& o, const JourneyState& j, const Account& me, const CommitteeState& c, double now, Net& net);

}  // namespace yishi::client
