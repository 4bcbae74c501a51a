#include <cstdlib>
#include <vector>

#include "runtime/core/aligned_buffer.h"
#include "runtime/kernels/kernel.h"
#include "runtime/kernels/kernel_factories.h"

namespace edgeq::runtime {
namespace {

using Factory = std::unique_ptr<Kernel> (*)();

constexpr Factory kFactories[] = {
#define EDGEQ_OP(name, ...) &make_##name##_kernel,
#include "runtime/core/op_list.inc"
#undef EDGEQ_OP
};

std::shared_ptr<uint8_t> allocate_shared(size_t bytes) {
  auto buffer = std::make_shared<AlignedBuffer>(bytes);
  return std::shared_ptr<uint8_t>(buffer, buffer->data());
}

}  // namespace

Result<std::unique_ptr<Kernel>> create_portable_kernel(OpType op) {
  std::unique_ptr<Kernel> kernel = kFactories[static_cast<int>(op)]();
  if (kernel == nullptr) return unimplemented("no portable kernel for op ", op_name(op));
  return kernel;
}

Result<std::vector<EvaluatedOutput>> evaluate_kernel(OpType op, const Attributes& attrs,
                                                     Span<const TensorView> inputs,
                                                     int num_outputs) {
  EDGEQ_ASSIGN_OR_RETURN(std::unique_ptr<Kernel> kernel, create_portable_kernel(op));
  std::vector<TensorView> outputs(num_outputs);
  EDGEQ_RETURN_IF_ERROR(kernel->prepare(attrs, inputs, Span<TensorView>(outputs)));
  std::vector<EvaluatedOutput> results(num_outputs);
  for (int i = 0; i < num_outputs; ++i) {
    results[i].storage = allocate_shared(outputs[i].nbytes());
    outputs[i].data = results[i].storage.get();
    results[i].view = outputs[i];
  }
  AlignedBuffer scratch(kernel->scratch_bytes());
  EDGEQ_RETURN_IF_ERROR(kernel->execute(inputs, Span<const TensorView>(outputs),
                                        Span<uint8_t>(scratch.data(), kernel->scratch_bytes())));
  return results;
}

}  // namespace edgeq::runtime
