#include "tests/runtime/kernels/movement_test_util.h"

namespace edgeq::testing {
namespace {

std::vector<int64_t> shape_of(const TestTensor& in, const Attributes& attrs = Attributes()) {
  auto out = run_kernel(OpType::kShape, attrs, {in});
  if (out.empty()) return {-999};
  EXPECT_EQ(out[0].dtype, DType::kI64);
  EXPECT_EQ(out[0].shape.rank(), 1);
  return out[0].values<int64_t>();
}

TEST(ShapeTest, WholeShapeForAnyDtype) {
  for (DType dtype : movable_dtypes()) {
    EXPECT_EQ(shape_of(pattern_tensor(dtype, {2, 3, 4})), (std::vector<int64_t>{2, 3, 4}));
  }
  TestTensor packed{DType::kI4, Shape{3, 1}, {0, 0}};
  EXPECT_EQ(shape_of(packed), (std::vector<int64_t>{3, 1}));
  EXPECT_EQ(shape_of(pattern_tensor(DType::kF32, Shape())), std::vector<int64_t>{});
  EXPECT_EQ(shape_of(pattern_tensor(DType::kF32, {0, 5})), (std::vector<int64_t>{0, 5}));
}

TEST(ShapeTest, StartAndEndWithNegativesAndClamping) {
  TestTensor in = pattern_tensor(DType::kF32, {2, 3, 4, 5});
  auto range = [](int64_t start, int64_t end) {
    return attrs_of({{"start", start}, {"end", end}});
  };
  EXPECT_EQ(shape_of(in, range(1, 3)), (std::vector<int64_t>{3, 4}));
  EXPECT_EQ(shape_of(in, range(-2, 100)), (std::vector<int64_t>{4, 5}));
  EXPECT_EQ(shape_of(in, range(-100, -3)), (std::vector<int64_t>{2}));
  EXPECT_EQ(shape_of(in, range(3, 1)), std::vector<int64_t>{});
  EXPECT_EQ(shape_of(in, attrs_of({{"start", int64_t{-1}}})), (std::vector<int64_t>{5}));
}

TEST(ShapeTest, NeedsNoInputData) {
  std::vector<TensorView> inputs = {TensorView(DType::kF32, Shape{7, 2})};  // data null
  auto result =
      runtime::evaluate_kernel(OpType::kShape, Attributes(), Span<const TensorView>(inputs), 1);
  ASSERT_TRUE(result.ok()) << result.status().to_string();
  const auto* dims = static_cast<const int64_t*>(result.value()[0].view.data);
  EXPECT_EQ(dims[0], 7);
  EXPECT_EQ(dims[1], 2);
}

}  // namespace
}  // namespace edgeq::testing
