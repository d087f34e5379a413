// key_file.cpp — the log key's seed in an operator's file (see key_file.hpp).
#include "key_file.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>

#include "yishi/crypto.hpp"

namespace yishi::server {

using namespace yishi::core;

namespace {

constexpr std::string_view kKeyFilePrefix = "yishi-log-seed-v1:";   // then 64 hex digits and a newline

}  // namespace

Result<Bytes> read_key_file(const std::string& path) {
    std::ifstream f(path);
    std::string line;
    if (!f || !std::getline(f, line) || line.rfind(kKeyFilePrefix, 0) != 0) return Error::LogKeyFile;
    auto seed = from_hex(line.substr(kKeyFilePrefix.size()));
    if (!seed || seed->size() != kSeedSize) return Error::LogKeyFile;
    return seed.value();
}

Status write_key_file(const std::string& path, ByteView seed) {
    const std::string tmp = path + ".tmp";
    std::remove(tmp.c_str());
    FILE* f = std::fopen(tmp.c_str(), "wx");   // exclusive: never through someone's symlink
    if (!f) return Error::LogKeyFile;
    chmod(tmp.c_str(), S_IRUSR | S_IWUSR);      // 0600 before the seed is written
    const std::string text = std::string(kKeyFilePrefix) + to_hex(seed) + "\n";
    const bool ok = std::fwrite(text.data(), 1, text.size(), f) == text.size() && std::fflush(f) == 0 &&
                    fsync(fileno(f)) == 0;
    std::fclose(f);
    if (!ok || std::rename(tmp.c_str(), path.c_str()) != 0) {
        std::remove(tmp.c_str());
        return Error::LogKeyFile;
    }
    return Ok{};
}

}  // namespace yishi::server
