// Observers on data with known answers.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "quantizer/observers/histogram.h"
#include "quantizer/observers/observer.h"

namespace edgeq::quantizer {
namespace {

using ::testing::HasSubstr;

TensorView view_of(const std::vector<float>& data, Shape shape = Shape()) {
  if (shape.rank() == 0) shape = Shape({static_cast<int64_t>(data.size())});
  return TensorView(DType::kF32, shape, static_cast<const void*>(data.data()));
}

std::unique_ptr<Observer> make(ObserverKind kind, ObserverOptions options = {}) {
  if (options.name.empty()) options.name = "act";
  Result<std::unique_ptr<Observer>> observer = make_observer(kind, options);
  EXPECT_TRUE(observer.ok()) << observer.status().to_string();
  return observer.ok() ? std::move(observer).value() : nullptr;
}

QuantRangeSpec int8_affine() { return *make_range_spec(DType::kI8, false); }
QuantRangeSpec int8_symmetric() { return *make_range_spec(DType::kI8, true, true); }

std::pair<float, float> range_of(const Observer& observer, const QuantRangeSpec& spec) {
  Result<std::pair<float, float>> range = observer.range(spec);
  EXPECT_TRUE(range.ok()) << range.status().to_string();
  return range.ok() ? *range : std::pair<float, float>(0.0f, 0.0f);
}

std::vector<float> uniform(size_t count, float low, float high, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> dist(low, high);
  std::vector<float> data(count);
  for (float& x : data) x = dist(rng);
  return data;
}

// Mean squared error of quantizing then dequantizing `data` with per-tensor `params`.
double quantization_mse(const std::vector<float>& data, const QuantParams& params) {
  double sum = 0.0;
  for (float x : data) {
    const double q =
        std::clamp<double>(std::nearbyint(x / params.scales[0]) + params.zero_points[0],
                           params.quant_min, params.quant_max);
    const double back = (q - params.zero_points[0]) * params.scales[0];
    sum += (x - back) * (x - back);
  }
  return sum / static_cast<double>(data.size());
}

TEST(ObserverKinds, NamesRoundTrip) {
  for (ObserverKind kind :
       {ObserverKind::kMinMax, ObserverKind::kMovingAverageMinMax, ObserverKind::kPerChannelMinMax,
        ObserverKind::kPerGroupMinMax, ObserverKind::kHistogramPercentile,
        ObserverKind::kHistogramMse, ObserverKind::kHistogramEntropy}) {
    Result<ObserverKind> parsed = observer_kind_from_name(observer_kind_name(kind));
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(*parsed, kind);
  }
  Result<ObserverKind> unknown = observer_kind_from_name("kl");
  ASSERT_FALSE(unknown.ok());
  EXPECT_THAT(unknown.status().message(), HasSubstr("entropy"));
}

TEST(MakeObserver, RejectsOptionsTheKindCannotUse) {
  ObserverOptions options;
  EXPECT_FALSE(make_observer(ObserverKind::kPerGroupMinMax, options).ok());
  options.percentile = 40.0;
  EXPECT_FALSE(make_observer(ObserverKind::kHistogramPercentile, options).ok());
  options = ObserverOptions();
  options.averaging_constant = 0.0f;
  EXPECT_FALSE(make_observer(ObserverKind::kMovingAverageMinMax, options).ok());
  options = ObserverOptions();
  options.num_bins = 4;
  EXPECT_FALSE(make_observer(ObserverKind::kHistogramMse, options).ok());
}

TEST(MinMaxObserver, TracksTheRunningRange) {
  auto observer = make(ObserverKind::kMinMax);
  const std::vector<float> first = {-1.0f, 0.5f, 2.0f};
  const std::vector<float> second = {-0.5f, 3.0f};
  ASSERT_TRUE(observer->observe(view_of(first)).ok());
  ASSERT_TRUE(observer->observe(view_of(second)).ok());
  EXPECT_EQ(observer->num_observed(), 2u);
  EXPECT_EQ(range_of(*observer, int8_affine()), std::make_pair(-1.0f, 3.0f));
  Result<QuantParams> params = observer->compute(int8_affine());
  Result<QuantParams> expected = quant_params_from_range(-1.0f, 3.0f, int8_affine(), "x");
  ASSERT_TRUE(params.ok());
  EXPECT_EQ(params->scales, expected->scales);
  EXPECT_EQ(params->zero_points, expected->zero_points);
}

TEST(MinMaxObserver, WithoutDataGivesTheZeroRange) {
  auto observer = make(ObserverKind::kMinMax);
  Result<QuantParams> params = observer->compute(int8_affine());
  ASSERT_TRUE(params.ok());
  EXPECT_EQ(params->scales[0], 1.0f);
  EXPECT_EQ(params->zero_points[0], 0);
}

TEST(MovingAverageMinMax, AveragesWithTheConstant) {
  ObserverOptions options;
  options.averaging_constant = 0.1f;
  auto observer = make(ObserverKind::kMovingAverageMinMax, options);
  ASSERT_TRUE(observer->observe(view_of({0.0f, 1.0f})).ok());
  ASSERT_TRUE(observer->observe(view_of({-10.0f, 11.0f})).ok());
  auto [lo, hi] = range_of(*observer, int8_affine());
  EXPECT_FLOAT_EQ(lo, -1.0f);  // 0 + 0.1 * (-10 - 0)
  EXPECT_FLOAT_EQ(hi, 2.0f);   // 1 + 0.1 * (11 - 1)
}

TEST(PerChannelObserver, OneRangePerChannel) {
  ObserverOptions options;
  options.axis = 0;
  auto observer = make(ObserverKind::kPerChannelMinMax, options);
  const std::vector<float> weights = {1.0f, -2.0f, 3.0f, 0.5f, 0.25f, -1.0f};
  ASSERT_TRUE(observer->observe(view_of(weights, Shape({2, 3}))).ok());
  Result<QuantParams> params = observer->compute(int8_symmetric());
  ASSERT_TRUE(params.ok()) << params.status().to_string();
  EXPECT_TRUE(params->is_per_channel());
  EXPECT_EQ(params->axis, 0);
  ASSERT_EQ(params->scales.size(), 2u);
  EXPECT_FLOAT_EQ(params->scales[0], 3.0f / 127.0f);
  EXPECT_FLOAT_EQ(params->scales[1], 1.0f / 127.0f);

  options.axis = -1;  // the last axis: three channels
  auto last = make(ObserverKind::kPerChannelMinMax, options);
  ASSERT_TRUE(last->observe(view_of(weights, Shape({2, 3}))).ok());
  Result<QuantParams> by_column = last->compute(int8_symmetric());
  ASSERT_TRUE(by_column.ok());
  EXPECT_EQ(by_column->axis, 1);
  ASSERT_EQ(by_column->scales.size(), 3u);
  EXPECT_FLOAT_EQ(by_column->scales[1], 2.0f / 127.0f);

  Status reshaped = observer->observe(view_of(weights, Shape({3, 2})));
  ASSERT_FALSE(reshaped.ok());
  EXPECT_THAT(reshaped.message(), HasSubstr("differs from the first observed shape"));
  EXPECT_FALSE(make(ObserverKind::kPerChannelMinMax)->compute(int8_symmetric()).ok());
}

TEST(PerGroupObserver, OneRangePerGroupAlongTheAxis) {
  ObserverOptions options;
  options.axis = 1;
  options.group_size = 2;
  auto observer = make(ObserverKind::kPerGroupMinMax, options);
  // Rows of 5: groups {0,1} {2,3} {4}.
  const std::vector<float> weights = {1, -2, 3, 4, -5, 0.5f, 0.25f, -1, 0, 7};
  ASSERT_TRUE(observer->observe(view_of(weights, Shape({2, 5}))).ok());
  Result<QuantParams> params = observer->compute(int8_symmetric());
  ASSERT_TRUE(params.ok()) << params.status().to_string();
  EXPECT_TRUE(params->is_per_group());
  const std::vector<float> max_abs = {2, 4, 5, 0.5f, 1, 7};
  ASSERT_EQ(params->scales.size(), max_abs.size());
  for (size_t i = 0; i < max_abs.size(); ++i) {
    EXPECT_FLOAT_EQ(params->scales[i], max_abs[i] / 127.0f) << i;
  }
}

TEST(Observers, RejectNanAndInfNamingTheValue) {
  for (ObserverKind kind : {ObserverKind::kMinMax, ObserverKind::kPerChannelMinMax,
                            ObserverKind::kHistogramPercentile}) {
    auto observer = make(kind);
    std::vector<float> data = {0.0f, 1.0f, 2.0f, std::numeric_limits<float>::quiet_NaN()};
    Status status = observer->observe(view_of(data));
    ASSERT_FALSE(status.ok()) << observer_kind_name(kind);
    EXPECT_THAT(status.message(), HasSubstr("value 'act'"));
    EXPECT_THAT(status.message(), HasSubstr("element 3"));
    data[3] = -std::numeric_limits<float>::infinity();
    EXPECT_FALSE(observer->observe(view_of(data)).ok());
    EXPECT_EQ(observer->num_observed(), 0u);
  }
  auto observer = make(ObserverKind::kMinMax);
  const std::vector<int32_t> ints = {1, 2};
  Status wrong_dtype =
      observer->observe(TensorView(DType::kI32, Shape({2}), static_cast<const void*>(ints.data())));
  ASSERT_FALSE(wrong_dtype.ok());
  EXPECT_THAT(wrong_dtype.message(), HasSubstr("f32"));
}

TEST(Histogram, GrowingKeepsEveryCountInItsBin) {
  Histogram histogram(16);
  const std::vector<float> first = {0.1f, 0.5f, 0.9f, 0.9f};
  histogram.add(first);
  EXPECT_DOUBLE_EQ(histogram.lower(), 0.0);
  EXPECT_NEAR(histogram.upper(), 0.9, 1e-6);
  const std::vector<float> second = {-2.0f, 3.5f};
  histogram.add(second);
  EXPECT_LE(histogram.lower(), -2.0);
  EXPECT_GE(histogram.upper(), 3.5);
  EXPECT_DOUBLE_EQ(histogram.total(), 6.0);
  double sum = 0.0;
  for (double count : histogram.counts()) sum += count;
  EXPECT_DOUBLE_EQ(sum, 6.0);
  // Each value sits in the bin whose edges enclose it (exact merging, no smearing).
  std::vector<double> expected(16, 0.0);
  for (float v : {0.1f, 0.5f, 0.9f, 0.9f, -2.0f, 3.5f}) {
    const int bin = static_cast<int>(std::floor((v - histogram.lower()) / histogram.bin_width()));
    expected[std::min(bin, 15)] += 1.0;
  }
  EXPECT_EQ(histogram.counts(), expected);
}

// Many batches with growing ranges give exactly the counts of binning all data at once with the
// final edges: merging never moves a value to a bin that does not contain it.
TEST(Histogram, IncrementalEqualsDirectBinning) {
  Histogram histogram(64);
  std::vector<float> all;
  std::mt19937 rng(9);
  for (int batch = 0; batch < 20; ++batch) {
    std::normal_distribution<float> normal(0.3f * batch, 1.0f + batch);
    std::vector<float> values(100);
    for (float& v : values) v = normal(rng);
    histogram.add(values);
    all.insert(all.end(), values.begin(), values.end());
  }
  std::vector<double> direct(64, 0.0);
  for (float v : all) {
    const double position = std::floor((v - histogram.lower()) / histogram.bin_width());
    direct[static_cast<size_t>(std::clamp(position, 0.0, 63.0))] += 1.0;
  }
  EXPECT_EQ(histogram.counts(), direct);
  EXPECT_EQ(histogram.min_value(), *std::min_element(all.begin(), all.end()));
  EXPECT_EQ(histogram.max_value(), *std::max_element(all.begin(), all.end()));
}

TEST(Histogram, ZerosFirstThenData) {
  Histogram histogram(8);
  const std::vector<float> zeros = {0.0f, 0.0f};
  histogram.add(zeros);
  EXPECT_EQ(histogram.bin_width(), 0.0);
  const std::vector<float> data = {-1.0f, 1.0f};
  histogram.add(data);
  EXPECT_DOUBLE_EQ(histogram.counts()[histogram.zero_bin()], 2.0);  // 1.0 is in the last bin
  EXPECT_DOUBLE_EQ(histogram.total(), 4.0);
}

TEST(HistogramPercentile, UniformDataGivesThePercentilePoints) {
  ObserverOptions options;
  options.percentile = 99.9;
  auto observer = make(ObserverKind::kHistogramPercentile, options);
  const std::vector<float> data = uniform(200000, -1.0f, 1.0f, 1);
  ASSERT_TRUE(observer->observe(view_of(data)).ok());
  auto [lo, hi] = range_of(*observer, int8_affine());
  EXPECT_NEAR(lo, -0.998f, 0.003f);
  EXPECT_NEAR(hi, 0.998f, 0.003f);
}

TEST(HistogramPercentile, ClipsRareOutliers) {
  auto observer = make(ObserverKind::kHistogramPercentile);  // 99.99
  std::vector<float> data = uniform(100000, 0.0f, 1.0f, 2);
  for (int i = 0; i < 5; ++i) data.push_back(1000.0f);  // 0.005 % of the data
  ASSERT_TRUE(observer->observe(view_of(data)).ok());
  auto [lo, hi] = range_of(*observer, int8_affine());
  EXPECT_GE(lo, 0.0f);
  EXPECT_GT(hi, 0.9f);
  EXPECT_LT(hi, 1.5f);  // one histogram bin is 1000 / 2048 wide
  auto min_max = make(ObserverKind::kMinMax);
  ASSERT_TRUE(min_max->observe(view_of(data)).ok());
  EXPECT_EQ(range_of(*min_max, int8_affine()).second, 1000.0f);
}

std::vector<float> laplacian_with_outliers(uint32_t seed) {
  std::mt19937 rng(seed);
  std::exponential_distribution<float> magnitude(1.0f);
  std::bernoulli_distribution sign(0.5);
  std::vector<float> data(100000);
  for (float& x : data) x = sign(rng) ? magnitude(rng) : -magnitude(rng);
  for (int i = 0; i < 10; ++i) data.push_back(i % 2 == 0 ? 20.0f : -18.0f);
  return data;
}

// With few levels (int4) clipping the tails pays: MSE picks a much tighter range whose real
// quantization error is far below min-max's. With int8 the few outliers are worth keeping almost
// whole, but the choice is never worse than min-max.
TEST(HistogramMse, PicksATighterRangeThanMinMaxForLaplacianData) {
  const std::vector<float> data = laplacian_with_outliers(3);
  auto mse = make(ObserverKind::kHistogramMse);
  auto min_max = make(ObserverKind::kMinMax);
  ASSERT_TRUE(mse->observe(view_of(data)).ok());
  ASSERT_TRUE(min_max->observe(view_of(data)).ok());
  for (const QuantRangeSpec& spec :
       {*make_range_spec(DType::kI4, false), *make_range_spec(DType::kI4, true, true)}) {
    auto [lo, hi] = range_of(*mse, spec);
    EXPECT_LT(hi, 10.0f);
    EXPECT_GT(hi, 2.0f);
    EXPECT_GT(lo, -10.0f);
    EXPECT_LT(lo, -2.0f);
    Result<QuantParams> tight = mse->compute(spec);
    Result<QuantParams> loose = min_max->compute(spec);
    ASSERT_TRUE(tight.ok() && loose.ok());
    EXPECT_LT(quantization_mse(data, *tight), 0.5 * quantization_mse(data, *loose));
  }
  for (const QuantRangeSpec& spec : {int8_affine(), int8_symmetric()}) {
    auto [lo, hi] = range_of(*mse, spec);
    EXPECT_LE(hi, 20.0f);
    EXPECT_GE(lo, -20.0f);  // symmetric: -hi
    Result<QuantParams> tight = mse->compute(spec);
    Result<QuantParams> loose = min_max->compute(spec);
    ASSERT_TRUE(tight.ok() && loose.ok());
    EXPECT_LE(quantization_mse(data, *tight), 1.01 * quantization_mse(data, *loose));
  }
}

TEST(HistogramMse, KeepsNearlyTheFullRangeForUniformData) {
  const std::vector<float> data = uniform(50000, -2.0f, 2.0f, 4);
  auto mse = make(ObserverKind::kHistogramMse);
  ASSERT_TRUE(mse->observe(view_of(data)).ok());
  auto [lo, hi] = range_of(*mse, int8_affine());
  EXPECT_LT(lo, -1.9f);
  EXPECT_GT(hi, 1.9f);
}

TEST(HistogramEntropy, ClipsOutliersOfGaussianData) {
  std::mt19937 rng(5);
  std::normal_distribution<float> normal(0.0f, 1.0f);
  std::vector<float> data(100000);
  for (float& x : data) x = normal(rng);
  data.push_back(30.0f);
  data.push_back(-30.0f);
  auto entropy = make(ObserverKind::kHistogramEntropy);
  ASSERT_TRUE(entropy->observe(view_of(data)).ok());
  for (const QuantRangeSpec& spec : {int8_affine(), int8_symmetric()}) {
    auto [lo, hi] = range_of(*entropy, spec);
    EXPECT_GT(hi, 2.0f);
    EXPECT_LT(hi, 15.0f);
    EXPECT_LT(lo, -2.0f);
    EXPECT_GT(lo, -15.0f);
  }
}

TEST(HistogramEntropy, OneSidedDataKeepsZeroAsLowerBound) {
  const std::vector<float> data = uniform(50000, 0.0f, 6.0f, 6);
  auto entropy = make(ObserverKind::kHistogramEntropy);
  ASSERT_TRUE(entropy->observe(view_of(data)).ok());
  auto [lo, hi] = range_of(*entropy, *make_range_spec(DType::kU8, false));
  EXPECT_EQ(lo, 0.0f);
  EXPECT_GT(hi, 4.5f);
  EXPECT_LE(hi, 6.01f);
}

TEST(Observers, CloneKeepsTheState) {
  auto observer = make(ObserverKind::kHistogramPercentile);
  const std::vector<float> data = uniform(1000, -3.0f, 3.0f, 7);
  ASSERT_TRUE(observer->observe(view_of(data)).ok());
  std::unique_ptr<Observer> copy = observer->clone();
  EXPECT_EQ(copy->kind(), ObserverKind::kHistogramPercentile);
  EXPECT_EQ(range_of(*copy, int8_affine()), range_of(*observer, int8_affine()));
  EXPECT_EQ(copy->num_observed(), 1u);
}

}  // namespace
}  // namespace edgeq::quantizer
