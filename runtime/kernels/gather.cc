// Gather: picks slices of input 0 along `axis` (default 0) at the i32 or i64 `indices` (negative
// counts from the back). Output shape: data[:axis] + indices + data[axis+1:]. Any dtype but i4.
// An index outside [-dim, dim) is an execute-time InvalidArgument naming it.
#include <cstring>
#include <vector>

#include "runtime/kernels/axis_util.h"
#include "runtime/kernels/copy_util.h"
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {
namespace {

class GatherKernel : public Kernel {
 public:
  Status prepare(const Attributes& attrs, Span<const TensorView> inputs,
                 Span<TensorView> outputs) override {
    const TensorView& data = inputs[0];
    const TensorView& indices = inputs[1];
    EDGEQ_RETURN_IF_ERROR(check_movable_dtype("Gather", data.dtype));
    if (indices.dtype != DType::kI32 && indices.dtype != DType::kI64) {
      return invalid_argument("Gather: indices must be i32 or i64, not ",
                              dtype_name(indices.dtype));
    }
    EDGEQ_ASSIGN_OR_RETURN(int64_t axis_attr, attrs.get_int("axis", 0));
    const int rank = data.shape.rank();
    EDGEQ_ASSIGN_OR_RETURN(axis_, normalize_axis("Gather", axis_attr, rank));
    std::vector<int64_t> dims(data.shape.begin(), data.shape.begin() + axis_);
    dims.insert(dims.end(), indices.shape.begin(), indices.shape.end());
    dims.insert(dims.end(), data.shape.begin() + axis_ + 1, data.shape.end());
    EDGEQ_ASSIGN_OR_RETURN(Shape out_shape, make_shape("Gather", dims));
    outer_ = dims_product(data.shape, 0, axis_);
    axis_dim_ = data.shape[axis_];
    block_bytes_ = dims_product(data.shape, axis_ + 1, rank) * dtype_size(data.dtype);
    outputs[0] = TensorView(data.dtype, out_shape);
    return Status::Ok();
  }

  Status execute(Span<const TensorView> inputs, Span<const TensorView> outputs,
                 Span<uint8_t> /*scratch*/) override {
    const TensorView& indices = inputs[1];
    const int64_t count = indices.numel();
    const auto* in = inputs[0].data_as<const uint8_t>();
    auto* out = outputs[0].data_as<uint8_t>();
    for (int64_t j = 0; j < count; ++j) {
      const int64_t raw = indices.dtype == DType::kI64 ? indices.data_as<const int64_t>()[j]
                                                       : indices.data_as<const int32_t>()[j];
      if (raw < -axis_dim_ || raw >= axis_dim_) {
        return invalid_argument("Gather: index ", raw, " (element ", j,
                                " of indices) is out of range for axis ", axis_, " of size ",
                                axis_dim_);
      }
      const int64_t index = raw < 0 ? raw + axis_dim_ : raw;
      copy_blocks(in + index * block_bytes_, axis_dim_ * block_bytes_, out + j * block_bytes_,
                  count * block_bytes_, outer_, static_cast<size_t>(block_bytes_));
    }
    return Status::Ok();
  }

 private:
  int axis_ = 0;
  int64_t outer_ = 0;        // product of the data dims before the axis
  int64_t axis_dim_ = 0;     // size of the gathered axis
  int64_t block_bytes_ = 0;  // bytes of one slice after the axis
};

}  // namespace

std::unique_ptr<Kernel> make_Gather_kernel() { return std::make_unique<GatherKernel>(); }

}  // namespace edgeq::runtime
