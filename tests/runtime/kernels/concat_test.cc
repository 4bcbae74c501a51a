#include "tests/runtime/kernels/movement_test_util.h"

namespace edgeq::testing {
namespace {

TEST(ConcatTest, HandCheckedAxis1) {
  auto out = run_kernel(
      OpType::kConcat, attrs_of({{"axis", int64_t{1}}}),
      {make_tensor<float>(Shape{2, 1}, {1, 2}), make_tensor<float>(Shape{2, 2}, {3, 4, 5, 6})});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].shape, (Shape{2, 3}));
  EXPECT_EQ(out[0].values<float>(), (std::vector<float>{1, 3, 4, 2, 5, 6}));
}

TEST(ConcatTest, EveryDtypeAndAxisMatchesReference) {
  for (DType dtype : movable_dtypes()) {
    for (int64_t axis = -3; axis < 3; ++axis) {
      const int a = static_cast<int>(axis < 0 ? axis + 3 : axis);
      std::vector<TestTensor> inputs;
      for (int64_t size : {2, 0, 3}) {  // a zero-size input contributes nothing
        Shape shape{2, 3, 4};
        shape[a] = size;
        inputs.push_back(pattern_tensor(dtype, shape, static_cast<uint32_t>(size)));
      }
      auto out = run_kernel(OpType::kConcat, attrs_of({{"axis", axis}}), inputs);
      Shape expected_shape{2, 3, 4};
      expected_shape[a] = 5;
      ASSERT_EQ(out.size(), 1u);
      ASSERT_EQ(out[0].shape, expected_shape);
      const size_t size = dtype_size(dtype);
      for (int64_t o = 0; o < expected_shape.numel(); ++o) {
        std::vector<int64_t> index = unravel(o, expected_shape);
        const TestTensor& source = index[a] < 2 ? inputs[0] : inputs[2];
        if (index[a] >= 2) index[a] -= 2;
        const int64_t i = ravel(index, source.shape);
        ASSERT_TRUE(std::equal(source.bytes.begin() + i * size,
                               source.bytes.begin() + (i + 1) * size,
                               out[0].bytes.begin() + o * size))
            << dtype_name(dtype) << " axis " << axis << " element " << o;
      }
    }
  }
}

TEST(ConcatTest, RejectsMismatchedInputs) {
  TestTensor a = pattern_tensor(DType::kF32, {2, 3});
  expect_error(kernel_status(OpType::kConcat, attrs_of({{"axis", int64_t{0}}}),
                             {a, pattern_tensor(DType::kF32, {2, 4})}),
               StatusCode::kInvalidArgument, "outside axis 0");
  expect_error(kernel_status(OpType::kConcat, attrs_of({{"axis", int64_t{0}}}),
                             {a, pattern_tensor(DType::kI32, {2, 3})}),
               StatusCode::kInvalidArgument, "input 1");
  expect_error(kernel_status(OpType::kConcat, attrs_of({{"axis", int64_t{2}}}), {a, a}),
               StatusCode::kInvalidArgument, "axis 2 is out of range for rank 2");
  expect_error(kernel_status(OpType::kConcat, Attributes(), {a, a}), StatusCode::kInvalidArgument,
               "axis");
}

}  // namespace
}  // namespace edgeq::testing
