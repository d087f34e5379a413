// fake_net.hpp — the model tests' network: every request kept with its callback, nothing answered
// unless the test answers it.
#pragma once
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "model/net.hpp"

namespace yishi::client {

class FakeNet final : public Net {
public:
    struct Request {
        std::string method, path;
        std::vector<uint8_t> body;
        Callback done;
        bool answered = false;
    };
    void get(const std::string& path, Callback done) override { requests.push_back({"GET", path, {}, std::move(done)}); }
    void post(const std::string& path, const std::vector<uint8_t>& body, const std::string&, Callback done) override {
        requests.push_back({"POST", path, body, std::move(done)});
    }
    void download(const std::string& path, const std::string&, Callback done) override {
        requests.push_back({"DOWNLOAD", path, {}, std::move(done)});
    }
    bool save(const std::string&, const std::string&, const std::string&) override { return false; }
    bool poll() override { return false; }
    std::string portal_url() const override { return "http://portal.test/"; }

    std::vector<size_t> submissions() const {   // indexes of the POST /api/submit requests
        std::vector<size_t> out;
        for (size_t i = 0; i < requests.size(); ++i)
            if (requests[i].method == "POST" && requests[i].path == "/api/submit") out.push_back(i);
        return out;
    }
    void answer(size_t i, int status, std::string body) {
        REQUIRE(!requests[i].answered);
        requests[i].answered = true;
        requests[i].done(HttpResponse{status, std::move(body)});
    }
    std::vector<Request> requests;
};

}  // namespace yishi::client
