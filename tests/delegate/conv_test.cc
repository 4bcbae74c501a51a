// Conv through the XNNPACK delegate vs the portable kernel: regular, grouped and depthwise, odd
// sizes, strides, padding (explicit and SAME), dilation, with and without bias, fused Relu/Clip.
#include "tests/delegate/delegate_test_util.h"

namespace edgeq::testing {
namespace {

struct ConvCase {
  int64_t batch, in_channels, out_channels, height, width, kernel, stride, pad, dilation, group;
  bool bias;
  std::string auto_pad = "NOTSET";
};

class XnnpackConvTest : public ::testing::TestWithParam<ConvCase> {};

void build_conv(DelegateCase& c, const ConvCase& p, bool output = true, ir::Value** out = nullptr) {
  ir::Value* x = c.input({p.batch, p.in_channels, p.height, p.width});
  ir::Value* w = c.random_constant({p.out_channels, p.in_channels / p.group, p.kernel, p.kernel});
  std::vector<ir::Value*> inputs = {x, w};
  if (p.bias) inputs.push_back(c.random_constant({p.out_channels}));
  Attributes attrs;
  attrs.set("strides", std::vector<int64_t>{p.stride, p.stride});
  attrs.set("dilations", std::vector<int64_t>{p.dilation, p.dilation});
  attrs.set("group", p.group);
  if (p.auto_pad == "NOTSET") {
    attrs.set("pads", std::vector<int64_t>{p.pad, p.pad, p.pad, p.pad > 0 ? p.pad - 1 : 0});
  } else {
    attrs.set("auto_pad", p.auto_pad);
  }
  ir::Value* y = c.node(OpType::kConv, inputs, attrs, output);
  if (out != nullptr) *out = y;
}

TEST_P(XnnpackConvTest, MatchesPortable) {
  DelegateCase c;
  build_conv(c, GetParam());
  expect_delegate_matches_portable(c);
}

INSTANTIATE_TEST_SUITE_P(
    Shapes, XnnpackConvTest,
    ::testing::Values(ConvCase{1, 3, 8, 7, 9, 3, 1, 1, 1, 1, true},    // regular, odd sizes
                      ConvCase{2, 5, 7, 11, 6, 3, 2, 1, 1, 1, false},  // batch 2, stride 2, no bias
                      ConvCase{1, 4, 6, 10, 10, 1, 1, 0, 1, 1, true},  // 1x1
                      ConvCase{1, 3, 4, 12, 13, 3, 1, 2, 2, 1, true},  // dilation 2
                      ConvCase{1, 6, 9, 8, 7, 3, 1, 1, 1, 3, true},    // grouped (3 groups)
                      ConvCase{1, 4, 4, 8, 8, 3, 2, 0, 2, 2, true},    // grouped with dilation
                      ConvCase{1, 8, 8, 9, 11, 3, 1, 1, 1, 8, true},   // depthwise
                      ConvCase{2, 5, 10, 9, 8, 5, 2, 2, 1, 5,
                               false},  // depthwise, multiplier 2, stride 2
                      ConvCase{1, 6, 6, 13, 10, 3, 1, 2, 2, 6, true},  // depthwise, dilation 2
                      ConvCase{1, 3, 5, 9, 10, 3, 2, 0, 1, 1, true, "SAME_UPPER"},
                      ConvCase{1, 4, 4, 8, 9, 4, 1, 0, 1, 4, true, "SAME_LOWER"},
                      ConvCase{1, 3, 4, 6, 5, 3, 1, 0, 1, 1, true, "VALID"}));

TEST(XnnpackConvFusion, ReluFusesIntoConvOutputRange) {
  DelegateCase c;
  ir::Value* y = nullptr;
  build_conv(c, ConvCase{1, 3, 8, 7, 9, 3, 1, 1, 1, 1, true}, /*output=*/false, &y);
  c.node(OpType::kRelu, {y});
  expect_delegate_matches_portable(c);
  auto lowered = xnnpack::XnnpackLowering().lower(c.graph, whole_graph_partition(c.graph));
  ASSERT_TRUE(lowered.ok());
  const auto* payload = xnnpack::schema::GetPayload(lowered->payload.data());
  ASSERT_EQ(payload->nodes()->size(), 1u) << "Relu should fuse into the convolution";
  EXPECT_EQ(payload->nodes()->Get(0)->float_params()->Get(0), 0.f);
}

TEST(XnnpackConvFusion, ClipAfterExportedConvIsAClampNode) {
  DelegateCase c;
  ir::Value* y = nullptr;
  build_conv(c, ConvCase{1, 4, 4, 6, 6, 3, 1, 1, 1, 4, true}, /*output=*/true, &y);
  Attributes clip;
  clip.set("min", 0.f);
  clip.set("max", 6.f);
  c.node(OpType::kClip, {y}, clip);
  expect_delegate_matches_portable(c);
  auto lowered = xnnpack::XnnpackLowering().lower(c.graph, whole_graph_partition(c.graph));
  ASSERT_TRUE(lowered.ok());
  EXPECT_EQ(xnnpack::schema::GetPayload(lowered->payload.data())->nodes()->size(), 2u);
}

TEST(XnnpackConvFusion, Relu6FromClipInputs) {
  DelegateCase c;
  ir::Value* y = nullptr;
  build_conv(c, ConvCase{1, 3, 4, 6, 6, 3, 1, 1, 1, 1, true}, /*output=*/false, &y);
  ir::Value* lo = c.constant({}, {0.f});
  ir::Value* hi = c.constant({}, {0.25f});
  c.node(OpType::kClip, {y, lo, hi});
  expect_delegate_matches_portable(c);
}

// A MobileNet-like chain in one partition: conv + Relu6, depthwise conv + Relu, 1x1 conv, a
// residual Add, global pool, Flatten and Gemm (internal values between payload nodes).
TEST(XnnpackChainTest, SmallCnnAsOnePartition) {
  DelegateCase c;
  ir::Value* x = c.input({2, 8, 9, 7});
  Attributes same;
  same.set("pads", std::vector<int64_t>{1, 1, 1, 1});
  Attributes depthwise = same;
  depthwise.set("group", int64_t{16});
  Attributes relu6;
  relu6.set("min", 0.f);
  relu6.set("max", 6.f);
  ir::Value* a = c.node(OpType::kConv, {x, c.random_constant({16, 8, 3, 3})}, same, false);
  a = c.node(OpType::kClip, {a}, relu6, false);
  ir::Value* b =
      c.node(OpType::kConv, {a, c.random_constant({16, 1, 3, 3}), c.random_constant({16})},
             depthwise, false);
  b = c.node(OpType::kRelu, {b}, {}, false);
  ir::Value* d = c.node(OpType::kConv, {b, c.random_constant({8, 16, 1, 1})}, {}, false);
  ir::Value* sum = c.node(OpType::kAdd, {d, x}, {}, false);
  ir::Value* pooled = c.node(OpType::kGlobalAveragePool, {sum}, {}, false);
  ir::Value* flat = c.node(OpType::kFlatten, {pooled}, {}, false);
  Attributes gemm;
  gemm.set("transB", int64_t{1});
  c.node(OpType::kGemm, {flat, c.random_constant({5, 8}), c.random_constant({5})}, gemm);
  expect_delegate_matches_portable(c);
}

}  // namespace
}  // namespace edgeq::testing
