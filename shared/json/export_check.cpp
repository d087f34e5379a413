// export_check.cpp — the export bundle check (see export_check.hpp).
//
// Never throws: the browser build has no exception catching (a throw there aborts the app), so every
// field is looked up with find() and type-checked before use, and a failure is a sentence in
// BundleCheck::failure. Checks run in the order of the header; the first failure ends the check.
#include "export_check.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <set>
#include <vector>

#include "tally_json.hpp"
#include "yishi/consultation.hpp"
#include "yishi/envelope.hpp"
#include "yishi/receipt.hpp"

namespace yishi::core {

using nlohmann::json;

namespace {

// The member `key` of object `j`; nullptr when `j` is not an object or has no such member.
const json* field(const json& j, const char* key) {
    if (!j.is_object()) return nullptr;
    auto it = j.find(key);
    return it == j.end() ? nullptr : &*it;
}

// The outcome of the declared counting, as a bundle publishes it.
json outcome_json(const ConsultationCount& c) {
    return json{{"counting", std::string(c.counting)}, {"winner", c.winner ? json(*c.winner) : json(nullptr)},
                {"ranking", c.ranking}, {"valid", c.valid}, {"invalid", c.invalid}};
}

// What is wrong with the committee's close `s` ("" when nothing): it must be consultation_close of the
// consultation checked and state the count the ballots give (out.tally_hash).
struct Problem {
    std::string failure;
    BundleFault fault = BundleFault::Proof;
};
Problem close_problem(const SignedEnvelope& s, const BundleCheck& out) {
    const auto* close = std::get_if<ConsultationClosePayload>(&s.envelope.payload);
    if (!close || s.envelope.scope.consultation_id != out.consultation)
        return {"the closing envelope is not consultation_close of this consultation"};
    if (close->tally_hash != out.tally_hash)
        return {"the committee's close states another count (tally_hash " + to_hex(close->tally_hash) +
                    ", the ballots give " + to_hex(out.tally_hash) + ")",
                BundleFault::Count};
    return {};
}

}  // namespace

// One pass over a bundle in three parts (begin, one ballot at a time, finish); each returns false after
// setting `failure` and `fault`. The checkpoint is opened once, in begin, and every proof leads to it.
class BundleChecker {
public:
    explicit BundleChecker(BundleCheck& out) : out_(out) {}

    bool fail(std::string what, BundleFault fault = BundleFault::Proof) {
        out_.failure = std::move(what);
        out_.fault = fault;
        return false;
    }
    bool missing(const char* key) {
        return fail(std::string("malformed bundle: no valid \"") + key + "\" field", BundleFault::Malformed);
    }

    bool text(const json& j, const char* key, std::string& into) {
        const json* f = field(j, key);
        if (!f || !f->is_string()) return missing(key);
        into = f->get<std::string>();
        return true;
    }
    bool whole(const json& j, const char* key, uint64_t& into) {
        const json* f = field(j, key);
        if (!f || !f->is_number_unsigned()) return missing(key);
        into = f->get<uint64_t>();
        return true;
    }
    template <size_t N> bool hex_array(const json& j, std::array<uint8_t, N>& into) {
        auto b = j.is_string() ? from_hex(j.get<std::string>()) : Result<Bytes>(Error::BadHex);
        if (!b || b->size() != N)
            return fail("a hash or key is not " + std::to_string(2 * N) + " hex digits", BundleFault::Malformed);
        std::copy(b->begin(), b->end(), into.begin());
        return true;
    }

    // verify_receipt on one logged envelope {wire, log_index, leaf_hash, inclusion_proof} of the bundle,
    // against the checkpoint begin() opened.
    bool logged(const json& l, const char* what, SignedEnvelope& into) {
        std::string wire_hex;
        Receipt r;
        if (!text(l, "wire", wire_hex) || !whole(l, "log_index", r.log_index)) return false;
        const json* leaf = field(l, "leaf_hash");
        const json* proof = field(l, "inclusion_proof");
        if (!leaf || !hex_array(*leaf, r.leaf_hash)) return leaf ? false : missing("leaf_hash");
        if (!proof || !proof->is_array()) return missing("inclusion_proof");
        r.inclusion_proof.reserve(proof->size());
        for (const auto& h : *proof) {
            Hash node{};
            if (!hex_array(h, node)) return false;
            r.inclusion_proof.push_back(node);
        }
        auto wire = from_hex(wire_hex);
        if (!wire) return fail(std::string(what) + ": wire is not hex", BundleFault::Malformed);
        auto env = decode_signed_envelope(wire.value());
        auto st = env ? verify_logged_envelope(env.value(), r, checkpoint_) : Status(env.error());
        if (!st)
            return fail(std::string(what) + " at log index " + std::to_string(r.log_index) + ": " +
                        std::string(error_code(st.error())));
        into = std::move(env.value());
        return true;
    }

    // The header, the checkpoint and the opening envelope; the ballots list, for ballot().
    bool begin(const json& b) {
        std::string format, origin;
        if (!b.is_object()) return fail("malformed bundle: not a JSON object", BundleFault::Malformed);
        if (!text(b, "format", format)) return false;
        if (format != "yishi-export-v1") return fail("not a yishi-export-v1 bundle", BundleFault::Malformed);
        const json* log_key = field(b, "log_key");
        if (!text(b, "origin", origin) || !text(b, "checkpoint", out_.checkpoint) ||
            !whole(b, "consultation", out_.consultation))
            return false;
        if (!log_key) return missing("log_key");
        if (!hex_array(*log_key, out_.log_key)) return false;
        auto cp = open_checkpoint(out_.checkpoint, origin, out_.log_key);
        if (!cp) return fail("checkpoint: " + std::string(error_code(cp.error())));
        checkpoint_ = cp.value();
        out_.checkpoint_size = cp->size;

        const json* open_j = field(b, "open");
        SignedEnvelope open;
        if (!open_j) return missing("open");
        if (!logged(*open_j, "opening envelope", open)) return false;
        const auto* payload = std::get_if<ConsultationOpenPayload>(&open.envelope.payload);
        if (!payload || open.envelope.scope.consultation_id != out_.consultation)
            return fail("the opening envelope is not consultation_open of this consultation");
        open_ = *payload;

        ballots_ = field(b, "ballots");
        if (!ballots_ || !ballots_->is_array()) return missing("ballots");
        votes_.reserve(ballots_->size());
        return true;
    }
    const json& ballots() const { return *ballots_; }

    bool ballot(const json& l) {
        SignedEnvelope s;
        if (!logged(l, "ballot", s)) return false;
        auto* v = std::get_if<VotePayload>(&s.envelope.payload);
        if (!v || s.envelope.scope.consultation_id != out_.consultation) return fail("a ballot is not a vote here");
        if (!keys_.insert(s.envelope.author).second) return fail("two ballots from one ballot key");
        votes_.push_back(std::move(*v));
        return true;
    }

    bool finish(const json& b) {
        out_.ballots = votes_.size();
        return check_count(b, open_, votes_) && check_close(b);
    }

private:
    // The published totals, outcome and full tally against a recount of `votes`.
    bool check_count(const json& b, const ConsultationOpenPayload& open, const std::vector<VotePayload>& votes) {
        const BallotRules rules{open.method, open.method_param, open.options};
        const auto totals = option_totals(rules, votes);
        const json* published = field(b, "totals");
        if (!published || !published->is_array()) return missing("totals");
        if (published->size() != totals.size()) return fail("totals list the wrong number of options", BundleFault::Count);
        out_.totals = json::array();
        for (size_t i = 0; i < totals.size(); ++i) {
            const json* id = field((*published)[i], "option_id");
            const json* total = field((*published)[i], "total");
            if (!id || !total || *id != rules.options[i].option_id || *total != totals[i])
                return fail("the total of option " + std::to_string(rules.options[i].option_id) +
                            " is not what the ballots give (" + std::to_string(totals[i]) + ")", BundleFault::Count);
            out_.totals.push_back({{"option_id", rules.options[i].option_id}, {"label", rules.options[i].label},
                                   {"total", totals[i]}});
        }
        // The outcome, recounted with the counting the opening envelope declared; a bundle that states
        // an outcome must state this one.
        auto counted = count_consultation(rules, votes);
        if (!counted) return fail("the ballots cannot be counted: " + std::string(error_code(counted.error())));
        out_.outcome = outcome_json(counted.value());
        if (const json* outcome = field(b, "outcome"); outcome && *outcome != out_.outcome)
            return fail("the outcome is not what the declared counting (" + std::string(counted->counting) +
                        ") gives: " + out_.outcome.dump(), BundleFault::Count);
        // The full tally of the method (winner, ranking, rounds / matrices / funding ...), recomputed.
        auto tally = tally_consultation(open, votes, 0);
        if (!tally) return fail("the ballots cannot be counted: " + std::string(error_code(tally.error())));
        out_.tally = tally_json(tally.value());
        out_.tally_hash = tally_hash(tally.value());
        const json* published_tally = field(b, "tally");
        if (!published_tally) return fail("the bundle carries no tally", BundleFault::Malformed);
        if (*published_tally != out_.tally) return fail("the published tally is not what the ballots give", BundleFault::Count);
        return true;
    }

    // The committee's close, when the consultation has one, must state this very count.
    bool check_close(const json& b) {
        const json* close_j = field(b, "close");
        if (!close_j || close_j->is_null()) return true;
        SignedEnvelope s;
        if (!logged(*close_j, "closing envelope", s)) return false;
        if (Problem p = close_problem(s, out_); !p.failure.empty()) return fail(p.failure, p.fault);
        out_.closed = true;
        return true;
    }

    BundleCheck& out_;
    Checkpoint checkpoint_;
    ConsultationOpenPayload open_;
    const json* ballots_ = nullptr;
    std::vector<VotePayload> votes_;
    std::set<PublicKey> keys_;
};

BundleCheck check_bundle(const json& bundle) {
    BundleCheck out;
    BundleChecker c(out);
    if (!c.begin(bundle)) return out;
    for (const auto& l : c.ballots())
        if (!c.ballot(l)) return out;
    c.finish(bundle);
    return out;
}

// [SECTION] StreamCheck

namespace {

// Records which nodes merkle_root reads for a tree of `size`: the right edge a root needs.
class NodeRecorder final : public MerkleNodeSource {
public:
    explicit NodeRecorder(uint64_t size) : size_(size) {}
    uint64_t leaf_count() const override { return size_; }
    Hash node_hash(unsigned level, uint64_t index) const override {
        nodes.emplace_back(level, index);
        return Hash{};
    }
    mutable std::vector<std::pair<unsigned, uint64_t>> nodes;
private:
    uint64_t size_;
};

// The root of a full tile's 256 hashes: its parent's entry one level up.
Hash full_tile_root(ByteView hashes) {
    std::vector<Hash> row(kTileWidth);
    for (size_t i = 0; i < row.size(); ++i) std::copy_n(hashes.begin() + std::ptrdiff_t(i * kHashSize), kHashSize, row[i].begin());
    for (size_t n = row.size(); n > 1; n /= 2)
        for (size_t i = 0; i < n / 2; ++i) row[i] = merkle_node_hash(row[2 * i], row[2 * i + 1]);
    return row[0];
}

}  // namespace

StreamCheck::StreamCheck() = default;
StreamCheck::~StreamCheck() = default;

bool StreamCheck::fail(std::string what, BundleFault fault) {
    if (!failed_) out_.failure = std::move(what), out_.fault = fault;
    failed_ = true;
    return false;
}

std::string StreamCheck::what(size_t wire) const {
    const char* kind = wire == 0 ? "opening envelope" : wire <= stream_.ballots.size() ? "ballot" : "closing envelope";
    return std::string(kind) + " at log index " + std::to_string(wires_[wire]->log_index);
}

bool StreamCheck::begin(ByteView bytes) {
    auto s = decode_ballot_stream(bytes);
    if (!s) return fail("malformed ballot stream (docs/protocol.md §15a)", BundleFault::Malformed);
    stream_ = std::move(s.value());
    out_.consultation = stream_.consultation;
    out_.checkpoint = stream_.checkpoint;
    out_.log_key = stream_.log_key;   // the caller compares it with the portal's, as with a bundle's
    auto cp = open_checkpoint(stream_.checkpoint, stream_.origin, out_.log_key);
    if (!cp) return fail("checkpoint: " + std::string(error_code(cp.error())));
    checkpoint_ = cp.value();
    out_.checkpoint_size = cp->size;

    wires_.push_back(&stream_.open);
    for (const LoggedWire& b : stream_.ballots) wires_.push_back(&b);
    if (stream_.close) wires_.push_back(&*stream_.close);
    leaves_.assign(wires_.size(), std::nullopt);
    votes_.assign(stream_.ballots.size(), VotePayload{});
    authors_.assign(stream_.ballots.size(), PublicKey{});
    for (size_t i = 0; i < wires_.size(); ++i)
        if (wires_[i]->log_index >= checkpoint_.size)
            return fail(what(i) + ": not under the checkpoint (" + std::to_string(checkpoint_.size) + " entries)");

    auto open = decode_signed_envelope(stream_.open.wire);   // its signature is checked with the others
    const auto* payload = open ? std::get_if<ConsultationOpenPayload>(&open->envelope.payload) : nullptr;
    if (!payload || open->envelope.scope.consultation_id != out_.consultation)
        return fail("the opening envelope is not consultation_open of this consultation");
    open_ = *payload;

    // The tiles: the right edge the root is computed from, the level-0 tile of every entry, and above
    // each full tile its parent, whose entry the tile must hash up to (a partial tile is on the edge).
    std::map<std::pair<unsigned, uint64_t>, unsigned> want;
    auto need = [&](unsigned level, uint64_t index) {
        want[{level, index}] = tile_width_at(level, index, checkpoint_.size);
    };
    NodeRecorder edge(checkpoint_.size);
    if (checkpoint_.size > 0) (void)merkle_root(edge, checkpoint_.size);
    for (auto [h, i] : edge.nodes) need(h / kTileHeight, (i << (h % kTileHeight)) / kTileWidth);
    for (const LoggedWire* w : wires_) need(0, w->log_index / kTileWidth);
    for (auto it = want.begin(); it != want.end(); ++it)   // parents sort after their children: one pass
        if (it->second == kTileWidth) need(it->first.first + 1, it->first.second / kTileWidth);
    for (auto [at, width] : want) tiles_.push_back({TileKind::Hashes, at.first, at.second, width});
    missing_tiles_ = std::move(want);
    source_ = std::make_unique<TileSource>(checkpoint_.size);
    return true;
}

bool StreamCheck::add_tile(const TileRef& t, ByteView hashes) {
    if (failed_) return false;
    auto wanted = missing_tiles_.find({t.level, t.index});   // (each once, at the width asked for)
    if (wanted == missing_tiles_.end() || wanted->second != t.width || !source_->add(t, hashes))
        return fail("the hash tile " + tile_path(t) + " is malformed", BundleFault::Malformed);
    missing_tiles_.erase(wanted);
    if (t.width == kTileWidth) tile_roots_[{t.level, t.index}] = full_tile_root(hashes);
    return true;
}

Bytes StreamCheck::batch(size_t first, size_t count) const {
    std::vector<const Bytes*> wires;
    for (size_t i = first; i < std::min(wires_.size(), first + count); ++i) wires.push_back(&wires_[i]->wire);
    return wire_batch(wires);
}

bool StreamCheck::take_checks(size_t first, ByteView answer) {
    if (failed_) return false;
    const size_t n = answer.size() / kWireCheckBytes;
    if (n == 0 || answer.size() % kWireCheckBytes != 0 || first + n > wires_.size())
        return fail("a batch of signature checks came back malformed");
    for (size_t k = 0; k < n; ++k) {
        const size_t i = first + k;
        ByteView a = answer.subspan(k * kWireCheckBytes, kWireCheckBytes);
        if (a[0] != 0) return fail(what(i) + ": " + std::string(error_code(static_cast<Error>(a[0] - 1))));
        if (leaves_[i]) continue;   // (answered twice: the first answer stands)
        Hash leaf{};
        std::copy(a.begin() + 1, a.end(), leaf.begin());
        leaves_[i] = leaf;
        ++checked_;
        if (i == 0 || i > stream_.ballots.size()) continue;
        auto env = decode_signed_envelope(wires_[i]->wire);   // decoded there too; here for its vote
        auto* v = env ? std::get_if<VotePayload>(&env->envelope.payload) : nullptr;
        if (!v || env->envelope.scope.consultation_id != out_.consultation) return fail("a ballot is not a vote here");
        votes_[i - 1] = std::move(*v);
        authors_[i - 1] = env->envelope.author;
    }
    return true;
}

bool StreamCheck::ready() const { return failed_ || (checked_ == wires_.size() && missing_tiles_.empty()); }

bool StreamCheck::finish() {
    if (failed_) return false;
    if (!ready()) return fail("the check was finished before every tile and signature was in");
    // Each full tile hashes up to its parent's entry; the edge to the checkpoint's root.
    for (const auto& [at, root] : tile_roots_)
        if (source_->node_hash(kTileHeight * (at.first + 1), at.second) != root)
            return fail("the log's hash tile " + tile_path({TileKind::Hashes, at.first, at.second, kTileWidth}) +
                        " does not hash up to the tile above it");
    auto root = merkle_root(*source_, checkpoint_.size);
    if (!root || root.value() != checkpoint_.root) return fail("the log's hash tiles do not lead to the checkpoint's root");
    for (size_t i = 0; i < wires_.size(); ++i)
        if (source_->node_hash(0, wires_[i]->log_index) != *leaves_[i])
            return fail(what(i) + ": the log holds another entry there");
    std::set<PublicKey> keys;
    for (const PublicKey& k : authors_)
        if (!keys.insert(k).second) return fail("two ballots from one ballot key");
    out_.ballots = votes_.size();

    const BallotRules rules{open_.method, open_.method_param, open_.options};
    const auto totals = option_totals(rules, votes_);
    out_.totals = json::array();
    for (size_t i = 0; i < totals.size(); ++i)
        out_.totals.push_back({{"option_id", rules.options[i].option_id}, {"label", rules.options[i].label},
                               {"total", totals[i]}});
    auto counted = count_consultation(rules, votes_);
    auto tally = tally_consultation(open_, votes_, 0);
    if (!counted || !tally)
        return fail("the ballots cannot be counted: " + std::string(error_code(counted ? tally.error() : counted.error())));
    out_.outcome = outcome_json(counted.value());
    out_.tally = tally_json(tally.value());
    out_.tally_hash = tally_hash(tally.value());
    if (stream_.close) {
        auto env = decode_signed_envelope(stream_.close->wire);   // (its signature: with the others)
        if (!env) return fail("the closing envelope is not consultation_close of this consultation");
        if (Problem p = close_problem(env.value(), out_); !p.failure.empty()) return fail(p.failure, p.fault);
        out_.closed = true;
    }
    return true;
}

Hash tally_hash(const ConsultationTally& t) {
    // enrolled sits in the method's summary too (and turnout with it): blank both where present.
    json j = tally_json(t);
    for (const char* key : {"enrolled", "turnout"})
        if (j.contains(key)) j[key] = nullptr;
    const std::string text = "yishi-tally-v1\n" + canonical_json(j);
    return sha256(ByteView(reinterpret_cast<const uint8_t*>(text.data()), text.size()));
}

}  // namespace yishi::core
