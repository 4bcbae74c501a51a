#include "tools/tensor_summary.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <random>
#include <string>

#include "tools/random_tensor.h"

namespace edgeq::tools {
namespace {

TEST(TensorSummary, ReportsShapeRangeMeanAndFirstValues) {
  float data[4] = {1.0f, -2.0f, 3.5f, 0.5f};
  std::string text = summarize_tensor("y", TensorView(DType::kF32, Shape{2, 2}, data), 3);
  EXPECT_EQ(text, "y f32[2, 2]  min -2  max 3.5  mean 0.75  first: 1, -2, 3.5, ...");
}

TEST(TensorSummary, CountsNaNsSeparately) {
  float data[3] = {NAN, 2.0f, 4.0f};
  std::string text = summarize_tensor("y", TensorView(DType::kF32, Shape{3}, data));
  EXPECT_NE(text.find("min 2  max 4  mean 3  NaN: 1"), std::string::npos) << text;
}

TEST(TensorSummary, ReadsEveryDtype) {
  uint16_t half = float_to_half(-1.5f);
  EXPECT_EQ(element_as_double(TensorView(DType::kF16, Shape{1}, &half), 0), -1.5);
  int64_t wide = -7;
  EXPECT_EQ(element_as_double(TensorView(DType::kI64, Shape{1}, &wide), 0), -7.0);
  uint8_t packed = 0x9F;  // element 0 = -1 (0xF), element 1 = -7 (0x9)
  EXPECT_EQ(element_as_double(TensorView(DType::kI4, Shape{2}, &packed), 0), -1.0);
  EXPECT_EQ(element_as_double(TensorView(DType::kI4, Shape{2}, &packed), 1), -7.0);
  uint8_t flag = 1;
  EXPECT_EQ(element_as_double(TensorView(DType::kBool, Shape{1}, &flag), 0), 1.0);
}

TEST(RandomTensor, IsDeterministicAndInRange) {
  float a[64], b[64];
  std::mt19937 rng_a(7), rng_b(7);
  ASSERT_TRUE(fill_random(TensorView(DType::kF32, Shape{64}, a), rng_a).ok());
  ASSERT_TRUE(fill_random(TensorView(DType::kF32, Shape{64}, b), rng_b).ok());
  for (int i = 0; i < 64; ++i) {
    EXPECT_EQ(a[i], b[i]);
    EXPECT_GE(a[i], -1.0f);
    EXPECT_LT(a[i], 1.0f);
  }
  int64_t indices[64];
  ASSERT_TRUE(fill_random(TensorView(DType::kI64, Shape{64}, indices), rng_a).ok());
  for (int64_t index : indices) {
    EXPECT_GE(index, 0);
    EXPECT_LT(index, 10);
  }
  uint8_t packed[4];
  EXPECT_FALSE(fill_random(TensorView(DType::kI4, Shape{8}, packed), rng_a).ok());
}

}  // namespace
}  // namespace edgeq::tools
