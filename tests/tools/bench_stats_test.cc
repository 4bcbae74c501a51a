#include "tools/bench_stats.h"

#include <gtest/gtest.h>

#include <cstring>
#include <memory>
#include <vector>

namespace edgeq::tools {
namespace {

TEST(Percentile, InterpolatesBetweenRanksLikeNumpy) {
  // numpy.percentile([4, 1, 3, 2], [0, 25, 50, 90, 100]) = [1, 1.75, 2.5, 3.7, 4]
  const std::vector<double> samples = {4, 1, 3, 2};
  EXPECT_DOUBLE_EQ(percentile(samples, 0), 1.0);
  EXPECT_DOUBLE_EQ(percentile(samples, 25), 1.75);
  EXPECT_DOUBLE_EQ(percentile(samples, 50), 2.5);
  EXPECT_NEAR(percentile(samples, 90), 3.7, 1e-12);
  EXPECT_DOUBLE_EQ(percentile(samples, 100), 4.0);
}

TEST(Percentile, OddCountMedianIsTheMiddleSample) {
  EXPECT_DOUBLE_EQ(percentile({9, 1, 5}, 50), 5.0);
}

TEST(Percentile, EmptyIsZeroSingleIsItselfAndOutOfRangeIsClamped) {
  EXPECT_EQ(percentile({}, 50), 0.0);
  EXPECT_EQ(percentile({7}, 90), 7.0);
  EXPECT_EQ(percentile({1, 2, 3}, -10), 1.0);
  EXPECT_EQ(percentile({1, 2, 3}, 250), 3.0);
}

TEST(SummarizeTimes, MatchesASimpleReference) {
  std::vector<double> samples;
  for (int i = 10; i >= 1; --i) samples.push_back(i);  // 10, 9, ..., 1
  const TimingSummary summary = summarize_times(samples);
  EXPECT_EQ(summary.count, 10u);
  EXPECT_EQ(summary.min, 1.0);
  EXPECT_EQ(summary.max, 10.0);
  EXPECT_DOUBLE_EQ(summary.median, 5.5);
  EXPECT_DOUBLE_EQ(summary.p90, 9.1);  // rank 0.9 * 9 = 8.1 between 9 and 10
  EXPECT_DOUBLE_EQ(summary.mean, 5.5);
}

TEST(SummarizeTimes, EmptyIsAllZero) {
  const TimingSummary summary = summarize_times({});
  EXPECT_EQ(summary.count, 0u);
  EXPECT_EQ(summary.min, 0.0);
  EXPECT_EQ(summary.median, 0.0);
  EXPECT_EQ(summary.mean, 0.0);
}

TEST(ResidentMemory, PeakGrowsWhenTouchingNewMemory) {
  constexpr size_t kBytes = 64u << 20;
  const uint64_t before = current_rss_bytes();
  ASSERT_GT(before, 0u);
  ASSERT_GE(peak_rss_bytes(), before);
  auto block = std::make_unique<char[]>(kBytes);
  std::memset(block.get(), 1, kBytes);  // touch every page so it becomes resident
  const uint64_t peak = peak_rss_bytes();
  EXPECT_GE(peak, before + kBytes - (4u << 20)) << "before " << before << " peak " << peak;
  EXPECT_EQ(block[kBytes - 1], 1);
}

}  // namespace
}  // namespace edgeq::tools
