// The kernel shared by the variadic elementwise ops (Max, Min, Sum, Mean): one or more inputs of
// one dtype, broadcast together (ONNX multidirectional broadcasting). The output is computed as
// out = f(in0, in1), then out = f(out, in_k) for each further input, each step through its own
// BroadcastPlan made in prepare.
//
// Each op supplies a functor type Fn with:
//   static constexpr OpType kOp;
//   static constexpr DTypeSet kDTypes;
//   static constexpr bool kMean;       // divide the combined result by the number of inputs
//   template <typename T> T operator()(T a, T b) const;
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "runtime/kernels/broadcast.h"
#include "runtime/kernels/elementwise_common.h"
#include "runtime/kernels/kernel.h"

namespace edgeq::runtime {

template <typename Fn>
class VariadicKernel final : public Kernel {
 public:
  Status prepare(const Attributes& attrs, Span<const TensorView> inputs,
                 Span<TensorView> outputs) override {
    EDGEQ_RETURN_IF_ERROR(check_counts(Fn::kOp, inputs, outputs));
    std::vector<Shape> shapes;
    for (const TensorView& input : inputs) {
      EDGEQ_RETURN_IF_ERROR(check_dtype(Fn::kOp, input.dtype, Fn::kDTypes));
      if (input.dtype != inputs[0].dtype) {
        return invalid_argument(op_name(Fn::kOp), ": input dtypes differ (",
                                dtype_name(inputs[0].dtype), " and ", dtype_name(input.dtype), ")");
      }
      shapes.push_back(input.shape);
    }
    auto out_shape = broadcast_shapes(Span<const Shape>(shapes));
    if (!out_shape.ok()) return out_shape.status().with_context(op_name(Fn::kOp));
    const Shape& out = out_shape.value();
    plans_.clear();
    if (inputs.size() == 1) {
      const Shape copy[] = {shapes[0]};
      plans_.push_back(make_broadcast_plan(out, Span<const Shape>(copy)));
    } else {
      const Shape first[] = {shapes[0], shapes[1]};
      plans_.push_back(make_broadcast_plan(out, Span<const Shape>(first)));
      for (size_t k = 2; k < shapes.size(); ++k) {
        const Shape step[] = {out, shapes[k]};
        plans_.push_back(make_broadcast_plan(out, Span<const Shape>(step)));
      }
    }
    outputs[0] = TensorView(inputs[0].dtype, out);
    return Status::Ok();
  }

  Status execute(Span<const TensorView> inputs, Span<const TensorView> outputs,
                 Span<uint8_t> scratch) override {
    visit_dtypes<Fn::kDTypes>(inputs[0].dtype, [&](auto zero) {
      using T = decltype(zero);
      T* out = outputs[0].data_as<T>();
      const Fn fn;
      if (inputs.size() == 1) {
        broadcast_unary(plans_[0], inputs[0].data_as<const T>(), out, [](T x) { return x; });
        return;
      }
      broadcast_binary(plans_[0], inputs[0].data_as<const T>(), inputs[1].data_as<const T>(), out,
                       fn);
      for (size_t k = 2; k < inputs.size(); ++k) {
        broadcast_binary(plans_[k - 1], static_cast<const T*>(out), inputs[k].data_as<const T>(),
                         out, fn);
      }
      if constexpr (Fn::kMean) {
        const T scale = T{1} / static_cast<T>(inputs.size());
        const int64_t n = outputs[0].numel();
        for (int64_t i = 0; i < n; ++i) out[i] *= scale;
      }
    });
    return Status::Ok();
  }

 private:
  std::vector<BroadcastPlan> plans_;
};

template <typename Fn>
std::unique_ptr<Kernel> make_variadic_kernel() {
  return std::make_unique<VariadicKernel<Fn>>();
}

}  // namespace edgeq::runtime
