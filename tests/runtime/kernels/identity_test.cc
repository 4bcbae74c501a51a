#include "tests/runtime/kernels/movement_test_util.h"

namespace edgeq::testing {
namespace {

TEST(IdentityTest, CopiesEveryDtypeIncludingI4) {
  for (DType dtype : movable_dtypes()) {
    TestTensor in = pattern_tensor(dtype, {2, 3});
    auto out = run_kernel(OpType::kIdentity, Attributes(), {in});
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].dtype, dtype);
    EXPECT_EQ(out[0].shape, in.shape);
    EXPECT_EQ(out[0].bytes, in.bytes) << dtype_name(dtype);
  }
  TestTensor packed{DType::kI4, Shape{3}, {0x21, 0x03}};
  auto out = run_kernel(OpType::kIdentity, Attributes(), {packed});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].bytes, packed.bytes);
}

TEST(IdentityTest, EmptyTensor) {
  auto out = run_kernel(OpType::kIdentity, Attributes(), {pattern_tensor(DType::kF32, {0, 4})});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].shape, (Shape{0, 4}));
}

}  // namespace
}  // namespace edgeq::testing
