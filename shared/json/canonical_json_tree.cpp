// canonical_json_tree.cpp — a JSON tree written in canonical form (see tally_json.hpp and
// yishi/canonical_json.hpp). nlohmann/json holds the tree only; every byte is written by the core's
// canonical scalars, so nlohmann's dump() formatting never reaches a hash.
#include <algorithm>
#include <vector>

#include "tally_json.hpp"
#include "yishi/canonical_json.hpp"

namespace yishi::core {

namespace {

void write(std::string& out, const nlohmann::json& j) {
    using V = nlohmann::json::value_t;
    switch (j.type()) {
        case V::null: out += "null"; break;
        case V::boolean: out += j.get<bool>() ? "true" : "false"; break;
        case V::number_unsigned: append_canonical_whole(out, j.get<uint64_t>()); break;
        case V::number_integer: append_canonical_whole(out, j.get<int64_t>()); break;
        case V::number_float: append_canonical_real(out, j.get<double>()); break;
        case V::string: append_canonical_string(out, j.get_ref<const std::string&>()); break;
        case V::array: {
            out.push_back('[');
            bool first = true;
            for (const auto& v : j) {
                if (!first) out.push_back(',');
                first = false;
                write(out, v);
            }
            out.push_back(']');
            break;
        }
        case V::object: {
            std::vector<const std::string*> keys;   // byte order of the UTF-8 keys
            for (const auto& [k, v] : j.items()) keys.push_back(&k);
            std::sort(keys.begin(), keys.end(), [](const std::string* a, const std::string* b) {
                return std::string_view(*a) < std::string_view(*b);
            });
            out.push_back('{');
            for (size_t i = 0; i < keys.size(); ++i) {
                if (i) out.push_back(',');
                append_canonical_string(out, *keys[i]);
                out.push_back(':');
                write(out, j.at(*keys[i]));
            }
            out.push_back('}');
            break;
        }
        default: out += "null"; break;   // binary and discarded values never occur in a tally
    }
}

}  // namespace

std::string canonical_json(const nlohmann::json& j) {
    std::string out;
    write(out, j);
    return out;
}

}  // namespace yishi::core
