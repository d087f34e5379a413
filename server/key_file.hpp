// key_file.hpp — the log key's seed kept in an operator's file (`serve --key-file`, LedgerOptions::key_file)
// instead of the database: one line "yishi-log-seed-v1:" + 64 hex digits, mode 0600.
#pragma once
#include <string>

#include "yishi/crypto.hpp"
#include "yishi/result.hpp"

namespace yishi::server {

core::Result<core::Bytes> read_key_file(const std::string& path);             // the seed in a log key file
core::Status write_key_file(const std::string& path, core::ByteView seed);    // atomically, mode 0600

}  // namespace yishi::server
