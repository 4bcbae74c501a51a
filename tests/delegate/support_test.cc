// Support checks: nodes the XNNPACK delegate rejects get supported = false with a reason naming
// the op and what is missing.
#include "tests/delegate/delegate_test_util.h"

namespace edgeq::testing {
namespace {

partitioner::SupportDecision decide(DelegateCase& c, const ir::Value* output) {
  c.finish();
  return xnnpack::XnnpackLowering().supports(c.graph, *output->producer());
}

void expect_rejected(DelegateCase& c, const ir::Value* output, const std::string& reason_part) {
  partitioner::SupportDecision d = decide(c, output);
  EXPECT_FALSE(d.supported);
  EXPECT_NE(d.reason.find(reason_part), std::string::npos) << d.reason;
}

TEST(XnnpackSupportTest, ConvWithRunTimeWeights) {
  DelegateCase c;
  ir::Value* y = c.node(OpType::kConv, {c.input({1, 3, 5, 5}), c.input({4, 3, 3, 3})});
  expect_rejected(c, y, "Conv: weights must be a constant");
}

TEST(XnnpackSupportTest, Conv1d) {
  DelegateCase c;
  ir::Value* y = c.node(OpType::kConv, {c.input({1, 3, 9}), c.random_constant({4, 3, 3})});
  expect_rejected(c, y, "Conv:");
}

TEST(XnnpackSupportTest, MaxPoolCeilModeWithPartialWindow) {
  DelegateCase c;
  Attributes attrs;
  attrs.set("kernel_shape", std::vector<int64_t>{2, 2});
  attrs.set("strides", std::vector<int64_t>{2, 2});
  attrs.set("ceil_mode", int64_t{1});
  ir::Value* y = c.node(OpType::kMaxPool, {c.input({1, 2, 5, 5})}, attrs);
  expect_rejected(c, y, "ceil_mode");
}

TEST(XnnpackSupportTest, AveragePoolCountIncludePad) {
  DelegateCase c;
  Attributes attrs;
  attrs.set("kernel_shape", std::vector<int64_t>{3, 3});
  attrs.set("pads", std::vector<int64_t>{1, 1, 1, 1});
  attrs.set("count_include_pad", int64_t{1});
  ir::Value* y = c.node(OpType::kAveragePool, {c.input({1, 2, 5, 5})}, attrs);
  expect_rejected(c, y, "count_include_pad");
}

TEST(XnnpackSupportTest, FlattenOfSpatialTensor) {
  DelegateCase c;
  ir::Value* y = c.node(OpType::kFlatten, {c.input({1, 2, 3, 3})});
  expect_rejected(c, y, "H*W > 1");
}

TEST(XnnpackSupportTest, BinaryMixingNhwcAndLowerRankActivation) {
  DelegateCase c;
  ir::Value* y = c.node(OpType::kAdd, {c.input({1, 3, 4, 4}), c.input({4, 4})});
  expect_rejected(c, y, "NHWC");
}

TEST(XnnpackSupportTest, MatMulWithRunTimeRightSide) {
  DelegateCase c;
  ir::Value* y = c.node(OpType::kMatMul, {c.input({3, 4}), c.input({4, 5})});
  expect_rejected(c, y, "constant 2-D");
}

TEST(XnnpackSupportTest, GemmTransA) {
  DelegateCase c;
  Attributes attrs;
  attrs.set("transA", int64_t{1});
  ir::Value* y = c.node(OpType::kGemm, {c.input({4, 3}), c.random_constant({4, 5})}, attrs);
  expect_rejected(c, y, "transA");
}

TEST(XnnpackSupportTest, ClipWithRunTimeBound) {
  DelegateCase c;
  ir::Value* y = c.node(OpType::kClip, {c.input({2, 3}), c.input({})});
  expect_rejected(c, y, "constant f32 scalar");
}

TEST(XnnpackSupportTest, ReduceMeanOverChannels) {
  DelegateCase c;
  Attributes attrs;
  attrs.set("axes", std::vector<int64_t>{1});
  ir::Value* y = c.node(OpType::kReduceMean, {c.input({1, 3, 4, 4})}, attrs);
  expect_rejected(c, y, "axes 2, 3");
}

TEST(XnnpackSupportTest, OpWithoutFamily) {
  DelegateCase c;
  ir::Value* y = c.node(OpType::kErf, {c.input({2, 3})});
  expect_rejected(c, y, "Erf: not supported by the XNNPACK delegate");
}

TEST(XnnpackSupportTest, NonFloatInput) {
  DelegateCase c;
  ir::Value* x = c.graph.add_value("i", DType::kI32, Shape{2, 3});
  c.graph.add_input(x);
  ir::Value* y = c.node(OpType::kRelu, {x});
  expect_rejected(c, y, "only f32");
}

}  // namespace
}  // namespace edgeq::testing
