#include "delegate/xnnpack/aot/ops/qlinear_util.h"

#include "runtime/kernels/requantization.h"

namespace edgeq::xnnpack {

QuantizedOperands quantized_operands(const ir::Node& node, std::initializer_list<int> inputs) {
  QuantizedOperands operands;
  const DType dtype = node.input(0)->dtype();
  if (!is_quantized_8bit(dtype)) {
    operands.error = str_cat("input 0 is ", dtype_name(dtype), " (int8 or uint8 expected)");
    return operands;
  }
  if (node.input(0)->is_constant()) {
    operands.error = "input 0 is a constant (left to constant folding)";
    return operands;
  }
  std::vector<const ir::Value*> values;
  for (int i : inputs) values.push_back(node.input(i));
  values.push_back(node.output(0));
  for (const ir::Value* value : values) {
    if (value == nullptr || value->dtype() != dtype) {
      operands.error = str_cat("'", value == nullptr ? "" : value->name(), "' is not ",
                               dtype_name(dtype), " like input 0 (XNNPACK runs one datatype)");
      return operands;
    }
    Result<QuantParams> params = value_quantization(*value);
    if (!params.ok()) {
      operands.error = params.status().message();
      return operands;
    }
    if (value == node.output(0)) {
      operands.output = *params;
    } else {
      operands.inputs.push_back(*params);
    }
  }
  return operands;
}

SupportDecision require_f32_or_quantized(const ir::Node& node, std::initializer_list<int> inputs) {
  if (!is_quantized_8bit(node.input(0)->dtype())) return require_f32(node, inputs);
  const QuantizedOperands operands = quantized_operands(node, {0});
  if (!operands.error.empty()) return unsupported(node, operands.error);
  return SupportDecision::yes();
}

schema::DataType payload_datatype(DType dtype) {
  return dtype == DType::kI8 ? schema::DataType::QInt8 : schema::DataType::QUInt8;
}

PayloadQuantization per_tensor(float scale, int32_t zero_point) {
  PayloadQuantization q;
  q.scale = scale;
  q.zero_point = zero_point;
  return q;
}

std::vector<uint8_t> constant_bytes(const ir::Value& value) {
  const uint8_t* data = value.constant()->data();
  return std::vector<uint8_t>(data, data + value.constant()->size());
}

WeightQuantization weight_quantization(const ir::Node& node, int scale_index, int zero_point_index,
                                       DType weight_dtype, int64_t channels,
                                       const QuantParams& input, const QuantParams& output) {
  WeightQuantization w;
  auto scales = constant_scales(node, scale_index, channels);
  auto points = constant_zero_points(node, zero_point_index, weight_dtype, channels);
  if (!scales.ok() || !points.ok()) {
    w.error = str_cat("weight ", (scales.ok() ? points.status() : scales.status()).message());
    return w;
  }
  w.scales = *scales;
  w.zero_point = (*points)[0];
  for (int32_t point : *points) {
    if (point != w.zero_point) {
      w.error = "per-channel weight zero points (XNNPACK 2022 takes one)";
      return w;
    }
  }
  if (input.dtype == DType::kI8) {
    if (weight_dtype != DType::kI8) {
      w.error = "uint8 weights with int8 input (XNNPACK 2022 needs int8 weights)";
    } else if (w.zero_point != 0) {
      w.error = str_cat("int8 weight zero point ", w.zero_point,
                        " is not supported by XNNPACK 2022 (symmetric int8 weights only)");
    }
  } else if (w.per_channel()) {
    w.error = str_cat("per-channel ", dtype_name(weight_dtype),
                      " weights with uint8 input are not supported by XNNPACK 2022 (per-channel "
                      "qcint8 weights need int8 input)");
  } else if (weight_dtype == DType::kI8) {
    w.recode_int8_as_uint8 = true;
    w.zero_point += 128;
  }
  if (!w.error.empty()) return w;
  for (float scale : w.scales) {
    const float multiplier = runtime::conv_requantization_scale(input.scale, scale, output.scale);
    if (!(multiplier < 256.f)) {
      w.error = str_cat("requantization multiplier ", multiplier,
                        " >= 256 is not supported by XNNPACK 2022");
      return w;
    }
  }
  return w;
}

std::string bias_error(const ir::Node& node, int index, int64_t channels) {
  const ir::Value* bias = node.input(index);
  if (bias == nullptr) return "";
  if (!bias->is_constant() || bias->dtype() != DType::kI32 || bias->shape() != Shape{channels}) {
    return str_cat("bias must be a constant i32[", channels, "]");
  }
  return "";
}

uint32_t define_weights(LoweringContext& context, std::vector<uint32_t> dims,
                        std::vector<uint8_t> bytes, DType input_dtype, const WeightQuantization& w,
                        int channel_dim) {
  if (w.recode_int8_as_uint8) {
    for (uint8_t& b : bytes) b ^= 0x80;  // int8 code c -> uint8 code c + 128
  }
  if (!w.per_channel()) {
    return context.define_quantized_constant(std::move(dims), std::move(bytes),
                                             payload_datatype(input_dtype),
                                             per_tensor(w.scales[0], w.zero_point));
  }
  PayloadQuantization q;
  q.channel_scales = w.scales;
  q.channel_dim = channel_dim;
  return context.define_quantized_constant(std::move(dims), std::move(bytes),
                                           schema::DataType::QCInt8, std::move(q));
}

uint32_t define_bias(LoweringContext& context, const ir::Node& node, int index,
                     const QuantParams& input, const WeightQuantization& w) {
  const ir::Value* bias = node.input(index);
  if (bias == nullptr) return kNoValue;
  const uint32_t channels = static_cast<uint32_t>(bias->shape()[0]);
  if (!w.per_channel()) {
    return context.define_quantized_constant({channels}, constant_bytes(*bias),
                                             schema::DataType::QInt32,
                                             per_tensor(input.scale * w.scales[0], 0));
  }
  PayloadQuantization q;
  for (float scale : w.scales) q.channel_scales.push_back(input.scale * scale);
  return context.define_quantized_constant({channels}, constant_bytes(*bias),
                                           schema::DataType::QCInt32, std::move(q));
}

}  // namespace edgeq::xnnpack
