// ConvTranspose through the XNNPACK delegate (deconvolution) vs the portable kernel: odd sizes,
// strides, pads (explicit, auto_pad, output_shape), dilations, groups, output_padding, bias, inside
// a partition between convolutions; and the cases the delegate rejects.
#include "tests/delegate/delegate_test_util.h"

namespace edgeq::testing {
namespace {

struct ConvTransposeCase {
  int64_t batch, in_channels, out_channels, height, width, kernel_h, kernel_w;
  int64_t stride_h, stride_w, pad_begin, pad_end, dilation, group, output_padding;
  bool bias;
  std::string auto_pad = "NOTSET";
  std::vector<int64_t> output_shape = {};
};

ir::Value* build_conv_transpose(DelegateCase& c, ir::Value* x, const ConvTransposeCase& p,
                                bool output = true) {
  ir::Value* w =
      c.random_constant({p.in_channels, p.out_channels / p.group, p.kernel_h, p.kernel_w});
  std::vector<ir::Value*> inputs = {x, w};
  if (p.bias) inputs.push_back(c.random_constant({p.out_channels}));
  Attributes attrs;
  attrs.set("strides", std::vector<int64_t>{p.stride_h, p.stride_w});
  attrs.set("dilations", std::vector<int64_t>{p.dilation, p.dilation});
  attrs.set("group", p.group);
  if (p.output_padding != 0) {
    attrs.set("output_padding", std::vector<int64_t>{p.output_padding, p.output_padding});
  }
  if (!p.output_shape.empty()) {
    attrs.set("output_shape", p.output_shape);
  } else if (p.auto_pad == "NOTSET") {
    attrs.set("pads", std::vector<int64_t>{p.pad_begin, p.pad_end, p.pad_end, p.pad_begin});
  } else {
    attrs.set("auto_pad", p.auto_pad);
  }
  return c.node(OpType::kConvTranspose, inputs, attrs, output);
}

class XnnpackConvTransposeTest : public ::testing::TestWithParam<ConvTransposeCase> {};

TEST_P(XnnpackConvTransposeTest, MatchesPortable) {
  const ConvTransposeCase& p = GetParam();
  DelegateCase c;
  build_conv_transpose(c, c.input({p.batch, p.in_channels, p.height, p.width}), p);
  expect_delegate_matches_portable(c);
}

INSTANTIATE_TEST_SUITE_P(
    Shapes, XnnpackConvTransposeTest,
    ::testing::Values(
        // batch, in, out, H, W, kh, kw, sh, sw, pad_begin, pad_end, dilation, group, out_pad, bias
        ConvTransposeCase{1, 3, 5, 7, 9, 3, 3, 1, 1, 0, 0, 1, 1, 0, true},   // stride 1
        ConvTransposeCase{2, 4, 6, 5, 6, 3, 3, 2, 2, 1, 1, 1, 1, 0, false},  // stride 2, pads
        ConvTransposeCase{1, 3, 4, 4, 5, 4, 4, 2, 2, 1, 1, 1, 1, 0, true},   // 4x4 kernel
        ConvTransposeCase{1, 2, 3, 5, 7, 3, 2, 3, 2, 2, 0, 1, 1, 0, true},   // uneven stride
        ConvTransposeCase{1, 4, 4, 6, 5, 3, 3, 2, 2, 1, 0, 1, 1, 1, true},   // output_padding
        ConvTransposeCase{1, 3, 2, 5, 5, 3, 3, 3, 3, 1, 1, 1, 1, 2, false},  // output_padding 2
        ConvTransposeCase{1, 3, 4, 6, 7, 3, 3, 1, 1, 2, 1, 2, 1, 0, true},   // dilation 2
        ConvTransposeCase{1, 2, 3, 5, 4, 3, 3, 2, 2, 0, 1, 2, 1, 1, true},   // dilation + out_pad
        ConvTransposeCase{1, 6, 9, 5, 6, 3, 3, 2, 2, 1, 1, 1, 3, 0, true},   // 3 groups
        ConvTransposeCase{2, 4, 4, 7, 5, 3, 3, 2, 2, 1, 1, 1, 4, 1, true},   // depthwise-like
        ConvTransposeCase{1, 3, 5, 9, 10, 1, 1, 1, 1, 0, 0, 1, 1, 0, true},  // 1x1
        ConvTransposeCase{1, 3, 4, 5, 6, 3, 3, 2, 2, 0, 0, 1, 1, 0, true, "SAME_UPPER"},
        ConvTransposeCase{1, 2, 4, 6, 5, 4, 4, 2, 2, 0, 0, 1, 2, 0, false, "SAME_LOWER"},
        ConvTransposeCase{1, 3, 2, 4, 4, 3, 3, 2, 2, 0, 0, 1, 1, 0, true, "VALID"},
        ConvTransposeCase{1, 3, 3, 5, 5, 3, 3, 2, 2, 0, 0, 1, 1, 0, true, "NOTSET", {10, 10}}));

// Conv -> ConvTranspose + Relu (fused into the deconvolution) -> Conv as one partition: the
// values between the nodes stay NHWC.
TEST(XnnpackConvTransposeChain, BetweenConvolutionsInOnePartition) {
  DelegateCase c;
  Attributes same;
  same.set("pads", std::vector<int64_t>{1, 1, 1, 1});
  ir::Value* a =
      c.node(OpType::kConv, {c.input({2, 3, 7, 6}), c.random_constant({4, 3, 3, 3})}, same, false);
  ir::Value* b = build_conv_transpose(c, a, {2, 4, 6, 7, 6, 3, 3, 2, 2, 1, 0, 1, 2, 1, true},
                                      /*output=*/false);
  b = c.node(OpType::kRelu, {b}, {}, false);
  c.node(OpType::kConv, {b, c.random_constant({5, 6, 3, 3}), c.random_constant({5})}, same);
  expect_delegate_matches_portable(c);
  auto lowered = xnnpack::XnnpackLowering().lower(c.graph, whole_graph_partition(c.graph));
  ASSERT_TRUE(lowered.ok()) << lowered.status().to_string();
  const auto* payload = xnnpack::schema::GetPayload(lowered->payload.data());
  ASSERT_EQ(payload->nodes()->size(), 3u) << "Relu should fuse into the deconvolution";
  EXPECT_EQ(payload->nodes()->Get(1)->kind(), xnnpack::schema::NodeKind::Deconvolution2d);
  EXPECT_EQ(payload->nodes()->Get(1)->float_params()->Get(0), 0.f);
}

// Rejections: one test per reason family.
void expect_rejected(DelegateCase& c, const ir::Value* output, const std::string& reason_part) {
  c.finish();
  partitioner::SupportDecision d =
      xnnpack::XnnpackLowering().supports(c.graph, *output->producer());
  EXPECT_FALSE(d.supported);
  EXPECT_NE(d.reason.find(reason_part), std::string::npos) << d.reason;
}

TEST(XnnpackConvTransposeSupport, RunTimeWeightsOrBias) {
  DelegateCase c;
  ir::Value* y = c.node(OpType::kConvTranspose, {c.input({1, 3, 5, 5}), c.input({3, 4, 3, 3})});
  expect_rejected(c, y, "ConvTranspose: weights must be a constant");
  DelegateCase d;
  ir::Value* z = d.node(OpType::kConvTranspose,
                        {d.input({1, 3, 5, 5}), d.random_constant({3, 4, 3, 3}), d.input({4})});
  expect_rejected(d, z, "bias must be constant");
}

TEST(XnnpackConvTransposeSupport, OneDimensional) {
  DelegateCase c;
  ir::Value* y = c.node(OpType::kConvTranspose, {c.input({1, 3, 9}), c.random_constant({3, 2, 3})});
  expect_rejected(c, y, "ConvTranspose: weights must be a constant 4-D");
}

TEST(XnnpackConvTransposeSupport, OutputPaddingNotBelowStride) {
  // ONNX allows output_padding < max(stride, dilation); XNNPACK needs it below the stride.
  DelegateCase c;
  ir::Value* y = build_conv_transpose(c, c.input({1, 2, 5, 5}),
                                      {1, 2, 2, 5, 5, 3, 3, 1, 1, 0, 0, 2, 1, 1, true});
  expect_rejected(c, y, "not below the stride");
}

TEST(XnnpackConvTransposeSupport, OutputShapeBeyondTheFullOutput) {
  DelegateCase c;
  ir::Value* y = build_conv_transpose(
      c, c.input({1, 2, 4, 4}), {1, 2, 2, 4, 4, 3, 3, 1, 1, 0, 0, 1, 1, 0, true, "NOTSET", {8, 8}});
  expect_rejected(c, y, "negative padding");
}

}  // namespace
}  // namespace edgeq::testing
