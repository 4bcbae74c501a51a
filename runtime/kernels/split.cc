// Split: cuts input 0 along `axis` into the outputs. Part sizes come from input 1 `split`
// (opset 13+, constant), else the `split` attribute (before opset 13), else equal parts: with
// opset 18's `num_outputs` the last part may be smaller, without it the axis must divide evenly.
#include <algorithm>
#include <vector>

#include "runtime/kernels/axis_util.h"
#include "runtime/kernels/copy_util.h"
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {
namespace {

Result<std::vector<int64_t>> equal_parts(const Attributes& attrs, int64_t dim, int64_t parts) {
  if (attrs.has("num_outputs")) {
    EDGEQ_ASSIGN_OR_RETURN(int64_t num_outputs, attrs.require_int("num_outputs"));
    if (num_outputs != parts) {
      return invalid_argument("Split: num_outputs ", num_outputs, " but the node has ", parts,
                              " outputs");
    }
    const int64_t part = (dim + parts - 1) / parts;
    std::vector<int64_t> sizes(parts);
    for (int64_t i = 0; i < parts; ++i)
      sizes[i] = std::max<int64_t>(0, std::min(part, dim - i * part));
    return sizes;
  }
  if (dim % parts != 0) {
    return invalid_argument("Split: axis dimension ", dim, " does not divide into ", parts,
                            " equal parts");
  }
  return std::vector<int64_t>(parts, dim / parts);
}

class SplitKernel : public Kernel {
 public:
  Status prepare(const Attributes& attrs, Span<const TensorView> inputs,
                 Span<TensorView> outputs) override {
    const TensorView& in = inputs[0];
    EDGEQ_RETURN_IF_ERROR(check_movable_dtype("Split", in.dtype));
    EDGEQ_ASSIGN_OR_RETURN(int64_t axis_attr, attrs.get_int("axis", 0));
    EDGEQ_ASSIGN_OR_RETURN(int axis, normalize_axis("Split", axis_attr, in.shape.rank()));
    const int64_t dim = in.shape[axis];
    const auto parts = static_cast<int64_t>(outputs.size());
    EDGEQ_ASSIGN_OR_RETURN(OptionalInts given,
                           ints_from_input_or_attr("Split", "split", attrs, inputs, 1));
    std::vector<int64_t> sizes;
    if (given.found) {
      sizes = given.values;
    } else {
      EDGEQ_ASSIGN_OR_RETURN(sizes, equal_parts(attrs, dim, parts));
    }
    if (static_cast<int64_t>(sizes.size()) != parts) {
      return invalid_argument("Split: ", sizes.size(), " split sizes for ", parts, " outputs");
    }
    int64_t total = 0;
    for (int64_t size : sizes) {
      if (size < 0) return invalid_argument("Split: negative split size ", size);
      total += size;
    }
    if (total != dim) {
      return invalid_argument("Split: split sizes add up to ", total, " but axis ", axis, " of ",
                              in.shape.to_string(), " is ", dim);
    }
    const int64_t element_size = static_cast<int64_t>(dtype_size(in.dtype));
    const int64_t inner = dims_product(in.shape, axis + 1, in.shape.rank());
    outer_ = dims_product(in.shape, 0, axis);
    input_block_bytes_ = dim * inner * element_size;
    output_block_bytes_.clear();
    for (size_t i = 0; i < outputs.size(); ++i) {
      Shape shape = in.shape;
      shape[axis] = sizes[i];
      outputs[i] = TensorView(in.dtype, shape);
      output_block_bytes_.push_back(sizes[i] * inner * element_size);
    }
    return Status::Ok();
  }

  Status execute(Span<const TensorView> inputs, Span<const TensorView> outputs,
                 Span<uint8_t> /*scratch*/) override {
    const auto* in = inputs[0].data_as<const uint8_t>();
    for (size_t i = 0; i < outputs.size(); ++i) {
      const int64_t block = output_block_bytes_[i];
      copy_blocks(in, input_block_bytes_, outputs[i].data_as<uint8_t>(), block, outer_,
                  static_cast<size_t>(block));
      in += block;
    }
    return Status::Ok();
  }

 private:
  std::vector<int64_t> output_block_bytes_;  // bytes of one outer slice of each output
  int64_t input_block_bytes_ = 0;
  int64_t outer_ = 0;  // product of the dims before the axis
};

}  // namespace

std::unique_ptr<Kernel> make_Split_kernel() { return std::make_unique<SplitKernel>(); }

}  // namespace edgeq::runtime
