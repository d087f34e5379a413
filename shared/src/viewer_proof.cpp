// viewer_proof.cpp — signed reads of one's own marks (see viewer_proof.hpp).
#include "yishi/viewer_proof.hpp"

namespace yishi::core {

Bytes viewer_message(std::string_view path, int64_t timestamp_ms) {
    Bytes out(kViewerDomain.begin(), kViewerDomain.end());
    out.insert(out.end(), path.begin(), path.end());
    out.push_back(0);
    for (int i = 7; i >= 0; --i) out.push_back(static_cast<uint8_t>(static_cast<uint64_t>(timestamp_ms) >> (8 * i)));
    return out;
}

std::string viewer_query(const SigningKey& key, std::string_view path, int64_t timestamp_ms) {
    const Signature sig = key.sign(viewer_message(path, timestamp_ms));
    return "viewer=" + to_hex(key.public_key()) + "&viewer_ms=" + std::to_string(timestamp_ms) +
           "&viewer_sig=" + to_hex(sig);
}

Status check_viewer(const PublicKey& viewer, std::string_view path, int64_t timestamp_ms, const Signature& sig,
                    int64_t now_ms) {
    if (timestamp_ms < now_ms - kViewerSkewMs || timestamp_ms > now_ms + kViewerSkewMs) return Error::RequestStale;
    return verify_signature(viewer, viewer_message(path, timestamp_ms), sig);
}

}  // namespace yishi::core
