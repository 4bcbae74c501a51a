// GreaterOrEqual, LessOrEqual, And, Or, Xor and Mod: broadcast random inputs against the
// per-element reference, hand-checked Mod signs (fmod 0 and 1, integer and float), and bad input.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "tests/runtime/kernels/broadcast_reference.h"
#include "tests/runtime/kernels/elementwise_test_util.h"
#include "tests/runtime/kernels/kernel_test_util.h"

namespace edgeq::testing {
namespace {

// Random bool bytes.
std::vector<uint8_t> random_bools(int64_t count, uint32_t seed) {
  std::vector<float> f = random_floats(count, seed);
  std::vector<uint8_t> out(f.size());
  for (size_t i = 0; i < f.size(); ++i) out[i] = f[i] > 0.f ? 1 : 0;
  return out;
}

template <typename T, typename F>
void check_comparison(OpType op, F f) {
  uint32_t seed = 1;
  for (const BroadcastCase& c : broadcast_cases()) {
    // Few distinct values, so that equal pairs occur.
    auto a = random_values<T>(c.a.numel(), seed++, -3, 3);
    auto b = random_values<T>(c.b.numel(), seed++, -3, 3);
    auto out = run_kernel(op, {}, {make_tensor_or_empty(c.a, a), make_tensor_or_empty(c.b, b)});
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].dtype, DType::kBool);
    EXPECT_EQ(out[0].shape, c.out) << op_name(op);
    auto expected = reference_binary<uint8_t>(c.out, c.a, a, c.b, b,
                                              [&](T x, T y) -> uint8_t { return f(x, y); });
    EXPECT_EQ(out[0].template values<uint8_t>(), expected)
        << op_name(op) << " " << c.a.to_string() << " " << c.b.to_string();
  }
}

TEST(Comparisons, GreaterOrEqualAndLessOrEqualAgainstReference) {
  const auto ge = [](auto x, auto y) { return x >= y; };
  const auto le = [](auto x, auto y) { return x <= y; };
  check_comparison<float>(OpType::kGreaterOrEqual, ge);
  check_comparison<int32_t>(OpType::kGreaterOrEqual, ge);
  check_comparison<int64_t>(OpType::kGreaterOrEqual, ge);
  check_comparison<float>(OpType::kLessOrEqual, le);
  check_comparison<int64_t>(OpType::kLessOrEqual, le);
}

TEST(Comparisons, HandChecked) {
  auto a = make_tensor<float>({3}, {1.f, 2.f, 3.f});
  auto b = make_tensor<float>({}, {2.f});
  EXPECT_EQ(run_kernel(OpType::kGreaterOrEqual, {}, {a, b})[0].values<uint8_t>(),
            (std::vector<uint8_t>{0, 1, 1}));
  EXPECT_EQ(run_kernel(OpType::kLessOrEqual, {}, {a, b})[0].values<uint8_t>(),
            (std::vector<uint8_t>{1, 1, 0}));
}

TEST(Logical, AndOrXorAgainstReference) {
  struct Op {
    OpType op;
    uint8_t (*f)(uint8_t, uint8_t);
  };
  const Op ops[] = {
      {OpType::kAnd, [](uint8_t x, uint8_t y) -> uint8_t { return x && y; }},
      {OpType::kOr, [](uint8_t x, uint8_t y) -> uint8_t { return x || y; }},
      {OpType::kXor, [](uint8_t x, uint8_t y) -> uint8_t { return x != y; }},
  };
  uint32_t seed = 100;
  for (const Op& op : ops) {
    for (const BroadcastCase& c : broadcast_cases()) {
      auto a = random_bools(c.a.numel(), seed++);
      auto b = random_bools(c.b.numel(), seed++);
      auto out = run_kernel(op.op, {}, {make_bool_tensor(c.a, a), make_bool_tensor(c.b, b)});
      ASSERT_EQ(out.size(), 1u);
      EXPECT_EQ(out[0].dtype, DType::kBool);
      EXPECT_EQ(out[0].values<uint8_t>(), reference_binary<uint8_t>(c.out, c.a, a, c.b, b, op.f))
          << op_name(op.op) << " " << c.a.to_string() << " " << c.b.to_string();
    }
  }
}

TEST(Logical, TruthTable) {
  auto a = make_bool_tensor({4}, {0, 0, 1, 1});
  auto b = make_bool_tensor({4}, {0, 1, 0, 1});
  EXPECT_EQ(run_kernel(OpType::kAnd, {}, {a, b})[0].values<uint8_t>(),
            (std::vector<uint8_t>{0, 0, 0, 1}));
  EXPECT_EQ(run_kernel(OpType::kOr, {}, {a, b})[0].values<uint8_t>(),
            (std::vector<uint8_t>{0, 1, 1, 1}));
  EXPECT_EQ(run_kernel(OpType::kXor, {}, {a, b})[0].values<uint8_t>(),
            (std::vector<uint8_t>{0, 1, 1, 0}));
}

Attributes fmod_attrs(int64_t fmod) {
  Attributes attrs;
  attrs.set("fmod", fmod);
  return attrs;
}

TEST(Mod, IntegerSignFollowsDivisorOrDividend) {
  auto a = make_tensor<int32_t>({6}, {7, -7, 7, -7, 6, 0});
  auto b = make_tensor<int32_t>({6}, {3, 3, -3, -3, 3, 5});
  // fmod = 0: Python's %, the divisor's sign.
  EXPECT_EQ(run_kernel(OpType::kMod, {}, {a, b})[0].values<int32_t>(),
            (std::vector<int32_t>{1, 2, -2, -1, 0, 0}));
  // fmod = 1: C's remainder, the dividend's sign.
  EXPECT_EQ(run_kernel(OpType::kMod, fmod_attrs(1), {a, b})[0].values<int32_t>(),
            (std::vector<int32_t>{1, -1, 1, -1, 0, 0}));
  const int64_t lowest = std::numeric_limits<int64_t>::lowest();
  auto c = make_tensor<int64_t>({2}, {lowest, -9});
  auto d = make_tensor<int64_t>({2}, {-1, 4});
  EXPECT_EQ(run_kernel(OpType::kMod, {}, {c, d})[0].values<int64_t>(),
            (std::vector<int64_t>{0, 3}));
  auto e = make_tensor<int8_t>({2}, {-128, 100});
  auto f = make_tensor<int8_t>({2}, {7, -7});
  EXPECT_EQ(run_kernel(OpType::kMod, {}, {e, f})[0].values<int8_t>(), (std::vector<int8_t>{5, -5}));
}

TEST(Mod, FloatAgainstReference) {
  auto a = random_floats(24, 5, -10, 10);
  auto b = random_floats(4, 6, 0.5f, 3);
  for (float& v : b) v = -v;  // a negative divisor: fmod 0 and 1 differ wherever a > 0
  for (int64_t fmod : {0, 1}) {
    auto out =
        run_kernel(OpType::kMod, fmod_attrs(fmod), {make_tensor({6, 4}, a), make_tensor({4}, b)});
    ASSERT_EQ(out.size(), 1u);
    auto expected = reference_binary<float>({6, 4}, {6, 4}, a, {4}, b, [&](float x, float y) {
      const float r = std::fmod(x, y);
      return (fmod || r == 0 || (r < 0) == (y < 0)) ? r : r + y;
    });
    expect_near(out[0].values<float>(), expected);
  }
  auto hand =
      run_kernel(OpType::kMod, fmod_attrs(1),
                 {make_tensor<float>({2}, {-4.3f, 7.5f}), make_tensor<float>({2}, {2.f, -2.f})});
  expect_near(hand[0].values<float>(), {-0.3f, 1.5f});
}

TEST(LogicalAndMod, BadInput) {
  auto f = make_tensor<float>({2}, {1.f, 2.f});
  auto i = make_tensor<int32_t>({2}, {1, 0});
  EXPECT_EQ(kernel_status(OpType::kAnd, {}, {f, f}).code(), StatusCode::kUnimplemented);
  EXPECT_EQ(kernel_status(OpType::kGreaterOrEqual, {}, {f, i}).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(kernel_status(OpType::kLessOrEqual, {}, {f, make_tensor<float>({3}, {1, 2, 3})}).code(),
            StatusCode::kInvalidArgument);
  Status zero = kernel_status(OpType::kMod, {}, {i, i});
  EXPECT_EQ(zero.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(zero.to_string().find("division by zero"), std::string::npos) << zero.to_string();
}

}  // namespace
}  // namespace edgeq::testing
