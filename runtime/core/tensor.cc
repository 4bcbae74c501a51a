#include "runtime/core/tensor.h"

namespace edgeq {

std::string TensorView::to_string() const { return dtype_name(dtype) + shape.to_string(); }

}  // namespace edgeq
