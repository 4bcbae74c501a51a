// Conv against a direct convolution written here, on random inputs: odd sizes, strides, padding,
// dilation, groups, depthwise, 1x1, 1-D / 2-D / 3-D, batch > 1, with weights both constant
// (pre-packed) and unknown at prepare.
#include <gtest/gtest.h>

#include <vector>

#include "tests/runtime/kernels/gemm_f32_test_util.h"

namespace edgeq::testing {
namespace {

struct ConvCase {
  std::vector<int64_t> input;  // N, C, spatial...
  int64_t out_channels;
  std::vector<int64_t> kernel;                    // spatial
  std::vector<int64_t> strides, pads, dilations;  // empty: defaults
  int64_t group = 1;
  bool bias = true;
};

// Direct convolution: every output element sums its window, skipping taps in the padding.
std::vector<float> direct_conv(const ConvCase& c, const std::vector<int64_t>& out_spatial,
                               const std::vector<float>& x, const std::vector<float>& w,
                               const std::vector<float>& b) {
  const size_t r = c.kernel.size();
  auto at = [](const std::vector<int64_t>& v, size_t i, int64_t d) { return v.empty() ? d : v[i]; };
  const int64_t batch = c.input[0], channels = c.input[1];
  const int64_t cin_g = channels / c.group, cout_g = c.out_channels / c.group;
  int64_t in_size = 1, out_size = 1, k_size = 1;
  for (size_t i = 0; i < r; ++i) {
    in_size *= c.input[2 + i];
    out_size *= out_spatial[i];
    k_size *= c.kernel[i];
  }
  std::vector<float> y(batch * c.out_channels * out_size);
  for (int64_t n = 0; n < batch; ++n) {
    for (int64_t m = 0; m < c.out_channels; ++m) {
      const int64_t g = m / cout_g;
      for (int64_t o = 0; o < out_size; ++o) {
        double sum = c.bias ? b[m] : 0.0;
        for (int64_t ci = 0; ci < cin_g; ++ci) {
          for (int64_t k = 0; k < k_size; ++k) {
            int64_t in_index = 0, orest = o, krest = k;
            bool inside = true;
            std::vector<int64_t> pos(r);
            for (size_t d = r; d-- > 0;) {
              const int64_t od = orest % out_spatial[d], kd = krest % c.kernel[d];
              orest /= out_spatial[d];
              krest /= c.kernel[d];
              pos[d] = od * at(c.strides, d, 1) - at(c.pads, d, 0) + kd * at(c.dilations, d, 1);
              inside = inside && pos[d] >= 0 && pos[d] < c.input[2 + d];
            }
            if (!inside) continue;
            for (size_t d = 0; d < r; ++d) in_index = in_index * c.input[2 + d] + pos[d];
            const float xv = x[((n * channels) + g * cin_g + ci) * in_size + in_index];
            sum += static_cast<double>(xv) * w[(m * cin_g + ci) * k_size + k];
          }
        }
        y[(n * c.out_channels + m) * out_size + o] = static_cast<float>(sum);
      }
    }
  }
  return y;
}

void check_conv(const ConvCase& c) {
  SCOPED_TRACE(::testing::Message() << "input C=" << c.input[1] << " M=" << c.out_channels
                                    << " group=" << c.group << " rank=" << c.kernel.size());
  const size_t r = c.kernel.size();
  Shape x_shape(c.input);
  std::vector<int64_t> w_dims = {c.out_channels, c.input[1] / c.group};
  w_dims.insert(w_dims.end(), c.kernel.begin(), c.kernel.end());
  Shape w_shape(w_dims);
  auto x = random_floats(x_shape.numel(), 11);
  auto w = random_floats(w_shape.numel(), 12);
  auto b = random_floats(c.out_channels, 13);

  Attributes attrs;
  attrs.set("kernel_shape", c.kernel);
  if (!c.strides.empty()) attrs.set("strides", c.strides);
  if (!c.dilations.empty()) attrs.set("dilations", c.dilations);
  if (!c.pads.empty()) {
    std::vector<int64_t> pads = c.pads;  // the same padding at both ends, then one more at the end
    for (size_t i = 0; i < r; ++i) pads.push_back(c.pads[i] + (i == r - 1 ? 1 : 0));
    attrs.set("pads", pads);
  }
  if (c.group != 1) attrs.set("group", c.group);

  std::vector<int64_t> out_spatial;
  for (size_t i = 0; i < r; ++i) {
    const int64_t s = c.strides.empty() ? 1 : c.strides[i];
    const int64_t p = c.pads.empty() ? 0 : 2 * c.pads[i] + (i == r - 1 ? 1 : 0);
    const int64_t dil = c.dilations.empty() ? 1 : c.dilations[i];
    out_spatial.push_back((c.input[2 + i] + p - (c.kernel[i] - 1) * dil - 1) / s + 1);
  }
  std::vector<TestTensor> inputs = {make_tensor(x_shape, x), make_tensor(w_shape, w)};
  if (c.bias) inputs.push_back(make_tensor(Shape{c.out_channels}, b));
  Shape shape;
  auto [constant, runtime] = run_both_ways(OpType::kConv, attrs, inputs, {1, 2}, &shape);
  std::vector<int64_t> want_shape = {c.input[0], c.out_channels};
  want_shape.insert(want_shape.end(), out_spatial.begin(), out_spatial.end());
  EXPECT_EQ(shape, Shape(want_shape));
  const auto expected = direct_conv(c, out_spatial, x, w, b);
  expect_near(constant, expected, 1e-4f, 1e-5f);
  expect_near(runtime, expected, 1e-4f, 1e-5f);
}

TEST(ConvTest, Plain2d) { check_conv({{1, 3, 7, 9}, 5, {3, 3}, {}, {}, {}}); }

TEST(ConvTest, StridesAsymmetricPaddingDilationBatch) {
  check_conv({{2, 4, 11, 10}, 6, {3, 2}, {2, 3}, {1, 2}, {2, 1}});
}

TEST(ConvTest, Grouped) { check_conv({{2, 6, 9, 8}, 9, {3, 3}, {1, 2}, {1, 1}, {}, 3}); }

TEST(ConvTest, DepthwiseAndMultiplier) {
  check_conv({{2, 5, 10, 7}, 5, {3, 3}, {2, 2}, {1, 1}, {}, 5});
  check_conv({{1, 4, 9, 9}, 8, {5, 3}, {1, 1}, {2, 1}, {2, 1}, 4, false});
}

TEST(ConvTest, PointwiseSkipsIm2col) {
  check_conv({{2, 7, 5, 6}, 3, {1, 1}, {}, {}, {}});
  check_conv({{1, 7, 5, 6}, 3, {1, 1}, {2, 2}, {}, {}, 1, false});  // strided: not pointwise
}

TEST(ConvTest, OneAndThreeSpatialDims) {
  check_conv({{2, 3, 17}, 4, {5}, {2}, {2}, {1}});
  check_conv({{1, 2, 5, 6, 7}, 3, {3, 2, 3}, {1, 2, 1}, {1, 0, 1}, {1, 1, 2}});
  check_conv({{1, 4, 5, 6, 7}, 4, {3, 3, 3}, {}, {1, 1, 1}, {}, 4});  // depthwise 3-D
}

TEST(ConvTest, LargeChannelCountsCrossGemmBlocks) {
  check_conv({{1, 40, 9, 9}, 150, {3, 3}, {}, {1, 1}, {}});
}

TEST(ConvTest, AutoPadSameUpperAndLower) {
  for (const char* mode : {"SAME_UPPER", "SAME_LOWER"}) {
    Attributes attrs;
    attrs.set("auto_pad", std::string(mode));
    attrs.set("strides", std::vector<int64_t>{2, 2});
    auto x = random_floats(1 * 1 * 6 * 5, 3);
    auto w = random_floats(1 * 1 * 4 * 4, 4);
    auto out = run_kernel(OpType::kConv, attrs,
                          {make_tensor(Shape{1, 1, 6, 5}, x), make_tensor(Shape{1, 1, 4, 4}, w)});
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].shape, (Shape{1, 1, 3, 3}));
    // Total padding 2 rows (1 + 1) and 3 columns: SAME_UPPER puts the odd one at the end,
    // SAME_LOWER at the beginning. The reference convolves the explicitly padded 8x8 image.
    const bool upper = std::string(mode) == "SAME_UPPER";
    std::vector<float> padded(8 * 8, 0.f);
    const int64_t top = 1, left = upper ? 1 : 2;
    for (int64_t i = 0; i < 6; ++i) {
      for (int64_t j = 0; j < 5; ++j) padded[(i + top) * 8 + j + left] = x[i * 5 + j];
    }
    ConvCase c{{1, 1, 8, 8}, 1, {4, 4}, {2, 2}, {}, {}, 1, false};
    expect_near(out[0].values<float>(), direct_conv(c, {3, 3}, padded, w, {}), 1e-4f, 1e-5f);
  }
}

TEST(ConvTest, RejectsBadInput) {
  auto x = make_tensor(Shape{1, 4, 5, 5}, random_floats(100, 1));
  Attributes attrs;
  // Weights for 3 input channels on a 4-channel input.
  EXPECT_EQ(
      kernel_status(OpType::kConv, attrs, {x, make_tensor(Shape{2, 3, 3, 3}, random_floats(54, 2))})
          .code(),
      StatusCode::kInvalidArgument);
  // Group 3 does not divide 4 channels.
  Attributes grouped;
  grouped.set("group", int64_t{3});
  EXPECT_EQ(kernel_status(OpType::kConv, grouped,
                          {x, make_tensor(Shape{3, 1, 3, 3}, random_floats(27, 2))})
                .code(),
            StatusCode::kInvalidArgument);
  // A 7x7 kernel over a 5x5 input padded by 0.
  Status big = kernel_status(OpType::kConv, attrs,
                             {x, make_tensor(Shape{1, 4, 7, 7}, random_floats(196, 2))});
  EXPECT_EQ(big.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(big.message().find("larger than the padded input"), std::string::npos) << big.message();
  // Bias of the wrong length.
  EXPECT_EQ(kernel_status(OpType::kConv, attrs,
                          {x, make_tensor(Shape{2, 4, 3, 3}, random_floats(72, 2)),
                           make_tensor(Shape{3}, random_floats(3, 3))})
                .code(),
            StatusCode::kInvalidArgument);
  // kernel_shape disagreeing with the weights.
  Attributes wrong_kernel;
  wrong_kernel.set("kernel_shape", std::vector<int64_t>{2, 2});
  EXPECT_FALSE(kernel_status(OpType::kConv, wrong_kernel,
                             {x, make_tensor(Shape{2, 4, 3, 3}, random_floats(72, 2))})
                   .ok());
  // Integer input: unimplemented, naming the dtype.
  Status dtype = kernel_status(OpType::kConv, attrs,
                               {make_tensor(Shape{1, 1, 3, 3}, std::vector<int32_t>(9, 1)),
                                make_tensor(Shape{1, 1, 1, 1}, std::vector<int32_t>(1, 1))});
  EXPECT_EQ(dtype.code(), StatusCode::kUnimplemented);
  EXPECT_NE(dtype.message().find("i32"), std::string::npos) << dtype.message();
}

}  // namespace
}  // namespace edgeq::testing
