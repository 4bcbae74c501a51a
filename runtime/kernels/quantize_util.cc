#include "runtime/kernels/quantize_util.h"

#include "runtime/kernels/axis_util.h"

namespace edgeq::runtime {

bool is_quantized_dtype(DType dtype) {
  return dtype == DType::kU8 || dtype == DType::kI8 || dtype == DType::kI16 ||
         dtype == DType::kI32 || dtype == DType::kI4;
}

Result<QuantParamLayout> make_quant_param_layout(const char* op, const Shape& x,
                                                 const TensorView& scale,
                                                 const TensorView& zero_point, int64_t axis,
                                                 int64_t block_size) {
  if (scale.dtype != DType::kF32) {
    return unimplemented(op, ": scale dtype ", dtype_name(scale.dtype), " (supported: f32)");
  }
  if (zero_point.present()) {
    if (!is_quantized_dtype(zero_point.dtype)) {
      return invalid_argument(op, ": zero point dtype ", dtype_name(zero_point.dtype),
                              " is not a quantized dtype (u8, i8, i16, i32, i4)");
    }
    if (zero_point.shape != scale.shape) {
      return invalid_argument(op, ": zero point shape ", zero_point.shape.to_string(),
                              " differs from scale shape ", scale.shape.to_string());
    }
  }
  if (block_size < 0) return invalid_argument(op, ": negative block_size ", block_size);
  QuantParamLayout layout;
  layout.inner = x.numel();
  if (block_size == 0 && scale.shape.rank() <= 1 && scale.numel() == 1) return layout;

  EDGEQ_ASSIGN_OR_RETURN(int a, normalize_axis(op, axis, x.rank()));
  layout.outer = dims_product(x, 0, a);
  layout.axis_dim = x[a];
  layout.inner = dims_product(x, a + 1, x.rank());
  if (block_size == 0) {
    if (scale.shape.rank() != 1 || scale.shape[0] != x[a]) {
      return invalid_argument(op, ": per-axis scale shape ", scale.shape.to_string(), " must be [",
                              x[a], "] (axis ", a, " of ", x.to_string(), ")");
    }
    layout.axis_stride = 1;
    return layout;
  }
  Shape expected = x;
  expected[a] = (x[a] + block_size - 1) / block_size;
  if (scale.shape != expected) {
    return invalid_argument(op, ": blocked scale shape ", scale.shape.to_string(), " must be ",
                            expected.to_string(), " for block_size ", block_size, " on axis ", a,
                            " of ", x.to_string());
  }
  layout.block = block_size;
  layout.inner_stride = 1;
  layout.axis_stride = layout.inner;
  layout.outer_stride = expected[a] * layout.inner;
  return layout;
}

}  // namespace edgeq::runtime
