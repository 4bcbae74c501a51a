#include "tests/conformance/tensor_compare.h"

#include <cmath>
#include <cstring>

namespace edgeq::e2e {
namespace {

template <typename T>
T load(const std::vector<uint8_t>& bytes, int64_t index) {
  T value;
  std::memcpy(&value, bytes.data() + index * sizeof(T), sizeof(T));
  return value;
}

bool is_floating(DType dtype) { return dtype == DType::kF32 || dtype == DType::kF16; }

double float_at(const HostTensor& t, int64_t i) {
  if (t.dtype == DType::kF16) return half_to_float(load<uint16_t>(t.bytes, i));
  return load<float>(t.bytes, i);
}

int64_t integer_at(const HostTensor& t, int64_t i) {
  switch (t.dtype) {
    case DType::kI8:
      return load<int8_t>(t.bytes, i);
    case DType::kU8:
      return load<uint8_t>(t.bytes, i);
    case DType::kBool:
      return load<uint8_t>(t.bytes, i);
    case DType::kI16:
      return load<int16_t>(t.bytes, i);
    case DType::kI32:
      return load<int32_t>(t.bytes, i);
    case DType::kI64:
      return load<int64_t>(t.bytes, i);
    case DType::kI4:
      return int4_get(t.bytes.data(), static_cast<size_t>(i));
    default:
      return 0;  // not reached: compare_tensors rejects other dtypes first
  }
}

bool floats_match(double actual, double expected, Tolerance tol) {
  if (std::isnan(expected)) return std::isnan(actual);
  if (std::isinf(expected)) return actual == expected;
  if (!std::isfinite(actual)) return false;
  return std::fabs(actual - expected) <= tol.atol + tol.rtol * std::fabs(expected);
}

}  // namespace

Status compare_tensors(const HostTensor& actual, const HostTensor& expected, Tolerance tolerance) {
  if (actual.dtype != expected.dtype) {
    return invalid_argument("dtype ", dtype_name(actual.dtype), " but expected ",
                            dtype_name(expected.dtype));
  }
  if (actual.shape != expected.shape) {
    return invalid_argument("shape ", actual.shape.to_string(), " but expected ",
                            expected.shape.to_string());
  }
  if (expected.dtype == DType::kUndefined) return invalid_argument("expected tensor has no dtype");
  const int64_t count = expected.shape.numel();
  const size_t needed = dtype_storage_bytes(expected.dtype, static_cast<size_t>(count));
  if (actual.bytes.size() < needed || expected.bytes.size() < needed) {
    return invalid_argument("tensor holds fewer bytes than its shape needs (", needed, ")");
  }
  const bool floating = is_floating(expected.dtype);
  int64_t mismatches = 0;
  int64_t first = -1;
  double max_abs_diff = 0;
  for (int64_t i = 0; i < count; ++i) {
    bool match;
    double diff;
    if (floating) {
      const double a = float_at(actual, i), e = float_at(expected, i);
      match = floats_match(a, e, tolerance);
      diff = std::isfinite(a) && std::isfinite(e) ? std::fabs(a - e) : 0;
    } else {
      const int64_t a = integer_at(actual, i), e = integer_at(expected, i);
      match = a == e;
      diff = std::fabs(static_cast<double>(a) - static_cast<double>(e));
    }
    if (diff > max_abs_diff) max_abs_diff = diff;
    if (!match) {
      if (first < 0) first = i;
      ++mismatches;
    }
  }
  if (mismatches == 0) return Status::Ok();
  std::string first_values =
      floating ? str_cat(float_at(actual, first), " vs expected ", float_at(expected, first))
               : str_cat(integer_at(actual, first), " vs expected ", integer_at(expected, first));
  return invalid_argument(mismatches, " of ", count, " elements differ (first at flat index ",
                          first, ": ", first_values, "; max |diff| ", max_abs_diff,
                          floating ? str_cat("; rtol ", tolerance.rtol, " atol ", tolerance.atol)
                                   : std::string("; exact match required"),
                          ")");
}

}  // namespace edgeq::e2e
