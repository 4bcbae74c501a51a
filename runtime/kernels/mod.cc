// Mod: the remainder of A / B with ONNX broadcasting. fmod = 0 (the default; integers only) takes
// the divisor's sign like Python's %; fmod = 1 takes the dividend's sign like C's fmod. Integer
// division by zero is an execute-time error.
#include <cmath>
#include <type_traits>

#include "runtime/kernels/elementwise_binary.h"
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {
namespace {

struct ModFn : BinaryFnDefaults {
  static constexpr OpType kOp = OpType::kMod;
  static constexpr DTypeSet kDTypes = kF32AndIntegers | kSmallIntegers;
  bool fmod = false;

  Status init(const Attributes& attrs) {
    EDGEQ_ASSIGN_OR_RETURN(int64_t fmod_attr, attrs.get_int("fmod", 0));
    fmod = fmod_attr != 0;
    return Status::Ok();
  }

  template <typename T>
  T operator()(T a, T b) const {
    if constexpr (std::is_floating_point_v<T>) {
      const T r = std::fmod(a, b);
      if (fmod || r == T{0} || (r < 0) == (b < 0)) return r;
      return r + b;
    } else {
      // -1 divisors first: lowest % -1 overflows in C++; the remainder is 0 either way.
      if constexpr (std::is_signed_v<T>) {
        if (b == T{-1}) return T{0};
      }
      const T r = static_cast<T>(a % b);
      if (fmod || r == T{0} || (r < 0) == (b < 0)) return r;
      return static_cast<T>(r + b);
    }
  }

  template <typename T>
  static Status check_data(const T* b, int64_t count) {
    if constexpr (std::is_integral_v<T>) {
      for (int64_t i = 0; i < count; ++i) {
        if (b[i] == 0) return invalid_argument("Mod: integer division by zero");
      }
    }
    return Status::Ok();
  }
};

}  // namespace

std::unique_ptr<Kernel> make_Mod_kernel() { return make_binary_kernel<ModFn>(); }

}  // namespace edgeq::runtime
