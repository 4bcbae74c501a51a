// The TFLite parameter math against hand-computed cases.
#include "quantizer/quant_params.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>

namespace edgeq::quantizer {
namespace {

using ::testing::HasSubstr;

QuantRangeSpec spec_for(DType dtype, bool symmetric = false, bool narrow = false) {
  Result<QuantRangeSpec> spec = make_range_spec(dtype, symmetric, narrow);
  EXPECT_TRUE(spec.ok()) << spec.status().to_string();
  return spec.ok() ? *spec : QuantRangeSpec();
}

ScaleZeroPoint choose(float min, float max, const QuantRangeSpec& spec) {
  Result<ScaleZeroPoint> chosen = choose_scale_zero_point(min, max, spec, "t");
  EXPECT_TRUE(chosen.ok()) << chosen.status().to_string();
  return chosen.ok() ? *chosen : ScaleZeroPoint{0.0f, 0};
}

TEST(RangeSpec, StandardRanges) {
  QuantRangeSpec i8 = spec_for(DType::kI8);
  EXPECT_EQ(i8.quant_min, -128);
  EXPECT_EQ(i8.quant_max, 127);
  QuantRangeSpec i8_narrow = spec_for(DType::kI8, true, true);
  EXPECT_EQ(i8_narrow.quant_min, -127);
  EXPECT_TRUE(i8_narrow.symmetric);
  QuantRangeSpec u8 = spec_for(DType::kU8);
  EXPECT_EQ(u8.quant_min, 0);
  EXPECT_EQ(u8.quant_max, 255);
  QuantRangeSpec i4 = spec_for(DType::kI4, true, true);
  EXPECT_EQ(i4.quant_min, -7);
  EXPECT_EQ(i4.quant_max, 7);
  EXPECT_EQ(spec_for(DType::kI4).quant_min, -8);
  EXPECT_EQ(spec_for(DType::kI16, true, true).quant_min, -32767);
  EXPECT_EQ(spec_for(DType::kI32, true, true).quant_min, -std::numeric_limits<int32_t>::max());
}

TEST(RangeSpec, RejectsBadSpecs) {
  EXPECT_FALSE(make_range_spec(DType::kF32, false).ok());
  EXPECT_FALSE(make_range_spec(DType::kU8, true).ok());
  EXPECT_FALSE(make_range_spec(DType::kU8, false, true).ok());
  QuantRangeSpec spec = spec_for(DType::kI8);
  spec.quant_min = 5;
  spec.quant_max = 5;
  Status status = validate_range_spec(spec, "value 'x'");
  EXPECT_FALSE(status.ok());
  EXPECT_THAT(status.message(), HasSubstr("value 'x'"));
  spec = spec_for(DType::kI8);
  spec.eps = 0.0f;
  EXPECT_FALSE(validate_range_spec(spec, "x").ok());
  spec = spec_for(DType::kI8);
  spec.quant_min = 0;  // symmetric needs the negative side
  spec.symmetric = true;
  EXPECT_FALSE(validate_range_spec(spec, "x").ok());
}

// [-1, 1] on int8: scale 2/255; the zero point from max (-0.5, smaller error) nudges to -1
// (round half away from zero).
TEST(ChooseScaleZeroPoint, AffineInt8Symmetric01) {
  ScaleZeroPoint p = choose(-1.0f, 1.0f, spec_for(DType::kI8));
  EXPECT_FLOAT_EQ(p.scale, 2.0f / 255.0f);
  EXPECT_EQ(p.zero_point, -1);
}

TEST(ChooseScaleZeroPoint, Relu6OnUint8) {
  ScaleZeroPoint p = choose(0.0f, 6.0f, spec_for(DType::kU8));
  EXPECT_FLOAT_EQ(p.scale, 6.0f / 255.0f);
  EXPECT_EQ(p.zero_point, 0);
}

// [-0.1, 1.0] on uint8: zero point 0.1 / (1.1 / 255) = 23.18 is nudged to 23.
TEST(ChooseScaleZeroPoint, NudgesZeroPointToInteger) {
  ScaleZeroPoint p = choose(-0.1f, 1.0f, spec_for(DType::kU8));
  EXPECT_FLOAT_EQ(p.scale, 1.1f / 255.0f);
  EXPECT_EQ(p.zero_point, 23);
  // 0 is exactly representable.
  EXPECT_EQ(p.scale * (p.zero_point - p.zero_point), 0.0f);
}

// Ranges not containing 0 are widened: [2, 5] -> [0, 5], [-5, -2] -> [-5, 0].
TEST(ChooseScaleZeroPoint, RangeIsWidenedToContainZero) {
  ScaleZeroPoint positive = choose(2.0f, 5.0f, spec_for(DType::kI8));
  EXPECT_FLOAT_EQ(positive.scale, 5.0f / 255.0f);
  EXPECT_EQ(positive.zero_point, -128);
  ScaleZeroPoint negative = choose(-5.0f, -2.0f, spec_for(DType::kI8));
  EXPECT_FLOAT_EQ(negative.scale, 5.0f / 255.0f);
  EXPECT_EQ(negative.zero_point, 127);
  ScaleZeroPoint u8 = choose(2.0f, 5.0f, spec_for(DType::kU8));
  EXPECT_EQ(u8.zero_point, 0);
}

TEST(ChooseScaleZeroPoint, SymmetricNarrowInt8Weights) {
  ScaleZeroPoint p = choose(-0.5f, 2.54f, spec_for(DType::kI8, true, true));
  EXPECT_FLOAT_EQ(p.scale, 2.54f / 127.0f);
  EXPECT_EQ(p.zero_point, 0);
  ScaleZeroPoint negative_side = choose(-3.81f, 1.0f, spec_for(DType::kI8, true, true));
  EXPECT_FLOAT_EQ(negative_side.scale, 3.81f / 127.0f);
}

TEST(ChooseScaleZeroPoint, Int16SymmetricAndInt4) {
  ScaleZeroPoint i16 = choose(-3.0f, 1.0f, spec_for(DType::kI16, true, true));
  EXPECT_FLOAT_EQ(i16.scale, 3.0f / 32767.0f);
  EXPECT_EQ(i16.zero_point, 0);
  ScaleZeroPoint i4_narrow = choose(-0.7f, 0.35f, spec_for(DType::kI4, true, true));
  EXPECT_FLOAT_EQ(i4_narrow.scale, 0.1f);
  EXPECT_EQ(i4_narrow.zero_point, 0);
  // Affine int4 over [-1.6, 1.4]: scale 3 / 15 = 0.2, zero point -8 + 1.6 / 0.2 = 0.
  ScaleZeroPoint i4 = choose(-1.6f, 1.4f, spec_for(DType::kI4));
  EXPECT_FLOAT_EQ(i4.scale, 0.2f);
  EXPECT_EQ(i4.zero_point, 0);
}

TEST(ChooseScaleZeroPoint, DegenerateRanges) {
  ScaleZeroPoint zeros = choose(0.0f, 0.0f, spec_for(DType::kI8));
  EXPECT_EQ(zeros.scale, 1.0f);
  EXPECT_EQ(zeros.zero_point, 0);
  ScaleZeroPoint zeros_u8 = choose(0.0f, 0.0f, spec_for(DType::kU8));
  EXPECT_EQ(zeros_u8.zero_point, 0);
  ScaleZeroPoint zeros_symmetric = choose(0.0f, 0.0f, spec_for(DType::kI8, true, true));
  EXPECT_EQ(zeros_symmetric.scale, 1.0f);
  // A constant tensor [3, 3] becomes [0, 3]: 3 maps exactly to quant_max.
  ScaleZeroPoint constant = choose(3.0f, 3.0f, spec_for(DType::kI8));
  EXPECT_FLOAT_EQ(constant.scale, 3.0f / 255.0f);
  EXPECT_EQ(constant.zero_point, -128);
  EXPECT_FLOAT_EQ(constant.scale * (127 - constant.zero_point), 3.0f);
}

TEST(ChooseScaleZeroPoint, ScaleHasAnEpsFloor) {
  ScaleZeroPoint tiny = choose(0.0f, 1e-12f, spec_for(DType::kI8));
  EXPECT_EQ(tiny.scale, kDefaultScaleEps);
  EXPECT_EQ(tiny.zero_point, -128);
  QuantRangeSpec spec = spec_for(DType::kI8, true, true);
  spec.eps = 1e-3f;
  EXPECT_EQ(choose(-0.01f, 0.01f, spec).scale, 1e-3f);
}

TEST(ChooseScaleZeroPoint, NonFiniteRangesNameTheTensor) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float inf = std::numeric_limits<float>::infinity();
  Result<ScaleZeroPoint> with_nan =
      choose_scale_zero_point(nan, 1.0f, spec_for(DType::kI8), "value 'conv1_out'");
  ASSERT_FALSE(with_nan.ok());
  EXPECT_EQ(with_nan.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(with_nan.status().message(), HasSubstr("value 'conv1_out'"));
  EXPECT_THAT(with_nan.status().message(), HasSubstr("NaN or Inf"));
  EXPECT_FALSE(choose_scale_zero_point(0.0f, inf, spec_for(DType::kI8), "t").ok());
  Result<ScaleZeroPoint> reversed = choose_scale_zero_point(2.0f, 1.0f, spec_for(DType::kI8), "r");
  ASSERT_FALSE(reversed.ok());
  EXPECT_THAT(reversed.status().message(), HasSubstr("min > max"));
}

// Properties on random ranges: 0 is exact (the zero point is an integer in range), and the
// nudged grid covers [min, max] up to half a step at either end.
TEST(ChooseScaleZeroPoint, RandomRangesKeepZeroExactAndCoverTheRange) {
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> magnitude(0.0f, 10.0f);
  for (DType dtype : {DType::kI8, DType::kU8, DType::kI16, DType::kI4}) {
    const QuantRangeSpec spec = spec_for(dtype);
    for (int trial = 0; trial < 200; ++trial) {
      const float min = -magnitude(rng);
      const float max = magnitude(rng) * (trial % 3 == 0 ? 0.01f : 1.0f);
      ScaleZeroPoint p = choose(min, max, spec);
      ASSERT_GE(p.zero_point, spec.quant_min);
      ASSERT_LE(p.zero_point, spec.quant_max);
      const double low = static_cast<double>(p.scale) * (spec.quant_min - p.zero_point);
      const double high = static_cast<double>(p.scale) * (spec.quant_max - p.zero_point);
      const double slack = 0.5 * p.scale * (1.0 + 1e-4);
      EXPECT_LE(low, min + slack) << dtype_name(dtype) << " [" << min << ", " << max << "]";
      EXPECT_GE(high, max - slack) << dtype_name(dtype) << " [" << min << ", " << max << "]";
    }
  }
}

TEST(QuantParamsFromRanges, PerChannelAndErrorsNameTheChannel) {
  const std::vector<float> mins = {-1.27f, -0.5f, 0.0f};
  const std::vector<float> maxs = {0.5f, 2.54f, 0.0f};
  Result<QuantParams> params =
      quant_params_from_ranges(mins, maxs, 0, 0, spec_for(DType::kI8, true, true), "w");
  ASSERT_TRUE(params.ok()) << params.status().to_string();
  EXPECT_TRUE(params->is_per_channel());
  EXPECT_EQ(params->quant_min, -127);
  ASSERT_EQ(params->scales.size(), 3u);
  EXPECT_FLOAT_EQ(params->scales[0], 0.01f);
  EXPECT_FLOAT_EQ(params->scales[1], 0.02f);
  EXPECT_EQ(params->scales[2], 1.0f);
  EXPECT_EQ(params->zero_points, (std::vector<int32_t>{0, 0, 0}));

  const std::vector<float> bad_max = {0.5f, std::numeric_limits<float>::quiet_NaN(), 1.0f};
  Result<QuantParams> bad =
      quant_params_from_ranges(mins, bad_max, 0, 0, spec_for(DType::kI8, true, true), "w");
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(bad.status().message(), HasSubstr("parameter 1"));
  const std::vector<float> one = {1.0f};
  EXPECT_FALSE(quant_params_from_ranges(mins, one, 0, 0, spec_for(DType::kI8), "w").ok());
}

TEST(QuantParamsFromRange, PerTensorKeepsTheSpecRange) {
  Result<QuantParams> params = quant_params_from_range(-1.0f, 1.0f, spec_for(DType::kU8), "x");
  ASSERT_TRUE(params.ok());
  EXPECT_TRUE(params->is_per_tensor());
  EXPECT_EQ(params->dtype, DType::kU8);
  EXPECT_EQ(params->quant_min, 0);
  EXPECT_EQ(params->quant_max, 255);
  EXPECT_EQ(params->zero_points[0], 128);  // 1 / (2 / 255) = 127.5 from min (error 127.5 < 255)
  EXPECT_TRUE(validate_quant_params(*params, "x").ok());
}

TEST(BiasQuantParams, ScaleIsInputTimesWeightScale) {
  Result<QuantParams> input = quant_params_from_range(-1.0f, 1.0f, spec_for(DType::kI8), "in");
  ASSERT_TRUE(input.ok());
  input->scales[0] = 0.5f;
  QuantParams weight;
  weight.axis = 0;
  weight.quant_min = -127;
  weight.scales = {0.1f, 0.2f};
  weight.zero_points = {0, 0};
  Result<QuantParams> bias = bias_quant_params(*input, weight, "conv bias");
  ASSERT_TRUE(bias.ok()) << bias.status().to_string();
  EXPECT_EQ(bias->dtype, DType::kI32);
  EXPECT_EQ(bias->axis, 0);
  EXPECT_FLOAT_EQ(bias->scales[0], 0.05f);
  EXPECT_FLOAT_EQ(bias->scales[1], 0.1f);
  EXPECT_EQ(bias->zero_points, (std::vector<int32_t>{0, 0}));
  EXPECT_EQ(bias->quant_min, -std::numeric_limits<int32_t>::max());

  Result<QuantParams> per_channel_input = bias_quant_params(weight, weight, "b");
  ASSERT_FALSE(per_channel_input.ok());
  EXPECT_THAT(per_channel_input.status().message(), HasSubstr("per-tensor input"));
  weight.group_size = 32;
  EXPECT_FALSE(bias_quant_params(*input, weight, "b").ok());
}

TEST(QuantParamShape, PerTensorChannelAndGroup) {
  QuantParams params;
  params.scales = {1.0f};
  params.zero_points = {0};
  Result<Shape> scalar = quant_param_shape(params, Shape({8, 70}), "w");
  ASSERT_TRUE(scalar.ok());
  EXPECT_EQ(scalar->rank(), 0);
  Result<Shape> channel = quant_param_shape(Shape({8, 70}), 0, 0, "w");
  ASSERT_TRUE(channel.ok());
  EXPECT_EQ(*channel, Shape({8}));
  Result<Shape> group = quant_param_shape(Shape({8, 70}), 1, 32, "w");
  ASSERT_TRUE(group.ok());
  EXPECT_EQ(*group, Shape({8, 3}));
  EXPECT_FALSE(quant_param_shape(Shape({8, 70}), 2, 0, "w").ok());
  params.axis = 0;  // one scale for 8 channels
  Result<Shape> mismatch = quant_param_shape(params, Shape({8, 70}), "w");
  ASSERT_FALSE(mismatch.ok());
  EXPECT_THAT(mismatch.status().message(), HasSubstr("expected 8"));
}

TEST(QuantParamLayout, GroupsMapToTheBlockLayout) {
  Result<runtime::QuantParamLayout> layout = quant_param_layout(Shape({2, 5}), 1, 2, "w");
  ASSERT_TRUE(layout.ok()) << layout.status().to_string();
  std::vector<int64_t> params;
  runtime::for_each_quantized_element(*layout, [&](int64_t, int64_t p) { params.push_back(p); });
  EXPECT_EQ(params, (std::vector<int64_t>{0, 0, 1, 1, 2, 3, 3, 4, 4, 5}));
}

TEST(ValidateQuantParams, RejectsBadParams) {
  QuantParams params;
  params.scales = {0.0f};
  params.zero_points = {0};
  EXPECT_FALSE(validate_quant_params(params, "x").ok());
  params.scales = {0.1f};
  params.zero_points = {200};
  Status status = validate_quant_params(params, "value 'y'");
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(status.message(), HasSubstr("value 'y'"));
  EXPECT_THAT(status.message(), HasSubstr("zero_point[0]"));
  params.zero_points = {0, 0};
  EXPECT_FALSE(validate_quant_params(params, "x").ok());
  QuantParams half;
  half.dtype = DType::kF16;
  EXPECT_TRUE(validate_quant_params(half, "x").ok());
  EXPECT_EQ(describe(half), "f16");
}

}  // namespace
}  // namespace edgeq::quantizer
