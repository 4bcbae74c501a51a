// Concat: joins its inputs along `axis` (negative counts from the back). All inputs share the
// dtype, the rank and every dimension but the axis; any dtype but i4.
#include <vector>

#include "runtime/kernels/axis_util.h"
#include "runtime/kernels/copy_util.h"
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {
namespace {

class ConcatKernel : public Kernel {
 public:
  Status prepare(const Attributes& attrs, Span<const TensorView> inputs,
                 Span<TensorView> outputs) override {
    const TensorView& first = inputs[0];
    EDGEQ_RETURN_IF_ERROR(check_movable_dtype("Concat", first.dtype));
    EDGEQ_ASSIGN_OR_RETURN(int64_t axis_attr, attrs.require_int("axis"));
    EDGEQ_ASSIGN_OR_RETURN(int axis, normalize_axis("Concat", axis_attr, first.shape.rank()));
    Shape out_shape = first.shape;
    out_shape[axis] = 0;
    input_block_bytes_.clear();
    const size_t element_size = dtype_size(first.dtype);
    for (size_t i = 0; i < inputs.size(); ++i) {
      const TensorView& in = inputs[i];
      if (in.dtype != first.dtype || in.shape.rank() != first.shape.rank()) {
        return invalid_argument("Concat: input ", i, " is ", in.to_string(), " but input 0 is ",
                                first.to_string());
      }
      for (int d = 0; d < in.shape.rank(); ++d) {
        if (d != axis && in.shape[d] != first.shape[d]) {
          return invalid_argument("Concat: input ", i, " shape ", in.shape.to_string(),
                                  " differs from input 0 shape ", first.shape.to_string(),
                                  " outside axis ", axis);
        }
      }
      out_shape[axis] += in.shape[axis];
      input_block_bytes_.push_back(dims_product(in.shape, axis, in.shape.rank()) * element_size);
    }
    outer_ = dims_product(first.shape, 0, axis);
    output_block_bytes_ = dims_product(out_shape, axis, out_shape.rank()) * element_size;
    outputs[0] = TensorView(first.dtype, out_shape);
    return Status::Ok();
  }

  Status execute(Span<const TensorView> inputs, Span<const TensorView> outputs,
                 Span<uint8_t> /*scratch*/) override {
    auto* out = outputs[0].data_as<uint8_t>();
    for (size_t i = 0; i < inputs.size(); ++i) {
      const int64_t block = input_block_bytes_[i];
      copy_blocks(inputs[i].data_as<const uint8_t>(), block, out, output_block_bytes_, outer_,
                  static_cast<size_t>(block));
      out += block;
    }
    return Status::Ok();
  }

 private:
  std::vector<int64_t> input_block_bytes_;  // bytes of one outer slice of each input
  int64_t output_block_bytes_ = 0;
  int64_t outer_ = 0;  // product of the dims before the axis
};

}  // namespace

std::unique_ptr<Kernel> make_Concat_kernel() { return std::make_unique<ConcatKernel>(); }

}  // namespace edgeq::runtime
