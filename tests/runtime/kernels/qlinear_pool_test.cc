// QLinearAveragePool and QLinearGlobalAveragePool against a direct reference (window sums, the
// ONNX formula with round half to even, multiplier x_scale / (y_scale * count) in float), with
// strides, pads, count_include_pad, int8 and uint8, and a fused clamp.
#include "tests/runtime/kernels/qlinear_test_util.h"

namespace edgeq::testing {
namespace {

template <typename T>
void check_average_pool(int64_t h, int64_t w, int64_t k, int64_t stride, int64_t pad,
                        bool include_pad, uint32_t seed) {
  SCOPED_TRACE(::testing::Message() << "seed " << seed);
  constexpr int lo = std::numeric_limits<T>::min(), hi = std::numeric_limits<T>::max();
  const int64_t n = 2, c = 3;
  const auto x = random_codes<T>(n * c * h * w, seed);
  const float x_scale = 0.03f, y_scale = 0.021f;
  const int x_zp = (lo + hi) / 2 + 3, y_zp = (lo + hi) / 2 - 5;
  Attributes attrs;
  attrs.set("kernel_shape", std::vector<int64_t>{k, k});
  attrs.set("strides", std::vector<int64_t>{stride, stride});
  attrs.set("pads", std::vector<int64_t>{pad, pad, pad, pad});
  attrs.set("count_include_pad", int64_t{include_pad ? 1 : 0});
  const auto out = run_kernel(OpType::kQLinearAveragePool, attrs,
                              {make_tensor<T>({n, c, h, w}, x), scalar_f32(x_scale),
                               scalar_code<T>(x_zp), scalar_f32(y_scale), scalar_code<T>(y_zp)});
  ASSERT_EQ(out.size(), 1u);
  const int64_t oh = (h + 2 * pad - k) / stride + 1, ow = (w + 2 * pad - k) / stride + 1;
  ASSERT_EQ(out[0].shape, (Shape{n, c, oh, ow}));
  const auto y = out[0].template values<T>();
  for (int64_t p = 0; p < n * c; ++p) {
    for (int64_t oy = 0; oy < oh; ++oy) {
      for (int64_t ox = 0; ox < ow; ++ox) {
        int64_t acc = 0, count = 0;
        for (int64_t ky = 0; ky < k; ++ky) {
          for (int64_t kx = 0; kx < k; ++kx) {
            const int64_t iy = oy * stride - pad + ky, ix = ox * stride - pad + kx;
            if (iy < 0 || iy >= h || ix < 0 || ix >= w) {
              count += include_pad ? 1 : 0;
              continue;
            }
            acc += int64_t{x[(p * h + iy) * w + ix]} - x_zp;
            ++count;
          }
        }
        const float multiplier = x_scale / (y_scale * static_cast<float>(count));
        ASSERT_EQ(static_cast<int>(y[(p * oh + oy) * ow + ox]),
                  reference_requantize(acc, multiplier, y_zp, lo, hi))
            << "plane " << p << " at " << oy << ", " << ox;
      }
    }
  }
}

TEST(QLinearAveragePoolTest, MatchesDirectReference) {
  check_average_pool<int8_t>(7, 9, 3, 2, 1, false, 1);
  check_average_pool<int8_t>(7, 9, 3, 2, 1, true, 2);
  check_average_pool<uint8_t>(6, 5, 2, 1, 0, false, 3);
  check_average_pool<uint8_t>(8, 8, 3, 3, 1, true, 4);
}

template <typename T>
void check_global_average_pool(Shape shape, uint32_t seed, int out_min, int out_max) {
  constexpr int lo = std::numeric_limits<T>::min(), hi = std::numeric_limits<T>::max();
  const auto x = random_codes<T>(shape.numel(), seed);
  const float x_scale = 0.05f, y_scale = 0.013f;
  const int x_zp = (lo + hi) / 2 - 7, y_zp = (lo + hi) / 2 + 11;
  Attributes attrs;
  attrs.set("output_min", int64_t{out_min});
  attrs.set("output_max", int64_t{out_max});
  const auto out = run_kernel(OpType::kQLinearGlobalAveragePool, attrs,
                              {make_tensor<T>(shape, x), scalar_f32(x_scale), scalar_code<T>(x_zp),
                               scalar_f32(y_scale), scalar_code<T>(y_zp)});
  ASSERT_EQ(out.size(), 1u);
  const int64_t planes = shape[0] * shape[1], plane = shape.numel() / planes;
  ASSERT_EQ(out[0].shape.numel(), planes);
  const auto y = out[0].template values<T>();
  const float multiplier = x_scale / (y_scale * static_cast<float>(plane));
  for (int64_t p = 0; p < planes; ++p) {
    int64_t acc = 0;
    for (int64_t i = 0; i < plane; ++i) acc += int64_t{x[p * plane + i]} - x_zp;
    ASSERT_EQ(static_cast<int>(y[p]), reference_requantize(acc, multiplier, y_zp, out_min, out_max))
        << "plane " << p;
  }
}

TEST(QLinearGlobalAveragePoolTest, MatchesDirectReference) {
  check_global_average_pool<int8_t>({2, 5, 7, 3}, 1, -128, 127);
  check_global_average_pool<int8_t>({1, 9, 13}, 2, -20, 30);
  check_global_average_pool<uint8_t>({3, 4, 2, 2, 3}, 3, 0, 255);
}

TEST(QLinearPoolTest, RejectsBadInputs) {
  const auto x = make_tensor<int8_t>({1, 1, 2, 2}, {1, 2, 3, 4});
  Status s = kernel_status(OpType::kQLinearAveragePool, {},
                           {x, scalar_f32(0.1f), scalar_code<int8_t>(0), scalar_f32(0.1f)});
  EXPECT_NE(s.to_string().find("kernel_shape"), std::string::npos) << s.to_string();
  s = kernel_status(
      OpType::kQLinearGlobalAveragePool, {},
      {x, scalar_f32(0.1f), scalar_code<int8_t>(0), scalar_f32(0.1f), scalar_code<uint8_t>(0)});
  EXPECT_NE(s.to_string().find("y_zero_point"), std::string::npos) << s.to_string();
}

}  // namespace
}  // namespace edgeq::testing
