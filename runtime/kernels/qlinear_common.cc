#include "runtime/kernels/qlinear_common.h"

namespace edgeq::runtime {
namespace {

int32_t dtype_min(DType dtype) {
  return dtype == DType::kI16 ? -32768 : dtype == DType::kI8 ? -128 : 0;
}
int32_t dtype_max(DType dtype) {
  return dtype == DType::kI16 ? 32767 : dtype == DType::kI8 ? 127 : 255;
}

}  // namespace

Status check_quantized_8bit(const TensorView& t, const char* op, const char* name) {
  if (!is_quantized_8bit(t.dtype)) {
    return unimplemented(op, ": ", name, " has dtype ", dtype_name(t.dtype),
                         ", only int8 and uint8 are supported");
  }
  return Status::Ok();
}

Status check_quantized_activation(const TensorView& t, const char* op, const char* name) {
  if (!is_quantized_activation(t.dtype)) {
    return unimplemented(op, ": ", name, " has dtype ", dtype_name(t.dtype),
                         ", only int8, uint8 and int16 are supported");
  }
  return Status::Ok();
}

Result<std::vector<float>> read_scales(const TensorView& t, int64_t expected, const char* op,
                                       const char* name) {
  if (t.dtype != DType::kF32) {
    return invalid_argument(op, ": ", name, " must be f32, got ", dtype_name(t.dtype));
  }
  if (t.shape.rank() > 1 || (t.numel() != 1 && t.numel() != expected)) {
    return invalid_argument(op, ": ", name, " ", t.shape.to_string(), " must be a scalar",
                            expected > 1 ? str_cat(" or have ", expected, " elements") : "");
  }
  if (t.data == nullptr) return unimplemented(op, ": ", name, " must be a constant");
  std::vector<float> scales(t.data_as<const float>(), t.data_as<const float>() + t.numel());
  for (float s : scales) {
    EDGEQ_RETURN_IF_ERROR(check_quantization_scale(s, name).with_context(op));
  }
  return scales;
}

Result<float> read_scale(const TensorView& t, const char* op, const char* name) {
  EDGEQ_ASSIGN_OR_RETURN(std::vector<float> scales, read_scales(t, 1, op, name));
  return scales[0];
}

Result<std::vector<int32_t>> read_zero_points(const TensorView& t, DType dtype, int64_t expected,
                                              const char* op, const char* name) {
  if (!t.present()) return std::vector<int32_t>(expected, 0);
  if (t.dtype != dtype) {
    return invalid_argument(op, ": ", name, " has dtype ", dtype_name(t.dtype), ", expected ",
                            dtype_name(dtype));
  }
  if (t.shape.rank() > 1 || (t.numel() != 1 && t.numel() != expected)) {
    return invalid_argument(op, ": ", name, " ", t.shape.to_string(), " must be a scalar",
                            expected > 1 ? str_cat(" or have ", expected, " elements") : "");
  }
  if (t.data == nullptr) return unimplemented(op, ": ", name, " must be a constant");
  std::vector<int32_t> points(expected);
  for (int64_t i = 0; i < expected; ++i) points[i] = load_quantized(t, t.numel() == 1 ? 0 : i);
  return points;
}

Result<int32_t> read_zero_point(const TensorView& t, DType dtype, const char* op,
                                const char* name) {
  EDGEQ_ASSIGN_OR_RETURN(std::vector<int32_t> points, read_zero_points(t, dtype, 1, op, name));
  return points[0];
}

Result<QuantRange> read_output_range(const Attributes& attrs, DType dtype, int32_t zero_point,
                                     const char* op) {
  EDGEQ_ASSIGN_OR_RETURN(int64_t qmin, attrs.get_int("output_min", dtype_min(dtype)));
  EDGEQ_ASSIGN_OR_RETURN(int64_t qmax, attrs.get_int("output_max", dtype_max(dtype)));
  if (qmin < dtype_min(dtype) || qmax > dtype_max(dtype) || qmin > qmax) {
    return invalid_argument(op, ": output_min ", qmin, " / output_max ", qmax,
                            " must be ordered and within the range of ", dtype_name(dtype));
  }
  return QuantRange{zero_point, static_cast<int32_t>(qmin), static_cast<int32_t>(qmax)};
}

void load_centered(const TensorView& t, int32_t zero_point, int32_t* out) {
  const int64_t n = t.numel();
  if (t.dtype == DType::kI16) {
    const int16_t* p = t.data_as<const int16_t>();
    for (int64_t i = 0; i < n; ++i) out[i] = p[i] - zero_point;
  } else if (t.dtype == DType::kI8) {
    const int8_t* p = t.data_as<const int8_t>();
    for (int64_t i = 0; i < n; ++i) out[i] = p[i] - zero_point;
  } else {
    const uint8_t* p = t.data_as<const uint8_t>();
    for (int64_t i = 0; i < n; ++i) out[i] = p[i] - zero_point;
  }
}

}  // namespace edgeq::runtime
