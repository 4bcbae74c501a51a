// The broadcast helper: shape rules, and every collapsed plan (the fast paths) against the
// uncollapsed plan and the per-element reference mapping.
#include "runtime/kernels/broadcast.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "tests/runtime/kernels/broadcast_reference.h"

namespace edgeq::runtime {
namespace {

using testing::broadcast_cases;
using testing::reference_binary;

TEST(BroadcastShapes, FollowsNumpyRules) {
  EXPECT_EQ(broadcast_shapes(Shape{2, 1, 5}, Shape{3, 1}).value(), (Shape{2, 3, 5}));
  EXPECT_EQ(broadcast_shapes(Shape{}, Shape{4}).value(), (Shape{4}));
  EXPECT_EQ(broadcast_shapes(Shape{}, Shape{}).value(), Shape{});
  EXPECT_EQ(broadcast_shapes(Shape{2, 0, 3}, Shape{1, 3}).value(), (Shape{2, 0, 3}));
  EXPECT_EQ(broadcast_shapes(Shape{0}, Shape{1}).value(), (Shape{0}));
  const Shape three[] = {{2, 1, 1}, {1, 3, 1}, {4}};
  EXPECT_EQ(broadcast_shapes(Span<const Shape>(three)).value(), (Shape{2, 3, 4}));
}

TEST(BroadcastShapes, MismatchNamesTheShapes) {
  auto result = broadcast_shapes(Shape{2, 3}, Shape{4});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(result.status().message().find("[2, 3] and [4]"), std::string::npos)
      << result.status().message();
  EXPECT_FALSE(broadcast_shapes(Shape{0}, Shape{2}).ok());
  EXPECT_FALSE(broadcast_shapes(Shape{2}, Shape{0}).ok());
}

TEST(BroadcastsTo, IsUnidirectional) {
  EXPECT_TRUE(broadcasts_to(Shape{3, 1}, Shape{2, 3, 5}));
  EXPECT_TRUE(broadcasts_to(Shape{}, Shape{2}));
  EXPECT_FALSE(broadcasts_to(Shape{2, 3, 5}, Shape{3, 1}));
  EXPECT_FALSE(broadcasts_to(Shape{4}, Shape{2, 3}));
}

TEST(BroadcastPlan, CollapsesToTheFastPaths) {
  // Equal shapes: one flat row, both contiguous.
  const Shape same[] = {{2, 3, 4}, {2, 3, 4}};
  BroadcastPlan plan = make_broadcast_plan(Shape{2, 3, 4}, Span<const Shape>(same));
  EXPECT_EQ(plan.rank, 1);
  EXPECT_EQ(plan.inner(), 24);
  EXPECT_TRUE(plan.inner_contiguous(0) && plan.inner_contiguous(1));
  // A scalar: one flat row, the scalar with stride 0.
  const Shape scalar[] = {{2, 3, 4}, {}};
  plan = make_broadcast_plan(Shape{2, 3, 4}, Span<const Shape>(scalar));
  EXPECT_EQ(plan.rank, 1);
  EXPECT_FALSE(plan.inner_contiguous(1));
  // A last-dim bias: rows of 4, both contiguous.
  const Shape bias[] = {{2, 3, 4}, {4}};
  plan = make_broadcast_plan(Shape{2, 3, 4}, Span<const Shape>(bias));
  EXPECT_EQ(plan.rank, 2);
  EXPECT_EQ(plan.dims[0], 6);
  EXPECT_TRUE(plan.inner_contiguous(0) && plan.inner_contiguous(1));
  // A per-channel NCHW operand: rows of H*W with the operand constant along each row.
  const Shape channel[] = {{2, 3, 4, 5}, {3, 1, 1}};
  plan = make_broadcast_plan(Shape{2, 3, 4, 5}, Span<const Shape>(channel));
  EXPECT_EQ(plan.rank, 3);
  EXPECT_EQ(plan.inner(), 20);
  EXPECT_FALSE(plan.inner_contiguous(1));
}

// Runs a - b through a plan (collapsed or not) and compares with the reference mapping.
void check_plan_against_reference(const testing::BroadcastCase& c, bool collapse) {
  const int64_t na = c.a.numel();
  const int64_t nb = c.b.numel();
  std::vector<int64_t> a(na), b(nb);
  for (int64_t i = 0; i < na; ++i) a[i] = 1000 * (i + 1);
  for (int64_t i = 0; i < nb; ++i) b[i] = i + 1;
  const Shape shapes[] = {c.a, c.b};
  BroadcastPlan plan = make_broadcast_plan(c.out, Span<const Shape>(shapes), collapse);
  std::vector<int64_t> out(c.out.numel(), -1);
  broadcast_binary(plan, a.data(), b.data(), out.data(),
                   [](int64_t x, int64_t y) { return x - y; });
  auto expected =
      reference_binary<int64_t>(c.out, c.a, a, c.b, b, [](int64_t x, int64_t y) { return x - y; });
  EXPECT_EQ(out, expected) << c.a.to_string() << " with " << c.b.to_string()
                           << (collapse ? " collapsed" : " uncollapsed");
}

TEST(BroadcastPlan, CollapsedAndUncollapsedMatchTheReference) {
  for (const auto& c : broadcast_cases()) {
    ASSERT_EQ(broadcast_shapes(c.a, c.b).value(), c.out);
    check_plan_against_reference(c, /*collapse=*/true);
    check_plan_against_reference(c, /*collapse=*/false);
  }
}

TEST(BroadcastPlan, UnaryAndTernaryMatchTheReference) {
  const Shape out{2, 3, 4};
  const Shape in{3, 1};
  std::vector<int> x = {7, 8, 9};
  const Shape one[] = {in};
  std::vector<int> y(out.numel());
  broadcast_unary(make_broadcast_plan(out, Span<const Shape>(one)), x.data(), y.data(),
                  [](int v) { return v * 2; });
  for (int64_t i = 0; i < out.numel(); ++i) {
    EXPECT_EQ(y[i], 2 * x[testing::broadcast_source_index(out, in, i)]) << i;
  }

  const Shape cond_shape{4}, a_shape{2, 1, 1}, b_shape{3, 1};
  const bool cond[4] = {true, false, false, true};
  std::vector<int> a = {1, 2}, b = {-1, -2, -3};
  const Shape three[] = {cond_shape, a_shape, b_shape};
  std::vector<int> z(out.numel());
  broadcast_ternary(make_broadcast_plan(out, Span<const Shape>(three)), cond, a.data(), b.data(),
                    z.data(), [](bool c, int p, int q) { return c ? p : q; });
  for (int64_t i = 0; i < out.numel(); ++i) {
    const bool c = cond[testing::broadcast_source_index(out, cond_shape, i)];
    const int expected = c ? a[testing::broadcast_source_index(out, a_shape, i)]
                           : b[testing::broadcast_source_index(out, b_shape, i)];
    EXPECT_EQ(z[i], expected) << i;
  }
}

}  // namespace
}  // namespace edgeq::runtime
