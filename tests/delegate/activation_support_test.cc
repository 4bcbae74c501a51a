// Support checks of the activation, unary, PRelu and Softmax families: each rejected case gets
// supported = false with a reason naming the op and what XNNPACK cannot do.
#include <limits>

#include "tests/delegate/delegate_test_util.h"

namespace edgeq::testing {
namespace {

void expect_rejected(DelegateCase& c, const ir::Value* output, const std::string& reason_part) {
  c.finish();
  partitioner::SupportDecision d =
      xnnpack::XnnpackLowering().supports(c.graph, *output->producer());
  EXPECT_FALSE(d.supported);
  EXPECT_NE(d.reason.find(reason_part), std::string::npos) << d.reason;
}

// Only the ops whose portable kernels take integers get that far (for the others, shape inference
// already leaves the output without a type).
TEST(XnnpackActivationSupportTest, NonFloatInput) {
  for (OpType op : {OpType::kAbs, OpType::kNeg}) {
    DelegateCase c;
    ir::Value* x = c.graph.add_value("i", DType::kI32, Shape{2, 3});
    c.graph.add_input(x);
    expect_rejected(c, c.node(op, {x}), str_cat(op_name(op), ": input 0 is i32 (only f32"));
  }
  DelegateCase c;
  ir::Value* x = c.graph.add_value("i", DType::kI64, Shape{4});
  c.graph.add_input(x);
  expect_rejected(c, c.node(OpType::kPow, {x, c.constant({}, {2.f})}), "Pow: input 0 is i64");
}

TEST(XnnpackActivationSupportTest, ConstantInputIsLeftToFolding) {
  for (OpType op : {OpType::kSqrt, OpType::kElu, OpType::kSoftmax}) {
    DelegateCase c;
    ir::Value* x = c.constant({2, 2}, {1.f, 2.f, 3.f, 4.f});
    expect_rejected(c, c.node(op, {x}), str_cat(op_name(op), ": input 0 is a constant"));
  }
}

TEST(XnnpackActivationSupportTest, LeakyReluInfiniteAlpha) {
  DelegateCase c;
  Attributes attrs;
  attrs.set("alpha", std::numeric_limits<float>::infinity());
  expect_rejected(c, c.node(OpType::kLeakyRelu, {c.input({2, 3})}, attrs),
                  "LeakyRelu: alpha inf is not finite");
}

TEST(XnnpackActivationSupportTest, EluAlphaNotPositive) {
  for (float alpha : {0.f, -1.f, 1e-40f}) {  // zero, negative, subnormal
    DelegateCase c;
    Attributes attrs;
    attrs.set("alpha", alpha);
    expect_rejected(c, c.node(OpType::kElu, {c.input({2, 3})}, attrs), "not positive and normal");
  }
}

TEST(XnnpackActivationSupportTest, PowOtherThanSquare) {
  DelegateCase c;
  expect_rejected(c, c.node(OpType::kPow, {c.input({2, 3}), c.constant({}, {3.f})}),
                  "Pow: exponent 3 (only 2");
  DelegateCase half;
  expect_rejected(half, half.node(OpType::kPow, {half.input({2, 3}), half.constant({1}, {0.5f})}),
                  "Pow: exponent 0.5");
}

TEST(XnnpackActivationSupportTest, PowWithRunTimeOrVectorExponent) {
  DelegateCase c;
  expect_rejected(c, c.node(OpType::kPow, {c.input({2, 3}), c.input({})}),
                  "Pow: the exponent must be a constant");
  DelegateCase vector;
  expect_rejected(
      vector, vector.node(OpType::kPow, {vector.input({2, 3}), vector.constant({3}, {2, 2, 2})}),
      "Pow: the exponent must be a constant f32/i32/i64 scalar");
}

TEST(XnnpackActivationSupportTest, PowExponentOfHigherRank) {
  DelegateCase c;
  expect_rejected(c, c.node(OpType::kPow, {c.input({3}), c.constant({1, 1}, {2.f})}),
                  "changes the output shape");
}

TEST(XnnpackActivationSupportTest, PReluWithRunTimeSlope) {
  DelegateCase c;
  expect_rejected(c, c.node(OpType::kPRelu, {c.input({1, 3, 4, 4}), c.input({3, 1, 1})}),
                  "PRelu: slope must be a constant");
}

TEST(XnnpackActivationSupportTest, PReluSlopeAlongANonChannelAxis) {
  DelegateCase c;  // 4-D: varies along W (NHWC inside: channels are NCHW axis 1)
  expect_rejected(c, c.node(OpType::kPRelu, {c.input({1, 3, 4, 5}), c.random_constant({5})}),
                  "PRelu: slope shape [5] varies along axis 3");
  DelegateCase c2;  // 2-D: varies along the first axis
  expect_rejected(c2, c2.node(OpType::kPRelu, {c2.input({4, 6}), c2.random_constant({4, 1})}),
                  "varies along axis 0");
  DelegateCase c3;  // 4-D: per (C, H)
  expect_rejected(c3,
                  c3.node(OpType::kPRelu, {c3.input({1, 3, 4, 5}), c3.random_constant({3, 4, 1})}),
                  "one slope per channel (axis 1)");
}

TEST(XnnpackActivationSupportTest, SoftmaxOverANonChannelAxisOf4d) {
  DelegateCase c;  // axis -1 is W, but XNNPACK normalises the NHWC channel axis
  Attributes attrs;
  attrs.set("axis", int64_t{-1});
  expect_rejected(c, c.node(OpType::kSoftmax, {c.input({1, 3, 4, 5})}, attrs),
                  "Softmax: axis -1 of shape [1, 3, 4, 5] normalises rows of 5 elements; XNNPACK "
                  "normalises only the channel axis");
}

TEST(XnnpackActivationSupportTest, SoftmaxOverAnInnerAxis) {
  DelegateCase c;
  Attributes attrs;
  attrs.set("axis", int64_t{0});
  expect_rejected(c, c.node(OpType::kSoftmax, {c.input({4, 6})}, attrs), "only the last axis");
}

TEST(XnnpackActivationSupportTest, SoftmaxOpset11FlattensSeveralDims) {
  DelegateCase c;  // rows of C*H*W elements, not of C
  Attributes attrs;
  attrs.set("axis", int64_t{1});
  attrs.set("coerce_2d", int64_t{1});
  expect_rejected(c, c.node(OpType::kSoftmax, {c.input({2, 3, 4, 5})}, attrs),
                  "opset < 13: dims flattened from it");
}

}  // namespace
}  // namespace edgeq::testing
