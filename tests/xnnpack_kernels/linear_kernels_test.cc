// The linear kernels (dynamic int8, 8da4w) on every instruction-set path vs the scalar reference:
// odd shapes, exact integer accumulators, column ranges and the thread split.
#include "delegate/xnnpack/kernels/linear_kernels.h"

#include <gtest/gtest.h>
#include <pthreadpool.h>

#include <cmath>
#include <string>
#include <tuple>

#include "tests/xnnpack_kernels/linear_reference.h"

namespace edgeq::xnnpack::testing {
namespace {

constexpr LinearIsa kPaths[] = {LinearIsa::kPortable, LinearIsa::kAvx2, LinearIsa::kAvx512Vnni};

#define SKIP_IF_UNSUPPORTED(isa)                                                       \
  if (!linear_isa_supported(isa)) {                                                    \
    GTEST_SKIP() << "this CPU or build lacks the " << linear_isa_name(isa) << " path"; \
  }

struct Shape3 {
  int64_t m, n, k, group;
};

std::string describe(LinearScheme scheme, const Shape3& s, LinearIsa isa) {
  return std::string(scheme == LinearScheme::kDynamicInt8 ? "dynamic_int8" : "8da4w") +
         " m=" + std::to_string(s.m) + " n=" + std::to_string(s.n) + " k=" + std::to_string(s.k) +
         " group=" + std::to_string(s.group) + " isa=" + linear_isa_name(isa);
}

void expect_matches_reference(LinearScheme scheme, const Shape3& s, LinearIsa isa, bool bias,
                              uint32_t seed) {
  SCOPED_TRACE(describe(scheme, s, isa));
  const LinearWeights weights = random_weights(scheme, s.n, s.k, s.group, bias, seed);
  const std::vector<float> x = random_input(s.m, s.k, seed + 1);
  auto packed = weights.pack(scheme);
  ASSERT_TRUE(packed.ok()) << packed.status().to_string();
  std::vector<float> magnitude;
  const std::vector<float> expected = reference_linear(scheme, weights, x, s.m, &magnitude);
  auto got = run_packed(*packed, x, s.m, isa);
  ASSERT_TRUE(got.ok()) << got.status().to_string();
  int failures = 0;
  for (size_t i = 0; i < expected.size() && failures < 5; ++i) {
    const float bound = 1e-5f * magnitude[i];
    if (!(std::fabs(got.value()[i] - expected[i]) <= bound)) {
      ADD_FAILURE() << "output " << i << " (row " << i / s.n << ", column " << i % s.n << "): got "
                    << got.value()[i] << ", expected " << expected[i];
      ++failures;
    }
  }
}

class LinearPathTest : public ::testing::TestWithParam<LinearIsa> {};

TEST_P(LinearPathTest, DynamicInt8MatchesReferenceOnOddShapes) {
  SKIP_IF_UNSUPPORTED(GetParam());
  const Shape3 shapes[] = {{1, 1, 1, 0},     {1, 17, 5, 0},    {7, 33, 67, 0},
                           {64, 50, 130, 0}, {1, 64, 1024, 0}, {9, 16, 64, 0}};
  uint32_t seed = 10;
  for (const Shape3& s : shapes) {
    expect_matches_reference(LinearScheme::kDynamicInt8, s, GetParam(), seed % 2 == 0, seed);
    ++seed;
  }
}

TEST_P(LinearPathTest, Int4MatchesReferenceOnOddShapesAndAllGroupSizes) {
  SKIP_IF_UNSUPPORTED(GetParam());
  // K a multiple of the group, K with a short last group (not a multiple of 8 either), K below
  // one group; N not a multiple of the 16-column tile; 1, 7 and 64 rows.
  const Shape3 shapes[] = {{1, 16, 256, 32},   {7, 33, 200, 64}, {64, 20, 384, 128},
                           {1, 47, 517, 256},  {7, 5, 37, 32},   {64, 31, 100, 256},
                           {1, 64, 1024, 128}, {3, 18, 40, 40}};
  uint32_t seed = 40;
  for (const Shape3& s : shapes) {
    expect_matches_reference(LinearScheme::kInt8DynActInt4Weight, s, GetParam(), seed % 2 == 1,
                             seed);
    ++seed;
  }
}

// Integer activations spanning exactly [-100, 155] quantize with scale 1 and zero point -28, so
// with unit weight scales and no bias every output is the exact integer sum of x * w: the int32
// accumulators (and their zero-point correction) must be bit-exact.
TEST_P(LinearPathTest, AccumulatorsAreExactIntegers) {
  SKIP_IF_UNSUPPORTED(GetParam());
  for (LinearScheme scheme : {LinearScheme::kDynamicInt8, LinearScheme::kInt8DynActInt4Weight}) {
    const int64_t m = 7, n = 35, k = 301, group = 64;
    SCOPED_TRACE(describe(scheme, Shape3{m, n, k, group}, GetParam()));
    LinearWeights weights = random_weights(scheme, n, k, group, false, 77);
    for (float& s : weights.scales) s = 1.f;
    std::vector<float> x = random_input(m, k, 78);
    for (int64_t r = 0; r < m; ++r) {
      for (int64_t i = 0; i < k; ++i) {
        x[r * k + i] = static_cast<float>((r * 131 + i * 37) % 256 - 100);
      }
      x[r * k + r] = -100.f;
      x[r * k + k - 1 - r] = 155.f;
    }
    const QuantizedRows q = runtime_dynamic_quantize(x, m, k);
    ASSERT_EQ(q.scale[0], 1.f);
    ASSERT_EQ(q.zero_point[0], -28);
    auto packed = weights.pack(scheme);
    ASSERT_TRUE(packed.ok()) << packed.status().to_string();
    auto got = run_packed(*packed, x, m, GetParam());
    ASSERT_TRUE(got.ok()) << got.status().to_string();
    for (int64_t r = 0; r < m; ++r) {
      for (int64_t c = 0; c < n; ++c) {
        int64_t exact = 0;
        for (int64_t i = 0; i < k; ++i) {
          exact += static_cast<int64_t>(x[r * k + i]) * weights.w[c * k + i];
        }
        ASSERT_EQ(got.value()[r * n + c], static_cast<float>(exact)) << "row " << r << " col " << c;
      }
    }
  }
}

TEST_P(LinearPathTest, ColumnRangesAndThreadsGiveTheSameOutput) {
  SKIP_IF_UNSUPPORTED(GetParam());
  const int64_t m = 5, n = 70, k = 96;
  const LinearWeights weights =
      random_weights(LinearScheme::kInt8DynActInt4Weight, n, k, 32, true, 5);
  auto packed = weights.pack(LinearScheme::kInt8DynActInt4Weight);
  ASSERT_TRUE(packed.ok());
  const std::vector<float> x = random_input(m, k, 6);
  auto whole = run_packed(*packed, x, m, GetParam());
  ASSERT_TRUE(whole.ok());

  // Ranges that cut tiles in the middle.
  AlignedBuffer scratch(linear_scratch_bytes(*packed, m));
  const Span<uint8_t> span(scratch.data(), scratch.size());
  ASSERT_TRUE(quantize_linear_input(*packed, x.data(), m, span).ok());
  std::vector<float> pieces(static_cast<size_t>(m * n), -1.f);
  for (auto [begin, end] :
       {std::pair<int64_t, int64_t>{0, 5}, {5, 21}, {21, 21}, {21, 64}, {64, 70}}) {
    ASSERT_TRUE(
        compute_linear_columns(*packed, span, m, begin, end, pieces.data(), GetParam()).ok());
  }
  EXPECT_EQ(pieces, whole.value());

  pthreadpool_t pool = pthreadpool_create(2);
  ASSERT_NE(pool, nullptr);
  std::vector<float> threaded(static_cast<size_t>(m * n), -1.f);
  const Status status = run_linear(*packed, x.data(), m, threaded.data(), span, GetParam(), pool);
  pthreadpool_destroy(pool);
  ASSERT_TRUE(status.ok()) << status.to_string();
  EXPECT_EQ(threaded, whole.value());
}

INSTANTIATE_TEST_SUITE_P(AllPaths, LinearPathTest, ::testing::ValuesIn(kPaths),
                         [](const ::testing::TestParamInfo<LinearIsa>& info) {
                           return std::string(linear_isa_name(info.param));
                         });

TEST(LinearIsaTest, AutoIsSupportedAndNamesTheBestPath) {
  EXPECT_TRUE(linear_isa_supported(LinearIsa::kAuto));
  EXPECT_TRUE(linear_isa_supported(LinearIsa::kPortable));
  const LinearIsa best = best_linear_isa();
  EXPECT_NE(best, LinearIsa::kAuto);
  EXPECT_TRUE(linear_isa_supported(best));
  if (linear_isa_supported(LinearIsa::kAvx512Vnni)) {
    EXPECT_EQ(best, LinearIsa::kAvx512Vnni);
  }
}

}  // namespace
}  // namespace edgeq::xnnpack::testing
