// xnnpack::invoke_nanoseconds(): the process-wide time spent inside xnn_invoke_runtime.
#include <chrono>

#include "tests/delegate/delegate_test_util.h"

namespace edgeq::testing {
namespace {

TEST(XnnpackInvokeCounter, GrowsByNoMoreThanTheWallTimeOfTheRuns) {
  DelegateCase c;
  ir::Value* x = c.input({1, 16, 32, 32});
  c.node(OpType::kConv, {x, c.random_constant({16, 16, 3, 3}), c.random_constant({16})}, [] {
    Attributes attrs;
    attrs.set("pads", std::vector<int64_t>{1, 1, 1, 1});
    return attrs;
  }());
  c.finish();
  const uint64_t before = xnnpack::invoke_nanoseconds();
  const auto start = std::chrono::steady_clock::now();
  auto outputs = run_xnnpack(c.graph, c.feeds);
  const auto wall = std::chrono::steady_clock::now() - start;
  ASSERT_TRUE(outputs.ok()) << outputs.status().to_string();
  const uint64_t spent = xnnpack::invoke_nanoseconds() - before;
  EXPECT_GT(spent, 0u);
  // run_xnnpack also lowers, loads and builds: the invoke is only part of its time.
  EXPECT_LT(spent, static_cast<uint64_t>(
                       std::chrono::duration_cast<std::chrono::nanoseconds>(wall).count()));
}

}  // namespace
}  // namespace edgeq::testing
