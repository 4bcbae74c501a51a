// Weight quantization: known values, round trips, and the runtime's QuantizeLinear /
// DequantizeLinear kernels as the reference for the parameter layout.
#include "quantizer/weight_quantization.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>

#include "quantizer/observers/observer.h"
#include "runtime/kernels/kernel.h"

namespace edgeq::quantizer {
namespace {

using ::testing::HasSubstr;

TensorView view_of(const std::vector<float>& data, const Shape& shape) {
  return TensorView(DType::kF32, shape, static_cast<const void*>(data.data()));
}

QuantParams per_tensor(DType dtype, float scale, int32_t zero_point, int32_t qmin, int32_t qmax) {
  QuantParams params;
  params.dtype = dtype;
  params.scales = {scale};
  params.zero_points = {zero_point};
  params.quant_min = qmin;
  params.quant_max = qmax;
  return params;
}

std::vector<uint8_t> quantize(const std::vector<float>& data, const Shape& shape,
                              const QuantParams& params) {
  Result<std::vector<uint8_t>> bytes = quantize_weights(view_of(data, shape), params, "w");
  EXPECT_TRUE(bytes.ok()) << bytes.status().to_string();
  return bytes.ok() ? *bytes : std::vector<uint8_t>();
}

std::vector<float> dequantize(const std::vector<uint8_t>& bytes, const Shape& shape,
                              const QuantParams& params) {
  Result<std::vector<float>> values = dequantize_weights(
      TensorView(params.dtype, shape, static_cast<const void*>(bytes.data())), params, "w");
  EXPECT_TRUE(values.ok()) << values.status().to_string();
  return values.ok() ? *values : std::vector<float>();
}

std::vector<float> random_weights(size_t count, uint32_t seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> normal(0.0f, 0.5f);
  std::vector<float> data(count);
  for (float& x : data) x = normal(rng);
  return data;
}

QuantParams observed_params(const std::vector<float>& data, const Shape& shape, ObserverKind kind,
                            int axis, int group_size, const QuantRangeSpec& spec) {
  ObserverOptions options;
  options.name = "w";
  options.axis = axis;
  options.group_size = group_size;
  auto observer = make_observer(kind, options);
  EXPECT_TRUE(observer.ok());
  EXPECT_TRUE((*observer)->observe(view_of(data, shape)).ok());
  Result<QuantParams> params = (*observer)->compute(spec);
  EXPECT_TRUE(params.ok()) << params.status().to_string();
  return *params;
}

TEST(QuantizeWeights, Int8PerTensorKnownValuesAndNarrowClamp) {
  const QuantParams params = per_tensor(DType::kI8, 0.01f, 0, -127, 127);
  const std::vector<float> w = {-1.27f, 0.0f, 0.5f, 1.27f, -100.0f, 100.0f};
  const std::vector<uint8_t> bytes = quantize(w, Shape({6}), params);
  const auto* q = reinterpret_cast<const int8_t*>(bytes.data());
  EXPECT_EQ(std::vector<int8_t>(q, q + 6), (std::vector<int8_t>{-127, 0, 50, 127, -127, 127}));
}

TEST(QuantizeWeights, RoundsHalfToEvenLikeQuantizeLinear) {
  const QuantParams params = per_tensor(DType::kU8, 0.5f, 10, 0, 255);
  const std::vector<float> w = {1.25f, 1.75f, -1.25f};  // 2.5 -> 2, 3.5 -> 4, -2.5 -> -2
  const std::vector<uint8_t> bytes = quantize(w, Shape({3}), params);
  EXPECT_EQ(bytes, (std::vector<uint8_t>{12, 14, 8}));
  const std::vector<float> back = dequantize(bytes, Shape({3}), params);
  EXPECT_EQ(back, (std::vector<float>{1.0f, 2.0f, -1.0f}));
}

TEST(QuantizeWeights, PerChannelOnEitherAxis) {
  const std::vector<float> w = {0.1f, -0.2f, 0.3f, 1.0f, 2.0f, -3.0f};
  QuantParams rows = per_tensor(DType::kI8, 0.1f, 0, -127, 127);
  rows.axis = 0;
  rows.scales = {0.1f, 1.0f};
  rows.zero_points = {0, 0};
  std::vector<uint8_t> bytes = quantize(w, Shape({2, 3}), rows);
  auto* q = reinterpret_cast<const int8_t*>(bytes.data());
  EXPECT_EQ(std::vector<int8_t>(q, q + 6), (std::vector<int8_t>{1, -2, 3, 1, 2, -3}));

  QuantParams columns = rows;
  columns.axis = 1;
  columns.scales = {0.1f, 0.2f, 1.0f};
  columns.zero_points = {0, 0, 0};
  bytes = quantize(w, Shape({2, 3}), columns);
  q = reinterpret_cast<const int8_t*>(bytes.data());
  EXPECT_EQ(std::vector<int8_t>(q, q + 6), (std::vector<int8_t>{1, -1, 0, 10, 10, -3}));
}

TEST(QuantizeWeights, Int4PackingWithAnOddCount) {
  const QuantParams params = per_tensor(DType::kI4, 1.0f, 0, -8, 7);
  const std::vector<float> w = {1.0f, -2.0f, 7.0f, -8.0f, 3.0f};
  const std::vector<uint8_t> bytes = quantize(w, Shape({5}), params);
  ASSERT_EQ(bytes.size(), 3u);
  EXPECT_EQ(bytes[0], 0xE1);  // -2 in the high nibble, 1 in the low
  EXPECT_EQ(bytes[1], 0x87);
  EXPECT_EQ(bytes[2], 0x03);  // the unused high nibble stays 0
  for (size_t i = 0; i < w.size(); ++i) EXPECT_EQ(int4_get(bytes.data(), i), w[i]);
  EXPECT_EQ(dequantize(bytes, Shape({5}), params), w);
}

TEST(QuantizeWeights, Int16AndInt32Bias) {
  const QuantParams i16 = per_tensor(DType::kI16, 1.0f / 1024.0f, 0, -32767, 32767);
  const std::vector<float> w = {0.5f, -31.0f, 100.0f};
  const std::vector<uint8_t> bytes = quantize(w, Shape({3}), i16);
  const auto* q = reinterpret_cast<const int16_t*>(bytes.data());
  EXPECT_EQ(std::vector<int16_t>(q, q + 3), (std::vector<int16_t>{512, -31744, 32767}));

  const int32_t max = std::numeric_limits<int32_t>::max();
  const QuantParams bias = per_tensor(DType::kI32, 0.05f, 0, -max, max);
  const std::vector<float> b = {1.0f, -2.5f, 1e30f, -1e30f};
  const std::vector<uint8_t> bias_bytes = quantize(b, Shape({4}), bias);
  const auto* qb = reinterpret_cast<const int32_t*>(bias_bytes.data());
  EXPECT_EQ(std::vector<int32_t>(qb, qb + 4), (std::vector<int32_t>{20, -50, max, -max}));
}

TEST(QuantizeWeights, Fp16RoundTrip) {
  QuantParams params;
  params.dtype = DType::kF16;
  const std::vector<float> w = {1.0009765625f, -2.5f, 0.1f, 65504.0f};
  const std::vector<uint8_t> bytes = quantize(w, Shape({4}), params);
  ASSERT_EQ(bytes.size(), 8u);
  const std::vector<float> back = dequantize(bytes, Shape({4}), params);
  EXPECT_EQ(back[0], w[0]);
  EXPECT_EQ(back[1], w[1]);
  EXPECT_NEAR(back[2], 0.1f, 1e-4f);
  EXPECT_EQ(back[3], w[3]);
}

// Group-wise int4 (group sizes 32..256, K = 300 not a multiple of any): the round trip is within
// half a step, and the bytes and floats equal the runtime's QuantizeLinear / DequantizeLinear with
// block_size.
TEST(QuantizeWeights, GroupWiseInt4MatchesTheRuntimeKernels) {
  const Shape shape({3, 300});
  const std::vector<float> w = random_weights(900, 11);
  const QuantRangeSpec spec = *make_range_spec(DType::kI4, true, true);
  for (int group : {32, 64, 128, 256}) {
    SCOPED_TRACE(group);
    const QuantParams params =
        observed_params(w, shape, ObserverKind::kPerGroupMinMax, 1, group, spec);
    ASSERT_EQ(params.scales.size(), 3u * ((300 + group - 1) / group));
    const std::vector<uint8_t> bytes = quantize(w, shape, params);
    ASSERT_EQ(bytes.size(), 450u);
    const std::vector<float> back = dequantize(bytes, shape, params);
    Result<runtime::QuantParamLayout> layout = quant_param_layout(shape, 1, group, "w");
    ASSERT_TRUE(layout.ok());
    runtime::for_each_quantized_element(*layout, [&](int64_t e, int64_t p) {
      EXPECT_LE(std::abs(back[e] - w[e]), 0.5f * params.scales[p] + 1e-6f) << e;
    });

    Result<Shape> param_shape = quant_param_shape(params, shape, "w");
    ASSERT_TRUE(param_shape.ok());
    const std::vector<int8_t> zero_points(params.scales.size(), 0);
    std::vector<uint8_t> packed_zero_points((zero_points.size() + 1) / 2, 0);
    const TensorView scale(DType::kF32, *param_shape,
                           static_cast<const void*>(params.scales.data()));
    const TensorView zero_point(DType::kI4, *param_shape,
                                static_cast<const void*>(packed_zero_points.data()));
    Attributes attrs;
    attrs.set("axis", int64_t{1});
    attrs.set("block_size", int64_t{group});
    const TensorView inputs[] = {view_of(w, shape), scale, zero_point};
    auto quantized = runtime::evaluate_kernel(OpType::kQuantizeLinear, attrs, inputs, 1);
    ASSERT_TRUE(quantized.ok()) << quantized.status().to_string();
    const auto* kernel_bytes = static_cast<const uint8_t*>((*quantized)[0].view.data);
    EXPECT_EQ(std::vector<uint8_t>(kernel_bytes, kernel_bytes + bytes.size()), bytes);

    const TensorView stored(DType::kI4, shape, static_cast<const void*>(bytes.data()));
    const TensorView dq_inputs[] = {stored, scale, zero_point};
    auto dequantized = runtime::evaluate_kernel(OpType::kDequantizeLinear, attrs, dq_inputs, 1);
    ASSERT_TRUE(dequantized.ok()) << dequantized.status().to_string();
    const auto* kernel_floats = static_cast<const float*>((*dequantized)[0].view.data);
    EXPECT_EQ(std::vector<float>(kernel_floats, kernel_floats + back.size()), back);
  }
}

TEST(QuantizeWeights, PerChannelInt8RoundTripWithinHalfAStep) {
  const Shape shape({4, 3, 3, 3});
  const std::vector<float> w = random_weights(108, 12);
  const QuantParams params = observed_params(w, shape, ObserverKind::kPerChannelMinMax, 0, 0,
                                             *make_range_spec(DType::kI8, true, true));
  const std::vector<float> back = dequantize(quantize(w, shape, params), shape, params);
  for (size_t i = 0; i < w.size(); ++i) {
    EXPECT_LE(std::abs(back[i] - w[i]), 0.5f * params.scales[i / 27] + 1e-7f) << i;
  }
}

TEST(QuantizeWeights, ErrorsNameTheTensor) {
  const QuantParams params = per_tensor(DType::kI8, 0.1f, 0, -127, 127);
  std::vector<float> w = {1.0f, std::numeric_limits<float>::quiet_NaN()};
  Result<std::vector<uint8_t>> nan = quantize_weights(view_of(w, Shape({2})), params, "fc.weight");
  ASSERT_FALSE(nan.ok());
  EXPECT_THAT(nan.status().message(), HasSubstr("fc.weight"));
  EXPECT_THAT(nan.status().message(), HasSubstr("element 1"));

  w[1] = 0.0f;
  QuantParams channels = params;
  channels.axis = 0;  // one scale for a 2-channel axis
  Result<std::vector<uint8_t>> mismatch =
      quantize_weights(view_of(w, Shape({2})), channels, "fc.weight");
  ASSERT_FALSE(mismatch.ok());
  EXPECT_THAT(mismatch.status().message(), HasSubstr("expected 2"));

  const std::vector<uint8_t> bytes = {1, 2};
  Result<std::vector<float>> wrong_dtype = dequantize_weights(
      TensorView(DType::kU8, Shape({2}), static_cast<const void*>(bytes.data())), params, "x");
  ASSERT_FALSE(wrong_dtype.ok());
  EXPECT_THAT(wrong_dtype.status().message(), HasSubstr("dtype"));
}

}  // namespace
}  // namespace edgeq::quantizer
