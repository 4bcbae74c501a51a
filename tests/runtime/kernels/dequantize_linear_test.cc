#include <random>

#include "tests/runtime/kernels/movement_test_util.h"

namespace edgeq::testing {
namespace {

TestTensor scalar_f32(float value) { return make_tensor<float>(Shape(), {value}); }

TestTensor pack_int4(const Shape& shape, const std::vector<int8_t>& values) {
  TestTensor t{DType::kI4, shape, std::vector<uint8_t>((values.size() + 1) / 2)};
  for (size_t i = 0; i < values.size(); ++i) int4_set(t.bytes.data(), i, values[i]);
  return t;
}

TEST(DequantizeLinearTest, HandCheckedPerTensor) {
  auto u8 = run_kernel(OpType::kDequantizeLinear, Attributes(),
                       {make_tensor<uint8_t>(Shape{3}, {0, 128, 255}), scalar_f32(0.5f),
                        make_tensor<uint8_t>(Shape(), {128})});
  auto i32 = run_kernel(OpType::kDequantizeLinear, Attributes(),
                        {make_tensor<int32_t>(Shape{2}, {-1000, 123456}), scalar_f32(0.25f)});
  auto i16 = run_kernel(OpType::kDequantizeLinear, Attributes(),
                        {make_tensor<int16_t>(Shape{2}, {-32768, 32767}), scalar_f32(2.f),
                         make_tensor<int16_t>(Shape(), {-1})});
  ASSERT_EQ(u8.size(), 1u);
  ASSERT_EQ(i32.size(), 1u);
  ASSERT_EQ(i16.size(), 1u);
  EXPECT_EQ(u8[0].dtype, DType::kF32);
  EXPECT_EQ(u8[0].values<float>(), (std::vector<float>{-64.f, 0.f, 63.5f}));
  EXPECT_EQ(i32[0].values<float>(), (std::vector<float>{-250.f, 30864.f}));
  EXPECT_EQ(i16[0].values<float>(), (std::vector<float>{-65534.f, 65536.f}));
}

TEST(DequantizeLinearTest, PerAxisOnAxis0And1) {
  TestTensor x = make_tensor<int8_t>(Shape{2, 3}, {1, 2, 3, 4, 5, 6});
  auto axis0 = run_kernel(
      OpType::kDequantizeLinear, attrs_of({{"axis", int64_t{0}}}),
      {x, make_tensor<float>(Shape{2}, {1.f, 2.f}), make_tensor<int8_t>(Shape{2}, {0, 4})});
  auto axis1 = run_kernel(OpType::kDequantizeLinear, Attributes(),
                          {x, make_tensor<float>(Shape{3}, {1.f, 0.5f, 0.25f})});
  ASSERT_EQ(axis0.size(), 1u);
  ASSERT_EQ(axis1.size(), 1u);
  EXPECT_EQ(axis0[0].values<float>(), (std::vector<float>{1, 2, 3, 0, 2, 4}));
  EXPECT_EQ(axis1[0].values<float>(), (std::vector<float>{1, 1, 0.75f, 4, 2.5f, 1.5f}));
}

TEST(DequantizeLinearTest, BlockedInt4AlongAxis0) {
  // Group-wise int4 weights: x [4, 2], blocks of 2 along axis 0 -> scale [2, 2].
  TestTensor x = pack_int4(Shape{4, 2}, {-8, 7, 1, -1, 3, 2, -4, 0});
  TestTensor scale = make_tensor<float>(Shape{2, 2}, {1.f, 2.f, 0.5f, 4.f});
  TestTensor zero_point = pack_int4(Shape{2, 2}, {0, 1, -2, 0});
  auto out = run_kernel(OpType::kDequantizeLinear,
                        attrs_of({{"axis", int64_t{0}}, {"block_size", int64_t{2}}}),
                        {x, scale, zero_point});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].values<float>(), (std::vector<float>{-8, 12, 1, -4, 2.5f, 8, -1, 0}));
}

TEST(DequantizeLinearTest, QuantizeDequantizeRoundTripsWithinHalfAStep) {
  const Shape shape{3, 4, 5};
  std::vector<float> x = random_floats(shape.numel(), 5, -2.f, 2.f);
  TestTensor scale = make_tensor<float>(Shape{4}, {0.01f, 0.02f, 0.03f, 0.3f});
  for (DType dtype : {DType::kU8, DType::kI8, DType::kI16, DType::kI4}) {
    TestTensor zero_point;
    if (dtype == DType::kU8) zero_point = make_tensor<uint8_t>(Shape{4}, {128, 128, 128, 128});
    if (dtype == DType::kI8) zero_point = make_tensor<int8_t>(Shape{4}, {0, 0, 0, 0});
    if (dtype == DType::kI16) zero_point = make_tensor<int16_t>(Shape{4}, {0, 0, 0, 0});
    if (dtype == DType::kI4) zero_point = pack_int4(Shape{4}, {0, 0, 0, 0});
    auto q = run_kernel(OpType::kQuantizeLinear, Attributes(),
                        {make_tensor<float>(shape, x), scale, zero_point});
    ASSERT_EQ(q.size(), 1u);
    ASSERT_EQ(q[0].dtype, dtype);
    auto dq = run_kernel(OpType::kDequantizeLinear, Attributes(), {q[0], scale, zero_point});
    ASSERT_EQ(dq.size(), 1u);
    std::vector<float> y = dq[0].values<float>();
    const std::vector<float> s = scale.values<float>();
    for (int64_t i = 0; i < shape.numel(); ++i) {
      const float step = s[(i / 5) % 4];
      const float limit = dtype == DType::kI4 ? 7 * step : 127 * step;  // inside the range
      if (std::fabs(x[i]) > limit) continue;
      ASSERT_LE(std::fabs(y[i] - x[i]), 0.5f * step * 1.0001f)
          << dtype_name(dtype) << " element " << i;
    }
  }
}

TEST(DequantizeLinearTest, RejectsBadInput) {
  TestTensor x = make_tensor<int8_t>(Shape{2}, {1, 2});
  expect_error(kernel_status(OpType::kDequantizeLinear, Attributes(),
                             {x, scalar_f32(1.f), make_tensor<uint8_t>(Shape(), {0})}),
               StatusCode::kInvalidArgument, "zero point dtype u8 differs from input dtype i8");
  expect_error(kernel_status(OpType::kDequantizeLinear, Attributes(),
                             {make_tensor<float>(Shape{1}, {1}), scalar_f32(1.f)}),
               StatusCode::kUnimplemented, "input dtype f32");
  expect_error(kernel_status(OpType::kDequantizeLinear, attrs_of({{"axis", int64_t{0}}}),
                             {x, make_tensor<float>(Shape{3}, {1, 1, 1})}),
               StatusCode::kInvalidArgument, "per-axis scale shape [3] must be [2]");
}

}  // namespace
}  // namespace edgeq::testing
