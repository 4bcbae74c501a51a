// Pow: X ^ Y with ONNX broadcasting. X and Y may have different dtypes (f32, i32, i64 each); the
// output has X's dtype. The power is computed in double; an integer result is truncated toward
// zero and saturates at the limits of X's dtype.
#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>

#include "runtime/kernels/broadcast.h"
#include "runtime/kernels/elementwise_common.h"
#include "runtime/kernels/kernel.h"
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {
namespace {

template <typename T>
T power(T base, double exponent) {
  const double r = std::pow(static_cast<double>(base), exponent);
  if constexpr (std::is_floating_point_v<T>) {
    return static_cast<T>(r);
  } else {
    if (std::isnan(r)) return T{0};
    if (r <= static_cast<double>(std::numeric_limits<T>::lowest())) {
      return std::numeric_limits<T>::lowest();
    }
    if (r >= static_cast<double>(std::numeric_limits<T>::max())) {
      return std::numeric_limits<T>::max();
    }
    return static_cast<T>(r);
  }
}

class PowKernel final : public Kernel {
 public:
  Status prepare(const Attributes& attrs, Span<const TensorView> inputs,
                 Span<TensorView> outputs) override {
    EDGEQ_RETURN_IF_ERROR(check_counts(OpType::kPow, inputs, outputs));
    const TensorView& x = inputs[0];
    const TensorView& y = inputs[1];
    EDGEQ_RETURN_IF_ERROR(check_dtype(OpType::kPow, x.dtype, kF32AndIntegers));
    EDGEQ_RETURN_IF_ERROR(check_dtype(OpType::kPow, y.dtype, kF32AndIntegers));
    auto out_shape = broadcast_shapes(x.shape, y.shape);
    if (!out_shape.ok()) return out_shape.status().with_context("Pow");
    const Shape shapes[] = {x.shape, y.shape};
    plan_ = make_broadcast_plan(out_shape.value(), Span<const Shape>(shapes));
    outputs[0] = TensorView(x.dtype, out_shape.value());
    return Status::Ok();
  }

  Status execute(Span<const TensorView> inputs, Span<const TensorView> outputs,
                 Span<uint8_t> scratch) override {
    visit_dtypes<kF32AndIntegers>(inputs[0].dtype, [&](auto x_zero) {
      using X = decltype(x_zero);
      visit_dtypes<kF32AndIntegers>(inputs[1].dtype, [&](auto y_zero) {
        using Y = decltype(y_zero);
        if constexpr (std::is_same_v<X, float> && std::is_same_v<Y, float>) {
          broadcast_binary(plan_, inputs[0].data_as<const float>(),
                           inputs[1].data_as<const float>(), outputs[0].data_as<float>(),
                           [](float a, float b) { return std::pow(a, b); });
        } else {
          broadcast_binary(plan_, inputs[0].data_as<const X>(), inputs[1].data_as<const Y>(),
                           outputs[0].data_as<X>(),
                           [](X a, Y b) { return power(a, static_cast<double>(b)); });
        }
      });
    });
    return Status::Ok();
  }

 private:
  BroadcastPlan plan_;
};

}  // namespace

std::unique_ptr<Kernel> make_Pow_kernel() { return std::make_unique<PowKernel>(); }

}  // namespace edgeq::runtime
