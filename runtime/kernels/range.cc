// Range: [start, start + delta, ...) up to `limit` (exclusive), for f32, i32 and i64 scalars. The
// output length depends on the values, so all three inputs must be constant at prepare. Element i
// is start + i * delta (in double for f32, so no rounding error accumulates).
#include <cmath>
#include <cstdint>

#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {
namespace {

constexpr const char* kInputNames[] = {"start", "limit", "delta"};

struct Scalar {
  double real = 0;      // f32 values
  int64_t integer = 0;  // i32 and i64 values
};

Result<Scalar> read_scalar(const TensorView& t, size_t index, DType dtype) {
  if (t.dtype != dtype || t.numel() != 1) {
    return invalid_argument("Range: input '", kInputNames[index], "' must be a ", dtype_name(dtype),
                            " scalar like 'start', got ", t.to_string());
  }
  if (t.data == nullptr) {
    return unimplemented("Range: input '", kInputNames[index], "' must be constant");
  }
  Scalar value;
  if (dtype == DType::kF32) value.real = *t.data_as<const float>();
  if (dtype == DType::kI32) value.integer = *t.data_as<const int32_t>();
  if (dtype == DType::kI64) value.integer = *t.data_as<const int64_t>();
  return value;
}

// ceil(span / delta) for integers, delta != 0.
int64_t ceil_div(int64_t span, int64_t delta) {
  const bool round_up = span % delta != 0 && (span > 0) == (delta > 0);
  return span / delta + (round_up ? 1 : 0);
}

template <typename T>
void fill_integers(int64_t start, int64_t delta, int64_t count, T* out) {
  for (int64_t i = 0; i < count; ++i) out[i] = static_cast<T>(start + i * delta);
}

class RangeKernel : public Kernel {
 public:
  Status prepare(const Attributes& /*attrs*/, Span<const TensorView> inputs,
                 Span<TensorView> outputs) override {
    dtype_ = inputs[0].dtype;
    if (dtype_ != DType::kF32 && dtype_ != DType::kI32 && dtype_ != DType::kI64) {
      return unimplemented("Range: dtype ", dtype_name(dtype_), " (supported: f32, i32, i64)");
    }
    Scalar limit;
    EDGEQ_ASSIGN_OR_RETURN(start_, read_scalar(inputs[0], 0, dtype_));
    EDGEQ_ASSIGN_OR_RETURN(limit, read_scalar(inputs[1], 1, dtype_));
    EDGEQ_ASSIGN_OR_RETURN(delta_, read_scalar(inputs[2], 2, dtype_));
    if (delta_.real == 0 && delta_.integer == 0) return invalid_argument("Range: delta is 0");
    count_ = dtype_ == DType::kF32
                 ? static_cast<int64_t>(std::ceil((limit.real - start_.real) / delta_.real))
                 : ceil_div(limit.integer - start_.integer, delta_.integer);
    if (count_ < 0) count_ = 0;
    outputs[0] = TensorView(dtype_, Shape{count_});
    return Status::Ok();
  }

  Status execute(Span<const TensorView> /*inputs*/, Span<const TensorView> outputs,
                 Span<uint8_t> /*scratch*/) override {
    if (dtype_ == DType::kF32) {
      auto* out = outputs[0].data_as<float>();
      for (int64_t i = 0; i < count_; ++i) {
        out[i] = static_cast<float>(start_.real + static_cast<double>(i) * delta_.real);
      }
    } else if (dtype_ == DType::kI32) {
      fill_integers(start_.integer, delta_.integer, count_, outputs[0].data_as<int32_t>());
    } else {
      fill_integers(start_.integer, delta_.integer, count_, outputs[0].data_as<int64_t>());
    }
    return Status::Ok();
  }

 private:
  DType dtype_ = DType::kUndefined;
  Scalar start_, delta_;
  int64_t count_ = 0;
};

}  // namespace

std::unique_ptr<Kernel> make_Range_kernel() { return std::make_unique<RangeKernel>(); }

}  // namespace edgeq::runtime
