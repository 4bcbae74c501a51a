// Pad (ONNX opset 1-18), any fixed-size dtype: modes constant, reflect and edge. The pads come
// from the attribute (opset < 11) or the constant `pads` input (opset 11+, optionally limited to
// the dims of the opset-18 `axes` input); negative pads crop. The constant is the `value`
// attribute (opset < 11) or the optional `constant_value` input, 0 by default.
#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {
namespace {

enum class PadMode { kConstant, kReflect, kEdge };

// Reads an i64 or i32 tensor that must be constant at prepare time.
Result<std::vector<int64_t>> read_constant_ints(const TensorView& t, const char* name) {
  if (t.data == nullptr) return unimplemented("Pad: input '", name, "' must be a constant");
  std::vector<int64_t> values(t.numel());
  for (int64_t i = 0; i < t.numel(); ++i) {
    if (t.dtype == DType::kI64) {
      values[i] = t.data_as<const int64_t>()[i];
    } else if (t.dtype == DType::kI32) {
      values[i] = t.data_as<const int32_t>()[i];
    } else {
      return invalid_argument("Pad: input '", name, "' has dtype ", dtype_name(t.dtype),
                              ", expected i64");
    }
  }
  return values;
}

// Stores `value` as one element of `dtype` into `out` (dtype_size bytes).
Status encode_constant(float value, DType dtype, uint8_t* out) {
  auto put = [&](auto typed) {
    std::memcpy(out, &typed, sizeof(typed));
    return Status::Ok();
  };
  switch (dtype) {
    case DType::kF32:
      return put(value);
    case DType::kF16:
      return put(float_to_half(value));
    case DType::kI8:
      return put(static_cast<int8_t>(value));
    case DType::kU8:
      return put(static_cast<uint8_t>(value));
    case DType::kI16:
      return put(static_cast<int16_t>(value));
    case DType::kI32:
      return put(static_cast<int32_t>(value));
    case DType::kI64:
      return put(static_cast<int64_t>(value));
    case DType::kBool:
      return put(static_cast<uint8_t>(value != 0.f));
    default:
      return unimplemented("Pad: dtype ", dtype_name(dtype));
  }
}

class PadKernel final : public Kernel {
 public:
  Status prepare(const Attributes& attrs, Span<const TensorView> inputs,
                 Span<TensorView> outputs) override {
    const TensorView& x = inputs[0];
    element_size_ = dtype_size(x.dtype);
    if (element_size_ == 0 || element_size_ > sizeof(constant_)) {
      return unimplemented("Pad: dtype ", dtype_name(x.dtype));
    }
    EDGEQ_ASSIGN_OR_RETURN(std::string mode, attrs.get_string("mode", "constant"));
    if (mode == "constant") {
      mode_ = PadMode::kConstant;
    } else if (mode == "reflect") {
      mode_ = PadMode::kReflect;
    } else if (mode == "edge") {
      mode_ = PadMode::kEdge;
    } else {
      return unimplemented("Pad: mode '", mode, "'");
    }
    EDGEQ_ASSIGN_OR_RETURN(std::vector<int64_t> pads, read_pads(attrs, inputs));
    EDGEQ_ASSIGN_OR_RETURN(float value, attrs.get_float("value", 0.f));
    EDGEQ_RETURN_IF_ERROR(encode_constant(value, x.dtype, constant_));
    has_constant_input_ = inputs.size() > 2 && inputs[2].present();
    if (has_constant_input_ && (inputs[2].dtype != x.dtype || inputs[2].numel() != 1)) {
      return invalid_argument("Pad: constant_value ", inputs[2].to_string(),
                              " must be one element of dtype ", dtype_name(x.dtype));
    }

    const int rank = x.shape.rank();
    in_shape_ = x.shape;
    out_shape_ = x.shape;
    for (int d = 0; d < rank; ++d) {
      pad_begin_[d] = pads[d];
      out_shape_[d] = x.shape[d] + pads[d] + pads[rank + d];
      if (out_shape_[d] < 0) {
        return invalid_argument("Pad: pads ", pads[d], ", ", pads[rank + d],
                                " remove more than dim ", d, " (", x.shape[d], ") holds");
      }
      const int64_t widest = std::max(pads[d], pads[rank + d]);
      if (mode_ != PadMode::kConstant && widest > 0 && x.shape[d] == 0) {
        return invalid_argument("Pad: ", mode, " pad of the empty dim ", d);
      }
    }
    outputs[0] = TensorView(x.dtype, out_shape_);
    return Status::Ok();
  }

  Status execute(Span<const TensorView> inputs, Span<const TensorView> outputs,
                 Span<uint8_t> scratch) override {
    uint8_t constant[sizeof(constant_)];
    std::memcpy(constant, has_constant_input_ ? inputs[2].data : constant_, element_size_);
    const auto* in = static_cast<const uint8_t*>(inputs[0].data);
    auto* out = static_cast<uint8_t*>(outputs[0].data);
    const int rank = out_shape_.rank();
    if (rank == 0) {
      std::memcpy(out, in, element_size_);
      return Status::Ok();
    }
    const int64_t out_last = out_shape_[rank - 1];
    const int64_t in_last = in_shape_[rank - 1];
    const int64_t rows = out_last == 0 ? 0 : outputs[0].numel() / out_last;
    const size_t es = element_size_;
    for (int64_t row = 0; row < rows; ++row, out += out_last * es) {
      // The input row this output row reads, or -1 when it lies in the constant padding.
      int64_t src_row = 0, rest = row;
      for (int d = rank - 2; d >= 0 && src_row >= 0; --d) {
        const int64_t coord = rest % out_shape_[d];
        rest /= out_shape_[d];
        const int64_t src = source_index(coord - pad_begin_[d], in_shape_[d]);
        int64_t scale = 1;
        for (int e = d + 1; e < rank - 1; ++e) scale *= in_shape_[e];
        src_row = src < 0 ? -1 : src_row + src * scale;
      }
      const uint8_t* src_line = src_row < 0 ? nullptr : in + src_row * in_last * es;
      // Positions [lo, hi) copy input [lo - pad, hi - pad) straight; the rest are mapped one by
      // one.
      const int64_t lo = std::clamp<int64_t>(pad_begin_[rank - 1], 0, out_last);
      const int64_t hi = std::clamp<int64_t>(pad_begin_[rank - 1] + in_last, lo, out_last);
      for (int64_t o = 0; o < out_last; ++o) {
        if (src_line != nullptr && o == lo && hi > lo) {
          std::memcpy(out + lo * es, src_line + (lo - pad_begin_[rank - 1]) * es, (hi - lo) * es);
          o = hi - 1;
          continue;
        }
        const int64_t src =
            src_line == nullptr ? -1 : source_index(o - pad_begin_[rank - 1], in_last);
        std::memcpy(out + o * es, src < 0 ? constant : src_line + src * es, es);
      }
    }
    return Status::Ok();
  }

 private:
  // pads as [begin of every dim..., end of every dim...] for all dims of the input.
  Result<std::vector<int64_t>> read_pads(const Attributes& attrs, Span<const TensorView> inputs) {
    const int rank = inputs[0].shape.rank();
    std::vector<int64_t> given;
    std::vector<int64_t> axes;
    if (attrs.has("pads")) {
      EDGEQ_ASSIGN_OR_RETURN(given, attrs.get_ints("pads"));
    } else {
      if (inputs.size() < 2 || !inputs[1].present()) {
        return invalid_argument("Pad: no 'pads' attribute or input");
      }
      EDGEQ_ASSIGN_OR_RETURN(given, read_constant_ints(inputs[1], "pads"));
      if (inputs.size() > 3 && inputs[3].present()) {
        EDGEQ_ASSIGN_OR_RETURN(axes, read_constant_ints(inputs[3], "axes"));
      }
    }
    if (axes.empty()) {
      for (int d = 0; d < rank; ++d) axes.push_back(d);
    }
    if (given.size() != 2 * axes.size()) {
      return invalid_argument("Pad: ", given.size(), " pads for ", axes.size(), " axes");
    }
    std::vector<int64_t> pads(2 * rank, 0);
    const size_t n = axes.size();
    for (size_t i = 0; i < n; ++i) {
      const int64_t axis = axes[i] < 0 ? axes[i] + rank : axes[i];
      if (axis < 0 || axis >= rank) {
        return invalid_argument("Pad: axis ", axes[i], " out of range for rank ", rank);
      }
      pads[axis] = given[i];
      pads[rank + axis] = given[n + i];
    }
    return pads;
  }

  // Where output index `i` (already shifted by the begin pad) reads along a dim of size n; -1 for
  // the constant.
  int64_t source_index(int64_t i, int64_t n) const {
    if (i >= 0 && i < n) return i;
    if (mode_ == PadMode::kConstant) return -1;
    if (mode_ == PadMode::kEdge) return i < 0 ? 0 : n - 1;
    // Reflect, repeatedly for pads wider than the dim (as numpy does): period 2 * (n - 1).
    if (n == 1) return 0;
    const int64_t period = 2 * (n - 1);
    const int64_t j = (i % period + period) % period;
    return j < n ? j : period - j;
  }

  PadMode mode_ = PadMode::kConstant;
  size_t element_size_ = 0;
  uint8_t constant_[8] = {};
  bool has_constant_input_ = false;
  Shape in_shape_, out_shape_;
  int64_t pad_begin_[kMaxRank] = {};
};

}  // namespace

std::unique_ptr<Kernel> make_Pad_kernel() { return std::make_unique<PadKernel>(); }

}  // namespace edgeq::runtime
