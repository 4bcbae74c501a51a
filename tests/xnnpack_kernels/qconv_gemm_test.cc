// The dense int8 convolution kernels (GEMM over per-tap row pointers) on every instruction-set
// path vs the scalar reference, bit-exact: channel counts around the 4-byte groups, 16-channel
// blocks and 64-channel panels, 1x1 to 7x7 kernels, strides, dilation, padding, batches, zero
// points, clamps, accumulators near the int32 range, threads, and the argument errors.
#include <gtest/gtest.h>
#include <pthreadpool.h>

#include <string>

#include "delegate/xnnpack/kernels/qconv_kernels.h"
#include "tests/xnnpack_kernels/qconv_reference.h"

namespace edgeq::xnnpack::testing {
namespace {

constexpr LinearIsa kPaths[] = {LinearIsa::kPortable, LinearIsa::kAvx2, LinearIsa::kAvx512Vnni};

struct GemmCase {
  int64_t in_c = 8, out_c = 16;
  int64_t in_h = 5, in_w = 6;
  int64_t kernel = 3, stride = 1, dilation = 1, pad = 1;
  int64_t batch = 1;
  bool bias = true;
  int32_t input_zero_point = 0, output_zero_point = 0;
  int32_t qmin = -128, qmax = 127;

  QConvGeometry geometry() const {
    QConvGeometry g;
    g.in_h = in_h;
    g.in_w = in_w;
    g.in_c = in_c;
    g.out_c = out_c;
    g.kernel_h = g.kernel_w = kernel;
    g.stride_h = g.stride_w = stride;
    g.dilation_h = g.dilation_w = dilation;
    g.pad_top = g.pad_left = pad;
    const int64_t dilated = (kernel - 1) * dilation + 1;
    g.out_h = (in_h + 2 * pad - dilated) / stride + 1;
    g.out_w = (in_w + 2 * pad - dilated) / stride + 1;
    return g;
  }

  std::string describe() const {
    return "in_c=" + std::to_string(in_c) + " out_c=" + std::to_string(out_c) +
           " in=" + std::to_string(in_h) + "x" + std::to_string(in_w) +
           " k=" + std::to_string(kernel) + " s=" + std::to_string(stride) +
           " d=" + std::to_string(dilation) + " pad=" + std::to_string(pad) +
           " batch=" + std::to_string(batch) + " zx=" + std::to_string(input_zero_point) +
           " zy=" + std::to_string(output_zero_point) + " clamp=[" + std::to_string(qmin) + "," +
           std::to_string(qmax) + "]";
  }
};

struct Operands {
  QConvGeometry g;
  QConvRequantization r;
  std::vector<int8_t> x, filter;
  std::vector<int32_t> bias;
};

Operands make_operands(const GemmCase& c, uint32_t seed) {
  Operands o;
  o.g = c.geometry();
  o.r.input_zero_point = c.input_zero_point;
  o.r.output_zero_point = c.output_zero_point;
  o.r.qmin = c.qmin;
  o.r.qmax = c.qmax;
  // Larger reductions need smaller multipliers for the outputs to spread over the codes.
  const float reduction = static_cast<float>(c.in_c * c.kernel * c.kernel);
  o.r.scales = random_scales(static_cast<size_t>(c.out_c), seed, 1e-3f / reduction, 1.0f / reduction);
  o.x = random_int8(static_cast<size_t>(c.batch * c.in_h * c.in_w * c.in_c), seed + 1);
  o.filter = random_int8(static_cast<size_t>(c.out_c * c.kernel * c.kernel * c.in_c), seed + 2);
  if (c.bias) o.bias = random_int32(static_cast<size_t>(c.out_c), seed + 3, -100000, 100000);
  return o;
}

Status run(const PackedQConv& packed, const Operands& o, int64_t batch, std::vector<int8_t>& y,
           LinearIsa isa, pthreadpool* pool) {
  std::vector<uint8_t> scratch(qconv_scratch_bytes(packed, batch));
  return run_qconv(packed, o.x.data(), batch, y.data(), Span<uint8_t>(scratch), isa, pool);
}

void expect_matches_reference(const GemmCase& c, const Operands& o, LinearIsa isa,
                              pthreadpool* pool = nullptr) {
  SCOPED_TRACE(c.describe() + " isa=" + linear_isa_name(isa));
  auto packed = pack_qconv(o.filter.data(), o.bias.empty() ? nullptr : o.bias.data(), o.g, o.r);
  ASSERT_TRUE(packed.ok()) << packed.status().to_string();
  const std::vector<int8_t> expected =
      reference_qconv(o.x, c.batch, o.filter, o.bias, o.g, o.r, /*depthwise=*/false);
  std::vector<int8_t> y(expected.size(), 0x55);
  const Status status = run(*packed, o, c.batch, y, isa, pool);
  ASSERT_TRUE(status.ok()) << status.to_string();
  int failures = 0;
  for (size_t i = 0; i < expected.size() && failures < 5; ++i) {
    if (y[i] != expected[i]) {
      ADD_FAILURE() << "output " << i << " (pixel " << i / c.out_c << ", channel " << i % c.out_c
                    << "): got " << int{y[i]} << ", expected " << int{expected[i]};
      ++failures;
    }
  }
}

class GemmPathTest : public ::testing::TestWithParam<LinearIsa> {};

#define SKIP_IF_UNSUPPORTED(isa)                                                       \
  if (!linear_isa_supported(isa)) {                                                    \
    GTEST_SKIP() << "this CPU or build lacks the " << linear_isa_name(isa) << " path"; \
  }

TEST_P(GemmPathTest, MatchesReferenceOnEveryShape) {
  SKIP_IF_UNSUPPORTED(GetParam());
  // (kernel, stride, dilation, pad): 1x1, 3x3 same and strided, 5x5 dilated, 7x7 stem, maximal pad.
  const int64_t spatial[][4] = {{1, 1, 1, 0}, {1, 2, 1, 0}, {3, 1, 1, 1}, {3, 2, 1, 1},
                                {3, 1, 1, 2}, {5, 1, 2, 3}, {7, 2, 1, 3}, {3, 1, 1, 0}};
  const int64_t channels[][2] = {{1, 1}, {3, 17}, {5, 33}, {17, 70}, {70, 130}, {4, 64}};
  const int32_t zero_points[] = {-128, 127, 0, -7};
  uint32_t seed = 1;
  for (const auto& s : spatial) {
    for (const auto& ch : channels) {
      GemmCase c;
      c.kernel = s[0];
      c.stride = s[1];
      c.dilation = s[2];
      c.pad = s[3];
      c.in_c = ch[0];
      c.out_c = ch[1];
      c.in_h = 7 + seed % 3;
      c.in_w = 9 - seed % 4;
      c.batch = seed % 4 == 0 ? 3 : 1;
      c.bias = seed % 3 != 0;
      c.input_zero_point = zero_points[seed % 4];
      c.output_zero_point = zero_points[(seed / 4) % 4];
      if (seed % 5 == 0) {  // fused ReLU6-like clamp
        c.qmin = c.output_zero_point;
        c.qmax = std::min(c.output_zero_point + 60, 127);
      }
      expect_matches_reference(c, make_operands(c, seed), GetParam());
      ++seed;
    }
  }
}

// Every input and weight at the ends of the int8 range: accumulators far beyond what one 4-byte
// group gives, and (with a large bias) wrapping past the int32 range as XNNPACK's do.
TEST_P(GemmPathTest, ExtremeOperandsAndWrappingAccumulatorsAreExact) {
  SKIP_IF_UNSUPPORTED(GetParam());
  for (int32_t zx : {-128, 127}) {
    GemmCase c;
    c.in_c = 515;
    c.out_c = 20;
    c.in_h = c.in_w = 4;
    c.input_zero_point = zx;
    Operands o = make_operands(c, 5);
    for (size_t i = 0; i < o.x.size(); ++i) o.x[i] = i % 3 == 0 ? 127 : -128;
    for (size_t i = 0; i < o.filter.size(); ++i) o.filter[i] = (i / 515) % 2 == 0 ? -128 : 127;
    for (size_t i = 0; i < o.bias.size(); ++i) o.bias[i] = i % 2 == 0 ? 2147000000 : -2147000000;
    for (float& s : o.r.scales) s = 1.0f / 65536;
    expect_matches_reference(c, o, GetParam());
  }
}

TEST_P(GemmPathTest, ThreadsGiveTheReferenceOutput) {
  SKIP_IF_UNSUPPORTED(GetParam());
  pthreadpool_t pool = pthreadpool_create(3);
  ASSERT_NE(pool, nullptr);
  GemmCase c;
  c.in_c = 24;
  c.out_c = 150;
  c.in_h = 11;
  c.in_w = 13;
  c.batch = 2;
  c.input_zero_point = -5;
  c.output_zero_point = 3;
  expect_matches_reference(c, make_operands(c, 7), GetParam(), pool);
  c.kernel = 1;
  c.pad = 0;
  expect_matches_reference(c, make_operands(c, 8), GetParam(), pool);
  pthreadpool_destroy(pool);
}

INSTANTIATE_TEST_SUITE_P(AllPaths, GemmPathTest, ::testing::ValuesIn(kPaths),
                         [](const ::testing::TestParamInfo<LinearIsa>& info) {
                           return std::string(linear_isa_name(info.param));
                         });

TEST(GemmArgumentsTest, PackRejectsBadGeometryAndParameters) {
  const GemmCase c;
  const Operands o = make_operands(c, 3);
  EXPECT_FALSE(pack_qconv(nullptr, nullptr, o.g, o.r).ok());
  QConvGeometry g = o.g;
  g.out_h += 2;
  EXPECT_FALSE(pack_qconv(o.filter.data(), nullptr, g, o.r).ok()) << "output too tall";
  g = o.g;
  g.pad_left = 3;
  EXPECT_FALSE(pack_qconv(o.filter.data(), nullptr, g, o.r).ok()) << "padding beyond the kernel";
  QConvRequantization r = o.r;
  r.scales.pop_back();
  EXPECT_FALSE(pack_qconv(o.filter.data(), nullptr, o.g, r).ok()) << "one scale missing";
  r = o.r;
  r.scales[0] = -1.0f;
  EXPECT_FALSE(pack_qconv(o.filter.data(), nullptr, o.g, r).ok()) << "negative scale";
  r = o.r;
  r.qmin = 10;
  r.qmax = 5;
  EXPECT_FALSE(pack_qconv(o.filter.data(), nullptr, o.g, r).ok()) << "empty clamp";
  g = o.g;
  g.kernel_h = g.kernel_w = 9;  // 81 taps
  g.pad_top = g.pad_left = 4;
  const std::vector<int8_t> big(static_cast<size_t>(16 * 81 * 8));
  auto too_many = pack_qconv(big.data(), nullptr, g, o.r);
  ASSERT_FALSE(too_many.ok());
  EXPECT_NE(too_many.status().to_string().find("taps"), std::string::npos);
}

TEST(GemmArgumentsTest, RunRejectsNullBuffersAndUnpackedWeights) {
  const GemmCase c;
  const Operands o = make_operands(c, 4);
  auto packed = pack_qconv(o.filter.data(), nullptr, o.g, o.r);
  ASSERT_TRUE(packed.ok()) << packed.status().to_string();
  std::vector<int8_t> y(static_cast<size_t>(o.g.out_h * o.g.out_w * o.g.out_c));
  EXPECT_FALSE(run_qconv(*packed, nullptr, 1, y.data(), {}, LinearIsa::kPortable).ok());
  EXPECT_FALSE(run_qconv(*packed, o.x.data(), -1, y.data(), {}, LinearIsa::kPortable).ok());
  EXPECT_FALSE(run_qconv(PackedQConv(), o.x.data(), 1, y.data(), {}, LinearIsa::kPortable).ok());
}

}  // namespace
}  // namespace edgeq::xnnpack::testing
