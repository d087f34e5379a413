// table_net.hpp — a fake Net for the model tests: GETs answered from a table, path → body (status 200).
#pragma once
#include <map>
#include <string>
#include <vector>

#include "model/net.hpp"

namespace yishi::client {

// Answers GETs from a table (path → body, status 200); everything else waits forever.
class TableNet final : public Net {
public:
    std::map<std::string, std::string> answers;
    void get(const std::string& path, Callback done) override {
        const std::string bare = path.substr(0, path.find('?'));
        if (auto it = answers.find(bare); it != answers.end()) done({200, it->second});
    }
    void post(const std::string&, const std::vector<uint8_t>&, const std::string&, Callback) override {}
    void download(const std::string&, const std::string&, Callback) override {}
    bool save(const std::string&, const std::string&, const std::string&) override { return false; }
    bool poll() override { return false; }
    std::string portal_url() const override { return "http://portal.test/"; }
};

}  // namespace yishi::client
