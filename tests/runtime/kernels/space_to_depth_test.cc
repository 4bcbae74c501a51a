#include "tests/runtime/kernels/movement_test_util.h"

namespace edgeq::testing {
namespace {

TEST(SpaceToDepthTest, HandChecked) {
  TestTensor in = make_tensor<float>(Shape{1, 1, 2, 2}, {1, 2, 3, 4});
  auto out = run_kernel(OpType::kSpaceToDepth, attrs_of({{"blocksize", int64_t{2}}}), {in});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].shape, (Shape{1, 4, 1, 1}));
  EXPECT_EQ(out[0].values<float>(), (std::vector<float>{1, 2, 3, 4}));
}

TEST(SpaceToDepthTest, EveryDtypeMatchesReferenceAndInvertsDepthToSpace) {
  const int64_t b = 2;
  for (DType dtype : movable_dtypes()) {
    TestTensor in = pattern_tensor(dtype, {2, 3, 4, 6});
    auto out = run_kernel(OpType::kSpaceToDepth, attrs_of({{"blocksize", b}}), {in});
    ASSERT_EQ(out.size(), 1u);
    const Shape expected_shape{2, 12, 2, 3};
    ASSERT_EQ(out[0].shape, expected_shape);
    auto expected = reference_copy(in, expected_shape, [&](const std::vector<int64_t>& o) {
      const int64_t block = o[1] / 3, c = o[1] % 3;
      return std::vector<int64_t>{o[0], c, o[2] * b + block / b, o[3] * b + block % b};
    });
    EXPECT_EQ(out[0].bytes, expected) << dtype_name(dtype);
    auto back = run_kernel(OpType::kDepthToSpace, attrs_of({{"blocksize", b}}), out);
    ASSERT_EQ(back.size(), 1u);
    EXPECT_EQ(back[0].bytes, in.bytes) << dtype_name(dtype);
  }
}

TEST(SpaceToDepthTest, RejectsIndivisibleSpatialDims) {
  expect_error(kernel_status(OpType::kSpaceToDepth, attrs_of({{"blocksize", int64_t{2}}}),
                             {pattern_tensor(DType::kF32, {1, 1, 3, 4})}),
               StatusCode::kInvalidArgument, "does not divide the spatial dims");
}

}  // namespace
}  // namespace edgeq::testing
