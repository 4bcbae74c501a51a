#include <cmath>
#include <limits>

#include "tests/runtime/kernels/kernel_test_util.h"

namespace edgeq::testing {
namespace {

Attributes dq_attrs(const std::string& dtype, const std::string& granularity) {
  Attributes attrs;
  attrs.set("dtype", dtype);
  attrs.set("granularity", granularity);
  return attrs;
}

// The documented formula, written out independently for one range.
void reference(const std::vector<float>& x, float qmin, float qmax, float* scale, float* zp,
               std::vector<float>* q) {
  float lo = 0, hi = 0;
  for (float v : x) lo = std::min(lo, v), hi = std::max(hi, v);
  *scale = hi > lo ? std::max((hi - lo) / (qmax - qmin), 1.1920929e-07f) : 1.0f;
  *zp = std::fmin(std::fmax(std::nearbyint(qmin - lo / *scale), qmin), qmax);
  q->clear();
  for (float v : x)
    q->push_back(std::fmin(std::fmax(std::nearbyint(v / *scale) + *zp, qmin), qmax));
}

TEST(DynamicQuantizeTest, PerTensorInt8MatchesFormulaAndRoundTrips) {
  const std::vector<float> x = {-1.0f, -0.25f, 0.0f, 0.5f, 2.0f, 1.3f};
  auto out = run_kernel(OpType::kDynamicQuantize, dq_attrs("i8", "per_tensor"),
                        {make_tensor<float>(Shape{2, 3}, x)}, 3);
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0].dtype, DType::kI8);
  EXPECT_EQ(out[1].shape, Shape());
  EXPECT_EQ(out[2].dtype, DType::kI8);
  float scale = 0, zp = 0;
  std::vector<float> q;
  reference(x, -128, 127, &scale, &zp, &q);
  EXPECT_FLOAT_EQ(out[1].values<float>()[0], 3.0f / 255);
  EXPECT_FLOAT_EQ(out[1].values<float>()[0], scale);
  EXPECT_EQ(out[2].values<int8_t>()[0], static_cast<int8_t>(zp));
  const auto y = out[0].values<int8_t>();
  for (size_t i = 0; i < x.size(); ++i) {
    EXPECT_EQ(y[i], static_cast<int8_t>(q[i])) << i;
    EXPECT_NEAR((y[i] - zp) * scale, x[i], scale / 2 + 1e-6f) << i;
  }
  EXPECT_EQ(y[0], -128);  // the minimum maps to qmin
  EXPECT_EQ(y[4], 127);   // the maximum to qmax
}

TEST(DynamicQuantizeTest, PerTokenHasOneParameterSetPerRow) {
  const std::vector<float> x = testing::random_floats(4 * 2 * 5, 7, -3.f, 3.f);
  auto out = run_kernel(OpType::kDynamicQuantize, dq_attrs("u8", "per_token"),
                        {make_tensor<float>(Shape{4, 2, 5}, x)}, 3);
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[1].shape, (Shape{4, 2, 1}));
  EXPECT_EQ(out[2].shape, (Shape{4, 2, 1}));
  EXPECT_EQ(out[0].dtype, DType::kU8);
  const auto y = out[0].values<uint8_t>();
  const auto scales = out[1].values<float>();
  const auto zps = out[2].values<uint8_t>();
  for (int row = 0; row < 8; ++row) {
    std::vector<float> slice(x.begin() + row * 5, x.begin() + row * 5 + 5);
    float scale = 0, zp = 0;
    std::vector<float> q;
    reference(slice, 0, 255, &scale, &zp, &q);
    EXPECT_FLOAT_EQ(scales[row], scale) << row;
    EXPECT_EQ(zps[row], static_cast<uint8_t>(zp)) << row;
    for (int i = 0; i < 5; ++i) EXPECT_EQ(y[row * 5 + i], static_cast<uint8_t>(q[i])) << row;
  }
}

TEST(DynamicQuantizeTest, AllZeroAndPositiveOnlyRanges) {
  auto zeros = run_kernel(OpType::kDynamicQuantize, dq_attrs("i8", "per_tensor"),
                          {make_tensor<float>(Shape{3}, {0.f, 0.f, 0.f})}, 3);
  ASSERT_EQ(zeros.size(), 3u);
  EXPECT_EQ(zeros[1].values<float>()[0], 1.0f);
  const int8_t zp = zeros[2].values<int8_t>()[0];
  for (int8_t v : zeros[0].values<int8_t>()) EXPECT_EQ(v, zp);  // 0 is exact
  // [1, 4] widens to [0, 4]: 0 stays representable, the zero point is qmin.
  auto positive = run_kernel(OpType::kDynamicQuantize, dq_attrs("i8", "per_tensor"),
                             {make_tensor<float>(Shape{2}, {1.f, 4.f})}, 3);
  ASSERT_EQ(positive.size(), 3u);
  EXPECT_FLOAT_EQ(positive[1].values<float>()[0], 4.0f / 255);
  EXPECT_EQ(positive[2].values<int8_t>()[0], -128);
}

TEST(DynamicQuantizeTest, DequantizeLinearWithBlocksInvertsPerToken) {
  const std::vector<float> x = testing::random_floats(3 * 16, 11, -5.f, 5.f);
  auto q = run_kernel(OpType::kDynamicQuantize, dq_attrs("i8", "per_token"),
                      {make_tensor<float>(Shape{3, 16}, x)}, 3);
  ASSERT_EQ(q.size(), 3u);
  Attributes attrs;
  attrs.set("axis", int64_t{-1});
  attrs.set("block_size", int64_t{16});
  auto dq = run_kernel(OpType::kDequantizeLinear, attrs, {q[0], q[1], q[2]});
  ASSERT_EQ(dq.size(), 1u);
  const auto back = dq[0].values<float>();
  const auto scales = q[1].values<float>();
  for (int i = 0; i < 48; ++i) EXPECT_NEAR(back[i], x[i], scales[i / 16] / 2 + 1e-6f) << i;
}

TEST(DynamicQuantizeTest, RejectsBadAttributesAndNonFiniteInput) {
  TestTensor x = make_tensor<float>(Shape{2}, {1.f, 2.f});
  EXPECT_EQ(kernel_status(OpType::kDynamicQuantize, dq_attrs("i16", "per_tensor"), {x}, 3).code(),
            StatusCode::kInvalidArgument);
  Status bad_granularity =
      kernel_status(OpType::kDynamicQuantize, dq_attrs("i8", "per_channel"), {x}, 3);
  EXPECT_EQ(bad_granularity.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(bad_granularity.message().find("per_channel"), std::string::npos);
  TestTensor scalar = make_tensor<float>(Shape(), {1.f});
  EXPECT_FALSE(
      kernel_status(OpType::kDynamicQuantize, dq_attrs("i8", "per_token"), {scalar}, 3).ok());
  TestTensor nan = make_tensor<float>(Shape{2}, {1.f, std::numeric_limits<float>::quiet_NaN()});
  Status status = kernel_status(OpType::kDynamicQuantize, dq_attrs("i8", "per_tensor"), {nan}, 3);
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("element 1"), std::string::npos) << status.message();
  TestTensor ints = make_tensor<int32_t>(Shape{2}, {1, 2});
  EXPECT_EQ(kernel_status(OpType::kDynamicQuantize, Attributes(), {ints}, 3).code(),
            StatusCode::kUnimplemented);
}

}  // namespace
}  // namespace edgeq::testing
