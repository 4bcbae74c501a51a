// The arena planner: live-together buffers never overlap (checked by brute force on random graphs),
// and buffers with disjoint lifetimes share memory.
#include "runtime/executor/memory_planner.h"

#include <gtest/gtest.h>

#include <random>

namespace edgeq::testing {
namespace {

using runtime::ArenaPlan;
using runtime::BufferRequest;
using runtime::InstructionValues;

// Independent of check_arena_plan: every pair compared directly.
void expect_valid_plan(const std::vector<BufferRequest>& requests, const ArenaPlan& plan) {
  ASSERT_EQ(plan.offsets.size(), requests.size());
  EXPECT_EQ(plan.arena_bytes % 64, 0u);
  for (size_t i = 0; i < requests.size(); ++i) {
    if (requests[i].bytes == 0) continue;
    EXPECT_EQ(plan.offsets[i] % 64, 0u) << "buffer " << i;
    EXPECT_LE(plan.offsets[i] + requests[i].bytes, plan.arena_bytes) << "buffer " << i;
    for (size_t j = i + 1; j < requests.size(); ++j) {
      if (requests[j].bytes == 0) continue;
      const bool live_together = requests[i].first_step <= requests[j].last_step &&
                                 requests[j].first_step <= requests[i].last_step;
      const bool overlap = plan.offsets[i] < plan.offsets[j] + requests[j].bytes &&
                           plan.offsets[j] < plan.offsets[i] + requests[i].bytes;
      EXPECT_FALSE(live_together && overlap) << "buffers " << i << " and " << j;
    }
  }
}

TEST(MemoryPlanner, ChainReusesTwoBuffers) {
  // v0 -> op0 -> v1 -> op1 -> v2 ... -> v10 (output): each step needs only its input and output.
  const int n = 10;
  std::vector<std::vector<int32_t>> ins(n), outs(n);
  std::vector<InstructionValues> steps;
  for (int i = 0; i < n; ++i) {
    ins[i] = {i};
    outs[i] = {i + 1};
  }
  for (int i = 0; i < n; ++i)
    steps.push_back({Span<const int32_t>(ins[i]), Span<const int32_t>(outs[i])});
  const std::vector<int32_t> outputs = {n};
  std::vector<BufferRequest> requests = runtime::value_lifetimes(
      n + 1, Span<const InstructionValues>(steps), Span<const int32_t>(outputs));
  for (auto& r : requests) r.bytes = 1000;
  EXPECT_EQ(requests[n].last_step, n) << "program outputs live to the end";
  EXPECT_EQ(requests[3].first_step, 2);
  EXPECT_EQ(requests[3].last_step, 3);

  const ArenaPlan plan = runtime::plan_arena(Span<const BufferRequest>(requests));
  expect_valid_plan(requests, plan);
  EXPECT_EQ(plan.arena_bytes, 2048u);  // two 1000-byte buffers, 64-byte aligned
  EXPECT_LT(plan.arena_bytes, 11u * 1000u);
  EXPECT_TRUE(runtime::check_arena_plan(Span<const BufferRequest>(requests),
                                        Span<const size_t>(plan.offsets), plan.arena_bytes)
                  .ok());
}

TEST(MemoryPlanner, RandomGraphsNeverOverlapLiveBuffers) {
  std::mt19937 rng(1234);
  for (int trial = 0; trial < 200; ++trial) {
    const int num_steps = 1 + static_cast<int>(rng() % 40);
    const int num_inputs = 1 + static_cast<int>(rng() % 3);
    int num_values = num_inputs;
    std::vector<std::vector<int32_t>> ins(num_steps), outs(num_steps);
    for (int s = 0; s < num_steps; ++s) {
      const int reads = 1 + static_cast<int>(rng() % 3);
      for (int r = 0; r < reads; ++r) ins[s].push_back(static_cast<int32_t>(rng() % num_values));
      const int writes = 1 + static_cast<int>(rng() % 2);
      for (int w = 0; w < writes; ++w) outs[s].push_back(num_values++);
    }
    std::vector<InstructionValues> steps;
    for (int s = 0; s < num_steps; ++s) {
      steps.push_back({Span<const int32_t>(ins[s]), Span<const int32_t>(outs[s])});
    }
    const std::vector<int32_t> outputs = {num_values - 1, static_cast<int32_t>(rng() % num_values)};
    std::vector<BufferRequest> requests = runtime::value_lifetimes(
        num_values, Span<const InstructionValues>(steps), Span<const int32_t>(outputs));
    size_t total = 0;
    for (auto& r : requests) {
      r.bytes = (rng() % 5 == 0) ? 0 : 1 + rng() % 5000;
      total += r.bytes;
    }
    const ArenaPlan plan = runtime::plan_arena(Span<const BufferRequest>(requests));
    expect_valid_plan(requests, plan);
    EXPECT_TRUE(runtime::check_arena_plan(Span<const BufferRequest>(requests),
                                          Span<const size_t>(plan.offsets), plan.arena_bytes)
                    .ok());
    EXPECT_LE(plan.arena_bytes, total + 64 * requests.size());
    if (HasFailure()) {
      ADD_FAILURE() << "trial " << trial;
      return;
    }
  }
}

TEST(MemoryPlanner, CheckFindsOverlapsAndOutOfArenaBuffers) {
  const std::vector<BufferRequest> requests = {{100, 0, 2}, {100, 1, 3}, {100, 3, 4}};
  const std::vector<size_t> overlapping = {0, 64, 128};
  const Status overlap = runtime::check_arena_plan(Span<const BufferRequest>(requests),
                                                   Span<const size_t>(overlapping), 256);
  EXPECT_FALSE(overlap.ok());
  EXPECT_NE(overlap.message().find("buffers 0 and 1"), std::string::npos) << overlap.message();

  const std::vector<size_t> shared = {0, 128, 0};  // 0 and 2 are never live together
  EXPECT_TRUE(runtime::check_arena_plan(Span<const BufferRequest>(requests),
                                        Span<const size_t>(shared), 256)
                  .ok());
  const Status outside = runtime::check_arena_plan(Span<const BufferRequest>(requests),
                                                   Span<const size_t>(shared), 200);
  EXPECT_EQ(outside.code(), StatusCode::kOutOfRange);
}

}  // namespace
}  // namespace edgeq::testing
