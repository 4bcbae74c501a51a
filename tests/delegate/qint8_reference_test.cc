// The portable QLinear* kernels against XNNPACK itself (the library the delegate runs), byte for
// byte: each case builds a one-node XNNPACK subgraph with quantized values (or, where the 2022-02
// subgraph API has no quantized node, calls XNNPACK's operator API), runs it, and compares every
// output byte with the portable kernel on the same data (NCHW vs XNNPACK's NHWC).
//
// Bit-exact: convolution (qint8 per tensor, qcint8 per channel, quint8 with a weight zero point;
// grouped, depthwise, strided, padded, dilated), fully connected (qint8), add, multiply, global
// average pooling, sigmoid (qint8), leaky relu (quint8, operator API). Windowed average pooling:
// XNNPACK 2022-02 has it only in f32 in its subgraph API; its quint8 operator uses an older
// fixed-point scheme (ties away from zero), so the mismatch is measured and bounded instead
// (0 of 5376 outputs differed on the cases below).
#include <xnnpack.h>

#include <cmath>
#include <cstdio>
#include <limits>
#include <memory>
#include <type_traits>

#include "tests/runtime/kernels/qlinear_test_util.h"

namespace edgeq::testing {
namespace {

struct SubgraphDeleter {
  void operator()(xnn_subgraph* s) const { xnn_delete_subgraph(s); }
};
struct RuntimeDeleter {
  void operator()(xnn_runtime* r) const { xnn_delete_runtime(r); }
};

// A one-node XNNPACK subgraph: external values 0 and 1 are inputs, 2 the output.
class XnnCase {
 public:
  XnnCase() {
    EXPECT_EQ(xnn_initialize(nullptr), xnn_status_success);
    xnn_subgraph_t s = nullptr;
    EXPECT_EQ(xnn_create_subgraph(3, 0, &s), xnn_status_success);
    subgraph_.reset(s);
  }
  xnn_subgraph_t get() { return subgraph_.get(); }

  // An external (id < 3) or constant (data != nullptr, external_id = XNN_INVALID_VALUE_ID) value.
  uint32_t value(xnn_datatype type, int zero_point, float scale, std::vector<size_t> dims,
                 const void* data, uint32_t external_id) {
    uint32_t id = 0;
    const uint32_t flags = external_id == 2  ? XNN_VALUE_FLAG_EXTERNAL_OUTPUT
                           : external_id < 2 ? XNN_VALUE_FLAG_EXTERNAL_INPUT
                                             : 0;
    EXPECT_EQ(xnn_define_quantized_tensor_value(get(), type, zero_point, scale, dims.size(),
                                                dims.data(), data, external_id, flags, &id),
              xnn_status_success);
    return id;
  }
  uint32_t channelwise(xnn_datatype type, const std::vector<float>& scales,
                       std::vector<size_t> dims, size_t channel_dim, const void* data) {
    uint32_t id = 0;
    EXPECT_EQ(xnn_define_channelwise_quantized_tensor_value(get(), type, scales.data(), dims.size(),
                                                            channel_dim, dims.data(), data,
                                                            XNN_INVALID_VALUE_ID, 0, &id),
              xnn_status_success);
    return id;
  }

  // Runs with the given external input buffers and output buffer.
  void run(const void* in0, const void* in1, void* out) {
    xnn_runtime_t r = nullptr;
    ASSERT_EQ(xnn_create_runtime_v2(get(), nullptr, 0, &r), xnn_status_success);
    std::unique_ptr<xnn_runtime, RuntimeDeleter> runtime(r);
    std::vector<xnn_external_value> externals = {{2, out}, {0, const_cast<void*>(in0)}};
    if (in1 != nullptr) externals.push_back({1, const_cast<void*>(in1)});
    ASSERT_EQ(xnn_setup_runtime(r, externals.size(), externals.data()), xnn_status_success);
    ASSERT_EQ(xnn_invoke_runtime(r), xnn_status_success);
  }

 private:
  std::unique_ptr<xnn_subgraph, SubgraphDeleter> subgraph_;
};

// [N, C, H, W] <-> [N, H, W, C].
template <typename T>
std::vector<T> to_nhwc(const std::vector<T>& x, size_t n, size_t c, size_t hw) {
  std::vector<T> y(x.size());
  for (size_t i = 0; i < n; ++i)
    for (size_t ch = 0; ch < c; ++ch)
      for (size_t p = 0; p < hw; ++p) y[(i * hw + p) * c + ch] = x[(i * c + ch) * hw + p];
  return y;
}

// Expects identical bytes; the message names the first differing element.
template <typename T>
void expect_same_bytes(const std::vector<T>& portable, const std::vector<T>& xnnpack) {
  ASSERT_EQ(portable.size(), xnnpack.size());
  for (size_t i = 0; i < portable.size(); ++i) {
    ASSERT_EQ(int{portable[i]}, int{xnnpack[i]}) << "element " << i << " of " << portable.size();
  }
}

// What XNNPACK's subgraph makes of a float output bound: lrintf(bound / scale + zp), clamped to
// T's range.
template <typename T>
int xnn_quantized_bound(float bound, float scale, int zero_point) {
  const float lo = std::numeric_limits<T>::min(), hi = std::numeric_limits<T>::max();
  return static_cast<int>(
      std::lrint(std::fmin(std::fmax(bound / scale + static_cast<float>(zero_point), lo), hi)));
}

struct ConvSpec {
  size_t n, c, m, groups, h, w, kh, kw, stride, pad, dilation;
  bool per_channel, depthwise;
  float clamp_lo = -INFINITY, clamp_hi = INFINITY;  // fused output range, real values
};

template <typename T>
void compare_conv(const ConvSpec& k, uint32_t seed, int w_zp = 0) {
  SCOPED_TRACE(::testing::Message() << "seed " << seed);
  constexpr bool kSigned = std::is_same_v<T, int8_t>;
  constexpr xnn_datatype kType = kSigned ? xnn_datatype_qint8 : xnn_datatype_quint8;
  const int shift = kSigned ? 0 : 128;
  const size_t cg = k.c / k.groups, mg = k.m / k.groups;
  const auto x = random_codes<T>(k.n * k.c * k.h * k.w, seed);
  const auto w = random_codes<T>(k.m * cg * k.kh * k.kw, seed + 1);
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> scale(0.002f, 0.05f);
  const float x_scale = scale(rng), y_scale = scale(rng) * 6;
  const int x_zp = std::uniform_int_distribution<int>(-60, 60)(rng) + shift;
  const int y_zp = (x_zp - shift) / 3 - 4 + shift;
  std::vector<float> w_scales(k.per_channel ? k.m : 1), b_scales;
  for (float& s : w_scales) s = scale(rng);
  for (float s : w_scales) b_scales.push_back(x_scale * s);
  std::vector<int32_t> bias(k.m);
  for (auto& b : bias) b = std::uniform_int_distribution<int>(-20000, 20000)(rng);
  const size_t oh = (k.h + 2 * k.pad - ((k.kh - 1) * k.dilation + 1)) / k.stride + 1;
  const size_t ow = (k.w + 2 * k.pad - ((k.kw - 1) * k.dilation + 1)) / k.stride + 1;

  // XNNPACK: NHWC input; filter [M, kh, kw, C/g], or [1, kh, kw, M] for depthwise.
  std::vector<T> filter(w.size());
  for (size_t m = 0; m < k.m; ++m)
    for (size_t c = 0; c < cg; ++c)
      for (size_t p = 0; p < k.kh * k.kw; ++p) {
        const T v = w[(m * cg + c) * k.kh * k.kw + p];
        if (k.depthwise) {
          filter[p * k.m + m] = v;
        } else {
          filter[(m * k.kh * k.kw + p) * cg + c] = v;
        }
      }
  XnnCase xnn;
  const uint32_t in = xnn.value(kType, x_zp, x_scale, {k.n, k.h, k.w, k.c}, nullptr, 0);
  const uint32_t out = xnn.value(kType, y_zp, y_scale, {k.n, oh, ow, k.m}, nullptr, 2);
  const std::vector<size_t> filter_dims = k.depthwise ? std::vector<size_t>{1, k.kh, k.kw, k.m}
                                                      : std::vector<size_t>{k.m, k.kh, k.kw, cg};
  uint32_t filter_id, bias_id;
  if (k.per_channel) {
    filter_id = xnn.channelwise(xnn_datatype_qcint8, w_scales, filter_dims, k.depthwise ? 3 : 0,
                                filter.data());
    bias_id = xnn.channelwise(xnn_datatype_qcint32, b_scales, {k.m}, 0, bias.data());
  } else {
    filter_id =
        xnn.value(kType, w_zp, w_scales[0], filter_dims, filter.data(), XNN_INVALID_VALUE_ID);
    bias_id =
        xnn.value(xnn_datatype_qint32, 0, b_scales[0], {k.m}, bias.data(), XNN_INVALID_VALUE_ID);
  }
  const uint32_t p = static_cast<uint32_t>(k.pad);
  if (k.depthwise) {
    ASSERT_EQ(xnn_define_depthwise_convolution_2d(
                  xnn.get(), p, p, p, p, k.kh, k.kw, k.stride, k.stride, k.dilation, k.dilation,
                  k.m / k.c, k.c, k.clamp_lo, k.clamp_hi, in, filter_id, bias_id, out, 0),
              xnn_status_success);
  } else {
    ASSERT_EQ(xnn_define_convolution_2d(xnn.get(), p, p, p, p, k.kh, k.kw, k.stride, k.stride,
                                        k.dilation, k.dilation, k.groups, cg, mg, k.clamp_lo,
                                        k.clamp_hi, in, filter_id, bias_id, out, 0),
              xnn_status_success);
  }
  const auto x_nhwc = to_nhwc(x, k.n, k.c, k.h * k.w);
  std::vector<T> xnn_out(k.n * oh * ow * k.m);
  xnn.run(x_nhwc.data(), nullptr, xnn_out.data());

  Attributes attrs;
  const int64_t pad = static_cast<int64_t>(k.pad), stride = static_cast<int64_t>(k.stride),
                dil = static_cast<int64_t>(k.dilation);
  attrs.set("group", static_cast<int64_t>(k.groups));
  attrs.set("pads", std::vector<int64_t>{pad, pad, pad, pad});
  attrs.set("strides", std::vector<int64_t>{stride, stride});
  attrs.set("dilations", std::vector<int64_t>{dil, dil});
  attrs.set("output_min", int64_t{xnn_quantized_bound<T>(k.clamp_lo, y_scale, y_zp)});
  attrs.set("output_max", int64_t{xnn_quantized_bound<T>(k.clamp_hi, y_scale, y_zp)});
  const auto i64 = [](size_t v) { return static_cast<int64_t>(v); };
  const Shape ws = k.per_channel ? Shape{i64(k.m)} : Shape{};
  const auto portable = run_kernel(
      OpType::kQLinearConv, attrs,
      {make_tensor<T>({i64(k.n), i64(k.c), i64(k.h), i64(k.w)}, x), scalar_f32(x_scale),
       scalar_code<T>(x_zp), make_tensor<T>({i64(k.m), i64(cg), i64(k.kh), i64(k.kw)}, w),
       make_tensor<float>(ws, w_scales),
       make_tensor<T>(ws, std::vector<T>(ws.numel(), static_cast<T>(w_zp))), scalar_f32(y_scale),
       scalar_code<T>(y_zp), make_tensor<int32_t>({i64(k.m)}, bias)});
  ASSERT_EQ(portable.size(), 1u);
  expect_same_bytes(to_nhwc(portable[0].template values<T>(), k.n, k.m, oh * ow), xnn_out);
}

TEST(Qint8ReferenceTest, ConvolutionIsBitExact) {
  const ConvSpec specs[] = {
      {1, 3, 8, 1, 9, 7, 3, 3, 1, 1, 1, false, false},
      {2, 5, 11, 1, 8, 8, 3, 3, 2, 1, 1, true, false},
      {1, 16, 24, 1, 6, 6, 1, 1, 1, 0, 1, true, false},           // pointwise
      {1, 8, 12, 4, 7, 9, 3, 2, 1, 1, 2, true, false},            // grouped, dilated
      {1, 12, 12, 12, 9, 9, 3, 3, 2, 1, 1, true, true},           // depthwise
      {1, 7, 14, 7, 10, 6, 5, 5, 1, 2, 1, false, true},           // depthwise x2, 5x5
      {1, 4, 6, 1, 6, 6, 3, 3, 1, 1, 1, true, false, 0.f, 1.5f},  // fused relu-like clamp
  };
  uint32_t seed = 1;
  for (const ConvSpec& k : specs) compare_conv<int8_t>(k, seed += 2);
}

// quint8 convolution (per-tensor weights with a non-zero weight zero point).
TEST(Qint8ReferenceTest, Quint8ConvolutionWithWeightZeroPointIsBitExact) {
  const ConvSpec specs[] = {
      {1, 3, 8, 1, 9, 7, 3, 3, 1, 1, 1, false, false},
      {2, 8, 12, 4, 7, 9, 3, 2, 2, 1, 1, false, false},
      {1, 12, 12, 12, 9, 9, 3, 3, 2, 1, 1, false, true},
      {1, 4, 6, 1, 6, 6, 3, 3, 1, 1, 2, false, false, 0.f, 2.f},
  };
  uint32_t seed = 50;
  for (const ConvSpec& k : specs) compare_conv<uint8_t>(k, seed += 2, 119);
}

TEST(Qint8ReferenceTest, FullyConnectedIsBitExact) {
  const size_t rows = 7, depth = 45, cols = 19;
  const auto a = random_codes<int8_t>(rows * depth, 3);
  const auto b = random_codes<int8_t>(depth * cols, 4);  // [K, N]
  std::vector<int8_t> filter(cols * depth);              // [N, K]
  for (size_t k = 0; k < depth; ++k)
    for (size_t n = 0; n < cols; ++n) filter[n * depth + k] = b[k * cols + n];
  const float a_scale = 0.031f, b_scale = 0.0047f, y_scale = 0.09f;
  const int a_zp = -9, y_zp = 12;
  XnnCase xnn;
  const uint32_t in = xnn.value(xnn_datatype_qint8, a_zp, a_scale, {rows, depth}, nullptr, 0);
  const uint32_t w =
      xnn.value(xnn_datatype_qint8, 0, b_scale, {cols, depth}, filter.data(), XNN_INVALID_VALUE_ID);
  std::vector<int32_t> bias(cols);
  for (size_t n = 0; n < cols; ++n) bias[n] = static_cast<int32_t>(n * 977) - 9000;
  const uint32_t bias_id = xnn.value(xnn_datatype_qint32, 0, a_scale * b_scale, {cols}, bias.data(),
                                     XNN_INVALID_VALUE_ID);
  const uint32_t out = xnn.value(xnn_datatype_qint8, y_zp, y_scale, {rows, cols}, nullptr, 2);
  ASSERT_EQ(xnn_define_fully_connected(xnn.get(), -INFINITY, INFINITY, in, w, bias_id, out, 0),
            xnn_status_success);
  std::vector<int8_t> xnn_out(rows * cols);
  xnn.run(a.data(), nullptr, xnn_out.data());
  const auto portable = run_kernel(
      OpType::kQLinearMatMul, {},
      {make_tensor<int8_t>({7, 45}, a), scalar_f32(a_scale), scalar_code<int8_t>(a_zp),
       make_tensor<int8_t>({45, 19}, b), scalar_f32(b_scale), scalar_code<int8_t>(0),
       scalar_f32(y_scale), scalar_code<int8_t>(y_zp), make_tensor<int32_t>({19}, bias)});
  ASSERT_EQ(portable.size(), 1u);
  expect_same_bytes(portable[0].values<int8_t>(), xnn_out);
}

// add2 / multiply2 on int8 with broadcasting; the same row-major data for both sides.
void compare_binary(OpType op, Shape a_shape, Shape b_shape, float a_scale, int a_zp, float b_scale,
                    int b_zp, float y_scale, int y_zp, uint32_t seed) {
  SCOPED_TRACE(::testing::Message() << op_name(op) << " seed " << seed);
  const auto a = random_codes<int8_t>(a_shape.numel(), seed);
  const auto b = random_codes<int8_t>(b_shape.numel(), seed + 1);
  auto dims = [](const Shape& s) { return std::vector<size_t>(s.begin(), s.end()); };
  Shape out_shape = a_shape;
  for (int d = 0; d < out_shape.rank(); ++d) out_shape[d] = std::max(a_shape[d], b_shape[d]);
  XnnCase xnn;
  const uint32_t ia = xnn.value(xnn_datatype_qint8, a_zp, a_scale, dims(a_shape), nullptr, 0);
  const uint32_t ib = xnn.value(xnn_datatype_qint8, b_zp, b_scale, dims(b_shape), nullptr, 1);
  const uint32_t out = xnn.value(xnn_datatype_qint8, y_zp, y_scale, dims(out_shape), nullptr, 2);
  const auto define = op == OpType::kQLinearAdd ? &xnn_define_add2 : &xnn_define_multiply2;
  ASSERT_EQ(define(xnn.get(), -INFINITY, INFINITY, ia, ib, out, 0), xnn_status_success);
  std::vector<int8_t> xnn_out(out_shape.numel());
  xnn.run(a.data(), b.data(), xnn_out.data());
  const auto portable =
      run_kernel(op, {},
                 {make_tensor<int8_t>(a_shape, a), scalar_f32(a_scale), scalar_code<int8_t>(a_zp),
                  make_tensor<int8_t>(b_shape, b), scalar_f32(b_scale), scalar_code<int8_t>(b_zp),
                  scalar_f32(y_scale), scalar_code<int8_t>(y_zp)});
  ASSERT_EQ(portable.size(), 1u);
  expect_same_bytes(portable[0].values<int8_t>(), xnn_out);
}

TEST(Qint8ReferenceTest, AddAndMultiplyAreBitExact) {
  for (OpType op : {OpType::kQLinearAdd, OpType::kQLinearMul}) {
    compare_binary(op, {2, 5, 7, 9}, {2, 5, 7, 9}, 0.021f, 3, 0.037f, -11, 0.05f, 7, 1);
    compare_binary(op, {1, 4, 6, 33}, {1, 1, 1, 33}, 0.5f, -40, 0.013f, 20, 0.3f, -2, 2);
    compare_binary(op, {3, 1, 17}, {1, 6, 1}, 0.0031f, 0, 0.0029f, 100, 0.0042f, -128, 3);
  }
  // Random scales and zero points (within XNNPACK's accepted ratios), 40 configurations per op.
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> log_scale(-7.f, -1.f);
  std::uniform_int_distribution<int> zp(-128, 127);
  for (uint32_t i = 0; i < 40; ++i) {
    const float a = std::exp2(log_scale(rng)), b = std::exp2(log_scale(rng));
    const float y_add = (a + b) * std::exp2(log_scale(rng) / 3.f);
    compare_binary(OpType::kQLinearAdd, {4, 5, 13}, {4, 5, 13}, a, zp(rng), b, zp(rng), y_add,
                   zp(rng), 100 + i);
    compare_binary(OpType::kQLinearMul, {4, 5, 13}, {4, 5, 13}, a, zp(rng), b, zp(rng),
                   a * b * 16.f, zp(rng), 200 + i);
  }
}

TEST(Qint8ReferenceTest, GlobalAveragePoolingIsBitExact) {
  const size_t n = 2, c = 13, h = 5, w = 7;
  const auto x = random_codes<int8_t>(n * c * h * w, 5);
  const float x_scale = 0.04f, y_scale = 0.011f;
  const int x_zp = 17, y_zp = -6;
  XnnCase xnn;
  const uint32_t in = xnn.value(xnn_datatype_qint8, x_zp, x_scale, {n, h, w, c}, nullptr, 0);
  const uint32_t out = xnn.value(xnn_datatype_qint8, y_zp, y_scale, {n, 1, 1, c}, nullptr, 2);
  ASSERT_EQ(xnn_define_global_average_pooling_2d(xnn.get(), -INFINITY, INFINITY, in, out, 0),
            xnn_status_success);
  const auto x_nhwc = to_nhwc(x, n, c, h * w);
  std::vector<int8_t> xnn_out(n * c);
  xnn.run(x_nhwc.data(), nullptr, xnn_out.data());
  const auto portable =
      run_kernel(OpType::kQLinearGlobalAveragePool, {},
                 {make_tensor<int8_t>({2, 13, 5, 7}, x), scalar_f32(x_scale),
                  scalar_code<int8_t>(x_zp), scalar_f32(y_scale), scalar_code<int8_t>(y_zp)});
  ASSERT_EQ(portable.size(), 1u);
  expect_same_bytes(portable[0].values<int8_t>(), xnn_out);  // [N, C] either way
}

TEST(Qint8ReferenceTest, SigmoidIsBitExact) {
  std::vector<int8_t> codes;
  for (int q = -128; q < 128; ++q) codes.push_back(static_cast<int8_t>(q));
  for (float x_scale : {0.01f, 0.0473f, 0.2f}) {
    const int x_zp = 5;
    XnnCase xnn;
    const uint32_t in = xnn.value(xnn_datatype_qint8, x_zp, x_scale, {2, 128}, nullptr, 0);
    const uint32_t out = xnn.value(xnn_datatype_qint8, -128, 1.f / 256, {2, 128}, nullptr, 2);
    ASSERT_EQ(xnn_define_sigmoid(xnn.get(), in, out, 0), xnn_status_success);
    std::vector<int8_t> xnn_out(256);
    xnn.run(codes.data(), nullptr, xnn_out.data());
    const auto portable =
        run_kernel(OpType::kQLinearSigmoid, {},
                   {make_tensor<int8_t>({2, 128}, codes), scalar_f32(x_scale),
                    scalar_code<int8_t>(x_zp), scalar_f32(1.f / 256), scalar_code<int8_t>(-128)});
    ASSERT_EQ(portable.size(), 1u);
    expect_same_bytes(portable[0].values<int8_t>(), xnn_out);
  }
}

TEST(Qint8ReferenceTest, LeakyReluIsBitExactOnUint8) {
  // The 2022-02 subgraph has no quantized leaky relu; its quint8 operator builds the table.
  ASSERT_EQ(xnn_initialize(nullptr), xnn_status_success);
  std::vector<uint8_t> codes;
  for (int q = 0; q < 256; ++q) codes.push_back(static_cast<uint8_t>(q));
  for (float slope : {0.01f, 0.2f, 1.f}) {
    const float x_scale = 0.03f, y_scale = 0.021f;
    const int x_zp = 131, y_zp = 90;
    xnn_operator_t op = nullptr;
    ASSERT_EQ(
        xnn_create_leaky_relu_nc_qu8(1, 1, 1, slope, x_zp, x_scale, y_zp, y_scale, 0, 255, 0, &op),
        xnn_status_success);
    std::vector<uint8_t> xnn_out(256);
    ASSERT_EQ(xnn_setup_leaky_relu_nc_qu8(op, 256, codes.data(), xnn_out.data(), nullptr),
              xnn_status_success);
    ASSERT_EQ(xnn_run_operator(op, nullptr), xnn_status_success);
    xnn_delete_operator(op);
    Attributes attrs;
    attrs.set("alpha", slope);
    const auto portable =
        run_kernel(OpType::kQLinearLeakyRelu, attrs,
                   {make_tensor<uint8_t>({256}, codes), scalar_f32(x_scale),
                    scalar_code<uint8_t>(x_zp), scalar_f32(y_scale), scalar_code<uint8_t>(y_zp)});
    ASSERT_EQ(portable.size(), 1u);
    expect_same_bytes(portable[0].values<uint8_t>(), xnn_out);
  }
}

// XNNPACK's quint8 average pooling (operator API; the subgraph has no quantized one) uses an older
// fixed-point requantization, so the fp32 QLinearAveragePool is not bit-exact with it: the
// mismatch is measured and bounded (3x3 windows, stride 2, no padding; printed for the record).
TEST(Qint8ReferenceTest, Quint8AveragePoolingMismatchIsBounded) {
  ASSERT_EQ(xnn_initialize(nullptr), xnn_status_success);
  const size_t n = 2, c = 16, h = 15, w = 17, oh = 7, ow = 8;
  const auto x = random_codes<uint8_t>(n * c * h * w, 9);
  Mismatch total;
  for (const auto& [x_scale, y_scale] :
       {std::pair{0.03f, 0.021f}, std::pair{0.05f, 0.05f}, std::pair{0.011f, 0.037f}}) {
    const int x_zp = 121, y_zp = 133;
    xnn_operator_t op = nullptr;
    ASSERT_EQ(xnn_create_average_pooling2d_nhwc_qu8(0, 0, 0, 0, 3, 3, 2, 2, c, c, c, x_zp, x_scale,
                                                    y_zp, y_scale, 0, 255, 0, &op),
              xnn_status_success);
    const auto x_nhwc = to_nhwc(x, n, c, h * w);
    std::vector<uint8_t> xnn_out(n * oh * ow * c);
    ASSERT_EQ(
        xnn_setup_average_pooling2d_nhwc_qu8(op, n, h, w, x_nhwc.data(), xnn_out.data(), nullptr),
        xnn_status_success);
    ASSERT_EQ(xnn_run_operator(op, nullptr), xnn_status_success);
    xnn_delete_operator(op);
    Attributes attrs;
    attrs.set("kernel_shape", std::vector<int64_t>{3, 3});
    attrs.set("strides", std::vector<int64_t>{2, 2});
    const auto portable =
        run_kernel(OpType::kQLinearAveragePool, attrs,
                   {make_tensor<uint8_t>({2, 16, 15, 17}, x), scalar_f32(x_scale),
                    scalar_code<uint8_t>(x_zp), scalar_f32(y_scale), scalar_code<uint8_t>(y_zp)});
    ASSERT_EQ(portable.size(), 1u);
    const auto mine = to_nhwc(portable[0].values<uint8_t>(), n, c, oh * ow);
    ASSERT_EQ(mine.size(), xnn_out.size());
    for (size_t i = 0; i < mine.size(); ++i) total.add(mine[i], xnn_out[i]);
  }
  std::printf("QLinearAveragePool vs XNNPACK quint8 average pooling: %lld of %lld differ, max %d\n",
              static_cast<long long>(total.count), static_cast<long long>(total.total),
              total.max_difference);
  EXPECT_LE(total.max_difference, 1);
  EXPECT_LE(total.count * 20, total.total);  // under 5 %
}

}  // namespace
}  // namespace edgeq::testing
