// The kernel shared by the elementwise unary ops and activations (Abs, Exp, Relu, Sigmoid, ...):
// one input, one output of the same shape (and dtype, or bool), y[i] = fn(x[i]) in one contiguous
// loop.
//
// Each op supplies a functor type Fn with:
//   static constexpr OpType kOp;
//   static constexpr DTypeSet kDTypes;   // accepted dtypes
//   Status init(const Attributes&);      // reads the op's attributes (alpha, ...) in prepare
//   static constexpr bool kBoolOutput;   // IsNaN, IsInf: the output is DType::kBool (0/1 bytes)
//   template <typename T> T operator()(T x) const;   (or a plain float overload for f32-only ops)
#pragma once

#include <cstdint>
#include <memory>
#include <type_traits>

#include "runtime/kernels/elementwise_common.h"
#include "runtime/kernels/kernel.h"

namespace edgeq::runtime {

// Default for functors without attributes.
struct UnaryFnDefaults {
  static constexpr bool kBoolOutput = false;
  Status init(const Attributes& /*attrs*/) { return Status::Ok(); }
};

template <typename Fn>
class UnaryKernel final : public Kernel {
 public:
  Status prepare(const Attributes& attrs, Span<const TensorView> inputs,
                 Span<TensorView> outputs) override {
    EDGEQ_RETURN_IF_ERROR(check_counts(Fn::kOp, inputs, outputs));
    EDGEQ_RETURN_IF_ERROR(check_dtype(Fn::kOp, inputs[0].dtype, Fn::kDTypes));
    Status status = fn_.init(attrs);
    if (!status.ok()) return status.with_context(op_name(Fn::kOp));
    outputs[0] = TensorView(Fn::kBoolOutput ? DType::kBool : inputs[0].dtype, inputs[0].shape);
    return Status::Ok();
  }

  Status execute(Span<const TensorView> inputs, Span<const TensorView> outputs,
                 Span<uint8_t> scratch) override {
    const int64_t n = inputs[0].numel();
    visit_dtypes<Fn::kDTypes>(inputs[0].dtype, [&](auto zero) {
      using T = decltype(zero);
      const T* x = inputs[0].data_as<const T>();
      using Out = std::conditional_t<Fn::kBoolOutput, bool, T>;
      Out* y = outputs[0].data_as<Out>();
      const Fn fn = fn_;
      for (int64_t i = 0; i < n; ++i) y[i] = fn(x[i]);
    });
    return Status::Ok();
  }

 private:
  Fn fn_;
};

template <typename Fn>
std::unique_ptr<Kernel> make_unary_kernel() {
  return std::make_unique<UnaryKernel<Fn>>();
}

}  // namespace edgeq::runtime
