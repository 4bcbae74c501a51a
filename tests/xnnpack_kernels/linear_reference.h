// Test helpers for the linear kernels: random operands, a straightforward scalar reference (the
// activations quantized by the runtime's own DynamicQuantize kernel) and the comparisons.
#pragma once

#include <cstdint>
#include <vector>

#include "delegate/xnnpack/kernels/linear_kernels.h"

namespace edgeq::xnnpack::testing {

// Per-token int8 activations as the runtime's DynamicQuantize (per_token, i8) produces them.
struct QuantizedRows {
  std::vector<int8_t> q;  // [rows, k]
  std::vector<float> scale;
  std::vector<int32_t> zero_point;
};
QuantizedRows runtime_dynamic_quantize(const std::vector<float>& x, int64_t rows, int64_t k);

// Weights of either scheme, unpacked: w [n, k] as int8 values, scales [n, groups].
struct LinearWeights {
  int64_t n = 0;
  int64_t k = 0;
  int64_t group = 0;  // == k for dynamic int8
  std::vector<int8_t> w;
  std::vector<float> scales;
  std::vector<float> bias;  // empty: no bias
  int64_t groups() const { return (k + group - 1) / group; }
  std::vector<uint8_t> int4_packed() const;  // dtype.h packing of w
  Result<PackedLinear> pack(LinearScheme scheme) const;
};

// Random weights: int8 in [-128, 127] (int4: [-8, 7]), scales in [0.001, 0.02].
LinearWeights random_weights(LinearScheme scheme, int64_t n, int64_t k, int64_t group,
                             bool with_bias, uint32_t seed);
std::vector<float> random_input(int64_t rows, int64_t k, uint32_t seed);

// The documented formulas, evaluated directly. `magnitude` receives, per output, the sum of the
// absolute values of the terms (the scale of the float rounding error).
std::vector<float> reference_linear(LinearScheme scheme, const LinearWeights& weights,
                                    const std::vector<float>& x, int64_t rows,
                                    std::vector<float>* magnitude);

// Runs the packed kernel on x through run_linear with the given path.
Result<std::vector<float>> run_packed(const PackedLinear& packed, const std::vector<float>& x,
                                      int64_t rows, LinearIsa isa);

}  // namespace edgeq::xnnpack::testing
