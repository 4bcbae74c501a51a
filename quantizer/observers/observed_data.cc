#include "quantizer/observers/observed_data.h"

#include <cmath>

namespace edgeq::quantizer {

std::string observed_name(std::string_view name) {
  return name.empty() ? std::string("unnamed tensor") : str_cat("value '", name, "'");
}

Result<Span<const float>> finite_f32_data(const TensorView& tensor, std::string_view name) {
  if (tensor.dtype != DType::kF32) {
    return invalid_argument(observed_name(name), ": observers take f32 data, got ",
                            tensor.to_string());
  }
  const auto count = static_cast<size_t>(tensor.numel());
  if (count > 0 && tensor.data == nullptr) {
    return invalid_argument(observed_name(name), ": tensor ", tensor.to_string(), " has no data");
  }
  const float* data = tensor.data_as<const float>();
  for (size_t i = 0; i < count; ++i) {
    if (!std::isfinite(data[i])) {
      return invalid_argument(observed_name(name), ": ", data[i], " at element ", i, " of ",
                              tensor.to_string(), " (NaN and Inf cannot be quantized)");
    }
  }
  return Span<const float>(data, count);
}

}  // namespace edgeq::quantizer
