// QLinearConv through the XNNPACK delegate (quantized convolution / depthwise convolution) vs the
// portable QLinearConv kernel, byte for byte: per-tensor int8 weights (qint8), per-channel int8
// weights (qcint8 + qcint32 bias), uint8 with a weight zero point (quint8), grouped, depthwise,
// strided, padded, dilated, with and without bias, and output_min / output_max as the node's output
// range. Plus the refusals the support check explains, and the same comparison with the int8
// convolutions on edgeq's own kernels (delegate/xnnpack/kernels/qconv_kernels.h), each
// instruction-set path forced in turn.
#include <tuple>

#include "tests/delegate/quantized_case.h"

namespace edgeq::testing {
namespace {

using xnnpack::LinearIsa;

struct ConvSpec {
  int64_t n = 1, c = 4, h = 7, w = 6, m = 8, groups = 1, kernel = 3, stride = 1, pad = 1,
          dilation = 1;
  bool per_channel = false;
  DType dtype = DType::kI8;
  DType weight_dtype = DType::kUndefined;  // the input's dtype when undefined
  int weight_zero_point = 0;
  bool bias = true;
};

// Adds a QLinearConv with random codes and parameters (multipliers well below 256).
ir::Value* add_qconv(QuantizedCase& q, const ConvSpec& k, Attributes attrs = {}) {
  const int shift = k.dtype == DType::kI8 ? 0 : 128;
  ir::Value* x = q.codes_input({k.n, k.c, k.h, k.w}, k.dtype);
  const DType w_dtype = k.weight_dtype == DType::kUndefined ? k.dtype : k.weight_dtype;
  std::vector<float> w_scales(k.per_channel ? k.m : 1);
  for (float& s : w_scales) s = q.random_scale(0.002f, 0.05f);
  std::vector<ir::Value*> inputs = {
      x,
      q.scale(q.random_scale(0.002f, 0.05f)),
      q.zero_point(q.random_int(-60, 60) + shift, k.dtype),
      q.codes_constant({k.m, k.c / k.groups, k.kernel, k.kernel}, w_dtype),
      k.per_channel ? q.scales(w_scales) : q.scale(w_scales[0]),
      q.zero_point(k.weight_zero_point, w_dtype),
      q.scale(q.random_scale(0.01f, 0.3f)),
      q.zero_point(q.random_int(-30, 30) + shift, k.dtype)};
  if (k.bias) inputs.push_back(q.random_bias(k.m));
  attrs.set("group", k.groups);
  attrs.set("pads", std::vector<int64_t>{k.pad, k.pad, k.pad, k.pad});
  attrs.set("strides", std::vector<int64_t>{k.stride, k.stride});
  attrs.set("dilations", std::vector<int64_t>{k.dilation, k.dilation});
  return q.node(OpType::kQLinearConv, inputs, attrs);
}

void expect_conv_bit_exact(const ConvSpec& spec, Attributes attrs = {}) {
  for (uint32_t seed = 1; seed <= 3; ++seed) {
    SCOPED_TRACE(::testing::Message() << "seed " << seed);
    QuantizedCase q(seed);
    add_qconv(q, spec, attrs);
    expect_delegate_bit_exact(q);
  }
}

TEST(QLinearConvDelegateTest, PerTensorInt8) {
  expect_conv_bit_exact({});
  ConvSpec strided;
  strided.n = 2;
  strided.stride = 2;
  strided.pad = 0;
  strided.bias = false;
  expect_conv_bit_exact(strided);
  ConvSpec dilated;
  dilated.h = dilated.w = 9;
  dilated.dilation = 2;
  dilated.pad = 2;
  expect_conv_bit_exact(dilated);
}

TEST(QLinearConvDelegateTest, PerChannelInt8GroupedAndDepthwise) {
  ConvSpec per_channel;
  per_channel.per_channel = true;
  expect_conv_bit_exact(per_channel);
  ConvSpec grouped = per_channel;
  grouped.groups = 2;
  expect_conv_bit_exact(grouped);
  ConvSpec depthwise = per_channel;
  depthwise.groups = 4;
  depthwise.m = 8;  // depth multiplier 2
  expect_conv_bit_exact(depthwise);
  depthwise.per_channel = false;
  expect_conv_bit_exact(depthwise);
}

TEST(QLinearConvDelegateTest, Uint8WithWeightZeroPoint) {
  ConvSpec spec;
  spec.dtype = DType::kU8;
  spec.weight_zero_point = 131;
  expect_conv_bit_exact(spec);
  spec.groups = 4;  // depthwise
  expect_conv_bit_exact(spec);
  // int8 per-tensor weights with uint8 input: re-coded as uint8 weights.
  spec.groups = 1;
  spec.weight_dtype = DType::kI8;
  spec.weight_zero_point = 0;
  expect_conv_bit_exact(spec);
}

TEST(QLinearConvDelegateTest, OutputRangeGivesExactlyTheAttributeCodes) {
  for (auto [qmin, qmax] : {std::pair{-20, 127}, std::pair{-128, 15}, std::pair{-7, 9}}) {
    SCOPED_TRACE(::testing::Message() << "[" << qmin << ", " << qmax << "]");
    Attributes attrs;
    attrs.set("output_min", int64_t{qmin});
    attrs.set("output_max", int64_t{qmax});
    ConvSpec spec;
    spec.per_channel = qmin == -7;
    expect_conv_bit_exact(spec, attrs);
    // The clamp is active: the reference output reaches its narrowed ends.
    QuantizedCase q(9);
    add_qconv(q, spec, attrs);
    q.finish();
    const std::vector<int8_t> out = run_portable(q.graph, q.feeds)[0].values<int8_t>();
    if (qmin > -128) {
      EXPECT_EQ(*std::min_element(out.begin(), out.end()), qmin);
    }
    if (qmax < 127) {
      EXPECT_EQ(*std::max_element(out.begin(), out.end()), qmax);
    }
  }
}

// Dense and depthwise convolutions the own kernels take: odd channel counts, 1×1 to 7×7, strides 1
// and 2, dilation, per-channel and per-tensor weights, a fused clamp.
std::vector<std::pair<ConvSpec, Attributes>> own_kernel_cases() {
  std::vector<std::pair<ConvSpec, Attributes>> cases;
  const auto dense = [](int64_t c, int64_t m, int64_t kernel, int64_t stride, int64_t pad) {
    ConvSpec spec;
    spec.c = c;
    spec.m = m;
    spec.h = 9;
    spec.w = 7;
    spec.kernel = kernel;
    spec.stride = stride;
    spec.pad = pad;
    spec.per_channel = true;
    return spec;
  };
  cases.push_back({dense(19, 37, 1, 1, 0), {}});
  cases.push_back({dense(8, 20, 3, 1, 1), {}});
  ConvSpec batched = dense(5, 16, 3, 2, 1);
  batched.n = 2;
  batched.bias = false;
  cases.push_back({batched, {}});
  ConvSpec dilated = dense(3, 9, 5, 1, 2);
  dilated.dilation = 2;
  dilated.h = dilated.w = 11;
  cases.push_back({dilated, {}});
  ConvSpec stem = dense(3, 16, 7, 2, 3);
  stem.h = stem.w = 15;
  cases.push_back({stem, {}});
  ConvSpec per_tensor = dense(6, 12, 3, 1, 1);
  per_tensor.per_channel = false;
  cases.push_back({per_tensor, {}});
  Attributes relu;
  relu.set("output_min", int64_t{-20});
  relu.set("output_max", int64_t{100});
  cases.push_back({dense(16, 24, 3, 1, 1), relu});
  for (auto [channels, kernel, stride] : {std::tuple{24, 3, 1}, std::tuple{17, 3, 2},
                                          std::tuple{40, 5, 2}, std::tuple{33, 5, 1}}) {
    ConvSpec depthwise = dense(channels, channels, kernel, stride, kernel / 2);
    depthwise.groups = channels;
    cases.push_back({depthwise, stride == 1 ? relu : Attributes{}});
  }
  return cases;
}

TEST(QLinearConvDelegateTest, OwnKernelsOnEveryPathMatchTheReference) {
  for (LinearIsa isa : {LinearIsa::kPortable, LinearIsa::kAvx2, LinearIsa::kAvx512Vnni}) {
    if (!xnnpack::linear_isa_supported(isa)) continue;  // the kernel tests say which path is absent
    SCOPED_TRACE(xnnpack::linear_isa_name(isa));
    ForcedKernels forced(isa, xnnpack::ConvEngine::kOwn);
    for (const auto& [spec, attrs] : own_kernel_cases()) {
      SCOPED_TRACE(::testing::Message() << "c " << spec.c << " m " << spec.m << " kernel "
                                        << spec.kernel << " stride " << spec.stride << " groups "
                                        << spec.groups);
      QuantizedCase q(spec.c);
      add_qconv(q, spec, attrs);
      q.finish();
      EXPECT_EQ(conv_engines(q.graph), std::vector{xnnpack::ConvEngine::kOwn});
      expect_delegate_bit_exact(q);
    }
  }
}

TEST(QLinearConvDelegateTest, EngineChoiceFollowsTheSettingAndTheNode) {
  QuantizedCase q;
  ConvSpec dense;
  dense.per_channel = true;
  add_qconv(q, dense);
  ConvSpec grouped = dense;
  grouped.c = grouped.m = 8;
  grouped.groups = 2;  // grouped: XNNPACK only
  add_qconv(q, grouped);
  ConvSpec wide = dense;
  wide.kernel = 9;  // 81 taps: XNNPACK only
  wide.pad = 4;
  add_qconv(q, wide);
  q.finish();
  {
    ForcedKernels forced(LinearIsa::kPortable, xnnpack::ConvEngine::kXnnpack);
    EXPECT_EQ(conv_engines(q.graph), std::vector(3, xnnpack::ConvEngine::kXnnpack));
  }
  {
    ForcedKernels forced(LinearIsa::kPortable, xnnpack::ConvEngine::kOwn);
    EXPECT_EQ(conv_engines(q.graph),
              (std::vector{xnnpack::ConvEngine::kOwn, xnnpack::ConvEngine::kXnnpack,
                           xnnpack::ConvEngine::kXnnpack}));
  }
  {
    // Automatic: the own kernels only where they beat XNNPACK (AVX-512 VNNI).
    ForcedKernels forced(LinearIsa::kPortable, xnnpack::ConvEngine::kAuto);
    EXPECT_EQ(conv_engines(q.graph), std::vector(3, xnnpack::ConvEngine::kXnnpack));
  }
  const auto payload_of = [&] {
    xnnpack::XnnpackLowering lowering;
    return lowering.lower(q.graph, whole_graph_partition(q.graph)).value().payload;
  };
  const std::vector<uint8_t> payload = payload_of();
  const auto choices = xnnpack::conv_choices(*xnnpack::schema::GetPayload(payload.data()));
  ASSERT_EQ(choices.size(), 3u);
  EXPECT_EQ(choices[0].refusal, "");
  EXPECT_EQ(choices[1].refusal, "grouped convolution");
  EXPECT_EQ(choices[2].refusal, "kernel has more than 64 taps");
  // A program holding them runs: the refused ones on XNNPACK.
  ForcedKernels forced(LinearIsa::kAuto, xnnpack::ConvEngine::kOwn);
  expect_delegate_bit_exact(q);
}

// A QLinearConv with the given x, w, y scales and w zero point, for the refusal tests.
std::string conv_refusal(float x_scale, float w_scale, float y_scale, int w_zp, DType dtype,
                         bool per_channel) {
  QuantizedCase q;
  const int64_t m = 4;
  std::vector<ir::Value*> inputs = {
      q.codes_input({1, 2, 5, 5}, dtype),
      q.scale(x_scale),
      q.zero_point(0, dtype),
      q.codes_constant({m, 2, 3, 3}, dtype),
      per_channel ? q.scales(std::vector<float>(m, w_scale)) : q.scale(w_scale),
      q.zero_point(w_zp, dtype),
      q.scale(y_scale),
      q.zero_point(0, dtype)};
  q.node(OpType::kQLinearConv, inputs);
  return last_node_refusal(q);
}

TEST(QLinearConvDelegateTest, RefusalsSayWhy) {
  EXPECT_EQ(conv_refusal(0.5f, 6.f, 0.01f, 0, DType::kI8, false),
            "QLinearConv: requantization multiplier 300 >= 256 is not supported by XNNPACK 2022");
  EXPECT_EQ(conv_refusal(0.5f, 6.f, 0.01f, 0, DType::kI8, true),
            "QLinearConv: requantization multiplier 300 >= 256 is not supported by XNNPACK 2022");
  EXPECT_EQ(conv_refusal(0.1f, 0.1f, 0.1f, 3, DType::kI8, false),
            "QLinearConv: int8 weight zero point 3 is not supported by XNNPACK 2022 (symmetric "
            "int8 weights only)");
  EXPECT_EQ(conv_refusal(0.1f, 0.1f, 0.1f, 128, DType::kU8, true),
            "QLinearConv: per-channel u8 weights with uint8 input are not supported by XNNPACK "
            "2022 (per-channel qcint8 weights need int8 input)");
  EXPECT_EQ(conv_refusal(0.1f, 0.1f, 0.1f, 0, DType::kI8, false), "");
}

TEST(QLinearConvDelegateTest, ContradictoryInputQuantizationIsRefused) {
  // One int8 value read by two convolutions that disagree on its scale.
  QuantizedCase q;
  ConvSpec spec;
  add_qconv(q, spec);
  ir::Value* x = q.graph.inputs()[0];
  std::vector<ir::Value*> inputs = {x,
                                    q.scale(0.125f),
                                    q.zero_point(0),
                                    q.codes_constant({2, 4, 1, 1}),
                                    q.scale(0.01f),
                                    q.zero_point(0),
                                    q.scale(0.5f),
                                    q.zero_point(0)};
  q.node(OpType::kQLinearConv, inputs);
  const std::string refusal = last_node_refusal(q);
  EXPECT_NE(refusal.find("has two quantizations"), std::string::npos) << refusal;
  EXPECT_NE(refusal.find("scale 0.125"), std::string::npos) << refusal;
}

}  // namespace
}  // namespace edgeq::testing
