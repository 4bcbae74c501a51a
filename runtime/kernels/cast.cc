// Cast: converts between f32, f16, i8, u8, i16, i32, i64 and bool. The target comes as the string
// attribute `to` holding an edgeq dtype name ("f32", "i64"). Float to integer truncates toward
// zero like ONNX and numpy; values outside the target's range saturate and NaN becomes 0 (ONNX
// leaves those undefined; saturating keeps them defined in C++). Anything to bool is x != 0.
#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>

#include "runtime/kernels/elementwise_common.h"
#include "runtime/kernels/kernel.h"
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {
namespace {

constexpr DTypeSet kCastDTypes = dtype_bit(DType::kF32) | dtype_bit(DType::kF16) |
                                 dtype_bit(DType::kI8) | dtype_bit(DType::kU8) |
                                 dtype_bit(DType::kI16) | dtype_bit(DType::kI32) |
                                 dtype_bit(DType::kI64) | dtype_bit(DType::kBool);

// fp16 storage, told apart from int16 in the dispatch below.
struct Half {
  uint16_t bits;
};

template <typename T>
float to_float(T v) {
  if constexpr (std::is_same_v<T, Half>) {
    return half_to_float(v.bits);
  } else {
    return static_cast<float>(v);
  }
}

template <typename To>
To float_to(float v) {
  if constexpr (std::is_same_v<To, Half>) {
    return Half{float_to_half(v)};
  } else if constexpr (std::is_same_v<To, bool>) {
    return v != 0.f;
  } else if constexpr (std::is_integral_v<To>) {
    if (std::isnan(v)) return To{0};
    // The bounds as floats: lowest is a power of two (exact); max rounds up to 2^bits.
    constexpr float kLow = static_cast<float>(std::numeric_limits<To>::lowest());
    constexpr float kHigh = static_cast<float>(std::numeric_limits<To>::max());
    if (v <= kLow) return std::numeric_limits<To>::lowest();
    if (v >= kHigh) return std::numeric_limits<To>::max();
    return static_cast<To>(v);  // truncates toward zero
  } else {
    return v;
  }
}

template <typename From, typename To>
To convert(From v) {
  if constexpr (std::is_same_v<From, To>) {
    return v;
  } else if constexpr (std::is_same_v<From, Half> || std::is_floating_point_v<From>) {
    return float_to<To>(to_float(v));
  } else if constexpr (std::is_same_v<To, Half>) {
    return Half{float_to_half(static_cast<float>(v))};
  } else if constexpr (std::is_same_v<To, bool>) {
    return v != From{0};
  } else {
    return static_cast<To>(v);  // integer to integer wraps (modulo 2^n), integer to float rounds
  }
}

// Calls body(T{}) with the storage type of `dtype` (one of kCastDTypes).
template <typename Body>
void visit_cast_dtype(DType dtype, Body&& body) {
  switch (dtype) {
    case DType::kF32:
      return body(float{});
    case DType::kF16:
      return body(Half{});
    case DType::kI8:
      return body(int8_t{});
    case DType::kU8:
      return body(uint8_t{});
    case DType::kI16:
      return body(int16_t{});
    case DType::kI32:
      return body(int32_t{});
    case DType::kI64:
      return body(int64_t{});
    default:
      return body(bool{});
  }
}

class CastKernel final : public Kernel {
 public:
  Status prepare(const Attributes& attrs, Span<const TensorView> inputs,
                 Span<TensorView> outputs) override {
    EDGEQ_RETURN_IF_ERROR(check_counts(OpType::kCast, inputs, outputs));
    EDGEQ_RETURN_IF_ERROR(check_dtype(OpType::kCast, inputs[0].dtype, kCastDTypes));
    if (!attrs.has("to")) return invalid_argument("Cast: attribute 'to' is required");
    auto to = attrs.get_string("to", "");
    if (!to.ok()) return to.status().with_context("Cast");
    if (!dtype_from_name(to.value(), &to_)) {
      return invalid_argument("Cast: attribute 'to' names no dtype: '", to.value(), "'");
    }
    EDGEQ_RETURN_IF_ERROR(check_dtype(OpType::kCast, to_, kCastDTypes));
    outputs[0] = TensorView(to_, inputs[0].shape);
    return Status::Ok();
  }

  Status execute(Span<const TensorView> inputs, Span<const TensorView> outputs,
                 Span<uint8_t> scratch) override {
    const int64_t n = inputs[0].numel();
    visit_cast_dtype(inputs[0].dtype, [&](auto from_zero) {
      using From = decltype(from_zero);
      visit_cast_dtype(to_, [&](auto to_zero) {
        using To = decltype(to_zero);
        const From* x = inputs[0].data_as<const From>();
        To* y = outputs[0].data_as<To>();
        for (int64_t i = 0; i < n; ++i) y[i] = convert<From, To>(x[i]);
      });
    });
    return Status::Ok();
  }

 private:
  DType to_ = DType::kUndefined;
};

}  // namespace

std::unique_ptr<Kernel> make_Cast_kernel() { return std::make_unique<CastKernel>(); }

}  // namespace edgeq::runtime
