// Resize (linear) through the XNNPACK delegate (bilinear resize) vs the portable kernel: the
// coordinate_transformation_modes XNNPACK has (half_pixel, pytorch_half_pixel, align_corners,
// asymmetric), scales and sizes, up and down, opset 10, inside a partition between convolutions;
// and one test per rejection reason.
#include "tests/delegate/delegate_test_util.h"

namespace edgeq::testing {
namespace {

struct ResizeCase {
  Shape input;
  std::string coordinates;
  std::vector<float> scales;   // empty: use sizes
  std::vector<int64_t> sizes;  // [N, C, H, W]
  std::string mode = "linear";
};

ir::Value* build_resize(DelegateCase& c, ir::Value* x, const ResizeCase& p, bool output = true) {
  Attributes attrs;
  attrs.set("mode", p.mode);
  attrs.set("coordinate_transformation_mode", p.coordinates);
  ir::Value* scales = p.scales.empty() ? nullptr : c.constant({4}, p.scales);
  ir::Value* sizes = p.sizes.empty() ? nullptr : c.constant_i64({4}, p.sizes);
  return c.node(OpType::kResize, {x, nullptr, scales, sizes}, attrs, output);
}

class XnnpackResizeTest : public ::testing::TestWithParam<ResizeCase> {};

TEST_P(XnnpackResizeTest, MatchesPortable) {
  DelegateCase c;
  build_resize(c, c.input(GetParam().input), GetParam());
  expect_delegate_matches_portable(c);
}

INSTANTIATE_TEST_SUITE_P(
    Modes, XnnpackResizeTest,
    ::testing::Values(ResizeCase{{1, 3, 5, 7}, "half_pixel", {}, {1, 3, 10, 14}},  // x2 sizes
                      ResizeCase{{2, 2, 4, 5}, "half_pixel", {1, 1, 2, 3}, {}},    // scales
                      ResizeCase{{1, 3, 7, 9}, "half_pixel", {}, {1, 3, 4, 5}},    // down
                      ResizeCase{{1, 2, 5, 4}, "half_pixel", {}, {1, 2, 7, 6}},    // odd ratio
                      ResizeCase{{1, 2, 5, 4}, "half_pixel", {}, {1, 2, 1, 1}},    // to 1x1
                      ResizeCase{{1, 4, 5, 6}, "pytorch_half_pixel", {}, {1, 4, 8, 9}},
                      ResizeCase{{1, 3, 4, 6}, "pytorch_half_pixel", {1, 1, 0.5f, 0.5f}, {}},
                      ResizeCase{{1, 3, 5, 6}, "align_corners", {}, {1, 3, 9, 11}},
                      ResizeCase{{2, 2, 4, 5}, "align_corners", {1, 1, 2, 2}, {}},
                      ResizeCase{{1, 2, 4, 5}, "align_corners", {}, {1, 2, 1, 3}},  // size 1
                      ResizeCase{{1, 3, 4, 6}, "asymmetric", {1, 1, 1.5f, 1.5f}, {}},
                      ResizeCase{{1, 2, 6, 5}, "asymmetric", {}, {1, 2, 3, 8}}));

TEST(XnnpackResizeOpset10, ScalesOnlyIsAsymmetric) {
  // Opset 10: inputs (X, scales), asymmetric coordinates.
  DelegateCase c;
  Attributes attrs;
  attrs.set("mode", std::string("linear"));
  c.node(OpType::kResize, {c.input({1, 3, 4, 5}), c.constant({4}, {1, 1, 2, 2})}, attrs);
  expect_delegate_matches_portable(c);
}

TEST(XnnpackResizeChain, BetweenConvolutionsInOnePartition) {
  DelegateCase c;
  Attributes same;
  same.set("pads", std::vector<int64_t>{1, 1, 1, 1});
  ir::Value* a =
      c.node(OpType::kConv, {c.input({2, 3, 5, 6}), c.random_constant({4, 3, 3, 3})}, same, false);
  ir::Value* b = build_resize(c, a, {{}, "half_pixel", {1, 1, 2, 2}, {}}, false);
  c.node(OpType::kConv, {b, c.random_constant({3, 4, 3, 3}), c.random_constant({3})}, same);
  expect_delegate_matches_portable(c);
}

partitioner::SupportDecision decide(const DelegateCase& c, const ir::Value* output) {
  return xnnpack::XnnpackLowering().supports(c.graph, *output->producer());
}

void expect_rejected(DelegateCase& c, const ResizeCase& p, const std::string& reason_part) {
  ir::Value* y = build_resize(c, c.input(p.input), p);
  c.finish();
  partitioner::SupportDecision d = decide(c, y);
  EXPECT_FALSE(d.supported);
  EXPECT_NE(d.reason.find(reason_part), std::string::npos) << d.reason;
}

TEST(XnnpackResizeSupport, NearestAndCubicModes) {
  DelegateCase c;
  expect_rejected(c, {{1, 2, 4, 4}, "asymmetric", {1, 1, 2, 2}, {}, "nearest"},
                  "Resize: mode nearest");
}

TEST(XnnpackResizeSupport, CoordinateModesXnnpackLacks) {
  DelegateCase c;
  expect_rejected(c, {{1, 2, 4, 4}, "tf_half_pixel_for_nn", {1, 1, 2, 2}, {}},
                  "coordinate_transformation_mode tf_half_pixel_for_nn");
}

TEST(XnnpackResizeSupport, PytorchHalfPixelToSizeOne) {
  DelegateCase c;
  expect_rejected(c, {{1, 2, 4, 4}, "pytorch_half_pixel", {}, {1, 2, 1, 3}}, "output size of 1");
}

TEST(XnnpackResizeSupport, ScaleGivingAFractionalSize) {
  // 5 * 1.3 = 6.5 rows: ONNX maps with 1 / 1.3, XNNPACK would with 5 / 6.
  DelegateCase c;
  expect_rejected(c, {{1, 2, 5, 4}, "half_pixel", {1, 1, 1.3f, 2}, {}}, "not whole");
}

TEST(XnnpackResizeSupport, ResizesChannels) {
  DelegateCase c;
  expect_rejected(c, {{1, 2, 4, 4}, "half_pixel", {}, {1, 4, 4, 4}}, "N or C");
}

TEST(XnnpackResizeSupport, Opset18AxesAndAspectPolicy) {
  // Sizes for H and W only through the axes attribute; sizes kept in aspect by a policy.
  DelegateCase c;
  Attributes axes;
  axes.set("mode", std::string("linear"));
  axes.set("axes", std::vector<int64_t>{2, 3});
  ir::Value* y =
      c.node(OpType::kResize,
             {c.input({1, 2, 4, 4}), nullptr, nullptr, c.constant_i64({2}, {8, 6})}, axes);
  c.finish();
  EXPECT_NE(decide(c, y).reason.find("axes attribute"), std::string::npos) << decide(c, y).reason;
  DelegateCase d;
  Attributes policy;
  policy.set("mode", std::string("linear"));
  policy.set("keep_aspect_ratio_policy", std::string("not_larger"));
  ir::Value* z =
      d.node(OpType::kResize,
             {d.input({1, 2, 4, 6}), nullptr, nullptr, d.constant_i64({4}, {1, 2, 8, 9})}, policy);
  d.finish();
  EXPECT_NE(decide(d, z).reason.find("keep_aspect_ratio_policy"), std::string::npos)
      << decide(d, z).reason;
}

TEST(XnnpackResizeSupport, NotFourDimensional) {
  DelegateCase c;
  ir::Value* y = c.node(OpType::kResize,
                        {c.input({2, 4, 4}), nullptr, nullptr, c.constant_i64({3}, {2, 8, 8})}, [] {
                          Attributes a;
                          a.set("mode", std::string("linear"));
                          return a;
                        }());
  c.finish();
  partitioner::SupportDecision d = decide(c, y);
  EXPECT_FALSE(d.supported);
  EXPECT_NE(d.reason.find("input rank 3"), std::string::npos) << d.reason;
}

TEST(XnnpackResizeSupport, RunTimeScales) {
  // Shape inference cannot run the portable kernel on run-time scales: type the output by hand.
  DelegateCase c;
  ir::Value* scales = c.input({4});
  Attributes attrs;
  attrs.set("mode", std::string("linear"));
  ir::Value* y = c.node(OpType::kResize, {c.input({1, 2, 4, 4}), nullptr, scales}, attrs);
  y->set_type(DType::kF32, Shape{1, 2, 8, 8});
  partitioner::SupportDecision d = decide(c, y);
  EXPECT_FALSE(d.supported);
  EXPECT_NE(d.reason.find("must be constant"), std::string::npos) << d.reason;
}

}  // namespace
}  // namespace edgeq::testing
