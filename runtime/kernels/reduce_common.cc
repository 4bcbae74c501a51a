#include "runtime/kernels/reduce_common.h"

#include <cmath>
#include <limits>
#include <type_traits>

#include "runtime/kernels/broadcast.h"
#include "runtime/kernels/elementwise_common.h"

namespace edgeq::runtime {

Result<int> normalize_axis(OpType op, int64_t axis, int rank) {
  if (axis < -rank || axis >= rank) {
    return invalid_argument(op_name(op), ": axis ", axis, " is out of range for rank ", rank);
  }
  return static_cast<int>(axis < 0 ? axis + rank : axis);
}

Result<std::vector<int64_t>> read_reduce_axes(OpType op, const Attributes& attrs,
                                              Span<const TensorView> inputs) {
  if (inputs.size() < 2 || !inputs[1].present()) {
    auto axes = attrs.get_ints("axes");
    if (!axes.ok()) return axes.status().with_context(op_name(op));
    return axes.value();
  }
  const TensorView& axes = inputs[1];
  if (axes.dtype != DType::kI64 || axes.shape.rank() > 1) {
    return invalid_argument(op_name(op), ": axes must be a 1-D i64 tensor, got ", axes.to_string());
  }
  if (axes.data == nullptr && axes.numel() > 0) {
    return unimplemented(op_name(op), ": axes must be a constant input");
  }
  const int64_t* data = axes.data_as<const int64_t>();
  return std::vector<int64_t>(data, data + axes.numel());
}

Result<ReducePlan> make_reduce_plan(OpType op, const Shape& input, std::vector<int64_t> axes,
                                    bool keepdims, bool noop_with_empty_axes) {
  const int rank = input.rank();
  bool reduced[kMaxRank] = {};
  for (int64_t axis : axes) {
    EDGEQ_ASSIGN_OR_RETURN(int d, normalize_axis(op, axis, rank));
    if (reduced[d]) return invalid_argument(op_name(op), ": axis ", axis, " is repeated");
    reduced[d] = true;
  }
  ReducePlan plan;
  if (axes.empty()) {
    if (noop_with_empty_axes) {
      plan.copy = true;
      plan.output_shape = input;
      return plan;
    }
    for (int d = 0; d < rank; ++d) reduced[d] = true;
  }

  int collapsed = 0;
  for (int d = 0; d < rank; ++d) {
    if (reduced[d]) {
      plan.reduce_count *= input[d];
      if (keepdims) plan.output_shape.push_back(1);
    } else {
      plan.output_shape.push_back(input[d]);
    }
    if (input[d] == 1) continue;
    if (collapsed > 0 && plan.reduced[collapsed - 1] == reduced[d]) {
      plan.dims[collapsed - 1] *= input[d];
      continue;
    }
    plan.dims[collapsed] = input[d];
    plan.reduced[collapsed] = reduced[d];
    ++collapsed;
  }
  if (collapsed == 0) {
    plan.dims[0] = 1;
    plan.reduced[0] = false;
    collapsed = 1;
  }
  plan.rank = collapsed;
  int64_t stride = 1;
  for (int d = collapsed - 1; d >= 0; --d) {
    plan.out_strides[d] = plan.reduced[d] ? 0 : stride;
    if (!plan.reduced[d]) stride *= plan.dims[d];
  }
  return plan;
}

namespace {

OpType reduce_op(ReduceKind kind) {
  switch (kind) {
    case ReduceKind::kMean:
      return OpType::kReduceMean;
    case ReduceKind::kMax:
      return OpType::kReduceMax;
    case ReduceKind::kMin:
      return OpType::kReduceMin;
    case ReduceKind::kL1:
      return OpType::kReduceL1;
    case ReduceKind::kL2:
      return OpType::kReduceL2;
    case ReduceKind::kLogSum:
      return OpType::kReduceLogSum;
    case ReduceKind::kLogSumExp:
      return OpType::kReduceLogSumExp;
    case ReduceKind::kProd:
      return OpType::kReduceProd;
    case ReduceKind::kSumSquare:
      return OpType::kReduceSumSquare;
    default:
      return OpType::kReduceSum;
  }
}

// The kinds that end in a float-only function (sqrt, log, exp).
bool float_only(ReduceKind kind) {
  return kind == ReduceKind::kL2 || kind == ReduceKind::kLogSum || kind == ReduceKind::kLogSumExp;
}

class ReduceKernel final : public Kernel {
 public:
  explicit ReduceKernel(ReduceKind kind) : kind_(kind), op_(reduce_op(kind)) {}

  Status prepare(const Attributes& attrs, Span<const TensorView> inputs,
                 Span<TensorView> outputs) override {
    EDGEQ_RETURN_IF_ERROR(check_counts(op_, inputs, outputs));
    EDGEQ_RETURN_IF_ERROR(
        check_dtype(op_, inputs[0].dtype, float_only(kind_) ? kF32Only : kF32AndIntegers));
    EDGEQ_ASSIGN_OR_RETURN(std::vector<int64_t> axes, read_reduce_axes(op_, attrs, inputs));
    EDGEQ_ASSIGN_OR_RETURN(int64_t keepdims, attrs.get_int("keepdims", 1));
    EDGEQ_ASSIGN_OR_RETURN(int64_t noop, attrs.get_int("noop_with_empty_axes", 0));
    EDGEQ_ASSIGN_OR_RETURN(plan_,
                           make_reduce_plan(op_, inputs[0].shape, axes, keepdims != 0, noop != 0));
    shift_floats_ = 0;
    if (kind_ == ReduceKind::kLogSumExp && !plan_.copy) {
      const Shape& shape = inputs[0].shape;
      EDGEQ_ASSIGN_OR_RETURN(ReducePlan kept, make_reduce_plan(op_, shape, axes, true, false));
      const Shape shapes[] = {shape, kept.output_shape};
      shift_plan_ = make_broadcast_plan(shape, Span<const Shape>(shapes));
      shift_floats_ = shape.numel() + kept.output_shape.numel();
    }
    outputs[0] = TensorView(inputs[0].dtype, plan_.output_shape);
    return Status::Ok();
  }

  size_t scratch_bytes() const override {
    return static_cast<size_t>(shift_floats_) * sizeof(float);
  }

  Status execute(Span<const TensorView> inputs, Span<const TensorView> outputs,
                 Span<uint8_t> scratch) override {
    if (shift_floats_ > 0) {
      log_sum_exp(inputs[0].data_as<const float>(), inputs[0].numel(), outputs[0].data_as<float>(),
                  outputs[0].numel(), reinterpret_cast<float*>(scratch.data()));
      return Status::Ok();
    }
    visit_dtypes<kF32AndIntegers>(inputs[0].dtype, [&](auto zero) {
      using T = decltype(zero);
      run(inputs[0].data_as<const T>(), inputs[0].numel(), outputs[0].data_as<T>(),
          outputs[0].numel());
    });
    return Status::Ok();
  }

 private:
  template <typename T>
  void run(const T* in, int64_t in_numel, T* out, int64_t out_numel) const {
    // Max, Min and LogSumExp of one element are the element; LogSumExp otherwise runs in
    // log_sum_exp.
    if (plan_.copy && (kind_ == ReduceKind::kMax || kind_ == ReduceKind::kMin ||
                       kind_ == ReduceKind::kLogSumExp)) {
      for (int64_t i = 0; i < in_numel; ++i) out[i] = in[i];
      return;
    }
    using Limits = std::numeric_limits<T>;
    switch (kind_) {
      case ReduceKind::kMax:
        fold(in, in_numel, out, out_numel,
             Limits::has_infinity ? -Limits::infinity() : Limits::lowest(),
             [](T a, T b) { return max_of(a, b); });
        return;
      case ReduceKind::kMin:
        fold(in, in_numel, out, out_numel,
             Limits::has_infinity ? Limits::infinity() : Limits::max(),
             [](T a, T b) { return min_of(a, b); });
        return;
      case ReduceKind::kProd:
        fold(in, in_numel, out, out_numel, T{1}, [](T a, T b) { return wrapping_mul(a, b); });
        return;
      case ReduceKind::kL1:
        fold(in, in_numel, out, out_numel, T{0},
             [](T a, T b) { return wrapping_add(a, b < T{0} ? wrapping_neg(b) : b); });
        return;
      case ReduceKind::kL2:
      case ReduceKind::kSumSquare:
        fold(in, in_numel, out, out_numel, T{0},
             [](T a, T b) { return wrapping_add(a, wrapping_mul(b, b)); });
        break;
      default:
        fold(in, in_numel, out, out_numel, T{0}, [](T a, T b) { return wrapping_add(a, b); });
        break;
    }
    finish(out, out_numel);
  }

  // log(sum(e^x)) as max + log(sum(e^(x - max))), so that large x do not overflow. `scratch`
  // holds the maxima, then the shifted exponentials.
  void log_sum_exp(const float* in, int64_t in_numel, float* out, int64_t out_numel,
                   float* scratch) const {
    float* maxes = scratch;
    float* shifted = scratch + out_numel;
    reduce_into(plan_, in, maxes, out_numel, -std::numeric_limits<float>::infinity(), in_numel,
                [](float a, float b) { return max_of(a, b); });
    // No shift where the maximum is infinite (or nothing was reduced): -inf stays -inf, inf inf.
    for (int64_t i = 0; i < out_numel; ++i) {
      if (!std::isfinite(maxes[i])) maxes[i] = 0.f;
    }
    broadcast_binary(shift_plan_, in, maxes, shifted,
                     [](float x, float m) { return std::exp(x - m); });
    reduce_into(plan_, static_cast<const float*>(shifted), out, out_numel, 0.f, in_numel,
                [](float a, float b) { return a + b; });
    for (int64_t i = 0; i < out_numel; ++i) out[i] = maxes[i] + std::log(out[i]);
  }

  // reduce_into, or with noop_with_empty_axes and no axes each element folded alone (ReduceL1 of
  // x is |x|, ReduceSumSquare x^2, ReduceLogSum log(x)).
  template <typename T, typename F>
  void fold(const T* in, int64_t in_numel, T* out, int64_t out_numel, T init, F f) const {
    if (plan_.copy) {
      for (int64_t i = 0; i < in_numel; ++i) out[i] = f(init, in[i]);
    } else {
      reduce_into(plan_, in, out, out_numel, init, in_numel, f);
    }
  }

  // The element-wise step after the fold: sqrt, log or the mean's division.
  template <typename T>
  void finish(T* out, int64_t out_numel) const {
    if constexpr (std::is_floating_point_v<T>) {
      if (kind_ == ReduceKind::kL2) {
        for (int64_t i = 0; i < out_numel; ++i) out[i] = std::sqrt(out[i]);
      } else if (kind_ == ReduceKind::kLogSum) {
        for (int64_t i = 0; i < out_numel; ++i) out[i] = std::log(out[i]);
      }
    }
    if (kind_ != ReduceKind::kMean) return;
    if constexpr (std::is_floating_point_v<T>) {
      const T scale = T{1} / static_cast<T>(plan_.reduce_count);  // NaN for an empty reduction
      for (int64_t i = 0; i < out_numel; ++i) out[i] *= scale;
    } else {
      if (plan_.reduce_count == 0) return;  // integer mean of nothing: leave 0
      const T count = static_cast<T>(plan_.reduce_count);
      for (int64_t i = 0; i < out_numel; ++i) out[i] /= count;
    }
  }

  ReduceKind kind_;
  OpType op_;
  ReducePlan plan_;
  BroadcastPlan shift_plan_;  // LogSumExp: the input against its kept-dims maxima
  int64_t shift_floats_ = 0;  // LogSumExp's scratch: the maxima and the shifted exponentials
};

}  // namespace

std::unique_ptr<Kernel> make_reduce_kernel(ReduceKind kind) {
  return std::make_unique<ReduceKernel>(kind);
}

}  // namespace edgeq::runtime
