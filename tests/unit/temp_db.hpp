// temp_db.hpp — a fresh SQLite file path per test, removed (with its WAL side files) when the test
// ends. Relative to the working directory, which is a real directory natively and under NODERAWFS.
#pragma once
#include <cstdio>
#include <string>

struct TempDb {
    std::string path;  // the file to open
    explicit TempDb(const char* name) : path(std::string("yishi-test-") + name + ".db") { remove_all(); }
    ~TempDb() { remove_all(); }
    TempDb(const TempDb&) = delete;
    TempDb& operator=(const TempDb&) = delete;
    void remove_all() {
        for (const char* suffix : {"", "-wal", "-shm", "-journal"}) std::remove((path + suffix).c_str());
    }
};
