// Binary ops (with broadcasting) through the XNNPACK delegate vs the portable kernels.
#include "tests/delegate/delegate_test_util.h"

namespace edgeq::testing {
namespace {

struct BinaryCase {
  OpType op;
  Shape a;
  Shape b;
  bool b_constant;
};

class XnnpackBinaryTest : public ::testing::TestWithParam<BinaryCase> {};

TEST_P(XnnpackBinaryTest, MatchesPortable) {
  const BinaryCase& p = GetParam();
  DelegateCase c;
  ir::Value* a = c.input(p.a);
  ir::Value* b = p.b_constant ? c.random_constant(p.b) : c.input(p.b);
  if (p.op == OpType::kDiv && p.b_constant) {
    // Keep divisors away from zero.
    std::vector<float> values = random_floats(p.b.numel(), 77, 0.5f, 2.f);
    b = c.constant(p.b, values);
  }
  c.node(p.op, {a, b});
  expect_delegate_matches_portable(c);
}

std::vector<BinaryCase> binary_cases() {
  std::vector<BinaryCase> cases;
  for (OpType op :
       {OpType::kAdd, OpType::kSub, OpType::kMul, OpType::kDiv, OpType::kMax, OpType::kMin}) {
    cases.push_back({op, {2, 3, 5, 7}, {2, 3, 5, 7}, false});  // same shape, NHWC both
    cases.push_back({op, {1, 6, 5, 3}, {6, 1, 1}, true});      // per-channel constant
    cases.push_back({op, {2, 4, 3, 5}, {1}, true});            // scalar constant
    cases.push_back({op, {1, 3, 4, 5}, {1, 3, 1, 5}, false});  // broadcast H, both inputs
    cases.push_back({op, {3, 7}, {7}, true});                  // 2-D with a row constant
    cases.push_back({op, {2, 3, 5}, {2, 1, 5}, false});        // 3-D broadcast
  }
  return cases;
}

INSTANTIATE_TEST_SUITE_P(Ops, XnnpackBinaryTest, ::testing::ValuesIn(binary_cases()));

TEST(XnnpackBinaryTest, AddWithReluFuses) {
  DelegateCase c;
  ir::Value* a = c.input({1, 4, 3, 3});
  ir::Value* b = c.input({1, 4, 3, 3});
  ir::Value* sum = c.node(OpType::kAdd, {a, b}, {}, /*output=*/false);
  c.node(OpType::kRelu, {sum});
  expect_delegate_matches_portable(c);
}

TEST(XnnpackClampTest, StandaloneClipOnInput) {
  DelegateCase c;
  ir::Value* x = c.input({2, 3, 4, 5});
  Attributes attrs;
  attrs.set("min", -0.5f);
  attrs.set("max", 0.25f);
  c.node(OpType::kClip, {x}, attrs);
  expect_delegate_matches_portable(c);
}

}  // namespace
}  // namespace edgeq::testing
