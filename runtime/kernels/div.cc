// Div: A / B with ONNX broadcasting. Integers truncate toward zero like C; an integer division
// by zero is an error, and the one overflowing quotient (lowest / -1) wraps like numpy.
#include <type_traits>

#include "runtime/kernels/elementwise_binary.h"
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {
namespace {

struct DivFn : BinaryFnDefaults {
  static constexpr OpType kOp = OpType::kDiv;
  static constexpr DTypeSet kDTypes = kF32AndIntegers | kSmallIntegers;
  template <typename T>
  T operator()(T a, T b) const {
    if constexpr (std::is_integral_v<T>) {
      if constexpr (std::is_signed_v<T>) {
        if (b == -1) return wrapping_neg(a);
      }
      return static_cast<T>(a / b);
    } else {
      return a / b;
    }
  }
  template <typename T>
  static Status check_data(const T* b, int64_t count) {
    if constexpr (std::is_integral_v<T>) {
      for (int64_t i = 0; i < count; ++i) {
        if (b[i] == 0) return invalid_argument("Div: integer division by zero");
      }
    }
    return Status::Ok();
  }
};

}  // namespace

std::unique_ptr<Kernel> make_Div_kernel() { return make_binary_kernel<DivFn>(); }

}  // namespace edgeq::runtime
