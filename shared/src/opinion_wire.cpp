// opinion_wire.cpp — the reaction matrix in its compact wire form (see opinion.hpp): what the server
// sends the browser so that it can compute the map itself, at most 2 bytes per cast vote while a
// consultation has fewer than 5,462 statements (a gap between two voted columns below 5,461).
#include <cstring>

#include "yishi/crypto.hpp"
#include "yishi/opinion.hpp"

namespace yishi::core {

namespace {

constexpr char kMagic[4] = {'Y', 'O', 'M', '1'};

void put_varint(std::vector<uint8_t>& out, uint64_t v) {
    while (v >= 0x80) { out.push_back(uint8_t(v) | 0x80); v >>= 7; }
    out.push_back(uint8_t(v));
}

struct Reader {
    const uint8_t* p;
    size_t size, at = 0;
    bool varint(uint64_t& v) {
        v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (at >= size) return false;
            const uint8_t b = p[at++];
            v |= uint64_t(b & 0x7f) << shift;
            if (!(b & 0x80)) return true;
        }
        return false;
    }
};

}  // namespace

Result<std::vector<uint8_t>> encode_opinion_matrix(const OpinionMatrix& m, int64_t viewer_row) {
    std::vector<uint8_t> out(kMagic, kMagic + 4);
    put_varint(out, m.participants.size());
    put_varint(out, m.statements.size());
    put_varint(out, m.col.size());
    put_varint(out, viewer_row < 0 ? 0 : uint64_t(viewer_row) + 1);
    for (const std::string& id : m.statements) {
        auto bytes = from_hex(id);
        if (!bytes || bytes->size() != kOpinionStatementIdBytes) return Error::OpinionMalformed;
        out.insert(out.end(), bytes->begin(), bytes->end());
    }
    std::vector<uint8_t> bitmap((m.statements.size() + 7) / 8, 0);
    for (size_t j = 0; j < m.statements.size(); ++j)
        if (m.moderated_out[j]) bitmap[j / 8] |= uint8_t(1u << (j % 8));
    out.insert(out.end(), bitmap.begin(), bitmap.end());
    for (size_t i = 0; i < m.participants.size(); ++i) {
        put_varint(out, m.row_start[i + 1] - m.row_start[i]);
        int64_t prev = -1;
        for (uint32_t k = m.row_start[i]; k < m.row_start[i + 1]; ++k) {
            put_varint(out, uint64_t(int64_t(m.col[k]) - prev - 1) * 3 + uint64_t(m.value[k] + 1));
            prev = m.col[k];
        }
    }
    return out;
}

Result<OpinionMatrix> decode_opinion_matrix(const uint8_t* data, size_t size, int64_t* viewer_row, std::string* detail) {
    const auto fail = [&](const char* why) -> Result<OpinionMatrix> {
        if (detail) *detail = why;
        return Error::OpinionMalformed;
    };
    if (size < 4 || std::memcmp(data, kMagic, 4) != 0) return fail("not a YOM1 opinion matrix");
    Reader r{data, size, 4};
    uint64_t rows, cols, votes, viewer;
    if (!r.varint(rows) || !r.varint(cols) || !r.varint(votes) || !r.varint(viewer)) return fail("truncated header");
    if (rows > kOpinionMaxParticipants || cols > kOpinionMaxStatements || votes > kOpinionMaxVotes)
        return Error::OpinionTooLarge;
    if (viewer > rows) return fail("viewer row out of range");
    if (viewer_row) *viewer_row = int64_t(viewer) - 1;
    const size_t fixed = cols * kOpinionStatementIdBytes + (cols + 7) / 8;
    if (size - r.at < fixed) return fail("truncated statement ids");
    OpinionMatrix m;
    for (uint64_t j = 0; j < cols; ++j)
        m.statements.push_back(to_hex(ByteView(data + r.at + j * kOpinionStatementIdBytes, kOpinionStatementIdBytes)));
    r.at += cols * kOpinionStatementIdBytes;
    for (uint64_t j = 0; j < cols; ++j) m.moderated_out.push_back((data[r.at + j / 8] >> (j % 8)) & 1);
    r.at += (cols + 7) / 8;
    m.row_start.push_back(0);
    for (uint64_t i = 0; i < rows; ++i) {
        m.participants.push_back(std::to_string(i));
        uint64_t count;
        if (!r.varint(count) || count > cols || m.col.size() + count > votes) return fail("bad row length");
        int64_t prev = -1;
        for (uint64_t k = 0; k < count; ++k) {
            uint64_t code;
            if (!r.varint(code)) return fail("truncated votes");
            const uint64_t col = uint64_t(prev + 1) + code / 3;
            if (col >= cols) return fail("column out of range");
            m.col.push_back(uint32_t(col));
            m.value.push_back(int8_t(int(code % 3) - 1));
            prev = int64_t(col);
        }
        m.row_start.push_back(uint32_t(m.col.size()));
    }
    if (m.col.size() != votes) return fail("vote count does not match the header");
    if (r.at != size) return fail("trailing bytes");
    return m;
}

}  // namespace yishi::core
