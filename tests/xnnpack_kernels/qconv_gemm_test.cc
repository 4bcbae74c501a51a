// The dense (GEMM) int8 convolution kernels through run_qconv on every instruction-set path vs the
// scalar reference, bit-exact: channel counts off the 4 / 16 / 64 multiples, odd spatial sizes,
// 1x1 to 7x7 kernels, strides, dilation, every kind of padding, batches, zero points at the ends
// of the range, fused clamps, accumulators that wrap, threads, and the argument errors.
#include <gtest/gtest.h>
#include <pthreadpool.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "delegate/xnnpack/kernels/qconv_kernels.h"
#include "tests/xnnpack_kernels/qconv_reference.h"

namespace edgeq::xnnpack::testing {
namespace {

// Spatial configurations: 1x1 (the fully connected case), 3x3 / 5x5 / 7x7, strides 1 and 2,
// dilation 2, no / symmetric / asymmetric / maximal padding, a 1x1 input inside padding.
std::vector<ConvCase> spatial_cases() {
  std::vector<ConvCase> cases;
  auto add = [&](int64_t in_h, int64_t in_w, int64_t kh, int64_t kw, int64_t stride,
                 int64_t dilation, int64_t top, int64_t left, int64_t bottom, int64_t right) {
    cases.push_back(
        with_window(ConvCase{}, {in_h, in_w, kh, kw, stride, dilation, top, left, bottom, right}));
  };
  add(1, 1, 1, 1, 1, 1, 0, 0, 0, 0);
  add(7, 5, 1, 1, 1, 1, 0, 0, 0, 0);
  add(7, 9, 1, 1, 2, 1, 0, 0, 0, 0);
  add(5, 7, 3, 3, 1, 1, 1, 1, 1, 1);
  add(9, 7, 3, 3, 2, 1, 1, 1, 1, 1);
  add(6, 6, 3, 3, 2, 1, 0, 0, 1, 1);
  add(1, 1, 3, 3, 1, 1, 2, 2, 0, 0);
  add(7, 7, 5, 5, 1, 1, 2, 2, 2, 2);
  add(5, 6, 5, 5, 2, 1, 4, 1, 0, 3);
  add(8, 7, 7, 7, 2, 1, 3, 3, 3, 3);
  add(3, 3, 7, 7, 1, 1, 6, 6, 0, 0);
  add(9, 9, 3, 3, 1, 2, 2, 2, 2, 2);
  add(7, 8, 3, 5, 1, 2, 4, 1, 1, 7);
  return cases;
}

class QConvGemmPathTest : public ::testing::TestWithParam<LinearIsa> {};

TEST_P(QConvGemmPathTest, MatchesReferenceOnEveryShape) {
  EDGEQ_SKIP_IF_UNSUPPORTED(GetParam());
  const int64_t channel_counts[] = {1, 3, 5, 17, 33, 70, 130};
  constexpr int64_t kChannelCounts = 7;
  constexpr int64_t kMacBudget = 3000000;
  uint32_t seed = 1;
  for (const ConvCase& spatial : spatial_cases()) {
    for (int64_t i = 0; i < kChannelCounts; ++i) {
      ConvCase c = spatial;
      c.in_c = channel_counts[i];
      c.out_c = channel_counts[(i + seed) % kChannelCounts];
      c = with_varied_parameters(c, seed);
      ++seed;
      if (c.macs() > kMacBudget) continue;  // keeps the suite fast (also under ASan)
      expect_matches_reference(make_operands(c, seed), c, GetParam());
    }
  }
}

// The per-channel fully connected case ([M, 1, 1, K] as a batch of 1x1 images) with all 64-channel
// tiles full and a ragged end.
TEST_P(QConvGemmPathTest, FullyConnectedAsBatchedOneByOne) {
  EDGEQ_SKIP_IF_UNSUPPORTED(GetParam());
  for (int64_t out_c : {64, 128, 150}) {
    ConvCase c;
    c.in_h = c.in_w = 1;
    c.kernel_h = c.kernel_w = 1;
    c.pad_top = c.pad_left = c.pad_bottom = c.pad_right = 0;
    c.in_c = 131;
    c.out_c = out_c;
    c.batch = 13;
    c.input_zero_point = -7;
    c.output_zero_point = 3;
    expect_matches_reference(make_operands(c, 40), c, GetParam());
  }
}

// Inputs and weights at the ends of the int8 range, zero points at both ends: the accumulators
// must be exact before requantization.
TEST_P(QConvGemmPathTest, ExtremeOperandsAreExact) {
  EDGEQ_SKIP_IF_UNSUPPORTED(GetParam());
  for (int32_t zx : {-128, 127}) {
    ConvCase c;
    c.in_c = 70;
    c.out_c = 33;
    c.in_h = c.in_w = 6;
    c.kernel_h = c.kernel_w = 3;
    c.input_zero_point = zx;
    ConvOperands o = make_operands(c, 99);
    for (size_t i = 0; i < o.x.size(); ++i) o.x[i] = i % 3 == 0 ? 127 : -128;
    for (size_t i = 0; i < o.filter.size(); ++i) o.filter[i] = i % 2 == 0 ? -128 : 127;
    for (float& s : o.r.scales) s = 1.0f / 4096;
    expect_matches_reference(o, c, GetParam());
  }
}

// Biases near the int32 limits: the accumulators wrap (as int32 does in the reference and in
// XNNPACK); a tiny scale keeps the wrapped values distinguishable in the output.
TEST_P(QConvGemmPathTest, AccumulatorsWrapLikeInt32) {
  EDGEQ_SKIP_IF_UNSUPPORTED(GetParam());
  ConvCase c;
  c.in_c = 33;
  c.out_c = 20;
  c.in_h = c.in_w = 5;
  c.input_zero_point = -128;
  ConvOperands o = make_operands(c, 7);
  for (size_t i = 0; i < o.bias.size(); ++i) {
    o.bias[i] = i % 2 == 0 ? std::numeric_limits<int32_t>::max() - 1000
                           : std::numeric_limits<int32_t>::min() + 1000;
  }
  for (float& s : o.r.scales) s = 1e-8f;
  expect_matches_reference(o, c, GetParam());
}

TEST_P(QConvGemmPathTest, ThreadsGiveTheReferenceOutput) {
  EDGEQ_SKIP_IF_UNSUPPORTED(GetParam());
  ConvCase c;
  c.in_c = 17;
  c.out_c = 70;
  c.in_h = 11;
  c.in_w = 9;
  c.batch = 3;
  c.input_zero_point = 5;
  c.output_zero_point = -9;
  const ConvOperands o = make_operands(c, 21);
  for (size_t threads : {1, 3}) {
    pthreadpool_t pool = pthreadpool_create(threads);
    ASSERT_NE(pool, nullptr);
    expect_matches_reference(o, c, GetParam(), pool);
    pthreadpool_destroy(pool);
  }
}

// The scratch span may start anywhere (with 5 input channels it holds the padded input copy).
TEST_P(QConvGemmPathTest, UnalignedScratchIsAccepted) {
  EDGEQ_SKIP_IF_UNSUPPORTED(GetParam());
  ConvCase c;
  c.in_c = 5;
  c.out_c = 17;
  const ConvOperands o = make_operands(c, 31);
  auto packed = pack_qconv(o.filter.data(), o.bias.data(), o.g, o.r);
  ASSERT_TRUE(packed.ok()) << packed.status().to_string();
  const std::vector<int8_t> expected = reference_qconv(o.x, 1, o.filter, o.bias, o.g, o.r, false);
  const size_t bytes = qconv_scratch_bytes(*packed, 1);
  std::vector<uint8_t> scratch(bytes + 64);
  for (size_t offset : {1, 3, 8, 61}) {
    std::vector<int8_t> y(expected.size(), 0x55);
    const Status status = run_qconv(*packed, o.x.data(), 1, y.data(),
                                    Span<uint8_t>(scratch.data() + offset, bytes), GetParam());
    ASSERT_TRUE(status.ok()) << status.to_string();
    EXPECT_EQ(y, expected) << "scratch offset " << offset;
  }
}

INSTANTIATE_TEST_SUITE_P(AllPaths, QConvGemmPathTest, ::testing::ValuesIn(kQConvPaths),
                         [](const ::testing::TestParamInfo<LinearIsa>& info) {
                           return std::string(linear_isa_name(info.param));
                         });

TEST(QConvGemmArgumentsTest, PackRejectsBadParameters) {
  ConvCase c;
  ConvOperands o = make_operands(c, 3);
  QConvGeometry wrong = o.g;
  wrong.out_h += 3;  // would need a bottom padding of 4, wider than the 3x3 window
  EXPECT_FALSE(pack_qconv(o.filter.data(), o.bias.data(), wrong, o.r).ok());
  QConvGeometry zero_stride = o.g;
  zero_stride.stride_w = 0;
  EXPECT_FALSE(pack_qconv(o.filter.data(), o.bias.data(), zero_stride, o.r).ok());
  QConvRequantization bad = o.r;
  bad.scales[1] = std::nanf("");
  EXPECT_FALSE(pack_qconv(o.filter.data(), o.bias.data(), o.g, bad).ok());
  bad = o.r;
  bad.scales.pop_back();
  EXPECT_FALSE(pack_qconv(o.filter.data(), o.bias.data(), o.g, bad).ok());
  bad = o.r;
  bad.qmin = 10;
  bad.qmax = 9;
  EXPECT_FALSE(pack_qconv(o.filter.data(), o.bias.data(), o.g, bad).ok());
  const auto null_filter = pack_qconv(nullptr, o.bias.data(), o.g, o.r);
  ASSERT_FALSE(null_filter.ok());
  EXPECT_NE(null_filter.status().to_string().find("filter"), std::string::npos);
}

TEST(QConvGemmArgumentsTest, RunRejectsBadArguments) {
  ConvCase c;
  c.batch = 2;
  c.in_c = 3;  // few channels: the kernel reads a padded copy of the input kept in the scratch
  ConvOperands o = make_operands(c, 4);
  auto packed = pack_qconv(o.filter.data(), o.bias.data(), o.g, o.r);
  ASSERT_TRUE(packed.ok()) << packed.status().to_string();
  std::vector<int8_t> y(static_cast<size_t>(2 * o.g.out_h * o.g.out_w * o.g.out_c));
  std::vector<uint8_t> scratch(qconv_scratch_bytes(*packed, 2));
  const Span<uint8_t> span(scratch);
  EXPECT_TRUE(run_qconv(*packed, o.x.data(), 2, y.data(), span).ok());
  const Status small =
      run_qconv(*packed, o.x.data(), 2, y.data(), span.subspan(0, span.size() - 1));
  ASSERT_FALSE(small.ok());
  EXPECT_NE(small.to_string().find("scratch"), std::string::npos);
  EXPECT_TRUE(run_qconv(*packed, o.x.data(), 0, y.data(), span).ok()) << "empty batch: nothing";
  EXPECT_FALSE(run_qconv(*packed, o.x.data(), -1, y.data(), span).ok());
  EXPECT_FALSE(run_qconv(*packed, nullptr, 2, y.data(), span).ok());
  EXPECT_FALSE(run_qconv(*packed, o.x.data(), 2, nullptr, span).ok());
  EXPECT_FALSE(run_qconv(*packed, o.x.data(), 2, y.data(), Span<uint8_t>()).ok());
  EXPECT_FALSE(run_qconv(PackedQConv(), o.x.data(), 2, y.data(), span).ok());
  for (LinearIsa isa : kQConvPaths) {
    const Status status = run_qconv(*packed, o.x.data(), 2, y.data(), span, isa);
    EXPECT_EQ(status.ok(), linear_isa_supported(isa)) << linear_isa_name(isa);
  }
}

}  // namespace
}  // namespace edgeq::xnnpack::testing
