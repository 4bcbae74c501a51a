// Dropout at inference: the output is a copy of the input (every dtype, i4 too) and the optional
// second output `mask` (bool, the input's shape) is all true. Random dropout is not supported: an
// input `training_mode` (opset 12+) must be constant, and when it is true the `ratio` input must
// be a constant 0 (no element dropped). `ratio` is otherwise ignored, as is opset < 12's `is_test`.
#include <cstring>

#include "runtime/kernels/copy_util.h"
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {
namespace {

// Reads a constant scalar input as a double; false when it is absent or not constant.
bool constant_scalar(Span<const TensorView> inputs, size_t index, double* value) {
  if (index >= inputs.size() || !inputs[index].present() || inputs[index].data == nullptr ||
      inputs[index].numel() != 1) {
    return false;
  }
  const TensorView& t = inputs[index];
  switch (t.dtype) {
    case DType::kF32:
      *value = *t.data_as<const float>();
      return true;
    case DType::kF16:
      *value = half_to_float(*t.data_as<const uint16_t>());
      return true;
    case DType::kBool:
      *value = *t.data_as<const uint8_t>();
      return true;
    default:
      return false;
  }
}

class DropoutKernel : public CopyInputKernel {
 public:
  Status prepare(const Attributes& /*attrs*/, Span<const TensorView> inputs,
                 Span<TensorView> outputs) override {
    const TensorView& in = inputs[0];
    if (!in.present()) return invalid_argument("Dropout: missing input 'data'");
    if (inputs.size() > 2 && inputs[2].present()) {
      double training = 0;
      if (!constant_scalar(inputs, 2, &training)) {
        return unimplemented("Dropout: input 'training_mode' must be a constant bool scalar");
      }
      double ratio = 0.5;
      if (training != 0 && !(constant_scalar(inputs, 1, &ratio) && ratio == 0)) {
        return unimplemented("Dropout: training_mode=true with a non-zero ratio (random dropout)");
      }
    }
    outputs[0] = TensorView(in.dtype, in.shape);
    if (outputs.size() > 1) outputs[1] = TensorView(DType::kBool, in.shape);
    return Status::Ok();
  }

  Status execute(Span<const TensorView> inputs, Span<const TensorView> outputs,
                 Span<uint8_t> scratch) override {
    if (outputs.size() > 1 && outputs[1].numel() > 0) {
      std::memset(outputs[1].data, 1, static_cast<size_t>(outputs[1].numel()));
    }
    return CopyInputKernel::execute(inputs, outputs, scratch);
  }
};

}  // namespace

std::unique_ptr<Kernel> make_Dropout_kernel() { return std::make_unique<DropoutKernel>(); }

}  // namespace edgeq::runtime
