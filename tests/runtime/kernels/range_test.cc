#include "tests/runtime/kernels/movement_test_util.h"

namespace edgeq::testing {
namespace {

template <typename T>
std::vector<T> range_of(T start, T limit, T delta) {
  auto out = run_kernel(OpType::kRange, Attributes(),
                        {make_tensor<T>(Shape(), {start}), make_tensor<T>(Shape(), {limit}),
                         make_tensor<T>(Shape(), {delta})});
  if (out.empty()) return {};
  EXPECT_EQ(out[0].dtype, dtype_of<T>());
  EXPECT_EQ(out[0].shape.rank(), 1);
  return out[0].template values<T>();
}

TEST(RangeTest, F32I32I64) {
  EXPECT_EQ(range_of<float>(1.f, 5.f, 2.f), (std::vector<float>{1.f, 3.f}));
  EXPECT_EQ(range_of<float>(0.f, 1.f, 0.25f), (std::vector<float>{0.f, 0.25f, 0.5f, 0.75f}));
  EXPECT_EQ(range_of<int32_t>(10, 6, -3), (std::vector<int32_t>{10, 7}));
  EXPECT_EQ(range_of<int64_t>(-2, 3, 2), (std::vector<int64_t>{-2, 0, 2}));
  EXPECT_EQ(range_of<int64_t>(0, 6, 3), (std::vector<int64_t>{0, 3}));
}

TEST(RangeTest, EmptyWhenLimitIsBehind) {
  EXPECT_TRUE(range_of<int32_t>(5, 1, 1).empty());
  EXPECT_TRUE(range_of<float>(0.f, 1.f, -1.f).empty());
}

TEST(RangeTest, NoAccumulatedErrorOverManySteps) {
  std::vector<float> values = range_of<float>(0.f, 100.f, 0.1f);
  ASSERT_EQ(values.size(), 1000u);
  EXPECT_EQ(values[999], static_cast<float>(999 * static_cast<double>(0.1f)));
}

TEST(RangeTest, RejectsBadInput) {
  auto i32 = [](int32_t v) { return make_tensor<int32_t>(Shape(), {v}); };
  expect_error(kernel_status(OpType::kRange, Attributes(), {i32(0), i32(5), i32(0)}),
               StatusCode::kInvalidArgument, "delta is 0");
  expect_error(kernel_status(OpType::kRange, Attributes(),
                             {i32(0), make_tensor<int64_t>(Shape(), {5}), i32(1)}),
               StatusCode::kInvalidArgument, "input 'limit' must be a i32 scalar");
  expect_error(
      kernel_status(OpType::kRange, Attributes(),
                    {make_tensor<int16_t>(Shape(), {0}), make_tensor<int16_t>(Shape(), {2}),
                     make_tensor<int16_t>(Shape(), {1})}),
      StatusCode::kUnimplemented, "dtype i16");
  expect_error(status_with_unknowns(OpType::kRange, Attributes(),
                                    {i32(0), unknown_data(DType::kI32, Shape()), i32(1)}),
               StatusCode::kUnimplemented, "Range: input 'limit' must be constant");
}

}  // namespace
}  // namespace edgeq::testing
