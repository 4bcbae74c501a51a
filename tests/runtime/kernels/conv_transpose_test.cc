// ConvTranspose against a direct scatter written here (every input element times the kernel,
// added at its output positions), plus ONNX's own examples for output_shape and auto_pad.
#include <gtest/gtest.h>

#include <vector>

#include "tests/runtime/kernels/gemm_f32_test_util.h"

namespace edgeq::testing {
namespace {

struct TransposeCase {
  std::vector<int64_t> input;  // N, C, spatial...
  int64_t out_per_group;
  std::vector<int64_t> kernel;
  std::vector<int64_t> strides, pads_begin, pads_end, dilations, output_padding;
  int64_t group = 1;
  bool bias = true;
};

int64_t value_or(const std::vector<int64_t>& v, size_t i, int64_t fallback) {
  return v.empty() ? fallback : v[i];
}

std::vector<int64_t> output_spatial(const TransposeCase& c) {
  std::vector<int64_t> out;
  for (size_t i = 0; i < c.kernel.size(); ++i) {
    out.push_back(value_or(c.strides, i, 1) * (c.input[2 + i] - 1) +
                  value_or(c.output_padding, i, 0) +
                  (c.kernel[i] - 1) * value_or(c.dilations, i, 1) + 1 -
                  value_or(c.pads_begin, i, 0) - value_or(c.pads_end, i, 0));
  }
  return out;
}

std::vector<float> direct_scatter(const TransposeCase& c, const std::vector<float>& x,
                                  const std::vector<float>& w, const std::vector<float>& b) {
  const size_t r = c.kernel.size();
  const auto out_sp = output_spatial(c);
  const int64_t batch = c.input[0], channels = c.input[1], cin_g = channels / c.group;
  const int64_t m_total = c.out_per_group * c.group;
  int64_t in_size = 1, out_size = 1, k_size = 1;
  for (size_t i = 0; i < r; ++i) {
    in_size *= c.input[2 + i];
    out_size *= out_sp[i];
    k_size *= c.kernel[i];
  }
  std::vector<double> y(batch * m_total * out_size, 0.0);
  for (int64_t n = 0; n < batch; ++n) {
    for (int64_t ch = 0; ch < channels; ++ch) {
      const int64_t g = ch / cin_g;
      for (int64_t i = 0; i < in_size; ++i) {
        for (int64_t k = 0; k < k_size; ++k) {
          int64_t irest = i, krest = k, out_index = 0;
          bool inside = true;
          std::vector<int64_t> pos(r);
          for (size_t d = r; d-- > 0;) {
            const int64_t id = irest % c.input[2 + d], kd = krest % c.kernel[d];
            irest /= c.input[2 + d];
            krest /= c.kernel[d];
            pos[d] = id * value_or(c.strides, d, 1) - value_or(c.pads_begin, d, 0) +
                     kd * value_or(c.dilations, d, 1);
            inside = inside && pos[d] >= 0 && pos[d] < out_sp[d];
          }
          if (!inside) continue;
          for (size_t d = 0; d < r; ++d) out_index = out_index * out_sp[d] + pos[d];
          for (int64_t mg = 0; mg < c.out_per_group; ++mg) {
            const int64_t m = g * c.out_per_group + mg;
            y[(n * m_total + m) * out_size + out_index] +=
                static_cast<double>(x[(n * channels + ch) * in_size + i]) *
                w[(ch * c.out_per_group + mg) * k_size + k];
          }
        }
      }
    }
  }
  std::vector<float> out(y.size());
  for (size_t i = 0; i < y.size(); ++i) {
    const int64_t m = static_cast<int64_t>(i) / out_size % m_total;
    out[i] = static_cast<float>(y[i] + (c.bias ? b[m] : 0.0));
  }
  return out;
}

Attributes attributes_of(const TransposeCase& c) {
  Attributes attrs;
  if (!c.strides.empty()) attrs.set("strides", c.strides);
  if (!c.dilations.empty()) attrs.set("dilations", c.dilations);
  if (!c.output_padding.empty()) attrs.set("output_padding", c.output_padding);
  if (!c.pads_begin.empty()) {
    std::vector<int64_t> pads = c.pads_begin;
    pads.insert(pads.end(), c.pads_end.begin(), c.pads_end.end());
    attrs.set("pads", pads);
  }
  if (c.group != 1) attrs.set("group", c.group);
  return attrs;
}

void check_transpose(const TransposeCase& c) {
  std::vector<int64_t> w_dims = {c.input[1], c.out_per_group};
  w_dims.insert(w_dims.end(), c.kernel.begin(), c.kernel.end());
  const Shape x_shape(c.input), w_shape(w_dims);
  auto x = random_floats(x_shape.numel(), 21);
  auto w = random_floats(w_shape.numel(), 22);
  auto b = random_floats(c.out_per_group * c.group, 23);
  std::vector<TestTensor> inputs = {make_tensor(x_shape, x), make_tensor(w_shape, w)};
  if (c.bias) inputs.push_back(make_tensor(Shape{c.out_per_group * c.group}, b));
  Shape shape;
  auto [constant, runtime] =
      run_both_ways(OpType::kConvTranspose, attributes_of(c), inputs, {1}, &shape);
  std::vector<int64_t> want = {c.input[0], c.out_per_group * c.group};
  for (int64_t d : output_spatial(c)) want.push_back(d);
  EXPECT_EQ(shape, Shape(want));
  const auto expected = direct_scatter(c, x, w, b);
  expect_near(constant, expected, 1e-4f, 1e-5f);
  expect_near(runtime, expected, 1e-4f, 1e-5f);
}

TEST(ConvTransposeTest, Plain2d) { check_transpose({{1, 3, 4, 5}, 2, {3, 3}, {}, {}, {}, {}, {}}); }

TEST(ConvTransposeTest, StridesPadsDilationsOutputPadding) {
  check_transpose({{2, 4, 5, 3}, 3, {3, 2}, {2, 3}, {1, 0}, {0, 1}, {1, 2}, {1, 2}});
}

TEST(ConvTransposeTest, GroupedOneAndThreeD) {
  check_transpose({{2, 6, 7}, 2, {4}, {3}, {1}, {2}, {}, {}, 3});
  check_transpose({{1, 2, 3, 4, 3}, 2, {2, 3, 2}, {2, 1, 2}, {}, {}, {}, {}, 1, false});
}

// ONNX's example: ones(1, 2, 3, 3) kernels over arange(9); output_shape [10, 8] with strides
// [3, 2] equals output_padding [1, 1] (the extra row and column are zero).
TEST(ConvTransposeTest, OutputShapeMatchesOutputPadding) {
  std::vector<float> x(9);
  for (int i = 0; i < 9; ++i) x[i] = static_cast<float>(i);
  const std::vector<float> w(18, 1.f);
  Attributes by_shape;
  by_shape.set("strides", std::vector<int64_t>{3, 2});
  by_shape.set("output_shape", std::vector<int64_t>{10, 8});
  auto out = run_kernel(OpType::kConvTranspose, by_shape,
                        {make_tensor(Shape{1, 1, 3, 3}, x), make_tensor(Shape{1, 2, 3, 3}, w)});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].shape, (Shape{1, 2, 10, 8}));
  TransposeCase c{{1, 1, 3, 3}, 2, {3, 3}, {3, 2}, {}, {}, {}, {1, 1}, 1, false};
  expect_near(out[0].values<float>(), direct_scatter(c, x, w, {}));
}

// auto_pad SAME_UPPER: output = input * stride, the odd padding cut from the end.
TEST(ConvTransposeTest, AutoPadSameUpper) {
  std::vector<float> x(9);
  for (int i = 0; i < 9; ++i) x[i] = static_cast<float>(i);
  const std::vector<float> w(18, 1.f);
  Attributes attrs;
  attrs.set("auto_pad", std::string("SAME_UPPER"));
  attrs.set("strides", std::vector<int64_t>{2, 2});
  auto out = run_kernel(OpType::kConvTranspose, attrs,
                        {make_tensor(Shape{1, 1, 3, 3}, x), make_tensor(Shape{1, 2, 3, 3}, w)});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].shape, (Shape{1, 2, 6, 6}));
  const std::vector<float> first_row = {0, 0, 1, 1, 3, 2};  // ONNX's expected values
  const auto values = out[0].values<float>();
  expect_near(std::vector<float>(values.begin(), values.begin() + 6), first_row);
  TransposeCase c{{1, 1, 3, 3}, 2, {3, 3}, {2, 2}, {0, 0}, {1, 1}, {}, {}, 1, false};
  expect_near(values, direct_scatter(c, x, w, {}));
}

TEST(ConvTransposeTest, RejectsBadInput) {
  auto x = make_tensor(Shape{1, 4, 3, 3}, random_floats(36, 1));
  Attributes attrs;
  EXPECT_EQ(kernel_status(OpType::kConvTranspose, attrs,
                          {x, make_tensor(Shape{3, 2, 3, 3}, random_floats(54, 2))})
                .code(),
            StatusCode::kInvalidArgument);
  Attributes grouped;
  grouped.set("group", int64_t{3});
  EXPECT_EQ(kernel_status(OpType::kConvTranspose, grouped,
                          {x, make_tensor(Shape{4, 1, 3, 3}, random_floats(36, 2))})
                .code(),
            StatusCode::kInvalidArgument);
  Attributes bad_padding;
  bad_padding.set("strides", std::vector<int64_t>{2, 2});
  bad_padding.set("output_padding", std::vector<int64_t>{2, 0});
  EXPECT_EQ(kernel_status(OpType::kConvTranspose, bad_padding,
                          {x, make_tensor(Shape{4, 1, 3, 3}, random_floats(36, 2))})
                .code(),
            StatusCode::kInvalidArgument);
  Attributes huge_pads;
  huge_pads.set("pads", std::vector<int64_t>{3, 3, 3, 3});
  EXPECT_EQ(kernel_status(OpType::kConvTranspose, huge_pads,
                          {x, make_tensor(Shape{4, 1, 3, 3}, random_floats(36, 2))})
                .code(),
            StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace edgeq::testing
