// im2col against its definition, and col2im as its exact adjoint: <im2col(x), c> == <x, col2im(c)>.
#include "runtime/kernels/im2col.h"

#include <gtest/gtest.h>

#include <vector>

#include "tests/runtime/kernels/kernel_test_util.h"

namespace edgeq::runtime {
namespace {

using testing::random_floats;

WindowGeometry geometry(const std::vector<int64_t>& input, const std::vector<int64_t>& kernel,
                        const std::vector<int64_t>& strides, const std::vector<int64_t>& pads,
                        const std::vector<int64_t>& dilations) {
  WindowAttributes attrs;
  attrs.strides = strides;
  attrs.pads = pads;
  attrs.dilations = dilations;
  std::vector<int64_t> dims = {1, 1};
  dims.insert(dims.end(), input.begin(), input.end());
  auto g = forward_window_geometry(attrs, Shape(dims), kernel);
  EXPECT_TRUE(g.ok()) << g.status().to_string();
  return g.ok() ? *g : WindowGeometry();
}

// col[(c * K + k) * O + o] straight from the definition (canonical 3-D).
float expected_entry(const std::vector<float>& x, const WindowGeometry& g, int64_t c, int64_t k,
                     int64_t o) {
  const int64_t kw = k % g.kernel[2], kh = k / g.kernel[2] % g.kernel[1],
                kd = k / (g.kernel[2] * g.kernel[1]);
  const int64_t ow = o % g.output[2], oh = o / g.output[2] % g.output[1],
                od = o / (g.output[2] * g.output[1]);
  const int64_t pos[3] = {od * g.stride[0] - g.pad_begin[0] + kd * g.dilation[0],
                          oh * g.stride[1] - g.pad_begin[1] + kh * g.dilation[1],
                          ow * g.stride[2] - g.pad_begin[2] + kw * g.dilation[2]};
  for (int d = 0; d < 3; ++d) {
    if (pos[d] < 0 || pos[d] >= g.input[d]) return 0.f;
  }
  return x[c * g.input_size() + (pos[0] * g.input[1] + pos[1]) * g.input[2] + pos[2]];
}

void check(const WindowGeometry& g, int64_t channels) {
  const int64_t rows = channels * g.kernel_size(), cols = g.output_size();
  const auto x = random_floats(channels * g.input_size(), 81);
  std::vector<float> col(rows * cols, -7.f);
  im2col(x.data(), channels, g, col.data());
  for (int64_t c = 0; c < channels; ++c) {
    for (int64_t k = 0; k < g.kernel_size(); ++k) {
      for (int64_t o = 0; o < cols; ++o) {
        ASSERT_EQ(col[(c * g.kernel_size() + k) * cols + o], expected_entry(x, g, c, k, o))
            << "c=" << c << " k=" << k << " o=" << o;
      }
    }
  }
  const auto probe = random_floats(rows * cols, 82);
  std::vector<float> back(x.size(), -7.f);
  col2im(probe.data(), channels, g, back.data());
  double lhs = 0, rhs = 0;
  for (size_t i = 0; i < col.size(); ++i) lhs += static_cast<double>(col[i]) * probe[i];
  for (size_t i = 0; i < x.size(); ++i) rhs += static_cast<double>(x[i]) * back[i];
  EXPECT_NEAR(lhs, rhs, 1e-6 * (1 + std::abs(lhs)));
}

TEST(Im2colTest, MatchesDefinitionAndCol2imIsItsAdjoint) {
  check(geometry({7, 9}, {3, 3}, {}, {1, 1, 1, 1}, {}), 2);
  check(geometry({8, 11}, {3, 2}, {2, 3}, {0, 2, 1, 1}, {2, 1}), 3);
  check(geometry({13}, {4}, {3}, {2, 3}, {2}), 2);
  check(geometry({4, 5, 6}, {2, 3, 2}, {1, 2, 2}, {1, 0, 1, 0, 1, 1}, {2, 1, 1}), 2);
  check(geometry({3, 3}, {3, 3}, {2, 2}, {3, 3, 3, 3}, {}), 1);  // rows entirely in padding
}

}  // namespace
}  // namespace edgeq::runtime
