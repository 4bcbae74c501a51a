// The depthwise int8 convolution kernels on every instruction-set path vs the scalar reference,
// bit-exact: channel counts around the 16 / 32-channel blocks, odd spatial sizes, 3x3 and 5x5,
// strides, symmetric and asymmetric padding, dilation, batches, zero points, clamps, threads, and
// the argument errors.
#include <gtest/gtest.h>
#include <pthreadpool.h>

#include <string>

#include "delegate/xnnpack/kernels/qconv_internal.h"
#include "tests/xnnpack_kernels/qconv_reference.h"

namespace edgeq::xnnpack::testing {
namespace {

// Spatial configurations: 1x1 input inside padding, odd sizes, both kernels and strides, no /
// symmetric / asymmetric padding, dilation 2.
std::vector<ConvCase> spatial_cases() {
  std::vector<ConvCase> cases;
  auto add = [&](int64_t in_h, int64_t in_w, int64_t kernel, int64_t stride, int64_t dilation,
                 int64_t top, int64_t left, int64_t bottom, int64_t right) {
    cases.push_back(with_window(depthwise_case(8), {in_h, in_w, kernel, kernel, stride, dilation,
                                                    top, left, bottom, right}));
  };
  add(1, 1, 3, 1, 1, 2, 2, 0, 0);
  add(1, 1, 5, 1, 1, 4, 4, 0, 0);
  add(2, 2, 3, 1, 1, 1, 1, 1, 1);
  add(5, 7, 3, 2, 1, 1, 1, 1, 1);
  add(13, 11, 3, 1, 1, 0, 0, 0, 0);
  add(13, 11, 5, 1, 1, 2, 2, 2, 2);
  add(5, 7, 5, 2, 1, 2, 1, 0, 2);
  add(13, 11, 3, 1, 2, 2, 2, 2, 2);
  add(7, 9, 5, 2, 2, 4, 3, 1, 4);
  add(6, 6, 3, 2, 1, 0, 0, 1, 1);
  add(10, 9, 3, 3, 1, 1, 2, 1, 1);  // stride 3 (any stride runs)
  return cases;
}

class DepthwisePathTest : public ::testing::TestWithParam<LinearIsa> {};

TEST_P(DepthwisePathTest, MatchesReferenceOnEveryShape) {
  EDGEQ_SKIP_IF_UNSUPPORTED(GetParam());
  const int64_t channel_counts[] = {1, 7, 8, 17, 31, 64, 96, 100, 144};
  uint32_t seed = 1;
  for (int64_t channels : channel_counts) {
    for (ConvCase c : spatial_cases()) {
      c.in_c = c.out_c = channels;
      c = with_varied_parameters(c, seed);
      expect_matches_reference(make_operands(c, seed), c, GetParam());
      ++seed;
    }
  }
}

// Saturating operands (every input and weight -128 or 127 around zero points at the ends of the
// range) with unit scales: the accumulators must be exact before requantization.
TEST_P(DepthwisePathTest, ExtremeOperandsAreExact) {
  EDGEQ_SKIP_IF_UNSUPPORTED(GetParam());
  for (int32_t zx : {-128, 127}) {
    ConvCase c = depthwise_case(8);
    c.in_c = c.out_c = 40;
    c.in_h = c.in_w = 6;
    c.kernel_h = c.kernel_w = 5;
    c.pad_top = c.pad_left = c.pad_bottom = c.pad_right = 2;
    c.input_zero_point = zx;
    SCOPED_TRACE(c.describe());
    ConvOperands o = make_operands(c, 99);
    for (size_t i = 0; i < o.x.size(); ++i) o.x[i] = i % 3 == 0 ? 127 : -128;
    for (size_t i = 0; i < o.filter.size(); ++i) o.filter[i] = i % 2 == 0 ? -128 : 127;
    for (float& s : o.r.scales) s = 1.0f / 1024;
    auto packed = pack_qconv_depthwise(o.filter.data(), o.bias.data(), o.g, o.r);
    ASSERT_TRUE(packed.ok()) << packed.status().to_string();
    const std::vector<int8_t> expected = reference_qconv(o.x, 1, o.filter, o.bias, o.g, o.r, true);
    std::vector<int8_t> y(expected.size());
    ASSERT_TRUE(run_packed(*packed, o.x, 1, y, GetParam(), nullptr).ok());
    EXPECT_EQ(y, expected);
  }
}

TEST_P(DepthwisePathTest, ThreadsGiveTheReferenceOutput) {
  EDGEQ_SKIP_IF_UNSUPPORTED(GetParam());
  pthreadpool_t pool = pthreadpool_create(3);
  ASSERT_NE(pool, nullptr);
  ConvCase c = depthwise_case(8);
  c.in_c = c.out_c = 96;
  c.in_h = 17;
  c.in_w = 19;
  c.batch = 3;
  c.input_zero_point = -5;
  c.output_zero_point = 3;
  expect_matches_reference(make_operands(c, 7), c, GetParam(), pool);
  c.kernel_h = c.kernel_w = 5;
  c.stride = 2;
  c.pad_top = c.pad_left = 2;
  c.pad_bottom = c.pad_right = 1;
  c.in_c = c.out_c = 144;
  expect_matches_reference(make_operands(c, 8), c, GetParam(), pool);
  pthreadpool_destroy(pool);
}

INSTANTIATE_TEST_SUITE_P(AllPaths, DepthwisePathTest, ::testing::ValuesIn(kQConvPaths),
                         [](const ::testing::TestParamInfo<LinearIsa>& info) {
                           return std::string(linear_isa_name(info.param));
                         });

TEST(DepthwiseArgumentsTest, PackRejectsWhatTheKernelsDoNotRun) {
  const ConvOperands o = make_operands(depthwise_case(8), 3);
  const std::vector<int8_t> filter16(16 * 8);
  QConvGeometry g = o.g;
  g.kernel_h = g.kernel_w = 4;
  g.pad_top = g.pad_left = 1;
  g.out_h = g.out_w = 4;
  auto four = pack_qconv_depthwise(filter16.data(), nullptr, g, o.r);
  ASSERT_FALSE(four.ok());
  EXPECT_NE(four.status().to_string().find("4x4"), std::string::npos) << four.status().to_string();

  g = o.g;
  g.kernel_w = 5;
  g.pad_left = 2;
  EXPECT_FALSE(pack_qconv_depthwise(o.filter.data(), nullptr, g, o.r).ok()) << "3x5 kernel";
  g = o.g;
  g.in_c = 16;
  EXPECT_FALSE(pack_qconv_depthwise(o.filter.data(), nullptr, g, o.r).ok());
  g = o.g;
  g.out_h += 2;  // would need 3 rows of padding after a 3-row kernel
  EXPECT_FALSE(pack_qconv_depthwise(o.filter.data(), nullptr, g, o.r).ok());
  g = o.g;
  g.pad_left = 3;  // not within the kernel
  EXPECT_FALSE(pack_qconv_depthwise(o.filter.data(), nullptr, g, o.r).ok());
  EXPECT_FALSE(pack_qconv_depthwise(nullptr, nullptr, o.g, o.r).ok());
}

TEST(DepthwiseArgumentsTest, RunRejectsSmallScratchNullBuffersAndOtherKinds) {
  const ConvCase c = depthwise_case(8);
  const ConvOperands o = make_operands(c, 4);
  auto packed = pack_qconv_depthwise(o.filter.data(), nullptr, o.g, o.r);
  ASSERT_TRUE(packed.ok()) << packed.status().to_string();
  std::vector<int8_t> y(static_cast<size_t>(o.g.out_h * o.g.out_w * o.g.out_c));
  std::vector<uint8_t> scratch(qconv_scratch_bytes(*packed, 1) - 1);
  const Status small = qconv_internal::run_depthwise(
      *packed, o.x.data(), 1, y.data(), Span<uint8_t>(scratch), LinearIsa::kPortable, nullptr);
  ASSERT_FALSE(small.ok());
  EXPECT_NE(small.to_string().find("scratch"), std::string::npos) << small.to_string();
  EXPECT_FALSE(run_qconv(*packed, o.x.data(), 1, y.data(), Span<uint8_t>(scratch)).ok());
  scratch.resize(scratch.size() + 1);
  EXPECT_FALSE(qconv_internal::run_depthwise(*packed, nullptr, 1, y.data(), Span<uint8_t>(scratch),
                                             LinearIsa::kPortable, nullptr)
                   .ok());
  EXPECT_FALSE(qconv_internal::run_depthwise(*packed, o.x.data(), -1, y.data(),
                                             Span<uint8_t>(scratch), LinearIsa::kPortable, nullptr)
                   .ok());
  // The best path through run_qconv's default arguments gives the reference bytes.
  ASSERT_TRUE(run_qconv(*packed, o.x.data(), 1, y.data(), Span<uint8_t>(scratch)).ok());
  EXPECT_EQ(y, reference_qconv(o.x, 1, o.filter, {}, o.g, o.r, true));

  // Dense weights are not the depthwise kernels' layout.
  QConvGeometry dense = o.g;
  dense.kernel_h = dense.kernel_w = 1;
  dense.pad_top = dense.pad_left = 0;
  const std::vector<int8_t> filter(static_cast<size_t>(dense.out_c * dense.in_c), 1);
  auto gemm = pack_qconv(filter.data(), nullptr, dense, o.r);
  ASSERT_TRUE(gemm.ok()) << gemm.status().to_string();
  std::vector<uint8_t> big(qconv_scratch_bytes(*gemm, 1) + 64);
  EXPECT_FALSE(qconv_internal::run_depthwise(*gemm, o.x.data(), 1, y.data(), Span<uint8_t>(big),
                                             LinearIsa::kPortable, nullptr)
                   .ok());
}

}  // namespace
}  // namespace edgeq::xnnpack::testing
