// Test support for the own int8 convolution kernels (qconv_kernels.h): a scalar reference (a direct
// NHWC loop with the runtime's requantize_fp32), convolution cases with seeded random operands,
// and the byte-for-byte comparison of a kernel path with the reference.
#pragma once

#include <gtest/gtest.h>
#include <pthreadpool.h>

#include <cstdint>
#include <string>
#include <vector>

#include "delegate/xnnpack/kernels/qconv_kernels.h"

namespace edgeq::xnnpack::testing {

// y [batch, out_h, out_w, out_c] of a dense (`depthwise` false; filter OHWI) or depthwise (filter
// [kernel_h, kernel_w, channels]) convolution of x [batch, in_h, in_w, in_c]; `bias` may be empty.
std::vector<int8_t> reference_qconv(const std::vector<int8_t>& x, int64_t batch,
                                    const std::vector<int8_t>& filter,
                                    const std::vector<int32_t>& bias, const QConvGeometry& g,
                                    const QConvRequantization& r, bool depthwise);

// Uniform int8 values in [lo, hi] from `seed`.
std::vector<int8_t> random_int8(size_t count, uint32_t seed, int lo = -128, int hi = 127);
// Uniform int32 values in [lo, hi] from `seed`.
std::vector<int32_t> random_int32(size_t count, uint32_t seed, int32_t lo, int32_t hi);
// `count` scales spread over [lo, hi] (log-uniform) from `seed`.
std::vector<float> random_scales(size_t count, uint32_t seed, float lo, float hi);

// Every instruction-set path of the kernels.
constexpr LinearIsa kQConvPaths[] = {LinearIsa::kPortable, LinearIsa::kAvx2,
                                     LinearIsa::kAvx512Vnni};

#define EDGEQ_SKIP_IF_UNSUPPORTED(isa)                                                 \
  if (!linear_isa_supported(isa)) {                                                    \
    GTEST_SKIP() << "this CPU or build lacks the " << linear_isa_name(isa) << " path"; \
  }

// One convolution (dense, or depthwise with in_c == out_c): geometry from the input size,
// channels, kernel, stride, dilation and the four paddings, plus the quantization parameters.
struct ConvCase {
  bool depthwise = false;
  int64_t in_c = 3, out_c = 5;
  int64_t in_h = 5, in_w = 5;
  int64_t kernel_h = 3, kernel_w = 3;
  int64_t stride = 1;
  int64_t dilation = 1;
  int64_t pad_top = 1, pad_left = 1, pad_bottom = 1, pad_right = 1;
  int64_t batch = 1;
  bool bias = true;
  int32_t input_zero_point = 0;
  int32_t output_zero_point = 0;
  int32_t qmin = -128, qmax = 127;

  QConvGeometry geometry() const;
  // Multiply-accumulates of one run (bounds the reference's cost).
  int64_t macs() const;
  std::string describe() const;
};

// A depthwise case over `channels` channels (the other fields at their defaults).
ConvCase depthwise_case(int64_t channels);

// The window of a case: input size, kernel, stride, dilation, paddings (top, left, bottom, right).
struct ConvWindow {
  int64_t in_h, in_w, kernel_h, kernel_w, stride, dilation, top, left, bottom, right;
};
// `base` with the window of `w`.
ConvCase with_window(ConvCase base, const ConvWindow& w);

// `c` with the batch, bias, zero points (-128, 127, 0) and a fused clamp varied by `seed`, so that
// a sweep over shapes also covers the quantization parameters.
ConvCase with_varied_parameters(ConvCase c, uint32_t seed);

struct ConvOperands {
  QConvGeometry g;
  QConvRequantization r;
  std::vector<int8_t> x, filter;
  std::vector<int32_t> bias;
};

// Random input, filter, bias (when the case has one) and scales in [1e-4, 1] from `seed`.
ConvOperands make_operands(const ConvCase& c, uint32_t seed);

// Packs `o` (dense or depthwise as the case says).
Result<PackedQConv> pack_operands(const ConvOperands& o, const ConvCase& c);

// run_qconv with a scratch of exactly qconv_scratch_bytes.
Status run_packed(const PackedQConv& packed, const std::vector<int8_t>& x, int64_t batch,
                  std::vector<int8_t>& y, LinearIsa isa, pthreadpool* pool = nullptr);

// Expects identical bytes; names the pixel and channel of the first few that differ.
void expect_bytes_equal(const std::vector<int8_t>& y, const std::vector<int8_t>& expected,
                        int64_t channels);

// Packs and runs `o` on path `isa` and compares every output byte with reference_qconv.
void expect_matches_reference(const ConvOperands& o, const ConvCase& c, LinearIsa isa,
                              pthreadpool* pool = nullptr);

}  // namespace edgeq::xnnpack::testing
