// Helpers shared by the observers: checked access to the observed data.
#pragma once

#include <string>
#include <string_view>

#include "runtime/core/span.h"
#include "runtime/core/status.h"
#include "runtime/core/tensor.h"

namespace edgeq::quantizer {

// "value 'name'" (or "unnamed tensor") for error messages.
std::string observed_name(std::string_view name);

// The elements of `tensor` after checking that it is f32 with data and holds no NaN or Inf.
// Errors name the tensor (`name`) and the first bad element with its value.
Result<Span<const float>> finite_f32_data(const TensorView& tensor, std::string_view name);

}  // namespace edgeq::quantizer
