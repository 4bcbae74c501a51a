// Max, Min, Sum, Mean (variadic, broadcast together) and Where (ternary broadcasting).
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "tests/runtime/kernels/broadcast_reference.h"
#include "tests/runtime/kernels/elementwise_test_util.h"
#include "tests/runtime/kernels/kernel_test_util.h"

namespace edgeq::testing {
namespace {

TEST(ElementwiseVariadic, HandComputed) {
  auto a = make_tensor<float>({3}, {1, 5, 3});
  auto b = make_tensor<float>({3}, {4, 2, 6});
  auto c = make_tensor<float>({}, {3});
  EXPECT_EQ(run_kernel(OpType::kMax, {}, {a, b, c})[0].values<float>(),
            (std::vector<float>{4, 5, 6}));
  EXPECT_EQ(run_kernel(OpType::kMin, {}, {a, b, c})[0].values<float>(),
            (std::vector<float>{1, 2, 3}));
  EXPECT_EQ(run_kernel(OpType::kSum, {}, {a, b, c})[0].values<float>(),
            (std::vector<float>{8, 10, 12}));
  expect_near(run_kernel(OpType::kMean, {}, {a, b, c})[0].values<float>(), {8.f / 3, 10.f / 3, 4});
}

TEST(ElementwiseVariadic, OneInputIsACopy) {
  auto a = make_tensor<int64_t>({2, 2}, {1, -2, 3, -4});
  for (OpType op : {OpType::kMax, OpType::kMin, OpType::kSum}) {
    auto out = run_kernel(op, {}, {a})[0];
    EXPECT_EQ(out.shape, (Shape{2, 2}));
    EXPECT_EQ(out.values<int64_t>(), a.values<int64_t>()) << op_name(op);
  }
}

// Three inputs whose broadcast shape is larger than that of the first two.
TEST(ElementwiseVariadic, RandomThreeWayBroadcastAgainstReference) {
  const Shape sa{3, 1}, sb{1}, sc{2, 1, 4}, out{2, 3, 4};
  auto a = random_floats(sa.numel(), 1), b = random_floats(sb.numel(), 2);
  auto c = random_floats(sc.numel(), 3);
  auto inputs = std::vector<TestTensor>{make_tensor(sa, a), make_tensor(sb, b), make_tensor(sc, c)};
  struct Case {
    OpType op;
    float (*f)(float, float);
    float scale;
  };
  const Case cases[] = {
      {OpType::kMax, [](float x, float y) { return x > y ? x : y; }, 1.f},
      {OpType::kMin, [](float x, float y) { return x < y ? x : y; }, 1.f},
      {OpType::kSum, [](float x, float y) { return x + y; }, 1.f},
      {OpType::kMean, [](float x, float y) { return x + y; }, 1.f / 3},
  };
  for (const Case& k : cases) {
    auto result = run_kernel(k.op, {}, inputs);
    ASSERT_EQ(result[0].shape, out);
    std::vector<float> expected(out.numel());
    for (int64_t i = 0; i < out.numel(); ++i) {
      const float x = a[broadcast_source_index(out, sa, i)];
      const float y = b[broadcast_source_index(out, sb, i)];
      const float z = c[broadcast_source_index(out, sc, i)];
      expected[i] = k.f(k.f(x, y), z) * k.scale;
    }
    expect_near(result[0].values<float>(), expected, 1e-5f);
  }
}

TEST(ElementwiseVariadic, IntegersAndBadInput) {
  auto a = make_tensor<int32_t>({2}, {1, 7});
  auto b = make_tensor<int32_t>({2, 1}, {5, -5});
  EXPECT_EQ(run_kernel(OpType::kMax, {}, {a, b})[0].values<int32_t>(),
            (std::vector<int32_t>{5, 7, 1, 7}));
  EXPECT_EQ(run_kernel(OpType::kSum, {}, {a, b})[0].values<int32_t>(),
            (std::vector<int32_t>{6, 12, -4, 2}));
  EXPECT_EQ(kernel_status(OpType::kMean, {}, {a, b}).code(), StatusCode::kUnimplemented);
  auto f = make_tensor<float>({2}, {1, 2});
  EXPECT_EQ(kernel_status(OpType::kMax, {}, {a, f}).code(), StatusCode::kInvalidArgument);
  auto g = make_tensor<float>({3}, {1, 2, 3});
  EXPECT_EQ(kernel_status(OpType::kSum, {}, {f, g}).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(kernel_status(OpType::kSum, {}, {}).code(), StatusCode::kInvalidArgument);
}

TEST(Where, HandComputedAndEmpty) {
  auto cond = make_bool_tensor({2, 2}, {1, 0, 0, 1});
  auto x = make_tensor<float>({2, 2}, {1, 2, 3, 4});
  auto y = make_tensor<float>({}, {-1});
  EXPECT_EQ(run_kernel(OpType::kWhere, {}, {cond, x, y})[0].values<float>(),
            (std::vector<float>{1, -1, -1, 4}));
  auto row = make_tensor<float>({2}, {5, 6});
  auto empty = run_kernel(OpType::kWhere, {}, {make_bool_tensor({0, 2}, {}), row, y})[0];
  EXPECT_EQ(empty.shape, (Shape{0, 2}));
}

TEST(Where, AnyValueDTypeBroadcastsAgainstReference) {
  const Shape sc{3, 1}, sx{2, 1, 4}, sy{4}, out{2, 3, 4};
  std::vector<uint8_t> c = {1, 0, 1};
  auto x = random_values<int64_t>(sx.numel(), 4);
  auto y = random_values<int64_t>(sy.numel(), 5);
  auto result = run_kernel(OpType::kWhere, {},
                           {make_bool_tensor(sc, c), make_tensor(sx, x), make_tensor(sy, y)})[0];
  ASSERT_EQ(result.shape, out);
  ASSERT_EQ(result.dtype, DType::kI64);
  std::vector<int64_t> expected(out.numel());
  for (int64_t i = 0; i < out.numel(); ++i) {
    expected[i] = c[broadcast_source_index(out, sc, i)] ? x[broadcast_source_index(out, sx, i)]
                                                        : y[broadcast_source_index(out, sy, i)];
  }
  EXPECT_EQ(result.values<int64_t>(), expected);

  auto hx = TestTensor{DType::kF16, Shape{2}, {0x00, 0x3c, 0x00, 0x40}};  // 1.0, 2.0
  auto hy = TestTensor{DType::kF16, Shape{2}, {0x00, 0xbc, 0x00, 0xc0}};  // -1.0, -2.0
  auto half = run_kernel(OpType::kWhere, {}, {make_bool_tensor({2}, {0, 1}), hx, hy})[0];
  EXPECT_EQ(half.dtype, DType::kF16);
  EXPECT_EQ(half.bytes, (std::vector<uint8_t>{0x00, 0xbc, 0x00, 0x40}));
}

TEST(Where, RejectsBadInput) {
  auto x = make_tensor<float>({2}, {1, 2});
  auto i = make_tensor<int32_t>({2}, {1, 2});
  auto cond = make_bool_tensor({2}, {1, 0});
  EXPECT_EQ(kernel_status(OpType::kWhere, {}, {x, x, x}).code(), StatusCode::kUnimplemented);
  EXPECT_EQ(kernel_status(OpType::kWhere, {}, {cond, x, i}).code(), StatusCode::kInvalidArgument);
  auto three = make_tensor<float>({3}, {1, 2, 3});
  EXPECT_EQ(kernel_status(OpType::kWhere, {}, {cond, x, three}).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(kernel_status(OpType::kWhere, {}, {cond, x}).code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace edgeq::testing
