// GatherElements: out[i...] = data[i...] with the `axis` coordinate replaced by indices[i...]
// (i32 or i64, negative counting from the end). indices has data's rank and no dim larger than
// data's off the axis; the output has indices' shape and data's dtype. An index outside
// [-n, n) is an execute-time error naming it.
#include <cstdint>
#include <cstring>

#include "runtime/kernels/copy_util.h"
#include "runtime/kernels/elementwise_common.h"
#include "runtime/kernels/kernel.h"
#include "runtime/kernels/kernel_factories.h"
#include "runtime/kernels/reduce_common.h"

namespace edgeq::runtime {
namespace {

class GatherElementsKernel final : public Kernel {
 public:
  Status prepare(const Attributes& attrs, Span<const TensorView> inputs,
                 Span<TensorView> outputs) override {
    EDGEQ_RETURN_IF_ERROR(check_counts(OpType::kGatherElements, inputs, outputs));
    const TensorView& data = inputs[0];
    const TensorView& indices = inputs[1];
    EDGEQ_RETURN_IF_ERROR(check_movable_dtype("GatherElements", data.dtype));
    if (indices.dtype != DType::kI32 && indices.dtype != DType::kI64) {
      return invalid_argument("GatherElements: indices must be i32 or i64, got ",
                              dtype_name(indices.dtype));
    }
    const int rank = data.shape.rank();
    if (indices.shape.rank() != rank || rank == 0) {
      return invalid_argument("GatherElements: indices ", indices.shape.to_string(),
                              " must have the rank (>= 1) of data ", data.shape.to_string());
    }
    EDGEQ_ASSIGN_OR_RETURN(int64_t axis_attr, attrs.get_int("axis", 0));
    EDGEQ_ASSIGN_OR_RETURN(axis_, normalize_axis(OpType::kGatherElements, axis_attr, rank));
    for (int d = 0; d < rank; ++d) {
      if (d != axis_ && indices.shape[d] > data.shape[d]) {
        return invalid_argument("GatherElements: indices ", indices.shape.to_string(),
                                " is larger than data ", data.shape.to_string(), " in dim ", d);
      }
    }
    rank_ = rank;
    int64_t stride = 1;
    for (int d = rank - 1; d >= 0; --d) {
      data_strides_[d] = stride;
      stride *= data.shape[d];
    }
    element_bytes_ = dtype_size(data.dtype);
    outputs[0] = TensorView(data.dtype, indices.shape);
    return Status::Ok();
  }

  Status execute(Span<const TensorView> inputs, Span<const TensorView> outputs,
                 Span<uint8_t> /*scratch*/) override {
    if (inputs[1].dtype == DType::kI32) {
      return run(inputs[0], inputs[1].data_as<const int32_t>(), inputs[1].shape, outputs[0]);
    }
    return run(inputs[0], inputs[1].data_as<const int64_t>(), inputs[1].shape, outputs[0]);
  }

 private:
  template <typename Index>
  Status run(const TensorView& data, const Index* indices, const Shape& shape,
             const TensorView& output) const {
    const auto* in = static_cast<const uint8_t*>(data.data);
    auto* out = static_cast<uint8_t*>(output.data);
    const int64_t n = data.shape[axis_];
    const int64_t count = shape.numel();
    int64_t coord[kMaxRank] = {};
    int64_t base = 0;  // data offset of coord with the axis coordinate at 0
    for (int64_t i = 0; i < count; ++i) {
      int64_t index = indices[i];
      if (index < -n || index >= n) {
        return invalid_argument("GatherElements: index ", index, " at element ", i,
                                " is out of range for axis size ", n);
      }
      if (index < 0) index += n;
      const int64_t offset = base + index * data_strides_[axis_];
      std::memcpy(out + i * element_bytes_, in + offset * element_bytes_, element_bytes_);
      for (int d = rank_ - 1; d >= 0; --d) {
        if (d != axis_) base += data_strides_[d];
        if (++coord[d] < shape[d]) break;
        if (d != axis_) base -= data_strides_[d] * shape[d];
        coord[d] = 0;
      }
    }
    return Status::Ok();
  }

  int axis_ = 0;
  int rank_ = 1;
  int64_t data_strides_[kMaxRank] = {};
  size_t element_bytes_ = 1;
};

}  // namespace

std::unique_ptr<Kernel> make_GatherElements_kernel() {
  return std::make_unique<GatherElementsKernel>();
}

}  // namespace edgeq::runtime
