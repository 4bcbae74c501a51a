// Add, Sub, Mul, Div, Pow, Equal, Less, Greater and PRelu: hand-computed cases, random inputs over
// every broadcast case against the reference mapping, integer and bool dtypes, and bad input.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <type_traits>
#include <vector>

#include "tests/runtime/kernels/broadcast_reference.h"
#include "tests/runtime/kernels/elementwise_test_util.h"
#include "tests/runtime/kernels/kernel_test_util.h"

namespace edgeq::testing {
namespace {

// Runs `op` on random inputs for every broadcast case and compares with f through the reference.
// Out = bool means a DType::kBool output.
template <typename T, typename Out = T, typename F>
void check_random_broadcast(OpType op, F f, float rtol = 1e-6f) {
  uint32_t seed = 1;
  for (const auto& c : broadcast_cases()) {
    std::vector<T> a = random_values<T>(c.a.numel(), seed++);
    std::vector<T> b = random_values<T>(c.b.numel(), seed++);
    for (auto& v : b) {
      if (v == T{0}) v = T{3};  // keep integer division defined
    }
    auto out = run_kernel(op, {}, {make_tensor_or_empty(c.a, a), make_tensor_or_empty(c.b, b)});
    ASSERT_EQ(out.size(), 1u);
    ASSERT_EQ(out[0].shape, c.out) << op_name(op);
    ASSERT_EQ(out[0].dtype, dtype_of<Out>());
    using Stored = std::conditional_t<std::is_same_v<Out, bool>, uint8_t, Out>;
    if (c.out.numel() == 0) {
      EXPECT_TRUE(out[0].bytes.empty());
      continue;
    }
    std::vector<Stored> expected = reference_binary<Stored>(c.out, c.a, a, c.b, b, f);
    std::vector<Stored> actual = out[0].template values<Stored>();
    if constexpr (std::is_same_v<Out, float>) {
      expect_near(actual, expected, rtol);
    } else {
      EXPECT_EQ(actual, expected) << op_name(op) << " " << c.a.to_string() << " with "
                                  << c.b.to_string();
    }
  }
}

TEST(ElementwiseBinary, HandComputedF32) {
  auto a = make_tensor<float>({2, 2}, {1, 2, 3, 4});
  auto b = make_tensor<float>({2}, {10, 20});
  EXPECT_EQ(run_kernel(OpType::kAdd, {}, {a, b})[0].values<float>(),
            (std::vector<float>{11, 22, 13, 24}));
  EXPECT_EQ(run_kernel(OpType::kSub, {}, {a, b})[0].values<float>(),
            (std::vector<float>{-9, -18, -7, -16}));
  EXPECT_EQ(run_kernel(OpType::kMul, {}, {a, b})[0].values<float>(),
            (std::vector<float>{10, 40, 30, 80}));
  EXPECT_EQ(run_kernel(OpType::kDiv, {}, {b, a})[0].values<float>(),
            (std::vector<float>{10, 10, 10.f / 3, 5}));
  EXPECT_EQ(run_kernel(OpType::kPow, {}, {a, make_tensor<float>({}, {2})})[0].values<float>(),
            (std::vector<float>{1, 4, 9, 16}));
}

TEST(ElementwiseBinary, RandomF32AgainstReference) {
  check_random_broadcast<float>(OpType::kAdd, std::plus<float>());
  check_random_broadcast<float>(OpType::kSub, std::minus<float>());
  check_random_broadcast<float>(OpType::kMul, std::multiplies<float>());
  check_random_broadcast<float>(OpType::kDiv, std::divides<float>());
  check_random_broadcast<float, bool>(OpType::kEqual, std::equal_to<float>());
  check_random_broadcast<float, bool>(OpType::kLess, std::less<float>());
  check_random_broadcast<float, bool>(OpType::kGreater, std::greater<float>());
}

TEST(ElementwiseBinary, RandomIntegersAgainstReference) {
  check_random_broadcast<int32_t>(OpType::kAdd, std::plus<int32_t>());
  check_random_broadcast<int64_t>(OpType::kSub, std::minus<int64_t>());
  check_random_broadcast<int32_t>(OpType::kMul, std::multiplies<int32_t>());
  check_random_broadcast<int64_t>(OpType::kDiv, std::divides<int64_t>());
  check_random_broadcast<int32_t, bool>(OpType::kEqual, std::equal_to<int32_t>());
  check_random_broadcast<int64_t, bool>(OpType::kLess, std::less<int64_t>());
  check_random_broadcast<int32_t, bool>(OpType::kGreater, std::greater<int32_t>());
}

TEST(ElementwiseBinary, PowAgainstReference) {
  auto a = make_tensor({2, 1, 3}, random_floats(6, 3, 0.1f, 3.f));
  auto b = make_tensor({4, 1}, random_floats(4, 4, -2.f, 2.f));
  auto out = run_kernel(OpType::kPow, {}, {a, b});
  ASSERT_EQ(out[0].shape, (Shape{2, 4, 3}));
  auto expected =
      reference_binary<float>(Shape{2, 4, 3}, a.shape, a.values<float>(), b.shape,
                              b.values<float>(), [](float x, float y) { return std::pow(x, y); });
  expect_near(out[0].values<float>(), expected);
}

TEST(ElementwiseBinary, PowMixesDTypesAndKeepsTheBaseDType) {
  auto base = make_tensor<float>({3}, {2.f, 0.5f, -3.f});
  auto exponent = make_tensor<int64_t>({}, {3});
  auto f = run_kernel(OpType::kPow, {}, {base, exponent})[0];
  EXPECT_EQ(f.dtype, DType::kF32);
  EXPECT_EQ(f.values<float>(), (std::vector<float>{8.f, 0.125f, -27.f}));
  auto ints = make_tensor<int32_t>({3}, {2, -3, 10});
  auto squared = run_kernel(OpType::kPow, {}, {ints, make_tensor<int32_t>({1}, {2})})[0];
  EXPECT_EQ(squared.dtype, DType::kI32);
  EXPECT_EQ(squared.values<int32_t>(), (std::vector<int32_t>{4, 9, 100}));
  auto halves = run_kernel(OpType::kPow, {}, {ints, make_tensor<float>({}, {0.5f})})[0];
  EXPECT_EQ(halves.values<int32_t>(), (std::vector<int32_t>{1, 0, 3}));  // NaN becomes 0
  auto huge = run_kernel(OpType::kPow, {}, {ints, make_tensor<int64_t>({}, {40})})[0];
  EXPECT_EQ(huge.values<int32_t>()[2], std::numeric_limits<int32_t>::max());
}

TEST(ElementwiseBinary, IntegerDivisionTruncatesAndWraps) {
  auto a = make_tensor<int32_t>({5}, {7, -7, 7, -7, std::numeric_limits<int32_t>::lowest()});
  auto b = make_tensor<int32_t>({5}, {2, 2, -2, -2, -1});
  EXPECT_EQ(run_kernel(OpType::kDiv, {}, {a, b})[0].values<int32_t>(),
            (std::vector<int32_t>{3, -3, -3, 3, std::numeric_limits<int32_t>::lowest()}));
}

TEST(ElementwiseBinary, IntegerOverflowWraps) {
  const int64_t max = std::numeric_limits<int64_t>::max();
  auto a = make_tensor<int64_t>({2}, {max, max});
  auto b = make_tensor<int64_t>({2}, {1, 2});
  EXPECT_EQ(run_kernel(OpType::kAdd, {}, {a, b})[0].values<int64_t>(),
            (std::vector<int64_t>{std::numeric_limits<int64_t>::lowest(),
                                  std::numeric_limits<int64_t>::lowest() + 1}));
}

TEST(ElementwiseBinary, NarrowIntegersWrap) {
  auto a = make_tensor<uint8_t>({3}, {200, 10, 255});
  auto b = make_tensor<uint8_t>({}, {100});
  EXPECT_EQ(run_kernel(OpType::kAdd, {}, {a, b})[0].values<uint8_t>(),
            (std::vector<uint8_t>{44, 110, 99}));
  EXPECT_EQ(run_kernel(OpType::kSub, {}, {a, b})[0].values<uint8_t>(),
            (std::vector<uint8_t>{100, 166, 155}));
  EXPECT_EQ(run_kernel(OpType::kDiv, {}, {a, b})[0].values<uint8_t>(),
            (std::vector<uint8_t>{2, 0, 2}));
  auto c = make_tensor<int16_t>({2}, {300, -300});
  EXPECT_EQ(run_kernel(OpType::kMul, {}, {c, c})[0].values<int16_t>(),
            (std::vector<int16_t>{24464, 24464}));  // 90000 mod 2^16
  auto d = make_tensor<int8_t>({3}, {-128, 7, -7});
  auto e = make_tensor<int8_t>({3}, {-1, 2, 2});
  EXPECT_EQ(run_kernel(OpType::kDiv, {}, {d, e})[0].values<int8_t>(),
            (std::vector<int8_t>{-128, 3, -3}));
  EXPECT_EQ(run_kernel(OpType::kMax, {}, {d, e})[0].values<int8_t>(),
            (std::vector<int8_t>{-1, 7, 2}));
  EXPECT_EQ(run_kernel(OpType::kMin, {}, {d, e})[0].values<int8_t>(),
            (std::vector<int8_t>{-128, 2, -7}));
  EXPECT_EQ(kernel_status(OpType::kEqual, {}, {d, e}).code(), StatusCode::kUnimplemented);
}

TEST(ElementwiseBinary, IntegerDivisionByZeroIsAnError) {
  auto a = make_tensor<int64_t>({2}, {1, 2});
  auto b = make_tensor<int64_t>({2}, {1, 0});
  Status status = kernel_status(OpType::kDiv, {}, {a, b});
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("division by zero"), std::string::npos);
  // Float division by zero is IEEE: infinity.
  auto fa = make_tensor<float>({1}, {1});
  auto fb = make_tensor<float>({1}, {0});
  EXPECT_TRUE(std::isinf(run_kernel(OpType::kDiv, {}, {fa, fb})[0].values<float>()[0]));
}

TEST(ElementwiseBinary, ComparisonsWriteBool) {
  auto a = make_tensor<float>({3}, {1, 2, 3});
  auto b = make_tensor<float>({}, {2});
  auto eq = run_kernel(OpType::kEqual, {}, {a, b})[0];
  EXPECT_EQ(eq.dtype, DType::kBool);
  EXPECT_EQ(eq.values<uint8_t>(), (std::vector<uint8_t>{0, 1, 0}));
  EXPECT_EQ(run_kernel(OpType::kLess, {}, {a, b})[0].values<uint8_t>(),
            (std::vector<uint8_t>{1, 0, 0}));
  EXPECT_EQ(run_kernel(OpType::kGreater, {}, {a, b})[0].values<uint8_t>(),
            (std::vector<uint8_t>{0, 0, 1}));
  auto p = make_bool_tensor({4}, {1, 1, 0, 0});
  auto q = make_bool_tensor({4}, {1, 0, 1, 0});
  EXPECT_EQ(run_kernel(OpType::kEqual, {}, {p, q})[0].values<uint8_t>(),
            (std::vector<uint8_t>{1, 0, 0, 1}));
}

TEST(ElementwiseBinary, PReluSlopeBroadcastsToX) {
  auto x = make_tensor<float>({1, 2, 2}, {-1, 2, -3, 4});
  auto slope = make_tensor<float>({2, 1}, {0.5f, 0.25f});
  auto out = run_kernel(OpType::kPRelu, {}, {x, slope})[0];
  EXPECT_EQ(out.shape, (Shape{1, 2, 2}));
  EXPECT_EQ(out.values<float>(), (std::vector<float>{-0.5f, 2, -0.75f, 4}));
  // Random, per-channel slope over NCHW.
  auto big = make_tensor({2, 3, 4, 5}, random_floats(120, 9));
  auto channel = make_tensor({3, 1, 1}, random_floats(3, 10, 0.f, 1.f));
  auto expected = reference_binary<float>(big.shape, big.shape, big.values<float>(), channel.shape,
                                          channel.values<float>(),
                                          [](float v, float s) { return v < 0 ? s * v : v; });
  expect_near(run_kernel(OpType::kPRelu, {}, {big, channel})[0].values<float>(), expected);
  // The slope may not grow the output.
  EXPECT_EQ(kernel_status(OpType::kPRelu, {}, {slope, x}).code(), StatusCode::kInvalidArgument);
}

TEST(ElementwiseBinary, RejectsBadInput) {
  auto a = make_tensor<float>({2, 3}, std::vector<float>(6, 1.f));
  auto b = make_tensor<float>({4}, std::vector<float>(4, 1.f));
  Status shapes = kernel_status(OpType::kAdd, {}, {a, b});
  EXPECT_EQ(shapes.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(shapes.message().find("[2, 3] and [4]"), std::string::npos) << shapes.message();

  auto i = make_tensor<int32_t>({2, 3}, std::vector<int32_t>(6, 1));
  Status mixed = kernel_status(OpType::kMul, {}, {a, i});
  EXPECT_EQ(mixed.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(mixed.message().find("f32 and i32"), std::string::npos) << mixed.message();

  TestTensor half{DType::kF16, Shape{2}, std::vector<uint8_t>(4)};
  Status f16 = kernel_status(OpType::kAdd, {}, {half, half});
  EXPECT_EQ(f16.code(), StatusCode::kUnimplemented);
  EXPECT_EQ(f16.message(), "Add: dtype f16 is not supported");

  auto flag = make_bool_tensor({1}, {1});
  EXPECT_EQ(kernel_status(OpType::kAdd, {}, {flag, flag}).code(), StatusCode::kUnimplemented);
  EXPECT_EQ(kernel_status(OpType::kPow, {}, {a, flag}).code(), StatusCode::kUnimplemented);
  EXPECT_EQ(kernel_status(OpType::kAdd, {}, {a}).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(kernel_status(OpType::kAdd, {}, {a, TestTensor{}}).code(),
            StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace edgeq::testing
