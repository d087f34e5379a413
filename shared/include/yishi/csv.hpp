// csv.hpp — RFC 4180 records with their line numbers, for the importers that read CSV files
// (the organisation directory, Pol.is open-data exports). Bytes in, fields out; no encoding work.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace yishi::core {

struct CsvRecord {
    size_t line;                       // the line the record starts on (1-based)
    std::vector<std::string> fields;   // unquoted field values
};

// Splits `s` into records: LF or CRLF line ends; quoted fields may hold commas, quotes ("") and
// newlines; blank lines are skipped. On an unterminated quote returns false with `bad_line` set to the
// line the quote opened on.
bool parse_csv(std::string_view s, std::vector<CsvRecord>& out, size_t& bad_line);

}  // namespace yishi::core
