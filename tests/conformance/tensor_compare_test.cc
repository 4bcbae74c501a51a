#include "tests/conformance/tensor_compare.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

namespace edgeq::e2e {
namespace {

template <typename T>
HostTensor tensor(Shape shape, const std::vector<T>& values) {
  HostTensor t{dtype_of<T>(), shape, std::vector<uint8_t>(values.size() * sizeof(T))};
  if (!values.empty()) std::memcpy(t.bytes.data(), values.data(), t.bytes.size());
  return t;
}

TEST(CompareTensors, FloatsWithinToleranceMatch) {
  Tolerance tol{1e-3, 1e-5};
  EXPECT_TRUE(compare_tensors(tensor<float>({3}, {1.0f, -2.0f, 0.0f}),
                              tensor<float>({3}, {1.0009f, -2.0019f, 9e-6f}), tol)
                  .ok());
}

TEST(CompareTensors, FloatOutsideToleranceNamesElementAndCount) {
  Status status = compare_tensors(tensor<float>({2, 2}, {1, 2, 3, 4}),
                                  tensor<float>({2, 2}, {1, 2, 3.1f, 4.2f}), Tolerance{});
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find("2 of 4 elements differ"), std::string::npos) << status.message();
  EXPECT_NE(status.message().find("flat index 2"), std::string::npos) << status.message();
}

TEST(CompareTensors, NanMatchesOnlyNanAndInfinitiesMustBeEqual) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float inf = std::numeric_limits<float>::infinity();
  EXPECT_TRUE(
      compare_tensors(tensor<float>({2}, {nan, inf}), tensor<float>({2}, {nan, inf}), Tolerance{})
          .ok());
  EXPECT_FALSE(
      compare_tensors(tensor<float>({1}, {0.f}), tensor<float>({1}, {nan}), Tolerance{}).ok());
  EXPECT_FALSE(
      compare_tensors(tensor<float>({1}, {nan}), tensor<float>({1}, {1.f}), Tolerance{}).ok());
  EXPECT_FALSE(
      compare_tensors(tensor<float>({1}, {-inf}), tensor<float>({1}, {inf}), Tolerance{}).ok());
}

TEST(CompareTensors, IntegersAndBoolsMustMatchExactly) {
  EXPECT_TRUE(
      compare_tensors(tensor<int64_t>({2}, {5, -7}), tensor<int64_t>({2}, {5, -7}), Tolerance{})
          .ok());
  EXPECT_FALSE(compare_tensors(tensor<int32_t>({1}, {1000}), tensor<int32_t>({1}, {1001}),
                               Tolerance{1.0, 10.0})
                   .ok());
  HostTensor bools{DType::kBool, Shape{2}, {1, 0}};
  HostTensor other_bools{DType::kBool, Shape{2}, {1, 1}};
  EXPECT_TRUE(compare_tensors(bools, bools, Tolerance{}).ok());
  EXPECT_FALSE(compare_tensors(bools, other_bools, Tolerance{}).ok());
}

TEST(CompareTensors, Float16ComparedAsFloat) {
  HostTensor a{DType::kF16, Shape{2}, std::vector<uint8_t>(4)};
  HostTensor b = a;
  const uint16_t a_bits[2] = {float_to_half(1.5f), float_to_half(-0.25f)};
  const uint16_t b_bits[2] = {float_to_half(1.5f), float_to_half(-0.5f)};
  std::memcpy(a.bytes.data(), a_bits, 4);
  std::memcpy(b.bytes.data(), b_bits, 4);
  EXPECT_TRUE(compare_tensors(a, a, Tolerance{}).ok());
  EXPECT_FALSE(compare_tensors(a, b, Tolerance{}).ok());
}

TEST(CompareTensors, DtypeShapeAndSizeMismatchesAreErrors) {
  Status dtype = compare_tensors(tensor<int32_t>({1}, {1}), tensor<float>({1}, {1}), Tolerance{});
  EXPECT_NE(dtype.message().find("dtype i32 but expected f32"), std::string::npos)
      << dtype.message();
  Status shape =
      compare_tensors(tensor<float>({2, 1}, {1, 2}), tensor<float>({1, 2}, {1, 2}), Tolerance{});
  EXPECT_NE(shape.message().find("shape [2, 1] but expected [1, 2]"), std::string::npos)
      << shape.message();
  HostTensor short_data = tensor<float>({2}, {1, 2});
  short_data.bytes.resize(4);
  EXPECT_FALSE(compare_tensors(short_data, tensor<float>({2}, {1, 2}), Tolerance{}).ok());
}

TEST(CompareTensors, EmptyTensorsMatch) {
  EXPECT_TRUE(
      compare_tensors(tensor<float>({0, 3}, {}), tensor<float>({0, 3}, {}), Tolerance{}).ok());
}

}  // namespace
}  // namespace edgeq::e2e
