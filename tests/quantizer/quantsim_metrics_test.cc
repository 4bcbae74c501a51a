// QuantSim metrics against hand-computed values: SQNR, cosine, max/mean error (with the all-zero
// and identical cases), accumulation over batches, top-1 agreement and accuracy.
#include "quantizer/quantsim_metrics.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

namespace edgeq::quantizer {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

TensorView f32(const std::vector<float>& values, Shape shape) {
  return TensorView(DType::kF32, shape, values.data());
}

TensorView f32(const std::vector<float>& values) {
  return f32(values, Shape{static_cast<int64_t>(values.size())});
}

TEST(QuantSimMetrics, HandComputedErrorStats) {
  // r = [1, 2, 3, 4], t = [1, 2, 3, 5]: Σr² = 30, Σ(r−t)² = 1, Σr·t = 34, Σt² = 39.
  const std::vector<float> r = {1, 2, 3, 4}, t = {1, 2, 3, 5};
  auto stats = compare_tensors(f32(r), f32(t));
  ASSERT_TRUE(stats.ok()) << stats.status().to_string();
  EXPECT_EQ(stats->count, 4);
  EXPECT_NEAR(stats->sqnr_db, 14.7712125472, 1e-9);  // 10·log10(30)
  EXPECT_NEAR(stats->cosine, 0.9939990885, 1e-9);    // 34 / sqrt(30·39)
  EXPECT_DOUBLE_EQ(stats->max_abs_error, 1.0);
  EXPECT_DOUBLE_EQ(stats->mean_abs_error, 0.25);

  // r = [1, −1], t = [0.9, −1.1]: signal 2, noise 0.02: exactly 20 dB.
  const std::vector<float> r2 = {1, -1}, t2 = {0.9f, -1.1f};
  auto twenty = compare_tensors(f32(r2), f32(t2));
  ASSERT_TRUE(twenty.ok());
  EXPECT_NEAR(twenty->sqnr_db, 20.0, 1e-5);
  EXPECT_NEAR(twenty->max_abs_error, 0.1, 1e-6);
}

TEST(QuantSimMetrics, IdenticalAndAllZeroCases) {
  const std::vector<float> r = {0.5f, -2, 7};
  auto same = compare_tensors(f32(r), f32(r));
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(same->sqnr_db, kInf);
  EXPECT_DOUBLE_EQ(same->cosine, 1.0);
  EXPECT_EQ(same->max_abs_error, 0.0);

  const std::vector<float> zeros = {0, 0, 0}, small = {0, 0.5f, 0};
  auto both_zero = compare_tensors(f32(zeros), f32(zeros));
  ASSERT_TRUE(both_zero.ok());
  EXPECT_EQ(both_zero->sqnr_db, kInf);
  EXPECT_DOUBLE_EQ(both_zero->cosine, 1.0);

  auto no_signal = compare_tensors(f32(zeros), f32(small));
  ASSERT_TRUE(no_signal.ok());
  EXPECT_EQ(no_signal->sqnr_db, -kInf);
  EXPECT_DOUBLE_EQ(no_signal->cosine, 0.0);
  EXPECT_DOUBLE_EQ(no_signal->mean_abs_error, 0.5 / 3);

  auto zero_test = compare_tensors(f32(small), f32(zeros));
  ASSERT_TRUE(zero_test.ok());
  EXPECT_NEAR(zero_test->sqnr_db, 0.0, 1e-12);  // noise equals signal
  EXPECT_DOUBLE_EQ(zero_test->cosine, 0.0);

  TensorErrorAccumulator empty;
  EXPECT_EQ(empty.stats().count, 0);
  EXPECT_EQ(empty.stats().sqnr_db, 0.0);
}

TEST(QuantSimMetrics, AccumulatesOverBatchesLikeOneBatch) {
  TensorErrorAccumulator accumulator;
  const std::vector<float> r1 = {1, 2}, t1 = {1, 2}, r2 = {3, 4}, t2 = {3, 5};
  ASSERT_TRUE(accumulator.add(f32(r1), f32(t1)).ok());
  ASSERT_TRUE(accumulator.add(f32(r2, Shape{1, 2}), f32(t2, Shape{2, 1})).ok());
  const TensorErrorStats stats = accumulator.stats();
  EXPECT_EQ(stats.count, 4);
  EXPECT_NEAR(stats.sqnr_db, 14.7712125472, 1e-9);
  EXPECT_DOUBLE_EQ(stats.mean_abs_error, 0.25);
  EXPECT_DOUBLE_EQ(stats.max_abs_error, 1.0);
}

TEST(QuantSimMetrics, BadInputsAreErrors) {
  TensorErrorAccumulator accumulator;
  const std::vector<float> three = {1, 2, 3}, two = {1, 2};
  Status status = accumulator.add(f32(three), f32(two));
  EXPECT_EQ(status.message(), "reference f32[3] and test f32[2] differ in element count");
  const std::vector<float> with_nan = {1, std::nanf(""), 3};
  status = accumulator.add(f32(three), f32(with_nan));
  EXPECT_EQ(status.message(), "test element 1 is not finite (nan)");
  const std::vector<int32_t> ints = {1, 2, 3};
  status = accumulator.add(TensorView(DType::kI32, Shape{3}, ints.data()), f32(three));
  EXPECT_EQ(status.message(), "reference tensor is i32[3], expected f32");
  EXPECT_EQ(accumulator.count(), 0) << "a rejected batch adds nothing";
}

TEST(QuantSimMetrics, ClassScoreShapes) {
  EXPECT_TRUE(looks_like_class_scores(Shape{10}));
  EXPECT_TRUE(looks_like_class_scores(Shape{4, 10}));
  EXPECT_TRUE(looks_like_class_scores(Shape{4, 10, 1, 1}));
  EXPECT_FALSE(looks_like_class_scores(Shape{4, 1}));
  EXPECT_FALSE(looks_like_class_scores(Shape{4, 3, 8, 8}));
  EXPECT_FALSE(looks_like_class_scores(Shape{}));
}

TEST(QuantSimMetrics, ArgmaxTakesTheFirstOfTies) {
  const std::vector<float> scores = {1, 3, 3, 0, 9, 8, 2, 2, 2};
  auto best = argmax_per_sample(f32(scores, Shape{3, 3, 1, 1}));
  ASSERT_TRUE(best.ok());
  EXPECT_EQ(*best, (std::vector<int64_t>{1, 1, 0}));
  auto bad = argmax_per_sample(f32(scores, Shape{1, 1, 9}));
  EXPECT_FALSE(bad.ok());
}

TEST(QuantSimMetrics, Top1AgreementCountsMatchingSamples) {
  const std::vector<float> reference = {1, 3, 2, 5, 0, 1}, test = {1, 2, 3, 5, 0, 1};
  Top1Agreement agreement;
  ASSERT_TRUE(agreement.add(f32(reference, Shape{2, 3}), f32(test, Shape{2, 3})).ok());
  ASSERT_TRUE(agreement.add(f32(reference, Shape{2, 3}), f32(reference, Shape{2, 3})).ok());
  EXPECT_EQ(agreement.agreed(), 3);
  EXPECT_EQ(agreement.total(), 4);
  EXPECT_DOUBLE_EQ(agreement.rate(), 0.75);
  EXPECT_FALSE(agreement.add(f32(reference, Shape{2, 3}), f32(reference, Shape{3, 2})).ok());
  EXPECT_DOUBLE_EQ(Top1Agreement().rate(), 0.0);
}

TEST(QuantSimMetrics, AccuracyAgainstLabels) {
  const std::vector<float> scores = {1, 3, 2, 5, 0, 1};  // predicts 1, 0
  AccuracyCounter counter;
  const std::vector<int64_t> labels = {1, 2};
  ASSERT_TRUE(counter.add(f32(scores, Shape{2, 3}), Span<const int64_t>(labels)).ok());
  EXPECT_EQ(counter.correct(), 1);
  EXPECT_DOUBLE_EQ(counter.accuracy(), 0.5);
  const std::vector<int64_t> out_of_range = {1, 3};
  Status status = counter.add(f32(scores, Shape{2, 3}), Span<const int64_t>(out_of_range));
  EXPECT_EQ(status.message(), "label of sample 1 is 3, outside [0, 3)");
  const std::vector<int64_t> one = {1};
  status = counter.add(f32(scores, Shape{2, 3}), Span<const int64_t>(one));
  EXPECT_EQ(status.message(), "1 labels for 2 samples of scores f32[2, 3]");
  EXPECT_EQ(counter.total(), 2);
}

}  // namespace
}  // namespace edgeq::quantizer
