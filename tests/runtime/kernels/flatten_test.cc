#include "tests/runtime/kernels/movement_test_util.h"

namespace edgeq::testing {
namespace {

Shape flattened(const Shape& in, int64_t axis) {
  TestTensor t = pattern_tensor(DType::kI16, in);
  auto out = run_kernel(OpType::kFlatten, attrs_of({{"axis", axis}}), {t});
  if (out.empty()) return Shape{-1};
  EXPECT_EQ(out[0].bytes, t.bytes);
  return out[0].shape;
}

TEST(FlattenTest, EveryAxisIncludingNegativeAndRank) {
  EXPECT_EQ(flattened({2, 3, 4}, 0), (Shape{1, 24}));
  EXPECT_EQ(flattened({2, 3, 4}, 1), (Shape{2, 12}));
  EXPECT_EQ(flattened({2, 3, 4}, 3), (Shape{24, 1}));
  EXPECT_EQ(flattened({2, 3, 4}, -1), (Shape{6, 4}));
  EXPECT_EQ(flattened({2, 3, 4}, -3), (Shape{1, 24}));
  EXPECT_EQ(flattened({2, 0, 4}, 2), (Shape{0, 4}));
}

TEST(FlattenTest, DefaultAxisIsOne) {
  auto out = run_kernel(OpType::kFlatten, Attributes(), {pattern_tensor(DType::kF32, {2, 3, 4})});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].shape, (Shape{2, 12}));
}

TEST(FlattenTest, RejectsAxisOutOfRange) {
  for (int64_t axis : {4, -4}) {
    expect_error(kernel_status(OpType::kFlatten, attrs_of({{"axis", axis}}),
                               {pattern_tensor(DType::kF32, {2, 3, 4})}),
                 StatusCode::kInvalidArgument, "out of range [-3, 3]");
  }
}

}  // namespace
}  // namespace edgeq::testing
