// Human-readable summaries of tensors for the command line.
#pragma once

#include <cstddef>
#include <string>

#include "runtime/core/tensor.h"

namespace edgeq::tools {

// Element `index` of `tensor` as a double, for every dtype (bool as 0/1, int4 unpacked).
double element_as_double(const TensorView& tensor, size_t index);

// "logits f32[2, 10]  min -1.234  max 4.567  mean 0.1234  first: 0.1, -0.2, ..." (the first
// `first_count` elements). NaNs are counted and reported instead of spoiling min/max/mean.
std::string summarize_tensor(const std::string& name, const TensorView& tensor,
                             size_t first_count = 6);

}  // namespace edgeq::tools
