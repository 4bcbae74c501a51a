// XnnpackDelegate: the state of one delegate call (one payload) in one Method: the verified
// payload, the stages built from it (XNNPACK runtimes and edgeq's own kernels,
// partition_stages.h), and the boundary buffers where inputs are converted NCHW -> NHWC (and
// padded for XNNPACK's over-reads) and outputs converted back.
#pragma once

#include <pthreadpool.h>

#include <memory>
#include <vector>

#include "delegate/xnnpack/runtime/partition_stages.h"
#include "runtime/backend/backend.h"
#include "runtime/core/aligned_buffer.h"

namespace edgeq::xnnpack {

class XnnpackDelegate : public runtime::DelegateHandle {
 public:
  // Verifies the payload against the call's declared inputs/outputs and builds the runtime.
  static Result<std::unique_ptr<XnnpackDelegate>> create(const runtime::BackendInitArgs& args,
                                                         pthreadpool_t pool);

  // Runs the call. A new batch size (dim 0 of the batch-scaled inputs) rebuilds the runtime; no
  // allocation otherwise.
  Status execute(Span<const TensorView> inputs, Span<const TensorView> outputs);
  // The output shapes for `inputs` (batch-scaled outputs follow the inputs' batch).
  Result<std::vector<Shape>> output_shapes(Span<const TensorView> inputs) const;

 private:
  struct Boundary {
    uint32_t value = 0;
    bool channels_last = false;  // converted between N C ... and N ... C
    bool batch_scaled = false;
    DType dtype = DType::kUndefined;
    Shape declared;        // the call's compile-time shape
    Shape shape;           // the shape the current runtime was built for
    AlignedBuffer buffer;  // input: always used (padded); output: only when converted
  };

  explicit XnnpackDelegate(pthreadpool_t pool) : pool_(pool) {}
  Status load_constants();
  // (Re)builds the runtime and boundary buffers for `batch`.
  Status build(size_t batch);
  // The batch `inputs` ask for, or an error naming an input whose shape does not fit.
  Result<size_t> batch_of(Span<const TensorView> inputs) const;
  Status check_tensors(Span<const TensorView> tensors, const std::vector<Boundary>& boundaries,
                       const char* kind) const;

  AlignedBuffer payload_copy_;  // the payload, when its given address is misaligned
  const schema::Payload* payload_ = nullptr;
  pthreadpool_t pool_;
  std::vector<const void*> constant_data_;
  std::vector<AlignedBuffer> constant_copies_;  // constants misaligned inside the payload
  // Narrow constants widened to fp32 at init (narrow_weights.h).
  std::vector<AlignedBuffer> widened_constants_;
  std::vector<Boundary> inputs_;
  std::vector<Boundary> outputs_;
  size_t batch_ = 0;
  std::unique_ptr<PartitionStages> stages_;  // XNNPACK runtimes and own kernels, in order
};

}  // namespace edgeq::xnnpack
