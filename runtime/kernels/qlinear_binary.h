// The broadcasting frame shared by QLinearAdd and QLinearMul (ONNX Runtime contrib ops): input
// checks, parameters and the element walk; each op supplies only its requantization.
//
// Inputs: A, A_scale, A_zero_point, B, B_scale, B_zero_point, C_scale, [C_zero_point].
// A and B int8/uint8/int16 of the same dtype with ONNX (numpy) broadcasting; scales f32 scalars;
// zero points scalars of A's dtype (absent: 0); C has C_zero_point's dtype (A's when absent).
// Attributes output_min / output_max (quantized domain) fuse a clamp.
#pragma once

#include "runtime/kernels/broadcast.h"
#include "runtime/kernels/kernel.h"
#include "runtime/kernels/qlinear_common.h"

namespace edgeq::runtime {

struct QLinearBinaryParams {
  DType input_dtype = DType::kI8;  // A's and B's
  float a_scale = 1.f, b_scale = 1.f, c_scale = 1.f;
  int32_t a_zero_point = 0, b_zero_point = 0;
  QuantRange range;
};

// Op: `Status configure(const QLinearBinaryParams&)` (derives its constants, may reject the
// scales) and `int32_t operator()(int32_t a, int32_t b) const` (raw quantized inputs to the
// clamped output value).
template <typename Op>
class QLinearBinaryKernel final : public Kernel {
 public:
  explicit QLinearBinaryKernel(const char* name) : name_(name) {}

  Status prepare(const Attributes& attrs, Span<const TensorView> inputs,
                 Span<TensorView> outputs) override {
    const TensorView& a = inputs[0];
    const TensorView& b = inputs[3];
    EDGEQ_RETURN_IF_ERROR(check_quantized_activation(a, name_, "A"));
    if (b.dtype != a.dtype) {
      return invalid_argument(name_, ": B has dtype ", dtype_name(b.dtype), ", A ",
                              dtype_name(a.dtype));
    }
    QLinearBinaryParams p;
    p.input_dtype = a.dtype;
    EDGEQ_ASSIGN_OR_RETURN(p.a_scale, read_scale(inputs[1], name_, "A_scale"));
    EDGEQ_ASSIGN_OR_RETURN(p.a_zero_point,
                           read_zero_point(inputs[2], a.dtype, name_, "A_zero_point"));
    EDGEQ_ASSIGN_OR_RETURN(p.b_scale, read_scale(inputs[4], name_, "B_scale"));
    EDGEQ_ASSIGN_OR_RETURN(p.b_zero_point,
                           read_zero_point(inputs[5], b.dtype, name_, "B_zero_point"));
    EDGEQ_ASSIGN_OR_RETURN(p.c_scale, read_scale(inputs[6], name_, "C_scale"));
    const TensorView absent;
    const TensorView& c_zp = inputs.size() > 7 ? inputs[7] : absent;
    const DType c_dtype = output_dtype(c_zp, a.dtype);
    EDGEQ_RETURN_IF_ERROR(
        check_quantized_activation(TensorView(c_dtype, {}), name_, "C_zero_point"));
    EDGEQ_ASSIGN_OR_RETURN(int32_t c_zero_point,
                           read_zero_point(c_zp, c_dtype, name_, "C_zero_point"));
    EDGEQ_ASSIGN_OR_RETURN(p.range, read_output_range(attrs, c_dtype, c_zero_point, name_));
    EDGEQ_RETURN_IF_ERROR(op_.configure(p).with_context(name_));
    EDGEQ_ASSIGN_OR_RETURN(Shape out_shape, broadcast_shapes(a.shape, b.shape));
    const Shape shapes[] = {a.shape, b.shape};
    plan_ = make_broadcast_plan(out_shape, Span<const Shape>(shapes, 2));
    outputs[0] = TensorView(c_dtype, out_shape);
    return Status::Ok();
  }

  Status execute(Span<const TensorView> inputs, Span<const TensorView> outputs,
                 Span<uint8_t>) override {
    const TensorView& a = inputs[0];
    const TensorView& b = inputs[3];
    const int64_t n = plan_.inner();
    const int64_t a_step = plan_.inner_contiguous(0) ? 1 : 0;
    const int64_t b_step = plan_.inner_contiguous(1) ? 1 : 0;
    for_each_broadcast_row(plan_, [&](int64_t o, const int64_t* off) {
      for (int64_t i = 0; i < n; ++i) {
        store_quantized(
            outputs[0], o + i,
            op_(load_quantized(a, off[0] + i * a_step), load_quantized(b, off[1] + i * b_step)));
      }
    });
    return Status::Ok();
  }

 private:
  const char* name_;
  Op op_;
  BroadcastPlan plan_;
};

}  // namespace edgeq::runtime
