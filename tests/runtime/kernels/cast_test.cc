// Cast between f32, f16, i8, u8, i16, i32, i64 and bool: truncation toward zero, saturation, fp16
// rounding, bool in and out, and bad attributes.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "tests/runtime/kernels/elementwise_test_util.h"
#include "tests/runtime/kernels/kernel_test_util.h"

namespace edgeq::testing {
namespace {

Attributes to(const std::string& dtype) {
  Attributes attrs;
  attrs.set("to", dtype);
  return attrs;
}

TEST(Cast, FloatToIntegersTruncatesTowardZero) {
  auto x = make_tensor<float>({6}, {-2.7f, -0.5f, 0.f, 0.5f, 2.7f, 100.9f});
  auto i32 = run_kernel(OpType::kCast, to("i32"), {x})[0];
  EXPECT_EQ(i32.dtype, DType::kI32);
  EXPECT_EQ(i32.values<int32_t>(), (std::vector<int32_t>{-2, 0, 0, 0, 2, 100}));
  EXPECT_EQ(run_kernel(OpType::kCast, to("i64"), {x})[0].values<int64_t>(),
            (std::vector<int64_t>{-2, 0, 0, 0, 2, 100}));
  EXPECT_EQ(run_kernel(OpType::kCast, to("i16"), {x})[0].values<int16_t>(),
            (std::vector<int16_t>{-2, 0, 0, 0, 2, 100}));
}

TEST(Cast, OutOfRangeSaturatesAndNanIsZero) {
  const float inf = std::numeric_limits<float>::infinity();
  auto x = make_tensor<float>({5}, {-1000.f, 1000.f, std::nanf(""), inf, -inf});
  EXPECT_EQ(run_kernel(OpType::kCast, to("i8"), {x})[0].values<int8_t>(),
            (std::vector<int8_t>{-128, 127, 0, 127, -128}));
  EXPECT_EQ(run_kernel(OpType::kCast, to("u8"), {x})[0].values<uint8_t>(),
            (std::vector<uint8_t>{0, 255, 0, 255, 0}));
  auto big = make_tensor<float>({2}, {3e9f, -3e9f});
  EXPECT_EQ(run_kernel(OpType::kCast, to("i32"), {big})[0].values<int32_t>(),
            (std::vector<int32_t>{std::numeric_limits<int32_t>::max(),
                                  std::numeric_limits<int32_t>::lowest()}));
}

TEST(Cast, HalfRoundTripsAndRounds) {
  auto x = make_tensor<float>({4}, {1.f, -2.5f, 65504.f, 1.f / 3});
  auto half = run_kernel(OpType::kCast, to("f16"), {x})[0];
  EXPECT_EQ(half.dtype, DType::kF16);
  auto bits = half.values<uint16_t>();
  EXPECT_EQ(bits[0], 0x3c00);
  EXPECT_EQ(bits[1], 0xc100);
  EXPECT_EQ(bits[2], 0x7bff);
  auto back = run_kernel(OpType::kCast, to("f32"), {half})[0].values<float>();
  EXPECT_EQ(back[0], 1.f);
  EXPECT_EQ(back[1], -2.5f);
  EXPECT_NEAR(back[3], 1.f / 3, 1e-3f);
  EXPECT_EQ(run_kernel(OpType::kCast, to("i32"), {half})[0].values<int32_t>(),
            (std::vector<int32_t>{1, -2, 65504, 0}));
  auto from_int = run_kernel(OpType::kCast, to("f16"), {make_tensor<int64_t>({1}, {-3})})[0];
  EXPECT_EQ(from_int.values<uint16_t>(), (std::vector<uint16_t>{0xc200}));
}

TEST(Cast, BoolInAndOut) {
  auto x = make_tensor<float>({4}, {0.f, -0.f, 0.1f, -7.f});
  auto b = run_kernel(OpType::kCast, to("bool"), {x})[0];
  EXPECT_EQ(b.dtype, DType::kBool);
  EXPECT_EQ(b.values<uint8_t>(), (std::vector<uint8_t>{0, 0, 1, 1}));
  auto ints = make_tensor<int64_t>({3}, {0, 5, -1});
  EXPECT_EQ(run_kernel(OpType::kCast, to("bool"), {ints})[0].values<uint8_t>(),
            (std::vector<uint8_t>{0, 1, 1}));
  auto flags = make_bool_tensor({2}, {1, 0});
  EXPECT_EQ(run_kernel(OpType::kCast, to("f32"), {flags})[0].values<float>(),
            (std::vector<float>{1.f, 0.f}));
  EXPECT_EQ(run_kernel(OpType::kCast, to("i64"), {flags})[0].values<int64_t>(),
            (std::vector<int64_t>{1, 0}));
}

TEST(Cast, IntegersConvertLikeC) {
  auto x = make_tensor<int64_t>({3}, {300, -1, 16777217});
  EXPECT_EQ(run_kernel(OpType::kCast, to("u8"), {x})[0].values<uint8_t>(),
            (std::vector<uint8_t>{44, 255, 1}));
  EXPECT_EQ(run_kernel(OpType::kCast, to("f32"), {x})[0].values<float>(),
            (std::vector<float>{300.f, -1.f, 16777216.f}));
  auto same = run_kernel(OpType::kCast, to("i64"), {x})[0];
  EXPECT_EQ(same.values<int64_t>(), x.values<int64_t>());
  auto empty = run_kernel(OpType::kCast, to("i8"), {make_tensor_or_empty<float>({0, 3}, {})})[0];
  EXPECT_EQ(empty.shape, (Shape{0, 3}));
}

TEST(Cast, RejectsBadAttributesAndDTypes) {
  auto x = make_tensor<float>({1}, {1.f});
  EXPECT_EQ(kernel_status(OpType::kCast, {}, {x}).code(), StatusCode::kInvalidArgument);
  Status unknown = kernel_status(OpType::kCast, to("f128"), {x});
  EXPECT_EQ(unknown.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(unknown.message().find("f128"), std::string::npos);
  Attributes numeric;
  numeric.set("to", int64_t{1});
  EXPECT_EQ(kernel_status(OpType::kCast, numeric, {x}).code(), StatusCode::kInvalidArgument);
  Status i4 = kernel_status(OpType::kCast, to("i4"), {x});
  EXPECT_EQ(i4.code(), StatusCode::kUnimplemented);
  EXPECT_EQ(i4.message(), "Cast: dtype i4 is not supported");
}

}  // namespace
}  // namespace edgeq::testing
