#include <cmath>
#include <limits>

#include "tests/runtime/kernels/movement_test_util.h"

namespace edgeq::testing {
namespace {

TestTensor scalar_f32(float value) { return make_tensor<float>(Shape(), {value}); }

std::vector<int8_t> unpack_int4(const TestTensor& t) {
  std::vector<int8_t> values(static_cast<size_t>(t.shape.numel()));
  for (size_t i = 0; i < values.size(); ++i) values[i] = int4_get(t.bytes.data(), i);
  return values;
}

TEST(QuantizeLinearTest, TiesRoundToEven) {
  auto out = run_kernel(
      OpType::kQuantizeLinear, Attributes(),
      {make_tensor<float>(Shape{8}, {0.5f, 1.5f, 2.5f, 3.5f, -0.5f, -1.5f, -2.5f, 2.4999998f}),
       scalar_f32(1.f), make_tensor<int8_t>(Shape(), {0})});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].dtype, DType::kI8);
  EXPECT_EQ(out[0].values<int8_t>(), (std::vector<int8_t>{0, 2, 2, 4, 0, -2, -2, 2}));
}

TEST(QuantizeLinearTest, SaturatesAtBothEndsAndDefaultsToU8) {
  const float inf = std::numeric_limits<float>::infinity();
  TestTensor x = make_tensor<float>(Shape{6}, {-1000.f, 1000.f, 127.f, -128.f, inf, -inf});
  auto u8 = run_kernel(OpType::kQuantizeLinear, Attributes(),
                       {x, scalar_f32(1.f), make_tensor<uint8_t>(Shape(), {128})});
  auto i8 = run_kernel(OpType::kQuantizeLinear, Attributes(),
                       {x, scalar_f32(1.f), make_tensor<int8_t>(Shape(), {0})});
  auto i16 = run_kernel(OpType::kQuantizeLinear, Attributes(),
                        {x, scalar_f32(0.01f), make_tensor<int16_t>(Shape(), {-5})});
  auto no_zero_point = run_kernel(OpType::kQuantizeLinear, Attributes(), {x, scalar_f32(1.f)});
  ASSERT_EQ(u8.size(), 1u);
  ASSERT_EQ(i8.size(), 1u);
  ASSERT_EQ(i16.size(), 1u);
  ASSERT_EQ(no_zero_point.size(), 1u);
  EXPECT_EQ(u8[0].values<uint8_t>(), (std::vector<uint8_t>{0, 255, 255, 0, 255, 0}));
  EXPECT_EQ(i8[0].values<int8_t>(), (std::vector<int8_t>{-128, 127, 127, -128, 127, -128}));
  EXPECT_EQ(i16[0].values<int16_t>(),
            (std::vector<int16_t>{-32768, 32767, 12695, -12805, 32767, -32768}));
  EXPECT_EQ(no_zero_point[0].dtype, DType::kU8);
  EXPECT_EQ(no_zero_point[0].values<uint8_t>(), (std::vector<uint8_t>{0, 255, 127, 0, 255, 0}));
}

TEST(QuantizeLinearTest, NanMapsToZeroPoint) {
  auto out = run_kernel(OpType::kQuantizeLinear, Attributes(),
                        {make_tensor<float>(Shape{2}, {std::nanf(""), 1.f}), scalar_f32(0.5f),
                         make_tensor<uint8_t>(Shape(), {77})});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].values<uint8_t>(), (std::vector<uint8_t>{77, 79}));
}

TEST(QuantizeLinearTest, DividesByScaleExactlyAsOnnx) {
  // Values next to rounding ties, where x / scale and x * (1 / scale) can round apart.
  int reciprocal_would_differ = 0;
  for (float scale : {0.0123f, 0.1f, 0.3f, 0.07f, 0.0173f}) {
    std::vector<float> x;
    for (int k = -120; k < 120; ++k) {
      const float tie = (static_cast<float>(k) + 0.5f) * scale;
      x.insert(x.end(), {tie, std::nextafter(tie, 0.f), std::nextafter(tie, 1e9f)});
    }
    const auto n = static_cast<int64_t>(x.size());
    auto out = run_kernel(
        OpType::kQuantizeLinear, Attributes(),
        {make_tensor<float>(Shape{n}, x), scalar_f32(scale), make_tensor<int8_t>(Shape(), {3})});
    ASSERT_EQ(out.size(), 1u);
    std::vector<int8_t> y = out[0].values<int8_t>();
    for (size_t i = 0; i < x.size(); ++i) {
      const float divided = std::nearbyint(x[i] / scale);
      reciprocal_would_differ += divided != std::nearbyint(x[i] * (1.f / scale));
      ASSERT_EQ(y[i], static_cast<int8_t>(std::clamp(divided + 3.f, -128.f, 127.f))) << x[i];
    }
  }
  EXPECT_GT(reciprocal_would_differ, 0) << "the data cannot tell division from reciprocal";
}

TEST(QuantizeLinearTest, PerAxisOnAxis0And1) {
  TestTensor x = make_tensor<float>(Shape{2, 3}, {1, 2, 3, 4, 5, 6});
  auto axis0 = run_kernel(
      OpType::kQuantizeLinear, attrs_of({{"axis", int64_t{0}}}),
      {x, make_tensor<float>(Shape{2}, {1.f, 2.f}), make_tensor<int8_t>(Shape{2}, {0, 10})});
  auto axis1 = run_kernel(OpType::kQuantizeLinear, Attributes(),  // default axis 1
                          {x, make_tensor<float>(Shape{3}, {1.f, 2.f, 4.f}),
                           make_tensor<uint8_t>(Shape{3}, {0, 1, 2})});
  auto negative = run_kernel(
      OpType::kQuantizeLinear, attrs_of({{"axis", int64_t{-2}}}),
      {x, make_tensor<float>(Shape{2}, {1.f, 2.f}), make_tensor<int8_t>(Shape{2}, {0, 10})});
  ASSERT_EQ(axis0.size(), 1u);
  ASSERT_EQ(axis1.size(), 1u);
  ASSERT_EQ(negative.size(), 1u);
  EXPECT_EQ(axis0[0].values<int8_t>(), (std::vector<int8_t>{1, 2, 3, 12, 12, 13}));
  EXPECT_EQ(axis1[0].values<uint8_t>(), (std::vector<uint8_t>{1, 2, 3, 4, 3, 4}));
  EXPECT_EQ(negative[0].bytes, axis0[0].bytes);
}

TEST(QuantizeLinearTest, BlockedAlongAxis) {
  // x [2, 5], blocks of 2 along axis 1 -> scale [2, 3]; the last block is short.
  TestTensor x = make_tensor<float>(Shape{2, 5}, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
  TestTensor scale = make_tensor<float>(Shape{2, 3}, {1, 2, 4, 1, 0.5f, 0.25f});
  TestTensor zero_point = make_tensor<int8_t>(Shape{2, 3}, {0, 0, 0, 1, 2, 3});
  auto out = run_kernel(OpType::kQuantizeLinear,
                        attrs_of({{"axis", int64_t{1}}, {"block_size", int64_t{2}}}),
                        {x, scale, zero_point});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].values<int8_t>(), (std::vector<int8_t>{1, 2, 2, 2, 1, 7, 8, 18, 20, 43}));
}

TEST(QuantizeLinearTest, Int4OutputIsPackedAndSaturates) {
  TestTensor x = make_tensor<float>(Shape{5}, {-20.f, -8.f, 0.4f, 7.f, 30.f});
  TestTensor zero_point{DType::kI4, Shape(), {0x01}};  // zero point 1
  auto out = run_kernel(OpType::kQuantizeLinear, Attributes(), {x, scalar_f32(1.f), zero_point});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].dtype, DType::kI4);
  ASSERT_EQ(out[0].bytes.size(), 3u);
  EXPECT_EQ(unpack_int4(out[0]), (std::vector<int8_t>{-8, -7, 1, 7, 7}));
  EXPECT_EQ(out[0].bytes[2] & 0xF0, 0) << "the unused last nibble is cleared";
}

TEST(QuantizeLinearTest, RejectsBadParameters) {
  TestTensor x = make_tensor<float>(Shape{2, 3}, {1, 2, 3, 4, 5, 6});
  expect_error(kernel_status(OpType::kQuantizeLinear, Attributes(),
                             {x, make_tensor<float>(Shape{2}, {1, 1})}),
               StatusCode::kInvalidArgument, "per-axis scale shape [2] must be [3]");
  expect_error(kernel_status(OpType::kQuantizeLinear, attrs_of({{"axis", int64_t{2}}}),
                             {x, make_tensor<float>(Shape{3}, {1, 1, 1})}),
               StatusCode::kInvalidArgument, "axis 2 is out of range");
  expect_error(kernel_status(OpType::kQuantizeLinear, Attributes(),
                             {x, make_tensor<float>(Shape{3}, {1, 1, 1}),
                              make_tensor<int8_t>(Shape{1}, {0})}),
               StatusCode::kInvalidArgument, "zero point shape [1] differs");
  expect_error(kernel_status(OpType::kQuantizeLinear,
                             attrs_of({{"axis", int64_t{1}}, {"block_size", int64_t{2}}}),
                             {x, make_tensor<float>(Shape{2, 3}, {1, 1, 1, 1, 1, 1})}),
               StatusCode::kInvalidArgument, "blocked scale shape [2, 3] must be [2, 2]");
  expect_error(kernel_status(OpType::kQuantizeLinear, Attributes(),
                             {x, scalar_f32(1.f), make_tensor<int32_t>(Shape(), {0})}),
               StatusCode::kUnimplemented, "output dtype i32");
  expect_error(kernel_status(OpType::kQuantizeLinear, Attributes(),
                             {make_tensor<int32_t>(Shape{1}, {1}), scalar_f32(1.f)}),
               StatusCode::kUnimplemented, "input dtype i32");
}

}  // namespace
}  // namespace edgeq::testing
