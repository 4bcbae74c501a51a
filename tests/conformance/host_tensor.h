// HostTensor: a tensor that owns its bytes, for the end-to-end tests (ONNX conformance data and
// the exported-model parity test) to hold inputs, expected outputs and the runtime's outputs.
#pragma once

#include <cstdint>
#include <vector>

#include "runtime/core/dtype.h"
#include "runtime/core/shape.h"
#include "runtime/core/tensor.h"

namespace edgeq::e2e {

struct HostTensor {
  DType dtype = DType::kUndefined;
  Shape shape;
  std::vector<uint8_t> bytes;  // dtype_storage_bytes(dtype, shape.numel()) bytes, row-major

  TensorView view() const {
    return TensorView(dtype, shape, static_cast<const void*>(bytes.data()));
  }
  // Copies a view's data (which must hold view.nbytes() bytes).
  static HostTensor copy_of(const TensorView& view) {
    const auto* begin = static_cast<const uint8_t*>(view.data);
    return HostTensor{view.dtype, view.shape, std::vector<uint8_t>(begin, begin + view.nbytes())};
  }
};

}  // namespace edgeq::e2e
