#include "tools/tensor_summary.h"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>

namespace edgeq::tools {
namespace {

template <typename T>
double load(const TensorView& tensor, size_t index) {
  return static_cast<double>(tensor.data_as<const T>()[index]);
}

std::string format_number(double value) {
  char text[32];
  std::snprintf(text, sizeof(text), "%.6g", value);
  return text;
}

}  // namespace

double element_as_double(const TensorView& tensor, size_t index) {
  switch (tensor.dtype) {
    case DType::kF32:
      return load<float>(tensor, index);
    case DType::kF16:
      return half_to_float(tensor.data_as<const uint16_t>()[index]);
    case DType::kI8:
      return load<int8_t>(tensor, index);
    case DType::kU8:
      return load<uint8_t>(tensor, index);
    case DType::kI16:
      return load<int16_t>(tensor, index);
    case DType::kI32:
      return load<int32_t>(tensor, index);
    case DType::kI64:
      return load<int64_t>(tensor, index);
    case DType::kBool:
      return tensor.data_as<const uint8_t>()[index] != 0 ? 1.0 : 0.0;
    case DType::kI4:
      return int4_get(tensor.data_as<const uint8_t>(), index);
    case DType::kUndefined:
      break;
  }
  return std::numeric_limits<double>::quiet_NaN();
}

std::string summarize_tensor(const std::string& name, const TensorView& tensor,
                             size_t first_count) {
  std::string text = name + " " + tensor.to_string();
  size_t count = static_cast<size_t>(tensor.numel());
  if (count == 0 || tensor.data == nullptr) return text + "  (empty)";
  double min = std::numeric_limits<double>::infinity();
  double max = -min;
  double sum = 0;
  size_t nan_count = 0;
  for (size_t i = 0; i < count; ++i) {
    double value = element_as_double(tensor, i);
    if (std::isnan(value)) {
      ++nan_count;
      continue;
    }
    min = std::min(min, value);
    max = std::max(max, value);
    sum += value;
  }
  if (nan_count < count) {
    text += "  min " + format_number(min) + "  max " + format_number(max) + "  mean " +
            format_number(sum / static_cast<double>(count - nan_count));
  }
  if (nan_count > 0) text += "  NaN: " + std::to_string(nan_count);
  text += "  first:";
  for (size_t i = 0; i < count && i < first_count; ++i) {
    text += (i == 0 ? " " : ", ") + format_number(element_as_double(tensor, i));
  }
  if (count > first_count) text += ", ...";
  return text;
}

}  // namespace edgeq::tools
