// Kernel: the interface of every portable op implementation (convention 3: prepare does all checks,
// precomputation and allocation; execute only runs).
//
// One Kernel object serves one instruction (one node). The runtime calls prepare once when a Method
// is planned, and again whenever the input shapes change; it calls execute for every run.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

#include "runtime/core/attributes.h"
#include "runtime/core/op_type.h"
#include "runtime/core/span.h"
#include "runtime/core/status.h"
#include "runtime/core/tensor.h"

namespace edgeq::runtime {

class Kernel {
 public:
  virtual ~Kernel() = default;

  // Validates `attrs` and the inputs' dtypes and shapes, and sets the dtype and shape of every
  // output (outputs[i].data is ignored). inputs[i].data is non-null only when that input is a
  // constant: its contents never change for the life of this kernel, so prepare may read or
  // pre-pack them (e.g. a Reshape's target shape, a Gemm's weights). An input needed at prepare
  // time that is not constant is an Unimplemented error naming the input.
  // Absent optional inputs have dtype kUndefined. Unsupported-but-valid variants (an attribute
  // value or dtype edgeq lacks) return Unimplemented naming the variant; invalid ones
  // InvalidArgument. Messages need not name the node: the caller adds it.
  virtual Status prepare(const Attributes& attrs, Span<const TensorView> inputs,
                         Span<TensorView> outputs) = 0;

  // Bytes of 64-byte aligned scratch memory execute needs, known after prepare.
  virtual size_t scratch_bytes() const { return 0; }

  // Computes the outputs. Shapes and dtypes are those from the last prepare; all data pointers are
  // valid; outputs never alias inputs. Must not allocate. Errors only for data-dependent problems
  // (e.g. a Gather index out of range), naming the bad value.
  virtual Status execute(Span<const TensorView> inputs, Span<const TensorView> outputs,
                         Span<uint8_t> scratch) = 0;
};

// Creates the portable kernel for `op`; Unimplemented when edgeq has none.
Result<std::unique_ptr<Kernel>> create_portable_kernel(OpType op);

// Prepares and executes one kernel on fully known inputs, allocating its outputs and scratch.
// For constant folding and tests; not for the runtime's hot path.
struct EvaluatedOutput {
  TensorView view;
  std::shared_ptr<uint8_t> storage;  // owns view.data
};
Result<std::vector<EvaluatedOutput>> evaluate_kernel(OpType op, const Attributes& attrs,
                                                     Span<const TensorView> inputs,
                                                     int num_outputs);

}  // namespace edgeq::runtime
