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

constexpr LinearIsa kPaths[] = {LinearIsa::kPortable, LinearIsa::kAvx2, LinearIsa::kAvx512Vnni};

// One depthwise convolution: geometry from the input size, kernel, stride, dilation and the four
// paddings.
struct DwCase {
  int64_t channels = 8;
  int64_t in_h = 5, in_w = 5;
  int64_t kernel = 3;
  int64_t stride = 1;
  int64_t dilation = 1;
  int64_t pad_top = 1, pad_left = 1, pad_bottom = 1, pad_right = 1;
  int64_t batch = 1;
  bool bias = true;
  int32_t input_zero_point = 0;
  int32_t output_zero_point = 0;
  int32_t qmin = -128, qmax = 127;

  QConvGeometry geometry() const {
    QConvGeometry g;
    g.in_h = in_h;
    g.in_w = in_w;
    g.in_c = g.out_c = channels;
    g.kernel_h = g.kernel_w = kernel;
    g.stride_h = g.stride_w = stride;
    g.dilation_h = g.dilation_w = dilation;
    g.pad_top = pad_top;
    g.pad_left = pad_left;
    const int64_t dilated = (kernel - 1) * dilation + 1;
    g.out_h = (in_h + pad_top + pad_bottom - dilated) / stride + 1;
    g.out_w = (in_w + pad_left + pad_right - dilated) / stride + 1;
    return g;
  }

  std::string describe() const {
    return "c=" + std::to_string(channels) + " in=" + std::to_string(in_h) + "x" +
           std::to_string(in_w) + " k=" + std::to_string(kernel) + " s=" + std::to_string(stride) +
           " d=" + std::to_string(dilation) + " pad=" + std::to_string(pad_top) + "," +
           std::to_string(pad_left) + "," + std::to_string(pad_bottom) + "," +
           std::to_string(pad_right) + " batch=" + std::to_string(batch) +
           " bias=" + std::to_string(bias) + " zx=" + std::to_string(input_zero_point) +
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

Operands make_operands(const DwCase& c, uint32_t seed) {
  Operands o;
  o.g = c.geometry();
  o.r.input_zero_point = c.input_zero_point;
  o.r.output_zero_point = c.output_zero_point;
  o.r.qmin = c.qmin;
  o.r.qmax = c.qmax;
  o.r.scales = random_scales(static_cast<size_t>(c.channels), seed, 1e-4f, 1.0f);
  o.x = random_int8(static_cast<size_t>(c.batch * c.in_h * c.in_w * c.channels), seed + 1);
  o.filter = random_int8(static_cast<size_t>(c.kernel * c.kernel * c.channels), seed + 2);
  if (c.bias) o.bias = random_int32(static_cast<size_t>(c.channels), seed + 3, -100000, 100000);
  return o;
}

Status run(const PackedQConv& packed, const std::vector<int8_t>& x, int64_t batch,
           std::vector<int8_t>& y, LinearIsa isa, pthreadpool* pool) {
  std::vector<uint8_t> scratch(qconv_internal::depthwise_scratch_bytes(packed, batch));
  return qconv_internal::run_depthwise(packed, x.data(), batch, y.data(), Span<uint8_t>(scratch),
                                       isa, pool);
}

void expect_matches_reference(const DwCase& c, LinearIsa isa, uint32_t seed,
                              pthreadpool* pool = nullptr) {
  SCOPED_TRACE(c.describe() + " isa=" + linear_isa_name(isa));
  const Operands o = make_operands(c, seed);
  auto packed =
      pack_qconv_depthwise(o.filter.data(), o.bias.empty() ? nullptr : o.bias.data(), o.g, o.r);
  ASSERT_TRUE(packed.ok()) << packed.status().to_string();
  const std::vector<int8_t> expected =
      reference_qconv(o.x, c.batch, o.filter, o.bias, o.g, o.r, /*depthwise=*/true);
  std::vector<int8_t> y(expected.size(), 0x55);
  const Status status = run(*packed, o.x, c.batch, y, isa, pool);
  ASSERT_TRUE(status.ok()) << status.to_string();
  int failures = 0;
  for (size_t i = 0; i < expected.size() && failures < 5; ++i) {
    if (y[i] != expected[i]) {
      ADD_FAILURE() << "output " << i << " (pixel " << i / c.channels << ", channel "
                    << i % c.channels << "): got " << int{y[i]} << ", expected "
                    << int{expected[i]};
      ++failures;
    }
  }
}

// Spatial configurations: 1x1 input inside padding, odd sizes, both kernels and strides, no /
// symmetric / asymmetric padding, dilation 2.
std::vector<DwCase> spatial_cases() {
  std::vector<DwCase> cases;
  auto add = [&](int64_t in_h, int64_t in_w, int64_t kernel, int64_t stride, int64_t dilation,
                 int64_t top, int64_t left, int64_t bottom, int64_t right) {
    DwCase c;
    c.in_h = in_h;
    c.in_w = in_w;
    c.kernel = kernel;
    c.stride = stride;
    c.dilation = dilation;
    c.pad_top = top;
    c.pad_left = left;
    c.pad_bottom = bottom;
    c.pad_right = right;
    cases.push_back(c);
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

#define SKIP_IF_UNSUPPORTED(isa)                                                       \
  if (!linear_isa_supported(isa)) {                                                    \
    GTEST_SKIP() << "this CPU or build lacks the " << linear_isa_name(isa) << " path"; \
  }

TEST_P(DepthwisePathTest, MatchesReferenceOnEveryShape) {
  SKIP_IF_UNSUPPORTED(GetParam());
  const int64_t channel_counts[] = {1, 7, 8, 17, 31, 64, 96, 100, 144};
  const int32_t zero_points[] = {-128, 127, 0};
  uint32_t seed = 1;
  for (int64_t channels : channel_counts) {
    for (DwCase c : spatial_cases()) {
      c.channels = channels;
      c.batch = seed % 4 == 0 ? 3 : 1;
      c.bias = seed % 3 != 0;
      c.input_zero_point = zero_points[seed % 3];
      c.output_zero_point = zero_points[(seed / 3) % 3];
      if (seed % 5 == 0) {  // fused ReLU6-like clamp
        c.qmin = std::max(c.output_zero_point, -128);
        c.qmax = std::min(c.output_zero_point + 60, 127);
      }
      expect_matches_reference(c, GetParam(), seed);
      ++seed;
    }
  }
}

// Saturating operands (every input and weight -128 or 127 around zero points at the ends of the
// range) with unit scales: the accumulators must be exact before requantization.
TEST_P(DepthwisePathTest, ExtremeOperandsAreExact) {
  SKIP_IF_UNSUPPORTED(GetParam());
  for (int32_t zx : {-128, 127}) {
    DwCase c;
    c.channels = 40;
    c.in_h = c.in_w = 6;
    c.kernel = 5;
    c.pad_top = c.pad_left = c.pad_bottom = c.pad_right = 2;
    c.input_zero_point = zx;
    SCOPED_TRACE(c.describe());
    Operands o = make_operands(c, 99);
    for (size_t i = 0; i < o.x.size(); ++i) o.x[i] = i % 3 == 0 ? 127 : -128;
    for (size_t i = 0; i < o.filter.size(); ++i) o.filter[i] = i % 2 == 0 ? -128 : 127;
    for (float& s : o.r.scales) s = 1.0f / 1024;
    auto packed = pack_qconv_depthwise(o.filter.data(), o.bias.data(), o.g, o.r);
    ASSERT_TRUE(packed.ok()) << packed.status().to_string();
    const std::vector<int8_t> expected = reference_qconv(o.x, 1, o.filter, o.bias, o.g, o.r, true);
    std::vector<int8_t> y(expected.size());
    ASSERT_TRUE(run(*packed, o.x, 1, y, GetParam(), nullptr).ok());
    EXPECT_EQ(y, expected);
  }
}

TEST_P(DepthwisePathTest, ThreadsGiveTheReferenceOutput) {
  SKIP_IF_UNSUPPORTED(GetParam());
  pthreadpool_t pool = pthreadpool_create(3);
  ASSERT_NE(pool, nullptr);
  DwCase c;
  c.channels = 96;
  c.in_h = 17;
  c.in_w = 19;
  c.batch = 3;
  c.input_zero_point = -5;
  c.output_zero_point = 3;
  expect_matches_reference(c, GetParam(), 7, pool);
  c.kernel = 5;
  c.stride = 2;
  c.pad_top = c.pad_left = 2;
  c.pad_bottom = c.pad_right = 1;
  c.channels = 144;
  expect_matches_reference(c, GetParam(), 8, pool);
  pthreadpool_destroy(pool);
}

INSTANTIATE_TEST_SUITE_P(AllPaths, DepthwisePathTest, ::testing::ValuesIn(kPaths),
                         [](const ::testing::TestParamInfo<LinearIsa>& info) {
                           return std::string(linear_isa_name(info.param));
                         });

TEST(DepthwiseArgumentsTest, PackRejectsWhatTheKernelsDoNotRun) {
  const Operands o = make_operands(DwCase{}, 3);
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

TEST(DepthwiseArgumentsTest, RunRejectsSmallScratchAndNullBuffers) {
  const DwCase c;
  const Operands o = make_operands(c, 4);
  auto packed = pack_qconv_depthwise(o.filter.data(), nullptr, o.g, o.r);
  ASSERT_TRUE(packed.ok()) << packed.status().to_string();
  std::vector<int8_t> y(static_cast<size_t>(o.g.out_h * o.g.out_w * o.g.out_c));
  std::vector<uint8_t> scratch(qconv_internal::depthwise_scratch_bytes(*packed, 1) - 1);
  const Status small = qconv_internal::run_depthwise(
      *packed, o.x.data(), 1, y.data(), Span<uint8_t>(scratch), LinearIsa::kPortable, nullptr);
  ASSERT_FALSE(small.ok());
  EXPECT_NE(small.to_string().find("scratch"), std::string::npos) << small.to_string();
  scratch.resize(scratch.size() + 1);
  EXPECT_FALSE(qconv_internal::run_depthwise(*packed, nullptr, 1, y.data(), Span<uint8_t>(scratch),
                                             LinearIsa::kPortable, nullptr)
                   .ok());
  EXPECT_FALSE(qconv_internal::run_depthwise(*packed, o.x.data(), -1, y.data(),
                                             Span<uint8_t>(scratch), LinearIsa::kPortable, nullptr)
                   .ok());
}

}  // namespace
}  // namespace edgeq::xnnpack::testing
