// QLinearMatMul against a direct reference (the ONNX formula, round half to even) on odd shapes,
// per-tensor and per-column weights, int8 and uint8, batched a and a fused clamp; rejected inputs.
#include "tests/runtime/kernels/qlinear_test_util.h"

namespace edgeq::testing {
namespace {

template <typename T>
void check_matmul(Shape a_shape, int64_t n_cols, bool per_column, uint32_t seed,
                  int out_min = -1000, int out_max = 1000) {
  SCOPED_TRACE(::testing::Message() << "seed " << seed);
  constexpr int lo = std::numeric_limits<T>::min(), hi = std::numeric_limits<T>::max();
  const int64_t k = a_shape[a_shape.rank() - 1];
  const int64_t rows = a_shape.numel() / k;
  const auto a = random_codes<T>(a_shape.numel(), seed);
  const auto b = random_codes<T>(k * n_cols, seed + 1);
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> scale(0.002f, 0.05f);
  std::uniform_int_distribution<int> zp(lo / 2, hi / 2);
  const float a_scale = scale(rng), y_scale = scale(rng) * 3;
  const int a_zp = zp(rng), y_zp = zp(rng);
  std::vector<float> b_scales(per_column ? n_cols : 1);
  std::vector<T> b_zps(b_scales.size());
  for (size_t i = 0; i < b_scales.size(); ++i) {
    b_scales[i] = scale(rng);
    b_zps[i] = static_cast<T>(zp(rng));
  }
  Attributes attrs;
  const int qmin = std::max(lo, out_min), qmax = std::min(hi, out_max);
  if (out_min > lo) attrs.set("output_min", int64_t{qmin});
  if (out_max < hi) attrs.set("output_max", int64_t{qmax});
  const Shape pc = per_column ? Shape{n_cols} : Shape{};
  const auto out =
      run_kernel(OpType::kQLinearMatMul, attrs,
                 {make_tensor<T>(a_shape, a), scalar_f32(a_scale), scalar_code<T>(a_zp),
                  make_tensor<T>({k, n_cols}, b), make_tensor<float>(pc, b_scales),
                  make_tensor<T>(pc, b_zps), scalar_f32(y_scale), scalar_code<T>(y_zp)});
  ASSERT_EQ(out.size(), 1u);
  ASSERT_EQ(out[0].shape.numel(), rows * n_cols);
  const auto y = out[0].template values<T>();
  for (int64_t r = 0; r < rows; ++r) {
    for (int64_t c = 0; c < n_cols; ++c) {
      const int64_t ch = per_column ? c : 0;
      int64_t acc = 0;
      for (int64_t i = 0; i < k; ++i) {
        acc += (int64_t{a[r * k + i]} - a_zp) * (int64_t{b[i * n_cols + c]} - b_zps[ch]);
      }
      const float multiplier = a_scale * b_scales[ch] / y_scale;
      ASSERT_EQ(static_cast<int>(y[r * n_cols + c]),
                reference_requantize(acc, multiplier, y_zp, qmin, qmax))
          << "row " << r << " column " << c;
    }
  }
}

TEST(QLinearMatMulTest, MatchesDirectReference) {
  check_matmul<int8_t>({5, 17}, 9, false, 1);
  check_matmul<int8_t>({2, 3, 33}, 7, true, 2);
  check_matmul<uint8_t>({1, 64}, 13, false, 3);
  check_matmul<uint8_t>({4, 3, 5}, 1, true, 4);
  check_matmul<int8_t>({11}, 6, true, 5);
  check_matmul<int8_t>({3, 40}, 8, true, 6, -30, 50);
}

TEST(QLinearMatMulTest, RejectsBadInputs) {
  std::vector<TestTensor> inputs = {make_tensor<int8_t>({2, 3}, std::vector<int8_t>(6, 1)),
                                    scalar_f32(0.1f),
                                    scalar_code<int8_t>(0),
                                    make_tensor<int8_t>({4, 2}, std::vector<int8_t>(8, 1)),
                                    scalar_f32(0.1f),
                                    scalar_code<int8_t>(0),
                                    scalar_f32(0.1f),
                                    scalar_code<int8_t>(0)};
  Status s = kernel_status(OpType::kQLinearMatMul, {}, inputs);
  EXPECT_NE(s.to_string().find("do not multiply"), std::string::npos) << s.to_string();
  inputs[3] = make_tensor<int8_t>({1, 3, 2}, std::vector<int8_t>(6, 1));
  EXPECT_EQ(kernel_status(OpType::kQLinearMatMul, {}, inputs).code(), StatusCode::kUnimplemented);
  inputs[3] = make_tensor<int8_t>({3, 2}, std::vector<int8_t>(6, 1));
  inputs[5] = scalar_code<uint8_t>(0);
  s = kernel_status(OpType::kQLinearMatMul, {}, inputs);
  EXPECT_NE(s.to_string().find("b_zero_point"), std::string::npos) << s.to_string();
  inputs[5] = scalar_code<int8_t>(0);
  inputs.push_back(make_tensor<int32_t>({3}, {1, 2, 3}));
  s = kernel_status(OpType::kQLinearMatMul, {}, inputs);
  EXPECT_NE(s.to_string().find("bias"), std::string::npos) << s.to_string();
}

}  // namespace
}  // namespace edgeq::testing
