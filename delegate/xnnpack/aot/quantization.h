// Quantization parameters of int8/uint8 IR values for the XNNPACK delegate. The IR keeps scales and
// zero points on nodes, not on values: a value's (scale, zero point) is what the nodes producing or
// reading it say (a QLinear* node's x/y parameters, QuantizeLinear's output, DequantizeLinear's
// input), carried unchanged through the int8 pass-through ops (MaxPool, Reshape, Flatten, Pad,
// DepthToSpace, Resize, Squeeze, Unsqueeze, Transpose), whose input and output XNNPACK requires to
// share their quantization. Two different answers for one value make it unsupported, with a reason.
//
// Also the conversion of a quantized clamp [qmin, qmax] into the float output range XNNPACK's
// subgraph API takes (it turns a float bound b back into lrintf(clamp(b / scale + zero_point))).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ir/graph.h"

namespace edgeq::xnnpack {

struct QuantParams {
  DType dtype = DType::kI8;  // kI8 or kU8
  float scale = 1.f;
  int32_t zero_point = 0;
};

// True for int8 and uint8 (the activation dtypes the quantized nodes run on).
bool is_quantized_8bit(DType dtype);

// The scale and zero point of the int8/uint8 `value`, or why it has none or contradictory ones.
Result<QuantParams> value_quantization(const ir::Value& value);

// A node's constant f32 scale input `index` with 1 or `count` elements (each positive normal).
Result<std::vector<float>> constant_scales(const ir::Node& node, int index, int64_t count);
// A node's constant zero point input `index` of dtype `dtype` with 1 or `count` elements,
// broadcast to `count`; absent means zeros.
Result<std::vector<int32_t>> constant_zero_points(const ir::Node& node, int index, DType dtype,
                                                  int64_t count);

// What XNNPACK's subgraph makes of the float bound `bound` for an output quantized with `out`.
int32_t xnnpack_quantized_bound(float bound, const QuantParams& out);
// The float output range that XNNPACK turns into exactly [qmin, qmax] (infinities for the dtype's
// ends), or an error when no float gives one of the codes.
struct FloatRange {
  float min = 0.f;
  float max = 0.f;
};
Result<FloatRange> float_output_range(const QuantParams& out, int32_t qmin, int32_t qmax);
// The same for a QLinear* node's output_min / output_max attributes (default: the dtype's range).
Result<FloatRange> node_output_range(const ir::Node& node, const QuantParams& out);
// A float XNNPACK quantizes to exactly `code` (the pad value of a quantized Pad), or an error.
Result<float> float_for_code(const QuantParams& params, int32_t code);

}  // namespace edgeq::xnnpack
