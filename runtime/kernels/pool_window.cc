#include "runtime/kernels/pool_window.h"

namespace edgeq::runtime {

Result<WindowGeometry> prepare_pool(const char* op, const Attributes& attrs, const TensorView& x,
                                    TensorView* output) {
  if (x.shape.rank() < 3) {
    return invalid_argument(op, ": input ", x.shape.to_string(), " needs [N, C, spatial...]");
  }
  EDGEQ_ASSIGN_OR_RETURN(WindowAttributes window, parse_window_attributes(attrs));
  if (window.kernel_shape.empty()) {
    return invalid_argument(op, ": required attribute 'kernel_shape' is missing");
  }
  Result<WindowGeometry> geometry = forward_window_geometry(window, x.shape, window.kernel_shape);
  if (!geometry.ok()) return geometry.status().with_context(op);
  Shape out_shape{x.shape[0], x.shape[1]};
  for (int d = kMaxSpatialRank - geometry->spatial_rank; d < kMaxSpatialRank; ++d) {
    out_shape.push_back(geometry->output[d]);
  }
  *output = TensorView(x.dtype, out_shape);
  return geometry;
}

}  // namespace edgeq::runtime
