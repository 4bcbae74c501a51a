// Payload constants stored narrower than the fp32 XNNPACK needs (schema Value.stored_datatype):
// fp16 weights, and int8 / uint8 weights with a scale and zero point per tensor or per channel.
// XNNPACK 2022's float convolution and fully connected layer take fp32 weights only, so the
// delegate widens such a constant once at init; the file keeps the narrow bytes.
//
// The widening is the portable Cast / DequantizeLinear kernel itself, so a delegated weight holds
// exactly the floats the portable path computes. Header-only and free of XNNPACK: the
// ahead-of-time lowering widens a candidate encoding the same way to check that it reproduces the
// weights bit for bit before storing it (aot/narrow_constants.h).
#pragma once

#include <cstdint>
#include <cstring>
#include <vector>

#include "delegate/xnnpack/schema/xnnpack_payload_generated.h"
#include "runtime/core/aligned_buffer.h"
#include "runtime/core/status.h"
#include "runtime/core/tensor.h"
#include "runtime/kernels/kernel.h"

namespace edgeq::xnnpack {

// How a constant is stored narrow (the schema's stored_datatype and stored_quantization).
struct NarrowEncoding {
  schema::DataType datatype = schema::DataType::Fp32;  // Fp16, QInt8, QUInt8 or QCInt8
  float scale = 0.f;                                   // QInt8, QUInt8
  int32_t zero_point = 0;                              // the integer datatypes
  std::vector<float> channel_scales;                   // QCInt8, along channel_dim
  int channel_dim = 0;
};

// The element dtype of a narrow storage datatype; kUndefined for any other datatype.
inline DType narrow_dtype(schema::DataType datatype) {
  switch (datatype) {
    case schema::DataType::Fp16:
      return DType::kF16;
    case schema::DataType::QInt8:
    case schema::DataType::QCInt8:
      return DType::kI8;
    case schema::DataType::QUInt8:
      return DType::kU8;
    default:
      return DType::kUndefined;
  }
}

// Widens the narrow bytes `stored` of a value with XNNPACK dims `dims` into `out` (one float per
// element). Errors name what the encoding gets wrong (the kernels' own checks).
inline Status widen_narrow(const NarrowEncoding& encoding, const std::vector<uint32_t>& dims,
                           const void* stored, float* out) {
  const DType dtype = narrow_dtype(encoding.datatype);
  if (dtype == DType::kUndefined) {
    return invalid_argument("datatype ", static_cast<int>(encoding.datatype),
                            " is not a narrow storage of fp32");
  }
  Shape shape;
  for (uint32_t d : dims) shape.push_back(d);
  std::vector<TensorView> inputs = {TensorView(dtype, shape, stored)};
  Attributes attrs;
  OpType op = OpType::kCast;
  std::vector<uint8_t> zero_points;  // int8 or uint8 bits, one per scale
  if (dtype == DType::kF16) {
    attrs.set("to", std::string("f32"));
  } else {
    op = OpType::kDequantizeLinear;
    const int32_t lo = dtype == DType::kI8 ? -128 : 0, hi = dtype == DType::kI8 ? 127 : 255;
    if (encoding.zero_point < lo || encoding.zero_point > hi) {
      return invalid_argument("zero point ", encoding.zero_point, " outside ", dtype_name(dtype));
    }
    const auto zero_point_bits = static_cast<uint8_t>(encoding.zero_point & 0xFF);
    // The zero point has the scale's shape, as DequantizeLinear requires.
    Shape parameter_shape;
    if (encoding.datatype == schema::DataType::QCInt8) {
      parameter_shape = Shape{static_cast<int64_t>(encoding.channel_scales.size())};
      inputs.push_back(TensorView(DType::kF32, parameter_shape, encoding.channel_scales.data()));
      attrs.set("axis", int64_t{encoding.channel_dim});
    } else {
      inputs.push_back(TensorView(DType::kF32, parameter_shape, &encoding.scale));
    }
    zero_points.assign(static_cast<size_t>(parameter_shape.numel()), zero_point_bits);
    inputs.push_back(TensorView(dtype, parameter_shape, zero_points.data()));
  }
  EDGEQ_ASSIGN_OR_RETURN(std::vector<runtime::EvaluatedOutput> widened,
                         runtime::evaluate_kernel(op, attrs, Span<const TensorView>(inputs), 1));
  const TensorView& result = widened[0].view;
  if (result.dtype != DType::kF32 || result.numel() != shape.numel()) {
    return invalid_argument("widening gave ", result.to_string(), " for dims ", shape.to_string());
  }
  if (result.numel() > 0) std::memcpy(out, result.data, result.nbytes());
  return Status::Ok();
}

// The encoding of payload value `value` (its stored_datatype and stored_quantization), checked:
// a narrow datatype, an Fp32 value, parameters present (one channel scale per element of
// channel_dim for QCInt8). The error names the value id.
Result<NarrowEncoding> stored_encoding(const schema::Value& value, size_t id);

// Widens every narrow constant of `payload` once: constant_data[c] of such a value then points at
// fp32 data owned by `storage`. A narrow constant must be read by that one value (the lowering
// never shares it); anything else is a DataLoss error naming the value.
Status widen_narrow_constants(const schema::Payload& payload,
                              std::vector<const void*>* constant_data,
                              std::vector<AlignedBuffer>* storage);

}  // namespace edgeq::xnnpack
