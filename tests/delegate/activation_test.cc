// Activations and elementwise unary ops (Sigmoid, HardSwish, LeakyRelu, Elu, Abs, Neg, Floor,
// Ceil, Sqrt, Pow x^2 as Square), PRelu and Softmax through the XNNPACK delegate vs the portable
// kernels, on 1-D to 4-D inputs with odd sizes (4-D values are NHWC inside the delegate), alone
// and inside a partition after a Conv. The default tolerance (rtol 1e-5, atol 1e-6) holds for all
// of them: measured on these cases, XNNPACK's sigmoid, elu and softmax approximations differ from
// the portable kernels by < 3e-7 relative, and hardswish by < 5e-8 absolute (relative error up to
// 1e-5 only next to its zero at x = -3, where both sides round x + 3 differently).
#include <cmath>

#include "tests/delegate/delegate_test_util.h"

namespace edgeq::testing {
namespace {

constexpr float kUnset = NAN;

// Replaces graph input `index`'s random data by uniform data in [lo, hi).
void set_input_range(DelegateCase& c, size_t index, float lo, float hi) {
  const Shape shape = c.feeds[index].shape;
  c.feeds[index] = make_tensor(shape, random_floats(shape.numel(), 100 + index, lo, hi));
}

struct UnaryCase {
  OpType op;
  Shape shape;
  float alpha = kUnset;  // LeakyRelu/Elu attribute; kUnset: the ONNX default
  float lo = -6.f;       // input range
  float hi = 6.f;
};

class XnnpackUnaryTest : public ::testing::TestWithParam<UnaryCase> {};

TEST_P(XnnpackUnaryTest, MatchesPortable) {
  const UnaryCase& p = GetParam();
  DelegateCase c;
  ir::Value* x = c.input(p.shape);
  set_input_range(c, 0, p.lo, p.hi);
  Attributes attrs;
  if (!std::isnan(p.alpha)) attrs.set("alpha", p.alpha);
  if (p.op == OpType::kPow) {
    c.node(OpType::kPow, {x, c.constant({}, {2.f})});
  } else {
    c.node(p.op, {x}, attrs);
  }
  expect_delegate_matches_portable(c);
}

std::vector<UnaryCase> unary_cases() {
  std::vector<UnaryCase> cases;
  const std::vector<Shape> shapes = {{2, 5, 3, 7}, {3, 17}, {2, 3, 5}, {1, 3, 1, 1}, {11}};
  for (const Shape& shape : shapes) {
    for (OpType op : {OpType::kSigmoid, OpType::kHardSwish, OpType::kAbs, OpType::kNeg,
                      OpType::kLeakyRelu, OpType::kElu, OpType::kPow}) {
      cases.push_back({op, shape});
    }
    cases.push_back({OpType::kFloor, shape, kUnset, -3.5f, 3.5f});
    cases.push_back({OpType::kCeil, shape, kUnset, -3.5f, 3.5f});
    cases.push_back({OpType::kSqrt, shape, kUnset, 0.f, 9.f});
  }
  cases.push_back({OpType::kSigmoid, {}});  // 0-D
  cases.push_back({OpType::kLeakyRelu, {2, 4, 5, 3}, 0.3f});
  cases.push_back({OpType::kLeakyRelu, {3, 9}, -1.5f});  // a negative slope is fine
  cases.push_back({OpType::kElu, {2, 4, 5, 3}, 0.5f});
  cases.push_back({OpType::kElu, {7, 6}, 2.5f});
  return cases;
}

INSTANTIATE_TEST_SUITE_P(Ops, XnnpackUnaryTest, ::testing::ValuesIn(unary_cases()));

struct PReluCase {
  Shape input;
  Shape slope;
};

class XnnpackPReluTest : public ::testing::TestWithParam<PReluCase> {};

TEST_P(XnnpackPReluTest, MatchesPortable) {
  const PReluCase& p = GetParam();
  DelegateCase c;
  c.node(OpType::kPRelu, {c.input(p.input), c.random_constant(p.slope)});
  expect_delegate_matches_portable(c);
}

INSTANTIATE_TEST_SUITE_P(
    SlopeShapes, XnnpackPReluTest,
    ::testing::Values(PReluCase{{2, 5, 3, 7}, {5, 1, 1}},     // per channel, NHWC inside
                      PReluCase{{1, 6, 4, 4}, {1, 6, 1, 1}},  // per channel, 4-D slope
                      PReluCase{{2, 3, 5, 5}, {1}},           // one slope for all
                      PReluCase{{1, 7, 2, 3}, {}},            // 0-D slope
                      PReluCase{{4, 9}, {9}},                 // 2-D: per last axis
                      PReluCase{{2, 3, 5}, {1, 1, 5}},        // 3-D: per last axis
                      PReluCase{{13}, {13}}));

struct SoftmaxCase {
  Shape shape;
  int64_t axis;
  bool coerce_2d;  // the opset < 13 semantics the importer marks with coerce_2d = 1
};

class XnnpackSoftmaxTest : public ::testing::TestWithParam<SoftmaxCase> {};

TEST_P(XnnpackSoftmaxTest, MatchesPortable) {
  const SoftmaxCase& p = GetParam();
  DelegateCase c;
  ir::Value* x = c.input(p.shape);
  set_input_range(c, 0, -5.f, 5.f);
  Attributes attrs;
  attrs.set("axis", p.axis);
  if (p.coerce_2d) attrs.set("coerce_2d", int64_t{1});
  c.node(OpType::kSoftmax, {x}, attrs);
  expect_delegate_matches_portable(c);
}

INSTANTIATE_TEST_SUITE_P(
    Axes, XnnpackSoftmaxTest,
    ::testing::Values(SoftmaxCase{{5, 13}, -1, false}, SoftmaxCase{{5, 13}, 1, false},
                      SoftmaxCase{{2, 3, 7}, 2, false},
                      SoftmaxCase{{2, 7, 3, 5}, 1, false},    // channels: last NHWC axis
                      SoftmaxCase{{1, 10, 4, 3}, -3, false},  // the same, counted from the end
                      SoftmaxCase{{3, 10, 1, 1}, 1, true},    // flattened C*1*1 row
                      SoftmaxCase{{4, 9}, 1, true}, SoftmaxCase{{2, 3, 1, 1}, 1, false},
                      SoftmaxCase{{17}, 0, false}, SoftmaxCase{{}, -1, false}));

// Conv -> activations -> Softmax over channels: one partition, every value NHWC inside.
TEST(XnnpackActivationChainTest, AfterConvInsideOnePartition) {
  DelegateCase c;
  ir::Value* x = c.input({2, 3, 9, 7});
  Attributes conv_attrs;
  conv_attrs.set("pads", std::vector<int64_t>{1, 1, 1, 1});
  ir::Value* y = c.node(OpType::kConv, {x, c.random_constant({6, 3, 3, 3})}, conv_attrs, false);
  y = c.node(OpType::kHardSwish, {y}, {}, false);
  y = c.node(OpType::kPRelu, {y, c.random_constant({6, 1, 1})}, {}, false);
  y = c.node(OpType::kElu, {y}, {}, false);
  ir::Value* s = c.node(OpType::kSigmoid, {y}, {}, false);
  y = c.node(OpType::kMul, {y, s}, {}, false);  // swish
  y = c.node(OpType::kAbs, {y}, {}, false);
  y = c.node(OpType::kSqrt, {y}, {}, false);
  y = c.node(OpType::kNeg, {y}, {}, false);
  y = c.node(OpType::kLeakyRelu, {y}, {}, false);
  Attributes softmax_attrs;
  softmax_attrs.set("axis", int64_t{1});
  c.node(OpType::kSoftmax, {y}, softmax_attrs);
  expect_delegate_matches_portable(c);
}

// Square and Ceil before a Conv (integer-valued input, exact on both sides), then a Clip after a
// Sigmoid: XNNPACK's sigmoid has no output range, so the Clip becomes its own Clamp node.
TEST(XnnpackActivationChainTest, ClipAfterSigmoidAndSquareBeforeConv) {
  DelegateCase c;
  ir::Value* x = c.input({1, 4, 5, 3});
  ir::Value* y = c.node(OpType::kPow, {x, c.constant_i64({}, {2})}, {}, false);
  y = c.node(OpType::kCeil, {y}, {}, false);
  y = c.node(OpType::kConv, {y, c.random_constant({5, 4, 1, 1})}, {}, false);
  y = c.node(OpType::kSigmoid, {y}, {}, false);
  Attributes clip;
  clip.set("min", 0.4f);
  clip.set("max", 0.6f);
  c.node(OpType::kClip, {y}, clip);
  expect_delegate_matches_portable(c);
}

}  // namespace
}  // namespace edgeq::testing
