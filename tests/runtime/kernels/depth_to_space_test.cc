#include "tests/runtime/kernels/movement_test_util.h"

namespace edgeq::testing {
namespace {

// The ONNX definition written out: reshape, transpose, reshape.
std::vector<uint8_t> reference_depth_to_space(const TestTensor& in, int64_t b, bool dcr,
                                              Shape* out_shape) {
  const int64_t c = in.shape[1] / (b * b);
  *out_shape = Shape{in.shape[0], c, in.shape[2] * b, in.shape[3] * b};
  return reference_copy(in, *out_shape, [&](const std::vector<int64_t>& o) {
    const int64_t bh = o[2] % b, bw = o[3] % b;
    const int64_t channel = dcr ? (bh * b + bw) * c + o[1] : (o[1] * b + bh) * b + bw;
    return std::vector<int64_t>{o[0], channel, o[2] / b, o[3] / b};
  });
}

TEST(DepthToSpaceTest, HandCheckedDcrAndCrd) {
  std::vector<float> values(8);
  for (int i = 0; i < 8; ++i) values[i] = static_cast<float>(i);
  TestTensor in = make_tensor<float>(Shape{1, 8, 1, 1}, values);
  auto dcr = run_kernel(OpType::kDepthToSpace, attrs_of({{"blocksize", int64_t{2}}}), {in});
  auto crd = run_kernel(OpType::kDepthToSpace,
                        attrs_of({{"blocksize", int64_t{2}}, {"mode", std::string("CRD")}}), {in});
  ASSERT_EQ(dcr.size(), 1u);
  ASSERT_EQ(crd.size(), 1u);
  EXPECT_EQ(dcr[0].shape, (Shape{1, 2, 2, 2}));
  EXPECT_EQ(dcr[0].values<float>(), (std::vector<float>{0, 2, 4, 6, 1, 3, 5, 7}));
  EXPECT_EQ(crd[0].values<float>(), (std::vector<float>{0, 1, 2, 3, 4, 5, 6, 7}));
}

TEST(DepthToSpaceTest, EveryDtypeBothModesMatchReference) {
  for (DType dtype : movable_dtypes()) {
    for (bool dcr : {true, false}) {
      TestTensor in = pattern_tensor(dtype, {2, 18, 2, 3});
      Attributes attrs =
          attrs_of({{"blocksize", int64_t{3}}, {"mode", std::string(dcr ? "DCR" : "CRD")}});
      auto out = run_kernel(OpType::kDepthToSpace, attrs, {in});
      Shape expected_shape;
      auto expected = reference_depth_to_space(in, 3, dcr, &expected_shape);
      ASSERT_EQ(out.size(), 1u);
      ASSERT_EQ(out[0].shape, expected_shape);
      EXPECT_EQ(out[0].bytes, expected) << dtype_name(dtype) << (dcr ? " DCR" : " CRD");
    }
  }
}

TEST(DepthToSpaceTest, RejectsBadInput) {
  TestTensor in = pattern_tensor(DType::kF32, {1, 6, 2, 2});
  expect_error(kernel_status(OpType::kDepthToSpace, attrs_of({{"blocksize", int64_t{2}}}), {in}),
               StatusCode::kInvalidArgument, "does not divide channels 6");
  expect_error(
      kernel_status(OpType::kDepthToSpace,
                    attrs_of({{"blocksize", int64_t{1}}, {"mode", std::string("XYZ")}}), {in}),
      StatusCode::kInvalidArgument, "mode must be DCR or CRD");
  expect_error(kernel_status(OpType::kDepthToSpace, attrs_of({{"blocksize", int64_t{1}}}),
                             {pattern_tensor(DType::kF32, {6, 2, 2})}),
               StatusCode::kInvalidArgument, "4-D");
}

}  // namespace
}  // namespace edgeq::testing
