#include "tests/conformance/isolated_run.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>

namespace edgeq::e2e {
namespace {

TEST(RunIsolated, ResultCrossesTheProcessBoundaryIntact) {
  CaseResult sent = CaseResult::skip("first line\nsecond line: Resize mode cubic");
  sent.unsupported_ops = {"Cos", "ai.onnx.preview.training:Adam"};
  const CaseResult received = run_isolated([&] { return sent; }, 10);
  EXPECT_EQ(received.outcome, Outcome::kSkipped);
  EXPECT_EQ(received.reason, sent.reason);
  EXPECT_EQ(received.unsupported_ops, sent.unsupported_ops);
  EXPECT_FALSE(received.inputs_frozen);
  EXPECT_FALSE(received.delegated);

  CaseResult frozen_pass = CaseResult::pass();
  frozen_pass.inputs_frozen = true;
  frozen_pass.delegated = true;
  const CaseResult pass = run_isolated([&] { return frozen_pass; }, 10);
  EXPECT_EQ(pass.outcome, Outcome::kPassed);
  EXPECT_TRUE(pass.inputs_frozen);
  EXPECT_TRUE(pass.delegated);
  EXPECT_TRUE(pass.reason.empty());
}

TEST(RunIsolated, CrashIsAFailureNamingTheSignal) {
  const CaseResult result = run_isolated(
      [] {
        std::abort();
        return CaseResult::pass();
      },
      10);
  EXPECT_EQ(result.outcome, Outcome::kFailed);
  EXPECT_NE(result.reason.find("crashed: signal 6"), std::string::npos) << result.reason;
}

TEST(RunIsolated, HangIsAFailureAfterTheTimeout) {
  const CaseResult result = run_isolated(
      [] {
        for (;;) pause();
        return CaseResult::pass();
      },
      1);
  EXPECT_EQ(result.outcome, Outcome::kFailed);
  EXPECT_NE(result.reason.find("timed out after 1 s"), std::string::npos) << result.reason;
}

TEST(RunIsolated, ChildExitingWithoutAResultIsAFailure) {
  const CaseResult result = run_isolated([]() -> CaseResult { _exit(3); }, 10);
  EXPECT_EQ(result.outcome, Outcome::kFailed);
  EXPECT_NE(result.reason.find("exited with status 3 without reporting"), std::string::npos)
      << result.reason;
}

}  // namespace
}  // namespace edgeq::e2e
