// The kernel shared by the elementwise binary ops (Add, Sub, Mul, Div, Pow, Equal, Less, Greater,
// PRelu): both inputs of one dtype, ONNX broadcasting through one BroadcastPlan made in prepare.
//
// Each op supplies a functor type Fn with:
//   static constexpr OpType kOp;
//   static constexpr DTypeSet kDTypes;          // accepted input dtypes
//   static constexpr bool kBoolOutput;          // comparisons write DType::kBool (0/1 bytes)
//   static constexpr bool kUnidirectional;      // PRelu: B broadcasts to A, output has A's shape
//   Status init(const Attributes&);             // reads the op's attributes (Mod's fmod) in
//   prepare template <typename T> auto operator()(T a, T b) const;  // T or bool template <typename
//   T> static Status check_data(const T* b, int64_t count);  // execute-time
//       checks of the second operand (integer division by zero); Status::Ok() otherwise.
#pragma once

#include <cstdint>
#include <memory>

#include "runtime/kernels/broadcast.h"
#include "runtime/kernels/elementwise_common.h"
#include "runtime/kernels/kernel.h"

namespace edgeq::runtime {

// Defaults for the optional members of a binary functor.
struct BinaryFnDefaults {
  Status init(const Attributes& /*attrs*/) { return Status::Ok(); }
  static constexpr bool kBoolOutput = false;
  static constexpr bool kUnidirectional = false;
  template <typename T>
  static Status check_data(const T* /*b*/, int64_t /*count*/) {
    return Status::Ok();
  }
};

template <typename Fn>
class BinaryKernel final : public Kernel {
 public:
  Status prepare(const Attributes& attrs, Span<const TensorView> inputs,
                 Span<TensorView> outputs) override {
    EDGEQ_RETURN_IF_ERROR(check_counts(Fn::kOp, inputs, outputs));
    const TensorView& a = inputs[0];
    const TensorView& b = inputs[1];
    EDGEQ_RETURN_IF_ERROR(check_dtype(Fn::kOp, a.dtype, Fn::kDTypes));
    EDGEQ_RETURN_IF_ERROR(check_dtype(Fn::kOp, b.dtype, Fn::kDTypes));
    if (a.dtype != b.dtype) {
      return invalid_argument(op_name(Fn::kOp), ": input dtypes differ (", dtype_name(a.dtype),
                              " and ", dtype_name(b.dtype), ")");
    }
    Status status = fn_.init(attrs);
    if (!status.ok()) return status.with_context(op_name(Fn::kOp));
    Shape out_shape = a.shape;
    if constexpr (Fn::kUnidirectional) {
      if (!broadcasts_to(b.shape, a.shape)) {
        return invalid_argument(op_name(Fn::kOp), ": second input ", b.shape.to_string(),
                                " does not broadcast to the first ", a.shape.to_string());
      }
    } else {
      auto shape = broadcast_shapes(a.shape, b.shape);
      if (!shape.ok()) return shape.status().with_context(op_name(Fn::kOp));
      out_shape = shape.value();
    }
    const Shape in_shapes[] = {a.shape, b.shape};
    plan_ = make_broadcast_plan(out_shape, Span<const Shape>(in_shapes));
    dtype_ = a.dtype;
    outputs[0] = TensorView(Fn::kBoolOutput ? DType::kBool : a.dtype, out_shape);
    return Status::Ok();
  }

  Status execute(Span<const TensorView> inputs, Span<const TensorView> outputs,
                 Span<uint8_t> scratch) override {
    Status status;
    const auto run = [&](auto zero) {
      using T = decltype(zero);
      const T* a = inputs[0].data_as<const T>();
      const T* b = inputs[1].data_as<const T>();
      status = Fn::check_data(b, inputs[1].numel());
      if (!status.ok()) return;
      if constexpr (Fn::kBoolOutput) {
        broadcast_binary(plan_, a, b, outputs[0].data_as<bool>(), fn_);
      } else {
        broadcast_binary(plan_, a, b, outputs[0].data_as<T>(), fn_);
      }
    };
    visit_dtypes<Fn::kDTypes>(dtype_, run);
    return status;
  }

 private:
  Fn fn_;
  BroadcastPlan plan_;
  DType dtype_ = DType::kUndefined;
};

template <typename Fn>
std::unique_ptr<Kernel> make_binary_kernel() {
  return std::make_unique<BinaryKernel<Fn>>();
}

}  // namespace edgeq::runtime
