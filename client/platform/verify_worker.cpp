// verify_worker.cpp — the program of the browser's signature-check workers (web/yishi-verify-worker.js):
// core::check_wire_batch and nothing else, linked from the same shared core as the app and the server
// into its own small wasm, fetched only when a resident taps 核验全部选票.
#include <emscripten.h>

#include "yishi/ballot_stream.hpp"

namespace {
yishi::core::Bytes g_answer;   // the last batch's answer, read by the worker script before the next
}

// Checks the batch at `batch` (size bytes); the answer is at yishi_answer(), its length returned.
extern "C" EMSCRIPTEN_KEEPALIVE size_t yishi_check_wires(const uint8_t* batch, size_t size) {
    g_answer = yishi::core::check_wire_batch(yishi::core::ByteView(batch, size));
    return g_answer.size();
}

extern "C" EMSCRIPTEN_KEEPALIVE const uint8_t* yishi_answer() { return g_answer.data(); }
