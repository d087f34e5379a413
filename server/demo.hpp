// demo.hpp — fictional consultations for `yishi-server --demo`, submitted through the real ledger.
//
// Committees and moderators of a few Suzhou districts, enrolled fictional residents (names such as
// 张喆 李堃 王赟 陈玥), and one consultation in every stage: 需求征集 with proposals and support,
// 民主协商 with comments, replies, stances, reactions, a report and a hidden comment, 项目决策 with
// ballots, 绩效评估 with ratings, and closed ones with results of several methods, linked to demo
// organisations. Every submission is a signed envelope accepted by Ledger::submit, so the demo log
// verifies like any other. Deterministic: keys come from fixed names, times from a fixed base, choices
// from a fixed seed (only the log key and received times differ between runs).
#pragma once
#include <cstdint>

#include "ledger.hpp"
#include "yishi/store.hpp"

namespace yishi::server {

inline constexpr int64_t kDemoBaseMs = 1793491200000;   // 2026-11-01T00:00:00Z: the demo's first envelope
inline constexpr uint64_t kDemoConsultationSeed = 2016; // choices of the demo residents

// Seeds the demo consultations into a database that has none (does nothing otherwise). `store` is the
// server's own connection (roles and enrolment codes), `ledger` accepts the envelopes.
core::Status seed_demo_consultations(core::Store& store, Ledger& ledger, int64_t now_ms);

}  // namespace yishi::server
