#include "tests/runtime/kernels/movement_test_util.h"

namespace edgeq::testing {
namespace {

TestTensor bool_scalar(bool value) {
  return TestTensor{DType::kBool, Shape(), {static_cast<uint8_t>(value)}};
}

TEST(DropoutTest, CopiesInputAndMaskIsAllTrue) {
  TestTensor in = pattern_tensor(DType::kF32, {2, 3});
  auto out =
      run_kernel(OpType::kDropout, Attributes(), {in, make_tensor<float>(Shape(), {0.3f})}, 2);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].bytes, in.bytes);
  EXPECT_EQ(out[1].dtype, DType::kBool);
  EXPECT_EQ(out[1].shape, in.shape);
  EXPECT_EQ(out[1].bytes, std::vector<uint8_t>(6, 1));
}

TEST(DropoutTest, EveryDtypeWithoutMask) {
  for (DType dtype : movable_dtypes()) {
    TestTensor in = pattern_tensor(dtype, {4});
    auto out = run_kernel(OpType::kDropout, Attributes(), {in});
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].bytes, in.bytes) << dtype_name(dtype);
  }
}

TEST(DropoutTest, TrainingModeOnlyWithZeroRatio) {
  TestTensor in = pattern_tensor(DType::kF32, {3});
  auto inference = run_kernel(OpType::kDropout, Attributes(),
                              {in, make_tensor<float>(Shape(), {0.5f}), bool_scalar(false)}, 2);
  auto zero_ratio = run_kernel(OpType::kDropout, Attributes(),
                               {in, make_tensor<float>(Shape(), {0.f}), bool_scalar(true)}, 2);
  ASSERT_EQ(inference.size(), 2u);
  ASSERT_EQ(zero_ratio.size(), 2u);
  EXPECT_EQ(zero_ratio[0].bytes, in.bytes);
  EXPECT_EQ(zero_ratio[1].bytes, std::vector<uint8_t>(3, 1));
  expect_error(kernel_status(OpType::kDropout, Attributes(),
                             {in, make_tensor<float>(Shape(), {0.5f}), bool_scalar(true)}),
               StatusCode::kUnimplemented, "random dropout");
  expect_error(kernel_status(OpType::kDropout, Attributes(), {in, TestTensor{}, bool_scalar(true)}),
               StatusCode::kUnimplemented, "random dropout");
  expect_error(status_with_unknowns(OpType::kDropout, Attributes(),
                                    {in, TestTensor{}, unknown_data(DType::kBool, Shape())}),
               StatusCode::kUnimplemented, "'training_mode' must be a constant");
}

}  // namespace
}  // namespace edgeq::testing
