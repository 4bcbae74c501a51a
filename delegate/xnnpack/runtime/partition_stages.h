// PartitionStages: runs one payload whose nodes mix XNNPACK calls and edgeq's own kernels (the
// DynamicQuantizedLinear nodes, runtime/linear_node.h, and the int8 convolutions chosen for the own
// convolution kernels, runtime/conv_node.h), so a partition such as a quantized MLP or CNN is one
// delegate call.
//
// The payload's nodes (in topological order) are split into stages: each maximal run of XNNPACK
// nodes becomes one XNNPACK runtime, each own-kernel node is a stage of its own. A value read or
// written by more than one stage, or by an own kernel, lives in a buffer this object allocates
// when it is built for a batch size (inside an XNNPACK runtime it is an external value); call
// inputs and outputs live where the delegate binds them. Weights are packed once, at create; the
// instruction set of the own kernels is chosen once (delegate_linear_isa(), cpuinfo's best by
// default), and so is the engine of each convolution (conv_engine_for with
// delegate_conv_engine()); runs share the backend's thread pool and allocate nothing.
#pragma once

#include <pthreadpool.h>
#include <xnnpack.h>

#include <memory>
#include <vector>

#include "delegate/xnnpack/runtime/conv_node.h"
#include "delegate/xnnpack/runtime/linear_node.h"
#include "delegate/xnnpack/runtime/subgraph_builder.h"
#include "runtime/core/aligned_buffer.h"

namespace edgeq::xnnpack {

class PartitionStages {
 public:
  // Splits the verified `payload` into stages and packs the own kernels' weights.
  // `constant_data` must outlive this object.
  static Result<std::unique_ptr<PartitionStages>> create(
      const schema::Payload& payload, const std::vector<const void*>& constant_data,
      pthreadpool_t pool);

  // (Re)creates the XNNPACK runtimes and the buffers between stages for these value dims
  // (value_dims_for_batch). Call inputs and outputs must be bound again afterwards.
  Status build(const std::vector<std::vector<size_t>>& value_dims);
  // Points call input or output value `value` at `data` for the following runs.
  void bind(uint32_t value, void* data) { value_data_[value] = data; }
  // Runs every stage in order.
  Status run();

  size_t num_stages() const { return stages_.size(); }

 private:
  struct Stage {
    RuntimeNodes nodes;  // XNNPACK stage: its nodes and value flags
    int linear = -1;     // own linear kernel stage: index into linears_
    int conv = -1;       // own convolution kernel stage: index into convs_
    int64_t count = 0;   // own-kernel stage at the built dims: rows (linear) or batch (conv)
    RuntimePtr runtime;  // XNNPACK stage
    std::vector<xnn_external_value> external;  // as last set up
    bool set_up = false;
    bool own() const { return linear >= 0 || conv >= 0; }
  };

  PartitionStages(const schema::Payload& payload, const std::vector<const void*>& constant_data,
                  pthreadpool_t pool)
      : payload_(payload), constant_data_(constant_data), pool_(pool) {}
  Status split();
  // Which values each stage reads or writes, the external flags, and the values that need a
  // buffer of their own.
  void plan_values();
  // Appends node `index` to the XNNPACK stage at the back (or starts one).
  void add_xnnpack_node(size_t index);
  Status run_xnnpack(Stage& stage);
  Status run_own(const Stage& stage);

  const schema::Payload& payload_;
  const std::vector<const void*>& constant_data_;
  pthreadpool_t pool_;
  LinearIsa isa_ = LinearIsa::kAuto;
  ConvEngine conv_engine_ = ConvEngine::kAuto;
  std::vector<LinearNode> linears_;
  std::vector<ConvNode> convs_;
  std::vector<Stage> stages_;
  std::vector<bool> owns_buffer_;             // per value: lives in value_buffers_
  std::vector<AlignedBuffer> value_buffers_;  // per value (empty unless owns_buffer_)
  std::vector<void*> value_data_;             // per value: where it is during a run
  AlignedBuffer kernel_scratch_;  // own kernels' scratch, shared by their stages
};

}  // namespace edgeq::xnnpack
