// Pools, ReduceMean over H and W, Gemm/MatMul and Reshape/Flatten through the XNNPACK delegate vs
// the portable kernels.
#include "tests/delegate/delegate_test_util.h"

namespace edgeq::testing {
namespace {

struct PoolCase {
  OpType op;
  Shape input;
  int64_t kernel, stride, pad, dilation;
};

class XnnpackPoolTest : public ::testing::TestWithParam<PoolCase> {};

TEST_P(XnnpackPoolTest, MatchesPortable) {
  const PoolCase& p = GetParam();
  DelegateCase c;
  ir::Value* x = c.input(p.input);
  Attributes attrs;
  attrs.set("kernel_shape", std::vector<int64_t>{p.kernel, p.kernel});
  attrs.set("strides", std::vector<int64_t>{p.stride, p.stride});
  attrs.set("pads", std::vector<int64_t>{p.pad, p.pad, p.pad, p.pad});
  if (p.dilation != 1) attrs.set("dilations", std::vector<int64_t>{p.dilation, p.dilation});
  c.node(p.op, {x}, attrs);
  expect_delegate_matches_portable(c);
}

INSTANTIATE_TEST_SUITE_P(
    Shapes, XnnpackPoolTest,
    ::testing::Values(PoolCase{OpType::kMaxPool, {1, 3, 9, 11}, 3, 2, 1, 1},
                      PoolCase{OpType::kMaxPool, {2, 5, 8, 8}, 2, 2, 0, 1},
                      PoolCase{OpType::kMaxPool, {1, 4, 10, 9}, 3, 1, 2, 2},
                      PoolCase{OpType::kAveragePool, {1, 3, 9, 11}, 3, 2, 1, 1},
                      PoolCase{OpType::kAveragePool, {2, 6, 7, 7}, 2, 1, 0, 1},
                      PoolCase{OpType::kAveragePool, {1, 2, 5, 6}, 3, 1, 1, 1}));

TEST(XnnpackGlobalPoolTest, GlobalAveragePool) {
  DelegateCase c;
  c.node(OpType::kGlobalAveragePool, {c.input({2, 7, 5, 3})});
  expect_delegate_matches_portable(c);
}

TEST(XnnpackGlobalPoolTest, ReduceMeanOverHwKeepDimsAndNot) {
  for (int64_t keepdims : {0, 1}) {
    DelegateCase c;
    Attributes attrs;
    attrs.set("axes", std::vector<int64_t>{2, -1});
    attrs.set("keepdims", keepdims);
    c.node(OpType::kReduceMean, {c.input({3, 5, 4, 6})}, attrs);
    expect_delegate_matches_portable(c);
  }
}

TEST(XnnpackReshapeTest, FlattenAfterGlobalPoolThenGemm) {
  DelegateCase c;
  ir::Value* pooled = c.node(OpType::kGlobalAveragePool, {c.input({2, 8, 5, 5})}, {}, false);
  Attributes flatten;
  flatten.set("axis", int64_t{1});
  ir::Value* flat = c.node(OpType::kFlatten, {pooled}, flatten, false);
  Attributes gemm;
  gemm.set("transB", int64_t{1});
  c.node(OpType::kGemm, {flat, c.random_constant({10, 8}), c.random_constant({10})}, gemm);
  expect_delegate_matches_portable(c);
}

TEST(XnnpackReshapeTest, ReshapeBetweenLowRanks) {
  DelegateCase c;
  ir::Value* x = c.input({4, 6});
  c.node(OpType::kReshape, {x, c.constant_i64({3}, {2, 3, 4})});
  expect_delegate_matches_portable(c);
}

struct GemmCase {
  bool trans_b;
  float alpha, beta;
  Shape bias;  // empty rank: no bias
};

class XnnpackGemmTest : public ::testing::TestWithParam<GemmCase> {};

TEST_P(XnnpackGemmTest, MatchesPortable) {
  const GemmCase& p = GetParam();
  DelegateCase c;
  ir::Value* a = c.input({5, 7});
  ir::Value* b = c.random_constant(p.trans_b ? Shape{9, 7} : Shape{7, 9});
  std::vector<ir::Value*> inputs = {a, b};
  if (p.bias.rank() > 0) inputs.push_back(c.random_constant(p.bias));
  Attributes attrs;
  attrs.set("transB", int64_t{p.trans_b});
  attrs.set("alpha", p.alpha);
  attrs.set("beta", p.beta);
  c.node(OpType::kGemm, inputs, attrs);
  expect_delegate_matches_portable(c);
}

// alpha and beta are powers of two, so scaling the weights ahead of time is exact.
INSTANTIATE_TEST_SUITE_P(Attributes, XnnpackGemmTest,
                         ::testing::Values(GemmCase{true, 1.f, 1.f, {9}},
                                           GemmCase{false, 1.f, 1.f, {1, 9}},
                                           GemmCase{true, 0.5f, 2.f, {1}},
                                           GemmCase{false, 2.f, 1.f, {}}));

TEST(XnnpackMatMulTest, ConstantRightSide2dAnd3d) {
  for (Shape a : {Shape{6, 5}, Shape{2, 3, 5}}) {
    DelegateCase c;
    c.node(OpType::kMatMul, {c.input(a), c.random_constant({5, 4})});
    expect_delegate_matches_portable(c);
  }
}

}  // namespace
}  // namespace edgeq::testing
