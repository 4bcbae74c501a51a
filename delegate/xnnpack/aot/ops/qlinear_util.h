// Helpers shared by the quantized op files (qlinear_*.cc, quantize_convert.cc and the int8 paths of
// the pass-through ops): the quantization of a node's activations, payload datatypes, and the
// constant weights and int32 biases of the convolution-like ops.
#pragma once

#include <initializer_list>
#include <string>
#include <vector>

#include "delegate/xnnpack/aot/ops/op_util.h"

namespace edgeq::xnnpack {

// The quantization of a node's activation inputs (in the order asked) and of output 0.
struct QuantizedOperands {
  std::vector<QuantParams> inputs;
  QuantParams output;
  std::string error;  // non-empty when not every one is int8/uint8 of one dtype with known params
};
// Checks the listed inputs and output 0 are int8/uint8 of the same dtype, input 0 is not a
// constant, and each has a consistent quantization (value_quantization()).
QuantizedOperands quantized_operands(const ir::Node& node, std::initializer_list<int> inputs);

// The dtype check of the pass-through ops (MaxPool, Reshape, Flatten, Pad): int8/uint8 input 0
// and output 0 with one consistent quantization (XNNPACK requires input and output to share it), or
// else f32 for input 0, the listed other inputs and the outputs (require_f32).
SupportDecision require_f32_or_quantized(const ir::Node& node, std::initializer_list<int> inputs);

// QInt8 for int8, QUInt8 for uint8.
schema::DataType payload_datatype(DType dtype);
PayloadQuantization per_tensor(float scale, int32_t zero_point);

// A constant int8/uint8/int32 value's bytes.
std::vector<uint8_t> constant_bytes(const ir::Value& value);

// Weight quantization of a QLinearConv / QLinearMatMul with `channels` output channels, in the
// datatype XNNPACK needs for the input's dtype: int8 input with int8 weights per tensor (zero point
// 0) or per channel (qcint8); uint8 input with uint8 weights per tensor, or int8 per-tensor weights
// re-coded as uint8 (code + 128, zero point + 128: the same centred values). Checks every
// requantization multiplier input * weight / output (< 256, XNNPACK's limit).
struct WeightQuantization {
  std::vector<float> scales;  // 1 (per tensor) or `channels`
  int32_t zero_point = 0;     // after re-coding
  bool recode_int8_as_uint8 = false;
  bool per_channel() const { return scales.size() > 1; }
  std::string error;
};
WeightQuantization weight_quantization(const ir::Node& node, int scale_index, int zero_point_index,
                                       DType weight_dtype, int64_t channels,
                                       const QuantParams& input, const QuantParams& output);

// Empty when input `index` is absent or a constant int32 [channels]; otherwise the reason.
std::string bias_error(const ir::Node& node, int index, int64_t channels);

// The weights (already in XNNPACK's layout) as a constant: qint8/quint8 (the input's dtype) per
// tensor, or qcint8 with the scales along `channel_dim`.
uint32_t define_weights(LoweringContext& context, std::vector<uint32_t> dims,
                        std::vector<uint8_t> bytes, DType input_dtype, const WeightQuantization& w,
                        int channel_dim);
// The int32 bias (input `index`, absent: kNoValue) as qint32 with scale input * weight, or
// qcint32 with per-channel scales.
uint32_t define_bias(LoweringContext& context, const ir::Node& node, int index,
                     const QuantParams& input, const WeightQuantization& w);

}  // namespace edgeq::xnnpack
