// log_mirror.cpp — fetch and check a log's static files (see log_mirror.hpp). Network and disk live
// here, at the tool's edge; the checks are the core's (tiles.hpp, checkpoint.hpp, log_audit.hpp).
#include "log_mirror.hpp"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <optional>

#include <fcntl.h>
#include <unistd.h>

#include "yishi/tiles.hpp"

namespace yishi::tool {

using namespace yishi::core;
namespace fs = std::filesystem;

namespace {

class Fetcher {
public:
    explicit Fetcher(const std::string& url) {
        if (!url.empty()) {
            client_ = std::make_unique<httplib::Client>(url);
            client_->set_connection_timeout(10);
            client_->set_read_timeout(60);
        }
    }
    bool online() const { return client_ != nullptr; }
    // The body of GET path, or nullopt with `error` set (status or connection failure).
    std::optional<std::string> get(const std::string& path, std::string& error) {
        auto res = client_->Get(path);
        if (!res) {
            error = "cannot fetch " + path + ": " + httplib::to_string(res.error());
            return std::nullopt;
        }
        if (res->status != 200) {
            error = "GET " + path + " answered " + std::to_string(res->status);
            return std::nullopt;
        }
        return res->body;
    }
private:
    std::unique_ptr<httplib::Client> client_;
};

// A tile or bundle: from the mirror if present, else fetched and kept (partial ones too: the offline
// `yishi verify --log` needs the widths of the mirror's newest checkpoint).
std::optional<std::string> tile_bytes(Fetcher& net, const fs::path& dir, const TileRef& t, std::string& error) {
    const std::string path = tile_path(t);
    // A full tile never changes; a partial one is read from disk only offline, so that a server showing
    // another history at the same size is seen (the fork check below), not masked by what was kept.
    if (t.width == kTileWidth || !net.online())
        if (auto disk = read_text(dir / path)) return disk;
    if (!net.online()) {
        error = "the mirror has no " + path + " (run yishi audit URL --dir to fetch it)";
        return std::nullopt;
    }
    auto body = net.get("/log/" + path, error);
    if (body && !write_text(dir / path, *body)) {
        error = "cannot write " + (dir / path).string();
        return std::nullopt;
    }
    return body;
}

}  // namespace

std::optional<std::string> read_text(const fs::path& p) {
    std::ifstream f(p, std::ios::binary);
    if (!f) return std::nullopt;
    return std::string(std::istreambuf_iterator<char>(f), {});
}

bool write_text(const fs::path& p, const std::string& s, bool durable) {
    std::error_code ec;
    fs::create_directories(p.parent_path(), ec);
    const fs::path tmp = p.string() + ".tmp";
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return false;
    bool ok = true;
    for (size_t done = 0; ok && done < s.size();) {
        const ssize_t n = ::write(fd, s.data() + done, s.size() - done);
        ok = n > 0;
        if (ok) done += static_cast<size_t>(n);
    }
    ok = ok && (!durable || ::fsync(fd) == 0);
    ok = ::close(fd) == 0 && ok;
    if (ok) fs::rename(tmp, p, ec);   // whole files only: an interrupted run leaves no half file behind
    if (!ok || ec) return false;
    if (durable) {   // the rename itself survives a crash only once the directory is synced
        const int dfd = ::open(p.parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dfd < 0) return false;
        ok = ::fsync(dfd) == 0;
        ::close(dfd);
    }
    return ok;
}

MirrorResult sync_and_check(const std::string& dir_arg, const std::string& url, const std::string& pinned_key_hex,
                            uint64_t at_size) {
    MirrorResult r;
    const fs::path dir(dir_arg);
    Fetcher net(url);
    auto fail = [&r](int code, std::string what) {
        r.exit_code = code;
        r.problems.push_back(std::move(what));
        return std::move(r);
    };
    std::string error;

    // 1. The log key: pinned by flag, else by the mirror, else taken from the server once and pinned.
    std::string origin, key_hex = pinned_key_hex;
    if (auto pinned = read_text(dir / "log-key")) {
        const size_t sp = pinned->find(' ');
        if (sp == std::string::npos) return fail(1, (dir / "log-key").string() + " is not \"<origin> <hex key>\"");
        origin = pinned->substr(0, sp);
        const std::string file_key = pinned->substr(sp + 1, 64);
        if (!key_hex.empty() && key_hex != file_key)
            return fail(2, "the log key given (" + key_hex + ") is not the one this mirror pinned (" + file_key + ")");
        key_hex = file_key;
    }
    if (net.online()) {
        auto body = net.get("/api/log-key", error);
        if (!body) return fail(1, error);
        const auto j = nlohmann::json::parse(*body, nullptr, false);
        if (!j.is_object() || !j.contains("origin") || !j.contains("public_key")) return fail(1, "/api/log-key is not the expected JSON");
        const std::string served_origin = j["origin"].get<std::string>(), served_key = j["public_key"].get<std::string>();
        if (!key_hex.empty() && served_key != key_hex)
            return fail(2, "the server now signs with log key " + served_key + ", not the pinned " + key_hex +
                               " (a rotation must be checked by hand: docs/audit.md)");
        if (!origin.empty() && served_origin != origin)
            return fail(2, "the server's log is now named " + served_origin + ", not the pinned " + origin);
        origin = served_origin;
        key_hex = served_key;
        if (!read_text(dir / "log-key") && !write_text(dir / "log-key", origin + " " + key_hex + "\n"))
            return fail(1, "cannot write " + (dir / "log-key").string());
    }
    auto key_bytes = from_hex(key_hex);
    if (!key_bytes || key_bytes->size() != kPublicKeySize || origin.empty())
        return fail(1, "no log key: give --log-key, or audit the server once to pin its key");
    std::copy(key_bytes->begin(), key_bytes->end(), r.key.begin());
    r.origin = origin;

    // 2. The newest checkpoint, and every one seen before.
    std::map<uint64_t, std::string> seen;   // size → note
    std::error_code ec;
    for (const auto& f : fs::directory_iterator(dir / "checkpoints", ec)) {
        if (f.path().extension() == ".tmp") continue;   // a write cut short by an interrupted run
        auto note = read_text(f.path());
        auto cp = note ? open_checkpoint(*note, origin, r.key) : Result<Checkpoint>(Error::CheckpointFormat);
        if (!cp) return fail(2, "the mirror's " + f.path().string() + " does not open: " + std::string(error_code(cp.error())));
        seen[cp->size] = *note;
    }
    std::string note;
    if (net.online()) {
        auto body = net.get("/log/checkpoint", error);
        if (!body) return fail(1, error);
        note = *body;
    } else if (!seen.empty()) {
        note = seen.rbegin()->second;
    } else {
        return fail(1, "the mirror holds no checkpoint yet");
    }
    auto cp = open_checkpoint(note, origin, r.key);
    if (!cp) return fail(2, "the checkpoint is not signed by log key " + key_hex + " for " + origin + ": " +
                                std::string(error_code(cp.error())));
    r.checkpoint = cp.value();
    r.note = note;
    const uint64_t size = r.checkpoint.size;
    if (!seen.empty() && seen.rbegin()->first > size)
        return fail(2, "the log shrank: a checkpoint of size " + std::to_string(seen.rbegin()->first) +
                           " was seen before, now " + std::to_string(size));

    // 3. Hash tiles: they must hash to this root and to the root of every earlier head (consistency).
    TileSource tiles(size);
    for (const TileRef& t : tiles_for_size(size)) {
        auto bytes = tile_bytes(net, dir, t, error);
        if (!bytes) return fail(1, error);
        if (!tiles.add(t, as_bytes(*bytes))) return fail(2, tile_path(t) + " is not " + std::to_string(t.width) + " hashes");
    }
    if (merkle_root(tiles, size).value() != r.checkpoint.root)
        return fail(2, "the hash tiles do not hash to the root of the checkpoint of size " + std::to_string(size));
    for (const auto& [old_size, old_note] : seen) {
        const Checkpoint old = open_checkpoint(old_note, origin, r.key).value();
        if (merkle_root(tiles, old_size).value() != old.root)
            r.problems.push_back("fork: the checkpoint of size " + std::to_string(old_size) + " seen before has root " +
                                 to_hex(old.root) + ", but the log now has " + to_hex(merkle_root(tiles, old_size).value()) +
                                 " at that size (the two heads are not consistent)");
    }
    if (!r.problems.empty()) return fail(2, "the log is not an extension of what this mirror saw before");
    if (!seen.count(size) && !write_text(dir / "checkpoints" / std::to_string(size), note))
        return fail(1, "cannot write the checkpoint to the mirror");

    // 4. Every entry: record → leaf hash = level-0 tile hash, strict decoding, signature.
    if (at_size > size)
        return fail(1, "the mirror's newest checkpoint has " + std::to_string(size) + " entries, fewer than " +
                           std::to_string(at_size) + ": run yishi audit URL --dir first");
    r.checked_size = at_size ? at_size : size;
    r.root_at = merkle_root(tiles, r.checked_size).value();
    const auto started = std::chrono::steady_clock::now();
    for (uint64_t n = 0; n * kTileWidth < r.checked_size; ++n) {
        const TileRef t{TileKind::Envelopes, 0, n, tile_width_at(0, n, size)};
        auto bytes = tile_bytes(net, dir, t, error);
        if (!bytes) return fail(1, error);
        auto records = decode_envelope_bundle(as_bytes(*bytes));
        if (!records || records->size() != t.width)
            return fail(2, tile_path(t) + " is not a bundle of " + std::to_string(t.width) + " envelope records");
        for (size_t i = 0; i < records->size() && n * kTileWidth + i < r.checked_size; ++i) {
            const uint64_t index = n * kTileWidth + i;
            if (auto bad = r.audit.add(index, (*records)[i], tiles.node_hash(0, index)); !bad.empty())
                r.problems.push_back(bad);
        }
    }
    r.check_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (!r.problems.empty()) r.exit_code = 2;
    return r;
}

bool parse_witness_keys(const std::vector<std::string>& vkeys, std::vector<WitnessKey>& out, std::string& error) {
    for (const std::string& v : vkeys) {
        auto w = parse_witness_verifier_key(v);
        if (!w) {
            error = "--witness-key " + v + ": " + std::string(error_message(w.error())) + " (as `yishi witness` prints it)";
            return false;
        }
        out.push_back(w.value());
    }
    return true;
}

std::string witness_failure(std::string_view note, const std::vector<WitnessKey>& trusted) {
    if (trusted.empty()) return {};
    auto w = verify_cosignatures(note, trusted);
    if (w) return {};
    std::string names;
    for (const WitnessKey& k : trusted) names += (names.empty() ? "" : ", ") + k.name;
    if (w.error() == Error::CosignatureInvalid)
        return "bad cosignature: a cosignature line naming a trusted witness (" + names +
               ") does not verify: forged, or the checkpoint was altered after the witness signed it";
    if (w.error() == Error::CosignatureMissing)
        return "not witnessed: the checkpoint carries no cosignature from a trusted witness (" + names +
               "); a checkpoint no witness saw may be a split view";
    return "the checkpoint note is malformed: " + std::string(error_message(w.error()));
}

double native_verifies_per_second(int count) {
    auto key = SigningKey::from_seed(Bytes(32, 7)).value();
    Envelope e;
    e.author = key.public_key();
    e.scope = {320508, 7};
    e.payload = VotePayload{VotingMethod::Approval, {{1, 1}, {3, 1}}};
    const SignedEnvelope s = sign_envelope(e, key).value();
    const Bytes wire = encode_signed_envelope(s).value();
    const auto started = std::chrono::steady_clock::now();
    int ok = 0;
    for (int i = 0; i < count; ++i) {
        auto d = decode_signed_envelope(wire);
        ok += d && verify_envelope(d.value());
    }
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return ok == count && secs > 0 ? count / secs : 0;
}

}  // namespace yishi::tool
