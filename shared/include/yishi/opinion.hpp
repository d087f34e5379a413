// opinion.hpp — opinion groups: the Pol.is map of a deliberation (who thinks alike, what each group
// stands for, what everyone shares, which statement to show next), computed from agree / disagree /
// pass reactions by the same code natively and in wasm.
//
// Deterministic to the bit: the same reactions give the same map on every machine, so anyone can
// recompute a published map from the export. The math uses only + - * / and sqrt (IEEE-exact), fixed
// iteration caps, sums in a fixed order, and a canonical order of participants and statements (ids
// sorted, see opinion_id_less), so the order reactions arrive in changes nothing but which one is latest.
// Every constant and every difference from Pol.is (compdemocracy/polis math/src/polismath) is in
// docs/opinion-groups.md.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "yishi/result.hpp"

namespace yishi::core {

// [SECTION] Constants (Pol.is's defaults; docs/opinion-groups.md says where each comes from)
inline constexpr uint32_t kOpinionMinVotes = 7;          // votes that put a participant in the clustering
inline constexpr uint32_t kOpinionGreedyParticipants = 15; // clustered participants topped up to this many
inline constexpr uint32_t kOpinionPcaIters = 100;        // power-iteration cap per component
inline constexpr uint32_t kOpinionBaseK = 100;           // base clusters (k-means over positions)
inline constexpr uint32_t kOpinionBaseIters = 100;       // base k-means iteration cap
inline constexpr uint32_t kOpinionGroupIters = 20;       // group k-means iteration cap (Pol.is's effective one)
inline constexpr uint32_t kOpinionMaxGroups = 5;         // groups: k from 2 to this, chosen by silhouette
inline constexpr double kOpinionZ90 = 1.2816;            // one-sided 90 % z threshold
inline constexpr uint32_t kOpinionRepnessMax = 5;        // representative statements per group
inline constexpr uint32_t kOpinionConsensusMax = 5;      // consensus statements per direction
inline constexpr uint32_t kOpinionMaxParticipants = 1u << 20;  // accepted rows (a million residents)
inline constexpr uint32_t kOpinionMaxStatements = 1u << 16;    // accepted columns
inline constexpr uint64_t kOpinionMaxVotes = 50'000'000;       // accepted cast votes

// [SECTION] Input: the participant × statement matrix

// One reaction as recorded: +1 agree, -1 disagree, 0 pass.
struct OpinionReaction {
    std::string participant;  // author id as in the source (a number in Pol.is, a key in Yishi)
    std::string statement;    // target id as in the source
    int8_t value = 0;         // +1 agree, -1 disagree, 0 pass
};

// The matrix, rows and columns in canonical order, stored sparse by row (unseen cells absent).
struct OpinionMatrix {
    std::vector<std::string> participants;  // row ids, ascending by opinion_id_less
    std::vector<std::string> statements;    // column ids (statements with a reaction), ascending
    std::vector<uint8_t> moderated_out;     // per column: 1 if moderated out (the column counts as zero)
    std::vector<uint32_t> row_start;        // participants.size() + 1 offsets into col/value
    std::vector<uint32_t> col;              // column of each cast vote, ascending within a row
    std::vector<int8_t> value;              // +1 / -1 / 0 of each cast vote
};

// Orders ids: all-digit ids numerically (shorter first, then by digits), before any other id, which
// sort bytewise. Pol.is ids are numbers, Yishi ids hex keys; either way the order is the same everywhere.
bool opinion_id_less(std::string_view a, std::string_view b);

// Builds the matrix from reactions in the order they were recorded (a later reaction of an author on
// a target replaces the earlier), with the statements moderated out listed (unknown ids ignored).
// OpinionMalformed if a value is not -1/0/+1 or an id is empty; OpinionTooLarge past the limits.
Result<OpinionMatrix> build_opinion_matrix(const std::vector<OpinionReaction>& in_recorded_order,
                                           const std::vector<std::string>& moderated_out);

// Reads a Pol.is open-data export: participants-votes.csv (columns by name; one column per comment id)
// and comments.csv (moderated -1 = moderated out; may be empty to moderate nothing). The published
// group of each participant, if the file has one, goes to `published_groups` (-1 = none), in the
// matrix's row order. On error `detail` names the file, line and column.
Result<OpinionMatrix> read_polis_export(std::string_view participants_votes_csv, std::string_view comments_csv,
                                        std::vector<int>* published_groups, std::string* detail);

// [SECTION] Wire form: the matrix in ≤ 2 bytes per cast vote (docs/opinion-groups.md, "Wire form")

inline constexpr size_t kOpinionStatementIdBytes = 32;  // statement ids on the wire: 32-byte hashes

// "YOM1", varints rows, statements, votes, viewer row + 1 (0: none); statement ids (32 bytes each, in
// column order); the moderated-out bitmap; per row a varint count and per vote a varint
// (column − previous column − 1)·3 + (value + 1). Rows are not named: the decoder names them "0", "1",
// … which keeps their order. Statement ids must be 64 lowercase hex characters.
Result<std::vector<uint8_t>> encode_opinion_matrix(const OpinionMatrix& m, int64_t viewer_row);
// The inverse; OpinionMalformed (with `detail`) on any inconsistency. `viewer_row` gets -1 for none.
Result<OpinionMatrix> decode_opinion_matrix(const uint8_t* data, size_t size, int64_t* viewer_row, std::string* detail);

// [SECTION] Output: the map

struct OpinionRepness {                 // one statement that defines a group (Pol.is repness)
    uint32_t statement = 0;             // column index
    bool agree = true;                  // the group agrees (true) or disagrees (false) more than the rest
    uint32_t n_success = 0;             // group members voting that way
    uint32_t n_trials = 0;              // group members who voted (pass included)
    double p_success = 0;               // (n_success + 1) / (n_trials + 2)
    double p_test = 0;                  // z of p_success against 1/2
    double repness = 0;                 // p_success over the rest's smoothed proportion
    double repness_test = 0;            // two-proportion z, group against the rest
    bool best_agree = false;            // the group's best agreed statement, put first by Pol.is
};

struct OpinionGroup {
    std::vector<uint32_t> members;      // rows (ascending)
    std::vector<OpinionRepness> repness;  // at most kOpinionRepnessMax, agrees before disagrees
    double center[2] = {0, 0};          // mean position of the members
};

struct OpinionConsensus {               // a statement the whole conversation shares
    uint32_t statement = 0;             // column index
    uint32_t n_success = 0;             // participants voting that way
    uint32_t n_trials = 0;              // participants who voted
    double p_success = 0;               // smoothed proportion
    double p_test = 0;                  // z against 1/2
};

struct OpinionMap {
    std::vector<double> pc1, pc2;       // principal components (per column)
    std::vector<double> center;         // per column: the mean of cast votes (0 when moderated out)
    std::vector<double> x, y;           // per row: sparsity-aware projection
    std::vector<uint8_t> clustered;     // per row: 1 if in the clustering (enough votes)
    std::vector<int32_t> group_of;      // per row: group index, or -1 if not clustered
    std::vector<OpinionGroup> groups;   // k groups (empty when fewer than two distinct positions)
    double silhouette = 0;              // silhouette of the chosen k over the base clusters
    std::vector<OpinionConsensus> consensus_agree;     // at most kOpinionConsensusMax
    std::vector<OpinionConsensus> consensus_disagree;  // at most kOpinionConsensusMax
    std::vector<double> group_consensus;  // per column: product over groups of P(agree | group)
    std::vector<double> extremity;        // per column: length of the statement's own projection
    std::vector<double> priority;         // per column: Pol.is routing priority (0 when moderated out)
};

// Computes the map. Never fails on a well-formed matrix (an empty one gives an empty map).
OpinionMap compute_opinion_map(const OpinionMatrix& m);

// Pol.is's routing priority of a statement with A agrees, P passes and S votes among clustered
// participants and extremity E: ((1 - (P+1)/(S+2)) (E+1) (A+1)/(S+2) (1 + 8·2^(-S/5)))². A statement
// nobody has seen yet has A = P = S = E = 0.
double opinion_priority(uint32_t agrees, uint32_t passes, uint32_t seen, double extremity);

// Adjusted Rand index of two labelings of the same items (labels < 0 are left out of both).
double adjusted_rand_index(const std::vector<int>& a, const std::vector<int>& b);

}  // namespace yishi::core
