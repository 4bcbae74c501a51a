// Scalar reference for the own int8 convolution kernels (qconv_kernels.h): a direct NHWC loop with
// the runtime's requantize_fp32, plus seeded random operands, so every kernel path is compared
// with the same bytes.
#pragma once

#include <cstdint>
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

}  // namespace edgeq::xnnpack::testing
