// csv.cpp — RFC 4180 records with their line numbers (see csv.hpp).
#include "yishi/csv.hpp"

namespace yishi::core {

bool parse_csv(std::string_view s, std::vector<CsvRecord>& out, size_t& bad_line) {
    size_t line = 1, i = 0;
    while (i < s.size()) {
        CsvRecord rec{line, {}};
        std::string field;
        bool done = false;
        while (!done) {
            if (i < s.size() && s[i] == '"') {  // quoted field
                const size_t opened = line;
                ++i;
                for (;;) {
                    if (i >= s.size()) { bad_line = opened; return false; }
                    if (s[i] == '"') {
                        if (i + 1 < s.size() && s[i + 1] == '"') { field += '"'; i += 2; continue; }
                        ++i;
                        break;
                    }
                    if (s[i] == '\n') ++line;
                    field += s[i++];
                }
            }
            while (i < s.size() && s[i] != ',' && s[i] != '\n' && s[i] != '\r') field += s[i++];
            rec.fields.push_back(std::move(field));
            field.clear();
            if (i >= s.size()) done = true;
            else if (s[i] == ',') ++i;
            else {
                if (s[i] == '\r') ++i;
                if (i < s.size() && s[i] == '\n') ++i;
                ++line;
                done = true;
            }
        }
        const bool blank = rec.fields.size() == 1 && rec.fields[0].empty();
        if (!blank) out.push_back(std::move(rec));
    }
    return true;
}

}  // namespace yishi::core
