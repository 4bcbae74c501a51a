// Pad (constant mode) through the XNNPACK delegate vs the portable kernel: 4-D inputs (NHWC inside
// the partition, pads re-ordered), other ranks, pads as input or attribute, opset-18 axes, the
// constant as input or attribute, inside a partition between convolutions; and the rejections.
#include "tests/delegate/delegate_test_util.h"

namespace edgeq::testing {
namespace {

struct PadCase {
  Shape input;
  std::vector<int64_t> pads;  // ONNX order: begins then ends
  float value;
  bool pads_as_attribute = false;
  std::vector<int64_t> axes = {};
};

ir::Value* build_pad(DelegateCase& c, ir::Value* x, const PadCase& p, bool output = true) {
  Attributes attrs;
  if (p.pads_as_attribute) {
    attrs.set("pads", p.pads);
    attrs.set("value", p.value);
    return c.node(OpType::kPad, {x}, attrs, output);
  }
  std::vector<ir::Value*> inputs = {
      x, c.constant_i64({static_cast<int64_t>(p.pads.size())}, p.pads), c.constant({}, {p.value})};
  if (!p.axes.empty()) {
    inputs.push_back(c.constant_i64({static_cast<int64_t>(p.axes.size())}, p.axes));
  }
  return c.node(OpType::kPad, inputs, attrs, output);
}

class XnnpackPadTest : public ::testing::TestWithParam<PadCase> {};

TEST_P(XnnpackPadTest, MatchesPortable) {
  DelegateCase c;
  build_pad(c, c.input(GetParam().input), GetParam());
  expect_delegate_matches_portable(c);
}

INSTANTIATE_TEST_SUITE_P(
    Shapes, XnnpackPadTest,
    ::testing::Values(PadCase{{1, 3, 5, 7}, {0, 0, 1, 2, 0, 0, 3, 1}, 0.f},    // H and W, uneven
                      PadCase{{2, 3, 4, 5}, {0, 2, 0, 1, 0, 1, 0, 0}, -1.5f},  // channels
                      PadCase{{1, 2, 3, 3}, {1, 1, 1, 1, 0, 2, 2, 0}, 0.25f},  // every dim
                      PadCase{{1, 3, 6, 5}, {0, 0, 2, 2, 0, 0, 2, 2}, 0.f, true},     // attribute
                      PadCase{{3, 7}, {1, 0, 2, 3}, 2.f},                             // 2-D
                      PadCase{{2, 3, 5}, {0, 1, 2, 0, 0, 1}, 0.5f},                   // 3-D
                      PadCase{{1, 2, 3, 4, 5}, {0, 0, 1, 0, 2, 0, 1, 0, 1, 0}, 1.f},  // 5-D
                      PadCase{{1, 4, 5, 6}, {1, 3, 2, 0}, 3.f, false, {2, -1}}));     // axes

TEST(XnnpackPadChain, BetweenConvolutionsInOnePartition) {
  DelegateCase c;
  ir::Value* a =
      c.node(OpType::kConv, {c.input({2, 3, 6, 7}), c.random_constant({4, 3, 3, 3})}, {}, false);
  ir::Value* b = build_pad(c, a, {{2, 4, 4, 5}, {0, 1, 2, 1, 0, 0, 1, 2}, 0.75f}, false);
  c.node(OpType::kConv, {b, c.random_constant({2, 5, 3, 3}), c.random_constant({2})});
  expect_delegate_matches_portable(c);
}

void expect_rejected(DelegateCase& c, const ir::Value* output, const std::string& reason_part) {
  c.finish();
  partitioner::SupportDecision d =
      xnnpack::XnnpackLowering().supports(c.graph, *output->producer());
  EXPECT_FALSE(d.supported);
  EXPECT_NE(d.reason.find(reason_part), std::string::npos) << d.reason;
}

TEST(XnnpackPadSupport, ReflectAndEdgeModes) {
  for (const char* mode : {"reflect", "edge"}) {
    DelegateCase c;
    Attributes attrs;
    attrs.set("mode", std::string(mode));
    ir::Value* y =
        c.node(OpType::kPad, {c.input({1, 2, 4, 4}), c.constant_i64({8}, {0, 0, 1, 1, 0, 0, 1, 1})},
               attrs);
    expect_rejected(c, y, "Pad: mode '" + std::string(mode) + "'");
  }
}

TEST(XnnpackPadSupport, NegativePadsCrop) {
  DelegateCase c;
  ir::Value* y = build_pad(c, c.input({1, 2, 5, 5}), {{}, {0, 0, -1, 0, 0, 0, 0, 1}, 0.f});
  expect_rejected(c, y, "negative pads");
}

TEST(XnnpackPadSupport, RunTimePadsOrValue) {
  // Shape inference cannot run the portable kernel on run-time pads: type the output by hand.
  DelegateCase c;
  ir::Value* pads = c.graph.add_value("pads", DType::kI64, Shape{4});
  c.graph.add_input(pads);
  ir::Value* y = c.node(OpType::kPad, {c.input({3, 4}), pads});
  y->set_type(DType::kF32, Shape{5, 6});
  partitioner::SupportDecision decision =
      xnnpack::XnnpackLowering().supports(c.graph, *y->producer());
  EXPECT_FALSE(decision.supported);
  EXPECT_NE(decision.reason.find("pads must be a constant"), std::string::npos) << decision.reason;
  DelegateCase d;
  ir::Value* z =
      d.node(OpType::kPad, {d.input({3, 4}), d.constant_i64({4}, {1, 1, 1, 1}), d.input({})});
  expect_rejected(d, z, "constant_value must be a constant");
}

TEST(XnnpackPadSupport, ConstantInput) {
  DelegateCase c;
  ir::Value* y =
      c.node(OpType::kPad, {c.random_constant({2, 3}), c.constant_i64({4}, {1, 0, 0, 1})});
  expect_rejected(c, y, "constant input");
}

TEST(XnnpackPadSupport, SymbolicBatchPadded) {
  DelegateCase c;
  ir::Value* y = build_pad(c, c.input({2, 3, 4, 4}, /*symbolic_batch=*/true),
                           {{}, {1, 0, 0, 0, 0, 0, 0, 0}, 0.f});
  expect_rejected(c, y, "symbolic batch");
}

}  // namespace
}  // namespace edgeq::testing
